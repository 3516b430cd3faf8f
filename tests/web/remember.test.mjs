// The loader's record of what was typed (web/src/remember.js): read back only for the ids
// the core marks "remember", only within the time limit, and nothing from a record that
// is not the loader's. The browser suite (tests/browser/remember.test.mjs) drives the rest.
//   node --test tests/web/remember.test.mjs
import assert from "node:assert/strict";
import { test } from "node:test";

import { readKept, writeKept } from "../../web/src/remember.js";

const IDS = ["surname", "account", "no_patronymic"];
const LIMIT = 30 * 60000;
const NOW = 1_800_000_000_000;

test("a record reads back as written, within the limit", () => {
  const text = writeKept({ surname: "Шевченко", account: "1-234-56-7", no_patronymic: true }, NOW - 1000);
  assert.deepEqual(readKept(text, NOW, IDS, LIMIT),
    { values: { surname: "Шевченко", account: "1-234-56-7", no_patronymic: true }, leftMs: LIMIT - 1000 });
});

test("only the ids given, each a text or true (a ticked box): a password in a record is never read back", () => {
  const text = JSON.stringify({ at: NOW, values: { surname: "Шевченко", password: "Kobzar1814poet", account: 1234567,
    no_patronymic: 1 } });
  assert.deepEqual(readKept(text, NOW, IDS, LIMIT).values, { surname: "Шевченко" });
});

test("nothing from a record past the limit, dated in the future, or not the loader's", () => {
  const rows = [
    ["at the limit", writeKept({ surname: "Шевченко" }, NOW - LIMIT)],
    ["past it", writeKept({ surname: "Шевченко" }, NOW - LIMIT - 1)],
    ["in the future", writeKept({ surname: "Шевченко" }, NOW + 1)],
    ["no date", JSON.stringify({ values: { surname: "Шевченко" } })],
    ["a date as text", JSON.stringify({ at: String(NOW), values: { surname: "Шевченко" } })],
    ["not JSON", "{surname"],
    ["JSON null", "null"],
    ["nothing", null],
  ];
  for (const [note, text] of rows) assert.equal(readKept(text, NOW, IDS, LIMIT), null, note);
  assert.deepEqual(readKept(JSON.stringify({ at: NOW, values: null }), NOW, IDS, LIMIT).values, {}, "no values");
});
