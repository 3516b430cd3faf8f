// A small W3C WebDriver client over plain HTTP (fetch), enough to drive WebKitGTK's
// MiniBrowser through WebKitWebDriver: sessions, navigation, scripts, elements (shadow
// roots included), typing, key and pointer actions and screenshots. Commands and their JSON are the
// spec's (https://w3c.github.io/webdriver/); an error answer becomes a WebDriverError
// that names the command, the spec's error code and the driver's message.
import { spawn } from "node:child_process";
import { createServer } from "node:net";

// The spec's keys for a web element and a shadow root in JSON.
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
const SHADOW = "shadow-6066-11e4-a52e-4f735466cecf";

// Code points of the keys the tests press (the spec's table of normalised keys).
export const Key = { tab: "\uE004", enter: "\uE007" };

export class WebDriverError extends Error {
  constructor(command, status, value) {
    super(`${command}: ${value?.error || `HTTP ${status}`}: ${value?.message || "no message"}`);
    this.code = value?.error || "unknown error";
  }
}

async function freePort() {
  const probe = createServer();
  await new Promise((resolve, reject) => probe.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// Starts a driver binary (WebKitWebDriver, geckodriver, …) on a free local port and waits
// until its /status answers. Resolves to {url, stop()}; a driver that exits or never
// answers is an error with what it printed.
export async function startDriver(binary, { env = process.env, timeoutMs = 10000 } = {}) {
  const port = await freePort();
  const child = spawn(binary, [`--port=${port}`, "--host=127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (c) => { log += c; });
  child.stderr.on("data", (c) => { log += c; });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const spawnFailed = new Promise((_, reject) => child.once("error", (e) => reject(new Error(`${binary} did not start: ${e.message}`))));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  const ready = (async () => {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${binary} exited (${child.exitCode}):\n${log}`);
      try {
        const r = await fetch(`${url}/status`);
        if (r.ok) return;
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${binary} did not answer on ${url}/status within ${timeoutMs} ms:\n${log}`);
  })();
  try {
    await Promise.race([ready, spawnFailed]);
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
  return {
    url, log: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

async function command(base, method, path, body) {
  const r = await fetch(`${base}${path}`, {
    method, headers: body === undefined ? {} : { "Content-Type": "application/json; charset=utf-8" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* reported below */ }
  if (!r.ok || !json) throw new WebDriverError(`${method} ${path}`, r.status, json?.value || { message: text.slice(0, 300) });
  return json.value;
}

export class Session {
  // POST /session: `capabilities` as the spec's {alwaysMatch, firstMatch}.
  static async create(driverUrl, capabilities) {
    const value = await command(driverUrl, "POST", "/session", { capabilities });
    return new Session(driverUrl, value.sessionId, value.capabilities);
  }

  constructor(driverUrl, id, capabilities) {
    this.base = `${driverUrl}/session/${id}`;
    this.id = id;
    this.capabilities = capabilities;
  }

  call(method, path, body) {
    return command(this.base, method, path, body);
  }

  delete() { return this.call("DELETE", ""); }
  navigate(url) { return this.call("POST", "/url", { url }); }
  setWindowRect(rect) { return this.call("POST", "/window/rect", rect); }

  // Runs `script` (a function body: `arguments` are `args`, `return` gives the value).
  // Elements pass both ways as references: pass an Element, get one back.
  async execute(script, args = []) {
    return this.revive(await this.call("POST", "/execute/sync", { script, args: args.map((a) => this.encode(a)) }));
  }

  // The element matching a CSS selector in the document, or in `from` (an Element or a
  // ShadowRoot); null when none matches.
  async find(selector, from = null) {
    const path = from instanceof ShadowRoot ? `/shadow/${from.id}/element`
      : from instanceof Element ? `/element/${from.id}/element` : "/element";
    try {
      return new Element(this, (await this.call("POST", path, { using: "css selector", value: selector }))[ELEMENT]);
    } catch (e) {
      if (e instanceof WebDriverError && e.code === "no such element") return null;
      throw e;
    }
  }

  async shadowRoot(element) {
    return new ShadowRoot(this, (await this.call("GET", `/element/${element.id}/shadow`))[SHADOW]);
  }

  // Key presses as the spec's input actions: each text is one key down and up.
  async pressKeys(...keys) {
    const actions = keys.flatMap((k) => [{ type: "keyDown", value: k }, { type: "keyUp", value: k }]);
    await this.call("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.call("DELETE", "/actions");
  }

  // A mouse click in the middle of `element` (the spec's in-view centre point), as pointer
  // actions: real pointer, mouse and click events. Element Click would be the spec's way,
  // but WebKitWebDriver 2.50 refuses it inside a shadow root ("element click
  // intercepted": its hit test finds the host element).
  async clickAt(element) {
    const actions = [{ type: "pointerMove", duration: 0, origin: this.encode(element), x: 0, y: 0 },
                     { type: "pointerDown", button: 0 }, { type: "pointerUp", button: 0 }];
    await this.call("POST", "/actions", { actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions }] });
    await this.call("DELETE", "/actions");
  }

  // The whole viewport as PNG bytes.
  async screenshot() {
    return Buffer.from(await this.call("GET", "/screenshot"), "base64");
  }

  encode(value) {
    if (value instanceof Element) return { [ELEMENT]: value.id };
    if (value instanceof ShadowRoot) return { [SHADOW]: value.id };
    return value;
  }

  revive(value) {
    if (Array.isArray(value)) return value.map((v) => this.revive(v));
    if (value && typeof value === "object") {
      if (ELEMENT in value) return new Element(this, value[ELEMENT]);
      if (SHADOW in value) return new ShadowRoot(this, value[SHADOW]);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.revive(v)]));
    }
    return value;
  }
}

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }

  call(method, path, body) { return this.session.call(method, `/element/${this.id}${path}`, body); }
  // Element Send Keys: the driver focuses the element and types `text` key by key.
  sendKeys(text) { return this.call("POST", "/value", { text }); }
}

export class ShadowRoot {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }
}
