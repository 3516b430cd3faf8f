// Speaking a classic endpoint (spec §6b): the config keys encoding, amount_format and
// captcha_mode, the wire body for each encoding, the decimal amount, the CAPTCHA picture at
// a fixed URL, and a redirect that ends in a 2xx page.
#include "vectors.hpp"

#include "abon/amount.hpp"
#include "abon/payload.hpp"
#include "abon/session.hpp"

#include <cctype>
#include <climits>
#include <cstring>
#include <map>

using namespace abon;
using nlohmann::json;

namespace {
FormInput valid_input() {
    FormInput in;
    in[Field::Surname] = "Шевченко";
    in[Field::GivenName] = "Тарас";
    in[Field::Patronymic] = "Григорович";
    in[Field::Account] = "1234567";
    in[Field::Password] = in[Field::PasswordConfirm] = "Kobzar 1814+poet&";
    in[Field::Email] = in[Field::EmailConfirm] = "taras@ukr.net";
    in[Field::Captcha] = "kxrta";
    in[Field::LastPayment] = "1234,5";
    return in;
}

WidgetConfig config_of(const char* text) {
    const ConfigResult r = parse_widget_config(text);
    INFO(r.error);
    REQUIRE(r.config);
    return *r.config;
}

Payload payload_for(const WidgetConfig& c, std::string_view token = "tok/1+2") {
    const FormInput in = valid_input();
    const FormVerdict form = validate_form(in, c.rules);
    REQUIRE(form.ok());
    return make_payload(form, in, token, Lang::Uk);
}

// Splits a form body into its decoded pairs, in order.
std::vector<std::pair<std::string, std::string>> form_pairs(const std::string& body) {
    auto decode = [](std::string_view s) {
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '+') out += ' ';
            else if (s[i] == '%' && i + 2 < s.size()) {
                out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
                i += 2;
            } else out += s[i];
        }
        return out;
    };
    std::vector<std::pair<std::string, std::string>> pairs;
    std::size_t start = 0;
    while (start <= body.size()) {
        std::size_t end = body.find('&', start);
        if (end == std::string::npos) end = body.size();
        const std::string_view pair = std::string_view(body).substr(start, end - start);
        const std::size_t eq = pair.find('=');
        pairs.emplace_back(decode(pair.substr(0, eq)), decode(pair.substr(eq + 1)));
        start = end + 1;
    }
    return pairs;
}
}  // namespace

struct DecimalRow {
    std::int64_t kopecks;
    const char* text;
};

TEST_CASE("a decimal amount is made from integer kopecks, exactly", "[encoding]") {
    const auto row = GENERATE(values<DecimalRow>({
        {123456, "1234.56"}, {123450, "1234.50"}, {1, "0.01"}, {10, "0.10"}, {100, "1.00"},
        {0, "0.00"}, {100'000'000, "1000000.00"}, {-5, "-0.05"},
        // Beyond a double's exact integers: floating point would round these.
        {9'007'199'254'740'993, "90071992547409.93"},
        {INT64_MAX, "92233720368547758.07"}, {INT64_MIN, "-92233720368547758.08"},
    }));
    CAPTURE(row.kopecks);
    CHECK(format_kopecks_decimal(row.kopecks) == row.text);
}

TEST_CASE("every vector amount goes out as its decimal text and reads back the same", "[encoding]") {
    for (const auto& row : test::valid_rows("vectors/amount.json")) {
        CAPTURE(row.name);
        const Verdict v = validate_amount(row.input);
        REQUIRE(v.kopecks);
        const std::string text = format_kopecks_decimal(*v.kopecks);
        CHECK(validate_amount(text).kopecks == v.kopecks);
        CHECK(text.size() >= 4);
        CHECK(text[text.size() - 3] == '.');
    }
}

TEST_CASE("the default config keeps the JSON contract of spec section 4", "[encoding]") {
    const WidgetConfig c = config_of("{}");
    CHECK(c.encoding == BodyEncoding::Json);
    CHECK(c.amount_format == AmountFormat::Kopecks);
    CHECK(c.captcha_mode == CaptchaMode::Challenge);
    const EncodedBody sent = encode_payload(payload_for(c), c);
    CHECK(sent.content_type == "application/json");
    CHECK(json::parse(sent.body).dump() == sent.body);  // nlohmann's bytes: keys in order, compact
    CHECK(json::parse(sent.body).at("last_payment_kopecks") == 123450);
}

TEST_CASE("amount_format decimal sends the amount as text with a dot and two digits", "[encoding]") {
    const WidgetConfig c = config_of(R"({"amount_format": "decimal"})");
    const json sent = json::parse(encode_payload(payload_for(c), c).body);
    CHECK(sent.at("last_payment") == "1234.50");  // under its own name unless renamed
    CHECK_FALSE(sent.contains("last_payment_kopecks"));
    const WidgetConfig renamed = config_of(R"({"amount_format": "decimal", "field_names": {"last_payment": "sum"}})");
    CHECK(json::parse(encode_payload(payload_for(renamed), renamed).body).at("sum") == "1234.50");
}

TEST_CASE("encoding form sends flat, percent-encoded fields under the outgoing names", "[encoding]") {
    const WidgetConfig c = config_of(R"({"encoding": "form", "amount_format": "decimal",
        "field_names": {"surname": "last_name", "account": "ls", "last_payment": "sum",
                        "captcha_token": "captcha_id", "captcha_answer": "captcha_code"}})");
    const EncodedBody sent = encode_payload(payload_for(c), c);
    CHECK(sent.content_type == "application/x-www-form-urlencoded");
    // Only unreserved bytes stay as they are (the WHATWG serializer: alnum and *-._).
    for (const char ch : sent.body) {
        CAPTURE(ch);
        CHECK((std::isalnum(static_cast<unsigned char>(ch)) || std::strchr("*-._%+=&", ch)));
    }
    const auto pairs = form_pairs(sent.body);
    const std::map<std::string, std::string> fields(pairs.begin(), pairs.end());
    CHECK(pairs.size() == fields.size());  // no name twice
    CHECK(fields == std::map<std::string, std::string>{
        {"last_name", "Шевченко"}, {"given_name", "Тарас"}, {"patronymic", "Григорович"},
        {"ls", "1-234-56-7"}, {"password", "Kobzar 1814+poet&"}, {"email", "taras@ukr.net"},
        {"captcha_id", "tok/1+2"}, {"captcha_code", "KXRTA"}, {"sum", "1234.50"}, {"lang", "uk"}});
    CHECK(sent.body.find("password=Kobzar+1814%2Bpoet%26") != std::string::npos);
    CHECK(sent.body.find("last_name=%D0%A8%D0%B5") != std::string::npos);
}

TEST_CASE("encoding form with kopecks sends the integer as text", "[encoding]") {
    const WidgetConfig c = config_of(R"({"encoding": "form"})");
    const auto pairs = form_pairs(encode_payload(payload_for(c), c).body);
    const std::map<std::string, std::string> fields(pairs.begin(), pairs.end());
    CHECK(fields.at("last_payment_kopecks") == "123450");
    CHECK(fields.at("token") == "tok/1+2");
    CHECK(fields.at("answer") == "KXRTA");
    CHECK_FALSE(fields.count("captcha"));
}

TEST_CASE("a picture kept by the site's session sends no token", "[encoding]") {
    const WidgetConfig form = config_of(R"({"encoding": "form", "captcha_mode": "image"})");
    const auto pairs = form_pairs(encode_payload(payload_for(form, ""), form).body);
    const std::map<std::string, std::string> fields(pairs.begin(), pairs.end());
    CHECK_FALSE(fields.count("token"));
    CHECK(fields.at("answer") == "KXRTA");
    const WidgetConfig js = config_of(R"({"captcha_mode": "image"})");
    CHECK(json::parse(encode_payload(payload_for(js, ""), js).body).at("captcha") == json{{"answer", "KXRTA"}});
}

struct ClassicConfigRow {
    const char* name;
    const char* text;
};

TEST_CASE("the classic endpoint's keys take only their known values", "[encoding]") {
    const auto row = GENERATE(values<ClassicConfigRow>({
        {"unknown encoding", R"({"encoding": "xml"})"},
        {"encoding not a string", R"({"encoding": 1})"},
        {"unknown amount format", R"({"amount_format": "float"})"},
        {"unknown captcha mode", R"({"captcha_mode": "audio"})"},
        {"captcha mode not a string", R"({"captcha_mode": true})"},
    }));
    CAPTURE(row.name);
    const ConfigResult r = parse_widget_config(row.text);
    CHECK_FALSE(r.config);
    CHECK(r.error.rfind("config: ", 0) == 0);
    const WidgetConfig named = config_of(R"({"encoding": "json", "amount_format": "kopecks", "captcha_mode": "challenge"})");
    CHECK(named.encoding == BodyEncoding::Json);
}

struct PictureUrlRow {
    const char* url;
    const char* expected;  // with nonce 7
};

TEST_CASE("the picture at a fixed URL is fetched anew with a cache-busting query", "[encoding]") {
    const auto row = GENERATE(values<PictureUrlRow>({
        {"/captcha.png", "/captcha.png?abon=7"},
        {"/captcha.php?w=120", "/captcha.php?w=120&abon=7"},
        {"/captcha.php?", "/captcha.php?abon=7"},
        {"/captcha.png#x", "/captcha.png?abon=7#x"},
        {"https://te.pl.ua/kaptcha", "https://te.pl.ua/kaptcha?abon=7"},
    }));
    CAPTURE(row.url);
    const WidgetConfig c = config_of(R"({"captcha_mode": "image", "captcha_length": 6})");
    const CaptchaChallenge ch = image_challenge(row.url, c, 7);
    CHECK(ch.image_url == row.expected);
    CHECK(ch.token.empty());
    CHECK(ch.length == 6);
    CHECK(ch.expires_in == 0);
    CHECK(image_challenge(row.url, c, 8).image_url != ch.image_url);
}

TEST_CASE("without captcha_length the picture's answer may be 1 to 16 letters", "[encoding]") {
    const WidgetConfig c = config_of(R"({"captcha_mode": "image"})");
    FormSession s(c);
    s.set_challenge(image_challenge("/captcha.png", c, 1));
    for (const char* answer : {"A", "KXRTAB", "ABCDEFGHIJKLMNOP"}) {
        s.set_text(Field::Captcha, answer);
        CHECK(s.verdict(Field::Captcha).ok());
    }
    s.set_text(Field::Captcha, "ABCDEFGHIJKLMNOPQ");
    CHECK(s.verdict(Field::Captcha).code == ErrorCode::CaptchaLength);
    const WidgetConfig five = config_of(R"({"captcha_mode": "image", "captcha_length": 5})");
    FormSession f(five);
    f.set_challenge(image_challenge("/captcha.png", five, 1));
    f.set_text(Field::Captcha, "KXRTAB");
    CHECK(f.verdict(Field::Captcha).code == ErrorCode::CaptchaLength);
}

struct RedirectRow {
    const char* name;
    int status;
    bool redirected;
    ReplyKind kind;
    ErrorCode code;
};

TEST_CASE("a redirect that ends in a 2xx page is a success", "[encoding]") {
    const auto row = GENERATE(values<RedirectRow>({
        {"303 to a welcome page", 200, true, ReplyKind::Success, ErrorCode::Ok},
        {"redirect to a 204", 204, true, ReplyKind::Success, ErrorCode::Ok},
        {"a 204 without a redirect is not the contract", 204, false, ReplyKind::Failure, ErrorCode::UnexpectedResponse},
        {"redirect to an error page", 500, true, ReplyKind::Failure, ErrorCode::ServerError},
        {"redirect to a missing page", 404, true, ReplyKind::Failure, ErrorCode::UnexpectedResponse},
        {"plain 200", 200, false, ReplyKind::Success, ErrorCode::Ok},
    }));
    CAPTURE(row.name);
    const ServerReply r = interpret_response(row.status, "<html>Вітаємо</html>", "", {}, row.redirected);
    CHECK(r.kind == row.kind);
    CHECK(r.code == row.code);
}

TEST_CASE("a 422 from a classic endpoint names fields by their renamed form names", "[encoding]") {
    const WidgetConfig c = config_of(R"({"encoding": "form",
        "field_names": {"account": "ls", "captcha_answer": "captcha_code"}})");
    const ServerReply r = interpret_response(
        422, R"({"errors": {"ls": "account_details_mismatch", "captcha_code": "captcha_wrong"}})", "", c.names);
    CHECK(r.kind == ReplyKind::FieldErrors);
    CHECK(r.field_errors.at(Field::Account) == ErrorCode::AccountDetailsMismatch);
    CHECK(r.field_errors.at(Field::Captcha) == ErrorCode::CaptchaWrong);
    CHECK(r.renew_captcha);
}
