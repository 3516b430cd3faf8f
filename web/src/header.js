// abon-signup.js — the <abon-signup> element: one registration form, built at once from
// the core's schema and driven by the core's WebAssembly module.
//
//   <script src="/static/abon-signup/abon-signup.js" defer></script>
//   <abon-signup endpoint="/api/register" captcha="/api/captcha" lang="uk"></abon-signup>
//
// Attributes: endpoint, captcha (URLs), resend, change-email (URLs of the success screen's
// follow-ups; without them no such button), lang ("uk" | "en"), config (URL of a JSON file,
// see README), mode ("dom": never the canvas; "canvas": the canvas on a touch screen too). Events (bubbling, composed):
// abon-signup:success {account, email} and abon-signup:error {code, status, fields}; the
// password never leaves the module. The element reports data-mode (dom, canvas, plain),
// data-state (loading, ready, sending, registered, failed) and data-captcha.
//
// Every field is a real <input>, every clickable thing a real <button>: shown as they are
// in the DOM rendering, laid transparently over the Dear ImGui canvas (which then draws
// text, caret and focus) in the canvas rendering. All listeners sit on the element's own
// shadow tree: nothing listens on window or document, so the host page keeps its keys,
// wheel and touch. Built by web/tools/bundle.mjs from web/src/ (one concern per file),
// lowered for Safari 12.1, Chrome 69 and Firefox ESR 78 and minified (README, "Which browsers").
