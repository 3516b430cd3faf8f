// Issue 24: step 5 by ear. In each rendering (canvas, dom, plain) the button «Прослухати
// літери» is found by its accessible name beside «Інша картинка», is in the tab order, and
// plays 2–30 s of sound from an audio/* answer; a classic site (no "audio") has no button.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as h from "./harness.mjs";

let server, browser, noWebgl;
before(async () => {
  server = await h.startServer();
  browser = await h.launchBrowser({ extraArgs: ["--autoplay-policy=no-user-gesture-required"] });
  noWebgl = await h.launchBrowser({ extraArgs: ["--disable-webgl", "--autoplay-policy=no-user-gesture-required"] });
});
after(async () => {
  await noWebgl?.close();
  await browser?.close();
  await server?.stop();
});

const modes = [
  { name: "canvas", b: () => browser },
  { name: "dom", b: () => noWebgl },
  { name: "plain", b: () => browser, init: () => { delete window.WebAssembly; } },
];

for (const m of modes) {
  test(`${m.name}: «Прослухати літери» plays the challenge's letters (2–30 s of audio/*)`, async () => {
    const context = await m.b().newContext({ viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    if (m.init) await page.addInitScript(m.init);
    try {
      await page.goto(server.url + "/");
      await h.waitReady(page);
      assert.equal(await page.locator("abon-signup").getAttribute("data-mode"), m.name);
      const listen = page.getByRole("button", { name: "Прослухати літери" });
      await listen.waitFor({ state: "attached" });
      assert.equal(await listen.evaluate((b) => b.tagName + b.type), "BUTTONbutton");
      // Tab from «Інша картинка» reaches it next.
      await h.button(page, "captcha_refresh").focus();
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.querySelector("abon-signup").shadowRoot.activeElement?.id), "abon-captcha_listen");
      const sound = page.waitForResponse((r) => r.url().endsWith(".wav"), { timeout: 15000 });
      await page.keyboard.press("Enter");
      const answer = await sound;
      assert.equal(answer.status(), 200);
      assert.match(answer.headers()["content-type"], /^audio\//);
      await page.waitForFunction(() => {
        const a = document.querySelector("abon-signup").shadowRoot.querySelector("audio");
        return a && a.duration > 0 && !Number.isNaN(a.duration);
      }, null, { timeout: 15000 });
      const duration = await page.evaluate(() => document.querySelector("abon-signup").shadowRoot.querySelector("audio").duration);
      assert.ok(duration >= 2 && duration <= 30, `${duration} s`);
    } finally {
      await context.close();
    }
  });
}
