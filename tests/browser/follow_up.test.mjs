// After the registration (issue 14), against the real demo server with a 2-second resend
// interval, in the canvas and the DOM renderings: the sender named, the webmail link, the
// resend on its countdown and the change of address, each checked in the server's outbox,
// the earlier letters' links dead. Screenshots of every state go to
// build/screenshots/follow_up/.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import * as h from "./harness.mjs";

const SHOTS = path.join(h.SCREENSHOTS, "follow_up");
const ENV = { ABON_RESEND_INTERVAL_S: "2", ABON_RATE_PER_MINUTE: "200" };
const demoPage = readFileSync(path.join(h.SITE, "index.html"), "utf8");

let browser;
before(async () => { browser = await h.launchBrowser(); });
after(async () => { await browser?.close(); });

// The demo page, its element changed by `edit` (the attributes), served in place of "/";
// clock: on Playwright's fake clock, installed before the page loads.
async function open(server, { mode, lang = "uk", width = 1024, edit = (html) => html, clock = false } = {}) {
  let html = demoPage.replace(/(<abon-signup [^>]*)lang="uk">/, `$1lang="${lang}">`);
  assert.ok(html.includes(`lang="${lang}">`), "the demo page's element has its lang");
  if (mode === "dom") html = html.replace("<abon-signup ", '<abon-signup mode="dom" ');
  html = edit(html);
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  if (clock) await page.clock.install();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.route(`${server.url}/`, (r) => r.fulfill({ contentType: "text/html; charset=utf-8", body: html }));
  await page.goto(`${server.url}/`);
  await h.waitReady(page);
  if (mode === "canvas") await page.waitForFunction(() => document.querySelector("abon-signup").dataset.mode === "canvas");
  assert.equal(await page.evaluate(() => document.querySelector("abon-signup").dataset.mode), mode);
  return { context, page, errors };
}

async function register(page, values = h.DEMO) {
  await h.fillForm(page, values);
  await h.button(page, "register").click();
  await page.waitForFunction(() => document.querySelector("abon-signup").dataset.state === "registered");
}

// The confirmation letters in the outbox, oldest first: {to, link}.
function letters(server) {
  const dir = path.join(server.dataDir, "outbox");
  return readdirSync(dir).filter((f) => f.endsWith(".eml")).sort()
    .map((f) => readFileSync(path.join(dir, f), "utf8"))
    .map((eml) => ({ to: /^To: <([^>]+)>/m.exec(eml)?.[1], link: /(http\S+\/api\/confirm\?token=[0-9a-f]{64})/.exec(eml)?.[1] }))
    .filter((l) => l.link);
}

async function waitLetters(server, n) {
  for (let i = 0; i < 50 && letters(server).length < n; i++) await new Promise((r) => setTimeout(r, 100));
  return letters(server);
}

async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await h.settle(page);
  await page.locator("abon-signup").screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

// Both widths: the widget lays out again for each.
// The fake clock stops: from here the page's time passes only by page.clock.runFor().
const pause = async (page) => page.clock.pauseAt(await page.evaluate(() => Date.now() + 50));
const resendEnabled = (page) =>
  page.evaluate(() => !document.querySelector("abon-signup").shadowRoot.getElementById("abon-resend").disabled);

async function shots(page, name) {
  for (const width of [1024, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await shot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1024, height: 900 });
}

const el = (page, id) => page.locator(`abon-signup #abon-${id}`);
const done = (page) => page.locator("abon-signup .done");

for (const mode of ["canvas", "dom"]) {
  for (const lang of ["uk", "en"]) {
    test(`${mode}, ${lang}: sender, webmail link, resend on its countdown, change of address`, async () => {
      const server = await h.startServer({ env: ENV });
      const { context, page, errors } = await open(server, { mode, lang });
      const uk = lang === "uk";
      try {
        await register(page);
        const shown = await h.layout(page);
        assert.match(shown.done.sender, /noreply@te\.pl\.ua/, "the sender is named");
        assert.match(shown.done.advice, uk ? /«Не\sспам»/ : /Not\sspam/, "next to the spam advice");
        assert.match(await page.locator("abon-signup .done-advice").textContent(), /noreply@te\.pl\.ua/);

        const mailbox = el(page, "mailbox");
        assert.equal(await mailbox.getAttribute("href"), "https://mail.ukr.net/");
        assert.equal(await mailbox.getAttribute("target"), "_blank");
        assert.equal(await mailbox.getAttribute("rel"), "noopener noreferrer");
        assert.equal((await mailbox.textContent()).trim(), uk ? "Відкрити пошту ukr.net" : "Open ukr.net");
        assert.equal(await mailbox.isVisible(), true);

        const resend = el(page, "resend");
        assert.equal(await resend.isDisabled(), true, "not before the interval");
        assert.match(await resend.textContent(), uk ? /^Надіслати ще раз через [12] с$/ : /^Send again in [12] s$/);
        await shots(page, `${mode}-${lang}-registered`);
        assert.equal((await waitLetters(server, 1)).length, 1);

        await page.waitForFunction(() => !document.querySelector("abon-signup").shadowRoot.getElementById("abon-resend").disabled,
          null, { timeout: 5000 });
        assert.equal(await resend.textContent(), uk ? "Надіслати лист ще раз" : "Send the letter again");
        await resend.click();
        await page.locator("abon-signup .done-notice").filter({ hasText: "taras@ukr.net" }).waitFor();
        const two = await waitLetters(server, 2);
        assert.equal(two.length, 2, "a new letter");
        assert.equal(two[1].to, "taras@ukr.net");
        assert.notEqual(two[1].link, two[0].link, "with a new link");
        assert.match(await page.locator("abon-signup .done-notice").textContent(), uk ? /ще раз на taras@ukr\.net/ : /again to taras@ukr\.net/);
        assert.equal(await resend.isDisabled(), true, "a new countdown");
        await shots(page, `${mode}-${lang}-resent`);

        await el(page, "change_email").click();
        await h.input(page, "email").waitFor({ state: "visible", timeout: 3000 }); // the email field again
        assert.equal(await h.input(page, "email_confirm").isVisible(), true);
        assert.equal(await h.input(page, "email").inputValue(), "taras@ukr.net");
        assert.equal(await h.input(page, "surname").isVisible(), false);
        await h.input(page, "email").fill("");
        await h.typeInto(page, "email", "taras.new@gmial.com");
        await h.typeInto(page, "email_confirm", "taras.new@i.ua");
        await el(page, "fix-email").click(); // the same typo fix as in the form
        assert.equal(await h.input(page, "email").inputValue(), "taras.new@gmail.com");
        await h.input(page, "email").fill("taras.new@i.ua");
        await shots(page, `${mode}-${lang}-changing`);
        assert.equal(await el(page, "cancel_change").isVisible(), true);
        await page.waitForFunction(() => !document.querySelector("abon-signup").shadowRoot.getElementById("abon-send_to_new").disabled,
          null, { timeout: 5000 });
        await el(page, "send_to_new").click();
        await done(page).filter({ hasText: "taras.new@i.ua" }).waitFor();
        const three = await waitLetters(server, 3);
        assert.equal(three.length, 3);
        assert.equal(three[2].to, "taras.new@i.ua", "the letter went to the new address");
        assert.equal(await h.input(page, "email").isVisible(), false, "the fields close again");
        assert.equal(await mailbox.getAttribute("href"), "https://mail.i.ua/", "the new address's webmail");
        // Clicked where it is seen (in canvas mode, over the drawn button): a new tab without an opener.
        await context.route("https://mail.i.ua/**", (r) => r.fulfill({ contentType: "text/html", body: "<title>webmail</title>" }));
        const [popup] = await Promise.all([page.waitForEvent("popup"), mailbox.click()]);
        assert.equal(popup.url(), "https://mail.i.ua/");
        assert.equal(await popup.evaluate(() => window.opener), null, "noopener");
        await popup.close();
        await shots(page, `${mode}-${lang}-changed`);

        // Every earlier link is dead; the newest one shows its confirmation page.
        for (const old of three.slice(0, 2)) {
          const r = await fetch(old.link);
          assert.equal(r.status, 404, old.link);
          assert.match(await r.text(), /Посилання недійсне/);
        }
        const fresh = await fetch(three[2].link);
        assert.equal(fresh.status, 200);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
        await server.stop();
      }
    });
  }

  test(`${mode}: an address at an unknown domain gets no webmail link; an integrator without the URLs no buttons`, async () => {
    const server = await h.startServer({ env: ENV });
    try {
      const a = await open(server, { mode });
      await register(a.page, { ...h.DEMO, email: "taras@example.com" });
      assert.equal(await el(a.page, "mailbox").isVisible(), false);
      assert.equal((await h.layout(a.page)).controls.mailbox, undefined, "the core gave no link");
      assert.equal(await el(a.page, "resend").isVisible(), true);
      await shot(a.page, `${mode}-uk-unknown-domain-1024`);
      await a.context.close();

      // A second registration of the still pending account replaces the first (201).
      const b = await open(server, { mode, clock: true,
        edit: (html) => html.replace(/ resend="[^"]*"\s+change-email="[^"]*"/, "") });
      assert.doesNotMatch(await b.page.evaluate(() => document.querySelector("abon-signup").outerHTML), /resend=/);
      await register(b.page);
      await pause(b.page);
      await b.page.clock.runFor(2500); // past the interval: still no buttons
      for (const id of ["resend", "change_email", "send_to_new", "cancel_change"])
        assert.equal(await el(b.page, id).isVisible(), false, id);
      assert.equal(await el(b.page, "mailbox").getAttribute("href"), "https://mail.ukr.net/");
      const idle = await b.page.evaluate(() => document.querySelector("abon-signup").framesDrawn);
      await b.page.clock.runFor(1500);
      assert.equal(await b.page.evaluate(() => document.querySelector("abon-signup").framesDrawn), idle, "idle: no frames");
      await b.page.clock.resume(); // h.layout and the screenshot wait for display frames
      assert.match((await h.layout(b.page)).done.sender, /noreply@te\.pl\.ua/);
      await shot(b.page, `${mode}-uk-no-attributes-1024`);
      await b.context.close();
    } finally {
      await server.stop();
    }
  });
}

test("dom: after the last letter the buttons go with the reason; a replaced registration says it is gone", async () => {
  const server = await h.startServer({ env: { ...ENV, ABON_RESEND_INTERVAL_S: "1" } });
  try {
    const a = await open(server, { mode: "dom" });
    await register(a.page);
    const enabled = () => a.page.waitForFunction(
      () => !document.querySelector("abon-signup").shadowRoot.getElementById("abon-resend").disabled, null, { timeout: 5000 });
    for (let i = 2; i <= 4; i++) { // 3 letters after the first
      await enabled();
      await el(a.page, "resend").click();
      await waitLetters(server, i);
      await a.page.locator("abon-signup .done-notice").filter({ hasText: "taras@ukr.net" }).waitFor();
    }
    await el(a.page, "resend").waitFor({ state: "hidden" });
    assert.equal(await el(a.page, "change_email").isVisible(), false);
    assert.match(await a.page.locator("abon-signup .done-notice").textContent(), /стільки разів, скільки можна/);
    assert.equal(letters(server).length, 4);
    await shot(a.page, "dom-uk-limit-1024");
    await a.context.close();

    // A second registration of the pending account replaces it: the first page's handle is dead.
    const first = await open(server, { mode: "dom" });
    await register(first.page);
    const second = await open(server, { mode: "dom" });
    await register(second.page);
    await second.context.close();
    await first.page.waitForFunction(() => !document.querySelector("abon-signup").shadowRoot.getElementById("abon-resend").disabled,
      null, { timeout: 5000 });
    await el(first.page, "resend").click();
    await first.page.locator("abon-signup .done-notice").filter({ hasText: "Реєстрацію не знайдено" }).waitFor();
    assert.equal(await el(first.page, "resend").isVisible(), false);
    assert.equal(await first.page.locator("abon-signup .done-notice").getAttribute("data-state"), "error");
    await shot(first.page, "dom-uk-not-found-1024");
    await first.context.close();
  } finally {
    await server.stop();
  }
});

test("plain (no WebAssembly): sender, webmail link, resend and change of address on the DOM form, driven without the core", async () => {
  const server = await h.startServer({ env: ENV });
  const context = await browser.newContext({ viewport: { width: 360, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  try {
    await page.addInitScript(() => { delete window.WebAssembly; });
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => document.querySelector("abon-signup").dataset.mode === "plain");
    await page.waitForFunction(() => document.querySelector("abon-signup").dataset.captcha === "ready");
    await register(page);
    assert.match(await page.locator("abon-signup .done-advice").textContent(), /noreply@te\.pl\.ua/);
    const mailbox = el(page, "mailbox");
    assert.equal(await mailbox.getAttribute("href"), "https://mail.ukr.net/");
    assert.equal(await mailbox.getAttribute("target"), "_blank");
    assert.equal(await mailbox.getAttribute("rel"), "noopener noreferrer");
    assert.equal(await el(page, "resend").isDisabled(), true);
    await shot(page, "plain-uk-registered-360");
    await el(page, "resend").waitFor({ state: "visible" });
    await page.waitForFunction(() => !document.querySelector("abon-signup").shadowRoot.getElementById("abon-resend").disabled,
      null, { timeout: 5000 });
    await el(page, "resend").click();
    await page.locator("abon-signup .done-notice").filter({ hasText: "taras@ukr.net" }).waitFor();
    assert.equal((await waitLetters(server, 2)).length, 2);
    await el(page, "change_email").click();
    await h.input(page, "email").fill("taras.new@i.ua");
    await h.input(page, "email_confirm").fill("taras.new@i.ua");
    await shot(page, "plain-uk-changing-360");
    await page.waitForFunction(() => !document.querySelector("abon-signup").shadowRoot.getElementById("abon-send_to_new").disabled,
      null, { timeout: 5000 });
    await el(page, "send_to_new").click();
    await page.locator("abon-signup .done-notice").filter({ hasText: "Адресу змінено" }).waitFor();
    const three = await waitLetters(server, 3);
    assert.equal(three[2].to, "taras.new@i.ua");
    assert.equal(await mailbox.getAttribute("href"), "https://mail.i.ua/");
    await shot(page, "plain-uk-changed-360");
  } finally {
    await context.close();
    await server.stop();
  }
});

test("canvas: the countdown draws one frame a second at most, none once the button is enabled", async () => {
  const server = await h.startServer({ env: { ...ENV, ABON_RESEND_INTERVAL_S: "4" } });
  const { context, page } = await open(server, { mode: "canvas", clock: true });
  try {
    await register(page);
    await page.locator("abon-signup").click({ position: { x: 5, y: 5 } }); // no focus in a field
    await page.evaluate(() => document.activeElement?.blur());
    const frames = () => page.evaluate(() => document.querySelector("abon-signup").framesDrawn);
    await pause(page);
    await page.clock.runFor(300);
    const start = await frames();
    await page.clock.runFor(2000);
    const counted = (await frames()) - start;
    assert.ok(counted >= 1 && counted <= 3, `${counted} frames in 2 s while counting down`);
    assert.equal(await resendEnabled(page), false, "still counting down");
    await page.clock.runFor(2000); // past the 4 s
    assert.equal(await resendEnabled(page), true);
    await page.clock.runFor(300);
    const idle = await frames();
    await page.clock.runFor(2000);
    assert.equal(await frames(), idle, "idle once enabled");
  } finally {
    await context.close();
    await server.stop();
  }
});

test("the live region says the countdown when it starts and when it ends, not every second", async () => {
  const server = await h.startServer({ env: { ...ENV, ABON_RESEND_INTERVAL_S: "3" } });
  const { context, page } = await open(server, { mode: "dom", clock: true });
  try {
    await page.evaluate(() => {
      const live = document.querySelector("abon-signup").shadowRoot.querySelector("[aria-live]");
      window.said = [];
      new MutationObserver(() => { if (live.textContent) window.said.push(live.textContent); })
        .observe(live, { childList: true, characterData: true, subtree: true });
    });
    await register(page);
    await pause(page);
    await page.clock.runFor(2500);
    assert.equal(await resendEnabled(page), false, "still counting down");
    await page.clock.runFor(1000); // past the 3 s, and the live region's 60 ms
    assert.equal(await resendEnabled(page), true);
    const said = (await page.evaluate(() => window.said)).filter((t) => t !== "Надсилаємо…");
    assert.equal(said.length, 2, JSON.stringify(said));
    assert.match(said[0], /через 3 с/);
    assert.equal(said[1], "Тепер можна надіслати лист ще раз.");
  } finally {
    await context.close();
    await server.stop();
  }
});
