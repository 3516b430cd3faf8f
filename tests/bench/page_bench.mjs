// The page half of `./run bench` (spec §7): load time to a form that takes text (the widget
// and a bare HTML form of the same fields), the core's first feedback, layout shifts, frames
// drawn while idle, and the wasm heap before and after 1 000 fill–validate–submit cycles.
// Prints one JSON object on stdout; tests/bench/run_bench.sh turns it into the table.
//
//   node tests/bench/page_bench.mjs [--site DIR] [--server BIN] [--loads 10] [--idle-ms 5000]
//                                   [--cycles 1000] [--phone-loads 5] [--route-422] [--lighthouse 1]
//
// Two profiles, each load in a fresh browser context (a cold cache, as a first visit):
// - localhost: a 760×900 desktop window, no throttling;
// - phone (spec §7): 412×900 CSS px at devicePixelRatio 2.6, mobile and touch emulation,
//   Chromium's own throttling over CDP (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up,
//   the CPU 4× slower); the widget and the bare form interleaved so both see the same
//   machine, with a waterfall of each file's request and the main thread's long tasks.
// The bare form's page (bare-form.html, written into --site) is the demo page with
// tests/bench/bare-form.html's <form> (the ten labelled inputs) in place of the widget, no
// script and no stylesheet file, served by the same demo server in the same run.
//
// The Chromium launch and the demo server are the browser tests' own (tests/browser/
// harness.mjs), so the figures describe the same setup the tests exercise.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({
  options: {
    site: { type: "string" }, server: { type: "string" },
    loads: { type: "string", default: "10" }, "idle-ms": { type: "string", default: "5000" },
    cycles: { type: "string", default: "1000" }, "phone-loads": { type: "string", default: "5" },
    "route-422": { type: "boolean", default: false }, lighthouse: { type: "string", default: "1" },
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
export const PHONE = { width: 412, height: 900, dpr: 2.6, latency: 150, downloadThroughput: 1.6e6 / 8,
                       uploadThroughput: 750e3 / 8, cpu: 4 };
const DESKTOP = { width: 760, height: 900, dpr: 1 };
const log = (text) => process.stderr.write(`[page_bench] ${text}\n`);

// The demo page as the site serves it, with every <link> and <script> of the widget's files
// dropped and its element (the snippet inside it too) replaced by the bare form. Returns the
// page's path on the server.
function writeBarePage(site) {
  const demo = readFileSync(path.join(site, "index.html"), "utf8");
  const form = readFileSync(path.join(HERE, "bare-form.html"), "utf8").replace(/^<!--[\s\S]*?-->\n/, "");
  const page = demo.replace(/[ \t]*<(link|script) [^>]*\/static\/abon-signup\/[^>]*>(<\/script>)?\n/g, "")
    .replace(/[ \t]*<abon-signup[\s\S]*?<\/abon-signup>\n/, () => form);
  const markup = page.replace(/<!--[\s\S]*?-->/g, "");
  if (/<script|<abon-signup|\/static\/abon-signup\/|<link [^>]*stylesheet/.test(markup) || !markup.includes("<form ")) {
    throw new Error("the demo page's widget could not be replaced by the bare form: see writeBarePage()");
  }
  writeFileSync(path.join(site, "bare-form.html"), page);
  return "/bare-form.html";
}

// [SECTION] One load: navigation start (performance.timeOrigin) → the form takes text, …

// Runs in the page before its own scripts, the same for the widget and the bare form.
// - textAt: the first field takes text: the first visible <input> (the widget's, in its
//   shadow root, or the bare form's) takes focus and a typed character lands in it (then it
//   is emptied and left, before anything reads it). Checked at every DOM change, and every
//   10 ms, until so.
// - feedbackAt (probe "feedback"): a wrong account number typed into its field as soon as the
//   form takes text and that field is there, the field left as soon as the core runs (data-state "ready": a field
//   left before that is not yet the core's to judge); when the core marks it aria-invalid.
// - paintedAt: the widget's canvas is on screen (data-mode "canvas", then two frames).
// - cls: layout shifts without recent input; longTasks: main-thread tasks over 50 ms.
function watchPage(probe) {
  const t = (window.__bench = { cls: 0, shifts: [], longTasks: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) { t.cls += e.value; t.shifts.push([e.startTime, e.value]); }
  }).observe({ type: "layout-shift", buffered: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) t.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch (err) { t.longTasks = null; }
  const widget = () => document.querySelector("abon-signup");
  const field = (id) => {
    const w = widget();
    if (w) return w.shadowRoot ? w.shadowRoot.querySelector(id ? `#abon-${id}` : "input:not([hidden])") : null;
    return document.querySelector(id ? `form #${id}` : "form input");
  };
  const takesText = (input) => {
    input.focus();
    if (input.getRootNode().activeElement !== input) return false;
    document.execCommand("insertText", false, "ж");
    const took = input.value === "ж";
    input.value = "";
    input.blur();
    return took;
  };
  const check = () => {
    const w = widget();
    if (t.textAt === undefined) {
      const input = field();
      if (input && takesText(input)) t.textAt = performance.now();
    }
    // The page's HTML streams into a declarative shadow root: the first field may take text
    // before the account's field is parsed.
    const account = probe === "feedback" && t.textAt !== undefined && t.typedAt === undefined ? field("account") : null;
    if (account) {
      account.focus();
      if (account.getRootNode().activeElement === account) {
        t.typedAt = performance.now();
        new MutationObserver(() => {
          if (t.feedbackAt === undefined && account.getAttribute("aria-invalid") === "true") t.feedbackAt = performance.now();
        }).observe(account, { attributes: true, attributeFilter: ["aria-invalid"] });
        document.execCommand("insertText", false, "123"); // three digits of seven
      }
    }
    if (probe === "feedback" && t.typedAt !== undefined && w && w.dataset.state === "ready" && t.left === undefined) {
      t.left = performance.now();
      field("account").blur();
    }
    if (w && t.paintedAt === undefined && w.dataset.mode === "canvas") {
      t.paintedAt = null;
      // The frame after next starts once the one with the drawn canvas was handed to the
      // compositor, which (software WebGL here) waits for the GPU process's work.
      requestAnimationFrame(() => requestAnimationFrame(() => { t.paintedAt = performance.now(); }));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  // A declarative shadow root's inputs are parsed where no observer of the document sees
  // them: a timer checks too, until the form takes text.
  const timer = setInterval(() => {
    check();
    if (t.textAt !== undefined && (probe !== "feedback" || t.typedAt !== undefined)) clearInterval(timer);
  }, 10);
}

const summary = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => { const i = (s.length - 1) * q, lo = Math.floor(i); return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo); };
  const round = (x) => Math.round(x * 10) / 10;
  return { median: round(at(0.5)), min: round(s[0]), max: round(s[s.length - 1]), q1: round(at(0.25)), q3: round(at(0.75)),
           samples: xs.map(round) };
};

// The phone's network and CPU, on one page before it navigates; and the page's requests
// as CDP sees them: [{ file, start, end, bytes }] in ms from the page's own request.
async function phoneSession(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: PHONE.latency,
    downloadThroughput: PHONE.downloadThroughput, uploadThroughput: PHONE.uploadThroughput });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: PHONE.cpu });
  const requests = new Map();
  cdp.on("Network.requestWillBeSent", (e) => {
    if (!requests.has(e.requestId)) requests.set(e.requestId, { url: e.request.url, start: e.timestamp });
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = requests.get(e.requestId);
    if (r) { r.end = e.timestamp; r.bytes = e.encodedDataLength; }
  });
  cdp.on("Network.loadingFailed", (e) => { const r = requests.get(e.requestId); if (r) { r.end = e.timestamp; r.failed = true; } });
  return () => {
    const all = [...requests.values()].filter((r) => !r.url.startsWith("data:"));
    const t0 = Math.min(...all.map((r) => r.start));
    const ms = (x) => (x === undefined ? null : Math.round((x - t0) * 1000));
    return all.map((r) => ({ file: new URL(r.url).pathname, start: ms(r.start), end: ms(r.end),
                             bytes: r.bytes === undefined ? null : r.bytes, ...(r.failed ? { failed: true } : {}) }))
      .sort((a, b) => a.start - b.start);
  };
}

// One load in a fresh context. kind: "widget" | "bare"; probe: "observe" | "feedback".
async function loadOnce(browser, url, kind, { phone = false, probe = "observe" } = {}) {
  const screen = phone ? PHONE : DESKTOP;
  const context = await browser.newContext({ viewport: { width: screen.width, height: screen.height },
    deviceScaleFactor: screen.dpr, isMobile: phone, hasTouch: phone });
  try {
    const page = await context.newPage();
    const requests = phone ? await phoneSession(context, page) : null;
    await page.addInitScript(watchPage, probe);
    await page.goto(url, { waitUntil: "commit" });
    const timeout = phone ? 60000 : 20000;
    await page.waitForFunction((want) => {
      const t = window.__bench;
      if (!t || t.textAt === undefined) return false;
      if (want === "bare") return true;
      if (want === "feedback") return t.feedbackAt !== undefined;
      // A touch screen keeps the DOM rendering (mark "dom-kept"): no canvas to wait for.
      const drawn = typeof t.paintedAt === "number" || performance.getEntriesByName("abon-signup:dom-kept").length > 0;
      return drawn && performance.getEntriesByName("abon-signup:ready").length > 0;
    }, kind === "bare" ? "bare" : probe, { timeout });
    if (kind === "widget" && probe === "observe") {
      // Shifts come a frame or two after the change; the CAPTCHA picture a little later.
      await page.waitForFunction(() => document.querySelector("abon-signup").dataset.captcha !== "loading", null, { timeout });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.waitForTimeout(300);
    }
    const facts = await page.evaluate(() => {
      const t = window.__bench;
      const nav = performance.getEntriesByType("navigation")[0];
      return { textAt: t.textAt, feedbackAt: t.feedbackAt, leftAt: t.left, paintedAt: t.paintedAt, cls: t.cls,
               shifts: t.shifts, longTasks: t.longTasks,
               marks: Object.fromEntries([["response_end", nav.responseEnd], ["dom_content_loaded", nav.domContentLoadedEventEnd],
                 ...performance.getEntriesByType("mark").map((m) => [m.name.replace("abon-signup:", ""), m.startTime])]),
               // The loader's measured steps of the start (timed() in element.js): ms each.
               steps: Object.fromEntries(performance.getEntriesByType("measure").filter((m) => m.name.startsWith("abon-signup:"))
                 .map((m) => [m.name.replace("abon-signup:", ""), m.duration])),
               transfers: Object.fromEntries([["page", nav.encodedBodySize],
                 ...performance.getEntriesByType("resource").map((r) => [new URL(r.name).pathname.split("/").pop(), r.encodedBodySize])]) };
    });
    return { ...facts, ...(requests ? { requests: requests() } : {}) };
  } finally {
    await context.close();
  }
}

// The long tasks that start once the form takes text: the person may be typing then.
const tasksAfterText = (load) => (load.longTasks || []).filter(([start, duration]) => start + duration > load.textAt);

function widgetSummary(loads) {
  const phases = {}, steps = {};
  for (const l of loads) for (const [k, v] of Object.entries(l.marks)) (phases[k] = phases[k] || []).push(v);
  for (const l of loads) for (const [k, v] of Object.entries(l.steps || {})) (steps[k] = steps[k] || []).push(v);
  const after = loads.map((l) => tasksAfterText(l));
  return {
    ...summary(loads.map((l) => l.textAt)),
    mark: summary(loads.map((l) => l.marks.ready)),
    painted: loads.some((l) => typeof l.paintedAt === "number") ? summary(loads.filter((l) => typeof l.paintedAt === "number").map((l) => l.paintedAt)) : null,
    dom_kept: loads.filter((l) => l.marks["dom-kept"] !== undefined).length,
    cls_max: Math.round(Math.max(...loads.map((l) => l.cls)) * 1e4) / 1e4,
    long_tasks_after_text: { max_ms: Math.round(Math.max(0, ...after.flat().map(([, d]) => d))),
                             per_load: after.map((a) => a.length) },
    phase_medians: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, summary(v).median])),
    steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, { median: summary(v).median, max: summary(v).max }])),
    transfers: loads[0].transfers,
  };
}

// [SECTION] Lighthouse 12 (tests/bench/package.json, installed by `./run bench`): its
// mobile preset (simulated throttling) on Debian's Chromium, for the widget's page and the
// bare form's. Skipped, saying so, when the package is not installed.
const LIGHTHOUSE = path.join(HERE, "node_modules/.bin/lighthouse");

function lighthouse(url) {
  const dir = mkdtempSync(path.join(tmpdir(), "abon-lighthouse-"));
  const out = path.join(dir, "report.json");
  const args = [url, "--only-categories=performance", "--output=json", `--output-path=${out}`, "--quiet",
                `--chrome-flags=--headless=new ${h.CHROMIUM_ARGS.join(" ")}`];
  const env = { ...process.env, CHROME_PATH: process.env.CHROMIUM || "/usr/bin/chromium" };
  return new Promise((resolve, reject) => {
    execFile(LIGHTHOUSE, args, { env, timeout: 300000 }, (err, stdout, stderr) => {
      try {
        if (err) throw new Error(`lighthouse failed: ${stderr.trim().split("\n").pop() || err.message}`);
        const r = JSON.parse(readFileSync(out, "utf8"));
        if (r.runtimeError) throw new Error(`lighthouse: ${r.runtimeError.message}`);
        const a = r.audits;
        const tasks = ((a["long-tasks"] && a["long-tasks"].details && a["long-tasks"].details.items) || []).map((t) => ({ url: t.url, start: Math.round(t.startTime), ms: Math.round(t.duration) }));
        resolve({ version: r.lighthouseVersion, form_factor: r.configSettings.formFactor, throttling: r.configSettings.throttlingMethod,
                  score: Math.round(r.categories.performance.score * 100), tbt_ms: Math.round(a["total-blocking-time"].numericValue),
                  max_fid_ms: Math.round(a["max-potential-fid"].numericValue), long_tasks: tasks });
      } catch (e) {
        reject(e);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
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
// the answer awaited. The CAPTCHA answer is wrong on purpose (but spelt in the alphabet, or the
// core would refuse it before sending), so the endpoint answers 422
// and the widget renews the picture — the form stays in "editing" for the next cycle.
async function cycles(page, n) {
  return page.evaluate(async (count) => {
    const el = document.querySelector("abon-signup");
    const root = el.shadowRoot;
    const values = {
      surname: "Шевченко", given_name: "Тарас", patronymic: "Григорович", account: "1234567",
      password: "Kobzar1814poet", password_confirm: "Kobzar1814poet", email: "taras@ukr.net",
      email_confirm: "taras@ukr.net", captcha: "ZXWUP", last_payment: "1234,56",
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
  const widgetUrl = `${server.url}/`, bareUrl = `${server.url}${writeBarePage(h.SITE)}`;
  log(`localhost: ${LOADS} loads of the widget`);
  const widgetLoads = [];
  for (let i = 0; i < LOADS; i++) widgetLoads.push(await loadOnce(browser, widgetUrl, "widget"));
  result.widget_ready_ms = widgetSummary(widgetLoads);
  log(`localhost: ${LOADS} loads of the bare form`);
  const bareLoads = [];
  for (let i = 0; i < LOADS; i++) bareLoads.push(await loadOnce(browser, bareUrl, "bare"));
  result.plain_ready_ms = summary(bareLoads.map((l) => l.textAt));
  result.ready_ratio = Math.round((result.widget_ready_ms.median / result.plain_ready_ms.median) * 100) / 100;

  if (PHONE_LOADS > 0) {
    log(`phone profile: ${PHONE_LOADS} rounds of a widget load, a widget load with the feedback probe, a bare-form load`);
    const observed = [], probed = [], bare = [];
    for (let i = 0; i < PHONE_LOADS; i++) {  // interleaved, so drift hits all three alike
      observed.push(await loadOnce(browser, widgetUrl, "widget", { phone: true }));
      probed.push(await loadOnce(browser, widgetUrl, "widget", { phone: true, probe: "feedback" }));
      bare.push(await loadOnce(browser, bareUrl, "bare", { phone: true }));
    }
    const widget = widgetSummary(observed);
    const bareText = summary(bare.map((l) => l.textAt));
    // The waterfall of the load whose first text is the median one (of an odd count).
    const byText = [...observed].sort((a, b) => a.textAt - b.textAt);
    const typical = byText[Math.floor((byText.length - 1) / 2)];
    const typicalBare = [...bare].sort((a, b) => a.textAt - b.textAt)[Math.floor((bare.length - 1) / 2)];
    const round = (x) => (typeof x === "number" ? Math.round(x) : x);
    result.phone = {
      profile: PHONE, loads: PHONE_LOADS,
      widget_input_ms: summary(observed.map((l) => l.textAt)),
      widget_ready_ms: widget.mark,
      widget_feedback_ms: summary(probed.map((l) => l.feedbackAt)),
      widget_left_ms: summary(probed.map((l) => l.leftAt)),
      widget_painted_ms: widget.painted,
      dom_kept: widget.dom_kept,
      cls_max: widget.cls_max,
      long_tasks_after_text: widget.long_tasks_after_text,
      plain_input_ms: bareText,
      input_ratio: Math.round((widget.median / bareText.median) * 100) / 100,
      phase_medians: widget.phase_medians,
      steps: widget.steps,
      transfers: observed[0].transfers, plain_transfers: bare[0].transfers,
      waterfall: {
        widget: { requests: typical.requests, long_tasks: (typical.longTasks || []).map(([s, d]) => [round(s), round(d)]),
                  marks: { text: round(typical.textAt), ...Object.fromEntries(Object.entries(typical.marks).map(([k, v]) => [k, round(v)])),
                           painted: round(typical.paintedAt) } },
        bare: { requests: typicalBare.requests, long_tasks: (typicalBare.longTasks || []).map(([s, d]) => [round(s), round(d)]),
                marks: { text: round(typicalBare.textAt) } },
      },
    };
  }

  const runs = Number(opt.lighthouse);
  if (runs > 0 && !existsSync(LIGHTHOUSE)) {
    result.lighthouse = { skipped: `${LIGHTHOUSE} is missing (./run bench installs it)` };
  } else if (runs > 0) {
    log(`lighthouse: ${runs} run(s) each of the widget's page and the bare form's`);
    const widget = [], bare = [];
    for (let i = 0; i < runs; i++) {
      widget.push(await lighthouse(widgetUrl));
      bare.push(await lighthouse(bareUrl));
    }
    result.lighthouse = { runs, widget, bare };
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
