import * as h from "./harness.mjs";
const server = await h.startServer();
const browser = await h.launchBrowser();
const { page, context } = await h.openWidget(browser, server);
await h.fillForm(page);
const count = () => page.evaluate((pw) => {
  const heap = document.querySelector("abon-signup").module.HEAPU8;
  const needle = new TextEncoder().encode(pw);
  let n = 0;
  outer: for (let i = 0; i + needle.length <= heap.length; i++) {
    for (let j = 0; j < needle.length; j++) if (heap[i + j] !== needle[j]) continue outer;
    n++;
  }
  return n;
}, h.DEMO.password);
console.log("copies before submit", await count());
await page.keyboard.press("Enter");
await page.waitForFunction(() => document.querySelector("abon-signup").dataset.state === "registered");
await page.waitForTimeout(300);
console.log("copies after success", await count());
await context.close(); await browser.close(); await server.stop();
