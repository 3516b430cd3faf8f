// The build's one TABLES (abon-tables, wasm/tools/tables.cpp) as each script gets it: only
// the top-level keys its sources name, as `TABLES.<key>` or (a function's parameter)
// `tables.<key>`. A key the sources name but TABLES lacks fails the build.
//
//   node tables.mjs TABLES.js OUT.js SOURCE.js…   # OUT: `export const TABLES = {…};`, the keys SOURCE… read
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

// The keys the texts' code names (comments and file names aside; `...tables.x` counts, `a.tables.x`
// does not), in the order the tables hold them.
export function namedKeys(tables, texts) {
  const named = new Set();
  for (const text of texts) {
    const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "$1");
    for (const m of code.matchAll(/(?<![\w/-])(?<!(?:^|[^.])\.)(?:TABLES|tables)\.([A-Za-z_]\w*)/g)) named.add(m[1]);
  }
  const missing = [...named].filter((key) => !Object.hasOwn(tables, key));
  if (missing.length) throw new Error(`the sources read TABLES.${missing.join(", TABLES.")}, which the tables lack`);
  return Object.keys(tables).filter((key) => named.has(key));
}

export function pickTables(tables, texts) {
  return Object.fromEntries(namedKeys(tables, texts).map((key) => [key, tables[key]]));
}

export async function readTables(file) {
  return (await import(pathToFileURL(file).href)).TABLES;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [tablesFile, out, ...sources] = process.argv.slice(2);
  if (!tablesFile || !out || sources.length === 0) {
    console.error("usage: node tables.mjs TABLES.js OUT.js SOURCE.js…");
    process.exit(64);
  }
  const picked = pickTables(await readTables(tablesFile), sources.map((file) => readFileSync(file, "utf8")));
  writeFileSync(out, `// The keys of abon-tables' TABLES that ${sources.map((s) => s.split("/").pop()).join(", ")} read.\nexport const TABLES = ${JSON.stringify(picked)};\n`);
}
