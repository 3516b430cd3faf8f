// GET /api/captcha and its image; the answer's lifetime (single use, 3 tries, 5 minutes).
#include "server_fixture.hpp"

#include "abon/server/captcha.hpp"

#include <catch2/catch.hpp>
#include <stb_image.h>

#include <set>
#include <vector>

using namespace abon::test;
using abon::server::CaptchaRenderer;
using nlohmann::json;

namespace {

struct Png { int width = 0, height = 0; };
std::optional<Png> decode_png(const std::string& bytes) {
    Png p;
    int channels = 0;
    unsigned char* pixels = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(bytes.data()),
                                                  static_cast<int>(bytes.size()), &p.width, &p.height, &channels, 3);
    if (!pixels) return std::nullopt;
    stbi_image_free(pixels);
    return p;
}

json answer_with(TestServer& s, const std::string& token, const std::string& answer) {
    json p = s.valid_payload();
    p["captcha"] = {{"token", token}, {"answer", answer}};
    p["account"] = "9-999-99-9";  // never registers, so the captcha verdict is all we see
    return body_json(s.post(p));
}

}  // namespace

TEST_CASE("GET /api/captcha answers an opaque challenge; its image is served once") {
    TestServer s;
    auto r = s.client().Get("/api/captcha");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Cache-Control") == "no-store");
    const json c = json::parse(r->body);
    CHECK(c.at("length") == 5);
    CHECK(c.at("expires_in") == 300);
    const std::string token = c.at("token"), image = c.at("image");
    CHECK(token.size() == 43);  // 256 random bits, base64url
    CHECK(image.rfind("/api/captcha/", 0) == 0);
    CHECK(r->body.find(kFixedAnswer) == std::string::npos);

    auto png = s.client().Get(image.c_str());
    REQUIRE(png);
    CHECK(png->status == 200);
    CHECK(png->get_header_value("Content-Type") == "image/png");
    const auto decoded = decode_png(png->body);
    REQUIRE(decoded);
    CHECK(decoded->width == CaptchaRenderer::width_for(5));
    CHECK(decoded->height == CaptchaRenderer::kHeight);

    auto again = s.client().Get(image.c_str());
    REQUIRE(again);
    CHECK(again->status == 404);
}

TEST_CASE("Random CAPTCHA answers use only the unambiguous capitals") {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string a = abon::server::random_captcha_answer(5);
        REQUIRE(a.size() == 5);
        for (char ch : a) REQUIRE(abon::server::kCaptchaAlphabet.find(ch) != std::string_view::npos);
        seen.insert(a);
    }
    CHECK(seen.size() > 190);  // 15^5 answers: repeats in 200 draws are rare
    for (char ambiguous : std::string("IOQ01")) CHECK(abon::server::kCaptchaAlphabet.find(ambiguous) == std::string_view::npos);
}

TEST_CASE("The CAPTCHA image is drawn anew each time, at a size that fits the answer") {
    CaptchaRenderer renderer("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
    struct Row { std::string answer; };
    const Row row = GENERATE(values<Row>({{"KXRTA"}, {"AC"}, {"WWWWWWWW"}}));
    CAPTURE(row.answer);
    const std::string first = renderer.render_png(row.answer), second = renderer.render_png(row.answer);
    const auto png = decode_png(first);
    REQUIRE(png);
    CHECK(png->width == CaptchaRenderer::width_for(row.answer.size()));
    CHECK(first != second);  // random warp, strokes and noise
    CHECK(first.size() < 64 * 1024);
}

// Regression: this once checked one challenge against the fixed answer only, so a book
// that gave every challenge the same answer passed.
TEST_CASE("Without ABON_CAPTCHA_FIXED each challenge has its own answer") {
    abon::server::CaptchaBook book(abon::server::Limits{}, std::nullopt, abon::server::system_clock());
    struct Issued { std::string token, answer; };
    std::vector<Issued> issued;
    std::set<std::string> answers;
    for (int i = 0; i < 40; ++i) {
        const auto c = book.issue("127.0.0." + std::to_string(i % 4));  // a few clients, under the per-client cap
        const auto answer = book.take_image_answer(c.image_id);
        REQUIRE(answer);
        CHECK(answer->size() == static_cast<std::size_t>(c.length));
        issued.push_back({c.token, *answer});
        answers.insert(*answer);
    }
    CHECK(answers.size() >= 39);  // 15^5 answers: two alike in 40 is a 1-in-1000 event
    for (std::size_t i = 0; i < issued.size(); ++i) {
        const Issued& other = issued[(i + 1) % issued.size()];
        if (other.answer != issued[i].answer)
            CHECK(book.check(issued[i].token, other.answer) == abon::server::CaptchaCheck::Wrong);
        CHECK(book.check(issued[i].token, issued[i].answer) == abon::server::CaptchaCheck::Correct);
    }
    TestServer s([](abon::server::ServerConfig& c) { c.captcha_fixed.reset(); });
    CHECK(answer_with(s, s.captcha().at("token"), kFixedAnswer)["errors"]["captcha"] == "captcha_wrong");
}

TEST_CASE("A challenge is single use") {
    TestServer s;
    const std::string token = s.captcha().at("token");
    const json first = answer_with(s, token, kFixedAnswer);
    CHECK(first["errors"] == json{{"account", "account_details_mismatch"}});  // the CAPTCHA passed
    CHECK(answer_with(s, token, kFixedAnswer)["errors"]["captcha"] == "captcha_expired");
}

TEST_CASE("A challenge takes at most 3 answers") {
    TestServer s;
    const std::string token = s.captcha().at("token");
    for (int i = 0; i < 3; ++i) CHECK(answer_with(s, token, "AAAAA")["errors"]["captcha"] == "captcha_wrong");
    CHECK(answer_with(s, token, kFixedAnswer)["errors"]["captcha"] == "captcha_expired");
}

TEST_CASE("An answer the core refuses still spends a try") {
    TestServer s;
    const std::string token = s.captcha().at("token");
    CHECK(answer_with(s, token, "AB")["errors"]["captcha"] == "captcha_length");
    CHECK(answer_with(s, token, "AAAAA")["errors"]["captcha"] == "captcha_wrong");
    CHECK(answer_with(s, token, "AAAAA")["errors"]["captcha"] == "captcha_wrong");
    CHECK(answer_with(s, token, kFixedAnswer)["errors"]["captcha"] == "captcha_expired");
}

TEST_CASE("Lower-case and Ukrainian-layout answers are accepted as the core maps them") {
    TestServer s;
    struct Row { std::string typed; };
    // K X R T A on the Ukrainian layout: л ч к е ф.
    const Row row = GENERATE(values<Row>({{"kxrta"}, {"лчкеф"}, {"K X R T A"}}));
    CAPTURE(row.typed);
    CHECK(answer_with(s, s.captcha().at("token"), row.typed)["errors"] == json{{"account", "account_details_mismatch"}});
}

TEST_CASE("A challenge expires after 5 minutes; unknown tokens count as expired") {
    TestServer s;
    const json c = s.captcha();
    s.clock().advance(std::chrono::seconds(301));
    CHECK(answer_with(s, c.at("token"), kFixedAnswer)["errors"]["captcha"] == "captcha_expired");
    auto png = s.client().Get(c.at("image").get<std::string>().c_str());
    REQUIRE(png);
    CHECK(png->status == 404);
    CHECK(answer_with(s, "no-such-token", kFixedAnswer)["errors"]["captcha"] == "captcha_expired");
    CHECK(answer_with(s, "", kFixedAnswer)["errors"]["captcha"] == "captcha_expired");
}

TEST_CASE("Within its 5 minutes a challenge still works") {
    TestServer s;
    const json c = s.captcha();
    s.clock().advance(std::chrono::seconds(299));
    CHECK(answer_with(s, c.at("token"), kFixedAnswer)["errors"] == json{{"account", "account_details_mismatch"}});
}
