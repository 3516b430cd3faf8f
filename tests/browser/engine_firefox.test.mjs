// Firefox ESR (Debian's) through puppeteer-core over WebDriver BiDi, twice: headless,
// where Firefox has no WebGL, and in a real window on Xvfb, where it has WebGL2 in
// software (Mesa's llvmpipe). The steps are engine_suite.mjs's.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { checkMode, engineSuite } from "./engine_suite.mjs";
import { openFirefox, startXvfb } from "./engines.mjs";

// Awaited where a window is opened, so an X server that cannot start fails those tests.
const xvfb = startXvfb();
xvfb.catch(() => {});
after(async () => { await (await xvfb.catch(() => null))?.stop(); });

engineSuite("Firefox ESR, headless", () => openFirefox({ mode: "headless" }));
engineSuite("Firefox ESR, on Xvfb", async () => openFirefox({ mode: "xvfb", display: (await xvfb).display }));

// The check the suites make of each engine's mode, on its own: what it lets pass.
test("the mode check accepts only the mode an engine can have", () => {
  const page = (mode, webgl2, more = {}) => ({ mode, webgl2, wasm: true, renderer: "r", plainForm: mode === "plain",
    canvasDrawn: mode === "canvas" || mode === null, ...more });
  const rows = [
    { facts: page("canvas", true), ok: true },
    { facts: page("dom", false), ok: true },
    { facts: page("plain", false, { wasm: false }), ok: true, note: "no WebAssembly" },
    { facts: page("plain", false), ok: false, note: "the plain form where the core can run" },
    { facts: page("plain", true), ok: false, note: "the plain form with WebGL2" },
    { facts: page("dom", true), ok: false, note: "the DOM form with WebGL2" },
    { facts: page("canvas", false), ok: false, note: "the canvas without WebGL2" },
    { facts: page(null, true), ok: false, note: "no data-mode" },
    { facts: page("dom", false, { wasm: false }), ok: false, note: "the DOM form without WebAssembly" },
  ];
  for (const row of rows) {
    const what = `${JSON.stringify(row.facts)}: ${row.note || ""}`;
    if (row.ok) assert.doesNotThrow(() => checkMode(row.facts), what);
    else assert.throws(() => checkMode(row.facts), assert.AssertionError, what);
  }
});
