// The table `./run bench` prints, each figure beside its budget (spec §7), and the same as
// JSON, then where the module's bytes are. Inputs: the widget's folder (every file it
// downloads, with the build's .gz/.br copies beside them), Google Benchmark's JSON of
// abon_bench_core, page_bench.mjs's JSON, and the module's symbol map and font subsets.
//
//   node tests/bench/report.mjs --widget DIR --core core.json --page page.json --out report.json
//                               [--symbols F.symbols] [--blob NAME=FILE]... [--strict]
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import { formatSizes, wasmSizes } from "./wasm_sizes.mjs";

const { values: opt } = parseArgs({
  options: { widget: { type: "string" }, core: { type: "string" }, page: { type: "string" },
             out: { type: "string" }, strict: { type: "boolean", default: false },
             symbols: { type: "string" }, blob: { type: "string", multiple: true, default: [] } },
});
const core = JSON.parse(readFileSync(opt.core, "utf8"));
const page = JSON.parse(readFileSync(opt.page, "utf8"));

// [SECTION] Download sizes: raw, gzip -9 (zlib level 9, the same deflate) and brotli (the
// build's .br copy, which a server sends as it is; quality 11 here when there is none)
// What a browser downloads (the licence notices ship beside the files, never fetched; the
// snippets are pasted into the page, so they are the page's bytes).
const files = readdirSync(opt.widget).filter((name) => !/\.(br|gz|txt|html)$/.test(name)).sort().map((name) => {
  const bytes = readFileSync(path.join(opt.widget, name));
  const br = path.join(opt.widget, `${name}.br`);
  const brotli = existsSync(br) ? readFileSync(br).length
    : brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { file: name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli };
});
const sum = (list, key) => list.reduce((s, f) => s + f[key], 0);
const total = { raw: sum(files, "raw"), gzip: sum(files, "gzip"), brotli: sum(files, "brotli") };
// The canvas path: what a browser with WebAssembly and WebGL2 downloads (not the plain form).
const CANVAS_PATH = ["abon-signup.js", "abon-signup-wasm.js", "abon-signup-wasm.wasm"];
const canvasFiles = files.filter((f) => CANVAS_PATH.includes(f.file));
const canvas = { raw: sum(canvasFiles, "raw"), gzip: sum(canvasFiles, "gzip"), brotli: sum(canvasFiles, "brotli"),
                 complete: canvasFiles.length === CANVAS_PATH.length };
// The widget's font, fetched by every rendering (the DOM form's face and the canvas's atlas).
const fontFiles = files.filter((f) => f.file.endsWith(".ttf"));
const fonts = { raw: sum(fontFiles, "raw"), gzip: sum(fontFiles, "gzip"), brotli: sum(fontFiles, "brotli") };
const moduleFile = path.join(opt.widget, "abon-signup-wasm.wasm");
const blobs = Object.fromEntries(opt.blob.map((b) => [b.slice(0, b.indexOf("=")), b.slice(b.indexOf("=") + 1)]));
const sizes = existsSync(moduleFile) ? wasmSizes(moduleFile, { symbols: opt.symbols, blobs, top: 15 }) : null;

// [SECTION] Core: the median aggregates
const medians = core.benchmarks.filter((b) => b.aggregate_name === "median");
const us = (b) => (b.time_unit === "ns" ? b.real_time / 1000 : b.time_unit === "ms" ? b.real_time * 1000 : b.real_time);
const formMedian = us(medians.find((b) => b.name.startsWith("BM_ValidateForm")));
const fieldMedians = Object.fromEntries(medians.filter((b) => b.name.startsWith("BM_ValidateField"))
  .map((b) => [b.label, Math.round(us(b) * 1000) / 1000]));
const slowestField = Object.entries(fieldMedians).sort((a, b) => b[1] - a[1])[0];

// [SECTION] The rows: what, figure, budget, verdict (null: no budget, for information)
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
const ms = (s) => `${s.median} ms (min ${s.min}, max ${s.max}, IQR ${s.q1}–${s.q3})`;
const w = page.widget_ready_ms, p = page.plain_ready_ms, heap = page.wasm_heap, phone = page.phone;
const CANVAS_BUDGET = 120000;
const longest = (l) => `${l.max_ms} ms (tasks over 50 ms per load: ${l.per_load.join(", ")})`;
const phoneRows = phone ? [
  [`phone profile: first field takes text, widget (${phone.loads} loads)`, ms(phone.widget_input_ms), "", null],
  [`phone profile: first field takes text, bare HTML form (${phone.loads} loads)`, ms(phone.plain_input_ms), "", null],
  ["phone profile: first field takes text, widget / bare form (medians)", `${phone.input_ratio}×`, "≤ 1.2×", phone.input_ratio <= 1.2],
  [`phone profile: the core's first feedback, a wrong account marked invalid (${phone.loads} loads)`, ms(phone.widget_feedback_ms),
   "≤ 1 300 ms median", phone.widget_feedback_ms.median <= 1300],
  [`phone profile: the core runs (abon-signup:ready; the probe leaves the field then)`, ms(phone.widget_ready_ms), "", null],
  [`phone profile: canvas on screen`, phone.widget_painted_ms ? ms(phone.widget_painted_ms)
    : `none: the DOM rendering kept (a touch screen) in ${phone.dom_kept} of ${phone.loads} loads`, "", null],
  ["phone profile: layout shift of loading and the canvas upgrade (CLS, worst load)", `${phone.cls_max}`, "0", phone.cls_max === 0],
  ["phone profile: longest main-thread task once the form takes text", longest(phone.long_tasks_after_text), "≤ 50 ms",
   phone.long_tasks_after_text.max_ms <= 50],
] : [];
// Lighthouse's mobile preset: the median of its runs (one run by default).
const lh = page.lighthouse;
const lhMedian = (runs, key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)];
const lighthouseRows = lh && lh.widget ? [
  [`Lighthouse ${lh.widget[0].version} mobile, widget page: Performance score`, `${lhMedian(lh.widget, "score")}`, "≥ 95",
   lhMedian(lh.widget, "score") >= 95],
  ["Lighthouse mobile, widget page: Total Blocking Time", `${lhMedian(lh.widget, "tbt_ms")} ms`, "≤ 200 ms", lhMedian(lh.widget, "tbt_ms") <= 200],
  ["Lighthouse mobile, widget page: max potential first-input delay", `${lhMedian(lh.widget, "max_fid_ms")} ms`, "", null],
  ["Lighthouse mobile, bare form: Performance score, TBT, max potential FID",
   `${lhMedian(lh.bare, "score")}, ${lhMedian(lh.bare, "tbt_ms")} ms, ${lhMedian(lh.bare, "max_fid_ms")} ms`, "", null],
] : [];

const rows = [
  ...files.map((f) => [`download: ${f.file}`, `${kb(f.raw)} raw, ${kb(f.gzip)} gzip, ${kb(f.brotli)} brotli`, "", null]),
  ["download: total, gzip -9", `${kb(total.gzip)} (${kb(total.raw)} raw, ${kb(total.brotli)} brotli)`, "≤ 200 kB", total.gzip <= 200_000],
  ["download: canvas path (loader, glue, wasm), gzip -9", `${kb(canvas.gzip)} (${kb(canvas.raw)} raw, ${kb(canvas.brotli)} brotli)`,
   "≤ 120 kB", canvas.complete && canvas.gzip <= CANVAS_BUDGET],
  ["download: the widget's font (both faces, every rendering), gzip -9", `${kb(fonts.gzip)} (${kb(fonts.raw)} raw, ${kb(fonts.brotli)} brotli)`, "", null],
  [`navigation → input, widget (${page.loads} loads)`, ms(w), "≤ 300 ms median", w.median <= 300],
  [`navigation → the core runs (abon-signup:ready), widget (${page.loads} loads)`, ms(w.mark), "", null],
  [`navigation → canvas on screen, widget (${page.loads} loads)`, w.painted ? ms(w.painted) : "none", "", null],
  ["layout shift of loading and the canvas upgrade (CLS, worst load)", `${w.cls_max}`, "0", w.cls_max === 0],
  ["longest main-thread task once the form takes text", longest(w.long_tasks_after_text), "", null],
  [`navigation → input, bare HTML form (${page.loads} loads)`, ms(p), "", null],
  ["navigation → input, widget / bare form (medians)", `${page.ready_ratio}×`, "", null],
  ...phoneRows,
  ...lighthouseRows,
  [`frames/s idle, no focus (${page.fps_idle.seconds} s)`, `${page.fps_idle.per_second} (${page.fps_idle.frames} frames)`, "0", page.fps_idle.frames === 0],
  [`frames/s focused field, no input (${page.fps_focused.seconds} s)`, `${page.fps_focused.per_second} (${page.fps_focused.frames} frames)`, "≤ 4", page.fps_focused.per_second <= 4],
  ["validate whole form, native, median", `${formMedian.toFixed(2)} µs`, "≤ 20 µs", formMedian <= 20],
  [`validate one field, median (slowest: ${slowestField[0]})`, `${slowestField[1].toFixed(2)} µs`, "", null],
  ["wasm heap after load", `${heap.after_load} B`, "", null],
  ["wasm heap after the first cycle", `${heap.after_first_cycle} B`, "", null],
  [`wasm heap after ${page.cycles} fill–validate–submit cycles`, `${heap.after_cycles} B (+${heap.growth_after_first} B after the first)`,
   "no growth beyond the first", heap.growth_after_first === 0],
];

const verdict = (ok) => (ok === null ? "" : ok ? "PASS" : "OVER");
const header = ["what", "measured", "budget", ""];
const table = [header, ...rows.map(([a, b, c, ok]) => [a, b, c, verdict(ok)])];
const widths = header.map((_, i) => Math.max(...table.map((r) => [...r[i]].length)));
const line = (r) => `| ${r.map((c, i) => c + " ".repeat(widths[i] - [...c].length)).join(" | ")} |`;
const text = [line(header), `|${widths.map((n) => "-".repeat(n + 2)).join("|")}|`, ...table.slice(1).map(line)].join("\n");

const machine = {
  cpu: os.cpus()[0]?.model, cpus: os.cpus().length, memory_gb: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()}`, chromium: page.chromium, node: process.version,
  load_average: os.loadavg().map((x) => Math.round(x * 100) / 100),
};
console.log(text);
console.log(`\nmachine: ${machine.cpu}, ${machine.cpus} CPUs, ${machine.memory_gb} GB; Chromium ${machine.chromium} (headless, SwiftShader WebGL); load ${machine.load_average.join(" ")}`);
const phases = Object.entries(w.phase_medians || {}).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${Math.round(v)}`);
console.log(`widget load, median ms from navigation: ${phases.join(", ")}`);
// The start's steps, each one task (element.js timed()): what a task over 50 ms is made of.
const stepLine = (steps) => Object.entries(steps || {}).map(([k, v]) => `${k} ${Math.round(v.median)} (max ${Math.round(v.max)})`).join(", ");
if (w.steps) console.log(`widget load, the start's steps, median ms each (a task each): ${stepLine(w.steps)}`);
console.log(`cycles: the Register POST answered by the ${page.register_answered_by}, ${heap.cycles_seconds} s: ${JSON.stringify(heap.answers)}`);
if (phone) {
  const sent = (t) => Object.entries(t).map(([k, v]) => `${k} ${kb(v)}`).join(", ");
  const f = phone.profile;
  console.log(`phone profile: ${f.width}×${f.height} CSS px at devicePixelRatio ${f.dpr}, mobile and touch; ` +
              `${f.latency} ms RTT, ${f.downloadThroughput * 8 / 1e6} Mbit/s down, ${f.uploadThroughput * 8 / 1e3} kbit/s up, ` +
              `CPU ${f.cpu}× slower; sent (encoded): ${sent(phone.transfers)}; bare form: ${sent(phone.plain_transfers)}`);
  const steps = Object.entries(phone.phase_medians || {}).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${Math.round(v)}`);
  console.log(`phone profile, widget load, median ms from navigation: ${steps.join(", ")}`);
  if (phone.steps) console.log(`phone profile, the start's steps, median ms each (a task each): ${stepLine(phone.steps)}`);
  console.log(`\n${waterfall("widget", phone.waterfall.widget, phone.loads)}\n\n${waterfall("bare form", phone.waterfall.bare, phone.loads)}`);
}
if (lh && lh.skipped) console.log(`Lighthouse: skipped (${lh.skipped})`);
if (lh && lh.widget) {
  const tasks = lh.widget[0].long_tasks.map((t) => `${t.ms} ms at ${t.start} (${t.url})`).join("; ");
  console.log(`Lighthouse ${lh.widget[0].form_factor}, ${lh.widget[0].throttling} throttling, widget page: long tasks ${tasks || "none"}`);
}
if (page.page_errors.length) console.log(`page errors: ${page.page_errors.join("; ")}`);
if (sizes) console.log(`\nwhere the module's bytes are (${path.basename(moduleFile)}):\n${formatSizes(sizes)}`);

// Each file's request on the phone profile (the load with the median first text): start,
// end, bytes, and a bar of 100 ms a character; then the main thread's long tasks.
function waterfall(what, w, loads) {
  const STEP = 100;
  const bar = (from, to, ch) => " ".repeat(Math.max(0, Math.round(from / STEP))) + ch.repeat(Math.max(1, Math.round((to - from) / STEP)));
  const name = (file) => (file === "/" ? "/ (the page)" : file);
  const width = Math.max(...w.requests.map((r) => name(r.file).length), 12);
  const lines = w.requests.map((r) => `  ${name(r.file).padEnd(width)} ${String(r.start).padStart(5)} → ${String(r.end === null ? "…" : r.end).padStart(5)} ms` +
    `  ${r.bytes === null ? "     " : kb(r.bytes).padStart(8)}${r.failed ? " failed" : ""}  ${bar(r.start, r.end === null ? r.start : r.end, "▆")}`);
  const tasks = w.long_tasks.map(([s, d]) => `  ${"long task".padEnd(width)} ${String(s).padStart(5)} → ${String(s + d).padStart(5)} ms  ${`${d} ms`.padStart(8)}  ${bar(s, s + d, "█")}`);
  const marks = Object.entries(w.marks).filter(([, v]) => typeof v === "number").sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${v}`);
  return [`phone profile, ${what}: the waterfall of the load with the median first text (of ${loads}), ms from the page's request` +
          ` (${STEP} ms a character; long tasks from the page's PerformanceObserver, in its own clock):`, ...lines, ...tasks,
          `  marks: ${marks.join(", ")}`].join("\n");
}

const over = rows.filter((r) => r[3] === false).map((r) => r[0]);
writeFileSync(opt.out, `${JSON.stringify({
  machine, downloads: { files, total, budget_gzip_bytes: 200_000, canvas_path: { ...canvas, files: CANVAS_PATH, budget_gzip_bytes: CANVAS_BUDGET } },
  module_sizes: sizes,
  core_us: { form_median: formMedian, field_medians: fieldMedians },
  page, rows: rows.map(([what, measured, budget, ok]) => ({ what, measured, budget, verdict: verdict(ok) || null })),
  over,
}, null, 2)}\n`);
console.log(`\nwritten: ${opt.out}${over.length ? `; over budget: ${over.join(", ")}` : "; every budget met"}`);
if (opt.strict && over.length) process.exit(1);
