// The DOM form, built from the core's schema (dom_schema(), generated into TABLES at build
// time) as soon as the loader runs: it takes typing before the module has arrived. Every
// rendering uses these same elements — visible in the DOM rendering, laid transparently
// over the drawing in the canvas rendering.
//
// Each element's DOM events go to `sink` (the core once it runs, or without WebAssembly the
// plain driver, abon-signup-plain.js; nothing before: what was typed by then is read from
// the inputs when the core starts).
//
// The same code writes the page's HTML-first snippet at build time (web/tools/snippet.mjs,
// in Node.js over linkedom), so everything here is set as attributes, which the markup
// carries. When the loader finds that snippet in its shadow root, DomForm takes over its
// elements instead (adopt): it builds its own off the page only to learn which element is
// which, then listens on the page's, so focus, selection, typed text and an IME composition
// in progress stay as they are.
import { focusVisible } from "./compat.js";

// One row per field: its label, [the CAPTCHA picture], its box (input [, button or unit]),
// then the lines under it. Ids keep the loader's contract: abon-<field>, abon-<field>-desc,
// abon-fix-<field>, abon-reveal-<field>, abon-no_patronymic, abon-captcha_refresh,
// abon-captcha_listen, abon-register;
// the success screen's abon-mailbox (a link), abon-resend, abon-change_email,
// abon-send_to_new and abon-cancel_change.
export class DomForm {
  // adopt: form already holds what build() makes for this schema and words (the snippet).
  constructor(form, schema, words, sink, { adopt = false } = {}) {
    this.form = adopt ? document.createElement("form") : form;
    this.words = words;
    this.sink = sink;
    this.elements = new Map(); // schema id → element (inputs, buttons, the checkbox)
    this.rows = new Map();     // field id → { row, box, label, input, hint, strength, meter, msg, desc }
    this.order = [];           // field ids in tab order
    this.checkboxes = [];      // checkbox ids
    this.composing = new Map(); // field id → where its IME composition in progress starts
    this.heard = new Set();    // field ids whose input, composition or blur these listeners have seen
    this.wiring = [];          // [element, listen(element)]: listeners go on once the elements are final
    this.build(schema);
    if (adopt) this.takeOver(form);
    for (const [e, listen] of this.wiring) listen(e);
    this.wiring = null;
  }

  // Every element this form holds becomes its twin in `form` (same place in the same tree).
  // A tree of another shape throws: the loader then builds anew.
  takeOver(form) {
    const twin = new Map();
    const walk = (mine, theirs, top) => {
      if ((!top && (mine.tagName !== theirs.tagName || mine.className !== theirs.className)) ||
          mine.children.length !== theirs.children.length) throw new Error("abon-signup: the snippet is not this form");
      twin.set(mine, theirs);
      for (let i = 0; i < mine.children.length; i++) walk(mine.children[i], theirs.children[i], false);
    };
    walk(this.form, form, true); // the forms themselves: the one built here is a bare stand-in
    const swap = (value) => twin.get(value) || value;
    const swapAll = (object) => {
      for (const key of Object.keys(object)) object[key] = swap(object[key]);
    };
    swapAll(this);
    for (const [id, e] of this.elements) this.elements.set(id, swap(e));
    for (const parts of this.rows.values()) swapAll(parts);
    for (const entry of this.wiring) entry[0] = swap(entry[0]);
  }

  // listen(e) adds e's listeners, once the elements are final (built, or taken over).
  wire(e, listen) {
    this.wiring.push([e, listen]);
  }

  build(schema) {
    const words = this.words;
    this.title = el("p", "title", words.title);
    this.intro = el("p", "intro", words.intro);
    this.form.append(this.title, this.intro);
    let last = null;    // the row the next button belongs to
    let picture = null; // the CAPTCHA picture comes before its field's input
    // What each kind of schema item becomes, and where it goes.
    const install = {
      field: (item) => { last = this.addField(item, picture); picture = null; },
      checkbox: (item) => this.addCheckbox(item, last),
      button: (item) => {
        const add = {
          captcha_refresh: () => { picture = this.addPicture(item); },
          captcha_listen: () => this.addListen(item, picture),
          register: () => this.addSubmit(item),
          reveal: () => this.addReveal(item, last),
          fix: () => this.addFix(item, last),
          // The success screen's follow-ups, after the form's own (hidden until the core shows them).
          resend: () => this.form.append(this.addButton(item, "follow resend")),
          change_email: () => this.form.append(this.addButton(item, "follow change")),
          send_to_new: () => this.form.append(this.addButton(item, "follow send")),
          cancel_change: () => this.form.append(this.addButton(item, "follow cancel")),
        }[item.role];
        if (add) add();
      },
      link: (item) => this.addMailbox(item),
    };
    install.done = (item) => this.addDone(item);
    for (const item of schema) if (install[item.kind]) install[item.kind](item);
    if (this.advice) this.form.append(this.advice); // the success screen ends with the advice
  }

  // The success screen, in the order the canvas draws it: its head (title, letter, what the
  // last resend did) under the form's title, focused so that it is read out; the webmail
  // link; the words above the reopened email fields; and, last of all, the spam advice.
  addDone(item) {
    this.done = el("div", "done");
    this.done.tabIndex = -1;
    this.done.hidden = true;
    this.doneTitle = el("p", "done-title");
    this.doneLetter = el("p", "done-letter");
    this.doneNotice = el("p", "done-notice");
    this.done.append(this.doneTitle, this.doneLetter, this.doneNotice);
    this.changeIntro = el("p", "done-part done-intro");
    this.changeIntro.hidden = true;
    this.intro.after(this.done, this.changeIntro);
    this.advice = el("div", "done-part done-advice");
    this.advice.hidden = true;
    this.doneAdvice = el("p");
    this.doneSender = el("p");
    this.advice.append(this.doneAdvice, this.doneSender);
    this.elements.set(item.id, this.done);
  }

  // The provider's webmail, in a new tab that cannot reach back to this page.
  addMailbox(item) {
    const link = el("a", "ctl mailbox");
    link.id = `abon-${item.id}`;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.hidden = true;
    this.wire(link, (a) => this.listenFocus(item.id, a));
    this.done.after(link);
    this.elements.set(item.id, link);
  }

  addField(item, picture) {
    const id = item.id;
    const row = el("div", "row");
    row.dataset.field = id;
    const label = el("label", "ctl label", item.label);
    const input = document.createElement("input");
    input.className = "ctl";
    input.id = `abon-${id}`;
    label.setAttribute("for", input.id);
    input.setAttribute("name", id);
    input.setAttribute("type", item.type);
    input.setAttribute("inputmode", item.inputmode);
    input.setAttribute("autocomplete", item.autocomplete);
    input.setAttribute("autocapitalize", item.autocapitalize);
    input.setAttribute("aria-describedby", `abon-${id}-desc`);
    if (item.required === true) input.setAttribute("required", ""); // heard as required; the form has novalidate
    input.setAttribute("spellcheck", "false");
    input.setAttribute("maxlength", String(item.maxlength));
    const placeholder = this.words.placeholders[id];
    if (placeholder) input.setAttribute("placeholder", placeholder);
    const box = el("div", "box");
    box.append(input);
    if (item.unit) box.append(el("span", "unit", item.unit));
    // The lines under the box are seen; the description says the same to screen readers.
    const hint = el("p", "hint", this.words.hints[id]);
    const msg = el("p", "msg");
    const desc = el("span", "sr", this.words.hints[id]);
    desc.id = `abon-${id}-desc`;
    for (const line of [hint, msg]) line.setAttribute("aria-hidden", "true");
    msg.hidden = true; // until there is something to say
    row.append(label);
    if (picture) row.append(picture);
    row.append(box, hint);
    const parts = { row, box, label, input, hint, msg, desc };
    if (item.strength) {
      parts.meter = el("div", "meter");
      parts.meter.setAttribute("aria-hidden", "true");
      parts.meter.hidden = true;
      for (let i = 0; i < 4; i++) parts.meter.append(el("span"));
      parts.strength = el("p", "strength");
      parts.strength.setAttribute("aria-hidden", "true");
      row.append(parts.meter, parts.strength);
    }
    row.append(msg, desc);
    this.form.append(row);
    this.elements.set(id, input);
    this.rows.set(id, parts);
    this.order.push(id);
    this.wire(input, (e) => this.listen(id, e));
    return parts;
  }

  listen(id, input) {
    const sink = this.sink;
    const composing = () => this.composing.has(id);
    const sendInput = () => {
      const start = input.selectionStart ?? input.value.length;
      const end = input.selectionEnd ?? start;
      const from = this.composing.get(id);
      sink.input(id, input.value, start, end, composing(), from ?? 0, composing() ? end : 0);
    };
    const sendSelection = () => {
      if (this.form.getRootNode().activeElement !== input || composing()) return;
      sink.select(id, input.selectionStart ?? 0, input.selectionEnd ?? 0);
    };
    const capsLock = (e) => { if (e.getModifierState) sink.capsLock(e.getModifierState("CapsLock")); };
    // Where the input scrolled its own text: the canvas draws it there, so clicks land by it.
    let scrolled = 0;
    input.addEventListener("scroll", () => {
      if (input.scrollLeft !== scrolled && sink.scroll) sink.scroll(id, (scrolled = input.scrollLeft));
    });
    input.addEventListener("compositionstart", () => { this.heard.add(id); this.composing.set(id, input.selectionStart ?? 0); });
    input.addEventListener("compositionend", () => { this.composing.delete(id); sendInput(); });
    input.addEventListener("input", (e) => {
      this.heard.add(id);
      // A composition begun before these listeners (in the page's snippet): it started where its text does.
      if (e.isComposing && !composing()) this.composing.set(id, Math.max(0, (input.selectionEnd ?? 0) - (e.data || "").length));
      sendInput();
    });
    input.addEventListener("change", sendInput); // some autofill paths fire only change
    input.addEventListener("keydown", (e) => {
      capsLock(e);
      if (e.key === "Enter" && !e.isComposing && !composing()) {
        e.preventDefault();
        sink.submit();
        return;
      }
      setTimeout(sendSelection, 0); // arrows, Home, End move the caret after keydown
    });
    input.addEventListener("keyup", (e) => { capsLock(e); sendSelection(); });
    input.addEventListener("select", sendSelection);
    input.addEventListener("selectionchange", sendSelection);
    input.addEventListener("pointerup", () => setTimeout(sendSelection, 0));
    input.addEventListener("focus", () => { sink.focus(id, true); sendSelection(); });
    input.addEventListener("blur", () => {
      const unheard = !this.heard.has(id); // its text went to the core as a composition (the loader's handOver)
      this.heard.add(id);
      this.composing.delete(id);
      if (unheard) sendInput(); // now committed: masked and mapped as typed text is
      sink.blur(id);
    });
  }

  listenFocus(id, e) {
    e.addEventListener("focus", () => this.sink.focus(id, focusVisible(e)));
    e.addEventListener("blur", () => this.sink.blur(id));
  }

  addButton(item, className, text) {
    const button = el("button", `ctl ${className}`, text);
    if (className.startsWith("follow")) button.hidden = true;
    button.setAttribute("type", item.submit ? "submit" : "button");
    button.id = `abon-${item.role === "fix" || item.role === "reveal" ? `${item.role}-${item.field}` : item.id}`;
    if (item.controls) button.setAttribute("aria-controls", `abon-${item.controls}`);
    this.wire(button, (b) => {
      if (!item.submit) b.addEventListener("click", () => this.sink.press(item.id));
      this.listenFocus(item.id, b);
    });
    this.elements.set(item.id, button);
    return button;
  }

  addReveal(item, row) {
    const button = this.addButton(item, "reveal", this.words.show);
    button.setAttribute("aria-pressed", "false");
    row.box.append(button);
  }

  addFix(item, row) {
    const button = this.addButton(item, "fix");
    button.hidden = true; // shown with a suggestion
    row.row.insertBefore(button, row.desc);
  }

  addCheckbox(item, row) {
    const box = document.createElement("input");
    this.checkboxes.push(item.id);
    box.setAttribute("type", "checkbox");
    box.className = "ctl";
    box.id = `abon-${item.id}`;
    box.setAttribute("name", item.id);
    box.setAttribute("aria-label", item.label);
    this.wire(box, (b) => {
      b.addEventListener("change", () => this.sink.check(item.id, b.checked));
      this.listenFocus(item.id, b);
    });
    const label = el("label", "check");
    label.append(box, el("span", "", item.label));
    label.hidden = true; // only where the configuration allows it: the core says
    this.checkRow = label;
    row.row.insertBefore(label, row.desc);
    this.elements.set(item.id, box);
  }

  // The CAPTCHA: the core decodes the picture; a 2D canvas shows it (no URL, no <img>).
  addPicture(item) {
    const block = el("div", "picture");
    this.picture = document.createElement("canvas");
    this.picture.className = "image";
    this.picture.setAttribute("role", "img");
    this.picture.setAttribute("aria-label", item.picture);
    this.picture.setAttribute("width", "200");
    this.picture.setAttribute("height", "70");
    this.picture.setAttribute("data-state", "loading"); // its size until the core has one: the snippet's too
    this.pictureStatus = el("p", "image-status", this.words.loading);
    const refresh = this.addButton(item, "refresh", this.words.refresh);
    const frame = el("div", "image-frame");
    frame.append(this.picture, this.pictureStatus);
    block.append(frame, refresh);
    return block;
  }

  // «Прослухати літери» beside «Інша картинка»: shown while the challenge has a sound
  // (setAudio), played here on the click itself, which browsers need to allow playing.
  addListen(item, block) {
    const listen = this.addButton(item, "listen", item.label);
    listen.hidden = true;
    this.audio = document.createElement("audio");
    this.audio.setAttribute("preload", "none");
    this.wire(listen, (b) => b.addEventListener("click", () => {
      if (!this.audio.src) return;
      this.audio.currentTime = 0;
      this.audio.play().catch(() => {});
    }));
    block?.append(listen, this.audio);
  }

  setAudio(url) {
    const listen = this.elements.get("captcha_listen");
    if (!listen || !this.audio) return;
    if (!url) this.audio.removeAttribute("src");
    else if (this.audio.getAttribute("src") !== url) this.audio.src = url;
    listen.hidden = !url;
  }

  addSubmit(item) {
    this.notice = el("p", "notice");
    this.notice.hidden = true;
    this.submit = this.addButton(item, "submit", this.words.register);
    this.wire(this.submit, (b) => b.addEventListener("click", (e) => { e.preventDefault(); this.sink.submit(); }));
    this.form.append(this.notice, this.submit);
  }

  // What was typed before the core started: [id, value] of every non-empty input.
  typed() {
    return this.order.map((id) => [id, this.elements.get(id).value]).filter(([, v]) => v !== "");
  }

  // The field being edited (focused, or composing), or null.
  busyField() {
    const active = this.form.getRootNode().activeElement;
    return active && this.form.contains(active) ? active : null;
  }
}

export function el(tag, className = "", text = "") {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}
