// abon-signup-plain.js — the driver of the loader's DOM form where the browser has no
// WebAssembly (plain mode): the same elements, checked by the server instead of the core.
// The loader (web/src/element.js) imports it only then.
// Its rules (web/src/rules.js), the support floor's helpers (web/src/compat.js) and its
// tables (TABLES, written from the core by wasm/tools/tables.cpp) are put in by the
// build in place of the three markers below.

// [SECTION] Without WebAssembly: the DOM form, checked by the server
// The loader's DomForm (web/src/form.js) with its events sent here instead of to the core;
// the same payload. The rules live in the core, which is not here: the server re-validates every
// request and its 422 answers are shown at the fields with the core's own message for
// each code. Only what the server never sees, or must get as a number, is checked here,
// by the core's rules in JS (proven equal on tests/vectors/ by tests/web/): the two
// confirmations and the amount, which goes as integer kopecks (or, with amount_format
// "decimal", as "1234.50" made from them). A classic endpoint's keys (encoding "form",
// captcha_mode "image") are followed as the core follows them (shared/src/encoding.cpp).
/*@compat@*/
/*@rules@*/
/*@tables@*/

export class PlainForm {
  // host: the <abon-signup> element, its DOM form built (host.dom); helpers: {mark(name)}.
  constructor(host, configText, helpers) {
    this.helpers = helpers;
    this.host = host;
    this.dom = host.dom;
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
      if (hasOwn(this.names, key) && typeof name === "string" && name) this.names[key] = name;
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

  // Takes the DOM form over: its events come here, and it shows what this driver says.
  start() {
    const d = this.dom;
    Object.assign(d.sink, {
      input: (id) => this.clear(id), select() {}, focus() {}, blur() {}, capsLock() {},
      check: (id, on) => this.noPatronymic(on), press: (id) => this.press(id), submit: () => this.submit(),
    });
    this.host.frame.classList.remove("canvas");
    for (const [id, r] of d.rows) {
      r.hint.textContent = r.desc.textContent = this.words.hints[id];
      r.msg.hidden = true;
    }
    // The picture comes as a PNG: an <img> in the 2D canvas's place.
    const img = document.createElement("img");
    Object.assign(img, { className: "image", width: TABLES.theme["picture-width"], height: TABLES.theme["picture-height"], alt: this.words.picture });
    d.picture.replaceWith(img);
    d.picture = img;
    d.checkRow.hidden = !this.patronymicOptional;
    const box = d.elements.get(TABLES.checkbox.id); // ticked again by a restore (remember.js): only where allowed
    if (box) { box.checked = box.checked && this.patronymicOptional; this.noPatronymic(box.checked); }
    this.mailLink = d.elements.get("mailbox");
    this.button = (id) => this.host.root.getElementById(`abon-${id}`);
    this.renewCaptcha();
    this.host.dataset.mode = "plain";
    this.host.dataset.state = "ready";
    this.helpers.mark("ready");
  }

  press(id) {
    const e = this.dom.elements.get(id);
    if (!e) return;
    if (e.classList.contains("reveal")) { this.reveal(e); return; }
    const act = { captcha_refresh: () => this.renewCaptcha(), resend: () => this.send(false),
      change_email: () => this.openChange(true), send_to_new: () => this.send(true),
      cancel_change: () => this.openChange(false) }[e.id.slice("abon-".length)];
    if (act) act();
  }

  // Show or hide the password: the input's type, the caret kept.
  reveal(button) {
    const input = this.host.root.getElementById(button.getAttribute("aria-controls"));
    if (!input) return;
    const shown = input.type === "password";
    const [start, end] = [input.selectionStart, input.selectionEnd];
    input.type = shown ? "text" : "password";
    if (this.host.root.activeElement === input && start !== null) input.setSelectionRange(start, end);
    button.setAttribute("aria-pressed", String(shown));
    button.textContent = shown ? this.host.words.hide : this.host.words.show;
  }

  noPatronymic(on) {
    const patronymic = this.dom.elements.get("patronymic");
    patronymic.disabled = on;
    patronymic.required = !on; // optional only with the box ticked, as the core says
    if (on) { patronymic.value = ""; this.clear("patronymic"); }
  }

  // The picture's state as the DOM rendering shows it: its status line over it, its text.
  pictureState(state) {
    const d = this.dom;
    d.picture.dataset.state = state;
    d.picture.alt = state === "failed" ? d.pictureWords.failed : this.words.picture;
    const status = state === "ready" ? "" : state === "failed" ? d.pictureWords.failed : this.host.words.loading;
    d.pictureStatus.textContent = status;
    d.pictureStatus.classList.toggle("failed", state === "failed");
    d.pictureStatus.hidden = !status;
    this.host.dataset.captcha = state;
  }

  async renewCaptcha() {
    this.pictureState("loading");
    this.challenge = null;
    this.dom.setAudio("");
    const picture = this.dom.picture;
    if (this.pictureOnly) { this.renewPicture(); return; }
    try {
      const r = await fetch(this.captchaUrl, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" });
      const c = await r.json();
      if (!r.ok || typeof c.token !== "string" || typeof c.image !== "string") throw new Error(`captcha ${r.status}`);
      await new Promise((resolve, reject) => {
        picture.onload = resolve;
        picture.onerror = reject;
        picture.src = new URL(c.image, new URL(this.captchaUrl, location.href)).href;
      });
      this.challenge = c;
      // The sound, like the picture, only from the captcha URL's origin (the core's rule).
      const base = new URL(this.captchaUrl, location.href);
      const audio = typeof c.audio === "string" && c.audio ? new URL(c.audio, base) : null;
      this.dom.setAudio(audio && audio.origin === base.origin ? audio.href : "");
      this.pictureState("ready");
    } catch {
      picture.removeAttribute("src");
      this.pictureState("failed");
    }
  }

  // captcha_mode "image": the picture itself, under a new query each time (the site's
  // session cookie keeps its answer; an <img> of the page's origin sends it).
  renewPicture() {
    const picture = this.dom.picture;
    const url = new URL(this.captchaUrl, location.href);
    url.searchParams.set("abon", String(++this.pictureNonce));
    picture.onload = () => { this.challenge = { token: "" }; this.pictureState("ready"); };
    picture.onerror = () => this.pictureState("failed");
    picture.src = url.href;
  }

  value(id) {
    const input = this.dom.elements.get(id);
    return input && !input.disabled ? input.value : "";
  }

  // A field's error as the DOM rendering shows it: the row's state, the message line, the description.
  show(id, code, detail = "") {
    const r = this.dom.rows.get(id);
    if (!r) return "";
    const message = messageFor(TABLES, code, this.host.lang, detail);
    r.row.dataset.state = "error";
    r.input.setAttribute("aria-invalid", "true");
    r.msg.textContent = r.desc.textContent = message;
    r.msg.hidden = false;
    r.desc.dataset.code = code;
    return message;
  }

  clear(id) {
    const r = this.dom.rows.get(id);
    if (!r || r.row.dataset.state !== "error") return;
    delete r.row.dataset.state;
    r.input.removeAttribute("aria-invalid");
    r.msg.textContent = "";
    r.msg.hidden = true;
    delete r.desc.dataset.code;
    r.desc.textContent = this.words.hints[id];
  }

  setNotice(text) {
    this.dom.notice.textContent = text;
    this.dom.notice.hidden = !text;
  }

  // The form or its success screen; changing the address, the email rows on the screen.
  screen(registered, changing = false) {
    const d = this.dom;
    for (const [id, r] of d.rows) r.row.hidden = registered && !(changing && (id === "email" || id === "email_confirm"));
    d.intro.hidden = d.submit.hidden = registered;
    if (registered) d.notice.hidden = true;
    d.done.hidden = d.advice.hidden = !registered;
    d.changeIntro.hidden = !changing;
    const offer = registered && !changing && !!this.offer;
    this.button("resend").hidden = !(offer && this.resendUrl);
    this.button("change_email").hidden = !(offer && this.changeUrl);
    this.button("send_to_new").hidden = this.button("cancel_change").hidden = !changing;
  }

  reset() {
    clearTimeout(this.ticking);
    this.offer = null;
    this.screen(false);
    for (const { id } of TABLES.fields) { this.dom.elements.get(id).value = ""; this.clear(id); }
    const box = this.dom.elements.get(TABLES.checkbox.id);
    if (box) { box.checked = false; this.noPatronymic(false); }
    this.setNotice("");
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

  busy(button, on, idle) {
    button.textContent = on ? this.words.sending : idle;
    button.dataset.busy = String(on);
    if (on) button.setAttribute("aria-disabled", "true");
    else button.removeAttribute("aria-disabled");
  }

  async submit() {
    if (this.sending || this.host.dataset.state === "registered") return; // one request at a time
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
      // Look-alikes and keys mapped to the challenge's letters, as the core maps them (issue 24).
      [n.captcha]: { [n.captcha_answer]: captchaInput(this.value("captcha").trim(), this.challenge?.alphabet || "").toUpperCase() },
      [n.last_payment]: kopecks !== null && this.decimal ? kopecksDecimal(kopecks) : kopecks, [n.lang]: this.host.lang,
    };
    if (!this.pictureOnly) payload[n.captcha][n.captcha_token] = this.challenge ? this.challenge.token : "";
    if (Object.keys(local).length) { this.answer(422, { errors: local }, "", false); return; }
    this.sending = true;
    this.host.dataset.state = "sending";
    this.busy(this.dom.submit, true);
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
    this.busy(this.dom.submit, false, this.host.words.register);
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
      this.setNotice(said);
    } else {
      if (!first) said = this.words.fix;
      this.setNotice(this.words.fix);
    }
    h.dataset.state = "ready";
    if (sent) {
      h.dispatchEvent(new CustomEvent("abon-signup:error", { bubbles: true, composed: true, detail: { code, status, fields } }));
      this.dom.elements.get("captcha").value = ""; // a challenge is good for one try
      this.renewCaptcha();
    }
    if (first) this.dom.elements.get(first).focus();
    h.api.announce(said);
  }

  // The success screen: the address, the webmail link, the advice and the sender; with an
  // offer from the 201 and the element's URLs, the resend and change-of-address buttons.
  done(email, offer) {
    const w = this.words;
    const d = this.dom;
    d.doneTitle.textContent = w.doneTitle;
    d.doneAdvice.textContent = w.doneSpam;
    d.doneSender.textContent = w.doneSender.replace("{}", this.sender);
    d.changeIntro.textContent = w.changeIntro;
    this.registeredEmail = email;
    this.offer = offer && (this.resendUrl || this.changeUrl) ? offer : null;
    this.screen(true);
    this.showEmail("");
    this.host.dataset.state = "registered";
    if (this.offer) {
      this.nextAt = performance.now() + this.offer.resendAfter * 1000;
      this.tick();
    }
    this.host.api.announce(`${w.doneTitle} ${w.doneLetter.replace("{}", email)}${this.waitWords()}`);
    d.done.focus();
  }

  // The address the letter went to, its webmail (the core's table, written at build time),
  // and what the last follow-up did.
  showEmail(notice, state = "ok") {
    const d = this.dom;
    d.doneLetter.textContent = this.words.doneLetter.replace("{}", this.registeredEmail);
    const webmail = webmailFor(TABLES, this.registeredEmail);
    this.mailLink.hidden = !webmail;
    if (webmail) Object.assign(this.mailLink, { href: webmail.url, textContent: this.words.openMailbox.replace("{}", webmail.provider) });
    d.doneNotice.textContent = notice;
    d.doneNotice.hidden = !notice;
    d.doneNotice.dataset.state = state;
  }

  openChange(open) {
    if (this.inFlight || !this.offer) return;
    this.screen(true, open);
    if (open) {
      this.dom.elements.get("email").value = this.registeredEmail;
      this.dom.elements.get("email_confirm").value = "";
      this.clear("email");
      this.clear("email_confirm");
      this.dom.doneNotice.hidden = true;
      this.dom.elements.get("email").focus();
    } else {
      this.dom.done.focus();
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
    const [resend, send] = [this.button("resend"), this.button("send_to_new")];
    resend.textContent = this.inFlight ? w.sending : left ? w.resendIn.replace("{}", left) : w.resend;
    resend.disabled = left > 0 || this.inFlight;
    this.button("change_email").textContent = w.changeEmail;
    this.button("cancel_change").textContent = w.cancelChange;
    send.textContent = this.inFlight ? w.sending : left ? w.sendToNewIn.replace("{}", left) : w.sendToNew;
    send.disabled = left > 0 || this.inFlight;
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
      if (code) { this.host.api.announce(this.show("email_confirm", code)); this.dom.elements.get("email_confirm").focus(); return; }
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
      if (changing) this.openChange(false);
      this.showEmail(said);
      said += this.waitWords();
    } else if (reply.email && changing) {
      said = this.show("email", reply.email);
      this.dom.elements.get("email").focus();
    } else if (reply.code === "rate_limited") {
      this.nextAt = performance.now() + reply.retryAfter * 1000; // the countdown says how long
      said = this.waitWords().trim();
    } else {
      said = messageFor(TABLES, reply.code, this.host.lang);
      this.showEmail(said, "error");
      if (reply.code === "registration_not_found" || reply.code === "resend_limit_reached") this.endFollowUp();
    }
    if (this.offer && this.offer.resendsLeft === 0) {
      this.showEmail(`${this.dom.doneNotice.textContent} ${messageFor(TABLES, "resend_limit_reached", this.host.lang)}`.trim(), "error");
      this.endFollowUp();
    }
    this.tick();
    this.host.api.announce(said);
  }

  endFollowUp() {
    this.offer = null;
    this.screen(true);
  }
}
