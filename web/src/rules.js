// web/src/rules.js — the few rules the plain form applies before it sends, as the core
// applies them; every other rule is the server's (it re-validates with the core).
// Pure functions of strings and the generated TABLES (tables.js): no DOM, no globals.
// Each one is proven equal to the core on tests/vectors/ (tests/web/rules.test.mjs
// against the same rows as tests/core/).
//
// - Texts are JS strings; the core reads UTF-8. A string with a lone surrogate has no
//   UTF-8 spelling, so it is "invalid_text" as the core's decode_utf8 says.
// - Errors are the core's ids (abon/errors.hpp); null means accepted.
import { hasOwn } from "./compat.js";

// [SECTION] Characters, as shared/src/utf8.cpp classes them

function isWhiteSpaceCp(cp) { // detail::is_white_space
  return (cp >= 0x09 && cp <= 0x0d) || cp === 0x20 || cp === 0x85 || cp === 0xa0 || cp === 0x1680 ||
    cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000 || (cp >= 0x2000 && cp <= 0x200a);
}

function lowerCp(cp) { // detail::to_lower: ASCII and Cyrillic only
  if (cp >= 0x41 && cp <= 0x5a) return cp + 32;
  if (cp >= 0x410 && cp <= 0x42f) return cp + 32;
  if (cp >= 0x400 && cp <= 0x40f) return cp + 80;
  if (cp >= 0x460 && cp <= 0x4bf && cp % 2 === 0) return cp + 1;
  return cp;
}

// The code points of a well-formed string, or null (a lone surrogate).
function codePointsOf(text) {
  const out = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (cp >= 0xd800 && cp <= 0xdfff) return null;
    out.push(cp);
  }
  return out;
}

function trimWith(cps, isSpace) {
  let b = 0;
  let e = cps.length;
  while (b < e && isSpace(cps[b])) ++b;
  while (e > b && isSpace(cps[e - 1])) --e;
  return cps.slice(b, e);
}

const isDigitCp = (cp) => cp >= 0x30 && cp <= 0x39;

function isInvisibleCp(cp) { // detail::is_invisible
  if (isWhiteSpaceCp(cp)) return false;
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0xad || (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) || cp === 0xfeff ||
    (cp >= 0xfff0 && cp <= 0xffff) || (cp >= 0xe0000 && cp <= 0xe007f);
}

// [SECTION] The CAPTCHA answer (shared/src/captcha.cpp)
// Without an alphabet a Cyrillic letter is the Latin key under it on the Ukrainian layout;
// with the challenge's alphabet, the one member its look-alike (first) or its key gives.
const CAPTCHA_KEYS = ["фисвуапршолдьтщзйкіегмцчняы", "ABCDEFGHIJKLMNOPQRSTUVWXYZS"];
const CAPTCHA_LOOKS = ["авекмнортіушхс", "ABEKMHOPTIYWXC"];

function captchaLetter(cp, alphabet) { // answer_letter: the Latin capital, or ""
  const pick = ([cyr, lat]) => { const at = cyr.indexOf(String.fromCodePoint(lowerCp(cp))); return at < 0 ? "" : lat[at]; };
  let latin = "";
  if (cp >= 0x61 && cp <= 0x7a) latin = String.fromCodePoint(cp - 32);
  else if (cp >= 0x41 && cp <= 0x5a) latin = String.fromCodePoint(cp);
  if (!alphabet) return latin || pick(CAPTCHA_KEYS);
  const member = (l) => l !== "" && alphabet.includes(l);
  if (latin) return member(latin) ? latin : "";
  for (const reading of [pick(CAPTCHA_LOOKS), pick(CAPTCHA_KEYS)]) if (member(reading)) return reading;
  return "";
}

// What the plain form sends for the typed answer (map_captcha_input): every character that
// means a letter becomes it, the rest stays for the server's rule to name.
export function captchaInput(text, alphabet = "") {
  const cps = codePointsOf(String(text));
  if (!cps) return String(text).toUpperCase();
  return cps.map((cp) => captchaLetter(cp, alphabet) || String.fromCodePoint(cp)).join("");
}

// validate_captcha: { value } or { code } (length: the declared one, or null for 1 to
// tables.limits.captcha_max_length).
export function captchaAnswer(tables, text, length = null, alphabet = "") {
  const cps = codePointsOf(String(text));
  if (!cps || cps.some(isInvisibleCp)) return { code: "invalid_text" };
  let value = "";
  for (const cp of cps) {
    if (isWhiteSpaceCp(cp)) continue;
    const letter = captchaLetter(cp, alphabet);
    if (!letter) return { code: "captcha_invalid_chars" };
    value += letter;
  }
  if (value === "") return { code: "required" };
  if (length !== null ? value.length !== Math.max(length, 0) : value.length > tables.limits.captcha_max_length) return { code: "captcha_length" };
  return { value };
}

// [SECTION] The last payment (shared/src/amount.cpp)
// Removes a trailing "грн", "грн." or "₴" (any case, spaces before it) or a leading "₴".
function stripCurrency(cps) {
  let s = trimWith(cps, isWhiteSpaceCp);
  if (s.length && s[0] === 0x20b4) s = trimWith(s.slice(1), isWhiteSpaceCp);
  if (s.length && s[s.length - 1] === 0x20b4) return trimWith(s.slice(0, -1), isWhiteSpaceCp);
  let tail = s;
  if (tail.length && tail[tail.length - 1] === 0x2e) tail = tail.slice(0, -1);
  if (tail.length >= 3) {
    const unit = tail.slice(-3).map(lowerCp);
    if (unit[0] === 0x433 && unit[1] === 0x440 && unit[2] === 0x43d) return trimWith(tail.slice(0, -3), isWhiteSpaceCp); // грн
  }
  return s;
}

// "1 234" or "1234": the hryvnias (saturated far above the limit), or null.
function parseWhole(cps) {
  if (!cps.length) return 0; // ",50" means 0,50
  const saturated = 1e12;
  let out = 0;
  const groups = [0];
  for (const cp of cps) {
    if (isDigitCp(cp)) {
      out = out < saturated ? out * 10 + (cp - 0x30) : saturated;
      ++groups[groups.length - 1];
    } else if (cp === 0x20 || cp === 0xa0 || cp === 0x202f || cp === 0x2009) {
      groups.push(0);
    } else {
      return null;
    }
  }
  if (groups.length === 1) return groups[0] > 0 ? out : null;
  if (groups[0] < 1 || groups[0] > 3) return null;
  return groups.slice(1).every((g) => g === 3) ? out : null;
}

const firstSeparator = (cps) => {
  const i = cps.findIndex((cp) => cp === 0x2c || cp === 0x2e);
  return i < 0 ? cps.length : i;
};

// The amount as the core's validate_amount() reads it: {kopecks} when accepted,
// {code} (its error id) when not. Integers only, never a fraction of a kopeck.
export function amountKopecks(tables, text) {
  const cps = codePointsOf(String(text));
  if (!cps) return { code: "invalid_text" };
  const s = stripCurrency(cps);
  if (!s.length) return { code: "required" };
  if (s[0] === 0x2d || s[0] === 0x2212) { // "-5" is a number, just not a positive one
    const rest = trimWith(s.slice(1), isWhiteSpaceCp);
    return { code: parseWhole(rest.slice(0, firstSeparator(rest))) === null ? "amount_invalid" : "amount_not_positive" };
  }
  const sep = firstSeparator(s);
  const hryvnias = parseWhole(s.slice(0, sep));
  if (hryvnias === null) return { code: "amount_invalid" };
  let kopecks = 0;
  if (sep < s.length) {
    const fraction = s.slice(sep + 1);
    if (sep === 0 && !fraction.length) return { code: "amount_invalid" };
    if (!fraction.every(isDigitCp)) return { code: "amount_invalid" };
    if (fraction.length > 2) return { code: "amount_too_many_decimals" };
    kopecks = ((fraction[0] ?? 0x30) - 0x30) * 10 + ((fraction[1] ?? 0x30) - 0x30);
  }
  const total = hryvnias * 100 + kopecks;
  if (total <= 0) return { code: "amount_not_positive" };
  if (total > tables.limits.amount_max_kopecks) return { code: "amount_too_large" };
  return { kopecks: total };
}

// 123450 → "1234.50", as format_kopecks_decimal() (amount_format "decimal").
export function kopecksDecimal(kopecks) {
  const k = Math.trunc(kopecks);
  const magnitude = Math.abs(k);
  return `${k < 0 ? "-" : ""}${Math.floor(magnitude / 100)}.${String(magnitude % 100).padStart(2, "0")}`;
}

// [SECTION] The account, as the success event names it
// D-DDD-DD-D from the 7 digits of a text the server accepted (validate_account's
// canonical value for every accepted text); anything else as typed, trimmed.
export function accountCanonical(text) {
  const digits = String(text).replace(/[^0-9]/g, "");
  return digits.length === 7 ? `${digits[0]}-${digits.slice(1, 4)}-${digits.slice(4, 6)}-${digits[6]}` : String(text).trim();
}

// [SECTION] The confirmations (validate_password_confirm, validate_email_confirm)
// The password's confirmation: the same text exactly.
export function passwordConfirmCode(password, confirm) {
  if (confirm === "") return "required";
  return confirm === password ? null : "password_mismatch";
}

// Spaces a paste brings along (email.cpp's trim_spaces): no line breaks, tabs or U+0085.
const isEmailTrimmable = (cp) => isWhiteSpaceCp(cp) && cp >= 0x20 && cp !== 0x85;

// local@domain with the domain lower-cased (at the last @), as code points.
function comparableEmail(cps) {
  const at = cps.lastIndexOf(0x40);
  if (at < 0) return cps;
  return cps.slice(0, at + 1).concat(cps.slice(at + 1).map(lowerCp));
}

// The email's confirmation: both trimmed of spaces, the domains compared case-insensitively.
export function emailConfirmCode(email, confirm) {
  const typed = codePointsOf(String(confirm));
  if (!typed) return "invalid_text";
  const got = trimWith(typed, isEmailTrimmable);
  if (!got.length) return "required";
  const first = codePointsOf(String(email));
  if (!first) return "email_mismatch";
  const wanted = comparableEmail(trimWith(first, isEmailTrimmable));
  const have = comparableEmail(got);
  return wanted.length === have.length && wanted.every((cp, i) => cp === have[i]) ? null : "email_mismatch";
}

// [SECTION] Where the password may go (check_endpoint_url)
// https:, a relative URL, or plain http: to localhost, 127.0.0.1 or [::1] only;
// pageOrigin gives a scheme-relative URL its scheme. Returns why the URL is refused
// (English, for the integrator's console), or null when it is fine.
export function endpointRefusal(url, pageOrigin) {
  url = String(url);
  pageOrigin = String(pageOrigin ?? "");
  const lower = (t) => t.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  const why = `the endpoint ${url} is refused: `;
  if (url === "") return `${why}it is empty`;
  for (let i = 0; i < url.length; ++i)
    if (url.charCodeAt(i) <= 0x20) return `${why}it holds a space or a control character`;
  // Browsers read "\\" as "/": "\\evil.example/x" and "/\\evil.example/x" leave the origin.
  if (url.includes("\\")) return `${why}it holds a backslash`;
  const firstOf = (t) => t.search(/[/?#]/); // find_first_of("/?#"), -1 for none
  let scheme;
  let rest;
  if (url.startsWith("//")) {
    const colon = pageOrigin.indexOf(":");
    if (colon < 0) return `${why}the page's scheme is unknown`;
    scheme = lower(pageOrigin.slice(0, colon));
    rest = url.slice(2);
  } else {
    const colon = url.indexOf(":");
    const slash = firstOf(url);
    if (colon < 0 || (slash >= 0 && slash < colon)) return null; // relative: the page's own origin
    scheme = lower(url.slice(0, colon));
    if (url.slice(colon + 1, colon + 3) !== "//") return `${why}only https: (or http: on localhost) is allowed`;
    rest = url.slice(colon + 3);
  }
  if (scheme === "https") return null;
  if (scheme !== "http") return `${why}only https: (or http: on localhost) is allowed`;
  const end = firstOf(rest);
  let host = end < 0 ? rest : rest.slice(0, end);
  host = host.slice(host.lastIndexOf("@") + 1);
  if (host.startsWith("[")) host = host.slice(0, host.indexOf("]") + 1);
  else if (host.includes(":")) host = host.slice(0, host.indexOf(":"));
  const h = lower(host);
  if (h === "localhost" || h === "127.0.0.1" || h === "[::1]") return null;
  return `${why}plain http: sends the password unencrypted; use https:`;
}

// [SECTION] The server's answer (interpret_response), with TABLES from the core
// Retry-After as seconds (0 to tables.limits.retry_after_max), a minute when it is not a
// number of seconds.
export function retryAfterSeconds(tables, header) {
  const text = String(header ?? "");
  if (!/^-?[0-9]+$/.test(text)) return 60;
  const n = Number(text);
  if (n > 2147483647 || n < -2147483648) return 60; // past an int, as from_chars
  if (n < 0) return 60;
  const most = tables.limits.retry_after_max;
  return n > most ? most : n + 0; // + 0: "-0" is 0
}

// An error id the core knows (not "ok"), or null: a server's string is never trusted.
function knownCode(tables, code) {
  return typeof code === "string" && code !== "ok" && hasOwn(tables.words.en.codes, code) ? code : null;
}

// The code of a status without a body: TABLES.statuses holds the core's runs
// [first status, code] over -1 … 999 ("" for a success).
export function statusCode(tables, status) {
  if (!Number.isInteger(status) || status < -1 || status > 999) return "unexpected_response";
  let code = "unexpected_response";
  for (const [first, c] of tables.statuses) {
    if (first > status) break;
    code = c;
  }
  return code;
}

// Which field a 422 names, by id or by its outgoing name (field_for_key); null if none.
function fieldForKey(tables, key, names) {
  for (const f of tables.fields) if (f.id === key) return f.id;
  for (const f of tables.fields)
    for (const slot of f.reply_slots) if (hasOwn(names, slot) && names[slot] === key) return f.id;
  return null;
}

// The core's reader keeps an object's keys sorted by their UTF-8 bytes: code point order.
function byCodePoints(a, b) {
  const x = Array.from(a, (c) => c.codePointAt(0));
  const y = Array.from(b, (c) => c.codePointAt(0));
  for (let i = 0; i < x.length && i < y.length; ++i) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

// The answer as the core reads it: {ok: true} for a success, else {code, fields}: the
// form-level error id ("" when there is none) and {field_id: error_id} in form order.
// body is the parsed JSON (or null); names the outgoing names in use.
export function readReply(tables, status, body, names, redirected = false) {
  if (status === 200 || status === 201 || (redirected && status >= 200 && status <= 299)) return { ok: true };
  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (status !== 422) return { code: statusCode(tables, status), fields: {} }; // the body is not read
  const error = isObject(body) && hasOwn(body, "error") ? body.error : undefined;
  const errors = isObject(body) && hasOwn(body, "errors") ? body.errors : null;
  if (!isObject(errors) || !Object.keys(errors).length)
    return { code: knownCode(tables, error) ?? "unexpected_response", fields: {} };
  let code = "";
  const found = {};
  for (const [key, value] of Object.entries(errors).sort(([a], [b]) => byCodePoints(a, b))) {
    const c = value === "ok" ? "ok" : knownCode(tables, value) ?? "unexpected_response";
    const field = fieldForKey(tables, key, names);
    if (field && c !== "ok") found[field] = c;
    else if (code === "") code = c === "ok" ? "" : c; // a form-level error, or a field not shown
  }
  const fields = {};
  for (const f of tables.fields) if (hasOwn(found, f.id)) fields[f.id] = found[f.id];
  if (Object.values(fields).includes("account_details_mismatch")) code = "account_details_mismatch";
  return { code, fields };
}

// The core's words for a code in lang, "{}" filled with detail; an unknown code (or
// language) gets the words for unexpected_response, never the server's own string.
export function messageFor(tables, code, lang, detail = "") {
  const words = hasOwn(tables.words, lang) ? tables.words[lang] : tables.words.uk;
  const known = knownCode(tables, code) ?? "unexpected_response";
  return words.codes[known].replace("{}", String(detail));
}

// [SECTION] The success screen's webmail link (shared/src/mailbox.cpp, tables.webmail)
// {provider, url} for an address the server accepted, or null: its domain after the last
// "@", trimmed and lower-cased as the core canonicalises it, looked up exactly.
export function webmailFor(tables, email) {
  const cps = typeof email === "string" ? codePointsOf(email) : null;
  if (!cps) return null;
  const text = String.fromCodePoint(...trimWith(cps, isWhiteSpaceCp));
  const at = text.lastIndexOf("@");
  if (at <= 0) return null;
  const domain = String.fromCodePoint(...codePointsOf(text.slice(at + 1)).map(lowerCp));
  const row = tables.webmail.find(([d]) => d === domain);
  return row ? { provider: row[1], url: row[2] } : null;
}

// [SECTION] The success screen's follow-ups (read_offer, interpret_follow_up_response)
const parsed = (text) => { try { return JSON.parse(text); } catch { return null; } };
const inRange = (v, lo, hi) => Number.isInteger(v) && v >= lo && v <= hi;

// The follow-up a 201's text offers ({handle, email, resendAfter, resendsLeft}, email ""
// when not said), or a 200's (withHandle false: no handle); null when unusable or absent.
export function followUpOffer(tables, text, withHandle = true) {
  const j = parsed(text);
  const l = tables.limits;
  if (j === null || typeof j !== "object" || Array.isArray(j)) return null;
  const [shortest, longest] = l.handle_length;
  if (withHandle && !(typeof j.handle === "string" && /^[A-Za-z0-9_-]*$/.test(j.handle) &&
      j.handle.length >= shortest && j.handle.length <= longest)) return null;
  if (!inRange(j.resend_after, 0, l.resend_after_max) || !inRange(j.resends_left, 0, l.resends_left_max)) return null;
  return { handle: withHandle ? j.handle : "", email: typeof j.email === "string" ? j.email : "",
    resendAfter: j.resend_after, resendsLeft: j.resends_left };
}

// A /api/resend or /api/change-email answer: {ok: true, offer} or {code, email, retryAfter}
// (email: the error id a 422 puts at the email field, "" otherwise).
export function followUpReply(tables, status, text, retryAfter) {
  if (status === 200) {
    const offer = followUpOffer(tables, text, false);
    return offer ? { ok: true, offer } : { code: "unexpected_response", email: "", retryAfter: 0 };
  }
  const j = parsed(text);
  const error = j !== null && typeof j === "object" && typeof j.error === "string" ? j.error : "";
  if (status === 404 || (status === 429 && error === "resend_limit_reached")) {
    const code = ["registration_not_found", "resend_limit_reached"].includes(error) ? error : "unexpected_response";
    return { code, email: "", retryAfter: 0 };
  }
  if (status === 201) return { code: "unexpected_response", email: "", retryAfter: 0 };
  const reply = readReply(tables, status, j, tables.names);
  if (reply.fields.email) return { code: "ok", email: reply.fields.email, retryAfter: 0 };
  return { code: reply.code || "unexpected_response", email: "",
    retryAfter: reply.code === "rate_limited" ? retryAfterSeconds(tables, retryAfter) : 0 };
}

// [SECTION] The follow-ups' countdown (FormSession::seconds_left, ui::countdown_words)
// Whole seconds until nextAt (ms), rounded up; 0 once it has passed.
export function secondsLeft(nextAt, now) {
  return now < nextAt ? Math.ceil((nextAt - now) / 1000) : 0;
}

// A follow-up button's words: sending, counting down, or ready (idle, counting: word keys).
export function countdownWords(words, idle, counting, sending, seconds) {
  if (sending) return words.sending;
  return seconds > 0 ? words[counting].replace("{}", String(seconds)) : words[idle];
}

// What the screen reader hears as the countdown starts ("" when none runs).
export function countdownSentence(words, offered, seconds) {
  return offered && seconds > 0 ? words.resendWait.replace("{}", String(seconds)) : "";
}

// [SECTION] The plain form's view: the object wasm/form_view.cpp's layout is, for render.js
// applyView(). s is what the plain driver knows:
//   {lang, phase: "editing"|"sending"|"registered", errors: {field: [code, detail]},
//    notice: the form-level words ("" none), picture: "loading"|"ready"|"failed",
//    audio: the sound's URL ("" none), revealed: {field: true}, patronymicOptional, noPatronymic,
//    done: {email, sender, resend, change (offered), changing, sending, seconds,
//           event: "resent"|"changed"|"", code: why no more letters or why the last ask failed}}
export function plainView(tables, s) {
  const w = hasOwn(tables.words, s.lang) ? tables.words[s.lang] : tables.words.uk;
  const registered = s.phase === "registered";
  const d = s.done || {};
  const fields = {};
  for (const f of tables.fields) {
    const error = hasOwn(s.errors, f.id) ? s.errors[f.id] : null;
    const message = error ? messageFor(tables, error[0], s.lang, error[1] ?? "") : "";
    const hint = w.hints[f.id];
    fields[f.id] = {
      visible: !registered || (!!d.changing && (f.id === "email" || f.id === "email_confirm")),
      disabled: f.optional_with !== "" && !!s.noPatronymic,
      state: error ? "error" : "untouched", code: error ? error[0] : "ok", message,
      description: message ? `${hint}. ${message}` : hint, hint, strength: "", strength_level: "",
    };
  }
  const controls = {};
  const add = (id, kind, label, more) => {
    controls[id] = { kind, visible: true, disabled: false, pressed: false, busy: false, label, ...more };
  };
  if (!registered) {
    for (const f of tables.fields) {
      const shown = !!(s.revealed && s.revealed[f.id]);
      if (f.reveal) add(`reveal:${f.id}`, "reveal", shown ? w.hide : w.show, { field: f.id, pressed: shown });
    }
    add(tables.checkbox.id, "no_patronymic", w.noPatronymic, { visible: !!s.patronymicOptional, pressed: !!s.noPatronymic });
    add("captcha_refresh", "captcha_refresh", w.refresh);
    add("captcha_listen", "captcha_listen", w.listen, { visible: !!s.audio, href: s.audio || "" });
    const busy = s.phase === "sending";
    add("register", "register", busy ? w.sending : w.register, { busy });
  } else {
    const webmail = webmailFor(tables, d.email);
    if (webmail) add("mailbox", "mailbox", w.openMailbox.replace("{}", webmail.provider), { href: webmail.url });
    const seconds = d.seconds || 0;
    const sending = !!d.sending;
    if (d.changing) {
      add("send_to_new", "send_to_new", countdownWords(w, "sendToNew", "sendToNewIn", sending, seconds),
        { disabled: sending || seconds > 0, busy: sending });
      add("cancel_change", "cancel_change", w.cancelChange, { disabled: sending });
    } else {
      if (d.resend) add("resend", "resend", countdownWords(w, "resend", "resendIn", sending, seconds),
        { disabled: sending || seconds > 0, busy: sending });
      if (d.change) add("change_email", "change_email", w.changeEmail, { disabled: sending });
    }
  }
  // What the last follow-up did, then why no more letters come (form_view.cpp done_head()).
  let notice = d.event ? w[d.event].replace("{}", d.email) : "";
  let noticeState = d.event ? "ok" : "";
  if (d.code) {
    notice = [notice, messageFor(tables, d.code, s.lang)].filter(Boolean).join(" ");
    noticeState = d.code === "resend_limit_reached" ? "info" : "error";
  }
  const failed = s.picture === "failed";
  return {
    phase: s.phase, notice: registered ? "" : s.notice || "", captcha: s.picture,
    picture: { label: failed ? w.pictureFailed : w.picture,
      status: s.picture === "ready" ? "" : failed ? w.pictureFailed : w.pictureLoading },
    fields, controls,
    done: registered ? {
      title: w.doneTitle, letter: w.doneLetter.replace("{}", d.email), advice: w.doneSpam, notice,
      notice_state: noticeState, sender: w.doneSender.replace("{}", d.sender),
      change_intro: d.changing ? w.changeIntro : "",
    } : { title: "", letter: "", advice: "", notice: "", notice_state: "", sender: "", change_intro: "" },
  };
}

// [SECTION] The CAPTCHA challenge (parse_captcha_challenge, resolve_captcha_image_url)
const utf8Length = (text) => {
  let n = 0;
  for (const ch of text) { const cp = ch.codePointAt(0); n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }
  return n;
};
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const stringOf = (j, key) => (hasOwn(j, key) && typeof j[key] === "string" ? j[key] : null);
const integerOf = (j, key) => (hasOwn(j, key) && Number.isInteger(j[key]) ? j[key] : null);

// The challenge a GET on the captcha URL answered ({token, image, length, expiresIn, audio,
// alphabet}), or null when it is unusable. audio and alphabet are optional: a malformed one
// is dropped ("").
export function readChallenge(tables, text) {
  const j = parsed(text);
  if (!isObject(j)) return null;
  const token = stringOf(j, "token");
  const image = stringOf(j, "image");
  const length = integerOf(j, "length");
  const expires = integerOf(j, "expires_in");
  const l = tables.limits;
  if (!token || utf8Length(token) > l.challenge_token_max_bytes || !image || utf8Length(image) > l.challenge_url_max_bytes ||
      length === null || length < 1 || length > l.captcha_max_length) return null;
  const audio = stringOf(j, "audio");
  const alphabet = stringOf(j, "alphabet");
  const [fewest, most] = l.captcha_alphabet_length;
  const letters = alphabet !== null && alphabet.length >= fewest && alphabet.length <= most && /^[A-Z]*$/.test(alphabet) &&
    new Set(alphabet).size === alphabet.length;
  const expiresIn = expires !== null && expires > 0 && expires < l.challenge_expires_under ? expires : l.challenge_expires_default;
  return { token, image, length, expiresIn,
    audio: audio && utf8Length(audio) <= l.challenge_url_max_bytes ? audio : "", alphabet: letters ? alphabet : "" };
}

// "scheme://authority" of an absolute URL (lower-case scheme and authority), or "".
function originOf(url) {
  const colon = url.indexOf(":");
  if (colon < 0 || url.slice(colon + 1, colon + 3) !== "//") return "";
  const scheme = url.slice(0, colon).replace(/[A-Z]/g, (c) => c.toLowerCase());
  if (!/^[a-z0-9+.-]*$/.test(scheme)) return "";
  const rest = url.slice(colon + 3);
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  return authority ? `${scheme}://${authority.replace(/[A-Z]/g, (c) => c.toLowerCase())}` : "";
}

// The challenge's picture (or sound) URL resolved against the captcha URL it came from, or
// null unless it has that URL's origin (a relative captcha URL: the page's own, so the
// picture's must be relative too). No spaces, control characters or backslashes.
export function captchaResourceUrl(url, captchaUrl) {
  url = String(url);
  captchaUrl = String(captchaUrl);
  if (url === "") return null;
  for (let i = 0; i < url.length; ++i) {
    const c = url.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x5c) return null;
  }
  const base = originOf(captchaUrl);
  if (base && !base.startsWith("http://") && !base.startsWith("https://")) return null;
  const basePath = base ? captchaUrl.slice(base.length) : captchaUrl;
  let resolved;
  const colon = url.indexOf(":");
  const firstOf = url.search(/[/?#]/);
  if (url.startsWith("//")) {
    if (!base) return null;
    resolved = base.slice(0, base.indexOf("//")) + url;
  } else if (colon >= 0 && (firstOf < 0 || colon < firstOf)) {
    if (!base) return null; // a scheme of its own is never the page's origin
    resolved = url;
  } else if (url[0] === "/") {
    resolved = base + url;
  } else { // relative to the captcha URL's folder
    const q = basePath.search(/[?#]/);
    const path = q < 0 ? basePath : basePath.slice(0, q);
    resolved = base + basePath.slice(0, path.lastIndexOf("/") + 1) + url;
  }
  return originOf(resolved) === base ? resolved : null;
}

// [SECTION] The integrator's config (parse_widget_config)
// {config} with every key resolved, or {error} (English, for the console): a bad config is
// refused whole, as the core refuses it, and the widget then runs on the defaults. The
// sender's address is checked for its shape only (one "@", no space, a dot in the domain):
// the core's whole email rule is not here (README, "What stands twice").
export function readConfig(tables, text) {
  const refuse = (error) => ({ error });
  const j = parsed(String(text));
  if (!isObject(j)) return refuse("config: not a JSON object");
  const c = { apostrophe: "\u02bc", patronymic_optional: false, captcha_length: 0,
    request_timeout_ms: tables.config.request_timeout_ms, encoding: "json", amount_format: "kopecks",
    captcha_mode: "challenge", sender: tables.sender, field_names: { ...tables.names } };
  if (hasOwn(j, "apostrophe")) {
    if (typeof j.apostrophe !== "string") return refuse("config: apostrophe must be a string");
    if (!["\u02bc", "\u2019", "'"].includes(j.apostrophe)) return refuse("config: apostrophe must be U+02BC, U+2019 or U+0027");
    c.apostrophe = j.apostrophe;
  }
  if (hasOwn(j, "patronymic_optional")) {
    if (typeof j.patronymic_optional !== "boolean") return refuse("config: patronymic_optional must be true or false");
    c.patronymic_optional = j.patronymic_optional;
  }
  if (hasOwn(j, "captcha_length")) {
    const l = integerOf(j, "captcha_length");
    const most = tables.limits.captcha_max_length;
    if (l === null || l < 1 || l > most) return refuse(`config: captcha_length must be an integer from 1 to ${most}`);
    c.captcha_length = l;
  }
  if (hasOwn(j, "request_timeout_ms")) {
    const t = integerOf(j, "request_timeout_ms");
    const [lo, hi] = tables.config.request_timeout_range;
    if (t === null || t < lo || t > hi) return refuse(`config: request_timeout_ms must be an integer from ${lo} to ${hi}`);
    c.request_timeout_ms = t;
  }
  // The classic endpoint's keys each take one of two words; the first is the default.
  for (const [key, first, second] of [["encoding", "json", "form"], ["amount_format", "kopecks", "decimal"],
    ["captcha_mode", "challenge", "image"]]) {
    if (!hasOwn(j, key)) continue;
    if (j[key] !== first && j[key] !== second) return refuse(`config: ${key} must be "${first}" or "${second}"`);
    c[key] = j[key];
  }
  if (c.amount_format === "decimal") c.field_names = { ...tables.decimal_names };
  if (hasOwn(j, "sender")) {
    const address = typeof j.sender === "string" ? emailCanonical(j.sender) : null;
    if (address === null || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) return refuse("config: sender must be an email address");
    c.sender = address;
  }
  if (hasOwn(j, "field_names")) {
    if (!isObject(j.field_names)) return refuse("config: field_names must be an object");
    for (const key of Object.keys(j.field_names).sort(byCodePoints)) {
      if (!hasOwn(c.field_names, key)) return refuse(`config: field_names has an unknown key: ${key}`);
      const name = j.field_names[key];
      if (typeof name !== "string" || name === "" || utf8Length(name) > 64) return refuse(`config: field_names.${key} must be a non-empty string`);
      c.field_names[key] = name;
    }
  }
  return { config: c };
}

// [SECTION] The success event's details (success_event)
// An address the server accepted as the core writes it: trimmed of the spaces a paste
// brings, its domain lower-cased; null for a text with no UTF-8 spelling.
export function emailCanonical(text) {
  const cps = codePointsOf(String(text));
  return cps ? String.fromCodePoint(...comparableEmail(trimWith(cps, isEmailTrimmable))) : null;
}

// {account, email} of abon-signup:success: the canonical account, and the address the
// letter went to as the server's 201 says it (offerEmail), else the typed one made canonical.
export function successDetail(account, email, offerEmail = "") {
  return { account: accountCanonical(account), email: offerEmail || emailCanonical(email) || "" };
}
