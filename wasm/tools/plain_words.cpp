// abon-plain-words OUT.json — the plain HTML form's words (web/abon-signup-plain.js),
// written from the tables the canvas form and the core use, so the two forms say the
// same. Built with Emscripten for Node.js and run by the build; the site step puts the
// result into that script in place of its /*@plain-words@*/ marker.
#include "abon/json_io.hpp"
#include "ui_text.hpp"

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
    out.member("title", text(Text::Title, lang));
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
    out.member("check", text(Text::CheckField, lang)).member("noPatronymic", text(Text::NoPatronymic, lang));
    out.member("picture", text(Text::CaptchaAlt, lang)).member("newPicture", text(Text::CaptchaRefresh, lang));
    out.member("pictureFailed", text(Text::CaptchaFailed, lang)).member("submit", text(Text::Register, lang));
    out.member("sending", text(Text::Sending, lang)).member("fix", text(Text::CheckFields, lang));
    out.member("doneTitle", text(Text::DoneTitle, lang)).member("doneLetter", text(Text::DoneLetter, lang));
    out.member("doneSpam", text(Text::DoneSpam, lang));
    out.key("codes").begin_object();
    for (int i = 0; i < static_cast<int>(ErrorCode::Count_); ++i) {
        const auto code = static_cast<ErrorCode>(i);
        if (code != ErrorCode::Ok) out.member(abon::error_id(code), abon::message_template(code, lang));
    }
    out.end_object().end_object();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: abon-plain-words OUT.json\n");
        return 64;
    }
    abon::JsonWriter out;
    out.begin_object();
    out.key("uk");
    words(out, Lang::Uk);
    out.key("en");
    words(out, Lang::En);
    const std::string json = out.end_object().take();
    std::FILE* file = std::fopen(argv[1], "wb");
    if (!file || std::fwrite(json.data(), 1, json.size(), file) != json.size() || std::fclose(file) != 0) {
        std::fprintf(stderr, "abon-plain-words: cannot write %s\n", argv[1]);
        return 1;
    }
    return 0;
}
