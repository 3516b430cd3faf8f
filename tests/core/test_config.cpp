// The integrator's config (parse_widget_config) on tests/vectors/config.json, the rows
// tests/web/ feed the plain driver's readConfig() (issue 23).
#include "vectors.hpp"

#include "abon/payload.hpp"

#include <string>

using namespace abon;

namespace {

// The config as the vector file spells it.
nlohmann::json as_json(const WidgetConfig& c) {
    nlohmann::json names = nlohmann::json::object();
    for (const std::string_view slot : kOutgoingSlots) names[std::string(slot)] = *outgoing_name(c.names, slot);
    nlohmann::json j;
    j["apostrophe"] = std::string(c.rules.apostrophe);
    j["patronymic_optional"] = c.rules.patronymic_optional;
    j["captcha_length"] = c.rules.captcha_length.value_or(0);  // 0: not set
    j["request_timeout_ms"] = c.request_timeout_ms;
    j["encoding"] = c.encoding == BodyEncoding::Form ? "form" : "json";
    j["amount_format"] = c.amount_format == AmountFormat::Decimal ? "decimal" : "kopecks";
    j["captcha_mode"] = c.captcha_mode == CaptchaMode::Image ? "image" : "challenge";
    j["sender"] = c.sender;
    j["field_names"] = names;
    return j;
}

}  // namespace

TEST_CASE("config.json: an accepted config resolves to the row's keys", "[config]") {
    const auto doc = test::load_json("vectors/config.json");
    REQUIRE(doc.at("accepted").size() > 5);
    for (const auto& row : doc.at("accepted")) {
        CAPTURE(row.at("note"), row.at("text"));
        const ConfigResult r = parse_widget_config(row.at("text").get<std::string>());
        REQUIRE(r.config);
        CHECK(r.error.empty());
        const nlohmann::json got = as_json(*r.config);
        for (const auto& [key, want] : row.at("config").items()) {
            CAPTURE(key);
            if (key == "field_names")
                for (const auto& [slot, name] : want.items()) CHECK(got.at(key).at(slot) == name);
            else
                CHECK(got.at(key) == want);
        }
    }
}

TEST_CASE("config.json: a refused config is refused whole, with the row's words", "[config]") {
    const auto doc = test::load_json("vectors/config.json");
    REQUIRE(doc.at("refused").size() > 5);
    for (const auto& row : doc.at("refused")) {
        CAPTURE(row.at("note"), row.at("text"));
        const ConfigResult r = parse_widget_config(row.at("text").get<std::string>());
        CHECK_FALSE(r.config);
        CHECK(r.error == row.at("error").get<std::string>());
    }
}
