// The host page's own script, run before the widget's: it owns a window.Module (as pages
// with another Emscripten program do), and records what the tests check afterwards —
// the globals it had, the listeners later put on window and document, CSP violations,
// and the widget's events.
"use strict";
window.Module = { owner: "host page" };
window.hostRecord = { globals: [], listeners: [], violations: [], events: [] };
window.hostRecord.globals = Object.getOwnPropertyNames(window);
(() => {
  const record = window.hostRecord;
  const add = EventTarget.prototype.addEventListener;
  const watched = [window, document, document.documentElement];
  document.addEventListener("securitypolicyviolation", (e) => record.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  for (const type of ["abon-signup:success", "abon-signup:error"])
    document.addEventListener(type, (e) => record.events.push({ type: e.type, target: e.target.id || e.target.tagName, detail: e.detail }));
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    // With the script that asked: the test driver puts its own listeners here too.
    if (watched.includes(this) || this === document.body) record.listeners.push({ type, from: String(new Error().stack) });
    return add.call(this, type, listener, options);
  };
})();
