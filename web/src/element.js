// The <abon-signup> element: builds the DOM form at once, starts the core, and picks the
// rendering, reported as data-mode:
//   dom     the DOM form, visible, driven by the core (no WebGL2, forced colours, mode="dom",
//           and while the module is on its way);
//   canvas  the Dear ImGui canvas over the same elements, once WebGL2 works and taking
//           over moves nothing under the person's fingers;
//   plain   no WebAssembly: the same DOM form driven by abon-signup-plain.js, checked by the server.
import { TABLES } from "./tables.js";
import { DomForm, el } from "./form.js";
import { applyView, drawPicture, placeControls, unplaceControls } from "./render.js";
import { sendRequest } from "./network.js";
import { KeptTyping } from "./remember.js";
import { BASE_STYLE, CANVAS_STYLE, DOM_STYLE, FALLBACK_FAMILY, FALLBACK_SIZE_ADJUST, FONT_FAMILY, adoptStyle, themeCss } from "./style.js";
import { compileWasm, microtask, newResizeObserver, offMediaChange, onMediaChange, supportsSelector } from "./compat.js";

const scriptUrl = document.currentScript ? document.currentScript.src : location.href;
const moduleUrl = new URL("abon-signup-wasm.js", scriptUrl).href;
const wasmUrl = new URL("abon-signup-wasm.wasm", scriptUrl).href;
// The DOM form's driver for browsers without WebAssembly: fetched only then.
const plainUrl = new URL("abon-signup-plain.js", scriptUrl).href;
// The widget's own font (the cut DejaVu Sans the canvas rasterises), for every rendering.
const FONT_URLS = [["400", new URL("abon-signup-font.ttf", scriptUrl).href],
  ["700", new URL("abon-signup-font-bold.ttf", scriptUrl).href]];
let fontsPromise = null;
// One download and compilation of each, shared by every element; the two go in
// parallel (Emscripten alone would fetch the .wasm only once its JS has run).
let factoryPromise = null;
let wasmPromise = null;
const loadFactory = () => (factoryPromise ||= import(moduleUrl).then((m) => m.default));
const loadWasm = () => (wasmPromise ||= compileWasm(wasmUrl, { credentials: "same-origin" }));

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
    const face = new FontFace(FONT_FAMILY, bytes.slice(0), { weight, display: "swap" });
    await face.load(); // a file the browser cannot read fails here, before the module sees it
    document.fonts.add(face);
  }
  return new Uint8Array(bytes);
}

// Until the font is there (and where it cannot load): the system's own DejaVu Sans, or
// one of the common sans faces scaled to DejaVu's widths, so that lines break alike.
function declareFallback() {
  if (typeof FontFace !== "function" || !document.fonts || declareFallback.done) return;
  declareFallback.done = true;
  const local = ["Arial", "Liberation Sans", "Arimo", "Helvetica", "Roboto"].map((n) => `local("${n}")`).join(", ");
  const face = new FontFace(FALLBACK_FAMILY, local, { sizeAdjust: FALLBACK_SIZE_ADJUST });
  document.fonts.add(face);
  face.load().catch(() => {}); // none of them: the generic sans-serif follows in the stack
}

// As Painter::init() asks for them (painter.cpp).
const GL_ATTRIBUTES = { alpha: false, depth: false, stencil: false, antialias: false, premultipliedAlpha: true,
  preserveDrawingBuffer: false, powerPreference: "low-power" };
const FORCED_COLOURS = "(forced-colors: active)";
const REDUCED_MOTION = "(prefers-reduced-motion: reduce)";
const DEFAULT_FONT_PX = 16; // the metrics' base: theme.hpp's sizes are at this default

class AbonSignup extends HTMLElement {
  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
    this.module = null;
    this.started = false;
    this.lastLayout = null;
  }

  connectedCallback() {
    if (this.started) return;
    this.started = true;
    this.lang = this.getAttribute("lang") === "en" ? "en" : "uk";
    this.words = TABLES.words[this.lang];
    declareFallback();
    this.fonts = loadFonts();
    this.buildFrame();
    this.start().catch((err) => this.moduleFailed(err));
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
  buildFrame() {
    adoptStyle(this.root, themeCss(TABLES.theme) + BASE_STYLE + DOM_STYLE + CANVAS_STYLE);
    this.frame = el("div", "frame");
    this.status = el("div", "status");
    this.canvas = el("canvas", "draw");
    this.canvas.setAttribute("aria-hidden", "true");
    this.form = el("form", "df");
    this.form.noValidate = true;
    this.form.setAttribute("aria-label", this.lang === "en" ? "Sign up" : "Реєстрація");
    this.form.addEventListener("submit", (e) => { e.preventDefault(); this.call("abon_submit"); });
    this.live = el("div", "sr");
    this.live.setAttribute("aria-live", "polite");
    this.probe = el("span", "probe");
    this.probe.setAttribute("aria-hidden", "true");
    this.frame.append(this.probe, this.status, this.canvas, this.form, this.live);
    this.root.append(this.frame);
    this.scale = fontScale(this.probe);
    this.frame.style.setProperty("--s", String(this.scale));
  }

  async start() {
    const configUrl = this.getAttribute("config");
    const config = configUrl ? fetch(configUrl, { credentials: "same-origin" }).then((r) => (r.ok ? r.text() : "")).catch(() => "") : "";
    // The form takes typing now; the core (or the plain driver) reads what was typed when it starts.
    this.dom = new DomForm(this.form, TABLES.schema[this.lang], this.words, this.sink());
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
      locateFile: (path) => new URL(path, moduleUrl).href,
      instantiateWasm: (imports, receive) => {
        loadWasm().then((compiled) => WebAssembly.instantiate(compiled, imports))
          .then((instance) => receive(instance))
          .catch((err) => this.moduleFailed(err));
        return {}; // asynchronous: receive() finishes the start-up
      },
      print: () => {},
      printErr: (text) => console.warn("abon-signup:", text),
    });
    mark("module-instantiated");
    this.module.specialHTMLTargets["#abon-canvas"] = this.canvas;
    // resend and change-email are optional: without them the success screen has no such button.
    const args = [this.lang, this.getAttribute("endpoint") || "/api/register",
      this.getAttribute("captcha") || "/api/captcha", this.getAttribute("resend") || "",
      this.getAttribute("change-email") || "", configText, location.origin];
    const types = ["string", "string", "string", "string", "string", "string", "string", "number"];
    // The core first, in the DOM rendering: its feedback does not wait for the canvas.
    const failed = this.module.ccall("abon_start", "number", types, [...args, 0]);
    this.module._abon_wipe_stack();
    if (failed === 2) { this.misconfigured(); return; } // the module logged why
    mark("started");
    this.handOver();
    this.watchSize();
    this.watchMotion();
    if (this.canvasWanted()) await this.startCanvas();
  }

  // The canvas after the core: once the font is there, in a later task (the core's start
  // and the canvas's set-up are two shorter tasks, not one long one).
  async startCanvas() {
    const fonts = await this.fonts;
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (!fonts || !this.module || this.plain || !this.canvasWanted()) return;
    // Its attributes are painter.cpp's; the module takes this context as its own.
    const gl = this.canvas.getContext("webgl2", GL_ATTRIBUTES);
    mark("context-created");
    if (!gl) return;
    this.module.preinitializedWebGLContext = gl;
    fonts.forEach((bytes, bold) => {
      const ptr = this.module._malloc(bytes.length);
      this.module.HEAPU8.set(bytes, ptr);
      this.module._abon_font(bold, ptr, bytes.length);
      this.module._free(ptr);
    });
    const mask = maskAdvance(this.frame);
    if (mask > 0) this.module._abon_mask_advance(mask);
    for (const [id, r] of this.dom.rows) this.call("abon_scroll", id, r.input.scrollLeft / this.scale);
    if (this.module._abon_start_painting() !== 0) return; // WebGL2 is there but cannot draw: the DOM rendering
    this.upgradeWhenIdle();
  }

  watchMotion() {
    this.motionQuery = matchMedia(REDUCED_MOTION);
    this.onMotionChange = () => this.call("abon_reduced_motion", this.motionQuery.matches ? 1 : 0);
    onMediaChange(this.motionQuery, this.onMotionChange);
    this.onMotionChange();
  }

  // WebGL2 only helps where the canvas may be shown at all. The canvas rendering's style
  // sheet needs :is() (Chrome 88, Safari 14): below, the DOM rendering.
  canvasWanted() {
    return this.getAttribute("mode") !== "dom" && !matchMedia(FORCED_COLOURS).matches && supportsSelector(":is(a)");
  }

  // What the person typed while the module was on its way goes to the core, as typed.
  handOver() {
    for (const [id, value] of this.dom.typed()) {
      this.call("abon_input", id, value, value.length, value.length, 0, 0, 0);
    }
    for (const id of this.dom.checkboxes) if (this.dom.elements.get(id).checked) this.call("abon_check", id, 1);
    // Restored fields were typed and left: their verdicts show, as after a blur.
    for (const id of this.kept.restored) if (this.dom.elements.get(id) !== this.dom.busyField()) this.call("abon_blur", id);
    const active = this.dom.busyField();
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
    this.call("abon_draw_now");
    this.frame.classList.add("canvas");
    this.dataset.mode = "canvas";
    this.applyLayout(this.lastLayout);
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

if (!customElements.get("abon-signup")) customElements.define("abon-signup", AbonSignup);
