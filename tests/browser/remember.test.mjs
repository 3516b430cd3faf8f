// What a person typed survives leaving the page (issue 27, spec §6a), in the canvas, dom and
// plain renderings: Back/Forward with Chromium's back/forward cache (the page kept whole,
// nothing in the widget blocking it) and without it (the form back from the tab's
// sessionStorage, through the core or the plain driver as typed text), a reload in the same
// tab, a new tab (empty), a registration (clears it), the stated time limit, remember="off",
// and a scan of every storage (sessionStorage, localStorage, cookies, IndexedDB, Cache
// Storage) for the password. The site is the demo page plus a page to leave it for.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import * as h from "./harness.mjs";

// The core's key and time limit, as the build wrote them for the loader (abon/form.hpp):
// the TABLES the loader is bundled (and minified) from, beside the site's build.
const TABLES_FILE = path.join(h.SITE, "../wasm/generated/tables.js");
const SETTINGS = (await import(pathToFileURL(TABLES_FILE).href)).TABLES.remember;
const KEY = `${SETTINGS.key}:/`;
const VALIDATE = process.env.ABON_VALIDATE || path.join(h.ROOT, "build/native/shared/abon-validate");

const KEPT = ["surname", "given_name", "patronymic", "account", "email", "email_confirm", "last_payment"];
const NOT_KEPT = ["password", "password_confirm", "captcha"];

// Each rendering, as a browser gets it: WebGL2 (canvas), WebAssembly alone (dom), neither (plain).
const MODES = {
  canvas: null,
  dom: () => {
    const get = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
      return /webgl/.test(kind) ? null : get.call(this, kind, ...rest);
    };
  },
  plain: () => { delete window.WebAssembly; },
};
// Every pageshow of the document: persisted is true when the back/forward cache gave it back.
const SHOWS = () => {
  window.abonShows = [];
  addEventListener("pageshow", (e) => { window.abonShows.push(e.persisted); window.abonHidden = false; });
  addEventListener("pagehide", () => { window.abonHidden = true; });
};

let site, server, cached, uncached;
before(async () => {
  site = mkdtempSync(path.join(tmpdir(), "abon-remember-"));
  const index = readFileSync(path.join(h.SITE, "index.html"), "utf8");
  writeFileSync(path.join(site, "index.html"), index);
  writeFileSync(path.join(site, "off.html"), index.replace("<abon-signup ", '<abon-signup remember="off" '));
  writeFileSync(path.join(site, "away.html"), '<!doctype html><meta charset="utf-8"><title>Elsewhere</title><p>Elsewhere</p>');
  symlinkSync(path.join(h.SITE, "static"), path.join(site, "static"));
  server = await h.startServer({ site, env: { ABON_RATE_PER_MINUTE: "1000" } });
  cached = await h.launchBrowser({ backForwardCache: true });
  uncached = await h.launchBrowser(); // Playwright's default: no back/forward cache
});
after(async () => {
  await cached?.close();
  await uncached?.close();
  await server?.stop();
  if (site) rmSync(site, { recursive: true, force: true });
});

async function open(browser, mode, at = "/") {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  await context.addInitScript(SHOWS);
  if (MODES[mode]) await context.addInitScript(MODES[mode]);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  if (at) await go(page, mode, at);
  return { context, page, errors };
}

async function go(page, mode, at) {
  await page.goto(server.url + at);
  if (at.endsWith(".html") && at !== "/off.html") return;
  await ready(page, mode);
}

// The form in the rendering asked for, its CAPTCHA shown; the canvas once it has taken over.
async function ready(page, mode) {
  await h.waitReady(page);
  if (mode === "canvas") await page.waitForFunction(() => document.querySelector("abon-signup").dataset.mode === "canvas");
  assert.equal(await page.locator("abon-signup").getAttribute("data-mode"), mode);
}

const values = (page) => page.evaluate(() => Object.fromEntries(
  [...document.querySelector("abon-signup").shadowRoot.querySelectorAll("input[name]:not([type=checkbox])")].map((i) => [i.name, i.value])));
const shows = (page) => page.evaluate(() => window.abonShows);
const stored = (page, key = KEY) => page.evaluate((k) => sessionStorage.getItem(k), key);
const only = (all, ids) => Object.fromEntries(ids.map((id) => [id, all[id]]));

async function typeAll(page, v = h.DEMO) {
  await h.fillForm(page, v);
  await h.input(page, "surname").click(); // the last field left, as a person leaves it
}

// Back or Forward as the back/forward cache answers it: no load event, a pageshow.
async function travel(page, way, pathname) {
  await (way === "back" ? page.goBack({ waitUntil: "commit" }) : page.goForward({ waitUntil: "commit" }));
  await page.waitForFunction((p) => location.pathname === p && window.abonShows && window.abonShows.length > 0 &&
    !window.abonHidden, pathname);
}

// Why Chromium did not keep the page, for the failure message.
const notRestored = (page) => page.evaluate(() => JSON.stringify(performance.getEntriesByType("navigation")[0].notRestoredReasons));

async function register(page) {
  const posts = [];
  page.on("request", (r) => { if (r.method() === "POST") posts.push(r.postDataJSON()); });
  await h.button(page, "register").click();
  await page.waitForFunction(() => document.querySelector("abon-signup").dataset.state === "registered", null, { timeout: 15000 });
  return posts.at(-1);
}

// Every storage a page can reach, as text: its own and the browser's view of the cookies.
async function allStorage(page, context) {
  const found = await page.evaluate(async () => {
    const dump = (s) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i))}`).join("\n");
    const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const idb = [];
    for (const { name } of await indexedDB.databases()) {
      const db = await request(indexedDB.open(name));
      for (const store of db.objectStoreNames) idb.push(name, JSON.stringify(await request(db.transaction(store).objectStore(store).getAll())));
      db.close();
    }
    const cached = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const r of await cache.keys()) cached.push(r.url, await (await cache.match(r)).text());
    }
    return { sessionStorage: dump(sessionStorage), localStorage: dump(localStorage), cookies: document.cookie,
      indexedDB: idb.join("\n"), cacheStorage: cached.join("\n") };
  });
  found.cookies += JSON.stringify(await context.cookies());
  return found;
}

function assertNoPassword(storage, when) {
  for (const [where, text] of Object.entries(storage)) {
    for (const secret of [h.DEMO.password, encodeURIComponent(h.DEMO.password), JSON.stringify(h.DEMO.password)])
      assert.ok(!text.includes(secret), `${when}: the password is in ${where}`);
  }
}

for (const mode of Object.keys(MODES)) {
  test(`${mode}: Back and Forward with the back/forward cache return the page as it was left`, async () => {
    const { context, page, errors } = await open(cached, mode, "/away.html");
    try {
      await go(page, mode, "/");
      await typeAll(page);
      const left = await values(page);
      await travel(page, "back", "/away.html");
      await travel(page, "forward", "/");
      assert.deepEqual(await shows(page), [false, true], `kept by the cache (not restored: ${await notRestored(page)})`);
      assert.deepEqual(await values(page), left, "every field as left, the page kept whole in memory");
      await travel(page, "back", "/away.html");
      await travel(page, "forward", "/");
      assert.deepEqual(await shows(page), [false, true, true], `kept again (not restored: ${await notRestored(page)})`);
      assert.equal(await page.locator("abon-signup").getAttribute("data-mode"), mode);
      // Still alive: it registers, and nothing is kept from then on.
      const sent = await register(page);
      assert.equal(sent.surname, h.DEMO.surname);
      assert.equal(await stored(page), null, "a registration clears what was kept");
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`${mode}: without the cache, a reload and Back bring the typed fields back through the ${mode === "plain" ? "plain driver" : "core"}; a new tab starts empty; no storage holds the password; a registration clears it`, async () => {
    const { context, page, errors } = await open(uncached, mode);
    try {
      await typeAll(page);
      const left = await values(page);
      const record = JSON.parse(await stored(page));
      assert.deepEqual(Object.keys(record.values).sort(), [...KEPT].sort(), "the kept fields, and no other");
      assert.deepEqual(record.values, only(left, KEPT), "as the inputs show them");
      await h.button(page, "reveal:password").click(); // shown as text, changed: still never kept
      await h.input(page, "password").click();
      await page.keyboard.insertText("9");
      await h.input(page, "surname").click();
      assertNoPassword(await allStorage(page, context), "typed");

      const other = await context.newPage();
      await go(other, mode, "/");
      assert.deepEqual(Object.values(await values(other)).filter((v) => v !== ""), [], "another tab starts empty");
      assert.equal(await stored(other), null);
      await other.close();

      await page.reload();
      await ready(page, mode);
      assert.deepEqual(await shows(page), [false], "a new document");
      const reloaded = await values(page);
      assert.deepEqual(only(reloaded, KEPT), only(left, KEPT), "the typed fields come back after a reload");
      assert.deepEqual(only(reloaded, NOT_KEPT), { password: "", password_confirm: "", captcha: "" });

      await page.goto(`${server.url}/away.html`);
      await page.goBack();
      await ready(page, mode);
      assert.deepEqual(await shows(page), [false], "not from the cache");
      assert.deepEqual(only(await values(page), KEPT), only(left, KEPT), "and after Back");
      assertNoPassword(await allStorage(page, context), "after a reload and Back");

      // The core (or the plain driver) has them as typed: only the three not kept are typed again.
      await h.fillForm(page, { password: h.DEMO.password, captcha: h.CAPTCHA });
      const sent = await register(page);
      assert.equal(sent.surname, h.DEMO.surname);
      assert.equal(sent.account, mode === "plain" ? h.DEMO.account : "1-234-56-7");
      assert.equal(sent.last_payment_kopecks, 123456);
      assert.equal(await stored(page), null, "a registration clears what was kept");
      await page.reload();
      await ready(page, mode);
      assert.deepEqual(Object.values(await values(page)).filter((v) => v !== ""), [], "a registered form starts empty");
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test("dom: restored text gets the core's feedback as typed text does, the mask included", async () => {
  const { context, page } = await open(uncached, "dom");
  try {
    await h.typeInto(page, "account", "12");
    await h.typeInto(page, "surname", h.DEMO.surname);
    await page.reload();
    await ready(page, "dom");
    assert.equal(await h.input(page, "account").inputValue(), "1-2");
    const said = JSON.parse(execFileSync(VALIDATE, { input: JSON.stringify({ account: "1-2" }) }).toString()).fields.account.message;
    await page.waitForFunction((text) => document.querySelector("abon-signup").shadowRoot
      .querySelector("[data-field=account] .msg").textContent === text, said);
    assert.equal(await h.input(page, "account").getAttribute("aria-invalid"), "true");
    assert.equal((await h.fieldState(page, "surname")).state, "ok");
    await h.input(page, "account").click();
    await page.keyboard.press("End");
    await page.keyboard.insertText("34567");
    assert.equal(await h.input(page, "account").inputValue(), "1-234-56-7", "the mask goes on");
    assert.equal(JSON.parse(await stored(page)).values.account, "1-234-56-7");
  } finally {
    await context.close();
  }
});

test(`dom: kept for ${SETTINGS.minutes} minutes after the last change, then dropped; reset() clears it`, async () => {
  const { context, page } = await open(uncached, "dom");
  try {
    await h.typeInto(page, "surname", h.DEMO.surname);
    const age = async (ms) => page.evaluate(([k, ms]) => {
      const r = JSON.parse(sessionStorage.getItem(k));
      r.at = Date.now() - ms;
      sessionStorage.setItem(k, JSON.stringify(r));
    }, [KEY, ms]);
    const limit = SETTINGS.minutes * 60000;
    await age(limit - 60000);
    await page.reload();
    await ready(page, "dom");
    assert.equal(await h.input(page, "surname").inputValue(), h.DEMO.surname, "a minute before the limit: back");
    await age(limit + 1000);
    await page.reload();
    await ready(page, "dom");
    assert.equal(await h.input(page, "surname").inputValue(), "", "past the limit: gone");
    assert.equal(await stored(page), null, "and removed");

    await h.typeInto(page, "surname", h.DEMO.surname);
    assert.notEqual(await stored(page), null);
    await page.evaluate(() => document.querySelector("abon-signup").reset());
    assert.equal(await stored(page), null, "reset() clears it");
    await h.typeInto(page, "given_name", h.DEMO.given_name);
    assert.deepEqual(Object.keys(JSON.parse(await stored(page)).values), ["given_name"], "and keeping goes on");
  } finally {
    await context.close();
  }
});

test('remember="off" keeps nothing, and drops what was kept before', async () => {
  const { context, page } = await open(uncached, "dom", null);
  try {
    await page.goto(`${server.url}/away.html`);
    const key = `${SETTINGS.key}:/off.html`;
    await page.evaluate((k) => sessionStorage.setItem(k, JSON.stringify({ at: Date.now(), values: { surname: "Франко" } })), key);
    await go(page, "dom", "/off.html");
    assert.equal(await h.input(page, "surname").inputValue(), "");
    assert.equal(await stored(page, key), null);
    await typeAll(page);
    await page.reload();
    await ready(page, "dom");
    assert.deepEqual(Object.values(await values(page)).filter((v) => v !== ""), []);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  } finally {
    await context.close();
  }
});
