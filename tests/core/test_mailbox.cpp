// The webmail link of the success screen (abon/mailbox.hpp), from tests/vectors/mailbox.json.
#include "vectors.hpp"

#include "abon/mailbox.hpp"

#include <string>

using namespace abon;

TEST_CASE("each address opens its provider's webmail, or none", "[mailbox]") {
    const nlohmann::json vectors = test::load_json("vectors/mailbox.json");
    REQUIRE(vectors.at("rows").size() >= 20);
    for (const auto& row : vectors.at("rows")) {
        const std::string email = row.at("email");
        CAPTURE(email);
        const auto webmail = webmail_for(email);
        if (row.at("url").is_null()) {
            CHECK_FALSE(webmail);
        } else {
            REQUIRE(webmail);
            CHECK(std::string(webmail->url) == row.at("url").get<std::string>());
            CHECK_FALSE(webmail->provider.empty());
        }
    }
}

TEST_CASE("every webmail link is https: and names its provider", "[mailbox]") {
    for (const char* domain : {"ukr.net", "i.ua", "meta.ua", "gmail.com", "outlook.com", "hotmail.com",
                               "live.com", "yahoo.com", "icloud.com"}) {
        CAPTURE(domain);
        const auto webmail = webmail_for(std::string("a@") + domain);
        REQUIRE(webmail);  // the providers the issue names all have one
        CHECK(webmail->url.substr(0, 8) == "https://");
        CHECK(webmail->url.back() == '/');
    }
}
