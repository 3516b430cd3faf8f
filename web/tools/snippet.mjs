// node snippet.mjs TABLES.js LOADER-TABLES.js OUT-DIR [PAGE.html OUT.html]…
//
// The form in the page's own HTML (README, "The form in the page's HTML"): the widget's
// shadow root as declarative shadow DOM, built by the loader's own code (web/src/form.js,
// snippet.js, style.js) over linkedom, a DOM for Node.js, so there is no second copy of
// the markup. Writes:
// - OUT-DIR/abon-signup-snippet.html and abon-signup-snippet-en.html: the element an
//   integrator pastes, in Ukrainian and in English;
// - LOADER-TABLES.js: TABLES less the no-JavaScript words, with the snippet's version, a hash of both languages'
//   markup, which the loader compares with the version the snippet carries;
// - each OUT.html: PAGE.html with its <!--@abon-signup-snippet@--> marker (inside its
//   <abon-signup> element) replaced by the snippet's inside, in the element's language.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseHTML } from "linkedom";
import { readTables } from "./tables.mjs";

const [tablesFile, loaderTablesFile, outDir, ...pages] = process.argv.slice(2);
if (!tablesFile || !loaderTablesFile || !outDir || pages.length % 2 !== 0) {
  console.error("usage: node snippet.mjs TABLES.js LOADER-TABLES.js OUT-DIR [PAGE.html OUT.html]…");
  process.exit(64);
}

// The loader's parts build with the page's global document, as in a browser.
globalThis.document = parseHTML("<!doctype html><html><head></head><body></body></html>").document;
const { DomForm } = await import("../src/form.js");
const { FILES, buildFrame, snippetMark, widgetCss } = await import("../src/snippet.js");

const MARKER = "<!--@abon-signup-snippet@-->";
const BASE = "/static/abon-signup/"; // where README's embedding puts the files
const LANGS = ["uk", "en"];
const tables = await readTables(tablesFile);
const font = tables.font;

// The shadow root as the loader builds it: its style sheet and frame, the form inside.
function shadow(lang) {
  const style = document.createElement("style");
  style.textContent = widgetCss(tables.theme);
  const parts = buildFrame(tables.form_words[lang]);
  const ignore = () => {};
  new DomForm(parts.form, tables.schema[lang], tables.form_words[lang], { input: ignore, select: ignore, focus: ignore, blur: ignore,
    capsLock: ignore, scroll: ignore, press: ignore, check: ignore, submit: ignore });
  return { style, frame: parts.frame };
}

const built = Object.fromEntries(LANGS.map((lang) => [lang, shadow(lang)]));
const version = createHash("sha256").update(LANGS.map((l) => built[l].style.outerHTML + built[l].frame.outerHTML).join("\n"))
  .digest("hex").slice(0, 12);

// Without JavaScript (the template is still attached): the frame hidden, the element's own
// words (its light DOM) shown through the slot. With it, <noscript> is inert text.
const NO_SCRIPT_CSS = ".frame { display: none; }";

// The faces the loader declares as FontFaces where the page has none (element.js), as the
// page's @font-face rules: the files beside the loader, and the metric-matched fallback.
const FONT_CSS = [
  ...font.files.map(([weight, file]) => `@font-face { font-family: "${font.family}"; src: url("${BASE}${file}") ` +
    `format("truetype"); font-weight: ${weight}; font-display: swap; }`),
  `@font-face { font-family: "${font.fallback_family}"; src: ${font.fallback_local}; size-adjust: ${font.fallback_size_adjust}; }`,
].join("\n");

// What goes inside <abon-signup>: the preloads, the font's faces (the page's, where Chromium
// looks for them), then the shadow root. The module's bytes are asked for with the page:
// the form takes text from this HTML, not from the loader, so they need not wait for the
// loader to run (on the phone profile the core's feedback comes ~400 ms sooner). The glue's
// modulepreload matches the loader's import(), the wasm's crossorigin its fetch (credentials:
// same-origin); a browser that knows neither hint fetches them when the loader asks.
function inside(lang) {
  const { style, frame } = built[lang];
  frame.setAttribute("data-snippet", snippetMark(version, lang));
  return `<link rel="preload" href="${BASE}${font.files[0][1]}" as="font" type="font/ttf" crossorigin>\n` +
    `<link rel="preload" href="${BASE}${FILES.wasm}" as="fetch" crossorigin>\n` +
    `<link rel="modulepreload" href="${BASE}${FILES.glue}">\n` +
    `<style>${FONT_CSS}</style>\n` +
    `<template shadowrootmode="open">${style.outerHTML}${frame.outerHTML}` +
    `<noscript><style>${NO_SCRIPT_CSS}</style><slot></slot></noscript></template>`;
}

// A page whose style-src lists no 'unsafe-inline' allows the three inline style sheets by hash.
const hashes = [FONT_CSS, built.uk.style.textContent, NO_SCRIPT_CSS]
  .map((css) => `'sha256-${createHash("sha256").update(css, "utf8").digest("base64")}'`);
const hashesEn = [FONT_CSS, built.en.style.textContent, NO_SCRIPT_CSS]
  .map((css) => `'sha256-${createHash("sha256").update(css, "utf8").digest("base64")}'`);
if (hashes.join() !== hashesEn.join()) throw new Error("the two languages' style sheets differ");

mkdirSync(outDir, { recursive: true });
for (const lang of LANGS) {
  const words = tables.form_words[lang];
  const file = path.join(outDir, lang === "uk" ? "abon-signup-snippet.html" : `abon-signup-snippet-${lang}.html`);
  writeFileSync(file, `<!-- abon-signup ${version}: the form in the page's HTML, in place of the bare element (README,
     "The form in the page's HTML"); the loader's <script defer> goes in the page's <head>.
     Under a Content-Security-Policy whose style-src has no 'unsafe-inline': style-src ${hashes.join(" ")} -->
<abon-signup endpoint="/api/register" captcha="/api/captcha" lang="${lang}">
${inside(lang)}
<p>${escapeText(words.noscript)}</p>
</abon-signup>
`);
}

// The no-JavaScript words are the snippet's alone: the loader does not carry them.
const loaderWords = Object.fromEntries(LANGS.map((l) => {
  const { noscript, ...rest } = tables.form_words[l];
  return [l, rest];
}));
const loaderTables = { ...tables, form_words: loaderWords, snippet: version };
writeFileSync(loaderTablesFile, `export const TABLES = ${JSON.stringify(loaderTables)};\n`);

for (let i = 0; i < pages.length; i += 2) {
  const html = readFileSync(pages[i], "utf8");
  const at = html.indexOf(MARKER);
  const open = html.lastIndexOf("<abon-signup", at);
  if (at < 0 || open < 0 || html.indexOf(MARKER, at + 1) >= 0) throw new Error(`${pages[i]}: one ${MARKER} inside <abon-signup> expected`);
  const lang = /\slang="en"/.test(html.slice(open, html.indexOf(">", open))) ? "en" : "uk";
  writeFileSync(pages[i + 1], html.slice(0, at) + inside(lang) + html.slice(at + MARKER.length));
}

function escapeText(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
