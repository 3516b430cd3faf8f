// The widget in the two other engines: Debian's Firefox ESR through puppeteer-core over
// WebDriver BiDi, and WebKitGTK's MiniBrowser (the engine of every iPhone browser) through
// WebKitWebDriver with our own W3C client (webdriver.mjs). Each engine is wrapped in the
// same small interface, so one suite (engine_suite.mjs) runs the same steps in each:
//
//   label, goto(url), evaluate(fn, ...args), type(id, text), click(id), press("Tab"|"Enter"),
//   screenshot(file) (the <abon-signup> element), close()
//
// `id` is a control's id inside the element's shadow root without the "abon-" prefix
// (surname, register, no_patronymic, …). Typing is real key events: BiDi's
// input.performActions through puppeteer, Element Send Keys and pointer actions through
// WebDriver.
//
// Environment: FIREFOX (default /usr/bin/firefox-esr), WEBKIT_WEBDRIVER (default
// /usr/bin/WebKitWebDriver), MINIBROWSER (default WebKitGTK 4.1's), XVFB (default Xvfb).
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import puppeteer from "puppeteer-core";
import { cropPng } from "./png.mjs";
import { Key, Session, startDriver } from "./webdriver.mjs";

export const FIREFOX = process.env.FIREFOX || "/usr/bin/firefox-esr";
export const WEBKIT_WEBDRIVER = process.env.WEBKIT_WEBDRIVER || "/usr/bin/WebKitWebDriver";
export const MINIBROWSER = process.env.MINIBROWSER || "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const XVFB = process.env.XVFB || "Xvfb";

// The page is tall enough for the whole form, so an element screenshot needs no scrolling.
const VIEWPORT = { width: 760, height: 1900 };
const SCREEN = "1280x2160x24";

// Where a browser's absence is the machine's problem, not the widget's: said plainly.
function requireBinary(what, file, pkg) {
  if (!existsSync(file)) throw new Error(`${what} is not installed: ${file} is missing (Debian package ${pkg}; ./run installs it)`);
}

// A virtual X display for the headful runs: Xvfb picks a free display number itself
// (-displayfd), so parallel suites never collide. Resolves to {display, stop()}.
export async function startXvfb() {
  const child = spawn(XVFB, ["-displayfd", "3", "-screen", "0", SCREEN, "-nolisten", "tcp"],
    { stdio: ["ignore", "ignore", "pipe", "pipe"] });
  let log = "";
  child.stderr.on("data", (c) => { log += c; });
  const display = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Xvfb gave no display within 10 s:\n${log}`)), 10000);
    let out = "";
    child.stdio[3].on("data", (c) => {
      out += c;
      if (out.includes("\n")) { clearTimeout(timer); resolve(`:${out.trim()}`); }
    });
    child.once("error", (e) => { clearTimeout(timer); reject(new Error(`Xvfb did not start (${XVFB}; Debian package xvfb): ${e.message}`)); });
    child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`Xvfb exited (${code}):\n${log}`)); });
  });
  const kill = () => { if (child.exitCode === null) child.kill("SIGTERM"); };
  process.once("exit", kill);
  return {
    display,
    stop: async () => {
      process.removeListener("exit", kill);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

// Polls `fn` in the page until it returns something truthy; that value, or an error
// naming `what` and the last value seen.
export async function waitFor(engine, what, fn, args = [], timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await engine.evaluate(fn, ...args);
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`${engine.label}: timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// [SECTION] Firefox ESR over WebDriver BiDi (puppeteer-core)
// mode "headless" (Firefox has no WebGL there) or "xvfb" (a real window on `display`).
export async function openFirefox({ mode, display }) {
  requireBinary("Firefox ESR", FIREFOX, "firefox-esr");
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: "firefox", protocol: "webDriverBiDi", executablePath: FIREFOX,
      headless: mode === "headless", timeout: 90000,
      env: mode === "headless" ? process.env : { ...process.env, DISPLAY: display },
    });
  } catch (e) {
    throw new Error(`Firefox ESR (${FIREFOX}, ${mode}) did not start over WebDriver BiDi: ${e.message}`);
  }
  const page = await browser.newPage();
  await page.setViewport(VIEWPORT);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const control = async (id) => {
    const el = await page.$(`abon-signup >>> #abon-${id}`);
    if (!el) throw new Error(`firefox-${mode}: no #abon-${id} in the element's shadow root`);
    return el;
  };
  return {
    label: `firefox-${mode}`, errors, version: await browser.version(),
    goto: (url) => page.goto(url, { waitUntil: "load" }),
    evaluate: (fn, ...args) => page.evaluate(fn, ...args),
    type: async (id, text) => {
      const el = await control(id);
      await el.click();
      await page.keyboard.type(text);
    },
    click: async (id) => (await control(id)).click(),
    press: (key) => page.keyboard.press(key),
    screenshot: async (file) => {
      const host = await page.$("abon-signup");
      await host.screenshot({ path: file });
    },
    close: () => browser.close(),
  };
}

// [SECTION] WebKitGTK's MiniBrowser over W3C WebDriver (WebKitWebDriver)
export async function openWebKit({ display }) {
  requireBinary("WebKitWebDriver", WEBKIT_WEBDRIVER, "webkit2gtk-driver");
  requireBinary("WebKitGTK's MiniBrowser", MINIBROWSER, "libwebkit2gtk-4.1-0");
  const driver = await startDriver(WEBKIT_WEBDRIVER, { env: { ...process.env, DISPLAY: display } });
  let session;
  try {
    session = await Session.create(driver.url, {
      alwaysMatch: {
        browserName: "MiniBrowser",
        "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] },
      },
    });
  } catch (e) {
    await driver.stop();
    throw new Error(`WebKitGTK's MiniBrowser did not start through ${WEBKIT_WEBDRIVER}: ${e.message}\n${driver.log()}`);
  }
  await session.setWindowRect(VIEWPORT);
  const host = async () => {
    const el = await session.find("abon-signup");
    if (!el) throw new Error("webkit: no <abon-signup> on the page");
    return el;
  };
  const control = async (id) => {
    const el = await session.find(`#abon-${id}`, await session.shadowRoot(await host()));
    if (!el) throw new Error(`webkit: no #abon-${id} in the element's shadow root`);
    return el;
  };
  // Into view first, as Element Click would (the button is below the window's fold).
  const click = async (id) => {
    const el = await control(id);
    await session.execute("arguments[0].scrollIntoView({ block: 'center' });", [el]);
    await session.clickAt(el);
    return el;
  };
  const KEYS = { Tab: Key.tab, Enter: Key.enter };
  return {
    label: "webkit", errors: [], version: `MiniBrowser ${session.capabilities.browserVersion}`,
    goto: (url) => session.navigate(url),
    // A function's source and its arguments, as puppeteer sends them.
    evaluate: (fn, ...args) => session.execute(`return (${fn}).apply(null, arguments);`, args),
    type: async (id, text) => {
      const el = await click(id);
      await el.sendKeys(text);
    },
    click: (id) => click(id),
    press: (key) => session.pressKeys(KEYS[key]),
    // The viewport's screenshot cropped to the element: WebKitWebDriver's element
    // screenshot leaves the WebGL canvas black (the success screen wholly).
    screenshot: async (file) => {
      const box = await session.execute(`const el = document.querySelector("abon-signup");
        el.scrollIntoView({ block: "start" });
        const r = el.getBoundingClientRect(), k = devicePixelRatio;
        return { x: r.left * k, y: r.top * k, width: r.width * k, height: r.height * k };`);
      await new Promise((r) => setTimeout(r, 200)); // the scroll painted
      writeFileSync(file, cropPng(await session.screenshot(), box));
    },
    close: async () => {
      try { await session.delete(); } finally { await driver.stop(); }
    },
  };
}
