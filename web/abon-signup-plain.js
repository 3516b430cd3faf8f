// abon-signup-plain.js — the driver of the loader's DOM form where the browser has no
// WebAssembly (plain mode): the same elements, checked by the server instead of the core.
// The loader (web/src/element.js) imports it only then.
// Its rules (web/src/rules.js), the support floor's helpers (web/src/compat.js), the apply
// function of every rendering (web/src/render.js) and its tables (TABLES, written from the
// core by wasm/tools/tables.cpp) are put in by the build in place of the markers below.

// [SECTION] Without WebAssembly: the DOM form, checked by the server
// The loader's DomForm (web/src/form.js) with its events sent here instead of to the core;
// the same payload. The rules live in the core, which is not here: the server re-validates every
// request and its 422 answers are shown at the fields with the core's own message for
// each code. Every decision this driver makes is a function of rules.js (proven equal to the
// core on tests/vectors/ by tests/web/): what it sends, how it reads answers, config and
// challenges, and the view it shows (plainView(), applied by render.js as the module's
// layout is). What is left here is DOM and network work.
/*@compat@*/
/*@rules@*/
/*@render@*/
/*@tables@*/

export class PlainForm {
  // host: the <abon-signup> element, its DOM form built (host.dom); helpers: {mark(name)}.
  constructor(host, configText, helpers) {
    this.helpers = helpers;
    this.host = host;
    this.dom = host.dom;
    this.words = TABLES.words[host.lang];
    const read = configText ? readConfig(TABLES, configText) : readConfig(TABLES, "{}");
    if (read.error) console.warn(`abon-signup: ${read.error} (using the defaults)`);
    this.config = read.config || readConfig(TABLES, "{}").config;
    this.pictureNonce = Date.now();
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
    // What the view is made of (rules.js plainView()).
    this.state = { lang: host.lang, phase: "editing", errors: {}, notice: "", picture: "loading", audio: "",
      revealed: {}, patronymicOptional: this.config.patronymic_optional, noPatronymic: false };
    this.offer = null;
    this.changing = false;
    this.inFlight = false;
    this.event = "";
    this.followCode = "";
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
    // The picture comes as a PNG: an <img> in the 2D canvas's place.
    const img = document.createElement("img");
    Object.assign(img, { className: "image", width: TABLES.theme["picture-width"], height: TABLES.theme["picture-height"], alt: this.words.picture });
    d.picture.replaceWith(img);
    d.picture = img;
    const box = d.elements.get(TABLES.checkbox.id); // ticked again by a restore (remember.js): only where allowed
    this.noPatronymic(!!box && box.checked && this.config.patronymic_optional);
    this.renewCaptcha();
    this.host.dataset.mode = "plain";
    this.host.dataset.state = "ready";
    this.helpers.mark("ready");
  }

  // The view of what this driver knows, applied as the module's layout is.
  render() {
    const offered = !!this.offer && this.offer.resendsLeft > 0;
    const done = this.state.phase !== "registered" ? null : {
      email: this.registeredEmail, sender: this.config.sender, changing: this.changing && offered && !!this.changeUrl,
      resend: offered && !!this.resendUrl, change: offered && !!this.changeUrl, sending: this.inFlight,
      seconds: offered ? secondsLeft(this.nextAt, performance.now()) : 0, event: this.event,
      code: this.followCode || (this.offer && this.offer.resendsLeft === 0 ? "resend_limit_reached" : ""),
    };
    applyView(this.dom, plainView(TABLES, { ...this.state, done }));
  }

  press(id) {
    if (id.startsWith("reveal:")) {
      const field = id.slice("reveal:".length);
      this.state.revealed[field] = !this.state.revealed[field];
      this.render();
      return;
    }
    const act = { captcha_refresh: () => this.renewCaptcha(), resend: () => this.send(false),
      change_email: () => this.openChange(true), send_to_new: () => this.send(true),
      cancel_change: () => this.openChange(false) }[id];
    if (act) act();
  }

  noPatronymic(on) {
    const patronymic = this.dom.elements.get("patronymic");
    patronymic.required = !on; // optional only with the box ticked, as the core says
    this.state.noPatronymic = on;
    if (on) { patronymic.value = ""; delete this.state.errors.patronymic; }
    this.render();
  }

  pictureState(state) {
    this.state.picture = state;
    this.host.dataset.captcha = state;
    this.render();
  }

  async renewCaptcha() {
    this.challenge = null;
    this.state.audio = "";
    this.pictureState("loading");
    const picture = this.dom.picture;
    if (this.config.captcha_mode === "image") { this.renewPicture(); return; }
    try {
      const r = await fetch(this.captchaUrl, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" });
      const c = r.ok ? readChallenge(TABLES, await r.text()) : null;
      // The picture and the sound only from the captcha URL's origin (the core's rule).
      const image = c && captchaResourceUrl(c.image, this.captchaUrl);
      if (!image) throw new Error(`captcha ${r.status}`);
      await new Promise((resolve, reject) => {
        picture.onload = resolve;
        picture.onerror = reject;
        picture.src = image;
      });
      this.challenge = c;
      this.state.audio = (c.audio && captchaResourceUrl(c.audio, this.captchaUrl)) || "";
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
    picture.onload = () => { this.challenge = { token: "", alphabet: "", length: this.config.captcha_length || null }; this.pictureState("ready"); };
    picture.onerror = () => this.pictureState("failed");
    picture.src = url.href;
  }

  value(id) {
    const input = this.dom.elements.get(id);
    return input && !input.disabled ? input.value : "";
  }

  // A field's error as every rendering shows it; returns its message.
  show(id, code, detail = "") {
    this.state.errors[id] = [code, detail];
    this.render();
    this.dom.rows.get(id).desc.dataset.code = code;
    return messageFor(TABLES, code, this.host.lang, detail);
  }

  clear(id) {
    if (!this.state.errors[id]) return;
    delete this.state.errors[id];
    delete this.dom.rows.get(id).desc.dataset.code;
    this.render();
  }

  reset() {
    clearTimeout(this.ticking);
    this.offer = null;
    this.changing = false;
    this.event = this.followCode = "";
    for (const { id } of TABLES.fields) { this.dom.elements.get(id).value = ""; this.clear(id); }
    Object.assign(this.state, { phase: "editing", notice: "", revealed: {} });
    this.noPatronymic(false);
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
    if (this.state.phase !== "editing") return; // one request at a time
    const n = this.config.field_names;
    const local = {};
    const passwordCheck = passwordConfirmCode(this.value("password"), this.value("password_confirm"));
    if (passwordCheck) local.password_confirm = passwordCheck;
    const emailCheck = emailConfirmCode(this.value("email"), this.value("email_confirm"));
    if (emailCheck) local.email_confirm = emailCheck;
    const amount = amountKopecks(TABLES, this.value("last_payment")); // nothing the core would refuse is sent
    if (amount.code) local.last_payment = amount.code;
    const kopecks = amount.code ? null : amount.kopecks;
    const decimal = this.config.amount_format === "decimal";
    const payload = {
      [n.surname]: this.value("surname"), [n.given_name]: this.value("given_name"), [n.patronymic]: this.value("patronymic"),
      [n.account]: this.value("account").trim(), [n.password]: this.value("password"), [n.email]: this.value("email").trim(),
      // Look-alikes and keys mapped to the challenge's letters, as the core maps them (issue 24).
      [n.captcha]: { [n.captcha_answer]: captchaInput(this.value("captcha").trim(), this.challenge?.alphabet || "").toUpperCase() },
      [n.last_payment]: kopecks !== null && decimal ? kopecksDecimal(kopecks) : kopecks, [n.lang]: this.host.lang,
    };
    if (this.config.captcha_mode !== "image") payload[n.captcha][n.captcha_token] = this.challenge ? this.challenge.token : "";
    if (Object.keys(local).length) { this.answer(422, { errors: local }, "", false); return; }
    this.state.phase = "sending";
    this.host.dataset.state = "sending";
    this.render();
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; abort.abort(); }, this.config.request_timeout_ms);
    let status = 0;
    let body = null;
    let retryAfter = "";
    const [type, text] = this.config.encoding === "form" ? ["application/x-www-form-urlencoded", PlainForm.formBody(payload)]
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
    this.state.phase = "editing";
    this.answer(status, body, retryAfter, true);
  }

  // The answer as the core reads it (readReply): a server's string is never shown or
  // looked up as it is, only as one of the core's codes.
  answer(status, body, retryAfter, sent) {
    const h = this.host;
    const reply = readReply(TABLES, status, body, this.config.field_names);
    if (reply.ok) {
      const offer = followUpOffer(TABLES, this.answerText || "");
      const detail = successDetail(this.value("account"), this.value("email"), offer ? offer.email : "");
      this.done(detail.email, offer);
      h.dispatchEvent(new CustomEvent("abon-signup:success", { bubbles: true, composed: true, detail }));
      return;
    }
    const fields = reply.fields;
    this.state.errors = {};
    for (const { id } of TABLES.fields) delete this.dom.rows.get(id).desc.dataset.code;
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
      said = messageFor(TABLES, reply.code, h.lang, reply.code === "rate_limited" ? retryAfterSeconds(TABLES, retryAfter) : "");
      this.state.notice = said;
    } else {
      if (!first) said = this.words.fix;
      this.state.notice = this.words.fix;
    }
    this.render();
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
    this.registeredEmail = email;
    this.offer = offer && (this.resendUrl || this.changeUrl) ? offer : null;
    this.state.phase = "registered";
    this.host.dataset.state = "registered";
    if (this.offer) this.nextAt = performance.now() + this.offer.resendAfter * 1000;
    this.tick();
    this.host.api.announce(`${w.doneTitle} ${w.doneLetter.replace("{}", email)}${this.waitWords()}`);
    this.dom.done.focus();
  }

  waitWords() {
    const said = countdownSentence(this.words, !!this.offer && this.offer.resendsLeft > 0, secondsLeft(this.nextAt, performance.now()));
    return said ? ` ${said}` : "";
  }

  openChange(open) {
    if (this.inFlight || !this.offer) return;
    this.changing = open;
    this.event = this.followCode = "";
    if (open) {
      this.dom.elements.get("email").value = this.registeredEmail;
      this.dom.elements.get("email_confirm").value = "";
      delete this.state.errors.email;
      delete this.state.errors.email_confirm;
    }
    this.render();
    if (open) this.dom.elements.get("email").focus();
    else this.dom.done.focus();
  }

  // The view again at the countdown's next second, until it is done.
  tick() {
    clearTimeout(this.ticking);
    this.render();
    if (!this.offer) return;
    const left = secondsLeft(this.nextAt, performance.now());
    if (left > 0) {
      this.waiting = true;
      this.ticking = setTimeout(() => this.tick(), this.nextAt - performance.now() - (left - 1) * 1000 + 1);
    } else if (this.waiting && !this.inFlight) {
      this.waiting = false;
      this.host.api.announce(this.words.resendReady); // once, as the button is enabled
    }
  }

  // POST the handle (and, changing, the new address) to its URL; read the answer as the core does.
  async send(changing) {
    if (this.inFlight || !this.offer || secondsLeft(this.nextAt, performance.now()) > 0) return;
    const w = this.words;
    const email = this.value("email").trim();
    if (changing) {
      const code = emailConfirmCode(email, this.value("email_confirm"));
      delete this.state.errors.email_confirm;
      if (code) { this.host.api.announce(this.show("email_confirm", code)); this.dom.elements.get("email_confirm").focus(); return; }
    }
    this.inFlight = true;
    this.event = this.followCode = "";
    this.tick();
    const body = JSON.stringify(changing ? { handle: this.offer.handle, email } : { handle: this.offer.handle });
    let status = 0;
    let text = "";
    let retryAfter = "";
    try {
      const r = await fetch(changing ? this.changeUrl : this.resendUrl, { method: "POST", body, credentials: "same-origin",
        cache: "no-store", headers: { "Content-Type": "application/json", Accept: "application/json" },
        signal: AbortSignal.timeout ? AbortSignal.timeout(this.config.request_timeout_ms) : undefined });
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
      this.registeredEmail = reply.offer.email || (changing ? emailCanonical(email) : this.registeredEmail);
      this.event = changing ? "changed" : "resent";
      this.changing = false;
      said = w[this.event].replace("{}", this.registeredEmail);
      if (this.offer.resendsLeft === 0) said += ` ${messageFor(TABLES, "resend_limit_reached", this.host.lang)}`;
      said += this.waitWords();
      if (changing) this.dom.done.focus();
    } else if (reply.email && changing) {
      said = this.show("email", reply.email);
      this.dom.elements.get("email").focus();
    } else if (reply.code === "rate_limited") {
      this.nextAt = performance.now() + reply.retryAfter * 1000; // the countdown says how long
      said = this.waitWords().trim();
    } else {
      said = messageFor(TABLES, reply.code, this.host.lang);
      this.followCode = reply.code;
      if (reply.code === "registration_not_found" || reply.code === "resend_limit_reached") {
        this.offer = null; // no more follow-ups
        this.changing = false;
      }
    }
    this.tick();
    this.host.api.announce(said);
  }
}
