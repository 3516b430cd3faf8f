// The form in the page's own HTML (README, "The form in the page's HTML"): the build writes
// the widget's shadow root as declarative shadow DOM (<template shadowrootmode="open">)
// with this code and form.js (web/tools/snippet.mjs), so the form takes text as the page's
// HTML arrives; the loader then takes over those elements (DomForm's adopt) where the
// snippet is this build's, and builds anew, carrying over what was typed, where it is not.
// Also the widget's fonts as the page declares them, so that text has them from the first
// paint, not from when the loader runs.
import { BASE_STYLE, CANVAS_STYLE, DOM_STYLE, themeCss } from "./style.js";
import { el } from "./form.js";

// The module's files beside the loader: the Emscripten glue and the wasm it instantiates
// (both asked for as early as possible: by the loader as it starts, and by the snippet's
// preloads), and the plain driver, fetched only by a browser without WebAssembly.
export const FILES = { glue: "abon-signup-wasm.js", wasm: "abon-signup-wasm.wasm", plain: "abon-signup-plain.js" };

// The shadow root's style sheet.
export function widgetCss(theme) {
  return themeCss(theme) + BASE_STYLE + DOM_STYLE + CANVAS_STYLE;
}

// The shadow root's frame: a probe of the person's font size, the status line, the canvas,
// the form (filled by DomForm) and the live region. method="dialog": a form submitted
// before the loader listens (Enter in a field of the snippet) goes nowhere, so no typed
// value, the password least of all, ends up in a URL; the loader's submit handler
// prevents it from then on.
export function buildFrame(words) {
  const frame = el("div", "frame");
  const probe = el("span", "probe");
  probe.setAttribute("aria-hidden", "true");
  const status = el("div", "status");
  const canvas = el("canvas", "draw");
  canvas.setAttribute("aria-hidden", "true");
  const form = el("form", "df");
  form.setAttribute("method", "dialog");
  form.setAttribute("novalidate", "");
  form.setAttribute("aria-label", words.title);
  const live = el("div", "sr");
  live.setAttribute("aria-live", "polite");
  frame.append(probe, status, canvas, form, live);
  return { frame, probe, status, canvas, form, live };
}

// The snippet's version: its frame carries data-snippet="<this build's version>-<lang>".
export const snippetMark = (version, lang) => `${version}-${lang}`;

// What root holds: "none" (nothing: the loader builds), "ours" (the snippet this build
// wrote, for lang: the loader takes it over) or "stale" (another build's or language's).
export function snippetState(root, version, lang) {
  if (!root.firstChild) return "none";
  const frame = root.querySelector(".frame");
  return frame && frame.parentNode === root && frame.getAttribute("data-snippet") === snippetMark(version, lang) ? "ours" : "stale";
}

// The parts of a frame that buildFrame() made.
export function frameParts(frame) {
  const [probe, status, canvas, form, live] = frame.children;
  return { frame, probe, status, canvas, form, live };
}

// What a person did in a stale snippet, to carry over into the form built in its place:
// each field's text, the ticked boxes, and the field they are in with its selection.
export function typedIn(root) {
  const values = new Map();
  for (const input of root.querySelectorAll("input[name]")) {
    values.set(input.name, input.type === "checkbox" ? input.checked : input.value);
  }
  const active = root.activeElement;
  const focus = active && active.name ? { name: active.name, start: active.selectionStart, end: active.selectionEnd } : null;
  return { values, focus };
}

// …and into the new form (dom: a DomForm). Nothing moves on the page: the caret goes back
// without scrolling.
export function carryOver(dom, typed) {
  for (const [id, e] of dom.elements) {
    if (!typed.values.has(id)) continue;
    const value = typed.values.get(id);
    if (e.type === "checkbox") e.checked = value === true;
    else if (typeof value === "string" && value.length <= e.maxLength) e.value = value;
  }
  const e = typed.focus && dom.elements.get(typed.focus.name);
  if (!e) return;
  e.focus({ preventScroll: true });
  if (typed.focus.start !== null && typeof e.setSelectionRange === "function") {
    try { e.setSelectionRange(typed.focus.start, typed.focus.end); } catch (err) { /* no selection on this type */ }
  }
}

// [SECTION] The page's fonts (TABLES.font, from abon/theme.hpp: the snippet's @font-face
// rules declare them, web/tools/snippet.mjs; Chromium reads none inside a shadow root)
// Whether the page declares this face itself (the snippet's @font-face); weight "normal" is
// CSS's "400".
export function pageDeclares(family, weight) {
  let found = false;
  try {
    document.fonts.forEach((face) => {
      if (face.family.replace(/^["']|["']$/g, "") === family && face.weight === weight) found = true;
    });
  } catch (err) { /* no FontFaceSet to ask: the loader declares its own */ }
  return found;
}
