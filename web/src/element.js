// The <abon-signup> element: builds the DOM form at once, starts the core, and picks the
// rendering, reported as data-mode:
//   dom     the DOM form, visible, driven by the core (no WebGL2, forced colours, mode="dom",
//           and while the module is on its way);
//   canvas  the Dear ImGui canvas over the same elements, once WebGL2 works and taking
//           over moves nothing under the person's fingers;
//   plain   no WebAssembly: the same DOM form driven by abon-signup-plain.js, checked by the server.
import { TABLES } from "./tables.js";
import { DomForm } from "./form.js";
import { FILES, buildFrame, carryOver, frameParts, pageDeclares, snippetState, typedIn, widgetCss } from "./snippet.js";
import { applyView, drawPicture, placeControls, unplaceControls } from "./render.js";
import { sendRequest } from "./network.js";
import { KeptTyping } from "./remember.js";
import { adoptStyle } from "./style.js";
import { compileWasm, microtask, newResizeObserver, nextTask, offMediaChange, onMediaChange, supportsSelector, whenIdle } from "./compat.js";

const scriptUrl = document.currentScript ? document.currentScript.src : location.href;
const moduleUrl = new URL(FILES.glue, scriptUrl).href;
const wasmUrl = new URL(FILES.wasm, scriptUrl).href;
const plainUrl = new URL(FILES.plain, scriptUrl).href;
// The widget's own font (the cut DejaVu Sans the canvas rasterises), for every rendering:
// [weight, URL] of each file (abon/theme.hpp, font).
const FONT_URLS = TABLES.font.files.map(([weight, file]) => [weight, new URL(file, scriptUrl).href]);
let fontsPromise = null;
// One download and compilation of each, shared by every element; the two go in
// parallel (Emscripten alone would fetch the .wasm only once its JS has run).
let factoryPromise = null;
let wasmPromise = null;
const loadFactory = () => (factoryPromise ||= import(moduleUrl).then((m) => m.default));
const loadWasm = () => (wasmPromise ||= compileWasm(wasmUrl, { credentials: "same-origin" }));
// The core's first feedback waits for these bytes most of all: asked for as the loader
// starts, before any element builds its form (a page's preload hint may ask sooner still).
if (typeof WebAssembly === "object" && typeof WebAssembly.instantiate === "function") {
  // A failure is the element's to report, when it uses them (moduleFailed).
  loadWasm().catch(() => {});
  loadFactory().catch(() => {});
  mark("module-requested");
}

// The font files, fetched once: declared to the page as FontFaces (every DOM rendering
// uses them) and their bytes kept for the module, so the canvas draws the very glyphs the
// inputs lay out. Resolves to [regular, bold] bytes, or null where fonts cannot load.
const loadFonts = () => fontsPromise || (fontsPromise = Promise.all(FONT_URLS.map(([weight, url]) =>
  fetch(url, { credentials: "same-origin" }).then((r) => {
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    return r.arrayBuffer();
  }).then((bytes) => declareFont(bytes, weight)))).catch((err) => {
  console.warn("abon-signup: the font did not load:", err);
  return null;
}));

async function declareFont(bytes, weight) {
  if (typeof FontFace === "function" && document.fonts) {
    const face = new FontFace(TABLES.font.family, bytes.slice(0), { weight, display: "swap" });
    await face.load(); // a file the browser cannot read fails here, before the module sees it
    if (!pageDeclares(TABLES.font.family, weight)) document.fonts.add(face); // the snippet's @font-face has it since the first paint
  }
  return new Uint8Array(bytes);
}

// Until the font is there (and where it cannot load): the system's own DejaVu Sans, or
// one of the common sans faces scaled to DejaVu's widths, so that lines break alike.
// A page with the snippet declares it itself.
function declareFallback() {
  if (typeof FontFace !== "function" || !document.fonts || declareFallback.done) return;
  declareFallback.done = true;
  const { fallback_family: family, fallback_local: local, fallback_size_adjust: sizeAdjust } = TABLES.font;
  if (pageDeclares(family, "normal")) return;
  const face = new FontFace(family, local, { sizeAdjust });
  document.fonts.add(face);
  face.load().catch(() => {}); // none of them: the generic sans-serif follows in the stack
}

// As Painter::init() asks for them (painter.cpp).
const GL_ATTRIBUTES = { alpha: false, depth: false, stencil: false, antialias: false, premultipliedAlpha: true,
  preserveDrawingBuffer: false, powerPreference: "low-power" };
const FORCED_COLOURS = "(forced-colors: active)";
const REDUCED_MOTION = "(prefers-reduced-motion: reduce)";
const TOUCH_SCREEN = "(pointer: coarse)"; // the primary pointer is a finger
const DEFAULT_FONT_PX = 16; // the metrics' base: theme.hpp's sizes are at this default

class AbonSignup extends HTMLElement {
  constructor() {
    super();
    // The page's snippet attached its own (declarative shadow DOM): attachShadow() would empty it.
    this.root = this.shadowRoot || this.attachShadow({ mode: "open" });
    this.module = null;
    this.started = false;
    this.lastLayout = null;
  }

  connectedCallback() {
    if (this.started) return;
    this.started = true;
    this.lang = this.getAttribute("lang") === "en" ? "en" : "uk";
    this.words = TABLES.form_words[this.lang];
    declareFallback();
    // A page without the snippet's @font-face gets the faces from the loader, for the DOM
    // rendering as well; with it, the bytes are fetched when the canvas needs them.
    if (!pageDeclares(TABLES.font.family, "normal")) loadFonts();
    // The page's snippet takes text already: its take-over starts a task later, so that the
    // loader's own evaluation and it are not one long task. A form built here is built at
    // once, before the element is first painted.
    const snippet = snippetState(this.root, TABLES.snippet, this.lang);
    const begin = () => {
      this.buildFrame(snippet);
      this.start().catch((err) => this.moduleFailed(err));
    };
    if (snippet === "ours") nextTask().then(begin);
    else begin();
  }

  disconnectedCallback() {
    if (this.resizeObserver) this.resizeObserver.disconnect();
    if (this.ratioQuery) offMediaChange(this.ratioQuery, this.onRatioChange);
    if (this.coloursQuery) offMediaChange(this.coloursQuery, this.onColoursChange);
    if (this.motionQuery) offMediaChange(this.motionQuery, this.onMotionChange);
  }

  // Frames the module has drawn: the spec's budget is 0 a second while idle.
  get framesDrawn() {
    return this.module ? this.module._abon_frames() : 0;
  }

  // [SECTION] Start-up
  // The page's snippet of this build is taken over as it is; another's is replaced, with
  // what was typed in it; an empty root gets the frame built here.
  buildFrame(snippet) {
    this.adopted = snippet === "ours";
    if (!this.adopted) {
      this.newFrame(snippet === "stale");
      return;
    }
    Object.assign(this, frameParts(this.root.querySelector(".frame")));
    // Its <style> is the same sheet; a policy without inline styles blocked it.
    const style = this.root.querySelector("style");
    if (!style || !style.sheet || style.sheet.cssRules.length === 0) adoptStyle(this.root, widgetCss(TABLES.theme));
    this.frameReady();
  }

  // The frame built here; replacing: what was typed in the old one is carried over.
  newFrame(replacing) {
    if (replacing) {
      this.stale = typedIn(this.root);
      this.root.textContent = "";
    }
    adoptStyle(this.root, widgetCss(TABLES.theme));
    Object.assign(this, buildFrame(this.words));
    this.root.append(this.frame);
    this.frameReady();
  }

  frameReady() {
    this.form.addEventListener("submit", (e) => { e.preventDefault(); this.call("abon_submit"); });
    this.scale = fontScale(this.probe);
    if (this.scale !== 1) this.frame.style.setProperty("--s", String(this.scale)); // the style sheet's --s is 1
  }

  // The DOM form: the snippet's elements taken over, or built (a snippet that turns out to
  // differ from this build's form is replaced as a stale one is).
  newForm() {
    const form = (adopt) => new DomForm(this.form, TABLES.schema[this.lang], this.words, this.sink(), { adopt });
    if (this.adopted) {
      try {
        return form(true);
      } catch (err) {
        console.warn(err.message);
        this.adopted = false;
        this.newFrame(true);
      }
    }
    const dom = form(false);
    if (this.stale) carryOver(dom, this.stale);
    this.stale = null;
    return dom;
  }

  async start() {
    const configUrl = this.getAttribute("config");
    const config = configUrl ? fetch(configUrl, { credentials: "same-origin" }).then((r) => (r.ok ? r.text() : "")).catch(() => "") : "";
    // The form takes typing now; the core (or the plain driver) reads what was typed when it starts.
    if (this.adopted) await nextTask();
    this.dom = timed("form", () => this.newForm());
    if (this.adopted) await nextTask();
    this.kept = new KeptTyping(this, this.dom, TABLES.schema[this.lang], TABLES.remember); // this tab's earlier typing, back in the inputs
    this.dataset.mode = "dom";
    this.dataset.state = "loading";
    mark("form-built");
    if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
      await this.startPlain(await config);
      return;
    }
    loadWasm();
    const factoryLoaded = loadFactory();
    this.coloursQuery = matchMedia(FORCED_COLOURS);
    this.onColoursChange = () => { if (this.coloursQuery.matches) this.toDom(); };
    onMediaChange(this.coloursQuery, this.onColoursChange);
    const [factory, configText] = await Promise.all([factoryLoaded, config]);
    this.configText = configText;
    mark("module-loaded");
    this.module = await factory({
      abonHost: (this.api = this.hostApi()),
      instantiateWasm: (imports, receive) => {
        loadWasm().then((compiled) => WebAssembly.instantiate(compiled, imports))
          .then((instance) => receive(instance))
          .catch((err) => this.moduleFailed(err));
        return {}; // asynchronous: receive() finishes the start-up
      },
      printErr: (text) => console.warn("abon-signup:", text),
    });
    mark("module-instantiated");
    await nextTask(); // the instantiation (the module's constructors) and the core's start: two tasks
    this.module.specialHTMLTargets["#abon-canvas"] = this.canvas;
    // resend and change-email are optional: without them the success screen has no such button.
    const args = [this.lang, this.getAttribute("endpoint") || "/api/register",
      this.getAttribute("captcha") || "/api/captcha", this.getAttribute("resend") || "",
      this.getAttribute("change-email") || "", configText, location.origin];
    const types = ["string", "string", "string", "string", "string", "string", "string", "number"];
    // The core first, in the DOM rendering: its feedback does not wait for the canvas.
    const failed = timed("core-start", () => this.module.ccall("abon_start", "number", types, [...args, 0]));
    this.module._abon_wipe_stack();
    if (failed === 2) { this.misconfigured(); return; } // the module logged why
    mark("started");
    this.handOver();
    this.watchSize();
    this.watchMotion();
    if (this.canvasWanted()) await this.startCanvas();
    else mark("dom-kept");
  }

  // The canvas after the core, once the font is there and the page is idle, in steps of one
  // task each so that typing goes on between them (each measured, "abon-signup:canvas-*"):
  // the context, the GL programs, the font atlas at the device pixel ratio; the first
  // frame when nobody is in the form (upgradeWhenIdle).
  async startCanvas() {
    const fonts = await loadFonts();
    const wanted = () => fonts && this.module && !this.plain && this.canvasWanted();
    await whenIdle(2000);
    if (!wanted()) return;
    // Its attributes are painter.cpp's; the module takes this context as its own.
    const gl = timed("canvas-context", () => this.canvas.getContext("webgl2", GL_ATTRIBUTES));
    if (!gl) return;
    this.module.preinitializedWebGLContext = gl;
    await nextTask();
    if (!wanted()) return;
    const painting = timed("canvas-programs", () => {
      fonts.forEach((bytes, bold) => {
        const ptr = this.module._malloc(bytes.length);
        this.module.HEAPU8.set(bytes, ptr);
        this.module._abon_font(bold, ptr, bytes.length);
        this.module._free(ptr);
      });
      const mask = maskAdvance(this.frame);
      if (mask > 0) this.module._abon_mask_advance(mask);
      for (const [id, r] of this.dom.rows) this.call("abon_scroll", id, r.input.scrollLeft / this.scale);
      return this.module._abon_start_painting() === 0;
    });
    if (!painting) return; // WebGL2 is there but cannot draw: the DOM rendering
    await nextTask();
    if (!this.module) return;
    timed("canvas-atlas", () => this.module._abon_prepare_painting());
    await nextTask();
    this.upgradeWhenIdle();
  }

  watchMotion() {
    this.motionQuery = matchMedia(REDUCED_MOTION);
    this.onMotionChange = () => this.call("abon_reduced_motion", this.motionQuery.matches ? 1 : 0);
    onMediaChange(this.motionQuery, this.onMotionChange);
    this.onMotionChange();
  }

  // WebGL2 only helps where the canvas may be shown at all. The canvas rendering's style
  // sheet needs :is() (Chrome 88, Safari 14): below, the DOM rendering. A touch screen
  // (a phone, a tablet) keeps the DOM rendering unless mode="canvas": there the canvas's
  // start is tasks of 100 ms and more on a phone's CPU (the font atlas at its pixel ratio;
  // README, "One form, three renderings"), and the DOM form looks the same.
  canvasWanted() {
    const asked = this.getAttribute("mode");
    if (asked === "dom" || matchMedia(FORCED_COLOURS).matches || !supportsSelector(":is(a)")) return false;
    return asked === "canvas" || !matchMedia(TOUCH_SCREEN).matches;
  }

  // What the person typed while the module was on its way goes to the core, as typed; the
  // fields they have left since (every field with text but the one they are in: restored
  // ones too) are judged as if the core had seen them leave.
  handOver() {
    const active = this.dom.busyField();
    for (const [id, value] of this.dom.typed()) {
      const input = this.dom.elements.get(id);
      // The IME's text, not yet committed, goes as it is (no mask under its feet): a
      // composition seen by the listeners, or one that may have begun in the snippet before.
      const unsure = input === active && this.adopted && !this.dom.heard.has(id);
      const composing = this.dom.composing.has(id) || unsure;
      const start = input === active ? input.selectionStart ?? value.length : value.length;
      const end = input === active ? input.selectionEnd ?? start : value.length;
      const from = this.dom.composing.has(id) ? this.dom.composing.get(id) : end;
      this.call("abon_input", id, value, start, end, composing ? 1 : 0, composing ? from : 0, composing ? end : 0);
    }
    for (const id of this.dom.checkboxes) if (this.dom.elements.get(id).checked) this.call("abon_check", id, 1);
    for (const [id] of this.dom.typed()) if (this.dom.elements.get(id) !== active) this.call("abon_blur", id);
    if (active) {
      const id = [...this.dom.elements].find(([, e]) => e === active)?.[0];
      if (id) this.call("abon_focus", id, 1);
      if (active.selectionStart !== undefined && id && this.dom.rows.has(id)) {
        this.call("abon_select", id, active.selectionStart ?? 0, active.selectionEnd ?? 0);
      }
    }
  }

  // The canvas takes over once nobody is in the form: never under the person's fingers.
  upgradeWhenIdle() {
    const attempt = () => {
      if (this.dataset.mode !== "dom" || !this.canvasWanted() || !this.lastLayout) return false;
      if (this.dom.busyField()) return false;
      this.toCanvas();
      return true;
    };
    requestAnimationFrame(() => {
      if (attempt()) return;
      const later = () => setTimeout(() => { if (attempt()) this.form.removeEventListener("focusout", later); }, 0);
      this.form.addEventListener("focusout", later);
    });
  }

  // Drawn first, shown in the same task: the canvas never appears empty.
  toCanvas() {
    timed("canvas-first-frame", () => {
      this.call("abon_draw_now");
      this.frame.classList.add("canvas");
      this.dataset.mode = "canvas";
      this.applyLayout(this.lastLayout);
    });
    mark("canvas");
  }

  // Forced colours came on, or the canvas cannot draw: the DOM rendering from now on.
  toDom() {
    if (this.dataset.mode !== "canvas") return;
    this.call("abon_stop_painting");
    this.frame.classList.remove("canvas");
    unplaceControls(this.dom);
    this.dataset.mode = "dom";
  }

  // The same DOM form, what was typed in it kept, driven by abon-signup-plain.js.
  async startPlain(configText) {
    this.api ||= this.hostApi();
    this.module = null;
    const { PlainForm } = await import(plainUrl);
    this.plain = new PlainForm(this, configText, { mark });
    if (!this.plain.endpointAllowed()) { this.misconfigured(); return; }
    this.plain.start();
    if (!this.resizeObserver) this.watchSize();
    if (this.pendingFocus) { this.pendingFocus = null; this.focus(); }
  }

  // The module did not arrive or could not start: the plain driver, with what was typed.
  moduleFailed(err) {
    if (err) console.warn("abon-signup:", err);
    if (this.plain) return;
    this.startPlain(this.configText || "").catch((e) => this.fail(e));
  }

  // Nothing to type a password into: whatever was typed goes with the elements.
  misconfigured() {
    this.module = null;
    this.dom = null;
    this.form.textContent = "";
    this.form.hidden = true;
    this.fail(null, this.words.misconfigured);
  }

  fail(err, text = this.words.failed) {
    if (err) console.warn("abon-signup:", err);
    this.dataset.state = "failed";
    this.status.setAttribute("role", "alert");
    this.status.textContent = text;
  }

  // [SECTION] The host page's API: reset() empties the form for a new registration (a new
  // CAPTCHA too); focus() puts the caret into the first field.
  reset() {
    if (this.kept) this.kept.forget();
    if (this.plain) this.plain.reset();
    else this.call("abon_reset");
  }

  focus(options) {
    const first = this.dom && this.dom.elements.get(this.dom.order[0]);
    if (first && !first.hidden && !first.disabled) first.focus(options);
    else this.pendingFocus = "surname";
  }

  call(name, ...args) {
    if (!this.module) return undefined;
    const types = args.map((a) => (typeof a === "string" ? "string" : "number"));
    try {
      return this.module.ccall(name, null, types, args);
    } finally {
      this.module._abon_wipe_stack(); // ccall copied the strings onto the stack
    }
  }

  // Where the DOM form's events go: the core, once it runs (before, the inputs keep them).
  sink() {
    return {
      input: (id, value, start, end, composing, compStart, compEnd) =>
        this.call("abon_input", id, value, start, end, composing ? 1 : 0, compStart, compEnd),
      select: (id, start, end) => this.call("abon_select", id, start, end),
      focus: (id, visible) => this.call("abon_focus", id, visible ? 1 : 0),
      blur: (id) => this.call("abon_blur", id),
      capsLock: (on) => this.call("abon_caps_lock", on ? 1 : 0),
      scroll: (id, x) => this.call("abon_scroll", id, x / this.scale),
      press: (id) => this.call("abon_press", id),
      check: (id, on) => this.call("abon_check", id, on ? 1 : 0),
      submit: () => this.call("abon_submit"),
    };
  }

  // The module lays out in theme units: CSS px at the default font size. At another
  // font size it lays out a narrower form and draws it larger (and sharper).
  watchSize() {
    const send = () => {
      const width = this.frame.getBoundingClientRect().width;
      if (width <= 0) return;
      const units = width / this.scale;
      this.frame.classList.toggle("narrow", units < TABLES.theme["narrow-below"]);
      this.call("abon_resize", units, (window.devicePixelRatio || 1) * this.scale);
    };
    this.resizeObserver = newResizeObserver(() => {
      const scale = fontScale(this.probe);
      if (scale !== this.scale) { this.scale = scale; this.frame.style.setProperty("--s", String(scale)); }
      send();
    });
    this.resizeObserver.observe(this.frame);
    // Zoom or a move to another screen changes the ratio but not always the width.
    this.onRatioChange = () => { this.watchRatio(); send(); };
    this.watchRatio();
    send();
  }

  watchRatio() {
    if (this.ratioQuery) offMediaChange(this.ratioQuery, this.onRatioChange);
    this.ratioQuery = matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    onMediaChange(this.ratioQuery, this.onRatioChange);
  }

  // [SECTION] What the module asks of the page
  hostApi() {
    return {
      layout: (json) => this.applyLayout(JSON.parse(json)),
      setValue: (id, text, caret) => {
        const input = this.dom && this.dom.elements.get(id);
        if (!input) return;
        input.value = text;
        if (this.root.activeElement === input) input.setSelectionRange(caret, caret);
      },
      focus: (id) => {
        // The element may appear only with the next layout (the confirmation text).
        const e = this.dom && this.dom.elements.get(id);
        if (e && !e.hidden && !e.closest("[hidden]")) e.focus();
        else this.pendingFocus = id;
      },
      announce: (text) => {
        this.live.textContent = "";
        setTimeout(() => { this.live.textContent = text; }, 60); // re-announced even if equal
      },
      emit: (type, detail) => {
        // Dispatched once the module's call has returned and its stack is wiped: a
        // listener never sees the module mid-call.
        const event = new CustomEvent(type, { bubbles: true, composed: true, detail: JSON.parse(detail) });
        microtask(() => this.dispatchEvent(event));
      },
      log: (text) => console.warn(text),
      fallback: () => this.toDom(), // the canvas cannot draw after all (the module logged why)
      picture: (rgba, width, height) => { if (this.dom) drawPicture(this.dom, rgba, width, height); },
      request: (r) => sendRequest(this, r),
    };
  }

  applyLayout(layout) {
    if (!this.dom) return;
    if (!this.lastLayout) mark("ready"); // the core drives the form: feedback from here on
    this.lastLayout = layout;
    // State for the page's CSS and for tests: ready, sending or registered; the picture.
    this.dataset.state = layout.phase === "editing" ? "ready" : layout.phase;
    this.dataset.captcha = layout.captcha;
    applyView(this.dom, layout);
    if (this.dataset.mode === "canvas") {
      this.canvas.style.height = `${layout.height * this.scale}px`;
      placeControls(this.dom, layout, this.scale);
    }
    if (this.pendingFocus) {
      const id = this.pendingFocus;
      this.pendingFocus = null;
      this.api.focus(id);
    }
  }
}

// The person's font size: the `medium` keyword's computed size inside the widget (a probe
// styled font-size: medium), which the browser's setting changes and a host page's own
// html { font-size } does not.
function fontScale(probe) {
  const medium = parseFloat(getComputedStyle(probe).fontSize) || DEFAULT_FONT_PX;
  return Math.max(0.5, Math.min(4, medium / DEFAULT_FONT_PX));
}

// The advance of the browser's own password mask glyph, in em of the widget's font (Chromium
// draws U+2022 from the font, WebKit U+25CF from another): the change of a hidden password
// input's scroll width from 50 characters to 100. 0 where the browser does not tell.
function maskAdvance(frame) {
  const input = document.createElement("input");
  input.type = "password";
  input.className = "mask-probe";
  input.setAttribute("aria-hidden", "true");
  input.tabIndex = -1;
  frame.append(input);
  const width = (n) => { input.value = "x".repeat(n); return input.scrollWidth; };
  const advance = (width(100) - width(50)) / 50;
  const em = parseFloat(getComputedStyle(input).fontSize);
  input.value = "";
  input.remove();
  return advance > 0 && em > 0 ? advance / em : 0;
}

// performance marks ("abon-signup:ready", …) for the page's own measurements.
function mark(name) {
  if (typeof performance !== "undefined" && performance.mark) performance.mark(`abon-signup:${name}`);
}

// One step of the start: its end marked and its length measured, both "abon-signup:NAME"
// (measure(name, startMark): every browser of the floor has that form).
function timed(name, step) {
  const measured = typeof performance !== "undefined" && performance.measure && performance.clearMarks;
  if (measured) performance.mark(`abon-signup:${name}:start`);
  const result = step();
  if (measured) {
    performance.measure(`abon-signup:${name}`, `abon-signup:${name}:start`);
    performance.clearMarks(`abon-signup:${name}:start`);
  }
  mark(name);
  return result;
}

if (!customElements.get("abon-signup")) customElements.define("abon-signup", AbonSignup);
