// node bundle.mjs OUT TABLES.js HEADER.js PART.js… — the one loader file an integrator
// copies, from the loader's parts in web/src/ (one browser concern each).
//
// The parts are ES modules so that they can be read and tested on their own; here they
// become one classic script: each `import { … } from "./x.js";` line is dropped (every part
// is in the same scope), each top-level `export ` is dropped, and the whole is wrapped in
// one function so that nothing reaches the page's globals. The first paragraph of HEADER.js's
// comment opens the file (the rest, like every part's comments, stays in web/src/: the
// README says it all, and each comment is gzip bytes on the canvas path's budget); the code
// is lowered to the support floor and minified (floor.mjs: esbuild). The build's TABLES
// (abon-tables), cut to the keys the parts read (tables.mjs), replace the /*@tables@*/{} marker.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { lower } from "./floor.mjs";
import { pickTables, readTables } from "./tables.mjs";

const [out, tablesFile, header, ...parts] = process.argv.slice(2);
if (!out || !tablesFile || !header || parts.length === 0) {
  console.error("usage: node bundle.mjs OUT TABLES.js HEADER.js PART.js…");
  process.exit(64);
}

const MARKER = "/*@tables@*/{}";
const texts = [header, ...parts].map((file) => readFileSync(file, "utf8"));
const tables = JSON.stringify(pickTables(await readTables(tablesFile), texts));

let markers = 0;
const bodies = [header, ...parts].map((file, i) => {
  const name = path.basename(file);
  const lines = texts[i].split("\n");
  const kept = [];
  for (const line of lines) {
    if (/^import\s/.test(line)) {
      if (!/^import \{[^}]*\} from "\.\/[\w-]+\.js";$/.test(line)) throw new Error(`${name}: only sibling imports on one line: ${line}`);
      continue;
    }
    if (/^export default/.test(line)) throw new Error(`${name}: no default exports`);
    if (file !== header && /^\s*\/\/(?!.*`)/.test(line)) continue; // no part has a // line inside a template
    kept.push(line.replace(/^export (?=(const|let|function|class|async function) )/, ""));
  }
  let text = kept.join("\n");
  if (text.includes(MARKER)) {
    markers += 1;
    text = text.replace(MARKER, () => tables);
  }
  return file === header ? text.trimEnd() : `// [PART] ${name}\n${text.trim()}`;
});
if (markers !== 1) throw new Error(`expected one ${MARKER} marker, found ${markers}`);

const [headerText, ...code] = bodies;
const comment = headerText.split("\n//\n")[0];
const script = `(() => {\n"use strict";\n\n${code.join("\n\n")}\n})();\n`;
writeFileSync(out, `${comment}\n${lower(script, path.basename(out))}`);
