// The support floor (README, "Which browsers"): Safari 12.1, Chrome 69, Firefox ESR 78 get
// the DOM rendering. Every script the site ships parses at ES2018 (acorn, from
// web/tools/node_modules) with the two ES2020 forms the three browsers have (import() and
// import.meta), calls none of the newer APIs below unless a check of that API guards the
// call, and the DOM rendering's style sheet has a fallback for each newer CSS feature.
//
//   ABON_SITE_DIR=build/wasm-release/site node --test tests/web/floor.test.mjs
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import test from "node:test";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SITE = process.env.ABON_SITE_DIR || path.join(ROOT, "build/wasm-release/site");
const WIDGET = path.join(SITE, "static/abon-signup");
const TOOLS = path.join(ROOT, "web/tools");
if (!existsSync(path.join(TOOLS, "node_modules/acorn"))) {
  throw new Error("acorn is missing from web/tools/node_modules: `./run build` installs it");
}
const acorn = createRequire(path.join(TOOLS, "package.json"))("acorn");

// How the browser loads each shipped script: the loader by <script>, the rest by import().
const SHIPPED = { "abon-signup.js": "script", "abon-signup-wasm.js": "module", "abon-signup-plain.js": "module" };

// [SECTION] The language level: ES2018, plus import() (Chrome 63, Safari 11.1, Firefox 67)
// and import.meta (Chrome 64, Safari 11.1, Firefox 62), which acorn puts in ES2020.
const FloorParser = acorn.Parser.extend((Base) => class extends Base {
  importFollowedBy() {
    const rest = this.input.slice(this.end).trimStart();
    return rest[0] === "(" || rest[0] === ".";
  }

  parseStatement(context, topLevel, exports) {
    if (this.type === acorn.tokTypes._import && this.importFollowedBy()) {
      const node = this.startNode();
      return this.parseExpressionStatement(node, this.parseExpression());
    }
    return super.parseStatement(context, topLevel, exports);
  }

  parseExprAtom(refDestructuringErrors, forInit, forNew) {
    if (this.type === acorn.tokTypes._import) return this.parseExprImport(forNew);
    return super.parseExprAtom(refDestructuringErrors, forInit, forNew);
  }
});

const parse = (code, sourceType) => FloorParser.parse(code, { ecmaVersion: 2018, sourceType, locations: true });

// [SECTION] Newer APIs. `global`: a name the page's global object may lack; `on`: a
// property of that object; `call`: a method of any object, as called. Each lacks in at
// least one browser of the floor, as noted.
const NEWER_APIS = [
  { global: "ResizeObserver", lacks: "Safari 13.1" },
  { global: "queueMicrotask", lacks: "Chrome 71" },
  { global: "globalThis", lacks: "Chrome 71" },
  { global: "structuredClone", lacks: "Chrome 98, Safari 15.4, Firefox 94" },
  { global: "requestIdleCallback", lacks: "every Safari" },
  { global: "scheduler", lacks: "Safari, Firefox 142" },
  { global: "OffscreenCanvas", lacks: "Safari 16.4, Firefox 105" },
  { global: "WeakRef", lacks: "Chrome 84, Safari 14.1, Firefox 79" },
  { global: "FinalizationRegistry", lacks: "Chrome 84, Safari 14.1, Firefox 79" },
  { global: "BigInt", lacks: "Safari 14" },
  { global: "BigInt64Array", lacks: "Safari 15" },
  { global: "AggregateError", lacks: "Chrome 85, Safari 14" },
  { on: "Object", name: "hasOwn", lacks: "Chrome 93, Safari 15.4, Firefox 92" },
  { on: "Object", name: "fromEntries", lacks: "Chrome 73" },
  { on: "Object", name: "groupBy", lacks: "Chrome 117, Safari 17.4" },
  { on: "Promise", name: "allSettled", lacks: "Chrome 76, Safari 13" },
  { on: "Promise", name: "any", lacks: "Chrome 85, Safari 14, Firefox 79" },
  { on: "Promise", name: "withResolvers", lacks: "Chrome 119, Safari 17.4" },
  { on: "AbortSignal", name: "timeout", lacks: "Chrome 103, Safari 16, Firefox 100" },
  { on: "AbortSignal", name: "any", lacks: "Chrome 116, Safari 17.4" },
  { on: "WebAssembly", name: "compileStreaming", lacks: "Safari 15" },
  { on: "WebAssembly", name: "instantiateStreaming", lacks: "Safari 15" },
  { on: "Intl", name: "Segmenter", lacks: "Chrome 87, Safari 14.1, Firefox 125" },
  { on: "Array", name: "fromAsync", lacks: "Chrome 121, Safari 16.4" },
  { call: "at", lacks: "Chrome 92, Safari 15.4, Firefox 90" },
  { call: "replaceAll", lacks: "Chrome 85, Safari 13.1" },
  { call: "matchAll", lacks: "Chrome 73, Safari 13" },
  { call: "findLast", lacks: "Chrome 97, Safari 15.4, Firefox 104" },
  { call: "findLastIndex", lacks: "Chrome 97, Safari 15.4, Firefox 104" },
  { call: "toSorted", lacks: "Chrome 110, Safari 16" },
  { call: "toReversed", lacks: "Chrome 110, Safari 16" },
  { call: "toSpliced", lacks: "Chrome 110, Safari 16" },
  { call: "replaceChildren", lacks: "Chrome 86, Safari 14" },
  { call: "requestSubmit", lacks: "Chrome 76, Safari 16" },
  { call: "attachInternals", lacks: "Chrome 77, Safari 16.4, Firefox 93" },
  { call: "randomUUID", lacks: "Chrome 92, Safari 15.4, Firefox 95" },
  { call: "encodeInto", lacks: "Chrome 74, Safari 14.1" },
  { call: "replaceSync", lacks: "Chrome 73, Safari 16.4, Firefox 101" },
  { call: "showPicker", lacks: "Chrome 99, Safari 16" },
  { call: "checkVisibility", lacks: "Chrome 105, Safari 17.4" },
  { call: "getAnimations", lacks: "Chrome 84, Safari 13.1" },
  // A property, not a call: set where it is missing it styles nothing.
  { property: "adoptedStyleSheets", lacks: "Chrome 73, Safari 16.4, Firefox 101" },
];
// Selectors that throw in matches()/closest()/querySelector() where they are unknown.
const NEWER_SELECTORS = [
  { text: ":focus-visible", lacks: "Chrome 86, Safari 15.4, Firefox 85" },
  { text: ":is(", lacks: "Chrome 88, Safari 14" },
  { text: ":where(", lacks: "Chrome 88, Safari 14" },
  { text: ":has(", lacks: "Chrome 105, Safari 15.4, Firefox 121" },
];
const SELECTOR_CALLS = new Set(["matches", "closest", "querySelector", "querySelectorAll"]);
const GLOBAL_OBJECTS = new Set(["window", "self", "globalThis"]);

// Every child node of an ESTree node, with the key it sits under.
function* children(node) {
  for (const [key, value] of Object.entries(node)) {
    if (key === "loc") continue;
    if (Array.isArray(value)) { for (const v of value) if (v && typeof v.type === "string") yield [key, v]; }
    else if (value && typeof value.type === "string") yield [key, value];
  }
}

function mentions(node, name) {
  if (!node || name === null) return false;
  if (node.type === "Identifier" && node.name === name) return true;
  if (node.type === "Literal" && node.value === name) return true; // "name" in object
  if (node.type === "MemberExpression" && !node.computed && node.property.name === name) return true;
  for (const [, child] of children(node)) if (mentions(child, name)) return true;
  return false;
}

const exits = (statement) => statement && (statement.type === "ReturnStatement" || statement.type === "ThrowStatement" ||
  (statement.type === "BlockStatement" && exits(statement.body[statement.body.length - 1])));

// Whether the node at path's end runs only behind a check of `name`: in a branch of an
// if, ?: or && / || whose test mentions it, after an `if (…name…) return`, under typeof,
// or inside a try block (name null: the try block alone).
function guarded(pathToNode, name) {
  for (let i = pathToNode.length - 1; i > 0; i--) {
    const [key, node] = pathToNode[i];
    const [, parent] = pathToNode[i - 1];
    if (parent.type === "UnaryExpression" && parent.operator === "typeof") return true;
    if ((parent.type === "IfStatement" || parent.type === "ConditionalExpression") && key !== "test" && mentions(parent.test, name)) return true;
    if (parent.type === "LogicalExpression" && key === "right" && mentions(parent.left, name)) return true;
    if (parent.type === "TryStatement" && key === "block") return true;
    if (key === "body" && Array.isArray(parent.body)) {
      for (const before of parent.body) {
        if (before === node) break;
        if (before.type === "IfStatement" && mentions(before.test, name) && exits(before.consequent)) return true;
      }
    }
  }
  return false;
}

// The unguarded uses of NEWER_APIS and NEWER_SELECTORS in a program: ["name (lacks …) at line:col"].
function unguardedUses(program) {
  const found = [];
  const report = (api, node, what) => found.push(`${what} (lacks: ${api.lacks}) at ${node.loc.start.line}:${node.loc.start.column}`);
  const declared = new Set(); // a name the script declares itself is not the browser's
  const visit = (trail) => {
    const [key, node] = trail[trail.length - 1];
    const parent = trail.length > 1 ? trail[trail.length - 2][1] : null;
    const called = parent && (parent.type === "CallExpression" || parent.type === "NewExpression") && key === "callee";
    for (const api of NEWER_APIS) {
      if (api.global && node.type === "Identifier" && node.name === api.global && !declared.has(api.global)) {
        const isReference = !(parent && parent.type === "MemberExpression" && key === "property" && !parent.computed) &&
          !(parent && parent.type === "Property" && key === "key") && !(parent && parent.type === "VariableDeclarator" && key === "id");
        if (isReference && !guarded(trail, api.global)) report(api, node, api.global);
      }
      if (node.type !== "MemberExpression" || node.computed) continue;
      const prop = node.property.name;
      if (api.global && prop === api.global && node.object.type === "Identifier" && GLOBAL_OBJECTS.has(node.object.name) &&
          called && !guarded(trail, api.global)) report(api, node, `${node.object.name}.${api.global}`);
      if (api.on && prop === api.name && node.object.type === "Identifier" && node.object.name === api.on &&
          called && !guarded(trail, api.name)) report(api, node, `${api.on}.${api.name}`);
      if (api.call && prop === api.call && called && !guarded(trail, api.call)) report(api, node, `.${api.call}()`);
      if (api.property && prop === api.property && !guarded(trail, api.property)) report(api, node, `.${api.property}`);
    }
    if (node.type === "CallExpression" && node.callee.type === "MemberExpression" && !node.callee.computed &&
        SELECTOR_CALLS.has(node.callee.property.name) && node.arguments.length && node.arguments[0].type === "Literal") {
      for (const s of NEWER_SELECTORS) {
        if (String(node.arguments[0].value).includes(s.text) && !guarded(trail, null)) report(s, node, `selector ${s.text}`);
      }
    }
    // Regular-expression lookbehind: Safari 16.4. A literal fails the whole script there.
    const lookbehind = (text) => /\(\?<[=!]/.test(text);
    if (node.type === "Literal" && node.regex && lookbehind(node.regex.pattern)) report({ lacks: "Safari 16.4" }, node, "regex lookbehind");
    if ((node.type === "NewExpression" || node.type === "CallExpression") && node.callee.type === "Identifier" &&
        node.callee.name === "RegExp" && node.arguments.length && node.arguments[0].type === "Literal" && lookbehind(String(node.arguments[0].value))) {
      report({ lacks: "Safari 16.4" }, node, "regex lookbehind");
    }
    // An array pattern's rest element: not always an array on Safari 9–13.1 (compat-table
    // #2008), the one destructuring bug web/tools/floor.mjs tells esbuild to accept.
    if (node.type === "ArrayPattern" && node.elements.some((e) => e && e.type === "RestElement")) {
      report({ lacks: "a correct one before Safari 14.1" }, node, "array rest pattern");
    }
    for (const entry of children(node)) visit([...trail, entry]);
  };
  // Declarations first, so that a use of a script's own name is not taken for the browser's.
  const collect = (node) => {
    if (node.id && node.id.type === "Identifier" && /Declarat|Function|Class/.test(node.type)) declared.add(node.id.name);
    if (/Function/.test(node.type)) for (const p of node.params) if (p.type === "Identifier") declared.add(p.name);
    for (const [, child] of children(node)) collect(child);
  };
  collect(program);
  visit([["", program]]);
  return found;
}

// [SECTION] The checker checks: what it must refuse and what it must let through.
test("the checks themselves: newer syntax and unguarded APIs are caught, guarded ones pass", () => {
  for (const code of ["a?.b", "a ?? b", "a ||= b", "try {} catch {}", "class A { x = 1 }", "1_000", "10n"]) {
    assert.throws(() => parse(code, "script"), SyntaxError, code);
  }
  assert.doesNotThrow(() => parse("const m = import.meta.url; import('./x.js').then(() => {});", "module"));
  assert.doesNotThrow(() => parse("import('./x.js'); const f = () => import('./y.js');", "script"));
  const uses = (code) => unguardedUses(parse(code, "script"));
  const caught = {
    "Object.hasOwn(a, 'b')": "Object.hasOwn", "new ResizeObserver(f)": "ResizeObserver", "queueMicrotask(f)": "queueMicrotask",
    "e.replaceChildren()": ".replaceChildren()", "[1].at(-1)": ".at()", "r.adoptedStyleSheets = [s]": ".adoptedStyleSheets",
    "WebAssembly.compileStreaming(fetch(u))": "WebAssembly.compileStreaming", "e.matches(':focus-visible')": "selector :focus-visible",
    "const r = /(?<=a)b/": "regex lookbehind", "const [a, ...rest] = x": "array rest pattern", "new RegExp('(?<!a)b')": "regex lookbehind", "window.requestIdleCallback(f)": "window.requestIdleCallback",
  };
  for (const [code, what] of Object.entries(caught)) assert.match(uses(code).join("; "), new RegExp(`^${what.replace(/[.()*?]/g, "\\$&")} `), code);
  const passing = [
    "if (typeof ResizeObserver === 'function') new ResizeObserver(f); else g();",
    "typeof queueMicrotask == 'function' ? queueMicrotask(f) : Promise.resolve().then(f)",
    "function f(){ if (typeof WebAssembly.compileStreaming !== 'function') return g(); return WebAssembly.compileStreaming(x); }",
    "if ('adoptedStyleSheets' in r && typeof CSSStyleSheet === 'function') r.adoptedStyleSheets = [s];",
    "try { e.matches(':focus-visible'); } catch (err) {}",
    "Object.prototype.hasOwnProperty.call(a, 'b'); x.at; const o = { at: 1 };",
    "window.scheduler && window.scheduler.yield ? window.scheduler.yield() : null",
    "function ResizeObserver() {} new ResizeObserver();",
  ];
  for (const code of passing) assert.deepEqual(uses(code), [], code);
});

// [SECTION] The shipped scripts
test("the site ships exactly the scripts this test knows how they are loaded", () => {
  const scripts = readdirSync(WIDGET).filter((f) => f.endsWith(".js")).sort();
  assert.deepEqual(scripts, Object.keys(SHIPPED).sort(), `${WIDGET}: classify a new script in SHIPPED`);
});

for (const [file, sourceType] of Object.entries(SHIPPED)) {
  test(`${file} parses at ES2018 (the floor's language) and calls no newer API unguarded`, () => {
    const code = readFileSync(path.join(WIDGET, file), "utf8");
    let program;
    try {
      program = parse(code, sourceType);
    } catch (err) {
      const at = err.pos === undefined ? "" : `: …${code.slice(Math.max(0, err.pos - 40), err.pos + 40)}…`;
      assert.fail(`${file} does not parse at ES2018 (${err.message})${at}`);
    }
    assert.deepEqual(unguardedUses(program), [], file);
  });
}

// [SECTION] The DOM rendering's CSS: each feature newer than the floor comes with what the
// floor does in its place.
// The rules of a style sheet: { selector, body, within: the enclosing at-rules' preludes }.
function cssRules(css) {
  const rules = [];
  const stack = [];
  let at = 0;
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  for (;;) {
    const open = text.indexOf("{", at), close = text.indexOf("}", at);
    if (close < 0) break;
    if (open >= 0 && open < close) {
      const prelude = text.slice(at, open).trim();
      const inner = text.indexOf("}", open), nextOpen = text.indexOf("{", open + 1);
      if (prelude.startsWith("@") && (nextOpen >= 0 && nextOpen < inner)) { stack.push(prelude); at = open + 1; continue; }
      if (prelude.startsWith("@keyframes")) { stack.push(prelude); at = open + 1; continue; }
      rules.push({ selector: prelude, body: text.slice(open + 1, inner), within: [...stack] });
      at = inner + 1;
    } else {
      stack.pop();
      at = close + 1;
    }
  }
  return rules;
}

test("the DOM rendering's style sheet: a fallback for each CSS feature newer than the floor", async () => {
  const style = await import(path.join(ROOT, "web/src/style.js"));
  const rules = cssRules(style.BASE_STYLE + style.DOM_STYLE);
  assert.ok(rules.length > 50, "the style sheet was read");
  const problems = [];
  const gapFallback = rules.filter((r) => r.within.some((w) => /@supports not \(aspect-ratio/.test(w)));
  for (const r of rules) {
    const where = `${r.selector} { ${r.body.trim().slice(0, 60)}… }`;
    const supports = r.within.join(" ");
    if (/color-mix\(/.test(r.body) && !/@supports \(color: color-mix\(/.test(supports)) problems.push(`color-mix outside its @supports (Chrome 111, Safari 16.2): ${where}`);
    if (/(^|[\s;])inset\s*:/.test(r.body)) problems.push(`inset (Chrome 87, Safari 14.1): ${where}`);
    if (/(^|[\s:,(])(min|max|clamp)\(/.test(r.body) && !/@supports \([\w-]+: (min|max|clamp)\(/.test(supports)) problems.push(`min()/max()/clamp() outside its @supports (Chrome 79): ${where}`);
    if (/:(is|where|has)\(/.test(r.selector)) problems.push(`:is()/:where()/:has() (Chrome 88, Safari 14): ${where}`);
    if (/(^|[\s;])width\s*:\s*fit-content/.test(r.body) && !/-moz-fit-content/.test(r.body)) problems.push(`fit-content without -moz-fit-content (Firefox 94): ${where}`);
    if (/content\s*:\s*"[^"]*"\s*\/\s*"/.test(r.body) && !/content\s*:\s*"[^"]*"\s*;/.test(r.body)) problems.push(`content with alt text and no plain content before it (Firefox 128, Safari 17.4): ${where}`);
    if (/(^|[\s;])clip-path\s*:/.test(r.body) && !/(^|[\s;])clip\s*:/.test(r.body)) problems.push(`clip-path without clip (Safari 13.1 unprefixed): ${where}`);
    // Flex gap (Chrome 84, Safari 14.1): each rule with gap has margins in the fallback block.
    if (/(^|[\s;])gap\s*:/.test(r.body) && !/\bgap\s*:\s*0\b/.test(r.body) &&
        !gapFallback.some((f) => f.selector.split(",").map((s) => s.trim()).includes(r.selector))) {
      problems.push(`flex gap without the margins of @supports not (aspect-ratio: 1): ${where}`);
    }
  }
  assert.deepEqual(problems, []);
});
