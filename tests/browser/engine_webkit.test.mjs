// WebKitGTK's MiniBrowser, the engine of every iPhone browser, through WebKitWebDriver
// (W3C WebDriver, our own client in webdriver.mjs), in a window on Xvfb. The steps are
// engine_suite.mjs's.
import { after, before } from "node:test";
import { engineSuite } from "./engine_suite.mjs";
import { openWebKit, startXvfb } from "./engines.mjs";

let xvfb;
before(async () => { xvfb = await startXvfb(); });
after(async () => { await xvfb?.stop(); });

engineSuite("WebKitGTK MiniBrowser, on Xvfb", () => openWebKit({ display: xvfb.display }));
