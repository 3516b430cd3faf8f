// The widget's style sheets. Every colour and size is a custom property written from
// abon/theme.hpp at build time (TABLES.theme), in CSS px at the browser's default font
// size; --s, set by the loader, scales them with the person's own font-size setting.

// A theme metric in CSS px at the current scale.
const u = (name) => `calc(var(--abon-${name}) * var(--s) * 1px)`;
const px = (n) => `calc(${n} * var(--s) * 1px)`;

// The widget's own font (declared by the loader from the files the canvas rasterises),
// then its stand-ins while it loads: DejaVu Sans itself where installed, else a common sans
// face scaled to DejaVu's widths (FALLBACK_SIZE_ADJUST).
export const FONT_FAMILY = "abon-signup";
export const FALLBACK_FAMILY = "abon-signup-fallback";
export const FALLBACK_SIZE_ADJUST = "113%";
const FONT_STACK = `"${FONT_FAMILY}", "DejaVu Sans", "${FALLBACK_FAMILY}", sans-serif`;

export function themeCss(theme) {
  const vars = Object.entries(theme).map(([name, value]) => `--abon-${name}: ${value};`).join(" ");
  return `:host { ${vars} }`;
}

export const BASE_STYLE = `
  :host { display: block; position: relative; min-width: 240px; font-size: medium; }
  :host([hidden]) { display: none; }
  [hidden] { display: none !important; }
  .frame { position: relative; --s: 1; color: var(--abon-text);
    font: normal ${u("body-size")}/1 ${FONT_STACK}; font-kerning: none; letter-spacing: normal; word-spacing: normal;
    -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
  .probe { position: absolute; visibility: hidden; font-size: medium; }
  .mask-probe { position: absolute; visibility: hidden; width: 1px; padding: 0; border: 0; font: inherit; }
  input::-ms-reveal, input::-ms-clear { display: none; }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
  canvas.draw { display: none; width: 100%; height: 0; pointer-events: none; }
  .status { padding: ${u("padding")}; border: 1px solid var(--abon-card-border); border-radius: ${u("card-radius")};
    background: var(--abon-page); line-height: 1.4; }
  .status:empty { display: none; }
`;

// The DOM rendering: the form as the canvas draws it, laid out by the page (same metrics,
// so that the canvas can take over without moving anything). It is what the support floor
// (Safari 12.1, Chrome 69, Firefox ESR 78) shows: anything newer has a fallback beside it
// (tests/web/floor.test.mjs lists what it looks for).
export const DOM_STYLE = `
  .df { box-sizing: border-box; padding: calc(var(--abon-padding) * var(--s) * 1px - 1px);
    border: 1px solid var(--abon-card-border); border-radius: ${u("card-radius")}; background: var(--abon-page); }
  /* Narrow before the loader sets .narrow: a step at the width it compares. */
  @supports (padding: clamp(1px, 1px, 1px)) {
    .df { padding: calc(clamp(var(--abon-padding-narrow) * var(--s) * 1px,
      (100% - (var(--abon-narrow-below) - 0.01) * var(--s) * 1px) * 10000, var(--abon-padding) * var(--s) * 1px) - 1px); }
  }
  .frame.narrow .df { padding: calc(var(--abon-padding-narrow) * var(--s) * 1px - 1px); }
  .df .title { margin: 0 0 ${px(6)}; font-weight: bold; font-size: ${u("title-size")}; }
  .df .intro { margin: 0 0 ${px(22)}; color: var(--abon-muted); }
  .df .row { display: flex; flex-direction: column; align-items: flex-start; margin: 0 0 ${u("field-gap")};
    max-width: ${u("max-field-width")}; }
  .df .row > * { max-width: 100%; }
  .df .label { font-weight: bold; margin: 0 0 ${px(4 + 6)}; }
  .df .box { display: flex; box-sizing: border-box; width: ${u("max-field-width")}; height: ${u("field-height")};
    border: 1px solid var(--abon-field-border); border-radius: ${u("field-radius")}; background: var(--abon-field-fill); }
  .df .row[data-field=account] .box, .df .row[data-field=captcha] .box { width: ${u("short-field-width")}; }
  .df .row[data-field=last_payment] .box { width: ${u("amount-field-width")}; }
  .df .box:focus-within { border: 2px solid var(--abon-accent); }
  @supports (color: color-mix(in srgb, red 28%, transparent)) {
    .df .box:focus-within { outline: 3px solid color-mix(in srgb, var(--abon-accent) 28%, transparent); }
  }
  .df .row[data-state=error] .box { border: 2px solid var(--abon-error); }
  .df .row[data-state=warning] .box { border: 2px solid var(--abon-warning); }
  .df .box input { flex: 1; min-width: 0; margin: 0; border: 0; padding: 0 ${u("field-pad-x")}; background: transparent;
    color: inherit; font: inherit; outline: none; }
  .df .box input:disabled { background: var(--abon-field-disabled); }
  .df .box input::placeholder { color: var(--abon-placeholder); opacity: 1; }
  .df .reveal { flex: none; margin: ${px(8)} 0; padding: 0 ${u("field-pad-x")}; border: 0; border-left: 1px solid var(--abon-card-border);
    background: transparent; color: var(--abon-accent); font: inherit; cursor: pointer; }
  .df .unit { align-self: center; padding: 0 ${u("field-pad-x")}; color: var(--abon-muted); }
  .df .hint { margin: ${px(6)} 0 ${u("line-gap")}; color: var(--abon-muted); }
  .df .msg { position: relative; margin: ${px(2)} 0 ${u("line-gap")}; padding-left: ${px(26)}; min-height: ${u("icon-size")}; }
  .df .msg::before { position: absolute; left: 0; top: 0; width: ${u("icon-size")}; height: ${u("icon-size")}; border-radius: 50%;
    font-weight: bold; font-size: ${px(13)}; line-height: ${u("icon-size")}; text-align: center; color: var(--abon-on-accent); }
  .df .row[data-state=error] .msg { color: var(--abon-error); }
  .df .row[data-state=error] .msg::before { content: "!"; background: var(--abon-error); }
  .df .row[data-state=warning] .msg { color: var(--abon-warning); }
  .df .row[data-state=warning] .msg::before { content: "!"; background: var(--abon-warning); border-radius: 2px; }
  .df .row[data-state=ok] .msg { color: var(--abon-ok); }
  .df .row[data-state=ok] .msg::before { content: "\\2713"; background: var(--abon-ok); }
  .df .fix { margin: 0 0 ${px(8)} ${px(26)}; padding: 0; min-height: ${px(23)}; border: 0; background: none;
    color: var(--abon-accent); font: inherit; text-decoration: underline; text-align: left; cursor: pointer; }
  .df .check { display: flex; align-items: center; gap: ${px(10)}; height: ${px(28)}; margin: ${px(2)} 0 ${px(6)}; cursor: pointer; }
  .df .check input { width: ${px(22)}; height: ${px(22)}; margin: 0; accent-color: var(--abon-accent); }
  .df .picture { display: flex; flex-wrap: wrap; align-items: center; gap: ${px(8)} ${px(12)}; margin: 0 0 ${px(12)}; }
  .df .image-frame { position: relative; line-height: 0; }
  .df .image { border: 1px solid var(--abon-card-border); border-radius: 4px; max-width: 100%; height: auto; }
  .df .image[data-state=loading], .df .image[data-state=failed] { width: ${px(260)}; height: ${px(70)}; background: var(--abon-field-disabled); }
  .df .image-status { position: absolute; top: 0; right: 0; bottom: 0; left: 0; margin: 0; padding: ${px(12)}; line-height: 1.1; color: var(--abon-muted); }
  .df .image-status.failed { color: var(--abon-error); }
  .df .refresh, .df .listen { min-height: ${px(44)}; padding: 0 ${px(14)}; border: 1.5px solid var(--abon-accent); border-radius: 6px;
    background: var(--abon-page); color: var(--abon-accent); font: inherit; cursor: pointer; }
  .df .meter { display: flex; gap: ${px(4)}; width: ${u("meter-width")}; height: ${u("meter-height")}; margin: ${px(2)} 0 ${px(4)}; }
  .df .meter span { flex: 1; border-radius: 3px; background: var(--abon-meter-empty); }
  .df .meter[data-level=refused] span:nth-child(1) { background: var(--abon-error); }
  .df .meter[data-level=weak] span:nth-child(1), .df .meter[data-level=fair] span:nth-child(-n+2) { background: var(--abon-warning); }
  .df .meter[data-level=good] span:nth-child(-n+3), .df .meter[data-level=strong] span { background: var(--abon-ok); }
  .df .strength { margin: 0 0 ${px(8)}; color: var(--abon-muted); }
  .df .notice { box-sizing: border-box; max-width: ${u("max-field-width")}; margin: 0 0 ${px(16)}; padding: ${px(14)};
    border-left: 4px solid var(--abon-error); border-radius: 6px; background: var(--abon-error-fill); line-height: 1; }
  .df .submit { display: block; width: 100%; max-width: ${px(360)}; height: ${u("button-height")}; border: 0; border-radius: 6px;
    background: var(--abon-accent); color: var(--abon-on-accent); font: inherit; font-weight: bold; cursor: pointer; }
  .df .submit[data-busy=true] { background: var(--abon-button-busy); cursor: progress; }
  .df .submit[data-busy=true]::before { content: ""; display: inline-block; width: ${px(14)}; height: ${px(14)}; margin-right: ${px(10)};
    vertical-align: ${px(-2)}; border: 2.5px solid currentColor; border-right-color: transparent; border-radius: 50%;
    animation: abon-spin 0.9s linear infinite; }
  @keyframes abon-spin { to { transform: rotate(360deg); } }
  @media (prefers-reduced-motion: reduce) { .submit[data-busy=true]::before { animation: none; } }
  .df .done { outline: none; padding-top: ${px(14)}; }
  .df .done .done-title { display: flex; align-items: center; gap: ${px(16)}; min-height: ${px(40)}; }
  .df .done-title::before { content: "\\2713"; content: "\\2713" / ""; flex: none; width: ${px(40)}; height: ${px(40)}; border-radius: 50%;
    background: var(--abon-ok); color: var(--abon-on-accent); line-height: ${px(40)}; text-align: center; }
  .df .done p { margin: 0 0 ${px(18)}; line-height: 1.1; }
  .df .done-title { font-size: ${u("title-size")}; font-weight: bold; }
  .df .done-advice { box-sizing: border-box; max-width: ${u("max-field-width")}; padding: ${px(14)}; border-left: 4px solid var(--abon-accent);
    border-radius: 6px; background: var(--abon-info-fill); line-height: 1.1; }
  .df .done-advice p { margin: 0; }
  .df .done-advice p + p { margin-top: 1.1em; }
  .df .done .done-notice { box-sizing: border-box; max-width: ${u("max-field-width")}; padding: ${px(14)}; border-left: 4px solid var(--abon-ok);
    border-radius: 6px; background: var(--abon-info-fill); }
  .df .done .done-notice[data-state=info] { border-left-color: var(--abon-accent); }
  .df .done .done-notice[data-state=error] { border-left-color: var(--abon-error); background: var(--abon-error-fill); }
  .df .done-intro { max-width: ${u("max-field-width")}; margin: 0 0 ${px(16)}; line-height: 1.1; }
  .df .mailbox { display: block; width: -moz-fit-content; width: fit-content; box-sizing: border-box; max-width: 100%; min-height: ${u("button-height")};
    margin: 0 0 ${px(20)}; padding: ${px(15)} ${px(24)}; border-radius: 6px; background: var(--abon-accent); color: var(--abon-on-accent);
    font-weight: bold; line-height: 1.1; text-decoration: none; }
  .df .mailbox::after { content: "\\2197"; content: "\\2197" / ""; margin-left: ${px(10)}; }
  .df .follow { min-height: ${px(44)}; margin: 0 ${px(12)} ${px(20)} 0; padding: 0 ${px(16)}; border: 1.5px solid var(--abon-accent);
    border-radius: 6px; background: var(--abon-page); color: var(--abon-accent); font: inherit; cursor: pointer; }
  .df .follow:disabled { border: 1px solid var(--abon-card-border); background: var(--abon-field-disabled); color: var(--abon-muted); cursor: default; }
  .df .follow.change { padding: 0 ${px(8)}; border: 0; background: none; text-decoration: underline; }
  .df .follow.send { min-height: ${u("button-height")}; padding: 0 ${px(24)}; border: 0; background: var(--abon-accent);
    color: var(--abon-on-accent); font-weight: bold; }
  .df .follow.send:disabled { border: 1px solid var(--abon-card-border); background: var(--abon-field-disabled); color: var(--abon-muted); }
  .df button:focus-visible, .df .mailbox:focus-visible, .df .check input:focus-visible, .df .done:focus-visible {
    outline: 2.5px solid var(--abon-accent); outline-offset: 2px; }
  /* Flex gap: Chrome 84, Safari 14.1. Where aspect-ratio (Chrome 88, Safari 15, Firefox 89)
     is missing as well, margins in its place; a browser has flex gap whenever it has that. */
  @supports not (aspect-ratio: 1) {
    .df .check, .df .picture, .df .meter, .df .done .done-title { gap: 0; }
    .df .check > span { margin-left: ${px(10)}; }
    .df .picture { margin-bottom: ${px(12 - 8)}; }
    .df .picture > * { margin: 0 ${px(12)} ${px(8)} 0; }
    .df .meter span + span { margin-left: ${px(4)}; }
    .df .done-title::before { margin-right: ${px(16)}; }
  }

  /* High contrast: the system's colours. Borders, marks and words carry every state. */
  @media (forced-colors: active) {
    .df .box:focus-within { outline: 2px solid Highlight; }
    .df .row[data-state] .msg::before { forced-color-adjust: none; background: CanvasText; color: Canvas; }
    .df .meter span { forced-color-adjust: none; border: 1px solid CanvasText; background: Canvas; }
    .df .meter[data-level=refused] span:nth-child(1), .df .meter[data-level=weak] span:nth-child(1),
    .df .meter[data-level=fair] span:nth-child(-n+2), .df .meter[data-level=good] span:nth-child(-n+3),
    .df .meter[data-level=strong] span { background: Highlight; }
    .df .submit { border: 2px solid ButtonText; }
    .df .notice, .df .done-advice, .df .done .done-notice { border: 1px solid CanvasText; border-left-width: 4px; }
    .df .mailbox, .df .follow.send { border: 2px solid LinkText; }
  }
`;

// The canvas rendering: the same elements, invisible over their drawn places. opacity: 0
// keeps them unseen under any colour scheme (forced colours repaint colours, not opacity).
export const CANVAS_STYLE = `
  .frame.canvas canvas.draw { display: block; }
  .frame.canvas .df { padding: 0; border: 0; background: none; }
  .frame.canvas :is(.row, .box, .picture, .image-frame, .check) { display: contents; }
  .frame.canvas :is(.title, .intro, .hint, .msg, .strength, .meter, .unit, .notice, .image-status, .check > span) { display: none; }
  .frame.canvas .image { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .frame.canvas :is(.ctl, .done, .done-part) { position: absolute; box-sizing: border-box; max-width: none; margin: 0; border: 0;
    padding: 0; background: transparent; color: transparent; outline: none; opacity: 0; font-size: ${u("body-size")};
    -webkit-tap-highlight-color: transparent; }
  .frame.canvas input.ctl { padding: 0 ${u("field-pad-x")}; caret-color: transparent; }
  .frame.canvas input.ctl::selection { color: transparent; background: transparent; }
  .frame.canvas input.ctl::placeholder { color: transparent; }
  .frame.canvas input.ctl:-webkit-autofill { -webkit-text-fill-color: transparent; transition: background-color 1e6s; }
  .frame.canvas input[type=checkbox].ctl { appearance: none; cursor: pointer; }
  .frame.canvas button.ctl { cursor: pointer; overflow: hidden; white-space: nowrap; font-size: 1px; }
  .frame.canvas label.ctl { cursor: default; overflow: hidden; white-space: nowrap; }
  .frame.canvas :is(.done, .done-part) { overflow: hidden; font-size: 1px; }
  .frame.canvas :is(.done, .done-part) p { margin: 0; }
  .frame.canvas a.ctl { overflow: hidden; white-space: nowrap; font-size: 1px; }
`;

// A constructed style sheet: CSP's style-src does not apply to it, so the widget needs no
// 'unsafe-inline' (a <style> element would). <style> only where sheets cannot be adopted.
export function adoptStyle(root, css) {
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } else {
    const style = document.createElement("style");
    style.textContent = css;
    root.append(style);
  }
}
