// The plain form's JS rules (web/src/rules.js) against the vectors the core's Catch2 tests
// read (tests/vectors/), row for row, and the generated TABLES (ABON_TABLES: the native
// build's wasm/generated/tables.js, written by abon-tables from the core).
//   ABON_TABLES=build/native/wasm/generated/tables.js node --test tests/web/rules.test.mjs
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

import {
  accountCanonical, amountKopecks, captchaAnswer, captchaInput, emailConfirmCode, endpointRefusal, kopecksDecimal, messageFor, passwordConfirmCode, readReply,
  retryAfterSeconds, statusCode, followUpOffer, followUpReply, webmailFor, readConfig, readChallenge, captchaResourceUrl,
  successDetail, emailCanonical, secondsLeft, countdownWords, countdownSentence, plainView,
} from "../../web/src/rules.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const vectors = (name) => JSON.parse(readFileSync(path.join(ROOT, "tests/vectors", name), "utf8"));
const tablesPath = process.env.ABON_TABLES || path.join(ROOT, "build/native/wasm/generated/tables.js");
const { TABLES } = await import(pathToFileURL(tablesPath).href);

test("amount.json: the text → kopecks or the core's error id, row for row", (t) => {
  const doc = vectors("amount.json");
  for (const row of doc.valid) {
    assert.deepEqual(amountKopecks(TABLES, row.input), { kopecks: row.value }, `${row.note}: ${JSON.stringify(row.input)}`);
    const decimal = kopecksDecimal(row.value); // what amount_format "decimal" sends
    assert.match(decimal, /^\d+\.\d\d$/);
    assert.deepEqual(amountKopecks(TABLES, decimal), { kopecks: row.value }, decimal);
  }
  for (const row of doc.invalid)
    assert.deepEqual(amountKopecks(TABLES, row.input), { code: row.code }, `${row.note}: ${JSON.stringify(row.input)}`);
  t.diagnostic(`amount.json: ${doc.valid.length + doc.invalid.length} rows`);
});

test("amount: what the old plain form let through is refused as the core refuses it", () => {
  for (const text of ["12 34", "12 uah", "1₴2"]) assert.deepEqual(amountKopecks(TABLES, text), { code: "amount_invalid" }, text);
  assert.deepEqual(amountKopecks(TABLES, "12\ud800"), { code: "invalid_text" }, "a lone surrogate has no UTF-8");
  assert.equal(kopecksDecimal(5), "0.05");
});

test("captcha.json: the answer → its letters or the core's error id, row for row (issue 24: the alphabet's mapping)", (t) => {
  const doc = vectors("captcha.json");
  const args = (row) => [row.config?.captcha_length ?? null, row.config?.captcha_alphabet ?? ""];
  for (const row of doc.valid) {
    assert.deepEqual(captchaAnswer(TABLES, row.input, ...args(row)), { value: row.value }, `${row.note}: ${JSON.stringify(row.input)}`);
    // What the plain form sends maps to the same letters (the server re-checks with the core).
    const sent = captchaInput(row.input, args(row)[1]).replace(/\s/g, "").toUpperCase();
    assert.equal(sent, row.value, `sent for ${row.note}`);
  }
  for (const row of doc.invalid)
    assert.deepEqual(captchaAnswer(TABLES, row.input, ...args(row)), { code: row.code }, `${row.note}: ${JSON.stringify(row.input)}`);
  assert.equal(captchaInput("МАКЕР", "ABCEGKMNPUWXZ"), "MAKEP");
  assert.equal(captchaInput("МАКЕР"), "VFRTH", "without an alphabet: the keys");
  t.diagnostic(`captcha.json: ${doc.valid.length + doc.invalid.length} rows`);
});

test("account.json: the success event's account is the core's canonical value, row for row", (t) => {
  const doc = vectors("account.json");
  for (const row of doc.valid) assert.equal(accountCanonical(row.input), row.value, JSON.stringify(row.input));
  t.diagnostic(`account.json: ${doc.valid.length} valid rows`);
});

test("confirmation.json: each confirmation against its pair, row for row", (t) => {
  const doc = vectors("confirmation.json");
  const check = { password_confirm: passwordConfirmCode, email_confirm: emailConfirmCode };
  const pair = { password_confirm: "password", email_confirm: "email" };
  for (const row of [...doc.valid, ...doc.invalid])
    assert.equal(check[row.field](row[pair[row.field]], row.input), row.code ?? null, `${row.field}, ${row.note}`);
  assert.equal(emailConfirmCode("taras@ukr.net", "taras@ukr.net\ud800"), "invalid_text");
  t.diagnostic(`confirmation.json: ${doc.valid.length + doc.invalid.length} rows`);
});

test("endpoint.json: the register and CAPTCHA URLs, row for row", (t) => {
  const doc = vectors("endpoint.json");
  for (const row of doc.allowed) assert.equal(endpointRefusal(row.input, row.page_origin), null, `${row.note}: ${row.input}`);
  for (const row of doc.refused)
    assert.equal(endpointRefusal(row.input, row.page_origin), `the endpoint ${row.input} is refused: ${row.reason}`, row.note);
  t.diagnostic(`endpoint.json: ${doc.allowed.length + doc.refused.length} rows`);
});

test("reply.json: each status and body read as the core reads them, row for row", (t) => {
  const doc = vectors("reply.json");
  for (const row of doc.rows) {
    let body = null;
    try { body = JSON.parse(row.body); } catch { body = null; }
    const names = { ...TABLES.names, ...(row.names || {}) };
    const got = readReply(TABLES, row.status, body, names, row.redirected === true);
    if (row.success) assert.deepEqual(got, { ok: true }, row.note);
    else assert.deepEqual(got, { code: row.code, fields: row.fields }, row.note);
    if ("retry_after_seconds" in row) assert.equal(retryAfterSeconds(TABLES, row.retry_after), row.retry_after_seconds, row.note);
  }
  t.diagnostic(`reply.json: ${doc.rows.length} rows`);
});

test("messageFor: the core's words, and unexpected_response's for any code it does not know", () => {
  const words = TABLES.words;
  assert.equal(messageFor(TABLES, "amount_invalid", "uk"), words.uk.codes.amount_invalid);
  assert.equal(messageFor(TABLES, "rate_limited", "en", 7), words.en.codes.rate_limited.replace("{}", "7"));
  for (const code of ["__proto__", "constructor", "toString", "hasOwnProperty", "ok", "no_such_code", 5, null, undefined])
    assert.equal(messageFor(TABLES, code, "uk"), words.uk.codes.unexpected_response, String(code));
  assert.equal(messageFor(TABLES, "required", "__proto__"), words.uk.codes.required, "an unknown language is Ukrainian");
  assert.equal(statusCode(TABLES, 1.5), "unexpected_response");
  assert.equal(statusCode(TABLES, 1000), "unexpected_response");
});

test("TABLES: the schema the core wrote, in form order", () => {
  assert.deepEqual(TABLES.fields.map((f) => f.id), ["surname", "given_name", "patronymic", "account", "password",
    "password_confirm", "email", "email_confirm", "captcha", "last_payment"]);
  for (const f of TABLES.fields) {
    assert.equal(f.required, true, f.id);
    assert.ok(Object.hasOwn(TABLES.words.uk.labels, f.id) && Object.hasOwn(TABLES.words.en.hints, f.id), f.id);
  }
  assert.deepEqual(TABLES.fields.filter((f) => f.optional_with).map((f) => f.id), ["patronymic"]);
  assert.equal(TABLES.names.last_payment, "last_payment_kopecks");
  assert.equal(TABLES.decimal_names.last_payment, "last_payment");
});

// The lead bundles web/src/*.js into the loader by dropping `export ` and sibling imports.
test("web/src/rules.js bundles: top-level export function/const only, sibling imports only", () => {
  const source = readFileSync(path.join(ROOT, "web/src/rules.js"), "utf8");
  for (const line of source.split("\n")) {
    if (/^\s*export\b/.test(line)) assert.match(line, /^export (function|const) /, line);
    if (/^\s*import\b/.test(line)) assert.match(line, /^import \{[^}]+\} from "\.\/[a-z_]+\.js";$/, line);
  }
  assert.doesNotMatch(source, /\bexport default\b|\bdocument\b|\bwindow\b|\blocation\b/);
});

test("mailbox.json: the success screen's webmail link, row for row, from the core's table", (t) => {
  const doc = vectors("mailbox.json");
  for (const row of doc.rows) assert.equal(webmailFor(TABLES, row.email)?.url ?? null, row.url, JSON.stringify(row.email));
  assert.ok(TABLES.webmail.length >= 20, "the whole table was written");
  assert.equal(TABLES.sender, "noreply@te.pl.ua");
  t.diagnostic(`mailbox.json: ${doc.rows.length} rows`);
});

test("follow_up.json: the 201's offer and the follow-up answers, row for row", (t) => {
  const doc = vectors("follow_up.json");
  for (const row of doc.offers) {
    const offer = followUpOffer(TABLES, row.body);
    assert.equal(offer !== null, row.offer, row.note);
    if (offer) assert.deepEqual([offer.resendAfter, offer.resendsLeft], [row.resend_after, row.resends_left], row.note);
  }
  for (const row of doc.replies) {
    const r = followUpReply(TABLES, row.status, row.body, row.retry_after);
    const kind = r.ok ? "success" : r.email ? "field_errors" : "failure";
    assert.equal(kind, row.kind, row.note);
    assert.equal(r.ok ? "ok" : r.code, row.code, row.note);
    if (row.retry_after_seconds !== undefined) assert.equal(r.retryAfter, row.retry_after_seconds, row.note);
    if (row.email) assert.equal(r.email, row.email, row.note);
    if (row.resends_left !== undefined) assert.equal(r.offer.resendsLeft, row.resends_left, row.note);
  }
  t.diagnostic(`follow_up.json: ${doc.offers.length + doc.replies.length} rows`);
});

// Issue 23: every decision of the plain driver, on the rows the core's Catch2 tests read.
test("config.json: a config is read as the core reads it, or refused whole with its words", (t) => {
  const doc = vectors("config.json");
  for (const row of doc.accepted) {
    const r = readConfig(TABLES, row.text);
    assert.equal(r.error, undefined, `${row.note}: ${r.error}`);
    for (const [key, want] of Object.entries(row.config)) {
      if (key === "field_names") for (const [slot, name] of Object.entries(want)) assert.equal(r.config.field_names[slot], name, `${row.note}: ${slot}`);
      else assert.deepEqual(r.config[key], want, `${row.note}: ${key}`);
    }
  }
  for (const row of doc.refused) assert.deepEqual(readConfig(TABLES, row.text), { error: row.error }, row.note);
  t.diagnostic(`config.json: ${doc.accepted.length + doc.refused.length} rows`);
});

test("challenge.json: the challenge as the core reads it, its picture from the captcha URL's origin only", (t) => {
  const doc = vectors("challenge.json");
  for (const row of doc.challenges) {
    const c = readChallenge(TABLES, row.body);
    const want = row.challenge && { token: row.challenge.token, image: row.challenge.image, length: row.challenge.length,
      expiresIn: row.challenge.expires_in, audio: row.challenge.audio, alphabet: row.challenge.alphabet };
    assert.deepEqual(c, want, row.note);
  }
  for (const row of doc.urls) assert.equal(captchaResourceUrl(row.url, row.captcha_url), row.resolved, row.note);
  t.diagnostic(`challenge.json: ${doc.challenges.length + doc.urls.length} rows`);
});

test("events.json: the success event names the canonical account and the letter's address", (t) => {
  const doc = vectors("events.json");
  for (const row of doc.success) {
    const offer = followUpOffer(TABLES, row.body);
    assert.deepEqual(successDetail(row.account, row.email, offer ? offer.email : ""), row.detail, row.note);
  }
  t.diagnostic(`events.json: ${doc.success.length} rows`);
});

test("email.json: an accepted address is written as the core writes it", () => {
  for (const row of vectors("email.json").valid) assert.equal(emailCanonical(row.input), row.value, row.note ?? row.input);
});

test("follow_up.json: the countdown, its sentence and the buttons' words", (t) => {
  const doc = vectors("follow_up.json");
  for (const row of doc.countdown) {
    const left = secondsLeft(1000 + row.resend_after * 1000, 1000 + row.elapsed_ms); // registered at 1000 ms
    assert.equal(left, row.seconds_left, row.note);
    assert.equal(countdownSentence(TABLES.words.uk, true, left), row.wait, row.note);
  }
  for (const row of doc.countdown_words) {
    const w = TABLES.words[row.lang];
    assert.equal(countdownWords(w, "resend", "resendIn", row.sending, row.seconds_left), row.resend, row.note);
    assert.equal(countdownWords(w, "sendToNew", "sendToNewIn", row.sending, row.seconds_left), row.send_to_new, row.note);
  }
  t.diagnostic(`follow_up.json: ${doc.countdown.length + doc.countdown_words.length} countdown rows`);
});

// The view the plain driver hands render.js: the words and states the module's layout gives.
test("plainView: the module's layout's words and states, from the core's tables", () => {
  const uk = TABLES.words.uk;
  const base = { lang: "uk", phase: "editing", errors: {}, notice: "", picture: "loading", audio: "", revealed: {},
    patronymicOptional: false, noPatronymic: false };
  const v = plainView(TABLES, base);
  assert.equal(v.controls.register.label, uk.register);
  assert.equal(plainView(TABLES, { ...base, phase: "sending" }).controls.register.label, uk.sending);
  assert.equal(plainView(TABLES, { ...base, phase: "sending" }).controls.register.busy, true);
  assert.deepEqual(v.picture, { label: uk.picture, status: uk.pictureLoading });
  assert.deepEqual(plainView(TABLES, { ...base, picture: "failed" }).picture, { label: uk.pictureFailed, status: uk.pictureFailed });
  assert.deepEqual(plainView(TABLES, { ...base, picture: "ready" }).picture, { label: uk.picture, status: "" });
  assert.deepEqual(Object.keys(v.controls).filter((id) => id.startsWith("reveal:")),
    TABLES.fields.filter((f) => f.reveal).map((f) => `reveal:${f.id}`));
  const shown = plainView(TABLES, { ...base, revealed: { password: true } }).controls["reveal:password"];
  assert.deepEqual([shown.label, shown.pressed], [uk.hide, true]);
  assert.equal(v.controls.no_patronymic.visible, false, "only where the config allows it");
  assert.equal(v.controls.captcha_listen.visible, false);
  const wrong = plainView(TABLES, { ...base, errors: { account: ["account_digit_count", ""] } }).fields.account;
  assert.equal(wrong.state, "error");
  assert.equal(wrong.description, `${uk.hints.account}. ${messageFor(TABLES, "account_digit_count", "uk")}`);
  assert.equal(v.fields.account.description, uk.hints.account);

  const done = { email: "taras@ukr.net", sender: "noreply@te.pl.ua", resend: true, change: true, changing: false,
    sending: false, seconds: 42, event: "", code: "" };
  const r = plainView(TABLES, { ...base, phase: "registered", done });
  assert.deepEqual(Object.keys(r.controls).sort(), ["change_email", "mailbox", "resend"]);
  assert.equal(r.controls.resend.label, uk.resendIn.replace("{}", "42"));
  assert.equal(r.controls.resend.disabled, true);
  assert.equal(r.fields.surname.visible, false);
  const changing = plainView(TABLES, { ...base, phase: "registered", done: { ...done, changing: true, seconds: 0 } });
  assert.deepEqual(Object.keys(changing.controls).sort(), ["cancel_change", "mailbox", "send_to_new"]);
  assert.deepEqual(["email", "email_confirm"], Object.keys(changing.fields).filter((id) => changing.fields[id].visible));
  const last = plainView(TABLES, { ...base, phase: "registered", done: { ...done, event: "resent", code: "resend_limit_reached" } });
  assert.equal(last.done.notice, `${uk.resent.replace("{}", "taras@ukr.net")} ${messageFor(TABLES, "resend_limit_reached", "uk")}`);
  assert.equal(last.done.notice_state, "info");
});
