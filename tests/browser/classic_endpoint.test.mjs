// The widget against a classic site (tests/browser/classic_site.mjs), configured with
// encoding "form", amount_format "decimal" and captcha_mode "image": the CAPTCHA is a
// picture at a fixed URL kept by the session cookie, the registration goes out as form
// fields under the site's names, and the site answers 303 to a welcome page or 422.
// Before the core spoke it, this widget showed data-captcha="failed" here.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import * as h from "./harness.mjs";
import { ANSWER, FIELD_NAMES, startClassicSite } from "./classic_site.mjs";

let site, browser;
before(async () => {
  h.requireBuilt();
  browser = await h.launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function openClassic() {
  site = await startClassicSite();
  const context = await browser.newContext({ viewport: { width: 760, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const requests = [];
  page.on("request", (r) => requests.push({ method: r.method(), url: r.url(), headers: r.headers(), body: r.postData() }));
  await page.goto(`${site.url}/cabinet/`);
  await h.waitReady(page);
  return { context, page, errors, requests };
}

async function until(condition, what, ms = 10000) {
  for (const end = Date.now() + ms; !condition(); await new Promise((r) => setTimeout(r, 50)))
    if (Date.now() > end) assert.fail(`timed out: ${what}`);
}

const events = (page) => page.evaluate(() => new Promise((resolve) => {
  const el = document.querySelector("abon-signup");
  const done = (e) => resolve({ type: e.type, detail: e.detail });
  el.addEventListener("abon-signup:success", done, { once: true });
  el.addEventListener("abon-signup:error", done, { once: true });
}));

test("a full registration against the classic site: form fields, decimal amount, cookie CAPTCHA, 303", async () => {
  const { context, page, errors, requests } = await openClassic();
  try {
    assert.equal(site.pictures.length, 1, "the picture itself is the challenge");
    assert.match(site.pictures[0], /^\/cabinet\/captcha\.php\?abon=\d+$/, "with a cache-busting query");
    await h.button(page, "captcha_refresh").click(); // «Інша картинка»
    await until(() => site.pictures.length === 2, "«Інша картинка» fetched the picture again");
    await h.waitReady(page);
    assert.notEqual(site.pictures[1], site.pictures[0], "under a new URL");

    const outcome = events(page);
    await h.fillForm(page, { ...h.DEMO, captcha: ANSWER.toLowerCase(), last_payment: "1 234,56 грн" });
    await page.keyboard.press("Enter");
    const { type, detail } = await outcome;
    assert.equal(type, "abon-signup:success", JSON.stringify(detail));
    assert.deepEqual(detail, { account: "1-234-56-7", email: "taras@ukr.net" });
    await page.waitForFunction(() => document.querySelector("abon-signup").dataset.state === "registered");

    assert.equal(site.posts.length, 1);
    const [post] = site.posts;
    assert.match(post.contentType, /^application\/x-www-form-urlencoded/);
    assert.ok(post.cookie, "the session cookie came with the registration");
    assert.deepEqual(post.fields, {
      [FIELD_NAMES.surname]: "Шевченко", [FIELD_NAMES.given_name]: "Тарас",
      [FIELD_NAMES.patronymic]: "Григорович", [FIELD_NAMES.account]: "1-234-56-7",
      [FIELD_NAMES.password]: h.DEMO.password, [FIELD_NAMES.email]: "taras@ukr.net",
      [FIELD_NAMES.captcha_answer]: ANSWER, [FIELD_NAMES.last_payment]: "1234.56", lang: "uk",
    });
    const sent = requests.find((r) => r.method === "POST");
    assert.doesNotMatch(sent.body, /[{}]/, "no JSON on the wire");
    assert.ok(requests.some((r) => r.url.endsWith("/cabinet/welcome.html")), "the redirect was followed");
    assert.deepEqual(errors, []);
    assert.deepEqual(site.missing, []);
  } finally {
    await context.close();
    await site.stop();
  }
});

test("a wrong CAPTCHA answer at the classic site: a new picture, the values stay, then it registers", async () => {
  const { context, page, errors } = await openClassic();
  try {
    let outcome = events(page);
    await h.fillForm(page, { ...h.DEMO, captcha: "WRONG" });
    await page.keyboard.press("Enter");
    const { type, detail } = await outcome;
    assert.equal(type, "abon-signup:error");
    assert.equal(detail.status, 422);
    assert.deepEqual(detail.fields, { captcha: "captcha_wrong" }, "the site's captcha_code is the captcha field");

    await until(() => site.pictures.length === 2, "a new picture was fetched");
    await h.waitReady(page);
    assert.notEqual(site.pictures[1], site.pictures[0], "under a new URL");
    const captcha = await h.fieldState(page, "captcha");
    assert.equal(captcha.state, "error");
    assert.match(captcha.message, /Літери з картинки введено неправильно/);
    assert.equal(await h.input(page, "captcha").inputValue(), "", "the answer was for the old picture");
    for (const [id, value] of [["surname", "Шевченко"], ["account", "1-234-56-7"], ["email", "taras@ukr.net"],
                               ["last_payment", "1234,56"], ["password", h.DEMO.password]])
      assert.equal(await h.input(page, id).inputValue(), value, `${id} kept`);

    outcome = events(page);
    await h.typeInto(page, "captcha", ANSWER);
    await page.keyboard.press("Enter");
    assert.equal((await outcome).type, "abon-signup:success");
    assert.equal(site.posts.length, 2);
    assert.equal(site.posts[1].fields[FIELD_NAMES.captcha_answer], ANSWER);
    // Chromium logs the 422 itself as a failed resource; nothing else may be logged.
    assert.deepEqual(errors.filter((e) => !/status of 422/.test(e)), []);
    assert.deepEqual(site.missing, []);
  } finally {
    await context.close();
    await site.stop();
  }
});

test("without WebAssembly the plain form registers at the classic site the same way", async () => {
  site = await startClassicSite();
  const context = await browser.newContext({ viewport: { width: 360, height: 900 } });
  try {
    await context.addInitScript(() => { delete window.WebAssembly; });
    const page = await context.newPage();
    await page.goto(`${site.url}/cabinet/`);
    await h.waitReady(page);
    assert.equal(await page.locator("abon-signup").getAttribute("data-mode"), "plain");
    assert.match(site.pictures[0], /^\/cabinet\/captcha\.php\?abon=\d+$/);

    let outcome = events(page);
    await h.fillForm(page, { ...h.DEMO, captcha: "WRONG" });
    await h.button(page, "register").click();
    assert.deepEqual((await outcome).detail.fields, { captcha: "captcha_wrong" });
    await until(() => site.pictures.length === 2, "a new picture was fetched");
    await h.waitReady(page);
    assert.notEqual(site.pictures[1], site.pictures[0]);
    assert.equal(await h.input(page, "surname").inputValue(), "Шевченко", "the values stay");

    outcome = events(page);
    await h.typeInto(page, "captcha", ANSWER);
    await h.button(page, "register").click();
    assert.equal((await outcome).type, "abon-signup:success");
    await page.waitForFunction(() => document.querySelector("abon-signup").dataset.state === "registered");
    const post = site.posts[1];
    assert.match(post.contentType, /^application\/x-www-form-urlencoded/);
    assert.ok(post.cookie);
    assert.equal(post.fields[FIELD_NAMES.last_payment], "1234.56");
    assert.equal(post.fields[FIELD_NAMES.captcha_answer], ANSWER);
    assert.equal(post.fields[FIELD_NAMES.account], "1234567", "the plain form sends the account as typed");
    assert.equal("token" in post.fields, false);
  } finally {
    await context.close();
    await site.stop();
  }
});

test("the plain form's decimal amount reads back in the core as the vector's kopecks", async () => {
  const { amountKopecks, kopecksDecimal } = await import(pathToFileURL(path.join(h.ROOT, "web/src/rules.js")).href);
  const tables = process.env.ABON_TABLES || path.join(h.ROOT, "build/native/wasm/generated/tables.js");
  const { TABLES } = await import(pathToFileURL(tables).href);
  const rows = JSON.parse(readFileSync(path.join(h.ROOT, "tests/vectors/amount.json"), "utf8")).valid;
  const cli = process.env.ABON_VALIDATE || path.join(h.ROOT, "build/native/shared/abon-validate");
  for (const row of rows) {
    const { kopecks } = amountKopecks(TABLES, row.input);
    const sent = kopecksDecimal(kopecks); // what the plain form sends with amount_format "decimal"
    assert.match(sent, /^\d+\.\d\d$/, row.input);
    const out = execFileSync(cli, [], { input: JSON.stringify({ last_payment: sent }) });
    assert.equal(JSON.parse(out).fields.last_payment.value, row.value, `${row.input} → ${sent}`);
  }
});
