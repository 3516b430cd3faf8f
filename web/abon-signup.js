// abon-signup.js — the <abon-signup> element: loads the widget's WebAssembly module and
// gives it real DOM elements to work with.
//
//   <script src="/static/abon-signup/abon-signup.js" defer></script>
//   <abon-signup endpoint="/api/register" captcha="/api/captcha" lang="uk"></abon-signup>
//
// Attributes: endpoint, captcha (URLs), lang ("uk" | "en"), config (URL of a JSON file,
// see README). Events (bubbling, composed): abon-signup:success {account, email} and
// abon-signup:error {code, status, fields}; the password never leaves the module.
//
// How it is built: the canvas only draws. Every field is a real <input> (the editor: its
// value, selection and IME composition are the truth) laid transparently over its drawn
// box; every clickable thing is a real <button>. The module lays the form out and tells
// where each element goes (host.layout). All listeners sit on the element's own shadow
// tree: nothing listens on window or document, so the host page keeps its keys, wheel
// and touch.
(() => {
  "use strict";

  const scriptUrl = document.currentScript ? document.currentScript.src : location.href;
  const moduleUrl = new URL("abon-signup-wasm.js", scriptUrl).href;
  // The plain HTML form, for browsers without WebAssembly or WebGL2: fetched only then,
  // so the common case parses half the script.
  const plainUrl = new URL("abon-signup-plain.js", scriptUrl).href;
  const wasmUrl = new URL("abon-signup-wasm.wasm", scriptUrl).href;
  // One download and compilation of each, shared by every element; the two go in
  // parallel (Emscripten alone would fetch the .wasm only once its JS has run).
  let factoryPromise = null;
  let wasmPromise = null;
  const loadFactory = () => (factoryPromise ||= import(moduleUrl).then((m) => m.default));
  const loadWasm = () => (wasmPromise ||= WebAssembly.compileStreaming(fetch(wasmUrl, { credentials: "same-origin" }))
    .catch(() => fetch(wasmUrl, { credentials: "same-origin" }).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b))));

  // As Painter::init() asks for them (painter.cpp).
  const GL_ATTRIBUTES = { alpha: false, depth: false, stencil: false, antialias: false, premultipliedAlpha: true,
    preserveDrawingBuffer: false, powerPreference: "low-power" };

  const WORDS = {
    uk: { loading: "Завантажуємо форму реєстрації…", failed: "Не вдалося завантажити форму. Оновіть сторінку або спробуйте інший браузер." },
    en: { loading: "Loading the sign-up form…", failed: "The form could not be loaded. Reload the page or try another browser." },
  };
  // An endpoint the core refused (plain http: off localhost): the site's mistake, not the user's.
  const CONFIG_ERROR = {
    uk: "Форму реєстрації налаштовано неправильно, тож вона вимкнена. Повідомте про це власника сайту.",
    en: "The sign-up form is misconfigured, so it is turned off. Please tell the site's owner.",
  };

  const STYLE = `
    :host { display: block; position: relative; min-width: 240px; }
    :host([hidden]) { display: none; }
    .frame { position: relative; }
    canvas { display: block; width: 100%; height: 0; pointer-events: none; }
    .loading { display: flex; gap: 12px; align-items: center; padding: 24px; min-height: 120px;
      border: 1px solid #d6dce3; border-radius: 8px; background: #fff; color: #1c252e;
      font: 17px/1.4 "DejaVu Sans", system-ui, sans-serif; box-sizing: border-box; }
    .loading::before { content: ""; width: 20px; height: 20px; flex: none; border-radius: 50%;
      border: 3px solid #d6dce3; border-top-color: #1558a8; animation: spin 0.9s linear infinite; }
    .loading.failed::before { display: none; }
    .frame.ready .loading { display: none; }
    @keyframes spin { to { transform: rotate(360deg); } }
    @media (prefers-reduced-motion: reduce) { .loading::before { animation: none; } }
    /* The DOM elements sit exactly over their drawn counterparts, invisible: the canvas
       shows text, caret, selection and focus, these take the input. */
    .ctl { position: absolute; box-sizing: border-box; margin: 0; border: 0; padding: 0;
      background: transparent; color: transparent; outline: none; font: 17px "DejaVu Sans", sans-serif;
      -webkit-tap-highlight-color: transparent; }
    input.ctl { padding: 0 12px; caret-color: transparent; }
    input.ctl::selection { color: transparent; background: transparent; }
    input.ctl::placeholder { color: transparent; }
    input.ctl:-webkit-autofill { -webkit-text-fill-color: transparent; transition: background-color 1e6s; }
    input[type=checkbox].ctl { appearance: none; cursor: pointer; }
    button.ctl { cursor: pointer; overflow: hidden; white-space: nowrap; font-size: 1px; }
    label.ctl { cursor: default; overflow: hidden; white-space: nowrap; }
    .ctl[hidden] { display: none; }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    .done { position: absolute; outline: none; color: transparent; overflow: hidden; font-size: 1px; }
  `;

  class AbonSignup extends HTMLElement {
    constructor() {
      super();
      this.root = this.attachShadow({ mode: "open" });
      this.module = null;
      this.started = false;
      this.elements = new Map(); // id → element (inputs, buttons, checkbox)
      this.lastLayout = null;
    }

    connectedCallback() {
      if (this.started) return;
      this.started = true;
      this.lang = this.getAttribute("lang") === "en" ? "en" : "uk";
      this.buildFrame();
      this.start().catch((err) => this.fail(err));
    }

    disconnectedCallback() {
      if (this.resizeObserver) this.resizeObserver.disconnect();
      if (this.ratioQuery) this.ratioQuery.removeEventListener("change", this.onRatioChange);
    }

    // Frames the module has drawn: the spec's budget is 0 a second while idle.
    get framesDrawn() {
      return this.module ? this.module._abon_frames() : 0;
    }

    // [SECTION] Start-up
    buildFrame() {
      adoptStyle(this.root, STYLE);
      this.frame = document.createElement("div");
      this.frame.className = "frame";
      this.loading = document.createElement("div");
      this.loading.className = "loading";
      this.loading.setAttribute("role", "status");
      this.loading.textContent = WORDS[this.lang].loading;
      this.canvas = document.createElement("canvas");
      this.canvas.setAttribute("aria-hidden", "true");
      this.form = document.createElement("form");
      this.form.noValidate = true;
      this.form.setAttribute("aria-label", this.lang === "en" ? "Sign up" : "Реєстрація");
      this.form.addEventListener("submit", (e) => { e.preventDefault(); this.call("abon_submit"); });
      this.live = document.createElement("div");
      this.live.className = "sr";
      this.live.setAttribute("aria-live", "polite");
      this.frame.append(this.loading, this.canvas, this.form, this.live);
      this.root.append(this.frame);
    }

    async start() {
      const configUrl = this.getAttribute("config");
      const config = configUrl ? fetch(configUrl, { credentials: "same-origin" }).then((r) => (r.ok ? r.text() : "")).catch(() => "") : "";
      if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
        await this.startPlain(await config);
        return;
      }
      loadWasm();
      const factoryLoaded = loadFactory();
      // The context is made now, while the module downloads (15–20 ms in software
      // rendering); its attributes are painter.cpp's, which then adopts it.
      const gl = this.canvas.getContext("webgl2", GL_ATTRIBUTES);
      mark("context-created");
      if (!gl) { // no WebGL2: nobody is left without a way to register
        await this.startPlain(await config);
        return;
      }
      const [factory, configText] = await Promise.all([factoryLoaded, config]);
      this.configText = configText;
      mark("module-loaded");
      this.module = await factory({
        preinitializedWebGLContext: gl,
        abonHost: (this.api = this.hostApi()),
        locateFile: (path) => new URL(path, moduleUrl).href,
        instantiateWasm: (imports, receive) => {
          loadWasm().then((compiled) => WebAssembly.instantiate(compiled, imports))
            .then((instance) => receive(instance))
            .catch((err) => this.fail(err));
          return {}; // asynchronous: receive() finishes the start-up
        },
        print: () => {},
        printErr: (text) => console.warn("abon-signup:", text),
      });
      mark("module-instantiated");
      this.module.specialHTMLTargets["#abon-canvas"] = this.canvas;
      const failed = this.module.ccall("abon_start", "number", ["string", "string", "string", "string", "string"], [
        this.lang, this.getAttribute("endpoint") || "/api/register",
        this.getAttribute("captcha") || "/api/captcha", configText, location.origin,
      ]);
      if (failed === 2) { this.fail(null, CONFIG_ERROR[this.lang]); return; } // the module logged why
      if (failed) { // no WebGL2: nobody is left without a way to register
        await this.startPlain(configText);
        return;
      }
      mark("started");
      // The width is read before the controls exist, so reading it lays out only the
      // loading card; the first frame is drawn as soon as the controls are there.
      const width = this.frame.getBoundingClientRect().width;
      this.buildControls(JSON.parse(this.module.ccall("abon_schema", "string", [], [])));
      this.watchSize(width);
    }

    async startPlain(configText) {
      this.api ||= this.hostApi();
      const { PlainForm } = await import(plainUrl);
      this.plain = new PlainForm(this, configText, { adoptStyle, mark });
      if (!this.plain.endpointAllowed()) { this.fail(null, CONFIG_ERROR[this.lang]); return; }
      this.plain.build();
      if (this.pendingFocus) { this.pendingFocus = null; this.focus(); }
    }

    // [SECTION] The host page's API: reset() empties the form for a new registration (a new
    // CAPTCHA too); focus() puts the caret into the first field.
    reset() {
      if (this.plain) this.plain.reset();
      else this.call("abon_reset");
    }

    focus(options) {
      const first = this.elements.get("surname");
      if (first && !first.hidden && !first.disabled) first.focus(options);
      else this.pendingFocus = "surname";
    }

    fail(err, text = WORDS[this.lang].failed) {
      if (err) console.warn("abon-signup:", err);
      this.dataset.state = "failed";
      this.loading.classList.add("failed");
      this.loading.setAttribute("role", "alert");
      this.loading.textContent = text;
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

    watchSize(initialWidth) {
      const send = (width = this.frame.getBoundingClientRect().width) => {
        if (width > 0) this.call("abon_resize", width, window.devicePixelRatio || 1);
      };
      this.resizeObserver = new ResizeObserver(() => send());
      this.resizeObserver.observe(this.frame);
      // Zoom or a move to another screen changes the ratio but not always the width.
      this.onRatioChange = () => { this.watchRatio(); send(); };
      this.watchRatio();
      send(initialWidth);
    }

    watchRatio() {
      if (this.ratioQuery) this.ratioQuery.removeEventListener("change", this.onRatioChange);
      this.ratioQuery = matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
      this.ratioQuery.addEventListener("change", this.onRatioChange);
    }

    // [SECTION] The DOM elements, in tab order
    buildControls(schema) {
      for (const item of schema) {
        if (item.kind === "field") this.addField(item);
        else if (item.kind === "checkbox") this.addCheckbox(item);
        else this.addButton(item);
      }
      this.done = document.createElement("div");
      this.done.className = "done";
      this.done.tabIndex = -1;
      this.done.hidden = true;
      this.form.append(this.done);
    }

    addField(item) {
      const input = document.createElement("input");
      input.className = "ctl";
      input.id = `abon-${item.id}`;
      input.name = item.id;
      input.type = item.type;
      input.setAttribute("inputmode", item.inputmode);
      input.setAttribute("autocomplete", item.autocomplete);
      input.setAttribute("autocapitalize", item.autocapitalize);
      input.setAttribute("aria-describedby", `abon-${item.id}-desc`);
      input.spellcheck = false;
      input.maxLength = item.maxlength;
      input.required = item.required === true; // heard as required; the form has noValidate
      const label = document.createElement("label");
      label.className = "ctl";
      label.htmlFor = input.id;
      label.textContent = item.label;
      const desc = document.createElement("span");
      desc.className = "sr";
      desc.id = `abon-${item.id}-desc`;
      this.form.append(label, input, desc);
      this.elements.set(item.id, input);
      this.elements.set(`label:${item.id}`, label);
      this.elements.set(`desc:${item.id}`, desc);

      let composing = false;
      let compStart = 0;
      const sendInput = () => {
        const start = input.selectionStart ?? input.value.length;
        const end = input.selectionEnd ?? start;
        this.call("abon_input", item.id, input.value, start, end, composing ? 1 : 0, compStart, composing ? end : compStart);
      };
      const sendSelection = () => {
        if (this.root.activeElement !== input || composing) return;
        this.call("abon_select", item.id, input.selectionStart ?? 0, input.selectionEnd ?? 0);
      };
      const capsLock = (e) => {
        if (e.getModifierState) this.call("abon_caps_lock", e.getModifierState("CapsLock") ? 1 : 0);
      };
      input.addEventListener("compositionstart", () => { composing = true; compStart = input.selectionStart ?? 0; });
      input.addEventListener("compositionend", () => { composing = false; sendInput(); });
      input.addEventListener("input", sendInput);
      input.addEventListener("change", sendInput); // some autofill paths fire only change
      input.addEventListener("keydown", (e) => {
        capsLock(e);
        if (e.key === "Enter" && !e.isComposing && !composing) {
          e.preventDefault();
          this.call("abon_submit");
          return;
        }
        setTimeout(sendSelection, 0); // arrows, Home, End move the caret after keydown
      });
      input.addEventListener("keyup", (e) => { capsLock(e); sendSelection(); });
      input.addEventListener("select", sendSelection);
      input.addEventListener("selectionchange", sendSelection);
      input.addEventListener("pointerup", () => setTimeout(sendSelection, 0));
      input.addEventListener("focus", () => {
        this.call("abon_focus", item.id, 1);
        sendSelection();
      });
      input.addEventListener("blur", () => { composing = false; this.call("abon_blur", item.id); });
    }

    addButton(item) {
      const button = document.createElement("button");
      button.className = "ctl";
      button.type = item.submit ? "submit" : "button";
      button.id = `abon-${item.id.replace(":", "-")}`;
      if (item.controls) button.setAttribute("aria-controls", `abon-${item.controls}`);
      if (item.id.startsWith("reveal:")) button.setAttribute("aria-pressed", "false");
      if (!item.submit) button.addEventListener("click", () => this.call("abon_press", item.id));
      this.addFocusEvents(button, item.id);
      if (item.id === "captcha_refresh") { // the picture is on the canvas: its text alternative
        this.picture = document.createElement("div");
        this.picture.className = "sr";
        this.picture.setAttribute("role", "img");
        this.pictureWords = { ready: item.picture, loading: item.picture, failed: item.picture_failed };
        this.picture.setAttribute("aria-label", item.picture);
        this.form.append(this.picture);
      }
      this.form.append(button);
      this.elements.set(item.id, button);
    }

    addCheckbox(item) {
      const box = document.createElement("input");
      box.type = "checkbox";
      box.className = "ctl";
      box.id = `abon-${item.id}`;
      box.name = item.id;
      box.setAttribute("aria-label", item.label);
      box.addEventListener("change", () => this.call("abon_check", item.id, box.checked ? 1 : 0));
      this.addFocusEvents(box, item.id);
      this.form.append(box);
      this.elements.set(item.id, box);
    }

    addFocusEvents(el, id) {
      el.addEventListener("focus", () => this.call("abon_focus", id, el.matches(":focus-visible") ? 1 : 0));
      el.addEventListener("blur", () => this.call("abon_blur", id));
    }

    // [SECTION] What the module asks of the page
    hostApi() {
      return {
        layout: (json) => this.applyLayout(JSON.parse(json)),
        setValue: (id, text, caret) => {
          const input = this.elements.get(id);
          if (!input) return;
          input.value = text;
          if (this.root.activeElement === input) input.setSelectionRange(caret, caret);
        },
        focus: (id) => {
          // The element may appear only with the next layout (the confirmation text).
          const el = id === "done" ? this.done : this.elements.get(id);
          if (el && !el.hidden) el.focus();
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
          queueMicrotask(() => this.dispatchEvent(event));
        },
        log: (text) => console.warn(text),
        fallback: () => { // the module cannot draw after all (it logged why)
          this.module = null;
          this.elements.clear();
          this.startPlain(this.configText).catch((err) => this.fail(err));
        },
        request: (r) => this.request(r),
      };
    }

    applyLayout(layout) {
      if (!this.frame.classList.contains("ready")) {
        this.frame.classList.add("ready");
        mark("ready"); // the form is drawn and its inputs take text
      }
      // State for the page's CSS and for tests: ready, sending or registered; the picture.
      this.dataset.state = layout.phase === "editing" ? "ready" : layout.phase;
      this.dataset.captcha = layout.captcha;
      if (this.picture) this.picture.setAttribute("aria-label", this.pictureWords[layout.captcha] || this.pictureWords.ready);
      this.canvas.style.height = `${layout.height}px`;
      const registered = layout.phase === "registered";
      for (const [id, f] of Object.entries(layout.fields)) {
        const input = this.elements.get(id);
        const label = this.elements.get(`label:${id}`);
        const visible = f.visible && !registered;
        place(input, f.box, visible);
        place(label, f.label, visible);
        input.disabled = f.disabled;
        if (f.state === "error") input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
        this.elements.get(`desc:${id}`).textContent = f.description;
      }
      for (const [id, c] of Object.entries(layout.controls)) {
        const el = this.elements.get(id);
        if (!el) continue;
        place(el, c.box, c.visible && !registered);
        if (el.type === "checkbox") {
          el.checked = c.pressed;
        } else {
          el.textContent = c.label;
          if (id.startsWith("reveal:")) this.reveal(id.slice(7), c.pressed, el);
          if (c.busy) el.setAttribute("aria-disabled", "true");
          else el.removeAttribute("aria-disabled");
        }
      }
      if (registered) {
        // The registered layout lists no controls: none of them may stay focusable.
        for (const el of this.form.querySelectorAll(".ctl")) el.hidden = true;
        place(this.done, layout.done.box, true);
        this.done.textContent = layout.done.text;
      } else if (this.done) {
        this.done.hidden = true; // after reset()
      }
      this.lastLayout = layout;
      if (this.pendingFocus) {
        const id = this.pendingFocus;
        this.pendingFocus = null;
        this.api.focus(id);
      }
    }

    reveal(id, shown, button) {
      const input = this.elements.get(id);
      const type = shown ? "text" : "password";
      button.setAttribute("aria-pressed", shown ? "true" : "false");
      if (input.type === type) return;
      const [start, end] = [input.selectionStart, input.selectionEnd];
      input.type = type;
      if (this.root.activeElement === input && start !== null) input.setSelectionRange(start, end);
    }

    // [SECTION] Network, on behalf of the module (which decides what answers mean)
    request({ id, method, url, body, contentType, timeoutMs, binary, maxBytes }) {
      const abort = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => { timedOut = true; abort.abort(); }, timeoutMs);
      const headers = { Accept: binary ? "image/png" : "application/json" };
      if (method !== "GET") headers["Content-Type"] = contentType || "application/json";
      const sent = fetch(url, {
        method, headers, body: method === "GET" ? undefined : body, signal: abort.signal,
        credentials: "same-origin", cache: "no-store",
      });
      body = null; // fetch has its copy: the password is not kept alive by these closures
      sent
        .then(async (response) => {
          const read = await readCapped(response, maxBytes);
          clearTimeout(timer);
          if (binary) {
            this.deliverBytes(id, response.status, read.bytes, maxBytes, read.length);
          } else {
            // Past the cap the answer is cut off, which the module reads as unusable.
            const text = read.over ? "" : new TextDecoder().decode(read.bytes);
            this.call("abon_on_text", id, response.status, text, response.headers.get("Retry-After") || "",
              response.redirected ? 1 : 0);
          }
        })
        .catch(() => {
          clearTimeout(timer);
          if (binary) this.deliverBytes(id, timedOut ? -1 : 0, new Uint8Array(0), maxBytes);
          else this.call("abon_on_text", id, timedOut ? -1 : 0, "", "", 0);
        });
    }

    deliverBytes(id, status, bytes, maxBytes, length = bytes.length) {
      const m = this.module;
      if (!m) return; // the plain form took over
      if (length > maxBytes) { m._abon_on_bytes(id, status, 0, length); return; }
      const ptr = m._malloc(Math.max(1, bytes.length));
      m.HEAPU8.set(bytes, ptr);
      m._abon_on_bytes(id, status, ptr, bytes.length);
      m._free(ptr);
    }
  }

  // The body, read chunk by chunk: past maxBytes the download is cancelled there, so a
  // hostile or broken endpoint cannot make the page hold more (issue 13, point 6).
  // { bytes, length: bytes seen, over: past the cap (bytes then empty) }.
  async function readCapped(response, maxBytes) {
    if (!response.body || !response.body.getReader) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      return bytes.length > maxBytes ? { bytes: new Uint8Array(0), length: bytes.length, over: true }
                                     : { bytes, length: bytes.length, over: false };
    }
    const reader = response.body.getReader();
    const parts = [];
    let length = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.length;
      if (length > maxBytes) {
        reader.cancel().catch(() => {});
        return { bytes: new Uint8Array(0), length, over: true };
      }
      parts.push(value);
    }
    const bytes = new Uint8Array(length);
    let at = 0;
    for (const part of parts) { bytes.set(part, at); at += part.length; }
    return { bytes, length, over: false };
  }

  // performance marks ("abon-signup:ready", …) for the page's own measurements.
  function mark(name) {
    if (typeof performance !== "undefined" && performance.mark) performance.mark(`abon-signup:${name}`);
  }

  // A constructed style sheet: CSP's style-src does not apply to it, so the widget needs no
  // 'unsafe-inline' (a <style> element would). <style> only where sheets cannot be adopted.
  function adoptStyle(root, css) {
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

  function place(el, box, visible) {
    el.hidden = !visible;
    if (!visible) return;
    const [x, y, w, h] = box;
    el.style.left = `${x}px`;
    el.style.top = `${y}px`;
    el.style.width = `${w}px`;
    el.style.height = `${h}px`;
  }

  if (!customElements.get("abon-signup")) customElements.define("abon-signup", AbonSignup);
})();
