// The CAPTCHA challenge on tests/vectors/challenge.json (parse_captcha_challenge and the
// same-origin rule of resolve_captcha_image_url), the rows tests/web/ feed the plain
// driver's readChallenge() and captchaResourceUrl() (issue 23).
#include "vectors.hpp"

#include "abon/payload.hpp"

#include <string>

using namespace abon;

TEST_CASE("challenge.json: which answers are a challenge, and what it holds", "[challenge]") {
    const auto doc = test::load_json("vectors/challenge.json");
    REQUIRE(doc.at("challenges").size() > 5);
    for (const auto& row : doc.at("challenges")) {
        CAPTURE(row.at("note"));
        const auto c = parse_captcha_challenge(row.at("body").get<std::string>());
        const auto& want = row.at("challenge");
        REQUIRE(c.has_value() == !want.is_null());
        if (!c) continue;
        CHECK(c->token == want.at("token").get<std::string>());
        CHECK(c->image_url == want.at("image").get<std::string>());
        CHECK(c->length == want.at("length").get<int>());
        CHECK(c->expires_in == want.at("expires_in").get<int>());
        CHECK(c->audio_url == want.at("audio").get<std::string>());
        CHECK(c->alphabet == want.at("alphabet").get<std::string>());
    }
}

TEST_CASE("challenge.json: a picture or sound only from the captcha URL's origin", "[challenge]") {
    const auto doc = test::load_json("vectors/challenge.json");
    REQUIRE(doc.at("urls").size() > 5);
    for (const auto& row : doc.at("urls")) {
        CAPTURE(row.at("note"), row.at("url"), row.at("captcha_url"));
        const auto got = resolve_captcha_image_url(row.at("url").get<std::string>(), row.at("captcha_url").get<std::string>());
        const auto& want = row.at("resolved");
        REQUIRE(got.has_value() == !want.is_null());
        if (got) CHECK(*got == want.get<std::string>());
    }
}
