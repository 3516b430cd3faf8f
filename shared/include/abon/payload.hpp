// abon/payload.hpp — what the widget sends and how it reads the answer (spec §4).
//
// - Outgoing field names are configuration (OutgoingNames), so the widget fits the
//   existing server; the defaults are spec §4's.
// - interpret_response() turns any status and body into one ServerReply; it never throws.
// - A 201 may offer a follow-up (issue 14): a handle for /api/resend and /api/change-email;
//   interpret_follow_up_response() reads those two endpoints' answers.
#pragma once

#include "abon/form.hpp"
#include "abon/url.hpp"
#include "abon/wipe.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace abon {

// [SECTION] Configuration
struct OutgoingNames {  // JSON key sent for each part of the payload
    std::string surname = "surname", given_name = "given_name", patronymic = "patronymic",
                account = "account", password = "password", email = "email",
                captcha = "captcha", captcha_token = "token", captcha_answer = "answer",
                last_payment = "last_payment_kopecks", lang = "lang";
};

// The config's field_names keys, one per OutgoingNames member.
inline constexpr std::string_view kOutgoingSlots[] = {
    "surname", "given_name", "patronymic", "account", "password", "email",
    "captcha", "captcha_token", "captcha_answer", "last_payment", "lang"};
std::string* outgoing_name(OutgoingNames& names, std::string_view slot);  // nullptr: no such key
const std::string* outgoing_name(const OutgoingNames& names, std::string_view slot);
// The keys build_payload() sends a field under (the CAPTCHA: its object, then the token
// and the answer inside it; the confirmations are not sent), and those a 422 may name
// it by (the same but the CAPTCHA's token, which the user never typed).
std::vector<std::string_view> outgoing_slots(Field f);
std::vector<std::string_view> reply_slots(Field f);

inline constexpr int kDefaultRequestTimeoutMs = 20000;
inline constexpr std::string_view kDefaultSender = "noreply@te.pl.ua";

// Speaking a classic endpoint (spec §6b); the defaults are spec §4's JSON contract.
enum class BodyEncoding { Json, Form };        // "encoding": "json" | "form" (x-www-form-urlencoded)
enum class AmountFormat { Kopecks, Decimal };  // "amount_format": "kopecks" | "decimal" ("1234.50")
enum class CaptchaMode { Challenge, Image };   // "captcha_mode": "challenge" (JSON) | "image" (the picture's URL)

struct WidgetConfig {   // the integrator's config file (<abon-signup config="…">)
    RuleConfig rules;
    OutgoingNames names;  // with "decimal", last_payment is sent as "last_payment" unless renamed
    int request_timeout_ms = kDefaultRequestTimeoutMs;  // "request_timeout_ms", 1000 to 60000
    BodyEncoding encoding = BodyEncoding::Json;
    AmountFormat amount_format = AmountFormat::Kopecks;
    CaptchaMode captcha_mode = CaptchaMode::Challenge;
    std::string sender = std::string(kDefaultSender);  // "sender": the address the letters come from
};

struct ConfigResult {
    std::optional<WidgetConfig> config;  // set when the text was usable
    std::string error;                   // English, for the integrator's console
};
ConfigResult parse_widget_config(std::string_view json_text);

// [SECTION] Payload
// What is sent, before its encoding: the widget's form (make_payload) and the server's
// reading of a body (parse_payload) are this one structure, which every encoder reads.
// Values as sent: canonical ones from the widget, before any rule on the server; the
// password as typed, zeroed when the payload goes.
struct Payload {
    FormInput input;                      // surname … email, captcha (the answer); no confirmations
    std::string captcha_token;            // "": the site's session keeps it (captcha_mode image)
    std::optional<std::int64_t> kopecks;  // past int64: its maximum (too large all the same)
    Lang lang = Lang::Uk;

    Payload() = default;
    Payload(Payload&&) = default;
    Payload& operator=(Payload&&) = default;
    Payload(const Payload&) = delete;     // one copy of the password, wiped once
    Payload& operator=(const Payload&) = delete;
    ~Payload() { if (auto& pw = input[Field::Password]) wipe(*pw); }
};

// The payload of an accepted form (form.ok()): the canonical values, the password as typed.
Payload make_payload(const FormVerdict& form, const FormInput& input, std::string_view captcha_token, Lang lang);

// The payload as it goes on the wire, under the configured names: JSON text in key order
// (spec §4), or form fields (the CAPTCHA's token and answer flat; an empty token is left
// out); the amount as integer kopecks or as a decimal string. The caller wipes `body`
// once it is sent.
struct EncodedBody {
    std::string content_type;  // "application/json" or "application/x-www-form-urlencoded"
    std::string body;
};
EncodedBody encode_payload(const Payload& payload, const WidgetConfig& config);

// encode_payload()'s JSON read back, for the server. A missing or null text is "" (the
// rules say "required"); a missing or null amount is nullopt. A value of the wrong JSON
// type is the client's bug: `error` says which (English, for the integrator) and `payload`
// is empty. The body is read as it travels (json_io's Wire: no BOM, each key once) and
// the parsed tree is wiped before it is freed.
struct PayloadParse {
    std::optional<Payload> payload;
    std::string error;
};
PayloadParse parse_payload(std::string_view body, const OutgoingNames& names = {});  // native builds only

// [SECTION] CAPTCHA challenge
struct CaptchaChallenge {
    std::string token;
    std::string image_url;
    int length = 0;
    int expires_in = 0;      // seconds
    std::string audio_url;   // the spoken letters; "": none (a classic site)
    std::string alphabet;    // the letters the answer is made of; "": unknown (keys only)
};
std::optional<CaptchaChallenge> parse_captcha_challenge(std::string_view body);

// captcha_mode "image": the picture at a fixed URL, its answer kept by the site's session
// cookie. No token, no expiry, the configured captcha_length (0: any 1–16 letters); the
// URL gets with_nonce(), so every renewal fetches a new picture.
CaptchaChallenge image_challenge(std::string_view picture_url, const WidgetConfig& config,
                                 std::uint32_t nonce);

// [SECTION] Server reply
enum class ReplyKind { Success, FieldErrors, Failure };

// What a 201 (or a follow-up's 200) says about the letter and the next one.
struct FollowUpOffer {
    std::string handle;      // "" in a follow-up's 200 (the session keeps the 201's)
    std::string email;       // where the letter went (canonical); "" when not said
    int resend_after = 0;    // seconds until the next letter may be asked for
    int resends_left = 0;    // letters that may still be asked for
};

struct ServerReply {
    ReplyKind kind = ReplyKind::Failure;
    ErrorCode code = ErrorCode::Ok;              // the form-level message (Failure, FieldErrors)
    std::map<Field, ErrorCode> field_errors;     // 422: shown next to each field
    int retry_after_seconds = 0;                 // 429
    bool renew_captcha = true;                   // every failure renews the CAPTCHA
    std::optional<FollowUpOffer> follow_up;      // Success with a usable handle (issue 14)
    std::string follow_up_problem;               // why a 201's handle was not usable (English, console)
};

// status 0 means no answer (network failure); -1 means the request timed out.
// A 422 may name fields by id or by their configured outgoing names. `redirected`: the
// answer came after a redirect (a classic form's 303); one that ends in a 2xx page is a
// success.
ServerReply interpret_response(int status, std::string_view body,
                               std::string_view retry_after_header = {},
                               const OutgoingNames& names = {}, bool redirected = false);

// The answer of /api/resend or /api/change-email. Success carries follow_up (its email and
// counts; no handle); a 200 without them is UnexpectedResponse. Failures: 422's
// field_errors (the email), 404 RegistrationNotFound, 429 ResendLimitReached (no wait)
// or RateLimited with retry_after_seconds, and interpret_response()'s codes otherwise.
ServerReply interpret_follow_up_response(int status, std::string_view body, std::string_view retry_after_header = {});

// The bodies of the two follow-up requests: {"handle"} and {"handle","email"}.
std::string resend_body(std::string_view handle);
std::string change_email_body(std::string_view handle, std::string_view email);

// Their inverse, for the server (native only). `with_email`: /api/change-email. A body that is
// not an object of strings is the client's bug (`error`, English); a handle of another shape
// than the contract's (16–256 base64url characters) reads as no handle (`handle` empty).
struct FollowUpRequest {
    std::string handle;
    std::string email;  // as sent; the caller validates it
};
struct FollowUpRequestParse {
    std::optional<FollowUpRequest> request;
    std::string error;
};
FollowUpRequestParse parse_follow_up_request(std::string_view body, bool with_email);
bool usable_handle(std::string_view handle);

}  // namespace abon
