// One form, three renderings (data-mode): the DOM form the loader builds at once, driven
// by the core where WebAssembly runs (dom), drawn on the canvas where WebGL2 works and no
// setting asks otherwise (canvas). Each rendering gets the core's feedback, the mask and
// the one-click fixes, and registers. Screenshots: build/screenshots/modes/.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import * as h from "./harness.mjs";

const SHOTS = path.join(h.SCREENSHOTS, "modes");
const VALIDATE = process.env.ABON_VALIDATE || path.join(h.ROOT, "build/native/shared/abon-validate");
const core = (fields) => JSON.parse(execFileSync(VALIDATE, { input: JSON.stringify(fields) }).toString());

let server, browser, noWebgl;
before(async () => {
  server = await h.startServer({ env: { ABON_RATE_PER_MINUTE: "1000" } });
  browser = await h.launchBrowser();
  noWebgl = await h.launchBrowser({ extraArgs: ["--disable-webgl"] });
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await noWebgl?.close();
  await browser?.close();
  await server?.stop();
});

const mode = (page) => page.locator("abon-signup").getAttribute("data-mode");
// A performance mark of the loader's ("abon-signup:NAME"): one of its start's steps taken.
const marked = (page, name) => page.waitForFunction((n) => performance.getEntriesByName(`abon-signup:${n}`).length > 0, name);
// After the tasks queued so far, two display frames drawn, then an idle moment (the
// layout-shift observer's entries delivered).
const rendered = (page) => page.evaluate(() => new Promise((resolve) =>
  setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(resolve))), 0)));
const shot = (page, name) => page.locator("abon-signup").screenshot({ path: path.join(SHOTS, `${name}.png`) });
const style = (page, selector, prop) => page.locator(`abon-signup ${selector}`).first()
  .evaluate((e, p) => getComputedStyle(e)[p], prop);
const visible = (page, selector) => page.locator(`abon-signup ${selector}`).first().isVisible();

async function open(b, { width = 1024, dpr = 1, forcedColors, url = "/", route, touch = false } = {}) {
  const context = await b.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: dpr, forcedColors,
    isMobile: touch, hasTouch: touch });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  if (route) await route(page);
  await page.goto(server.url + url);
  return { context, page, errors };
}

// The core's feedback in the DOM rendering, as a person meets it: after the first blur,
// then per keystroke; the mask; the wrong-layout and email-typo fixes; the strength.
async function checkFeedback(page, label) {
  await h.typeInto(page, "account", "12");
  assert.equal(await h.input(page, "account").inputValue(), "1-2", `${label}: the mask put the dash in`);
  assert.equal(await visible(page, "[data-field=account] .msg"), false, `${label}: no verdict before the first blur`);
  await h.input(page, "surname").click();
  const said = core({ account: "1-2" }).fields.account.message;
  await page.waitForFunction((text) => document.querySelector("abon-signup").shadowRoot
    .querySelector("[data-field=account] .msg").textContent === text, said);
  assert.equal(await visible(page, "[data-field=account] .msg"), true, `${label}: the message is seen`);
  assert.equal(await h.input(page, "account").getAttribute("aria-invalid"), "true");
  await h.input(page, "account").click();
  await page.keyboard.insertText("34567");
  await page.waitForFunction(() => document.querySelector("abon-signup").shadowRoot
    .querySelector("[data-field=account]").dataset.state === "ok");
  assert.equal(await h.input(page, "account").inputValue(), "1-234-56-7");

  await h.typeInto(page, "surname", "itdxtyrj");
  await h.input(page, "given_name").click();
  const fix = h.button(page, "fix:surname");
  await fix.waitFor({ state: "visible" });
  assert.match(await fix.textContent(), /«Шевченко»/);
  await fix.click();
  await page.waitForFunction(() => document.querySelector("abon-signup").shadowRoot.querySelector("#abon-surname").value === "Шевченко");
  // The value is written back at once, the fix hidden with the next frame's layout.
  await fix.waitFor({ state: "hidden", timeout: 2000 }).catch(() => {});
  assert.equal(await fix.isVisible(), false, `${label}: the fix is gone once taken`);

  await h.typeInto(page, "email", "taras@gmial.com");
  await h.input(page, "email_confirm").click();
  const emailFix = h.button(page, "fix:email");
  await emailFix.waitFor({ state: "visible" });
  await emailFix.click();
  await page.waitForFunction(() => document.querySelector("abon-signup").shadowRoot.querySelector("#abon-email").value === "taras@gmail.com");

  await h.typeInto(page, "password", "abc");
  await page.waitForFunction(() => document.querySelector("abon-signup").shadowRoot.querySelector(".strength").textContent !== "");
  assert.equal(await visible(page, ".meter"), true, `${label}: the strength meter shows`);
  assert.equal(await h.input(page, "password").getAttribute("type"), "password");
  await h.button(page, "reveal:password").click();
  await page.waitForFunction(() => document.querySelector("abon-signup").shadowRoot.querySelector("#abon-password").type === "text");
  assert.equal(await h.button(page, "reveal:password").getAttribute("aria-pressed"), "true");
  await h.button(page, "reveal:password").click();
}

// The CAPTCHA as the core decoded it, drawn into the DOM rendering's 2D canvas.
async function pictureInked(page) {
  return page.evaluate(() => {
    const c = document.querySelector("abon-signup").shadowRoot.querySelector("canvas.image");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 384) dark++;
    return { width: c.width, height: c.height, dark };
  });
}

async function register(page, own) {
  for (const id of ["surname", "given_name", "patronymic", "account", "password", "password_confirm",
                    "email", "email_confirm", "captcha", "last_payment"]) {
    await h.input(page, id).fill("");
  }
  await h.fillForm(page, h.DEMO);
  const posts = [];
  page.on("request", (r) => { if (r.method() === "POST") posts.push(r.postDataJSON()); });
  await h.button(page, "register").click();
  await page.waitForFunction(() => document.querySelector("abon-signup").dataset.state === "registered", null, { timeout: 15000 });
  assert.equal(posts.length, 1);
  assert.equal(posts[0].last_payment_kopecks, 123456, "the same payload as the canvas sends");
  assert.equal(posts[0].account, "1-234-56-7");
  assert.match(own.log(), /POST \/api\/register 201/);
}

test("without WebGL (--disable-webgl) the core drives the DOM form: feedback, mask, fixes, CAPTCHA, registration", async () => {
  const own = await h.startServer();
  const context = await noWebgl.newContext({ viewport: { width: 360, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(own.url + "/");
    await h.waitReady(page);
    assert.equal(await mode(page), "dom");
    assert.notEqual(await style(page, "#abon-surname", "color"), "rgba(0, 0, 0, 0)", "the typed text is seen");
    assert.equal(await visible(page, "label[for=abon-surname]"), true);
    assert.equal(await style(page, "canvas.draw", "display"), "none", "no WebGL canvas");
    const picture = await pictureInked(page);
    assert.ok(picture.width >= 150 && picture.dark > 200, `the picture is drawn (${JSON.stringify(picture)})`);
    await shot(page, "dom-nowebgl-empty-360");
    await checkFeedback(page, "no WebGL");
    await shot(page, "dom-nowebgl-feedback-360");
    await register(page, own);
    assert.equal(await visible(page, ".done"), true);
    assert.match(await page.locator("abon-signup .done").textContent(), /taras@ukr\.net/);
    await shot(page, "dom-nowebgl-success-360");
  } finally {
    await context.close();
    await own.stop();
  }
});

test("forced colours (high contrast) get the DOM rendering in system colours, with no stray overlay", async () => {
  const { context, page } = await open(browser, { width: 1024, forcedColors: "active" });
  try {
    await h.waitReady(page);
    assert.equal(await mode(page), "dom");
    assert.equal(await style(page, "canvas.draw", "display"), "none");
    // Every input and label shows its text, in the system's colours (nothing transparent).
    for (const sel of ["#abon-surname", "label[for=abon-surname]", "#abon-register", ".hint"]) {
      const [color, opacity] = [await style(page, sel, "color"), await style(page, sel, "opacity")];
      assert.notEqual(color, "rgba(0, 0, 0, 0)", `${sel} colour`);
      assert.equal(opacity, "1", `${sel} opacity`);
    }
    await checkFeedback(page, "forced colours");
    await shot(page, "dom-forced-colours-1024");
  } finally {
    await context.close();
  }
});

test('mode="dom" keeps the DOM rendering where WebGL2 works', async () => {
  const page0 = async (page) => page.route(`${server.url}/dom.html`, (r) => r.fulfill({
    contentType: "text/html; charset=utf-8",
    body: `<!doctype html><meta charset="utf-8"><script src="/static/abon-signup/abon-signup.js" defer></script>
      <abon-signup mode="dom" endpoint="/api/register" captcha="/api/captcha" lang="en"></abon-signup>`,
  }));
  const { context, page } = await open(browser, { url: "/dom.html", route: page0 });
  try {
    await h.waitReady(page);
    await marked(page, "dom-kept"); // the loader chose, and chose the DOM
    assert.equal(await mode(page), "dom");
    assert.equal(await page.locator("abon-signup label[for=abon-surname]").textContent(), "Surname");
    await shot(page, "dom-attribute-en-1024");
  } finally {
    await context.close();
  }
});

test('a touch screen keeps the DOM rendering where WebGL2 works; mode="canvas" asks for the canvas there', async () => {
  const page0 = async (page) => page.route(`${server.url}/touch.html`, (r) => r.fulfill({
    contentType: "text/html; charset=utf-8",
    body: `<!doctype html><meta charset="utf-8"><script src="/static/abon-signup/abon-signup.js"></script>
      <abon-signup endpoint="/api/register" captcha="/api/captcha"></abon-signup>
      <abon-signup mode="canvas" endpoint="/api/register" captcha="/api/captcha"></abon-signup>`,
  }));
  const { context, page } = await open(browser, { width: 412, dpr: 2.6, touch: true, url: "/touch.html", route: page0 });
  try {
    assert.equal(await page.evaluate(() => matchMedia("(pointer: coarse)").matches), true, "the emulated primary pointer is a finger");
    await page.waitForFunction(() => [...document.querySelectorAll("abon-signup")].every((e) => e.dataset.state === "ready"));
    await page.waitForFunction(() => document.querySelectorAll("abon-signup")[1].dataset.mode === "canvas");
    await page.waitForFunction(() => performance.getEntriesByName("abon-signup:dom-kept").length === 1);
    assert.equal(await page.locator("abon-signup").first().getAttribute("data-mode"), "dom");
    assert.equal(await page.locator("abon-signup").first().evaluate((e) => e.framesDrawn > 0), true, "the core drives it");
  } finally {
    await context.close();
  }
});

test("with WebGL2 the canvas takes over: the overlays are never seen, forced colours switch back to the DOM form", async () => {
  const { context, page } = await open(browser, { width: 1024 });
  try {
    await h.waitReady(page);
    await page.waitForFunction(() => document.querySelector("abon-signup").dataset.mode === "canvas");
    assert.equal(await style(page, "canvas.draw", "display"), "block");
    for (const sel of ["#abon-surname", "label[for=abon-surname]", "#abon-register", "#abon-no_patronymic"]) {
      assert.equal(await style(page, sel, "opacity"), "0", `${sel} is not seen over the drawing`);
    }
    assert.equal(await visible(page, ".hint"), false, "hints are drawn, not shown twice");
    await page.emulateMedia({ forcedColors: "active" });
    await page.waitForFunction(() => document.querySelector("abon-signup").dataset.mode === "dom");
    assert.equal(await style(page, "#abon-surname", "opacity"), "1");
    await h.typeInto(page, "account", "1234567");
    assert.equal(await h.input(page, "account").inputValue(), "1-234-56-7", "the core still drives the form");
  } finally {
    await context.close();
  }
});

test("the form takes typing before the module arrives; the core gets it, the canvas waits for the person to leave", async () => {
  let release;
  const held = new Promise((r) => { release = r; });
  const route = (page) => page.route("**/abon-signup-wasm.wasm", async (r) => { await held; await r.continue(); });
  const { context, page } = await open(browser, { route });
  try {
    await page.waitForFunction(() => document.querySelector("abon-signup")?.dataset.state === "loading");
    assert.equal(await mode(page), "dom");
    await h.typeInto(page, "account", "1234567");
    assert.equal(await h.input(page, "account").inputValue(), "1234567", "typed as is: no core yet");
    release();
    await page.waitForFunction(() => document.querySelector("abon-signup").dataset.state === "ready");
    await page.waitForFunction(() => document.querySelector("abon-signup").shadowRoot
      .querySelector("#abon-account").value === "1-234-56-7");
    await marked(page, "canvas-atlas"); // the canvas is ready: its switch is tried in the frame after
    await rendered(page);
    assert.equal(await mode(page), "dom", "no switch while a field has the focus");
    await h.input(page, "account").evaluate((i) => i.blur());
    await page.waitForFunction(() => document.querySelector("abon-signup").dataset.mode === "canvas");
    const l = await h.layout(page);
    assert.equal(l.fields.account.state, "ok", "the core checked what was typed before it came");
  } finally {
    await context.close();
  }
});

// The browser's own font-size setting (not the page's html { font-size }).
test("the form follows the browser's default font size in every rendering", async () => {
  const heights = {};
  for (const size of [16, 24]) {
    const profile = mkdtempSync(path.join(tmpdir(), "abon-font-"));
    mkdirSync(path.join(profile, "Default"));
    writeFileSync(path.join(profile, "Default/Preferences"), JSON.stringify({ webkit: { webprefs: { default_font_size: size } } }));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args: h.CHROMIUM_ARGS,
      viewport: { width: 1024, height: 900 },
    });
    try {
      const page = context.pages()[0] || await context.newPage();
      // The host page's own root size must not matter.
      await page.route(`${server.url}/font.html`, (r) => r.fulfill({
        contentType: "text/html; charset=utf-8",
        body: `<!doctype html><meta charset="utf-8"><style>html { font-size: 62.5%; }</style>
          <script src="/static/abon-signup/abon-signup.js" defer></script>
          <abon-signup endpoint="/api/register" captcha="/api/captcha"></abon-signup>
          <abon-signup mode="dom" endpoint="/api/register" captcha="/api/captcha"></abon-signup>`,
      }));
      await page.goto(`${server.url}/font.html`);
      await page.waitForFunction(() => [...document.querySelectorAll("abon-signup")].every((e) => e.dataset.state === "ready"));
      await page.waitForFunction(() => document.querySelector("abon-signup").dataset.mode === "canvas");
      const [canvasH, domFont] = await page.evaluate(() => {
        const [a, b] = document.querySelectorAll("abon-signup");
        return [a.shadowRoot.querySelector("canvas.draw").getBoundingClientRect().height,
          getComputedStyle(b.shadowRoot.querySelector("#abon-surname")).fontSize];
      });
      // The plain rendering: the same page without WebAssembly.
      const plain = await context.newPage();
      await plain.addInitScript(() => { delete window.WebAssembly; });
      await plain.route(`${server.url}/font.html`, (r) => r.fulfill({
        contentType: "text/html; charset=utf-8",
        body: `<!doctype html><meta charset="utf-8"><style>html { font-size: 62.5%; }</style>
          <script src="/static/abon-signup/abon-signup.js" defer></script>
          <abon-signup endpoint="/api/register" captcha="/api/captcha"></abon-signup>`,
      }));
      await plain.goto(`${server.url}/font.html`);
      await plain.waitForFunction(() => document.querySelector("abon-signup").dataset.mode === "plain");
      const [plainFont, plainBox] = await plain.evaluate(() => {
        const input = document.querySelector("abon-signup").shadowRoot.querySelector("#abon-surname");
        return [getComputedStyle(input).fontSize, input.getBoundingClientRect().height];
      });
      heights[size] = { canvasH, domFont, plainFont, plainBox };
      if (size === 24) {
        await page.locator("abon-signup").nth(1).screenshot({ path: path.join(SHOTS, "dom-font24-1024.png") });
        await plain.locator("abon-signup").screenshot({ path: path.join(SHOTS, "plain-font24-1024.png") });
      }
    } finally {
      await context.close();
    }
  }
  assert.equal(heights[16].domFont, "17px");
  assert.equal(heights[24].domFont, "25.5px", "17 px at 16 px default becomes 25.5 px at 24 px");
  assert.equal(heights[16].plainFont, "17px");
  assert.equal(heights[24].plainFont, "25.5px", "the plain rendering scales as the dom one");
  assert.ok(heights[24].plainBox / heights[16].plainBox > 1.3, `its boxes too (${JSON.stringify(heights)})`);
  const ratio = heights[24].canvasH / heights[16].canvasH;
  assert.ok(ratio > 1.3, `the canvas lays out larger (${JSON.stringify(heights)})`);
});

test("loading and the canvas upgrade shift the page by less than 0.05 (CLS)", async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  try {
    await page.addInitScript(() => {
      window.__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    await page.goto(server.url + "/");
    await h.waitReady(page);
    await page.waitForFunction(() => document.querySelector("abon-signup").dataset.mode === "canvas");
    await h.settle(page);
    await rendered(page);
    const cls = await page.evaluate(() => window.__cls);
    assert.ok(cls < 0.05, `CLS ${cls}`);
  } finally {
    await context.close();
  }
});

test("without WebAssembly the plain driver takes the same form over without shifting it (CLS)", async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  try {
    await page.addInitScript(() => {
      delete window.WebAssembly;
      window.__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    await page.goto(server.url + "/");
    await page.waitForFunction(() => document.querySelector("abon-signup").dataset.captcha === "ready");
    assert.equal(await page.locator("abon-signup").getAttribute("data-mode"), "plain");
    await rendered(page);
    const cls = await page.evaluate(() => window.__cls);
    assert.ok(cls < 0.01, `CLS ${cls}`); // the account's hint alone may rewrap (0.0004 at 360 px)
  } finally {
    await context.close();
  }
});

test("without JavaScript the element shows what the page put inside it; with it, only the form", async () => {
  const off = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 412, height: 900 } });
  try {
    const page = await off.newPage();
    await page.goto(server.url + "/");
    const words = page.locator("abon-signup > p");
    assert.equal(await words.isVisible(), true, "the words are seen");
    assert.match(await words.textContent(), /JavaScript/);
    assert.ok((await page.locator("abon-signup").boundingBox()).height > 20, "the element is not empty");
  } finally {
    await off.close();
  }
  const { context, page } = await open(browser);
  try {
    await h.waitReady(page);
    assert.equal(await page.locator("abon-signup > p").isVisible(), false, "the form's shadow root shows only the form");
  } finally {
    await context.close();
  }
});

// The demo page in Ukrainian; the same page's element with lang="en".
const english = (page) => page.route(`${server.url}/en.html`, (r) => r.fulfill({
  contentType: "text/html; charset=utf-8",
  body: `<!doctype html><html lang="en"><meta charset="utf-8"><script src="/static/abon-signup/abon-signup.js"></script>
    <abon-signup endpoint="/api/register" captcha="/api/captcha" lang="en"></abon-signup>`,
}));

test("screenshots of every rendering at 360 and 1024 px, DPR 1 and 2, in both languages", async () => {
  for (const [b, name, forcedColors] of [[browser, "canvas"], [noWebgl, "dom"], [browser, "forced", "active"]]) {
    for (const [width, dpr, lang] of [[360, 1, "uk"], [360, 2, "uk"], [1024, 1, "uk"], [1024, 2, "uk"], [360, 1, "en"], [1024, 1, "en"]]) {
      {
        const context = await b.newContext({ viewport: { width, height: 1100 }, deviceScaleFactor: dpr, forcedColors });
        const page = await context.newPage();
        try {
          await english(page);
          await page.goto(server.url + (lang === "en" ? "/en.html" : "/"));
          await h.waitReady(page);
          if (name === "canvas") await page.waitForFunction(() => document.querySelector("abon-signup").dataset.mode === "canvas");
          assert.equal(await mode(page), name === "canvas" ? "canvas" : "dom");
          await h.typeInto(page, "account", "12");
          await h.typeInto(page, "email", "taras@gmial.com");
          await h.input(page, "surname").click();
          await h.settle(page);
          await shot(page, `${name}-${lang}-errors-${width}-dpr${dpr}`);
        } finally {
          await context.close();
        }
      }
    }
  }
});
