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
        this.startPlain(await config);
        return;
      }
      loadWasm();
      const factoryLoaded = loadFactory();
      // The context is made now, while the module downloads (15–20 ms in software
      // rendering); its attributes are painter.cpp's, which then adopts it.
      const gl = this.canvas.getContext("webgl2", GL_ATTRIBUTES);
      mark("context-created");
      if (!gl) { // no WebGL2: nobody is left without a way to register
        this.startPlain(await config);
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
        this.startPlain(configText);
        return;
      }
      mark("started");
      // The width is read before the controls exist, so reading it lays out only the
      // loading card; the first frame is drawn as soon as the controls are there.
      const width = this.frame.getBoundingClientRect().width;
      this.buildControls(JSON.parse(this.module.ccall("abon_schema", "string", [], [])));
      this.watchSize(width);
    }

    startPlain(configText) {
      this.api ||= this.hostApi();
      this.plain = new PlainForm(this, configText);
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
      return this.module.ccall(name, null, types, args);
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
        this.picture.setAttribute("aria-label", PLAIN_WORDS[this.lang].picture);
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
          this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail: JSON.parse(detail) }));
        },
        log: (text) => console.warn(text),
        fallback: () => { // the module cannot draw after all (it logged why)
          this.module = null;
          this.elements.clear();
          this.startPlain(this.configText);
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
      if (this.picture) this.picture.setAttribute("aria-label", PLAIN_WORDS[this.lang][layout.captcha === "failed" ? "pictureFailed" : "picture"]);
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
    request({ id, method, url, body, timeoutMs, binary, maxBytes }) {
      const abort = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => { timedOut = true; abort.abort(); }, timeoutMs);
      const headers = { Accept: binary ? "image/png" : "application/json" };
      if (method !== "GET") headers["Content-Type"] = "application/json";
      const sent = fetch(url, {
        method, headers, body: method === "GET" ? undefined : body, signal: abort.signal,
        credentials: "same-origin", cache: "no-store",
      });
      body = null; // fetch has its copy: the password is not kept alive by these closures
      sent
        .then(async (response) => {
          if (binary) {
            const bytes = new Uint8Array(await response.arrayBuffer());
            clearTimeout(timer);
            this.deliverBytes(id, response.status, bytes, maxBytes);
          } else {
            let text = await response.text();
            clearTimeout(timer);
            if (text.length > maxBytes) text = text.slice(0, maxBytes);
            this.call("abon_on_text", id, response.status, text, response.headers.get("Retry-After") || "");
          }
        })
        .catch(() => {
          clearTimeout(timer);
          if (binary) this.deliverBytes(id, timedOut ? -1 : 0, new Uint8Array(0), maxBytes);
          else this.call("abon_on_text", id, timedOut ? -1 : 0, "", "");
        });
    }

    deliverBytes(id, status, bytes, maxBytes) {
      const m = this.module;
      if (!m) return; // the plain form took over
      if (bytes.length > maxBytes) { m._abon_on_bytes(id, status, 0, bytes.length); return; }
      const ptr = m._malloc(Math.max(1, bytes.length));
      m.HEAPU8.set(bytes, ptr);
      m._abon_on_bytes(id, status, ptr, bytes.length);
      m._free(ptr);
    }
  }

  // [SECTION] Without WebAssembly or WebGL2: a plain HTML form
  // The same fields, names and labels as real, visible inputs, and the same payload. The
  // rules live in the core, which is not here: the server re-validates every request and
  // its 422 answers are shown at the fields with the core's own message for each code
  // (PLAIN_WORDS.codes). Only what the server never sees is checked here: the two
  // confirmations and the amount, which goes as integer kopecks.
  const FIELDS = [ // id, type, inputmode, autocomplete, autocapitalize, maxlength — as dom_schema()
    ["surname", "text", "text", "family-name", "words", 100],
    ["given_name", "text", "text", "given-name", "words", 100],
    ["patronymic", "text", "text", "additional-name", "words", 100],
    ["account", "text", "numeric", "off", "off", 20],
    ["password", "password", "text", "new-password", "off", 128],
    ["password_confirm", "password", "text", "new-password", "off", 128],
    ["email", "email", "email", "email", "off", 254],
    ["email_confirm", "email", "email", "email", "off", 254],
    ["captcha", "text", "text", "off", "characters", 16],
    ["last_payment", "text", "decimal", "off", "off", 32],
  ];

  // Written by the build from the canvas form's and the core's own tables (wasm/tools/
  // plain_words.cpp): {uk: {title, labels, hints, check, …, codes: {error_id: message}}, en}.
  const PLAIN_WORDS = /*@plain-words@*/{};

  const PLAIN_STYLE = `
    .plain { display: grid; gap: 14px; padding: 20px; border: 1px solid #d6dce3; border-radius: 8px;
      background: #fff; color: #1c252e; font: 17px/1.4 "DejaVu Sans", system-ui, sans-serif; box-sizing: border-box; }
    .plain .title { margin: 0; font-size: 20px; font-weight: bold; }
    .plain .row { display: grid; gap: 4px; min-width: 0; }
    .plain label { font-weight: bold; }
    .plain input:not([type=checkbox]) { font: inherit; width: 100%; box-sizing: border-box; min-height: 44px;
      padding: 8px 12px; border: 1px solid #8894a2; border-radius: 6px; background: #fff; color: inherit; }
    .plain input:focus-visible, .plain button:focus-visible, .plain .plain-done:focus-visible { outline: 3px solid #1558a8; outline-offset: 2px; }
    .plain input[aria-invalid=true] { border: 2px solid #b3261e; }
    .plain .hint { color: #4d5966; font-size: 15px; }
    .plain .hint.error, .plain .notice { color: #b3261e; }
    .plain .notice:empty { display: none; }
    .plain .check { display: flex; gap: 8px; align-items: center; font-weight: normal; }
    .plain .check input { width: 20px; height: 20px; margin: 0; }
    .plain .picture { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
    .plain .picture img { display: block; max-width: 100%; height: auto; min-height: 40px; border: 1px solid #d6dce3; border-radius: 6px; }
    .plain button { font: inherit; min-height: 44px; padding: 8px 16px; border-radius: 6px; cursor: pointer;
      border: 1px solid #1558a8; background: #fff; color: #1558a8; }
    .plain button[type=submit] { background: #1558a8; color: #fff; font-weight: bold; justify-self: start; }
    .plain button[aria-disabled=true] { opacity: 0.7; cursor: progress; }
    .plain .plain-done { display: grid; gap: 8px; }
    .plain .plain-done p { margin: 0; }
    .frame.plain-mode canvas, .frame.plain-mode .loading, .plain [hidden] { display: none; }
  `;

  class PlainForm {
    constructor(host, configText) {
      this.host = host; // the <abon-signup> element
      this.words = PLAIN_WORDS[host.lang];
      let config = {};
      try { config = configText ? JSON.parse(configText) : {}; } catch { config = {}; }
      this.names = { surname: "surname", given_name: "given_name", patronymic: "patronymic", account: "account",
        password: "password", email: "email", captcha: "captcha", captcha_token: "token", captcha_answer: "answer",
        last_payment: "last_payment_kopecks", lang: "lang", ...(config && typeof config.field_names === "object" ? config.field_names : {}) };
      this.patronymicOptional = config && config.patronymic_optional === true;
      this.timeoutMs = config && Number.isInteger(config.request_timeout_ms) ? config.request_timeout_ms : 20000;
      this.endpoint = host.getAttribute("endpoint") || "/api/register";
      this.captchaUrl = host.getAttribute("captcha") || "/api/captcha";
      this.challenge = null;
      this.sending = false;
    }

    // As check_endpoint_url() in the core: the password goes to the page's origin, https:,
    // or plain http: on this machine only.
    endpointAllowed() {
      let url;
      try { url = new URL(this.endpoint, location.href); } catch { return false; }
      if (url.origin === location.origin || url.protocol === "https:") return true;
      return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
    }

    build() {
      const w = this.words;
      const h = this.host;
      adoptStyle(h.root, PLAIN_STYLE);
      h.frame.classList.add("plain-mode");
      const form = h.form;
      form.className = "plain";
      form.replaceChildren();
      form.addEventListener("submit", (e) => { e.preventDefault(); e.stopImmediatePropagation(); this.submit(); }, { capture: true });
      const title = document.createElement("p");
      title.className = "title";
      title.textContent = w.title;
      form.append(title);
      for (const [id, type, inputmode, autocomplete, autocapitalize, maxlength] of FIELDS) {
        const row = document.createElement("div");
        row.className = "row";
        const label = document.createElement("label");
        label.htmlFor = `abon-${id}`;
        label.textContent = w.labels[id];
        const input = document.createElement("input");
        Object.assign(input, { id: `abon-${id}`, name: id, type, maxLength: maxlength, spellcheck: false });
        input.setAttribute("inputmode", inputmode);
        input.setAttribute("autocomplete", autocomplete);
        input.setAttribute("autocapitalize", autocapitalize);
        input.setAttribute("aria-describedby", `abon-${id}-desc`);
        const desc = document.createElement("span");
        desc.className = "hint";
        desc.id = `abon-${id}-desc`;
        desc.textContent = w.hints[id];
        input.addEventListener("input", () => this.clear(id));
        row.append(label);
        if (id === "captcha") row.append(this.buildPicture());
        row.append(input, desc);
        if (id === "patronymic" && this.patronymicOptional) row.append(this.buildNoPatronymic(input));
        form.append(row);
        h.elements.set(id, input);
      }
      this.notice = document.createElement("p");
      this.notice.className = "notice";
      this.notice.id = "abon-notice";
      this.submitButton = document.createElement("button");
      this.submitButton.type = "submit";
      this.submitButton.id = "abon-register";
      this.submitButton.textContent = w.submit;
      form.append(this.notice, this.submitButton);
      h.elements.set("register", this.submitButton);
      this.renewCaptcha();
      h.dataset.mode = "plain";
      h.dataset.state = "ready";
      mark("ready");
    }

    buildPicture() {
      const box = document.createElement("div");
      box.className = "picture";
      this.picture = document.createElement("img");
      this.picture.alt = this.words.picture;
      this.picture.width = 200;
      this.picture.height = 60;
      const refresh = document.createElement("button");
      refresh.type = "button";
      refresh.id = "abon-captcha_refresh";
      refresh.textContent = this.words.newPicture;
      refresh.setAttribute("aria-controls", "abon-captcha");
      refresh.addEventListener("click", () => this.renewCaptcha());
      box.append(this.picture, refresh);
      return box;
    }

    buildNoPatronymic(patronymic) {
      const label = document.createElement("label");
      label.className = "check";
      const box = document.createElement("input");
      Object.assign(box, { type: "checkbox", id: "abon-no_patronymic", name: "no_patronymic" });
      box.addEventListener("change", () => {
        patronymic.disabled = box.checked;
        if (box.checked) { patronymic.value = ""; this.clear("patronymic"); }
      });
      label.append(box, document.createTextNode(this.words.noPatronymic));
      return label;
    }

    async renewCaptcha() {
      const h = this.host;
      h.dataset.captcha = "loading";
      this.challenge = null;
      try {
        const r = await fetch(this.captchaUrl, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" });
        const c = await r.json();
        if (!r.ok || typeof c.token !== "string" || typeof c.image !== "string") throw new Error(`captcha ${r.status}`);
        this.challenge = c;
        this.picture.src = new URL(c.image, new URL(this.captchaUrl, location.href)).href;
        this.picture.alt = this.words.picture;
        h.dataset.captcha = "ready";
      } catch {
        this.picture.removeAttribute("src");
        this.picture.alt = this.words.pictureFailed;
        h.dataset.captcha = "failed";
      }
    }

    value(id) {
      const input = this.host.elements.get(id);
      return input && !input.disabled ? input.value : "";
    }

    show(id, code, detail = "") {
      const input = this.host.elements.get(id);
      const desc = this.host.root.getElementById(`abon-${id}-desc`);
      if (!input || !desc) return "";
      const known = this.words.codes[code];
      const message = known ? known.replace("{}", detail) : this.words.check.replace("{}", this.words.hints[id]);
      input.setAttribute("aria-invalid", "true");
      desc.classList.add("error");
      desc.dataset.code = code;
      desc.textContent = message;
      return message;
    }

    clear(id) {
      const input = this.host.elements.get(id);
      const desc = this.host.root.getElementById(`abon-${id}-desc`);
      if (!input || !desc || input.getAttribute("aria-invalid") !== "true") return;
      input.removeAttribute("aria-invalid");
      desc.classList.remove("error");
      delete desc.dataset.code;
      desc.textContent = this.words.hints[id];
    }

    reset() {
      if (this.doneBox) { this.doneBox.remove(); this.doneBox = null; }
      for (const child of this.host.form.children) child.hidden = false;
      for (const [id] of FIELDS) { this.host.elements.get(id).value = ""; this.clear(id); }
      const box = this.host.root.getElementById("abon-no_patronymic");
      if (box) { box.checked = false; this.host.elements.get("patronymic").disabled = false; }
      this.notice.textContent = "";
      this.host.dataset.state = "ready";
      this.renewCaptcha();
    }

    // "1 234,56 грн" → 123456; null when it is not an amount (the server checks the range).
    static kopecks(text) {
      const m = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(text.replace(/[\s\u00a0\u202f]|грн\.?|₴|uah/gi, ""));
      if (!m || m[1].length > 9) return null;
      return Number(m[1]) * 100 + Number((m[2] || "0").padEnd(2, "0"));
    }

    async submit() {
      if (this.sending) return; // one request at a time
      const n = this.names;
      const local = {};
      if (this.value("password") !== this.value("password_confirm")) local.password_confirm = "password_mismatch";
      if (this.value("email").trim().toLowerCase() !== this.value("email_confirm").trim().toLowerCase()) local.email_confirm = "email_mismatch";
      const kopecks = PlainForm.kopecks(this.value("last_payment"));
      if (this.value("last_payment").trim() && kopecks === null) local.last_payment = "amount_invalid";
      const payload = {
        [n.surname]: this.value("surname"), [n.given_name]: this.value("given_name"), [n.patronymic]: this.value("patronymic"),
        [n.account]: this.value("account").trim(), [n.password]: this.value("password"), [n.email]: this.value("email").trim(),
        [n.captcha]: { [n.captcha_token]: this.challenge ? this.challenge.token : "", [n.captcha_answer]: this.value("captcha").trim().toUpperCase() },
        [n.last_payment]: kopecks, [n.lang]: this.host.lang,
      };
      if (Object.keys(local).length) { this.answer(422, { errors: local }, "", false); return; }
      this.sending = true;
      this.host.dataset.state = "sending";
      this.submitButton.setAttribute("aria-disabled", "true");
      this.submitButton.textContent = this.words.sending;
      const abort = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => { timedOut = true; abort.abort(); }, this.timeoutMs);
      let status = 0;
      let body = null;
      let retryAfter = "";
      try {
        const r = await fetch(this.endpoint, { method: "POST", body: JSON.stringify(payload), signal: abort.signal,
          headers: { "Content-Type": "application/json", Accept: "application/json" }, credentials: "same-origin", cache: "no-store" });
        status = r.status;
        retryAfter = r.headers.get("Retry-After") || "";
        body = await r.json().catch(() => null);
      } catch {
        status = timedOut ? -1 : 0;
      }
      clearTimeout(timer);
      this.sending = false;
      this.submitButton.removeAttribute("aria-disabled");
      this.submitButton.textContent = this.words.submit;
      this.answer(status, body, retryAfter, true);
    }

    answer(status, body, retryAfter, sent) {
      const h = this.host;
      if (status === 200 || status === 201) {
        const digits = this.value("account").replace(/\D/g, "");
        const account = digits.length === 7 ? `${digits[0]}-${digits.slice(1, 4)}-${digits.slice(4, 6)}-${digits[6]}` : this.value("account").trim();
        const email = this.value("email").trim();
        this.done(email);
        h.dispatchEvent(new CustomEvent("abon-signup:success", { bubbles: true, composed: true, detail: { account, email } }));
        return;
      }
      const byName = Object.fromEntries(FIELDS.map(([id]) => [this.names[id] || id, id]));
      byName[this.names.last_payment] = "last_payment";
      const fields = {};
      if (status === 422 && body && typeof body.errors === "object")
        for (const [key, code] of Object.entries(body.errors)) fields[byName[key] || key] = String(code);
      for (const [id] of FIELDS) this.clear(id);
      let code = Object.values(fields)[0] || "unexpected_response";
      let said = "";
      let first = null;
      for (const [id, c] of Object.entries(fields)) {
        const message = this.show(id, c);
        if (message && !first) { first = id; said = `${this.words.labels[id]}: ${message}`; }
      }
      if (status !== 422) {
        code = body && typeof body.error === "string" ? body.error
          : status === -1 ? "timeout" : status === 0 ? "network_error" : status === 409 ? "account_already_registered"
          : status === 429 ? "rate_limited" : status >= 500 ? "server_error" : "bad_request";
        const words = this.words.codes[code] || this.words.codes.server_error;
        said = words.replace("{}", retryAfter || "60");
      } else if (!first) {
        said = this.words.fix;
      }
      this.notice.textContent = status === 422 ? this.words.fix : said;
      h.dataset.state = "ready";
      if (sent) {
        h.dispatchEvent(new CustomEvent("abon-signup:error", { bubbles: true, composed: true, detail: { code, status, fields } }));
        h.elements.get("captcha").value = ""; // a challenge is good for one try
        this.renewCaptcha();
      }
      if (first) h.elements.get(first).focus();
      h.api.announce(said);
    }

    done(email) {
      const w = this.words;
      for (const child of this.host.form.children) child.hidden = true;
      this.doneBox = document.createElement("div");
      this.doneBox.className = "plain-done";
      this.doneBox.tabIndex = -1;
      for (const [text, strong] of [[w.doneTitle, true], [w.doneLetter.replace("{}", email), false], [w.doneSpam, false]]) {
        const p = document.createElement("p");
        if (strong) p.style.fontWeight = "bold";
        p.textContent = text;
        this.doneBox.append(p);
      }
      this.host.form.append(this.doneBox);
      this.host.dataset.state = "registered";
      this.host.api.announce(`${w.doneTitle} ${w.doneLetter.replace("{}", email)}`);
      this.doneBox.focus();
    }
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
