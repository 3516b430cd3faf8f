// The page half of `./run bench` (spec §7): load time to a form that takes input (the widget
// and a plain HTML form of the same fields), frames drawn while idle, and the wasm heap
// before and after 1 000 fill–validate–submit cycles. Prints one JSON object on stdout;
// tests/bench/run_bench.sh turns it into the table.
//
//   node tests/bench/page_bench.mjs [--site DIR] [--server BIN] [--loads 10] [--idle-ms 5000]
//                                   [--cycles 1000] [--phone-loads 5] [--route-422]
//
// The phone profile (spec §7): Chromium's own throttling over CDP, 150 ms round trip,
// 1.6 Mbit/s down, 750 kbit/s up, the CPU 4× slower, for the widget and the plain form
// alike, loads interleaved so both see the same machine.
//
// The Chromium launch and the demo server are the browser tests' own (tests/browser/
// harness.mjs), so the figures describe the same setup the tests exercise.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({
  options: {
    site: { type: "string" }, server: { type: "string" },
    loads: { type: "string", default: "10" }, "idle-ms": { type: "string", default: "5000" },
    cycles: { type: "string", default: "1000" }, "phone-loads": { type: "string", default: "5" },
    "route-422": { type: "boolean", default: false },
  },
});
// harness.mjs reads these when it is imported.
if (opt.site) process.env.ABON_SITE_DIR = path.resolve(opt.site);
if (opt.server) process.env.ABON_DEMO_SERVER = path.resolve(opt.server);
const h = await import(path.join(HERE, "../browser/harness.mjs"));

const LOADS = Number(opt.loads);
const IDLE_MS = Number(opt["idle-ms"]);
const CYCLES = Number(opt.cycles);
const PHONE_LOADS = Number(opt["phone-loads"]);
export const PHONE = { latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8, cpu: 4 };
const log = (text) => process.stderr.write(`[page_bench] ${text}\n`);

// [SECTION] Load time: navigation start (performance.timeOrigin) → the form takes input

// Runs in the page before its scripts: notes when the widget's form first takes text (its
// DOM form, data-state "loading" or "ready", checked by focusing a real input), when the
// canvas is on screen (data-mode "canvas", then two frames), and sums the layout shifts.
function watchWidgetReady() {
  window.__benchCls = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__benchCls += e.value;
  }).observe({ type: "layout-shift", buffered: true });
  new MutationObserver(() => {
    const el = document.querySelector("abon-signup");
    if (!el) return;
    if (window.__benchReadyAt === undefined && (el.dataset.state === "loading" || el.dataset.state === "ready")) {
      const input = el.shadowRoot && el.shadowRoot.querySelector("input:not([hidden])");
      if (input) {
        input.focus();
        const focusable = el.shadowRoot.activeElement === input;
        input.blur();
        if (focusable) window.__benchReadyAt = performance.now();
      }
    }
    if (window.__benchPaintedAt === undefined && el.dataset.mode === "canvas") {
      window.__benchPaintedAt = null;
      // The frame after next starts once the one with the drawn canvas was handed to the
      // compositor, which (software WebGL here) waits for the GPU process's work.
      requestAnimationFrame(() => requestAnimationFrame(() => { window.__benchPaintedAt = performance.now(); }));
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state", "data-mode"] });
}

const summary = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => { const i = (s.length - 1) * q, lo = Math.floor(i); return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo); };
  const round = (x) => Math.round(x * 10) / 10;
  return { median: round(at(0.5)), min: round(s[0]), max: round(s[s.length - 1]), q1: round(at(0.25)), q3: round(at(0.75)),
           samples: xs.map(round) };
};

// Throttles one page as the phone profile says, before it navigates.
async function throttle(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: PHONE.latency,
    downloadThroughput: PHONE.downloadThroughput, uploadThroughput: PHONE.uploadThroughput });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: PHONE.cpu });
}

// Each load in a fresh context: a cold HTTP cache, as a first visit sees it.
async function loadTimes(browser, url, kind, { loads = LOADS, phone = false } = {}) {
  const times = [];
  const marks = [];
  const painted = [];
  const shifts = [];
  const phases = {};
  const transfers = {};
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ viewport: { width: 760, height: 900 } });
    const page = await context.newPage();
    if (phone) await throttle(context, page);
    if (kind === "widget") await page.addInitScript(watchWidgetReady);
    await page.goto(url);
    const r = await page.waitForFunction((k) => {
      if (k === "widget") {
        const m = performance.getEntriesByName("abon-signup:ready")[0];
        return typeof window.__benchPaintedAt === "number" && window.__benchReadyAt !== undefined && m &&
          { at: window.__benchReadyAt, mark: m.startTime, painted: window.__benchPaintedAt };
      }
      const m = performance.getEntriesByName("plain-form:ready")[0];
      return m && { at: m.startTime, mark: m.startTime };
    }, kind, { timeout: phone ? 60000 : 20000 }).then((handle) => handle.jsonValue());
    times.push(r.at);
    marks.push(r.mark);
    if (r.painted !== undefined) {
      painted.push(r.painted);
      await page.waitForTimeout(300); // shifts come a frame or two after the change
      shifts.push(await page.evaluate(() => window.__benchCls));
    }
    // Where the time goes: the navigation's response end and the loader's own marks.
    const steps = await page.evaluate(() => Object.fromEntries([
      ["response_end", performance.getEntriesByType("navigation")[0].responseEnd],
      ["dom_content_loaded", performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd],
      ...performance.getEntriesByType("mark").map((m) => [m.name.replace("abon-signup:", ""), m.startTime]),
    ]));
    for (const [k, v] of Object.entries(steps)) (phases[k] ||= []).push(v);
    // What crossed the wire for each file of the page (encoded bytes, as sent).
    Object.assign(transfers, await page.evaluate(() => Object.fromEntries([
      ["page", performance.getEntriesByType("navigation")[0].encodedBodySize],
      ...performance.getEntriesByType("resource").map((r) => [new URL(r.name).pathname.split("/").pop(), r.encodedBodySize]),
    ])));
    await context.close();
  }
  const phase_medians = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, summary(v).median]));
  return { ...summary(times), mark: summary(marks), mark_median: summary(marks).median, phase_medians, transfers,
           ...(painted.length ? { painted: summary(painted), cls_max: Math.round(Math.max(...shifts) * 1e4) / 1e4 } : {}) };
}

// [SECTION] Frames and memory, on one page

const framesDrawn = (page) => page.evaluate(() => document.querySelector("abon-signup").framesDrawn);
// The module's linear memory: Emscripten's HEAP8 view is replaced when memory grows.
const heapBytes = (page) => page.evaluate(() => document.querySelector("abon-signup").module.HEAP8.buffer.byteLength);

async function framesPerSecond(page) {
  const before = await framesDrawn(page);
  const t0 = Date.now();
  await page.waitForTimeout(IDLE_MS);
  const frames = (await framesDrawn(page)) - before;
  return { frames, seconds: (Date.now() - t0) / 1000, per_second: Math.round((frames / ((Date.now() - t0) / 1000)) * 100) / 100 };
}

// n cycles in the page: every field filled through its real <input> (cleared, then set,
// each with the input event a user's typing fires), the real Register button clicked,
// the answer awaited. The CAPTCHA answer is wrong on purpose, so the endpoint answers 422
// and the widget renews the picture — the form stays in "editing" for the next cycle.
async function cycles(page, n) {
  return page.evaluate(async (count) => {
    const el = document.querySelector("abon-signup");
    const root = el.shadowRoot;
    const values = {
      surname: "Шевченко", given_name: "Тарас", patronymic: "Григорович", account: "1234567",
      password: "Kobzar1814poet", password_confirm: "Kobzar1814poet", email: "taras@ukr.net",
      email_confirm: "taras@ukr.net", captcha: "EDCBA", last_payment: "1234,56",
    };
    const until = (ok, ms = 10000) => new Promise((resolve, reject) => {
      const t0 = performance.now();
      const tick = () => (ok() ? resolve() : performance.now() - t0 > ms ? reject(new Error("timed out")) : setTimeout(tick, 1));
      tick();
    });
    // A 422 renews the picture; filling before the new challenge arrives would have the
    // answer cleared under it, so each cycle waits for the renewal to finish.
    let renewed = true;
    new MutationObserver(() => { if (el.dataset.captcha === "loading") renewed = true; })
      .observe(el, { attributes: true, attributeFilter: ["data-captcha"] });
    const statuses = {};
    for (let i = 0; i < count; i++) {
      const settled = () => el.dataset.state === "ready" && el.dataset.captcha === "ready";
      await until(() => renewed && settled(), 3000).catch(() => until(settled));  // no renewal: go on
      renewed = false;
      for (const [id, value] of Object.entries(values)) {
        const input = root.getElementById(`abon-${id}`);
        input.focus();
        input.value = "";
        input.dispatchEvent(new Event("input"));
        input.value = value;
        input.dispatchEvent(new Event("input"));
      }
      // A cycle with no answer in 5 s is counted, with what the widget said, not fatal.
      const answered = new Promise((resolve) => {
        const timer = setTimeout(() => resolve({ status: "no answer", code:
          `state ${el.dataset.state}, captcha ${el.dataset.captcha}, said "${root.querySelector("[aria-live]")?.textContent}"` }), 5000);
        el.addEventListener("abon-signup:error", (e) => { clearTimeout(timer); resolve(e.detail); }, { once: true });
      });
      root.getElementById("abon-register").click();
      const detail = await answered;
      statuses[`${detail.status} ${detail.code}`] = (statuses[`${detail.status} ${detail.code}`] || 0) + 1;
    }
    return statuses;
  }, n);
}

// [SECTION] Main

const server = await h.startServer({ env: { ABON_RATE_PER_MINUTE: "100000000" } });
const browser = await h.launchBrowser();
const result = { chromium: browser.version(), loads: LOADS, idle_ms: IDLE_MS, cycles: CYCLES };
try {
  log(`widget: ${LOADS} loads`);
  result.widget_ready_ms = await loadTimes(browser, `${server.url}/`, "widget");
  log(`plain form: ${LOADS} loads`);
  result.plain_ready_ms = await loadTimes(browser, `${server.url}/plain-form.html`, "plain");
  result.ready_ratio = Math.round((result.widget_ready_ms.median / result.plain_ready_ms.median) * 100) / 100;

  if (PHONE_LOADS > 0) {
    log(`phone profile: ${PHONE_LOADS} loads each, widget and plain form interleaved`);
    const widget = [], plain = [];
    for (let i = 0; i < PHONE_LOADS; i++) {  // one at a time each, so drift hits both alike
      widget.push(await loadTimes(browser, `${server.url}/`, "widget", { loads: 1, phone: true }));
      plain.push(await loadTimes(browser, `${server.url}/plain-form.html`, "plain", { loads: 1, phone: true }));
    }
    const input = summary(widget.map((r) => r.median)), feedback = summary(widget.map((r) => r.mark.median));
    const plainInput = summary(plain.map((r) => r.median));
    const cls = Math.max(...widget.map((r) => r.cls_max));
    result.phone = { profile: PHONE, loads: PHONE_LOADS, widget_input_ms: input, widget_feedback_ms: feedback, cls_max: cls,
                     plain_input_ms: plainInput, input_ratio: Math.round((input.median / plainInput.median) * 100) / 100,
                     transfers: widget[0].transfers, plain_transfers: plain[0].transfers };
  }

  const { context, page, errors } = await h.openWidget(browser, server);
  await h.settle(page);
  log(`frames idle, no focus: ${IDLE_MS} ms`);
  result.fps_idle = await framesPerSecond(page);
  await h.input(page, "surname").click();
  await page.waitForTimeout(300);
  log(`frames with a focused field: ${IDLE_MS} ms`);
  result.fps_focused = await framesPerSecond(page);
  await page.locator("abon-signup #abon-surname").blur();

  if (opt["route-422"]) {
    await page.route("**/api/register", (route) => route.fulfill({
      status: 422, contentType: "application/json", body: JSON.stringify({ errors: { captcha: "captcha_wrong" } }) }));
  }
  result.register_answered_by = opt["route-422"] ? "page.route (422 captcha_wrong)" : "demo endpoint (wrong CAPTCHA → 422)";
  const heap = { after_load: await heapBytes(page) };
  let statuses = await cycles(page, 1);
  heap.after_first_cycle = await heapBytes(page);
  log(`${CYCLES} fill–validate–submit cycles`);
  const t0 = Date.now();
  const rest = await cycles(page, CYCLES - 1);
  for (const [k, v] of Object.entries(rest)) statuses[k] = (statuses[k] || 0) + v;
  heap.after_cycles = await heapBytes(page);
  heap.cycles_seconds = (Date.now() - t0) / 1000;
  heap.answers = statuses;
  heap.growth_after_first = heap.after_cycles - heap.after_first_cycle;
  heap.growth_after_load = heap.after_cycles - heap.after_load;
  result.wasm_heap = heap;
  // The 422s are the cycles' own answers, which Chromium logs as failed loads.
  result.page_errors = errors.filter((e) => !/status of 422/.test(e));
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
