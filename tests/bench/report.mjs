// The table `./run bench` prints, each figure beside its budget (spec §7), and the same as
// JSON. Inputs: the widget's folder (every file it downloads), Google Benchmark's JSON of
// abon_bench_core, and page_bench.mjs's JSON.
//
//   node tests/bench/report.mjs --widget DIR --core core.json --page page.json --out report.json [--strict]
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";

const { values: opt } = parseArgs({
  options: { widget: { type: "string" }, core: { type: "string" }, page: { type: "string" },
             out: { type: "string" }, strict: { type: "boolean", default: false } },
});
const core = JSON.parse(readFileSync(opt.core, "utf8"));
const page = JSON.parse(readFileSync(opt.page, "utf8"));

// [SECTION] Download sizes: raw and gzip -9 (zlib level 9, the same deflate)
const files = readdirSync(opt.widget).sort().map((name) => {
  const bytes = readFileSync(path.join(opt.widget, name));
  return { file: name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
const total = { raw: files.reduce((s, f) => s + f.raw, 0), gzip: files.reduce((s, f) => s + f.gzip, 0) };

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
const w = page.widget_ready_ms, p = page.plain_ready_ms, heap = page.wasm_heap;
const rows = [
  ...files.map((f) => [`download: ${f.file}`, `${kb(f.raw)} raw, ${kb(f.gzip)} gzip`, "", null]),
  ["download: total, gzip -9", `${kb(total.gzip)} (${kb(total.raw)} raw)`, "≤ 200 kB", total.gzip <= 200_000],
  [`navigation → input, widget (${page.loads} loads)`, ms(w), "≤ 300 ms median", w.median <= 300],
  [`navigation → canvas on screen, widget (${page.loads} loads)`, ms(w.painted), "", null],
  [`navigation → input, plain form (${page.loads} loads)`, ms(p), "", null],
  ["ready time, widget / plain form", `${page.ready_ratio}×`, "", null],
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
console.log(`cycles: the Register POST answered by the ${page.register_answered_by}, ${heap.cycles_seconds} s: ${JSON.stringify(heap.answers)}`);
if (page.page_errors.length) console.log(`page errors: ${page.page_errors.join("; ")}`);

const over = rows.filter((r) => r[3] === false).map((r) => r[0]);
writeFileSync(opt.out, `${JSON.stringify({
  machine, downloads: { files, total, budget_gzip_bytes: 200_000 },
  core_us: { form_median: formMedian, field_medians: fieldMedians },
  page, rows: rows.map(([what, measured, budget, ok]) => ({ what, measured, budget, verdict: verdict(ok) || null })),
  over,
}, null, 2)}\n`);
console.log(`\nwritten: ${opt.out}${over.length ? `; over budget: ${over.join(", ")}` : "; every budget met"}`);
if (opt.strict && over.length) process.exit(1);
