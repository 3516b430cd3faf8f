// Instant feedback: each field's error appears at that field (drawn, and on the input as
// aria-invalid with the message in its description) after the first blur. Rows come from
// the shared vectors in tests/vectors, so the widget provably says what the core says.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as h from "./harness.mjs";

// The first row of each error code in a vector file, for rows a user can type as they are.
function rowsOf(file, field, maxLength) {
  const vectors = JSON.parse(readFileSync(path.join(h.ROOT, "tests/vectors", file), "utf8"));
  const seen = new Set();
  const rows = [];
  for (const row of vectors.invalid) {
    const typeable = row.input.trim() !== "" && !/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060\ufeff]/.test(row.input);
    if (!typeable || row.config || row.input.length > maxLength || seen.has(row.code)) continue;
    seen.add(row.code);
    const context = {};  // the holder's data a password row is checked against
    for (const key of ["surname", "account", "email"]) if (row[key] !== undefined) context[key] = row[key];
    rows.push({ field, input: row.input, code: row.code, note: row.note || row.input, context });
  }
  return rows;
}

// Fields whose typing is transformed (the account mask, the CAPTCHA mapping) or that
// compare with another field get rows of their own.
const ROWS = [
  ...rowsOf("name.json", "surname", 100),
  ...rowsOf("email.json", "email", 254),
  ...rowsOf("password.json", "password", 128),
  ...rowsOf("amount.json", "last_payment", 32),
  { field: "given_name", input: "Taras", code: "name_latin_letters", note: "Latin letters" },
  { field: "patronymic", input: "Григорович1", code: "name_digits", note: "a digit" },
  { field: "account", input: "123456", code: "account_digit_count", note: "6 digits" },
  { field: "account", input: "12a", code: "account_digit_count", note: "letters dropped by the mask" },
  { field: "captcha", input: "ABC", code: "captcha_length", note: "shorter than the challenge" },
  { field: "captcha", input: "AB1DE", code: "captcha_invalid_chars", note: "a digit" },
];

let server, browser, noWebgl, context, page;
before(async () => {
  server = await h.startServer();
  browser = await h.launchBrowser();
  noWebgl = await h.launchBrowser({ extraArgs: ["--disable-webgl"] });
  ({ context, page } = await h.openWidget(browser, server));
  await page.waitForFunction(() => document.querySelector("abon-signup").dataset.mode === "canvas");
});
after(async () => {
  await noWebgl?.close();
  await browser?.close();
  await server?.stop();
});

// One page per rendering, opened once.
let domPage = null;
const pageFor = {
  canvas: () => page,
  dom: async () => {
    if (!domPage) {
      const c = await noWebgl.newContext({ viewport: { width: 760, height: 900 } });
      domPage = await c.newPage();
      await domPage.goto(server.url + "/");
      await h.waitReady(domPage);
      assert.equal(await domPage.locator("abon-signup").getAttribute("data-mode"), "dom");
    }
    return domPage;
  },
};

// The same rows in both renderings the core drives; the DOM rendering shows the message
// under the field as text, the canvas draws it (and the input's description says it).
for (const mode of ["canvas", "dom"]) describe(`each field shows its error after blur (${mode})`, () => {
  let page;
  for (const row of ROWS) {
    test(`${mode}: ${row.field}: ${row.note} → ${row.code}`, async () => {
      page = mode === "canvas" ? pageFor.canvas() : await pageFor.dom();
      const field = h.input(page, row.field);
      for (const [id, value] of Object.entries(row.context || {})) await h.input(page, id).fill(value);
      await field.fill(row.input);
      const before = await h.fieldState(page, row.field);
      assert.equal(before.state === "error" && before.code === row.code && !before.message, false);
      await field.blur();
      await page.waitForFunction(([id, code]) => {
        const f = document.querySelector("abon-signup").lastLayout.fields[id];
        return f.state === "error" && f.code === code;
      }, [row.field, row.code], { timeout: 3000 }).catch(() => {});
      const shown = await h.fieldState(page, row.field);
      assert.equal(shown.code, row.code);
      assert.equal(shown.state, "error");
      assert.ok(shown.message.length > 0);
      assert.equal(await field.getAttribute("aria-invalid"), "true");
      const desc = page.locator(`abon-signup #abon-${row.field}-desc`);
      assert.match(await desc.textContent(), new RegExp(shown.message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
      const seen = page.locator(`abon-signup [data-field=${row.field}] .msg`);
      assert.equal(await seen.isVisible(), mode === "dom", `the message is ${mode === "dom" ? "" : "not "}shown as text`);
      if (mode === "dom") assert.equal(await seen.textContent(), shown.message);
      await field.fill("");
      for (const id of Object.keys(row.context || {})) await h.input(page, id).fill("");
    });
  }
});

test("confirm fields must match their pair", async () => {
  await h.input(page, "password").fill("Kobzar1814poet");
  await h.input(page, "password_confirm").fill("Kobzar1814poeT");
  await h.input(page, "email").fill("taras@ukr.net");
  await h.input(page, "email_confirm").fill("taras@ukr.ua");
  await h.input(page, "surname").focus();
  assert.equal((await h.fieldState(page, "password_confirm")).code, "password_mismatch");
  assert.equal((await h.fieldState(page, "email_confirm")).code, "email_mismatch");
  // Fixed by typing: updated at once, no second blur needed.
  await h.input(page, "password_confirm").fill("Kobzar1814poet");
  assert.equal((await h.fieldState(page, "password_confirm")).state, "ok", JSON.stringify(await h.fieldState(page, "password_confirm")));
});

test("a name typed in the English layout is corrected in one click", async () => {
  await h.input(page, "surname").fill("Itdxtyrj");
  await h.input(page, "given_name").focus();
  const fix = h.button(page, "fix:surname");
  await fix.waitFor({ state: "visible" });
  assert.match(await fix.textContent(), /Шевченко/);
  await fix.click();
  assert.equal(await h.input(page, "surname").inputValue(), "Шевченко");
  assert.equal((await h.fieldState(page, "surname")).state, "ok");
  assert.equal(await fix.isHidden(), true);
  assert.equal(await page.evaluate(() => document.querySelector("abon-signup").shadowRoot.activeElement.id), "abon-surname");
});

test("an email provider typo is a warning with a one-click fix", async () => {
  await h.input(page, "email").fill("taras@gmial.com");
  await h.input(page, "email").blur();
  assert.equal((await h.fieldState(page, "email")).state, "warning");
  await h.button(page, "fix:email").click();
  assert.equal(await h.input(page, "email").inputValue(), "taras@gmail.com");
  assert.equal((await h.fieldState(page, "email")).state, "ok");
});

test("the first submit attempt shows every error and focuses the first", async () => {
  for (const id of ["surname", "given_name", "patronymic", "account", "password", "password_confirm",
                    "email", "email_confirm", "captcha", "last_payment"])
    await h.input(page, id).fill("");
  await h.input(page, "surname").fill("Itdxtyrj");
  await h.input(page, "account").fill("123");
  await h.input(page, "password").fill("abc1");
  await h.input(page, "email").fill("taras@gmial.com");
  await h.input(page, "last_payment").fill("0");
  await h.button(page, "register").click();
  const l = await h.layout(page);
  for (const id of ["given_name", "patronymic", "password_confirm", "email_confirm", "captcha"])
    assert.equal(l.fields[id].code, "required", id);
  assert.equal(l.fields.account.code, "account_digit_count");
  assert.match(l.notice, /Перевірте поля/);
  assert.equal(await page.evaluate(() => document.querySelector("abon-signup").shadowRoot.activeElement.id), "abon-surname");
  await h.settle(page);
  await h.screenshot(page, "errors-dpr1");
});

test("the error state at devicePixelRatio 2", async () => {
  const { context: c2, page: p2 } = await h.openWidget(browser, server, { dpr: 2 });
  try {
    await h.input(p2, "surname").fill("Itdxtyrj");
    await h.input(p2, "account").fill("123");
    await h.input(p2, "password").fill("abc1");
    await h.input(p2, "email").fill("taras@gmial.com");
    await h.input(p2, "last_payment").fill("0");
    await h.button(p2, "register").click();
    await h.settle(p2);
    await h.screenshot(p2, "errors-dpr2");
  } finally {
    await c2.close();
  }
});
