// The steps every engine goes through (engine_firefox.test.mjs, engine_webkit.test.mjs):
// the rendering mode it got, a full registration typed key by key against the demo
// endpoint (checked in the server's outbox and database), one field's error shown at that
// field, and screenshots of the empty form and the success screen in
// build/screenshots/engines/<engine>-{empty,registered,field-error}.png.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { waitFor } from "./engines.mjs";
import * as h from "./harness.mjs";

const SHOTS = path.join(h.SCREENSHOTS, "engines");
const VALIDATE = process.env.ABON_VALIDATE || path.join(h.ROOT, "build/native/shared/abon-validate");
const ACCOUNT = "1-234-56-7";

// The demo site with one page more, engines.html: the demo page whose widget allows no
// patronymic (config patronymic_optional), so its checkbox is there to tick and untick.
// No engine here can intercept requests as Playwright does, so the page is a real file.
function engineSite() {
  h.requireBuilt();
  const dir = mkdtempSync(path.join(tmpdir(), "abon-engine-site-"));
  cpSync(h.SITE, dir, { recursive: true });
  const demo = readFileSync(path.join(h.SITE, "index.html"), "utf8");
  const page = demo.replace("<abon-signup ", '<abon-signup config="/engines-config.json" ');
  assert.notEqual(page, demo, "the demo page has its <abon-signup> element");
  writeFileSync(path.join(dir, "engines.html"), page);
  writeFileSync(path.join(dir, "engines-config.json"), JSON.stringify({ patronymic_optional: true }));
  return dir;
}

// The mode the element reports, what the page can do, and what it shows.
function pageFacts() {
  const el = document.querySelector("abon-signup");
  const gl = document.createElement("canvas").getContext("webgl2");
  const canvas = el.shadowRoot.querySelector("canvas");
  return {
    mode: el.dataset.mode ?? null,
    webgl2: !!gl, renderer: gl ? String(gl.getParameter(gl.RENDERER)) : null,
    wasm: typeof WebAssembly === "object" && typeof WebAssembly.instantiate === "function",
    plainForm: !!el.plain, // the plain driver took the DOM form over
    canvasDrawn: !!canvas && canvas.getBoundingClientRect().height > 0 && el.lastLayout !== null,
  };
}

// Asserts the mode fits the engine: canvas with WebGL2, dom with WebAssembly alone, plain
// with neither. Returns the line the test prints.
export function checkMode(facts) {
  const expected = !facts.wasm ? "plain" : facts.webgl2 ? "canvas" : "dom";
  assert.equal(facts.mode, expected, `data-mode with WebGL2 ${facts.webgl2} and WebAssembly ${facts.wasm}`);
  return `mode ${facts.mode}; WebGL2 ${facts.webgl2 ? `yes (${facts.renderer})` : "no"}, WebAssembly ${facts.wasm ? "yes" : "no"}`;
}

async function waitReady(engine) {
  await waitFor(engine, "the form (data-state=ready, data-captcha=ready)", () => {
    const el = document.querySelector("abon-signup");
    return !!el && el.dataset.state === "ready" && el.dataset.captcha === "ready";
  }, [], 30000);
}

// Until no frame has been drawn for 300 ms (the canvas draws on demand; the plain form
// never), so a screenshot shows the form at rest.
async function settle(engine) {
  let last = -1;
  for (let i = 0; i < 30; i++) {
    const now = await engine.evaluate(() => document.querySelector("abon-signup").framesDrawn);
    if (now === last) return;
    last = now;
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function shot(engine, name) {
  mkdirSync(SHOTS, { recursive: true });
  await settle(engine);
  const file = path.join(SHOTS, `${engine.label}-${name}.png`);
  await engine.screenshot(file);
  return file;
}

// What the form holds and says, for a failure's message (the passwords by length only).
function formNow() {
  const el = document.querySelector("abon-signup");
  const fields = {};
  for (const input of el.shadowRoot.querySelectorAll("input")) {
    const desc = el.shadowRoot.getElementById(`${input.id}-desc`);
    fields[input.id] = { value: input.type === "password" ? `(${input.value.length} characters)` : input.value,
                         invalid: input.getAttribute("aria-invalid") === "true", said: desc ? desc.textContent : null };
  }
  return { state: el.dataset.state, captcha: el.dataset.captcha, focused: el.shadowRoot.activeElement?.id ?? null, fields };
}

// Whether the control is disabled as `want` says (true: disabled).
const disabledIs = (id, want) => !!document.querySelector("abon-signup").shadowRoot.getElementById(`abon-${id}`)?.disabled === want;

// What the demo server stored: the letters in the outbox and the registrations' rows.
function stored(server) {
  const outbox = path.join(server.dataDir, "outbox");
  const letters = readdirSync(outbox).filter((f) => f.endsWith(".eml")).map((f) => readFileSync(path.join(outbox, f), "utf8"));
  const rows = JSON.parse(execFileSync("python3", ["-c", `import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(json.dumps([dict(zip(("account", "surname", "given_name", "patronymic", "email"), r)) for r in
  db.execute("SELECT account, surname, given_name, patronymic, email FROM registrations")]))`,
  path.join(server.dataDir, "abon-demo.sqlite")], { encoding: "utf8" }));
  return { letters, rows };
}

// The core's own message for a value of one field (what the widget must show there).
function coreMessage(field, value) {
  const verdict = JSON.parse(execFileSync(VALIDATE, [], { input: JSON.stringify({ [field]: value }) }));
  assert.equal(verdict.fields[field].ok, false, `${field} ${value} is an error for the core`);
  return verdict.fields[field];
}

// One describe() per engine. `open()` resolves to an engine (engines.mjs).
export function engineSuite(name, open) {
  describe(name, { timeout: 300000 }, () => {
    let server, site, engine, started, failedStart;
    // A browser that does not start fails each test with the reason (a failed hook would
    // only cancel them, and TAP would count no failure).
    const ready = () => { if (failedStart) throw failedStart; };
    before(async () => {
      started = Date.now();
      try {
        site = engineSite();
        server = await h.startServer({ site });
        engine = await open();
        console.log(`${engine.label}: ${engine.version}, started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (e) {
        failedStart = e;
      }
    });
    after(async () => {
      await engine?.close();
      await server?.stop();
      if (site) rmSync(site, { recursive: true, force: true });
      if (started) console.log(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
    });

    test("the demo account registers, typed key by key", { timeout: 180000 }, async (t) => {
      ready();
      await engine.goto(`${server.url}/engines.html`);
      await waitReady(engine);
      // With WebGL2 the canvas takes over a frame after the core starts (nobody is in the form).
      await waitFor(engine, "the rendering settled", () => {
        const el = document.querySelector("abon-signup");
        return el.dataset.mode !== "dom" || !document.createElement("canvas").getContext("webgl2");
      }, [], 5000).catch(() => {});
      const modeLine = checkMode(await engine.evaluate(pageFacts));
      t.diagnostic(`${engine.label}: ${modeLine}`);
      await shot(engine, "empty");

      await engine.evaluate(() => {
        document.addEventListener("abon-signup:success", (e) => { window.abonSuccess = e.detail; }, { once: true });
        document.addEventListener("abon-signup:error", (e) => { window.abonError = e.detail; }, { once: true });
      });
      // No patronymic ticked: its field is off; unticked again: it takes text.
      await engine.click("no_patronymic");
      await waitFor(engine, "the patronymic off once ticked", disabledIs, ["patronymic", true], 5000);
      await engine.click("no_patronymic");
      await waitFor(engine, "the patronymic back once unticked", disabledIs, ["patronymic", false], 5000);

      const values = { ...h.DEMO, password_confirm: h.DEMO.password, email_confirm: h.DEMO.email };
      for (const id of ["surname", "given_name", "patronymic", "account", "password", "password_confirm",
                        "email", "email_confirm", "captcha", "last_payment"])
        await engine.type(id, values[id]);
      await engine.click("register");

      const outcome = await waitFor(engine, "data-state=registered or an error event", () => {
        if (window.abonError) return { error: window.abonError };
        return document.querySelector("abon-signup").dataset.state === "registered" ? { registered: true } : null;
      }, [], 30000).catch(async (e) => {
        await shot(engine, "not-registered");
        throw new Error(`${e.message}\nthe form then: ${JSON.stringify(await engine.evaluate(formNow))}`);
      });
      assert.deepEqual(outcome, { registered: true }, "the submission succeeded");
      const shown = await engine.evaluate(() => {
        const el = document.querySelector("abon-signup");
        // The success message takes the focus, in every mode.
        const done = el.shadowRoot.activeElement;
        const surname = el.shadowRoot.getElementById("abon-surname");
        return { state: el.dataset.state, detail: window.abonSuccess ?? null, text: done ? done.textContent : null,
                 formGone: !surname || surname.getClientRects().length === 0 };
      });
      assert.equal(shown.state, "registered");
      assert.deepEqual(shown.detail, { account: ACCOUNT, email: h.DEMO.email }, "the success event's detail");
      assert.match(shown.text ?? "", /taras@ukr\.net/, "the focused success message names the address the letter went to");
      assert.equal(shown.formGone, true, "the form's inputs are gone with the form");

      const { letters, rows } = stored(server);
      assert.equal(letters.length, 1, "one confirmation letter in the outbox");
      assert.match(letters[0], /^To: <taras@ukr\.net>\r?$/m);
      assert.match(letters[0], new RegExp(`рахунку ${ACCOUNT}`));
      assert.deepEqual(rows, [{ account: ACCOUNT, surname: "Шевченко", given_name: "Тарас", patronymic: "Григорович",
                                email: h.DEMO.email }], "the registration's row in the database");
      await shot(engine, "registered");
      assert.deepEqual(engine.errors, [], "no error on the page's console");
    });

    test("a bad account's error is shown at its field", { timeout: 120000 }, async (t) => {
      ready();
      const expected = coreMessage("account", "123456");
      await engine.goto(`${server.url}/engines.html`);
      await waitReady(engine);
      await engine.type("account", "123456");
      await engine.press("Tab");
      const invalid = () => document.querySelector("abon-signup").shadowRoot.getElementById("abon-account")
        ?.getAttribute("aria-invalid") === "true";
      // The core's instant feedback on blur; where there is none (the plain form), the
      // server's 422 after submitting.
      let when = "on blur";
      try {
        await waitFor(engine, "the instant error", invalid, [], 2000);
      } catch {
        when = "after submitting";
        await engine.click("register");
        await waitFor(engine, "the account's error after submitting", invalid, [], 15000);
      }
      const desc = await engine.evaluate(() =>
        document.querySelector("abon-signup").shadowRoot.getElementById("abon-account-desc")?.textContent ?? null);
      assert.ok(desc?.includes(expected.message), `the account's description says «${expected.message}»: «${desc}»`);
      t.diagnostic(`${engine.label}: ${expected.code} shown ${when}`);
      await shot(engine, "field-error");
    });
  });
}
