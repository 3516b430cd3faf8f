// abon-form-tables OUT.json — what the loader needs before the module has arrived, written
// from the module's own tables so the two cannot differ: the DOM form's schema in both
// languages (dom_schema(): the elements in tab order, their words and input attributes),
// the loader's own words, the theme's colours and metrics (abon/theme.hpp) for its CSS, and
// what it keeps of the typing across a reload (abon/form.hpp kRememberKey, kRememberMinutes).
// Built with Emscripten for Node.js and run by the build; web/tools/bundle.mjs puts the
// result into the loader in place of its /*@form-tables@*/ marker.
#include "abon/json_io.hpp"
#include "form_view.hpp"
#include "abon/theme.hpp"
#include "abon/ui_text.hpp"

#include <cstdio>
#include <string>

namespace {

using abon::Lang;
using abon::ui::Text;

std::string hex(ImU32 c) {  // ImGui's byte order is ABGR
    char out[8];
    std::snprintf(out, sizeof out, "#%02x%02x%02x", c & 0xFFu, (c >> 8) & 0xFFu, (c >> 16) & 0xFFu);
    return out;
}

void words(abon::JsonWriter& out, Lang lang) {
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
        const auto f = static_cast<abon::Field>(i);
        out.member(abon::field_id(f), abon::ui::hint(f, lang));
    }
    out.end_object().key("placeholders").begin_object();
    for (std::size_t i = 0; i < abon::kFieldCount; ++i) {
        const auto f = static_cast<abon::Field>(i);
        out.member(abon::field_id(f), abon::ui::placeholder(f, lang));
    }
    out.end_object().end_object();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: abon-form-tables OUT.json\n");
        return 64;
    }
    // dom_schema() writes its own JSON: the pieces are joined as text.
    std::string json = "{\"schema\":{";
    for (const Lang lang : {Lang::Uk, Lang::En}) {
        const abon::FormSession session(abon::WidgetConfig{}, lang);
        json += lang == Lang::Uk ? "\"uk\":" : ",\"en\":";
        json += abon::ui::dom_schema(session);
    }
    abon::JsonWriter rest;
    rest.begin_object().key("uk");
    words(rest, Lang::Uk);
    rest.key("en");
    words(rest, Lang::En);
    json += "},\"words\":" + rest.end_object().take();
    abon::JsonWriter theme;
    theme.begin_object();
    for (const auto& c : abon::ui::kColours) theme.member(c.name, hex(c.value));
    for (const auto& m : abon::ui::kMetrics) theme.member(m.name, static_cast<double>(m.value));
    theme.member("narrow-below", static_cast<double>(abon::ui::metric::narrow_below));
    json += ",\"theme\":" + theme.end_object().take();
    abon::JsonWriter remember;  // what the loader keeps of the typing, and for how long (abon/form.hpp)
    remember.begin_object().member("key", abon::kRememberKey).member("minutes", abon::kRememberMinutes);
    json += ",\"remember\":" + remember.end_object().take() + "}";
    std::FILE* file = std::fopen(argv[1], "wb");
    if (!file || std::fwrite(json.data(), 1, json.size(), file) != json.size() || std::fclose(file) != 0) {
        std::fprintf(stderr, "abon-form-tables: cannot write %s\n", argv[1]);
        return 1;
    }
    return 0;
}
