// abon-plain-words OUT.json [TABLES.js] — the plain driver's words, and its tables: an
// ES module `export const TABLES = {...};` with each field's outgoing names and whether it
// is required, the checkbox, the outgoing names by default, the status→code table and the
// words. The DOM form itself comes from the loader (form_tables.cpp); these are what the
// driver says and sends in the core's place, written from the core's tables. Built with
// Emscripten for Node.js (and natively, for tests/web/) and run by the build; the site
// step puts TABLES into web/abon-signup-plain.js in place of its marker.
#include "abon/amount.hpp"
#include "abon/captcha.hpp"
#include "abon/controls.hpp"
#include "abon/json_io.hpp"
#include "abon/mailbox.hpp"
#include "abon/payload.hpp"
#include "abon/reply_limits.hpp"
#include "abon/ui_text.hpp"

#include <cstdio>
#include <string>

namespace {

using abon::ErrorCode;
using abon::Field;
using abon::Lang;
using abon::ui::Text;

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
    out.member("picture", text(Text::CaptchaAlt, lang));
    out.member("sending", text(Text::Sending, lang)).member("fix", text(Text::CheckFields, lang));
    out.member("doneTitle", text(Text::DoneTitle, lang)).member("doneLetter", text(Text::DoneLetter, lang));
    out.member("doneSpam", text(Text::DoneSpam, lang)).member("doneSender", text(Text::DoneSender, lang));
    out.member("openMailbox", text(Text::OpenMailbox, lang)).member("resend", text(Text::Resend, lang));
    out.member("resendIn", text(Text::ResendIn, lang)).member("resendWait", text(Text::ResendWait, lang));
    out.member("resendReady", text(Text::ResendReady, lang)).member("resent", text(Text::Resent, lang));
    out.member("changeEmail", text(Text::ChangeEmail, lang)).member("changeIntro", text(Text::ChangeEmailIntro, lang));
    out.member("sendToNew", text(Text::SendToNew, lang)).member("sendToNewIn", text(Text::SendToNewIn, lang));
    out.member("cancelChange", text(Text::CancelChange, lang)).member("changed", text(Text::Changed, lang));
    // The controls' words and the picture's states, for rules.js plainView() (issue 23).
    out.member("register", text(Text::Register, lang)).member("show", text(Text::ShowPassword, lang));
    out.member("hide", text(Text::HidePassword, lang)).member("refresh", text(Text::CaptchaRefresh, lang));
    out.member("listen", text(Text::CaptchaListen, lang)).member("noPatronymic", text(Text::NoPatronymic, lang));
    out.member("pictureLoading", text(Text::CaptchaLoading, lang)).member("pictureFailed", text(Text::CaptchaFailed, lang));
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
    out.member("resend_after_max", abon::kMaxResendAfterSeconds).member("resends_left_max", abon::kMaxResendsLeft);
    out.member("retry_after_max", abon::kMaxRetryAfterSeconds);
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

bool write_file(const char* path, const std::string& text) {
    std::FILE* file = std::fopen(path, "wb");
    if (!file || std::fwrite(text.data(), 1, text.size(), file) != text.size() || std::fclose(file) != 0) {
        std::fprintf(stderr, "abon-plain-words: cannot write %s\n", path);
        return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2 && argc != 3) {
        std::fprintf(stderr, "usage: abon-plain-words OUT.json [TABLES.js]\n");
        return 64;
    }
    abon::JsonWriter words_json;
    all_words(words_json);
    if (!write_file(argv[1], words_json.take())) return 1;
    if (argc == 2) return 0;

    abon::JsonWriter out;
    out.begin_object();
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
    const std::string js = "// Written by abon-plain-words (wasm/tools/plain_words.cpp) from the core's tables.\n"
                           "export const TABLES = " + out.take() + ";\n";
    return write_file(argv[2], js) ? 0 : 1;
}
