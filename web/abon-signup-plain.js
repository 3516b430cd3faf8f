// abon-signup-plain.js — the plain HTML form that stands in for the canvas where the
// browser has no WebAssembly or no WebGL2. web/abon-signup.js imports it only then.
// Its rules (web/src/rules.js) and its tables (TABLES, written from the core by
// wasm/tools/plain_words.cpp) are put in by the build in place of the two markers below.

// [SECTION] Without WebAssembly or WebGL2: a plain HTML form
// The same fields, names, labels and input attributes as the canvas form's, and the same
// payload. The rules live in the core, which is not here: the server re-validates every
// request and its 422 answers are shown at the fields with the core's own message for
// each code. Only what the server never sees, or must get as a number, is checked here,
// by the core's rules in JS (proven equal on tests/vectors/ by tests/web/): the two
// confirmations and the amount, which goes as integer kopecks (or, with amount_format
// "decimal", as "1234.50" made from them). A classic endpoint's keys (encoding "form",
// captcha_mode "image") are followed as the core follows them (shared/src/encoding.cpp).
/*@rules@*/
/*@tables@*/

// Its colours and sizes are the theme's custom properties (the loader's sheet, written from
// abon/theme.hpp), scaled with the person's font size (--s).
const px = (n) => `calc(${n} * var(--s, 1) * 1px)`;
const theme = (name) => `calc(var(--abon-${name}) * var(--s, 1) * 1px)`;
const PLAIN_STYLE = `
  .plain { display: grid; gap: ${px(14)}; padding: ${theme("padding-narrow")}; border: 1px solid var(--abon-card-border);
    border-radius: 8px; background: var(--abon-page); color: var(--abon-text);
    font: ${theme("body-size")}/1.4 "DejaVu Sans", system-ui, sans-serif; box-sizing: border-box; }
  .plain .title { margin: 0; font-size: ${theme("title-size")}; font-weight: bold; line-height: 1.2; }
  .plain .row { display: grid; gap: ${px(4)}; min-width: 0; max-width: ${theme("max-field-width")}; }
  .plain label { font-weight: bold; }
  .plain input:not([type=checkbox]) { font: inherit; width: 100%; box-sizing: border-box; min-height: ${theme("field-height")};
    padding: ${px(8)} ${theme("field-pad-x")}; border: 1px solid var(--abon-field-border); border-radius: ${theme("field-radius")};
    background: var(--abon-field-fill); color: inherit; }
  .plain input::placeholder { color: var(--abon-placeholder); opacity: 1; }
  .plain input:focus-visible, .plain button:focus-visible, .plain .plain-done:focus-visible {
    outline: 3px solid var(--abon-accent); outline-offset: 2px; }
  .plain input[aria-invalid=true] { border: 2px solid var(--abon-error); }
  .plain .hint { color: var(--abon-muted); }
  .plain .hint.error, .plain .notice { color: var(--abon-error); }
  .plain .notice:empty { display: none; }
  .plain .check { display: flex; gap: ${px(8)}; align-items: center; font-weight: normal; }
  .plain .check input { width: ${px(20)}; height: ${px(20)}; margin: 0; accent-color: var(--abon-accent); }
  .plain .picture { display: flex; flex-wrap: wrap; gap: ${px(12)}; align-items: center; }
  .plain .picture img { display: block; max-width: 100%; height: auto; min-height: 40px; border: 1px solid var(--abon-card-border); border-radius: 6px; }
  .plain button { font: inherit; min-height: ${px(44)}; padding: ${px(8)} ${px(16)}; border-radius: 6px; cursor: pointer;
    border: 1px solid var(--abon-accent); background: var(--abon-page); color: var(--abon-accent); }
  .plain button[type=submit] { min-height: ${theme("button-height")}; background: var(--abon-accent); color: var(--abon-on-accent);
    font-weight: bold; justify-self: start; }
  .plain button[aria-disabled=true] { opacity: 0.7; cursor: progress; }
  .plain .plain-done { display: grid; gap: ${px(8)}; }
  .plain .plain-done p { margin: 0; }
  .plain .mailbox { justify-self: start; padding: ${px(10)} ${px(20)}; border-radius: 6px; background: var(--abon-accent);
    color: var(--abon-on-accent); font-weight: bold; text-decoration: none; }
  .plain .mailbox:focus-visible { outline: 3px solid var(--abon-accent); outline-offset: 2px; }
  .plain .plain-follow { display: flex; flex-wrap: wrap; gap: ${px(12)}; }
  .plain .plain-change { display: grid; gap: ${px(12)}; }
  .plain .plain-change p { margin: 0; }
  .plain .plain-change button { justify-self: start; }
  .plain button.primary { justify-self: start; background: var(--abon-accent); color: var(--abon-on-accent); font-weight: bold; }
  .plain button:disabled { border-color: var(--abon-card-border); background: var(--abon-field-disabled); color: var(--abon-muted); cursor: default; }
  .plain .done-title { font-weight: bold; }
  .plain .done-notice { padding: ${px(10)}; border-left: 4px solid var(--abon-ok); background: var(--abon-info-fill); }
  .frame.plain-mode canvas, .plain [hidden] { display: none; }
`;

export class PlainForm {
  // helpers: {adoptStyle(root, css), mark(name)}, the loader's own.
  constructor(host, configText, helpers) {
    this.helpers = helpers;
    this.host = host; // the <abon-signup> element
    this.words = TABLES.words[host.lang];
    let config = {};
    try { config = configText ? JSON.parse(configText) : {}; } catch { config = {}; }
    if (!config || typeof config !== "object") config = {};
    this.formEncoded = config.encoding === "form";
    this.decimal = config.amount_format === "decimal";
    this.pictureOnly = config.captcha_mode === "image"; // the captcha URL is the picture
    this.pictureNonce = Date.now();
    // The outgoing names: the core's defaults, then the config's for the keys it knows.
    this.names = { ...(this.decimal ? TABLES.decimal_names : TABLES.names) };
    const given = config.field_names && typeof config.field_names === "object" ? config.field_names : {};
    for (const [key, name] of Object.entries(given))
      if (Object.hasOwn(this.names, key) && typeof name === "string" && name) this.names[key] = name;
    this.patronymicOptional = config.patronymic_optional === true;
    // The sender the success screen names: the core checks the config's address; here a
    // string with one "@" and no space will do (it is only shown), else the core's default.
    this.sender = typeof config.sender === "string" && /^[^\s@]+@[^\s@]+$/.test(config.sender.trim())
      ? config.sender.trim() : TABLES.sender;
    this.timeoutMs = Number.isInteger(config.request_timeout_ms) ? config.request_timeout_ms : 20000;
    this.endpoint = host.getAttribute("endpoint") || "/api/register";
    // The success screen's follow-ups: each URL checked as the endpoint, left out if refused.
    [this.resendUrl, this.changeUrl] = ["resend", "change-email"].map((name) => {
      const url = host.getAttribute(name) || "";
      const why = url && endpointRefusal(url, location.origin);
      if (why) console.warn(`abon-signup: configuration error: ${why} (that button is left out)`);
      return why ? "" : url;
    });
    this.captchaUrl = host.getAttribute("captcha") || "/api/captcha";
    this.challenge = null;
    this.sending = false;
  }

  // Both URLs as check_endpoint_url() in the core: the password goes to the page's
  // origin, https:, or plain http: on this machine only; the CAPTCHA URL too.
  endpointAllowed() {
    for (const url of [this.endpoint, this.captchaUrl]) {
      const why = endpointRefusal(url, location.origin);
      if (why) { console.warn(`abon-signup: configuration error: ${why}`); return false; }
    }
    return true;
  }

  build() {
    const w = this.words;
    const h = this.host;
    this.helpers.adoptStyle(h.root, PLAIN_STYLE);
    h.frame.classList.add("plain-mode");
    const form = h.form;
    form.className = "plain";
    form.replaceChildren();
    form.addEventListener("submit", (e) => { e.preventDefault(); e.stopImmediatePropagation(); this.submit(); }, { capture: true });
    const title = document.createElement("p");
    title.className = "title";
    title.textContent = w.title;
    form.append(title);
    for (const field of TABLES.fields) {
      const id = field.id;
      const row = document.createElement("div");
      row.className = "row";
      const label = document.createElement("label");
      label.htmlFor = `abon-${id}`;
      label.textContent = w.labels[id];
      const input = document.createElement("input");
      Object.assign(input, { id: `abon-${id}`, name: id, type: field.type, maxLength: field.maxlength, spellcheck: false });
      input.required = field.required; // heard as required; the form has noValidate
      if (w.placeholders[id]) input.placeholder = w.placeholders[id];
      input.setAttribute("inputmode", field.inputmode);
      input.setAttribute("autocomplete", field.autocomplete);
      input.setAttribute("autocapitalize", field.autocapitalize);
      input.setAttribute("aria-describedby", `abon-${id}-desc`);
      const desc = document.createElement("span");
      desc.className = "hint";
      desc.id = `abon-${id}-desc`;
      desc.textContent = w.hints[id];
      input.addEventListener("input", () => this.clear(id));
      row.append(label);
      if (TABLES.buttons.some((b) => b.id === "captcha_refresh" && b.before === id)) row.append(this.buildPicture());
      row.append(input, desc);
      if (field.optional_with === TABLES.checkbox.id && this.patronymicOptional) row.append(this.buildNoPatronymic(input));
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
    this.helpers.mark("ready");
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
    Object.assign(box, { type: "checkbox", id: `abon-${TABLES.checkbox.id}`, name: TABLES.checkbox.id });
    box.addEventListener("change", () => {
      patronymic.disabled = box.checked;
      patronymic.required = !box.checked; // optional only with the box ticked, as the core says
      if (box.checked) { patronymic.value = ""; this.clear("patronymic"); }
    });
    label.append(box, document.createTextNode(this.words.noPatronymic));
    return label;
  }

  async renewCaptcha() {
    const h = this.host;
    h.dataset.captcha = "loading";
    this.challenge = null;
    if (this.pictureOnly) { this.renewPicture(); return; }
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

  // captcha_mode "image": the picture itself, under a new query each time (the site's
  // session cookie keeps its answer; an <img> of the page's origin sends it).
  renewPicture() {
    const h = this.host;
    const url = new URL(this.captchaUrl, location.href);
    url.searchParams.set("abon", String(++this.pictureNonce));
    this.picture.onload = () => {
      this.challenge = { token: "" };
      this.picture.alt = this.words.picture;
      h.dataset.captcha = "ready";
    };
    this.picture.onerror = () => {
      this.picture.alt = this.words.pictureFailed;
      h.dataset.captcha = "failed";
    };
    this.picture.src = url.href;
  }

  value(id) {
    const input = this.host.elements.get(id);
    return input && !input.disabled ? input.value : "";
  }

  show(id, code, detail = "") {
    const input = this.host.elements.get(id);
    const desc = this.host.root.getElementById(`abon-${id}-desc`);
    if (!input || !desc) return "";
    const message = messageFor(TABLES, code, this.host.lang, detail);
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
    clearTimeout(this.ticking);
    if (this.emailRows) { // back into the form
      this.rowsAnchor.replaceWith(...this.emailRows);
      this.emailRows = null;
      this.offer = null;
    }
    if (this.doneBox) { this.doneBox.remove(); this.doneBox = null; }
    for (const child of this.host.form.children) child.hidden = false;
    for (const { id } of TABLES.fields) { this.host.elements.get(id).value = ""; this.clear(id); }
    const box = this.host.root.getElementById(`abon-${TABLES.checkbox.id}`);
    if (box) { box.checked = false; Object.assign(this.host.elements.get("patronymic"), { disabled: false, required: true }); }
    this.notice.textContent = "";
    this.host.dataset.state = "ready";
    this.renewCaptcha();
  }

  // Form fields, flat: the CAPTCHA's members become fields of their own (as encode_payload()).
  static formBody(payload) {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(payload)) {
      if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) body.append(k, String(v));
      else body.append(key, value === null ? "" : String(value));
    }
    return body.toString();
  }

  async submit() {
    if (this.sending) return; // one request at a time
    const n = this.names;
    const local = {};
    const passwordCheck = passwordConfirmCode(this.value("password"), this.value("password_confirm"));
    if (passwordCheck) local.password_confirm = passwordCheck;
    const emailCheck = emailConfirmCode(this.value("email"), this.value("email_confirm"));
    if (emailCheck) local.email_confirm = emailCheck;
    const amount = amountKopecks(this.value("last_payment")); // nothing the core would refuse is sent
    if (amount.code) local.last_payment = amount.code;
    const kopecks = amount.code ? null : amount.kopecks;
    const payload = {
      [n.surname]: this.value("surname"), [n.given_name]: this.value("given_name"), [n.patronymic]: this.value("patronymic"),
      [n.account]: this.value("account").trim(), [n.password]: this.value("password"), [n.email]: this.value("email").trim(),
      [n.captcha]: { [n.captcha_answer]: this.value("captcha").trim().toUpperCase() },
      [n.last_payment]: kopecks !== null && this.decimal ? kopecksDecimal(kopecks) : kopecks, [n.lang]: this.host.lang,
    };
    if (!this.pictureOnly) payload[n.captcha][n.captcha_token] = this.challenge ? this.challenge.token : "";
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
    const [type, text] = this.formEncoded ? ["application/x-www-form-urlencoded", PlainForm.formBody(payload)]
      : ["application/json", JSON.stringify(payload)];
    try {
      const r = await fetch(this.endpoint, { method: "POST", body: text, signal: abort.signal,
        headers: { "Content-Type": type, Accept: "application/json" }, credentials: "same-origin", cache: "no-store" });
      // A redirect that ends in a 2xx page (a form's 303 to its welcome page) is a success.
      status = r.redirected && r.status >= 200 && r.status < 300 ? 200 : r.status;
      retryAfter = r.headers.get("Retry-After") || "";
      this.answerText = await r.text().catch(() => "");
      try { body = JSON.parse(this.answerText); } catch { body = null; }
    } catch {
      status = timedOut ? -1 : 0;
    }
    clearTimeout(timer);
    this.sending = false;
    this.submitButton.removeAttribute("aria-disabled");
    this.submitButton.textContent = this.words.submit;
    this.answer(status, body, retryAfter, true);
  }

  // The answer as the core reads it (readReply): a server's string is never shown or
  // looked up as it is, only as one of the core's codes.
  answer(status, body, retryAfter, sent) {
    const h = this.host;
    const reply = readReply(TABLES, status, body, this.names);
    if (reply.ok) {
      const account = accountCanonical(this.value("account"));
      const email = this.value("email").trim();
      this.done(email, followUpOffer(this.answerText || ""));
      h.dispatchEvent(new CustomEvent("abon-signup:success", { bubbles: true, composed: true, detail: { account, email } }));
      return;
    }
    const fields = reply.fields;
    for (const { id } of TABLES.fields) this.clear(id);
    let said = "";
    let first = null;
    for (const [id, c] of Object.entries(fields)) {
      const length = c === "captcha_length" && this.challenge && Number.isInteger(this.challenge.length) ? this.challenge.length : "";
      const message = this.show(id, c, length);
      if (message && !first) { first = id; said = `${this.words.labels[id]}: ${message}`; }
    }
    // As the canvas reports it: the form-level code, else the first field's.
    const code = reply.code || Object.values(fields)[0] || "ok";
    if (reply.code) {
      said = messageFor(TABLES, reply.code, h.lang, reply.code === "rate_limited" ? retryAfterSeconds(retryAfter) : "");
      this.notice.textContent = said;
    } else {
      if (!first) said = this.words.fix;
      this.notice.textContent = this.words.fix;
    }
    h.dataset.state = "ready";
    if (sent) {
      h.dispatchEvent(new CustomEvent("abon-signup:error", { bubbles: true, composed: true, detail: { code, status, fields } }));
      h.elements.get("captcha").value = ""; // a challenge is good for one try
      this.renewCaptcha();
    }
    if (first) h.elements.get(first).focus();
    h.api.announce(said);
  }

  // The success screen: the address, the webmail link, the advice and the sender; with an
  // offer from the 201 and the element's URLs, the resend and change-of-address buttons.
  done(email, offer) {
    const w = this.words;
    for (const child of this.host.form.children) child.hidden = true;
    this.doneBox = document.createElement("div");
    this.doneBox.className = "plain-done";
    this.doneBox.tabIndex = -1;
    const line = (text, className = "") => {
      const p = document.createElement("p");
      p.className = className;
      p.textContent = text;
      this.doneBox.append(p);
      return p;
    };
    line(w.doneTitle, "done-title");
    this.letterLine = line("");
    this.followNotice = line("", "done-notice");
    this.mailLink = document.createElement("a");
    Object.assign(this.mailLink, { id: "abon-mailbox", className: "mailbox", target: "_blank", rel: "noopener noreferrer" });
    this.doneBox.append(this.mailLink);
    this.registeredEmail = email;
    this.offer = offer && (this.resendUrl || this.changeUrl) ? offer : null;
    if (this.offer) this.buildFollowUp();
    line(w.doneSpam);
    line(w.doneSender.replace("{}", this.sender));
    this.host.form.append(this.doneBox);
    this.showEmail("");
    this.host.dataset.state = "registered";
    this.host.api.announce(`${w.doneTitle} ${w.doneLetter.replace("{}", email)}${this.waitWords()}`);
    this.doneBox.focus();
  }

  // The address the letter went to, its webmail (the core's table, written at build time),
  // and what the last follow-up did.
  showEmail(notice) {
    const w = this.words;
    this.letterLine.textContent = w.doneLetter.replace("{}", this.registeredEmail);
    const webmail = webmailFor(TABLES, this.registeredEmail);
    this.mailLink.hidden = !webmail;
    if (webmail) Object.assign(this.mailLink, { href: webmail.url, textContent: w.openMailbox.replace("{}", webmail.provider) });
    this.followNotice.textContent = notice;
    this.followNotice.hidden = !notice;
  }

  buildFollowUp() {
    const w = this.words;
    const button = (id, text, onClick) => {
      const b = document.createElement("button");
      Object.assign(b, { type: "button", id: `abon-${id}`, textContent: text });
      b.addEventListener("click", onClick);
      return b;
    };
    this.follow = document.createElement("div");
    this.follow.className = "plain-follow";
    this.resendButton = this.resendUrl ? button("resend", w.resend, () => this.send(false)) : null;
    this.changeButton = this.changeUrl ? button("change_email", w.changeEmail, () => this.openChange(true)) : null;
    this.follow.append(...[this.resendButton, this.changeButton].filter(Boolean));
    this.changePanel = document.createElement("div");
    this.changePanel.className = "plain-change";
    this.changePanel.hidden = true;
    const intro = document.createElement("p");
    intro.textContent = w.changeIntro;
    // The form's own email rows move here while the address is being changed.
    this.emailRows = ["email", "email_confirm"].map((id) => this.host.elements.get(id).closest(".row"));
    this.rowsAnchor = document.createComment("email rows");
    this.emailRows[1].after(this.rowsAnchor);
    this.sendButton = button("send_to_new", w.sendToNew, () => this.send(true));
    this.sendButton.className = "primary";
    const cancel = button("cancel_change", w.cancelChange, () => this.openChange(false));
    this.changePanel.append(intro, ...this.emailRows, this.sendButton, cancel);
    this.doneBox.append(this.follow, this.changePanel);
    this.nextAt = performance.now() + this.offer.resendAfter * 1000;
    this.tick();
  }

  openChange(open) {
    if (this.inFlight) return;
    this.changePanel.hidden = !open;
    this.follow.hidden = open;
    for (const row of this.emailRows) row.hidden = !open;
    if (open) {
      this.host.elements.get("email").value = this.registeredEmail;
      this.host.elements.get("email_confirm").value = "";
      this.clear("email");
      this.clear("email_confirm");
      this.followNotice.hidden = true;
      this.host.elements.get("email").focus();
    } else {
      this.doneBox.focus();
    }
  }

  secondsLeft() { return Math.max(0, Math.ceil((this.nextAt - performance.now()) / 1000)); }

  waitWords() {
    return this.offer && this.secondsLeft() > 0 ? ` ${this.words.resendWait.replace("{}", this.secondsLeft())}` : "";
  }

  // The buttons' words and state, again at the countdown's next second until it is done.
  tick() {
    clearTimeout(this.ticking);
    if (!this.offer) return;
    const w = this.words;
    const left = this.secondsLeft();
    if (this.resendButton) {
      this.resendButton.textContent = this.inFlight ? w.sending : left ? w.resendIn.replace("{}", left) : w.resend;
      this.resendButton.disabled = left > 0 || this.inFlight;
    }
    this.sendButton.textContent = this.inFlight ? w.sending : left ? w.sendToNewIn.replace("{}", left) : w.sendToNew;
    this.sendButton.disabled = left > 0 || this.inFlight;
    if (left > 0) {
      this.waiting = true;
      this.ticking = setTimeout(() => this.tick(), this.nextAt - performance.now() - (left - 1) * 1000 + 1);
    } else if (this.waiting && !this.inFlight) {
      this.waiting = false;
      this.host.api.announce(w.resendReady); // once, as the button is enabled
    }
  }

  // POST the handle (and, changing, the new address) to its URL; read the answer as the core does.
  async send(changing) {
    if (this.inFlight || !this.offer || this.secondsLeft() > 0) return;
    const w = this.words;
    const email = this.value("email").trim();
    if (changing) {
      const code = emailConfirmCode(email, this.value("email_confirm"));
      this.clear("email_confirm");
      if (code) { this.host.api.announce(this.show("email_confirm", code)); this.host.elements.get("email_confirm").focus(); return; }
    }
    this.inFlight = true;
    this.tick();
    const body = JSON.stringify(changing ? { handle: this.offer.handle, email } : { handle: this.offer.handle });
    let status = 0;
    let text = "";
    let retryAfter = "";
    try {
      const r = await fetch(changing ? this.changeUrl : this.resendUrl, { method: "POST", body, credentials: "same-origin",
        cache: "no-store", headers: { "Content-Type": "application/json", Accept: "application/json" },
        signal: AbortSignal.timeout ? AbortSignal.timeout(this.timeoutMs) : undefined });
      status = r.status;
      retryAfter = r.headers.get("Retry-After") || "";
      text = await r.text();
    } catch (e) {
      status = e && e.name === "TimeoutError" ? -1 : 0;
    }
    this.inFlight = false;
    const reply = followUpReply(TABLES, status, text, retryAfter);
    let said = "";
    if (reply.ok) {
      this.offer.resendsLeft = reply.offer.resendsLeft;
      this.nextAt = performance.now() + reply.offer.resendAfter * 1000;
      this.registeredEmail = reply.offer.email || (changing ? email : this.registeredEmail);
      said = (changing ? w.changed : w.resent).replace("{}", this.registeredEmail);
      this.showEmail(said);
      if (changing) this.openChange(false);
      said += this.waitWords();
    } else if (reply.email && changing) {
      said = this.show("email", reply.email);
      this.host.elements.get("email").focus();
    } else if (reply.code === "rate_limited") {
      this.nextAt = performance.now() + reply.retryAfter * 1000; // the countdown says how long
      said = this.waitWords().trim();
    } else {
      said = messageFor(TABLES, reply.code, this.host.lang);
      this.showEmail(said);
      if (reply.code === "registration_not_found" || reply.code === "resend_limit_reached") this.endFollowUp();
    }
    if (this.offer && this.offer.resendsLeft === 0) {
      this.showEmail(`${this.followNotice.textContent} ${messageFor(TABLES, "resend_limit_reached", this.host.lang)}`.trim());
      this.endFollowUp();
    }
    this.tick();
    this.host.api.announce(said);
  }

  endFollowUp() {
    if (!this.changePanel.hidden) this.openChange(false);
    this.follow.hidden = true;
    this.offer = null;
  }
}
