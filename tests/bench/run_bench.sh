#!/usr/bin/env bash
# `./run bench` (spec §7): builds in release mode, measures, prints the table with each
# budget and writes it as JSON to build/bench/report.json.
#   1. native-release: the core benchmark and the demo endpoint;
#   2. wasm-release: the module and build/wasm-release/site, exactly what the site serves;
#   3. abon_bench_core (Google Benchmark) → build/bench/core.json;
#   4. page_bench.mjs (headless Chromium, the browser tests' launch; Lighthouse's mobile
#      preset on the same Chromium) → build/bench/page.json;
#   5. report.mjs: download sizes, the table, the JSON, and where the module's bytes are.
# Environment: ABON_BENCH_OCR (200 pictures), ABON_BENCH_LOADS (10), ABON_BENCH_IDLE_MS (5000),
# ABON_BENCH_CYCLES (1000), ABON_BENCH_PHONE_LOADS (5; 0 skips the phone profile),
# ABON_BENCH_LIGHTHOUSE (1 run of each page; 0 skips it), ABON_BENCH_STRICT=1 to exit 1 when
# a figure is over its budget.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/build/bench"
say() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }
cd "$ROOT"

say "building native-release (core benchmark, demo endpoint)"
cmake --workflow --preset bench >/dev/null

say "building wasm-release (build/wasm-release/site)"
cmake --workflow --preset wasm-release >/dev/null
SITE="$ROOT/build/wasm-release/site"

mkdir -p "$OUT"
say "core: abon_bench_core"
"$ROOT/build/native-release/tests/bench/abon_bench_core" --benchmark_format=json >"$OUT/core.json" 2>/dev/null

# The site as served, in a folder of our own: page_bench.mjs adds the bare form's page to it.
rm -rf "$OUT/site"
cp -r "$SITE" "$OUT/site"

say "page: headless Chromium (about 10 minutes)"
node "$ROOT/tests/bench/page_bench.mjs" --site "$OUT/site" \
  --server "$ROOT/build/native-release/web/server/abon-demo-server" \
  --loads "${ABON_BENCH_LOADS:-10}" --idle-ms "${ABON_BENCH_IDLE_MS:-5000}" \
  --cycles "${ABON_BENCH_CYCLES:-1000}" --phone-loads "${ABON_BENCH_PHONE_LOADS:-5}" \
  --lighthouse "${ABON_BENCH_LIGHTHOUSE:-1}" >"$OUT/page.json"

# Spec §7's OCR row: Tesseract 5 against 200 fresh CAPTCHA pictures (≤ 1 read exactly).
say "ocr: tesseract against fresh CAPTCHA pictures"
cmake --build "$ROOT/build/native-release" --target abon-captcha-ocr >/dev/null
"$ROOT/build/native-release/web/server/abon-captcha-ocr" "${ABON_BENCH_OCR:-200}" >"$OUT/ocr.json"
say "ocr: $(cat "$OUT/ocr.json") (budget: exact_either ≤ 1 of 200)"

MODULE="$ROOT/build/wasm-release/wasm"
node "$ROOT/tests/bench/report.mjs" --widget "$SITE/static/abon-signup" \
  --core "$OUT/core.json" --page "$OUT/page.json" --out "$OUT/report.json" \
  --symbols "$MODULE/abon-signup-wasm.js.symbols" \
  ${ABON_BENCH_STRICT:+--strict}
