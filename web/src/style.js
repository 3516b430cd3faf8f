// The widget's style sheets. Every colour, size and the font are custom properties written
// from abon/theme.hpp at build time (TABLES.theme), sizes in CSS px at the browser's default
// font size; --s, set by the loader, scales them with the person's own font-size setting.
// No size is spelt here (tests/web/tables.test.mjs): a length is theme metrics times the unit.

// A length from theme metrics at the current scale: u("padding"), u("padding - hairline").
const u = (expr) => `calc((${expr.replace(/[a-z][a-z-]*[a-z]/g, (name) => `var(--abon-${name})`)}) * var(--s) * 1px)`;
// The same, unscaled (the host's own box, outside the scaled frame).
const raw = (name) => `calc(var(--abon-${name}) * 1px)`;

export function themeCss(theme) {
  const vars = Object.entries(theme).map(([name, value]) => `--abon-${name}: ${value};`).join(" ");
  return `:host { ${vars} }`;
}

export const BASE_STYLE = `
  :host { display: block; position: relative; min-width: ${raw("min-width")}; font-size: medium; }
  :host([hidden]) { display: none; }
  [hidden] { display: none !important; }
  .frame { position: relative; --s: 1; color: var(--abon-text);
    font: normal ${u("body-size")}/1 var(--abon-font); font-kerning: none; letter-spacing: normal; word-spacing: normal;
    -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
  .probe { position: absolute; visibility: hidden; font-size: medium; }
  .mask-probe { position: absolute; visibility: hidden; width: ${raw("hairline")}; padding: 0; border: 0; font: inherit; }
  input::-ms-reveal, input::-ms-clear { display: none; }
  .sr { position: absolute; width: ${raw("hairline")}; height: ${raw("hairline")}; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
  canvas.draw { display: none; width: 100%; height: 0; pointer-events: none; }
  .status { padding: ${u("padding")}; border: ${u("hairline")} solid var(--abon-card-border); border-radius: ${u("card-radius")};
    background: var(--abon-page); line-height: 1.4; }
  .status:empty { display: none; }
`;

// The DOM rendering: the form as the canvas draws it, laid out by the page (same metrics,
// so that the canvas can take over without moving anything). It is what the support floor
// (Safari 12.1, Chrome 69, Firefox ESR 78) shows: anything newer has a fallback beside it
// (tests/web/floor.test.mjs lists what it looks for).
export const DOM_STYLE = `
  .df { box-sizing: border-box; padding: ${u("padding - hairline")};
    border: ${u("hairline")} solid var(--abon-card-border); border-radius: ${u("card-radius")}; background: var(--abon-page); }
  /* Narrow before the loader sets .narrow: a step at the width it compares. */
  @supports (padding: clamp(0%, 0%, 0%)) {
    .df { padding: calc(clamp(${u("padding-narrow")}, (100% - ${u("narrow-below - 0.01")}) * 10000, ${u("padding")}) - ${u("hairline")}); }
  }
  .frame.narrow .df { padding: ${u("padding-narrow - hairline")}; }
  .df .title { margin: 0 0 ${u("title-gap")}; font-weight: bold; font-size: ${u("title-size")}; }
  .df .intro { margin: 0 0 ${u("intro-gap")}; color: var(--abon-muted); }
  .df .row { display: flex; flex-direction: column; align-items: flex-start; margin: 0 0 ${u("field-gap")};
    max-width: ${u("max-field-width")}; }
  .df .row > * { max-width: 100%; }
  .df .label { font-weight: bold; margin: 0 0 ${u("label-reach + label-gap")}; }
  .df .box { display: flex; box-sizing: border-box; width: ${u("max-field-width")}; height: ${u("field-height")};
    border: ${u("hairline")} solid var(--abon-field-border); border-radius: ${u("field-radius")}; background: var(--abon-field-fill); }
  .df .row[data-field=account] .box, .df .row[data-field=captcha] .box { width: ${u("short-field-width")}; }
  .df .row[data-field=last_payment] .box { width: ${u("amount-field-width")}; }
  .df .box:focus-within { border: ${u("border-strong")} solid var(--abon-accent); }
  @supports (color: color-mix(in srgb, red 28%, transparent)) {
    .df .box:focus-within { outline: ${u("focus-halo")} solid color-mix(in srgb, var(--abon-accent) 28%, transparent); }
  }
  .df .row[data-state=error] .box { border: ${u("border-strong")} solid var(--abon-error); }
  .df .row[data-state=warning] .box { border: ${u("border-strong")} solid var(--abon-warning); }
  .df .box input { flex: 1; min-width: 0; margin: 0; border: 0; padding: 0 ${u("field-pad-x")}; background: transparent;
    color: inherit; font: inherit; outline: none; }
  .df .box input:disabled { background: var(--abon-field-disabled); }
  .df .box input::placeholder { color: var(--abon-placeholder); opacity: 1; }
  .df .reveal { flex: none; margin: ${u("reveal-inset")} 0; padding: 0 ${u("field-pad-x")}; border: 0; border-left: ${u("hairline")} solid var(--abon-card-border);
    background: transparent; color: var(--abon-accent); font: inherit; cursor: pointer; }
  .df .unit { align-self: center; padding: 0 ${u("field-pad-x")}; color: var(--abon-muted); }
  .df .hint { margin: ${u("hint-gap")} 0 ${u("line-gap")}; color: var(--abon-muted); }
  .df .msg { position: relative; margin: ${u("message-gap")} 0 ${u("line-gap")}; padding-left: ${u("icon-size + icon-gap")}; min-height: ${u("icon-size")}; }
  .df .msg::before { position: absolute; left: 0; top: 0; width: ${u("icon-size")}; height: ${u("icon-size")}; border-radius: 50%;
    font-weight: bold; font-size: ${u("icon-glyph-size")}; line-height: ${u("icon-size")}; text-align: center; color: var(--abon-on-accent); }
  .df .row[data-state=error] .msg { color: var(--abon-error); }
  .df .row[data-state=error] .msg::before { content: "!"; background: var(--abon-error); }
  .df .row[data-state=warning] .msg { color: var(--abon-warning); }
  .df .row[data-state=warning] .msg::before { content: "!"; background: var(--abon-warning); border-radius: ${u("mark-radius")}; }
  .df .row[data-state=ok] .msg { color: var(--abon-ok); }
  .df .row[data-state=ok] .msg::before { content: "\\2713"; background: var(--abon-ok); }
  .df .fix { margin: 0 0 ${u("fix-below")} ${u("icon-size + icon-gap")}; padding: 0; min-height: ${u("fix-height")}; border: 0; background: none;
    color: var(--abon-accent); font: inherit; text-decoration: underline; text-align: left; cursor: pointer; }
  .df .check { display: flex; align-items: center; gap: ${u("check-gap")}; height: ${u("check-height")}; margin: ${u("check-above")} 0 ${u("check-below")}; cursor: pointer; }
  .df .check input { width: ${u("check-size")}; height: ${u("check-size")}; margin: 0; accent-color: var(--abon-accent); }
  .df .picture { display: flex; flex-wrap: wrap; align-items: center; gap: ${u("picture-gap-y")} ${u("picture-gap-x")}; margin: 0 0 ${u("picture-below")}; }
  .df .image-frame { position: relative; line-height: 0; }
  .df .image { border: ${u("hairline")} solid var(--abon-card-border); border-radius: ${u("picture-radius")}; max-width: 100%; height: auto; }
  .df .image[data-state=loading], .df .image[data-state=failed] { width: ${u("picture-status-width")}; height: ${u("picture-height")}; background: var(--abon-field-disabled); }
  .df .image-status { position: absolute; top: 0; right: 0; bottom: 0; left: 0; margin: 0; padding: ${u("picture-status-pad")}; line-height: 1.1; color: var(--abon-muted); }
  .df .image-status.failed { color: var(--abon-error); }
  /* The canvas counts control-pad-x from the button's outer edge, its border inside it. */
  .df .refresh, .df .listen { min-height: ${u("control-height")}; padding: 0 ${u("control-pad-x - control-border")};
    border: ${u("control-border")} solid var(--abon-accent); border-radius: ${u("control-radius")};
    background: var(--abon-page); color: var(--abon-accent); font: inherit; cursor: pointer; }
  /* The ↻ in an icon-size square before the words, drawn as the canvas draws it: a ring open
     at the top (its top border) and a right triangle (a border corner) at its left end. */
  .df .refresh { position: relative; padding-left: ${u("control-pad-x - control-border + icon-size + icon-gap")}; }
  .df .refresh::before, .df .refresh::after { content: ""; position: absolute; top: 50%; box-sizing: border-box; }
  .df .refresh::before { left: ${u("control-pad-x - control-border + icon-size / 2 - refresh-radius - refresh-stroke / 2")};
    width: ${u("2 * refresh-radius + refresh-stroke")}; height: ${u("2 * refresh-radius + refresh-stroke")};
    margin-top: ${u("0 - refresh-radius - refresh-stroke / 2")}; border: ${u("refresh-stroke")} solid currentColor;
    border-top-color: transparent; border-radius: 50%; }
  .df .refresh::after { left: ${u("control-pad-x - control-border + icon-size / 2 - refresh-tip - refresh-head / 2")};
    width: 0; height: 0; margin-top: ${u("0 - refresh-tip - refresh-head / 2")};
    border-top: ${u("refresh-head")} solid currentColor; border-left: ${u("refresh-head")} solid transparent; }
  .df .meter { display: flex; gap: ${u("meter-gap")}; width: ${u("meter-width")}; height: ${u("meter-height")};
    margin: ${u("meter-above")} 0 ${u("meter-below")}; }
  .df .meter span { flex: 1; border-radius: ${u("meter-radius")}; background: var(--abon-meter-empty); }
  .df .meter[data-level=refused] span:nth-child(1) { background: var(--abon-error); }
  .df .meter[data-level=weak] span:nth-child(1), .df .meter[data-level=fair] span:nth-child(-n+2) { background: var(--abon-warning); }
  .df .meter[data-level=good] span:nth-child(-n+3), .df .meter[data-level=strong] span { background: var(--abon-ok); }
  .df .strength { margin: 0 0 ${u("strength-below")}; color: var(--abon-muted); }
  .df .notice { box-sizing: border-box; max-width: ${u("max-field-width")}; margin: 0 0 ${u("block-gap")}; padding: ${u("panel-pad")};
    border-left: ${u("panel-bar")} solid var(--abon-error); border-radius: ${u("control-radius")}; background: var(--abon-error-fill); line-height: 1; }
  .df .submit { display: block; width: 100%; max-width: ${u("submit-max-width")}; height: ${u("button-height")}; border: 0;
    border-radius: ${u("control-radius")};
    background: var(--abon-accent); color: var(--abon-on-accent); font: inherit; font-weight: bold; cursor: pointer; }
  .df .submit[data-busy=true] { background: var(--abon-button-busy); cursor: progress; }
  .df .submit[data-busy=true]::before { content: ""; display: inline-block; width: ${u("spinner-size")}; height: ${u("spinner-size")};
    margin-right: ${u("spinner-gap")}; vertical-align: ${u("0 - spinner-drop")}; border: ${u("spinner-stroke")} solid currentColor; border-right-color: transparent; border-radius: 50%;
    animation: abon-spin 0.9s linear infinite; }
  @keyframes abon-spin { to { transform: rotate(360deg); } }
  @media (prefers-reduced-motion: reduce) { .submit[data-busy=true]::before { animation: none; } }
  .df .done { outline: none; padding-top: ${u("done-gap")}; }
  .df .done .done-title { display: flex; align-items: center; gap: ${u("done-mark-gap")}; min-height: ${u("done-mark")}; }
  .df .done-title::before { content: "\\2713"; content: "\\2713" / ""; flex: none; width: ${u("done-mark")}; height: ${u("done-mark")};
    border-radius: 50%; background: var(--abon-ok); color: var(--abon-on-accent); line-height: ${u("done-mark")}; text-align: center; }
  .df .done p { margin: 0 0 ${u("done-para-gap")}; line-height: 1.1; }
  .df .done-title { font-size: ${u("title-size")}; font-weight: bold; }
  .df .done-advice { box-sizing: border-box; max-width: ${u("max-field-width")}; padding: ${u("panel-pad")};
    border-left: ${u("panel-bar")} solid var(--abon-accent); border-radius: ${u("control-radius")}; background: var(--abon-info-fill); line-height: 1.1; }
  .df .done-advice p { margin: 0; }
  .df .done-advice p + p { margin-top: 1.1em; }
  .df .done .done-notice { box-sizing: border-box; max-width: ${u("max-field-width")}; padding: ${u("panel-pad")};
    border-left: ${u("panel-bar")} solid var(--abon-ok); border-radius: ${u("control-radius")}; background: var(--abon-info-fill); }
  .df .done .done-notice[data-state=info] { border-left-color: var(--abon-accent); }
  .df .done .done-notice[data-state=error] { border-left-color: var(--abon-error); background: var(--abon-error-fill); }
  .df .done-intro { max-width: ${u("max-field-width")}; margin: 0 0 ${u("block-gap")}; line-height: 1.1; }
  .df .mailbox { display: block; width: -moz-fit-content; width: fit-content; box-sizing: border-box; max-width: 100%; min-height: ${u("button-height")};
    margin: 0 0 ${u("action-gap")}; padding: ${u("mailbox-pad-y")} ${u("mailbox-pad-x")}; border-radius: ${u("control-radius")}; background: var(--abon-accent); color: var(--abon-on-accent);
    font-weight: bold; line-height: 1.1; text-decoration: none; }
  .df .mailbox::after { content: "\\2197"; content: "\\2197" / ""; margin-left: ${u("arrow-gap")}; }
  .df .follow { min-height: ${u("control-height")}; margin: 0 ${u("action-spacing")} ${u("action-gap")} 0; padding: 0 ${u("action-pad-x")};
    border: ${u("control-border")} solid var(--abon-accent); border-radius: ${u("control-radius")}; background: var(--abon-page); color: var(--abon-accent); font: inherit; cursor: pointer; }
  .df .follow:disabled { border: ${u("hairline")} solid var(--abon-card-border); background: var(--abon-field-disabled); color: var(--abon-muted); cursor: default; }
  .df .follow.change { padding: 0 ${u("change-pad-x")}; border: 0; background: none; text-decoration: underline; }
  .df .follow.send { min-height: ${u("button-height")}; padding: 0 ${u("send-pad-x")}; border: 0; background: var(--abon-accent);
    color: var(--abon-on-accent); font-weight: bold; }
  .df .follow.send:disabled { border: ${u("hairline")} solid var(--abon-card-border); background: var(--abon-field-disabled); color: var(--abon-muted); }
  .df button:focus-visible, .df .mailbox:focus-visible, .df .check input:focus-visible, .df .done:focus-visible {
    outline: ${u("focus-ring-width")} solid var(--abon-accent); outline-offset: ${u("focus-ring-offset")}; }
  /* Flex gap: Chrome 84, Safari 14.1. Where aspect-ratio (Chrome 88, Safari 15, Firefox 89)
     is missing as well, margins in its place; a browser has flex gap whenever it has that. */
  @supports not (aspect-ratio: 1) {
    .df .check, .df .picture, .df .meter, .df .done .done-title { gap: 0; }
    .df .check > span { margin-left: ${u("check-gap")}; }
    .df .picture { margin-bottom: ${u("picture-below - picture-gap-y")}; }
    .df .picture > * { margin: 0 ${u("picture-gap-x")} ${u("picture-gap-y")} 0; }
    .df .meter span + span { margin-left: ${u("meter-gap")}; }
    .df .done-title::before { margin-right: ${u("done-mark-gap")}; }
  }

  /* High contrast: the system's colours. Borders, marks and words carry every state. */
  @media (forced-colors: active) {
    .df .box:focus-within { outline: ${u("border-strong")} solid Highlight; }
    .df .row[data-state] .msg::before { forced-color-adjust: none; background: CanvasText; color: Canvas; }
    .df .meter span { forced-color-adjust: none; border: ${u("hairline")} solid CanvasText; background: Canvas; }
    .df .meter[data-level=refused] span:nth-child(1), .df .meter[data-level=weak] span:nth-child(1),
    .df .meter[data-level=fair] span:nth-child(-n+2), .df .meter[data-level=good] span:nth-child(-n+3),
    .df .meter[data-level=strong] span { background: Highlight; }
    .df .submit { border: ${u("border-strong")} solid ButtonText; }
    .df .refresh::before, .df .refresh::after { forced-color-adjust: none; }
    .df .refresh::before { border-color: transparent ButtonText ButtonText; }
    .df .refresh::after { border-top-color: ButtonText; }
    .df .notice, .df .done-advice, .df .done .done-notice { border: ${u("hairline")} solid CanvasText; border-left-width: ${u("panel-bar")}; }
    .df .mailbox, .df .follow.send { border: ${u("border-strong")} solid LinkText; }
  }
`;

// The canvas rendering: the same elements, invisible over their drawn places. opacity: 0
// keeps them unseen under any colour scheme (forced colours repaint colours, not opacity).
export const CANVAS_STYLE = `
  .frame.canvas canvas.draw { display: block; }
  .frame.canvas .df { padding: 0; border: 0; background: none; }
  .frame.canvas :is(.row, .box, .picture, .image-frame, .check) { display: contents; }
  .frame.canvas :is(.title, .intro, .hint, .msg, .strength, .meter, .unit, .notice, .image-status, .check > span) { display: none; }
  .frame.canvas .image { position: absolute; width: ${raw("hairline")}; height: ${raw("hairline")}; overflow: hidden; clip-path: inset(50%); }
  .frame.canvas :is(.ctl, .done, .done-part) { position: absolute; box-sizing: border-box; max-width: none; margin: 0; border: 0;
    padding: 0; background: transparent; color: transparent; outline: none; opacity: 0; font-size: ${u("body-size")};
    -webkit-tap-highlight-color: transparent; }
  .frame.canvas input.ctl { padding: 0 ${u("field-pad-x")}; caret-color: transparent; }
  .frame.canvas input.ctl::selection { color: transparent; background: transparent; }
  .frame.canvas input.ctl::placeholder { color: transparent; }
  .frame.canvas input.ctl:-webkit-autofill { -webkit-text-fill-color: transparent; transition: background-color 1e6s; }
  .frame.canvas input[type=checkbox].ctl { appearance: none; cursor: pointer; }
  .frame.canvas button.ctl { cursor: pointer; overflow: hidden; white-space: nowrap; font-size: ${raw("hairline")}; }
  .frame.canvas label.ctl { cursor: default; overflow: hidden; white-space: nowrap; }
  .frame.canvas :is(.done, .done-part) { overflow: hidden; font-size: ${raw("hairline")}; }
  .frame.canvas :is(.done, .done-part) p { margin: 0; }
  .frame.canvas a.ctl { overflow: hidden; white-space: nowrap; font-size: ${raw("hairline")}; }
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
