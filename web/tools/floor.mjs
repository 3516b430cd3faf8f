// The support floor (README, "Which browsers"): every shipped script runs on Safari 12.1,
// Chrome 69 and Firefox ESR 78. esbuild (npm, web/tools/package.json) lowers the syntax
// those lack (`?.`, `??`, `||=`, optional catch bindings, …) and minifies; the APIs they
// lack are guarded in the sources (web/src/compat.js). tests/web/floor.test.mjs checks
// the result with acorn at ES2018.
//
//   node floor.mjs IN OUT   # IN lowered and minified into OUT (a module stays a module)
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";

// es2018 as well: esbuild lowers whatever any one of these lacks, so nothing newer than
// ES2018 stays even where the three browsers would take it (acorn's check is ES2018).
export const FLOOR = ["es2018", "safari12", "chrome69", "firefox78"];
// What the three do have though esbuild thinks otherwise: import() and import.meta (ES2020:
// Chrome 63/64, Safari 11.1, Firefox 67/62; without this esbuild would empty import.meta),
// and destructuring, which esbuild 0.28 counts as missing before Safari 14.1 for one bug
// (an array pattern's rest element, `[a, ...rest] = x`, may not be an array: compat-table
// #2008) and cannot lower; tests/web/floor.test.mjs refuses that pattern in what ships.
export const FLOOR_HAS = { "dynamic-import": true, "import-meta": true, destructuring: true };

// code's syntax lowered to the floor and minified. Non-ASCII text stays UTF-8 (the demo
// server and README's nginx send charset=utf-8; escapes would add bytes).
export function lower(code, name) {
  const out = transformSync(code, { target: FLOOR, supported: FLOOR_HAS, minify: true, charset: "utf8", legalComments: "none",
                                    sourcefile: name, logLevel: "silent" });
  return out.code;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error("usage: node floor.mjs IN OUT");
    process.exit(64);
  }
  writeFileSync(output, lower(readFileSync(input, "utf8"), input));
}
