// WebKitGTK's MiniBrowser, the engine of every iPhone browser, through WebKitWebDriver
// (W3C WebDriver, our own client in webdriver.mjs), in a window on Xvfb. The steps are
// engine_suite.mjs's.
import { after } from "node:test";
import { engineSuite } from "./engine_suite.mjs";
import { openWebKit, startXvfb } from "./engines.mjs";

// Awaited where the window is opened, so an X server that cannot start fails the tests.
const xvfb = startXvfb();
xvfb.catch(() => {});
after(async () => { await (await xvfb.catch(() => null))?.stop(); });

engineSuite("WebKitGTK MiniBrowser, on Xvfb", async () => openWebKit({ display: (await xvfb).display }));
