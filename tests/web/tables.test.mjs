// The build's one TABLES (abon-tables, wasm/tools/tables.cpp; ABON_TABLES: the native build's
// wasm/generated/tables.js) and what reads it: every key read by a script, every size in the
// style sheets a theme metric from abon/theme.hpp (issue 23).
//   ABON_TABLES=build/native/wasm/generated/tables.js node --test tests/web/tables.test.mjs
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

import { namedKeys, pickTables } from "../../web/tools/tables.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tablesPath = process.env.ABON_TABLES || path.join(ROOT, "build/native/wasm/generated/tables.js");
const { TABLES: written } = await import(pathToFileURL(tablesPath).href);
// The loader's copy also carries the snippet's version, which web/tools/snippet.mjs adds.
const TABLES = { ...written, snippet: "" };
const read = (file) => readFileSync(path.join(ROOT, file), "utf8");
// The loader's parts, as wasm/CMakeLists.txt bundles them.
const PARTS = read("wasm/CMakeLists.txt").match(/set\(ABON_LOADER_PARTS ([\w ]+)\)/)[1].split(" ");
const LOADER = PARTS.map((part) => read(`web/src/${part}.js`));
const PLAIN = [read("web/abon-signup-plain.js"), read("web/src/rules.js")];
const STYLE_FILE = "web/src/style.js";

test("TABLES: every key is read by the loader or the plain driver", () => {
  const read = new Set([...namedKeys(TABLES, LOADER), ...namedKeys(TABLES, PLAIN)]);
  assert.deepEqual(Object.keys(TABLES).filter((key) => !read.has(key)), [], "keys nothing reads");
  // The loader carries what it reads and no more (the canvas path's bytes): not the plain driver's codes.
  const loader = pickTables(TABLES, LOADER);
  for (const key of ["schema", "form_words", "theme", "font", "remember"]) assert.ok(Object.hasOwn(loader, key), key);
  assert.ok(!Object.hasOwn(loader, "statuses") && !Object.hasOwn(loader, "words"), "the plain driver's tables stay out of the loader");
});

test("TABLES: a key a script reads but the tables lack fails the build", () => {
  assert.throws(() => pickTables(TABLES, ["TABLES.no_such_key"]), /TABLES\.no_such_key/);
  assert.deepEqual(Object.keys(pickTables(TABLES, ["tables.theme", "TABLES.font"])), ["theme", "font"]);
  // A spread names its key too; a member of something else's `tables` does not.
  assert.deepEqual(Object.keys(pickTables(TABLES, ["{ ...tables.names }", "x.tables.font"])), ["names"]);
});

test("style.js spells no size: every length is a theme metric times the unit", () => {
  // Comments aside, a number followed by px may only be the unit factor, `* 1px`.
  const code = read(STYLE_FILE).replace(/\/\/.*$/gm, "").replace(/\/\*[\s\S]*?\*\//g, "");
  const lengths = [...code.matchAll(/(\*\s*)?(-?\d*\.?\d+)px\b/g)].filter((m) => !(m[1] && m[2] === "1")).map((m) => m[0]);
  assert.deepEqual(lengths, [], `${STYLE_FILE}: px literals`);
  // The same rule catches one added (so the check above can fail).
  assert.equal([..."margin: 6px".matchAll(/(\*\s*)?(-?\d*\.?\d+)px\b/g)].length, 1);
});

test("every custom property the style sheets use is one TABLES.theme writes", async () => {
  const style = await import(pathToFileURL(path.join(ROOT, STYLE_FILE)).href); // importable without a DOM
  const css = style.BASE_STYLE + style.DOM_STYLE + style.CANVAS_STYLE;
  const used = new Set([...css.matchAll(/var\(--abon-([a-z-]+)\)/g)].map((m) => m[1]));
  assert.ok(used.size > 60, "the sheets were read");
  assert.deepEqual([...used].filter((name) => !Object.hasOwn(TABLES.theme, name)), [], "unknown theme names");
  const sheet = style.themeCss(TABLES.theme);
  assert.match(sheet, /--abon-padding: 24;/);
  assert.match(sheet, /--abon-font: "abon-signup", "DejaVu Sans", "abon-signup-fallback", sans-serif;/);
});

test("the font: the files the loader fetches, the fallback face it declares", () => {
  const { font, theme } = TABLES;
  assert.deepEqual(font.files.map(([weight]) => weight), ["400", "700"]);
  for (const [, file] of font.files) assert.match(file, /^[a-z-]+\.ttf$/);
  assert.ok(theme.font.startsWith(`"${font.family}", `) && theme.font.includes(`"${font.fallback_family}"`), theme.font);
  assert.match(font.fallback_local, /^local\("[^"]+"\)(, local\("[^"]+"\))*$/);
  assert.match(font.fallback_size_adjust, /^1\d\d%$/);
});
