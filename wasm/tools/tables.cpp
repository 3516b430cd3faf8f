// abon-tables OUT.js — everything the page's scripts take from the core, written at build
// time from the module's own tables so that nothing is spelt twice: one ES module,
// `export const TABLES = {...};`, whose top-level keys each script reads as `TABLES.<key>`.
// - For the loader, before the module has arrived: the DOM form's schema in both languages
//   (dom_schema()), its words (form_words), the theme's colours, metrics and font
//   (abon/theme.hpp) and what it keeps of the typing (abon/form.hpp kRememberKey, …).
// - For the plain driver (web/abon-signup-plain.js, rules.js): each field's outgoing names
//   and whether it is required, the checkbox, the outgoing names, the status→code table,
//   the webmail table and the words it says in the core's place.
// Each script gets only the keys it names (web/tools/tables.mjs); a key nobody reads
// fails tests/web/tables.test.mjs. Built with Emscripten for Node.js (natively too, for
// tests/web/) and run by the build.
#include "abon/amount.hpp"
#include "abon/captcha.hpp"
#include "abon/controls.hpp"
#include "abon/json_io.hpp"
#include "abon/mailbox.hpp"
#include "abon/payload.hpp"
#include "abon/reply_limits.hpp"
#include "abon/theme.hpp"
#include "abon/ui_text.hpp"
#include "dom_schema.hpp"

#include <cstdio>
#include <string>
#include <utility>

namespace {

using abon::ErrorCode;
using abon::Field;
using abon::Lang;
using abon::ui::Text;

// [SECTION] The loader's: what the DOM form says before the core runs, the schema, the theme

void form_words(abon::JsonWriter& out, Lang lang) {
    using abon::ui::text;
    out.begin_object();
    out.member("title", text(Text::Title, lang)).member("intro", text(Text::Intro, lang));
    out.member("loading", text(Text::CaptchaLoading, lang)).member("failed", text(Text::LoadFailed, lang));
    out.member("misconfigured", text(Text::Misconfigured, lang)).member("noscript", text(Text::NeedsScript, lang));
    out.member("show", text(Text::ShowPassword, lang)).member("hide", text(Text::HidePassword, lang));
    out.member("refresh", text(Text::CaptchaRefresh, lang)).member("register", text(Text::Register, lang));
    out.member("sending", text(Text::Sending, lang));
    out.key("hints").begin_object();
    for (std::size_t i = 0; i < abon::kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        out.member(abon::field_id(f), abon::ui::hint(f, lang));
    }
    out.end_object().key("placeholders").begin_object();
    for (std::size_t i = 0; i < abon::kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        out.member(abon::field_id(f), abon::ui::placeholder(f, lang));
    }
    out.end_object().end_object();
}

std::string hex(abon::ui::Rgba c) {  // R in the low byte
    char out[8];
    std::snprintf(out, sizeof out, "#%02x%02x%02x", c & 0xFFu, (c >> 8) & 0xFFu, (c >> 16) & 0xFFu);
    return out;
}

std::string quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

// The CSS custom properties (--abon-<name>): colours, metrics in CSS px at the default
// font size, and the font stack (the widget's font, DejaVu Sans where installed, the
// fallback face scaled to DejaVu's widths, then any sans face).
void theme(abon::JsonWriter& out) {
    namespace font = abon::ui::font;
    out.key("theme").begin_object();
    for (const auto& c : abon::ui::kColours) out.member(c.name, hex(c.value));
    for (const auto& m : abon::ui::kMetrics) out.member(m.name, static_cast<double>(m.value));
    out.member("narrow-below", static_cast<double>(abon::ui::metric::narrow_below));  // the loader's class, not CSS
    out.member("font", quoted(font::family) + ", " + quoted(font::installed) + ", " + quoted(font::fallback_family) +
                           ", sans-serif");
    out.end_object();
}

// What the loader declares as FontFaces: the cut files by weight, and the fallback face.
void fonts(abon::JsonWriter& out) {
    namespace font = abon::ui::font;
    out.key("font").begin_object().member("family", font::family);
    out.key("files").begin_array();
    out.begin_array().value("400").value(font::regular_file).end_array();
    out.begin_array().value("700").value(font::bold_file).end_array();
    out.end_array();
    out.member("fallback_family", font::fallback_family);
    std::string local;  // a FontFace source list
    for (const std::string_view name : font::kFallbackLocal) local += (local.empty() ? "" : ", ") + ("local(" + quoted(name) + ")");
    out.member("fallback_local", local);
    char adjust[16];
    std::snprintf(adjust, sizeof adjust, "%.0f%%", static_cast<double>(font::fallback_size_adjust) * 100);
    out.member("fallback_size_adjust", adjust);
    out.end_object();
}

// The DOM form's elements: dom_schema() writes its own JSON, joined as text.
std::string schema_member() {
    std::string json = "\"schema\":{";
    for (const Lang lang : {Lang::Uk, Lang::En}) {
        const abon::FormSession session(abon::WidgetConfig{}, lang);
        json += lang == Lang::Uk ? "\"uk\":" : ",\"en\":";
        json += abon::ui::dom_schema(session);
    }
    return json + "}";
}

void loader(abon::JsonWriter& out) {
    out.key("form_words").begin_object().key("uk");
    form_words(out, Lang::Uk);
    out.key("en");
    form_words(out, Lang::En);
    out.end_object();
    theme(out);
    fonts(out);
    // What the loader keeps of the typing, and for how long (abon/form.hpp).
    out.key("remember").begin_object().member("key", abon::kRememberKey).member("minutes", abon::kRememberMinutes).end_object();
}

// [SECTION] The plain driver's: what it says and sends in the core's place

void words(abon::JsonWriter& out, Lang lang) {
    using abon::ui::text;
    out.begin_object();
    out.key("labels").begin_object();
    for (std::size_t i = 0; i < abon::kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        out.member(abon::field_id(f), abon::field_label(f, lang));
    }
    out.end_object().key("hints").begin_object();
    for (std::size_t i = 0; i < abon::kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        out.member(abon::field_id(f), f == Field::Account ? text(Text::AccountHintPlain, lang) : abon::ui::hint(f, lang));
    }
    out.end_object();
    // The success screen's words, and the controls' words and the picture's states (for
    // rules.js plainView()), each under the key the page's scripts read.
    static constexpr std::pair<const char*, Text> kWords[] = {
        {"picture", Text::CaptchaAlt},
        {"sending", Text::Sending},
        {"fix", Text::CheckFields},
        {"doneTitle", Text::DoneTitle},
        {"doneLetter", Text::DoneLetter},
        {"doneSpam", Text::DoneSpam},
        {"doneSender", Text::DoneSender},
        {"openMailbox", Text::OpenMailbox},
        {"resend", Text::Resend},
        {"resendIn", Text::ResendIn},
        {"resendWait", Text::ResendWait},
        {"resendReady", Text::ResendReady},
        {"resent", Text::Resent},
        {"changeEmail", Text::ChangeEmail},
        {"changeIntro", Text::ChangeEmailIntro},
        {"sendToNew", Text::SendToNew},
        {"sendToNewIn", Text::SendToNewIn},
        {"cancelChange", Text::CancelChange},
        {"changed", Text::Changed},
        {"register", Text::Register},
        {"show", Text::ShowPassword},
        {"hide", Text::HidePassword},
        {"refresh", Text::CaptchaRefresh},
        {"listen", Text::CaptchaListen},
        {"noPatronymic", Text::NoPatronymic},
        {"pictureLoading", Text::CaptchaLoading},
        {"pictureFailed", Text::CaptchaFailed},
    };
    for (const auto& [key, id] : kWords) out.member(key, text(id, lang));
    out.key("codes").begin_object();
    for (int i = 0; i < static_cast<int>(ErrorCode::Count_); ++i) {
        const auto code = static_cast<ErrorCode>(i);
        if (code != ErrorCode::Ok) out.member(abon::error_id(code), abon::message_template(code, lang));
    }
    out.end_object().end_object();
}

void all_words(abon::JsonWriter& out) {
    out.begin_object();
    out.key("uk");
    words(out, Lang::Uk);
    out.key("en");
    words(out, Lang::En);
    out.end_object();
}

void slots(abon::JsonWriter& out, std::string_view key, const std::vector<std::string_view>& list) {
    out.key(key).begin_array();
    for (const std::string_view slot : list) out.value(slot);
    out.end_array();
}

// Each field in form order: whether the rules refuse it empty (the patronymic unless «no patronymic» is ticked, where the config allows that),
// the field_names keys it is sent under and a 422 may name it by.
void schema(abon::JsonWriter& out) {
    abon::RuleConfig optional;
    optional.patronymic_optional = true;
    out.key("fields").begin_array();
    for (std::size_t i = 0; i < abon::kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        out.begin_object().member("id", abon::field_id(f));
        out.member("required", abon::field_required(f));
        out.member("optional_with", abon::field_required(f, optional) ? "" : "no_patronymic");
        out.member("reveal", abon::has_reveal(f));  // a show/hide button in its box
        slots(out, "slots", abon::outgoing_slots(f));
        slots(out, "reply_slots", abon::reply_slots(f));
        out.end_object();
    }
    out.end_array();
    out.key("checkbox").begin_object().member("id", "no_patronymic").end_object();
}

// The outgoing names by default, and with "amount_format": "decimal".
void names(abon::JsonWriter& out, std::string_view key, const abon::OutgoingNames& names) {
    out.key(key).begin_object();
    for (const std::string_view slot : abon::kOutgoingSlots) out.member(slot, *abon::outgoing_name(names, slot));
    out.end_object();
}

// The core's webmail table (abon/mailbox.hpp): [domain, provider, url] rows, and the
// config's default sender.
void mailboxes(abon::JsonWriter& out) {
    out.key("webmail").begin_array();
    for (const abon::WebmailRow& row : abon::webmail_rows())
        out.begin_array().value(row.domain).value(row.webmail.provider).value(row.webmail.url).end_array();
    out.end_array();
    out.member("sender", abon::kDefaultSender);
}

// The config's defaults and ranges, and the limits rules.js reads answers by
// (abon/reply_limits.hpp, abon/amount.hpp, abon/captcha.hpp): no number copied by hand into JS.
void limits(abon::JsonWriter& out) {
    out.key("config").begin_object().member("request_timeout_ms", abon::kDefaultRequestTimeoutMs);
    out.key("request_timeout_range").begin_array().value(abon::kMinRequestTimeoutMs).value(abon::kMaxRequestTimeoutMs).end_array();
    out.end_object();
    out.key("limits").begin_object().member("amount_max_kopecks", abon::kAmountMaxKopecks);
    out.member("captcha_max_length", abon::kCaptchaMaxLength);
    out.key("captcha_alphabet_length").begin_array().value(static_cast<int>(abon::kCaptchaAlphabetMin));
    out.value(static_cast<int>(abon::kCaptchaAlphabetMax)).end_array();
    out.member("resend_after_max", abon::kMaxResendAfterSeconds).member("resends_left_max", abon::kMaxResendsLeft);
    out.member("retry_after_max", abon::kMaxRetryAfterSeconds);
    out.member("challenge_token_max_bytes", static_cast<int>(abon::kMaxChallengeTokenBytes));
    out.member("challenge_url_max_bytes", static_cast<int>(abon::kMaxChallengeUrlBytes));
    out.member("challenge_expires_under", abon::kChallengeExpiresUnderSeconds);
    out.member("challenge_expires_default", abon::kDefaultChallengeExpiresSeconds);
    out.key("handle_length").begin_array().value(static_cast<int>(abon::kMinHandleLength));
    out.value(static_cast<int>(abon::kMaxHandleLength)).end_array().end_object();
}

// interpret_response() of each status without a body, as runs [first status, code] over
// -1 … 999; "" is a success.
void statuses(abon::JsonWriter& out) {
    out.key("statuses").begin_array();
    std::string last = "-";
    for (int status = -1; status <= 999; ++status) {
        const abon::ServerReply r = abon::interpret_response(status, "");
        const std::string code(r.kind == abon::ReplyKind::Success ? "" : abon::error_id(r.code));
        if (code == last) continue;
        out.begin_array().value(status).value(code).end_array();
        last = code;
    }
    out.end_array();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: abon-tables OUT.js\n");
        return 64;
    }
    abon::JsonWriter out;
    out.begin_object();
    loader(out);
    schema(out);
    names(out, "names", abon::OutgoingNames{});
    const abon::ConfigResult decimal = abon::parse_widget_config(R"({"amount_format": "decimal"})");
    names(out, "decimal_names", decimal.config->names);
    statuses(out);
    mailboxes(out);
    limits(out);
    out.key("words");
    all_words(out);
    out.end_object();
    const std::string rest = out.take();  // "{…}": the schema goes first
    const std::string js = "// Written by abon-tables (wasm/tools/tables.cpp) from the core's tables.\n"
                           "export const TABLES = {" + schema_member() + "," + rest.substr(1) + ";\n";
    std::FILE* file = std::fopen(argv[1], "wb");
    if (!file || std::fwrite(js.data(), 1, js.size(), file) != js.size() || std::fclose(file) != 0) {
        std::fprintf(stderr, "abon-tables: cannot write %s\n", argv[1]);
        return 1;
    }
    return 0;
}
