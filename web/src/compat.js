// What the support floor (Safari 12.1, Chrome 69, Firefox ESR 78; README, "Which
// browsers") lacks, each behind a check of the browser itself, so a newer browser takes
// its own API. esbuild (web/tools/floor.mjs) lowers syntax, never APIs: every newer API
// the shipped scripts call is listed in tests/web/floor.test.mjs, which fails where one
// is called unguarded.

// Object.hasOwn: Chrome 93, Safari 15.4, Firefox 92.
export function hasOwn(object, key) {
  return Object.prototype.hasOwnProperty.call(object, key);
}

// queueMicrotask: Chrome 71 (Safari 12.1, Firefox 69).
export function microtask(fn) {
  if (typeof queueMicrotask === "function") queueMicrotask(fn);
  else Promise.resolve().then(fn);
}

// MediaQueryList's change event through addEventListener: Safari 14; before it,
// addListener, which is the same listener.
export function onMediaChange(query, fn) {
  if (query.addEventListener) query.addEventListener("change", fn);
  else query.addListener(fn);
}

export function offMediaChange(query, fn) {
  if (query.removeEventListener) query.removeEventListener("change", fn);
  else query.removeListener(fn);
}

// ResizeObserver: Safari 13.1, Firefox 69. Without it the window's size, which is what
// moves a form that fills its container on the pages that lack it (no key, wheel or
// touch listener: the page keeps its input).
export function newResizeObserver(callback) {
  if (typeof ResizeObserver === "function") return new ResizeObserver(callback);
  let onResize = null;
  return {
    observe() { if (!onResize) { onResize = () => callback([]); window.addEventListener("resize", onResize); } },
    disconnect() { if (onResize) window.removeEventListener("resize", onResize); onResize = null; },
  };
}

// WebAssembly.compileStreaming: Safari 15. Without it, or with a server that does not send
// application/wasm, the bytes first, then the compile.
export function compileWasm(url, init) {
  const whole = () => fetch(url, init).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b));
  if (typeof WebAssembly.compileStreaming !== "function") return whole();
  return WebAssembly.compileStreaming(fetch(url, init)).catch(whole);
}

// e.matches(":focus-visible"): Chrome 86, Safari 15.4, Firefox 85; an unknown selector
// throws. There, every focus counts as seen.
export function focusVisible(e) {
  try {
    return e.matches(":focus-visible");
  } catch (err) {
    return true;
  }
}

// CSS.supports("selector(…)"): Chrome 83, Safari 14.1, Firefox 69; false where either the
// selector or the question is unknown.
export function supportsSelector(selector) {
  try {
    return typeof CSS === "object" && typeof CSS.supports === "function" && CSS.supports(`selector(${selector})`);
  } catch (err) {
    return false;
  }
}

// A new task, so that input and rendering run between two steps of the start:
// scheduler.yield (Chrome 129) keeps the step's place in the queue; elsewhere setTimeout.
export function nextTask() {
  if (typeof scheduler === "object" && scheduler && typeof scheduler.yield === "function") return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// requestIdleCallback: no Safari. There, a task after the next frame.
export function whenIdle(timeoutMs) {
  if (typeof requestIdleCallback === "function") return new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: timeoutMs }));
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
