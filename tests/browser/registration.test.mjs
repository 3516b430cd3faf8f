// The whole way through: the demo account registered against the real demo endpoint, with
// Cyrillic entered the way an IME or a paste delivers it (keyboard.insertText).
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import * as h from "./harness.mjs";

const suite = h.serverAndBrowser();

for (const dpr of [1, 2]) {
  test(`the demo account registers and the confirmation screen shows (devicePixelRatio ${dpr})`, async () => {
    // Each run registers a fresh server's account: the second would be a 409.
    const own = dpr === 1 ? suite.server : await h.startServer();
    const { context, page, errors } = await h.openWidget(suite.browser, own, { dpr });
    try {
      await h.settle(page);
      await h.screenshot(page, `empty-dpr${dpr}`);

      const posts = [];
      page.on("request", (r) => { if (r.method() === "POST") posts.push(r.postDataJSON()); });
      const success = page.evaluate(() => new Promise((resolve) => {
        document.addEventListener("abon-signup:success", (e) => resolve(e.detail), { once: true });
      }));

      await h.fillForm(page, { ...h.DEMO, surname: "шевченко", captcha: "abceg", last_payment: "1 234,56 грн" });
      assert.equal(await h.input(page, "account").inputValue(), "1-234-56-7", "the mask put the dashes in");
      assert.equal(await h.input(page, "captcha").inputValue(), "ABCEG", "the answer is upper-cased as typed");
      await page.keyboard.press("Enter");

      const detail = await success;
      assert.deepEqual(detail, { account: "1-234-56-7", email: "taras@ukr.net" });
      await page.waitForFunction(() => document.querySelector("abon-signup").dataset.state === "registered");

      assert.equal(posts.length, 1);
      const sent = posts[0];
      assert.equal(sent.surname, "Шевченко");
      assert.equal(sent.account, "1-234-56-7");
      assert.equal(sent.last_payment_kopecks, 123456);
      assert.deepEqual(sent.captcha.answer, "ABCEG");
      assert.equal(sent.lang, "uk");

      const shown = await h.layout(page);
      assert.match(shown.done.text, /taras@ukr\.net/);
      assert.match(shown.done.advice, /«Не\sспам»/, "the seed's advice about the spam folder");
      assert.match(shown.done.sender, /noreply@te\.pl\.ua/, "and the sender to add to the contacts");
      for (const id of ["surname", "password", "captcha"])
        assert.equal(await h.input(page, id).isHidden(), true, `${id} input is gone with the form`);
      assert.equal(await page.evaluate(() => document.querySelector("abon-signup").shadowRoot.activeElement?.className), "done");

      const outbox = readdirSync(path.join(own.dataDir, "outbox"));
      assert.equal(outbox.filter((f) => f.endsWith(".eml")).length, 1, "the letter was written");
      await h.settle(page);
      await h.screenshot(page, `success-dpr${dpr}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      if (own !== suite.server) await own.stop();
    }
  });
}

test("the success event never carries the password", async () => {
  // Registered above on this server: a fresh one for a clean account.
  const own = await h.startServer();
  const { context, page } = await h.openWidget(suite.browser, own);
  try {
    const detail = page.evaluate(() => new Promise((resolve) => {
      document.addEventListener("abon-signup:success", (e) => resolve(JSON.stringify(e.detail)), { once: true });
    }));
    await h.fillForm(page);
    await h.button(page, "register").click();
    assert.doesNotMatch(await detail, /Kobzar1814poet/);
  } finally {
    await context.close();
    await own.stop();
  }
});
