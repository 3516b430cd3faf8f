// Shared by the browser tests: a real demo server on a free port with a throw-away data
// folder, Debian's Chromium through playwright-core, and helpers that speak the widget's
// DOM (real inputs and buttons inside the element's open shadow root, which Playwright's
// CSS locators pierce).
//
// Environment: ABON_DEMO_SERVER (the server binary; default build/native/...), ABON_SITE_DIR
// (default build/wasm-release/site, the wasm-release preset's), CHROMIUM (default /usr/bin/chromium).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SITE = process.env.ABON_SITE_DIR || path.join(ROOT, "build/wasm-release/site");
export const SERVER = process.env.ABON_DEMO_SERVER || path.join(ROOT, "build/native/web/server/abon-demo-server");
export const SCREENSHOTS = path.join(ROOT, "build/screenshots");
export const CAPTCHA = "ABCEG"; // spelt in the demo's alphabet (ABCEGKMNPUWXZ), as ABON_CAPTCHA_FIXED must be

export const DEMO = {
  surname: "Шевченко", given_name: "Тарас", patronymic: "Григорович", account: "1234567",
  password: "Kobzar1814poet", email: "taras@ukr.net", captcha: CAPTCHA, last_payment: "1234,56",
};

export function requireBuilt() {
  for (const [what, file] of [["demo server", SERVER], ["site", path.join(SITE, "static/abon-signup/abon-signup.js")]])
    if (!existsSync(file)) throw new Error(`${what} not built: ${file} is missing (./run build)`);
}

// Starts abon-demo-server on a free port, serving `site` (default SITE); resolves to
// {url, dataDir, stop()}.
export async function startServer({ captchaFixed = CAPTCHA, env = {}, site = SITE } = {}) {
  requireBuilt();
  const dataDir = mkdtempSync(path.join(tmpdir(), "abon-browser-"));
  const child = spawn(SERVER, ["--site", site], {
    // Every page load takes a challenge and its picture from the per-client limit (30/min by
    // default): the suites load many pages from one address, so theirs is roomier.
    env: { ...process.env, ABON_PORT: "0", ABON_DATA_DIR: dataDir, ABON_CAPTCHA_FIXED: captchaFixed,
      ABON_RATE_PER_MINUTE: "1000", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 10000);
    child.stderr.on("data", (chunk) => {
      log += chunk;
      const m = /listening on (http:\/\/[^\s/]+)\//.exec(log);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${log}`)); });
  });
  return {
    url, dataDir, log: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

// extraArgs: e.g. ["--disable-webgl"], a browser without WebGL; env: more environment
// (FONTCONFIG_FILE: the fonts it may use); backForwardCache: keep Chromium's back/forward
// cache on (Playwright turns it off by default).
export async function launchBrowser({ extraArgs = [], env = {}, backForwardCache = false } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    env: { ...process.env, ...env },
    ignoreDefaultArgs: backForwardCache ? ["--disable-back-forward-cache"] : [],
  });
}

// A fontconfig file that offers Chromium only the Liberation fonts (fonts-liberation2): a
// system without DejaVu Sans, as Windows, macOS, Android and iOS are, rendering as this one
// does (the system's conf.d: slight hinting, antialiasing). Returns its path.
export function liberationOnlyFonts() {
  const dir = mkdtempSync(path.join(tmpdir(), "abon-fonts-"));
  const file = path.join(dir, "fonts.conf");
  writeFileSync(file, `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><dir>/usr/share/fonts/truetype/liberation2</dir><cachedir>${dir}/cache</cachedir>
<include ignore_missing="yes">/etc/fonts/conf.d</include></fontconfig>
`);
  return file;
}

// A suite's demo server and Chromium, started before its first test and stopped after its
// last: `const suite = h.serverAndBrowser()`, then suite.server and suite.browser. A test may
// put a fresh server in suite.server: that one is stopped.
export function serverAndBrowser() {
  const suite = { server: null, browser: null };
  before(async () => {
    suite.server = await startServer();
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

// A page with the demo site loaded and the widget ready (form drawn, CAPTCHA shown).
// clock: Playwright's fake clock installed before the page loads (page.clock drives its timers).
export async function openWidget(browser, server, { dpr = 1, width = 760, height = 900, path: at = "/", clock = false } = {}) {
  const context = await browser.newContext({ deviceScaleFactor: dpr, viewport: { width, height } });
  const page = await context.newPage();
  if (clock) await page.clock.install();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(server.url + at);
  await waitReady(page);
  return { context, page, errors };
}

export async function waitReady(page) {
  await page.waitForFunction(() => {
    const el = document.querySelector("abon-signup");
    return el && el.dataset.state === "ready" && el.dataset.captcha === "ready";
  }, null, { timeout: 15000 });
}

export const input = (page, id) => page.locator(`abon-signup #abon-${id}`);
export const button = (page, id) => page.locator(`abon-signup #abon-${id.replace(":", "-")}`);

// Types like a user: focus by clicking, then text as an IME or paste would deliver it.
export async function typeInto(page, id, text) {
  await input(page, id).click();
  await page.keyboard.insertText(text);
}

export async function fillForm(page, values = DEMO) {
  const order = ["surname", "given_name", "patronymic", "account", "password", "password_confirm",
                 "email", "email_confirm", "captcha", "last_payment"];
  for (const id of order) {
    const key = id === "password_confirm" ? "password" : id === "email_confirm" ? "email" : id;
    if (values[key] !== undefined) await typeInto(page, id, values[key]);
  }
}

// The layout the module reported with its latest frame: field states and messages (what
// the canvas shows). Frames come with requestAnimationFrame, so wait for the next one.
export async function layout(page) {
  return page.evaluate(() => new Promise((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(document.querySelector("abon-signup").lastLayout)));
  }));
}

export async function fieldState(page, id) {
  const l = await layout(page);
  return l.fields[id];
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.locator("abon-signup").screenshot({ path: file });
  return file;
}

// Resolves once a whole display frame passes without the widget drawing one: every frame
// it had asked for is drawn (a timer's, such as the caret's blink, may still come later).
export async function settle(page) {
  for (let i = 0; i < 100; i++) {
    const quiet = await page.evaluate(() => new Promise((resolve) => {
      const el = document.querySelector("abon-signup");
      const before = el.framesDrawn;
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(el.framesDrawn === before)));
    }));
    if (quiet) return;
  }
  throw new Error("the widget never stopped drawing");
}
