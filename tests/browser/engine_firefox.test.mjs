// Firefox ESR (Debian's) through puppeteer-core over WebDriver BiDi, twice: headless,
// where Firefox has no WebGL, and in a real window on Xvfb, where it has WebGL2 in
// software (Mesa's llvmpipe). The steps are engine_suite.mjs's.
import { after, before } from "node:test";
import { engineSuite } from "./engine_suite.mjs";
import { openFirefox, startXvfb } from "./engines.mjs";

let xvfb;
before(async () => { xvfb = await startXvfb(); });
after(async () => { await xvfb?.stop(); });

engineSuite("Firefox ESR, headless", () => openFirefox({ mode: "headless" }));
engineSuite("Firefox ESR, on Xvfb", () => openFirefox({ mode: "xvfb", display: xvfb.display }));
