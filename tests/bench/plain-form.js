// The benchmark's "ready" for the plain form (tests/bench/plain-form.html): the first input
// takes focus. A file, not inline: the demo server's CSP allows scripts from 'self' only.
(() => {
  const input = document.getElementById("surname");
  input.focus();
  if (document.activeElement !== input) return;
  input.blur();
  performance.mark("plain-form:ready");
})();
