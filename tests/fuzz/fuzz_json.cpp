// Every JSON text the core reads: the abon-validate input, the widget's config file, the
// CAPTCHA challenge and the server's answers. None may crash; readable input gives output
// that nlohmann reads back as written, and a payload built from an accepted form parses
// back to itself.
#include "abon/json_io.hpp"
#include "abon/payload.hpp"
#include "abon/validate_json.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    // The core's reader accepts what nlohmann accepts (below its nesting limit).
    std::size_t brackets = 0;
    for (const char c : text) brackets += c == '[' || c == '{';
    if (brackets <= abon::kMaxJsonDepth &&
        abon::parse_json(text).has_value() != nlohmann::json::accept(text.begin(), text.end()))
        std::abort();

    const abon::JsonValidation v = abon::validate_json_text(text, abon::Lang::Uk);
    if (v.readable) {
        // The core's writer writes what nlohmann reads back and would have written.
        const auto out = nlohmann::json::parse(v.output, nullptr, false);
        if (out.is_discarded() || out.dump() != v.output) std::abort();
    }
    (void)abon::parse_widget_config(text);
    (void)abon::parse_captcha_challenge(text);
    for (int status : {0, -1, 201, 400, 409, 422, 429, 500})
        (void)abon::interpret_response(status, text, text.substr(0, 16));

    // The payload of any accepted form must survive a JSON round trip unchanged.
    if (v.readable && nlohmann::json::parse(v.output).at("ok").get<bool>()) {
        const nlohmann::json in = nlohmann::json::parse(text);
        abon::FormInput form;
        for (const auto& [key, value] : in.items())
            if (auto f = abon::parse_field_id(key); f && value.is_string()) form[*f] = value.get<std::string>();
        const abon::FormVerdict verdict = abon::validate_form(form);
        if (verdict.ok()) {
            // ... and the payload the encoder writes, which the server reads back to itself.
            const std::string payload =
                abon::encode_payload(abon::make_payload(verdict, form, "token", abon::Lang::Uk), abon::WidgetConfig{}).body;
            if (nlohmann::json::parse(payload).dump() != payload) std::abort();
            const abon::PayloadParse back = abon::parse_payload(payload);
            if (!back.payload || *back.payload->input[abon::Field::Password] != form[abon::Field::Password].value_or(""))
                std::abort();
        }
    }
    return 0;
}
