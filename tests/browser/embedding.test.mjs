// The widget as a guest on a te.pl.ua page (spec §6): a host page with a strict CSP, its own
// window.Module, its own input and links (tests/browser/pages/host.*, served with the CSP
// as a header too). Nothing leaks into the page's globals or listeners, no request goes
// anywhere but the configured endpoints and the widget's own files, it fits 360 and 1024
// CSS px at devicePixelRatio 1 and 2, the page API works, and without WebGL2 or WebAssembly
// the same fields come as a plain HTML form that still registers. Screenshots go to
// build/screenshots/embed-*.png.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import * as h from "./harness.mjs";

const PAGES = path.join(h.ROOT, "tests/browser/pages");
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const AXE = path.join(h.ROOT, "tests/browser/node_modules/axe-core/axe.min.js");

// Demo accounts of the server (web/server/src/config.cpp): each success spends one.
const ACCOUNTS = {
  canvas: h.DEMO,
  noWebgl: { ...h.DEMO, surname: "Петренко-Стельмах", given_name: "Оксана", patronymic: "Іванівна", account: "2345678",
    email: "oksana@ukr.net", last_payment: "987,00" },
  noWasm: { ...h.DEMO, surname: "Кім", given_name: "Валерія", patronymic: "", account: "4-567-89-0",
    email: "valeria@ukr.net", last_payment: "1 500 грн" },
};

// The visible labels, which are the inputs' accessible names too.
const LABELS = { surname: "Прізвище", given_name: "Імʼя", patronymic: "По батькові", account: "Особовий рахунок",
  password: "Пароль", password_confirm: "Підтвердження пароля", email: "Електронна пошта",
  email_confirm: "Підтвердження електронної пошти", captcha: "Літери з картинки", last_payment: "Сума останнього платежу" };

// Without WebGL2 (as on old or blocked GPUs), or without WebAssembly (as with some
// hardened browser settings).
const NO_WEBGL = () => {
  const get = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
    return /webgl/.test(kind) ? null : get.call(this, kind, ...rest);
  };
};
const NO_WASM = () => { delete window.WebAssembly; };

const suite = h.serverAndBrowser();

// Opens the host page (html replaced by `edit`), records every request; waits for `ready`.
async function openHost({ width = 1024, dpr = 1, init = null, edit = (html) => html, ready = true, bypassCSP = false } = {}) {
  const context = await suite.browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: dpr, bypassCSP });
  const page = await context.newPage();
  if (init) await page.addInitScript(init);
  const serve = (file, type, body) => page.route(`${suite.server.url}/${file}`, (r) => r.fulfill({
    contentType: type, headers: { "Content-Security-Policy": CSP }, body: body ?? readFileSync(path.join(PAGES, file)),
  }));
  await serve("host.html", "text/html; charset=utf-8", edit(readFileSync(path.join(PAGES, "host.html"), "utf8")));
  await serve("host.js", "text/javascript");
  await serve("host.css", "text/css");
  const requests = [];
  const errors = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    // Chromium logs every 4xx answer (the test's own doing) and SwiftShader's GL notes.
    if ((m.type() === "error" || m.type() === "warning") && !/^Failed to load resource|GL Driver Message/.test(m.text()))
      errors.push(m.text());
  });
  await page.goto(`${suite.server.url}/host.html`);
  if (ready) await waitAllReady(page);
  return { context, page, requests, errors };
}

async function waitAllReady(page) {
  await page.waitForFunction(() => [...document.querySelectorAll("abon-signup")].every(
    (el) => el.dataset.state === "ready" && el.dataset.captcha === "ready"), null, { timeout: 15000 });
}

const record = (page) => page.evaluate(() => window.hostRecord);
const active = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el?.shadowRoot?.activeElement?.id || el?.id || el?.tagName;
});

async function shot(page, name, { full = false } = {}) {
  mkdirSync(h.SCREENSHOTS, { recursive: true });
  const file = path.join(h.SCREENSHOTS, `embed-${name}.png`);
  if (full) {
    await page.evaluate(() => window.scrollTo(0, 0)); // the page's top: its header, input and the widget
    await page.screenshot({ path: file });
  }
  else await page.locator("abon-signup").first().screenshot({ path: file });
}

// Only the page's own files, the widget's own files (loader, module, plain driver, its two
// font files) and the two configured endpoints.
function assertOnlyOwnRequests(requests) {
  const allowed = [/^\/host\.(html|js|css)$/, /^\/static\/abon-signup\/abon-signup(-wasm|-plain)?\.(js|wasm)$/,
    /^\/static\/abon-signup\/abon-signup-font(-bold)?\.ttf$/,
    /^\/api\/captcha(\/[A-Za-z0-9_-]+\.(png|wav))?$/, /^\/api\/register$/];
  for (const url of requests) {
    const u = new URL(url);
    assert.equal(u.origin, suite.server.url, `request to another origin: ${url}`);
    assert.ok(allowed.some((re) => re.test(u.pathname)), `unexpected request: ${url}`);
  }
}

async function fill(page, values) {
  for (const [id, key] of [["surname"], ["given_name"], ["patronymic"], ["account"], ["password"],
    ["password_confirm", "password"], ["email"], ["email_confirm", "email"], ["captcha"], ["last_payment"]]) {
    const text = values[key || id];
    if (!text) continue;
    await h.input(page, id).click();
    await page.keyboard.insertText(text);
  }
}

async function axe(page, state) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document.querySelector("abon-signup"), { resultTypes: ["violations"] }));
  const byImpact = {};
  for (const v of result.violations) (byImpact[v.impact] ||= []).push(v.id);
  console.log(`# axe ${state}: ${JSON.stringify(byImpact)}`);
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), [], state);
}

test("under a strict CSP, beside the page's own Module: no global, no page-wide listener, no foreign request", async () => {
  const { context, page, requests, errors } = await openHost();
  try {
    const rec = await record(page);
    assert.deepEqual(rec.violations, [], "no CSP violation");
    const now = await page.evaluate(() => Object.getOwnPropertyNames(window));
    const added = now.filter((k) => !rec.globals.includes(k));
    console.log(`# globals added by the widget: ${JSON.stringify(added)}`);
    assert.deepEqual(added, []);
    assert.deepEqual(await page.evaluate(() => window.Module), { owner: "host page" }, "the page's Module untouched");
    assert.ok(await page.evaluate(() => customElements.get("abon-signup") !== undefined));
    const pageWide = rec.listeners.filter((l) => /\/static\/abon-signup\//.test(l.from)).map((l) => l.type);
    assert.deepEqual(pageWide, [], "the widget puts no listener at all on window or document");
    assert.equal(await page.evaluate(() => document.querySelector("abon-signup").shadowRoot.querySelector("canvas").getAttribute("aria-hidden")), "true");
    assert.deepEqual(errors, []);
    assertOnlyOwnRequests(requests);
  } finally {
    await context.close();
  }
});

test("the emitted JavaScript has no eval and no new Function", () => {
  const dir = path.join(h.SITE, "static/abon-signup");
  const files = readdirSync(dir).filter((f) => f.endsWith(".js"));
  assert.ok(files.length >= 2);
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), "utf8");
    assert.doesNotMatch(text, /\beval\(/, file);
    assert.doesNotMatch(text, /new Function\b/, file);
  }
});

test("the canvas form's inputs are heard as required, as the core's schema says", async () => {
  const { context, page } = await openHost();
  try {
    for (const id of Object.keys(LABELS))
      assert.equal(await h.input(page, id).evaluate((i) => i.required && i.form.noValidate), true, id);
  } finally {
    await context.close();
  }
});

test("two widgets on one page both work, each on its own", async () => {
  const { context, page, errors } = await openHost({
    edit: (html) => html.replace("<p><a id=\"host-after\"", "<abon-signup lang=\"en\" id=\"second\"></abon-signup><p><a id=\"host-after\""),
  });
  try {
    const both = page.locator("abon-signup");
    assert.equal(await both.count(), 2);
    await both.nth(0).locator("#abon-account").fill("1234567");
    await both.nth(1).locator("#abon-account").fill("76");
    assert.equal(await both.nth(0).locator("#abon-account").inputValue(), "1-234-56-7");
    assert.equal(await both.nth(1).locator("#abon-account").inputValue(), "7-6");
    await both.nth(1).locator("#abon-account").blur();
    await page.waitForFunction(() => document.querySelector("#second").lastLayout.fields.account.state === "error");
    assert.notEqual(await page.evaluate(() => document.querySelector("abon-signup").lastLayout.fields.account.state), "error");
    assert.equal(await both.nth(1).locator("label[for=abon-surname]").textContent(), "Surname");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("the host page keeps its input, Backspace, Tab order and the wheel", async () => {
  const { context, page } = await openHost();
  try {
    await page.locator("#host-search").click();
    await page.keyboard.type("тепло");
    await page.keyboard.press("Backspace");
    assert.equal(await page.locator("#host-search").inputValue(), "тепл");
    await page.keyboard.press("Tab");
    assert.equal(await active(page), "abon-surname", "Tab goes from the page's input into the widget");
    await page.keyboard.press("Shift+Tab");
    assert.equal(await active(page), "host-search", "and Shift+Tab back out");
    await page.keyboard.press("Shift+Tab");
    assert.equal(await active(page), "host-link");
    await h.button(page, "register").focus();
    await page.keyboard.press("Tab");
    assert.equal(await active(page), "host-after", "out of the widget after its last control");

    const box = await page.locator("abon-signup").boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + 100);
    await page.mouse.wheel(0, 400);
    await page.waitForFunction(() => window.scrollY > 0);
  } finally {
    await context.close();
  }
});

for (const width of [360, 1024]) {
  for (const dpr of [1, 2]) {
    test(`fits ${width} CSS px at devicePixelRatio ${dpr}, drawn at the device's pixels`, async () => {
      const { context, page, errors } = await openHost({ width, dpr });
      try {
        // The canvas takes over in idle time, after the core (README, renderings).
        await page.waitForFunction(() => document.querySelector("abon-signup").dataset.mode === "canvas");
        await h.settle(page);
        const m = await page.evaluate(() => {
          const el = document.querySelector("abon-signup");
          const canvas = el.shadowRoot.querySelector("canvas");
          const r = el.getBoundingClientRect();
          const inputs = [...el.shadowRoot.querySelectorAll("input:not([hidden])")].map((i) => i.getBoundingClientRect());
          return { width: r.width, left: r.left, canvasCss: canvas.getBoundingClientRect().width, canvasPx: canvas.width,
            scrollWidth: document.documentElement.scrollWidth, viewport: innerWidth,
            inside: inputs.every((i) => i.left >= r.left - 0.5 && i.right <= r.right + 0.5) };
        });
        assert.ok(m.scrollWidth <= m.viewport, `no sideways scrolling: ${m.scrollWidth} > ${m.viewport}`);
        assert.ok(Math.abs(m.canvasCss - m.width) < 1, "fills its container");
        assert.ok(Math.abs(m.canvasPx - Math.round(m.canvasCss * dpr)) <= 1, `canvas ${m.canvasPx} px for ${m.canvasCss} CSS px`);
        assert.ok(m.inside, "every input lies inside the widget");
        await shot(page, `${width}-dpr${dpr}`);
        if (width === 360 && dpr === 2) await shot(page, "360-dpr2-page", { full: true });
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
}

test("host page API: focus(), the events without the password, reset()", async () => {
  const { context, page, requests } = await openHost({ width: 1024 });
  try {
    await page.evaluate(() => document.querySelector("abon-signup").focus());
    assert.equal(await active(page), "abon-surname");

    await fill(page, { ...ACCOUNTS.canvas, captcha: "WXMNG" }); // wrong, in the alphabet
    await h.button(page, "register").click();
    await page.waitForFunction(() => window.hostRecord.events.length === 1);
    const [failed] = (await record(page)).events;
    assert.equal(failed.type, "abon-signup:error");
    assert.deepEqual(Object.keys(failed.detail).sort(), ["code", "fields", "status"]);
    assert.equal(failed.detail.status, 422);
    assert.equal(failed.detail.fields.captcha, "captcha_wrong");
    await page.waitForFunction(() => document.querySelector("abon-signup").dataset.captcha === "ready");
    assert.equal(await h.input(page, "surname").inputValue(), "Шевченко", "typed values survive");

    await h.input(page, "captcha").fill("ABCEG");
    await h.button(page, "register").click();
    await page.waitForFunction(() => window.hostRecord.events.length === 2);
    const done = (await record(page)).events[1];
    assert.equal(done.type, "abon-signup:success");
    assert.deepEqual(done.detail, { account: "1-234-56-7", email: "taras@ukr.net" });
    assert.doesNotMatch(JSON.stringify((await record(page)).events), new RegExp(h.DEMO.password));
    await page.waitForFunction(() => document.querySelector("abon-signup").dataset.state === "registered");

    await page.evaluate(() => document.querySelector("abon-signup").reset());
    await waitAllReady(page);
    assert.equal(await h.input(page, "surname").isVisible(), true, "the form is back");
    for (const id of ["surname", "account", "password", "captcha"]) assert.equal(await h.input(page, id).inputValue(), "", id);
    assertOnlyOwnRequests(requests);
  } finally {
    await context.close();
  }
});

test("axe: no serious or critical violation in the empty, error and success states", async () => {
  const { context, page } = await openHost({ bypassCSP: true }); // axe goes in as an inline script
  try {
    await h.settle(page);
    for (const [id, label] of Object.entries(LABELS))
      assert.equal(await page.getByLabel(label, { exact: true }).getAttribute("id"), `abon-${id}`, `accessible name of ${id}`);
    assert.match(await page.locator("abon-signup [role=img]").getAttribute("aria-label"), /CAPTCHA/);
    assert.equal(await h.button(page, "captcha_refresh").evaluate((b) => b.tagName + b.type), "BUTTONbutton");
    assert.equal(await page.locator("abon-signup [aria-live=polite]").count(), 1);
    await axe(page, "canvas empty");
    await h.input(page, "account").fill("12");
    await h.button(page, "register").click();
    await h.layout(page);
    const account = h.input(page, "account");
    assert.equal(await account.getAttribute("aria-invalid"), "true");
    const desc = await account.getAttribute("aria-describedby");
    assert.match(await page.locator(`abon-signup #${desc}`).textContent(), /7 цифр/);
    await axe(page, "canvas error");
    // A fresh server's account: this page registers a second time otherwise.
    const own = await h.startServer({ env: { ABON_RATE_PER_MINUTE: "1000" } });
    try {
      await page.close();
      const p2 = await context.newPage();
      await p2.goto(own.url + "/");
      await h.waitReady(p2);
      await fill(p2, ACCOUNTS.canvas);
      await h.button(p2, "register").click();
      await p2.waitForFunction(() => document.querySelector("abon-signup").dataset.state === "registered");
      await h.layout(p2);
      await axe(p2, "canvas success");
    } finally {
      await own.stop();
    }
  } finally {
    await context.close();
  }
});

// [SECTION] The plain form
// Without WebGL the core drives the visible DOM form (modes.test.mjs); here: its semantics.
test("WebGL disabled: the DOM rendering, labelled and without axe violations in every state", async () => {
  const { context, page } = await openHost({ width: 360, init: NO_WEBGL, bypassCSP: true }); // axe is injected
  try {
    assert.equal(await page.locator("abon-signup").first().getAttribute("data-mode"), "dom");
    for (const [id, label] of Object.entries(LABELS)) {
      assert.equal(await page.getByLabel(label, { exact: true }).first().getAttribute("id"), `abon-${id}`);
      assert.equal(await page.locator(`abon-signup label[for=abon-${id}]`).first().isVisible(), true);
    }
    await axe(page, "dom empty");
    await h.input(page, "account").first().click();
    await page.keyboard.insertText("12");
    await h.input(page, "surname").first().click();
    await page.waitForFunction(() => document.querySelector("abon-signup").shadowRoot
      .querySelector("#abon-account").getAttribute("aria-invalid") === "true");
    await axe(page, "dom error");
  } finally {
    await context.close();
  }
});

for (const [name, init, who] of [["WebAssembly removed", NO_WASM, "noWasm"]]) {
  test(`${name}: a plain, labelled HTML form that registers with the same payload`, async () => {
    const { context, page, requests, errors } = await openHost({ width: 360, init, bypassCSP: who === "noWasm" });
    try {
      const el = page.locator("abon-signup");
      assert.equal(await el.getAttribute("data-mode"), "plain");
      for (const [id, label] of Object.entries(LABELS)) {
        const input = h.input(page, id);
        assert.equal(await input.isVisible(), true, `${id} visible`);
        assert.equal(await page.locator(`abon-signup label[for=abon-${id}]`).textContent(), label);
        assert.equal(await page.locator(`abon-signup label[for=abon-${id}]`).isVisible(), true);
        assert.equal(await input.getAttribute("name"), id);
        assert.equal(await page.getByLabel(label, { exact: true }).getAttribute("id"), `abon-${id}`);
        const color = await input.evaluate((i) => getComputedStyle(i).color);
        assert.notEqual(color, "rgba(0, 0, 0, 0)", `${id} text is visible`);
      }
      const img = page.locator("abon-signup img");
      await page.waitForFunction(() => {
        const i = document.querySelector("abon-signup").shadowRoot.querySelector("img");
        return i.complete && i.naturalWidth > 0;
      });
      assert.match(await img.getAttribute("alt"), /CAPTCHA/);
      assert.equal(await h.button(page, "captcha_refresh").evaluate((b) => b.tagName + b.type), "BUTTONbutton");
      await shot(page, `plain-${who}-empty-360`);

      if (who === "noWasm") await axe(page, "plain empty");
      // The DomForm's show/hide, toggled by the plain driver; no one-click fixes without the core.
      const reveal = page.locator("abon-signup #abon-reveal-password");
      await reveal.click();
      assert.equal(await h.input(page, "password").getAttribute("type"), "text");
      assert.equal(await reveal.getAttribute("aria-pressed"), "true");
      await reveal.click();
      assert.equal(await h.input(page, "password").getAttribute("type"), "password");
      assert.equal(await page.locator("abon-signup .fix:visible").count(), 0);
      const posts = [];
      page.on("request", (r) => { if (r.method() === "POST") posts.push(r.postDataJSON()); });

      // The rules come from the server: a wrong account and amount come back as 422s.
      const values = ACCOUNTS[who];
      await fill(page, { ...values, account: "12" });
      await h.button(page, "register").click();
      await page.waitForFunction(() => window.hostRecord.events.length === 1);
      const account = h.input(page, "account");
      assert.equal(await account.getAttribute("aria-invalid"), "true");
      // Its words are the core's own (the loader's table is generated from it at build time).
      const core = JSON.parse(execFileSync(path.join(h.ROOT, "build/native/shared/abon-validate"),
        { input: JSON.stringify({ account: "12" }) }).toString());
      // Described as the module describes it: the hint under the box, then the message.
      const hint = await page.locator("abon-signup .row[data-field=account] .hint").textContent();
      assert.equal(await page.locator("abon-signup #abon-account-desc").textContent(), `${hint}. ${core.fields.account.message}`);
      assert.equal(await active(page), "abon-account", "the first wrong field gets the focus");
      const [failed] = (await record(page)).events;
      assert.equal(failed.type, "abon-signup:error");
      assert.equal(failed.detail.fields.account, "account_digit_count");
      await page.waitForFunction(() => document.querySelector("abon-signup").dataset.captcha === "ready");
      await page.waitForFunction(() => document.querySelector("abon-signup").shadowRoot.querySelector("[aria-live]").textContent !== "");
      assert.match(await page.locator("abon-signup [aria-live=polite]").textContent(), /Особовий рахунок/);
      await shot(page, `plain-${who}-error-360`);
      if (who === "noWasm") await axe(page, "plain error");

      await account.fill(values.account);
      await h.input(page, "captcha").fill("abceg");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => window.hostRecord.events.length === 2);
      const done = (await record(page)).events[1];
      assert.equal(done.type, "abon-signup:success");
      assert.deepEqual(Object.keys(done.detail).sort(), ["account", "email"]);
      assert.equal(await el.getAttribute("data-state"), "registered");
      // The DOM form's own success screen.
      assert.match(await page.locator("abon-signup .done-advice").textContent(), /«Не\sспам»/);
      assert.equal(await page.locator("abon-signup .done").isVisible(), true);
      assert.equal(await page.locator("abon-signup .done").evaluate((d) => getComputedStyle(d).fontSize), "17px");
      assert.equal(await h.input(page, "surname").isVisible(), false, "the form's rows make way for it");
      await shot(page, `plain-${who}-success-360`);
      if (who === "noWasm") await axe(page, "plain success");

      const sent = posts.at(-1);
      assert.deepEqual(Object.keys(sent).sort(), ["account", "captcha", "email", "given_name", "lang",
        "last_payment_kopecks", "password", "patronymic", "surname"]);
      assert.ok(Number.isInteger(sent.last_payment_kopecks));
      assert.equal(sent.last_payment_kopecks, { noWebgl: 98700, noWasm: 150000 }[who]);
      assert.deepEqual(Object.keys(sent.captcha).sort(), ["answer", "token"]);
      assert.equal(sent.captcha.answer, "ABCEG");

      await page.evaluate(() => document.querySelector("abon-signup").reset());
      await page.waitForFunction(() => document.querySelector("abon-signup").dataset.captcha === "ready");
      assert.equal(await h.input(page, "surname").inputValue(), "");
      assert.equal(await h.input(page, "surname").isVisible(), true);
      assertOnlyOwnRequests(requests);
      assert.deepEqual(errors.filter((e) => !/WebGL|webgl/.test(e)), []);
    } finally {
      await context.close();
    }
  });
}

// Issue 12: the plain form sent «12 34» as 1234 hryvnias, compared the emails with JS's own
// case folding and showed whatever code a server sent. Its rules are now the core's
// (web/src/rules.js, proven on tests/vectors/ by tests/web/rules.test.mjs).
test("WebAssembly removed: the plain form sends nothing the core refuses and trusts no server's code", async () => {
  const { context, page, errors } = await openHost({ width: 360, init: NO_WASM, bypassCSP: true });
  try {
    const core = (values) => JSON.parse(execFileSync(path.join(h.ROOT, "build/native/shared/abon-validate"),
      { input: JSON.stringify(values) }).toString()).fields;
    for (const id of Object.keys(LABELS))
      assert.equal(await h.input(page, id).evaluate((i) => i.required), true, `${id} is heard as required`);
    const posts = [];
    page.on("request", (r) => { if (r.method() === "POST") posts.push(r.url()); });
    const desc = (id) => page.locator(`abon-signup #abon-${id}-desc`);
    const said = async (id, message) => `${await page.locator(`abon-signup .row[data-field=${id}] .hint`).textContent()}. ${message}`;

    // Refused here as the core refuses them: nothing goes out.
    const values = { ...ACCOUNTS.noWasm, captcha: "abceg", email_confirm: "valeria@UKR.NET" };
    await fill(page, { ...values, last_payment: "12 34" });
    await h.input(page, "email_confirm").fill("valeria@ÚKR.NET"); // Latin-1 capitals are not folded
    await h.button(page, "register").click();
    await page.waitForFunction(() => document.querySelector("abon-signup").shadowRoot
      .querySelector("#abon-last_payment").getAttribute("aria-invalid") === "true");
    assert.equal(await desc("last_payment").textContent(), await said("last_payment", core({ last_payment: "12 34" }).last_payment.message));
    assert.equal(await desc("email_confirm").textContent(),
      await said("email_confirm", core({ email: values.email, email_confirm: "valeria@ÚKR.NET" }).email_confirm.message));
    for (const amount of ["12 uah", "1₴2"]) {
      await h.input(page, "last_payment").fill(amount);
      await h.button(page, "register").click();
      await page.waitForFunction(() => document.querySelector("abon-signup").shadowRoot
        .querySelector("#abon-last_payment-desc").dataset.code === "amount_invalid");
    }
    assert.deepEqual(posts, [], "no amount the core refuses is sent");

    // A server's strings are looked up as the core's codes only.
    let answer = { status: 422, body: '{"errors": {"account": "constructor", "__proto__": "required"}}' };
    await page.route(`${suite.server.url}/api/register`, (r) => r.fulfill({ status: answer.status,
      contentType: "application/json", body: answer.body }));
    await h.input(page, "last_payment").fill("12,34");
    await h.input(page, "email_confirm").fill(values.email_confirm);
    await h.button(page, "register").click();
    await page.waitForFunction(() => window.hostRecord.events.length === 1);
    const [failed] = (await record(page)).events;
    // As interpret_response(): an unknown code at a field, a key that is no field said above the button.
    assert.deepEqual(failed.detail, { code: "required", status: 422, fields: { account: "unexpected_response" } });
    assert.match(await desc("account").textContent(), /Сервер відповів незрозуміло/);
    answer = { status: 500, body: '{"error": "__proto__"}' };
    await page.waitForFunction(() => document.querySelector("abon-signup").dataset.captcha === "ready");
    await h.input(page, "captcha").fill("abceg");
    await h.button(page, "register").click();
    await page.waitForFunction(() => window.hostRecord.events.length === 2);
    assert.equal((await record(page)).events[1].detail.code, "server_error");
    assert.match(await page.locator("abon-signup .notice").textContent(), /Сервер тимчасово не відповідає/);
    assert.deepEqual(errors.filter((e) => !/WebGL|webgl/.test(e)), []);
  } finally {
    await context.close();
  }
});

test("WebAssembly removed: a CAPTCHA URL over plain http elsewhere is refused as the core refuses it", async () => {
  const { context, page, errors } = await openHost({ width: 360, init: NO_WASM, bypassCSP: true, ready: false,
    edit: (html) => html.replace(/captcha="[^"]*"/, 'captcha="http://abon.example.ua/api/captcha"') });
  try {
    await page.waitForFunction(() => document.querySelector("abon-signup").dataset.state === "failed");
    assert.ok(errors.some((e) => /the endpoint http:\/\/abon\.example\.ua\/api\/captcha is refused/.test(e)), errors.join("\n"));
  } finally {
    await context.close();
  }
});
