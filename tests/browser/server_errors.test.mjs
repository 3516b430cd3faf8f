// Every answer of spec §4 and every network failure: a clear Ukrainian message (the core's
// words), server field errors at their fields, every typed value kept, only the CAPTCHA
// renewed; and the Register button never sends twice.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import * as h from "./harness.mjs";

// The core's messages (shared/src/errors.cpp), as the user reads them.
const SAYS = {
  captcha_wrong: "Літери з картинки введено неправильно. Спробуйте нову картинку",
  account_details_mismatch: "Дані не збігаються з особовим рахунком",
  account_already_registered: "Цей особовий рахунок уже зареєстровано. Увійдіть або відновіть пароль",
  rate_limited: "Забагато спроб. Спробуйте ще раз через 42 с",
  server_error: "Сервер тимчасово не відповідає. Ваші дані збережено — спробуйте за хвилину",
  network_error: "Немає зʼєднання із сервером. Перевірте інтернет і спробуйте ще раз",
  bad_request: "Сервер не зміг прочитати запит. Оновіть сторінку і спробуйте ще раз",
};

const KEPT = ["surname", "given_name", "patronymic", "account", "password", "password_confirm",
              "email", "email_confirm", "last_payment"];

const suite = h.serverAndBrowser();

async function valuesOf(page) {
  const out = {};
  for (const id of KEPT) out[id] = await h.input(page, id).inputValue();
  return out;
}

// Fills the form, submits, and waits for the answer to be shown (a new CAPTCHA included).
async function submitAndSettle(page, values = h.DEMO) {
  await h.fillForm(page, values);
  const typed = await valuesOf(page);
  const challenges = [];
  page.on("request", (r) => { if (r.url().endsWith("/api/captcha")) challenges.push(r.url()); });
  const failed = page.evaluate(() => new Promise((resolve) => {
    document.addEventListener("abon-signup:error", (e) => resolve(e.detail), { once: true });
  }));
  await page.keyboard.press("Enter");
  const detail = await failed;
  await h.waitReady(page); // the new CAPTCHA is in
  return { detail, typed, challenges };
}

async function assertKept(page, typed, challenges) {
  assert.deepEqual(await valuesOf(page), typed, "every typed value survives");
  assert.equal(await h.input(page, "captcha").inputValue(), "", "the answer to the old picture is gone");
  assert.equal(challenges.length, 1, "a new CAPTCHA was fetched");
}

const FAILURES = [
  { name: "500", code: "server_error", route: (r) => r.fulfill({ status: 500, body: "boom" }) },
  { name: "503 without a body", code: "server_error", route: (r) => r.fulfill({ status: 503 }) },
  { name: "429 with Retry-After", code: "rate_limited",
    route: (r) => r.fulfill({ status: 429, headers: { "Retry-After": "42" }, body: "{}" }) },
  { name: "400", code: "bad_request", route: (r) => r.fulfill({ status: 400, body: "{}" }) },
  { name: "network down", code: "network_error", route: (r) => r.abort("internetdisconnected") },
];

for (const failure of FAILURES) {
  test(`${failure.name}: ${failure.code} is said, values are kept`, async () => {
    const { context, page } = await h.openWidget(suite.browser, suite.server);
    try {
      await page.route("**/api/register", failure.route);
      const { detail, typed, challenges } = await submitAndSettle(page);
      assert.equal(detail.code, failure.code);
      const l = await h.layout(page);
      assert.equal(l.notice, SAYS[failure.code]);
      assert.equal(l.phase, "editing");
      await assertKept(page, typed, challenges);
      // The user can try again at once with the new picture.
      await page.unroute("**/api/register");
      await h.typeInto(page, "captcha", h.CAPTCHA);
      const ok = page.evaluate(() => new Promise((r) => document.addEventListener("abon-signup:success", () => r(true), { once: true })));
      await h.button(page, "register").click();
      assert.equal(await ok, true);
    } finally {
      await context.close();
    }
    // The account is registered now: the next test needs a fresh server.
    await suite.server.stop();
    suite.server = await h.startServer();
  });
}

test("422 captcha_wrong (the real endpoint) stands at the CAPTCHA field with a new picture", async () => {
  const { context, page } = await h.openWidget(suite.browser, suite.server);
  try {
    const { detail, typed, challenges } = await submitAndSettle(page, { ...h.DEMO, captcha: "ABCEK" });
    assert.equal(detail.code, "captcha_wrong");
    assert.equal(detail.status, 422);
    const l = await h.layout(page);
    assert.equal(l.fields.captcha.state, "error");
    assert.equal(l.fields.captcha.message, SAYS.captcha_wrong);
    assert.equal(await h.input(page, "captcha").getAttribute("aria-invalid"), "true");
    await assertKept(page, typed, challenges);
    assert.equal(await page.evaluate(() => document.querySelector("abon-signup").shadowRoot.activeElement.id), "abon-captcha");
    await h.settle(page);
    await h.screenshot(page, "server-error-captcha-dpr1");
  } finally {
    await context.close();
  }
});

test("422 account_details_mismatch (the real endpoint) is said at the account and above the button", async () => {
  const { context, page } = await h.openWidget(suite.browser, suite.server);
  try {
    const { detail, typed, challenges } = await submitAndSettle(page, { ...h.DEMO, last_payment: "1234,57" });
    assert.equal(detail.code, "account_details_mismatch");
    const l = await h.layout(page);
    assert.equal(l.fields.account.code, "account_details_mismatch");
    assert.match(l.notice, new RegExp(SAYS.account_details_mismatch));
    await assertKept(page, typed, challenges);
  } finally {
    await context.close();
  }
});

test("409 (the real endpoint): the account is already registered", async () => {
  // Registered and confirmed (the letter's link shows a page whose button confirms): a
  // still pending registration would be replaced by the second one, not refused.
  const first = await h.openWidget(suite.browser, suite.server);
  try {
    await h.fillForm(first.page);
    await h.button(first.page, "register").click();
    await first.page.waitForFunction(() => document.querySelector("abon-signup").dataset.state === "registered");
    const outbox = path.join(suite.server.dataDir, "outbox");
    const [eml] = readdirSync(outbox).filter((f) => f.endsWith(".eml")).map((f) => readFileSync(path.join(outbox, f), "utf8"));
    await first.page.goto(/(http\S+\/api\/confirm\?token=[0-9a-f]{64})/.exec(eml)[1]);
    await first.page.getByRole("button", { name: "Підтвердити реєстрацію" }).click();
    await first.page.getByText("Реєстрацію підтверджено").first().waitFor();
  } finally {
    await first.context.close();
  }
  const { context, page } = await h.openWidget(suite.browser, suite.server);
  try {
    const { detail, typed, challenges } = await submitAndSettle(page);
    assert.equal(detail.code, "account_already_registered");
    assert.equal(detail.status, 409);
    assert.equal((await h.layout(page)).notice, SAYS.account_already_registered);
    await assertKept(page, typed, challenges);
    await h.settle(page);
    await h.screenshot(page, "server-error-409-dpr1");
  } finally {
    await context.close();
  }
});

test("Enter pressed again and again sends one request", async () => {
  const own = await h.startServer();
  const { context, page } = await h.openWidget(suite.browser, own);
  try {
    let posts = 0;
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route("**/api/register", async (route) => {
      posts += 1;
      await held; // the answer takes its time
      await route.continue();
    });
    await h.fillForm(page);
    for (let i = 0; i < 8; i++) await page.keyboard.press("Enter");
    await h.button(page, "register").click({ force: true }); // aria-disabled: Playwright would wait
    assert.equal((await h.layout(page)).phase, "sending");
    assert.equal(await h.button(page, "register").getAttribute("aria-disabled"), "true");
    // The spinner turns (frames never settle while sending): two of its frames drawn.
    const spun = await page.evaluate(() => document.querySelector("abon-signup").framesDrawn);
    await page.waitForFunction((n) => document.querySelector("abon-signup").framesDrawn >= n + 2, spun);
    await h.screenshot(page, "sending-dpr1");
    release();
    await page.waitForFunction(() => document.querySelector("abon-signup").dataset.state === "registered");
    for (let i = 0; i < 3; i++) await page.keyboard.press("Enter");
    assert.equal(posts, 1);
  } finally {
    await context.close();
    await own.stop();
  }
});
