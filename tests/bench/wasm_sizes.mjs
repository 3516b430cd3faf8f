// Where the module's bytes are: each section of the .wasm, and its code and data by origin
// (Dear ImGui, stb, nlohmann/json, the core, the widget, libc++, libc), raw and gzip -9.
// Function names come from the symbol map Emscripten writes beside the module
// (--emit-symbol-map: index → name); known blobs in the data (the font subsets) are found
// by their bytes, given as files (this Emscripten drops wasm-ld's --Map option).
//
//   node tests/bench/wasm_sizes.mjs abon-signup-wasm.wasm [--symbols F.symbols] [--blob NAME=FILE]... [--top 25]
//
// Each origin's gzip figure is its bytes compressed on their own: the parts of a whole
// compress a little worse than the whole, so the column adds up to a bit more than the file.
import { readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const SECTION_NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export",
                       "start", "element", "code", "data", "data count"];

function reader(bytes) {
  let at = 0;
  const r = {
    get at() { return at; },
    set at(v) { at = v; },
    byte: () => bytes[at++],
    u32() {  // unsigned LEB128
      let result = 0, shift = 0, b;
      do { b = bytes[at++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
      return result;
    },
    skipExpr() {  // a constant expression, up to its `end` (0x0b); enough for data offsets
      const op = bytes[at++];
      if (op === 0x41 || op === 0x42) { while (bytes[at++] & 0x80); }  // i32/i64.const
      else if (op === 0x23) r.u32();                                    // global.get
      if (bytes[at++] !== 0x0b) throw new Error("unexpected constant expression in the data section");
    },
    name() { const n = r.u32(); const s = Buffer.from(bytes.subarray(at, at + n)).toString("utf8"); at += n; return s; },
  };
  return r;
}

// The module's sections, its function bodies (index → bytes) and its data segments.
export function parseWasm(bytes) {
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error("not a WebAssembly module");
  const r = reader(bytes);
  r.at = 8;
  const sections = [], bodies = [], segments = [];
  let imported = 0;
  while (r.at < bytes.length) {
    const id = r.byte(), size = r.u32(), start = r.at, end = start + size;
    let name = SECTION_NAMES[id] ?? `section ${id}`;
    if (id === 0) name = `custom "${r.name()}"`;
    if (id === 2) {  // count the imported functions: the code section's indices start after them
      for (let n = r.u32(); n > 0; n--) {
        r.name(); r.name();
        const kind = r.byte();
        if (kind === 0) { r.u32(); imported++; }
        else if (kind === 1) { r.byte(); const f = r.u32(); r.u32(); if (f & 1) r.u32(); }
        else if (kind === 2) { const f = r.u32(); r.u32(); if (f & 1) r.u32(); }
        else if (kind === 3) { r.byte(); r.byte(); }
      }
    }
    if (id === 10) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const len = r.u32();
        bodies.push({ index: imported + i, bytes: bytes.subarray(r.at, r.at + len) });
        r.at += len;
      }
    }
    if (id === 11) {
      for (let n = r.u32(); n > 0; n--) {
        const flags = r.u32();
        let address = null;
        if (flags === 2) r.u32();
        if (flags !== 1) {  // active: read its i32.const address
          const save = r.at;
          if (bytes[r.at] === 0x41) {
            r.at++;
            let result = 0, shift = 0, b;
            do { b = bytes[r.at++]; result |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
            address = result >>> 0;
          }
          r.at = save;
          r.skipExpr();
        }
        const len = r.u32();
        segments.push({ address, bytes: bytes.subarray(r.at, r.at + len) });
        r.at += len;
      }
    }
    sections.push({ name, bytes: bytes.subarray(start, end) });
    r.at = end;
  }
  return { sections, bodies, segments };
}

// "12:name" lines (Emscripten's symbol map).
export function readSymbols(text) {
  const names = new Map();
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    // Names are escaped as the name section spells them: "\\28" for "(".
    if (colon > 0) names.set(Number(line.slice(0, colon)),
                             line.slice(colon + 1).replace(/\\([0-9a-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
  }
  return names;
}

// The origin of a function or data symbol, by its (demangled or mangled) name.
const ORIGINS = [
  ["nlohmann/json", /nlohmann/],
  ["widget (wasm/)", /abon::(ui|web)::|abon(2|3)ui|abon(2|3)web|^abon_|^js_|\bui::|\bweb::/],
  ["core (shared/)", /abon::|^_ZN4abon|^_ZNK4abon|abon::detail/],
  ["stb_image", /stbi|stb_image/],
  ["stb_truetype / stb_rect_pack", /stbtt|stbrp|stb__|^stb_/],
  ["Dear ImGui", /ImGui|^Im[A-Z]|\bIm[A-Z][A-Za-z]+::|_ZN\d+Im|_ZNK\d+Im|GImGui|^_Z\d+Im/],
  ["libc++ / libc++abi", /std::|^_ZNSt|^_ZNKSt|__cxa|__cxxabiv1|^_Zn|^_Zd|operator new|operator delete|^_ZN(K)?St|__2::/],
];
export const originOf = (name) => (ORIGINS.find(([, re]) => re.test(name)) ?? ["libc, emmalloc, runtime"])[0];

const gz = (buf) => gzipSync(buf, { level: 9 }).length;

export function wasmSizes(wasmPath, { symbols, blobs = {}, top = 25 } = {}) {
  const bytes = readFileSync(wasmPath);
  const { sections, bodies, segments } = parseWasm(bytes);
  const names = symbols && existsSync(symbols) ? readSymbols(readFileSync(symbols, "utf8")) : new Map();

  const out = {
    file: { raw: bytes.length, gzip: gz(bytes) },
    sections: sections.map((s) => ({ name: s.name, raw: s.bytes.length, gzip: gz(s.bytes) })),
    code: [], data: [], top_functions: [],
  };

  const byOrigin = (items, nameOf, bytesOf) => {
    const groups = new Map();
    for (const it of items) {
      const o = originOf(nameOf(it));
      if (!groups.has(o)) groups.set(o, []);
      groups.get(o).push(bytesOf(it));
    }
    return [...groups].map(([origin, parts]) => {
      const all = Buffer.concat(parts);
      return { origin, count: parts.length, raw: all.length, gzip: gz(all) };
    }).sort((a, b) => b.raw - a.raw);
  };

  const fname = (b) => names.get(b.index) ?? `function ${b.index}`;
  if (names.size) {
    out.code = byOrigin(bodies, fname, (b) => b.bytes);
    out.top_functions = [...bodies].sort((a, b) => b.bytes.length - a.bytes.length).slice(0, top)
      .map((b) => ({ name: fname(b), origin: originOf(fname(b)), raw: b.bytes.length }));
  }

  // Data: the known blobs where their bytes are found, and the rest (strings, tables).
  // The memory image: wasm-opt splits segments at runs of zeros, which a blob may hold.
  const placed = segments.filter((g) => g.address !== null);
  const low = Math.min(...placed.map((g) => g.address));
  const data = Buffer.alloc(Math.max(...placed.map((g) => g.address + g.bytes.length)) - low);
  for (const g of placed) data.set(g.bytes, g.address - low);
  let rest = segments.reduce((n, g) => n + g.bytes.length, 0);
  for (const [name, file] of Object.entries(blobs)) {
    if (!existsSync(file)) continue;
    const blob = readFileSync(file);
    if (data.indexOf(blob) < 0) continue;
    out.data.push({ origin: name, count: 1, raw: blob.length, gzip: gz(blob) });
    rest -= blob.length;
  }
  out.data.push({ origin: "other data (words, tables, strings)", count: segments.length, raw: rest });
  return out;
}

// The breakdown as text, for the bench report and for a look by hand.
export function formatSizes(s) {
  const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
  const lines = [`module: ${kb(s.file.raw)} raw, ${kb(s.file.gzip)} gzip`];
  const table = (title, rows, label) => {
    if (!rows.length) return;
    lines.push(`${title}:`);
    const width = Math.max(...rows.map((r) => [...label(r)].length));
    for (const r of rows)
      lines.push(`  ${label(r).padEnd(width)}  ${kb(r.raw).padStart(9)} raw${r.gzip !== undefined ? `  ${kb(r.gzip).padStart(9)} gzip alone` : ""}`);
  };
  table("sections", s.sections, (r) => r.name);
  table("code by origin", s.code, (r) => `${r.origin} (${r.count} functions)`);
  table("data", s.data, (r) => r.origin);
  table("largest functions", s.top_functions, (r) => (r.name.length > 90 ? `${r.name.slice(0, 87)}...` : r.name));
  return lines.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { symbols: { type: "string" }, blob: { type: "string", multiple: true, default: [] },
               top: { type: "string", default: "25" }, json: { type: "boolean", default: false } },
  });
  const wasm = positionals[0];
  if (!wasm) { console.error("usage: node wasm_sizes.mjs MODULE.wasm [--symbols F] [--blob NAME=FILE]... [--top N] [--json]"); process.exit(64); }
  const blobs = Object.fromEntries(values.blob.map((b) => [b.slice(0, b.indexOf("=")), b.slice(b.indexOf("=") + 1)]));
  const s = wasmSizes(wasm, { symbols: values.symbols, blobs, top: Number(values.top) });
  console.log(values.json ? JSON.stringify(s, null, 2) : formatSizes(s));
}
