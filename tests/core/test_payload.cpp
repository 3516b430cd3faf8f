#include "vectors.hpp"

#include "abon/amount.hpp"
#include "abon/payload.hpp"

#include <limits>

using namespace abon;
using nlohmann::json;

namespace {
// The JSON the widget sends by default, under these names.
std::string build_payload(const FormVerdict& form, const FormInput& in, std::string_view token, Lang lang,
                          const OutgoingNames& names = {}) {
    WidgetConfig config;
    config.names = names;
    return encode_payload(make_payload(form, in, token, lang), config).body;
}

FormInput valid_input() {
    FormInput in;
    in[Field::Surname] = "Шевченко";
    in[Field::GivenName] = "Тарас";
    in[Field::Patronymic] = "Григорович";
    in[Field::Account] = "1234567";
    in[Field::Password] = in[Field::PasswordConfirm] = "Kobzar1814poet";
    in[Field::Email] = in[Field::EmailConfirm] = "taras@ukr.net";
    in[Field::Captcha] = "kxrta";
    in[Field::LastPayment] = "1234,56";
    return in;
}
}  // namespace

TEST_CASE("the payload has spec section 4's shape and canonical values", "[payload]") {
    const FormInput in = valid_input();
    const FormVerdict form = validate_form(in);
    REQUIRE(form.ok());
    const json p = json::parse(build_payload(form, in, "tok-1", Lang::Uk));
    const json expected = {
        {"surname", "Шевченко"}, {"given_name", "Тарас"}, {"patronymic", "Григорович"},
        {"account", "1-234-56-7"}, {"password", "Kobzar1814poet"}, {"email", "taras@ukr.net"},
        {"captcha", {{"token", "tok-1"}, {"answer", "KXRTA"}}}, {"last_payment_kopecks", 123456},
        {"lang", "uk"}};
    CHECK(p == expected);
    CHECK(p.at("last_payment_kopecks").is_number_integer());
    CHECK_FALSE(p.contains("password_confirm"));
    CHECK_FALSE(p.contains("email_confirm"));
}

TEST_CASE("outgoing field names come from the configuration", "[payload]") {
    const ConfigResult cfg = parse_widget_config(R"({
        "field_names": {"surname": "last_name", "account": "ls", "last_payment": "sum",
                        "captcha": "cap", "captcha_answer": "code"},
        "apostrophe": "’", "patronymic_optional": true, "captcha_length": 6})");
    REQUIRE(cfg.config);
    CHECK(cfg.config->rules.apostrophe == "\u2019");
    CHECK(cfg.config->rules.patronymic_optional);
    CHECK(cfg.config->rules.captcha_length == 6);
    const FormInput in = valid_input();
    const json p = json::parse(build_payload(validate_form(in), in, "t", Lang::En, cfg.config->names));
    CHECK(p.at("last_name") == "Шевченко");
    CHECK(p.at("ls") == "1-234-56-7");
    CHECK(p.at("sum") == 123456);
    CHECK(p.at("cap") == json{{"token", "t"}, {"code", "KXRTA"}});
    CHECK(p.at("lang") == "en");
    CHECK_FALSE(p.contains("surname"));
}

struct BadConfigRow {
    const char* name;
    const char* text;
};

TEST_CASE("a bad configuration is refused with a reason", "[payload]") {
    const auto row = GENERATE(values<BadConfigRow>({
        {"not JSON", "{"},
        {"not an object", "[1]"},
        {"unknown apostrophe", R"({"apostrophe": "`"})"},
        {"patronymic flag as text", R"({"patronymic_optional": "yes"})"},
        {"captcha length 0", R"({"captcha_length": 0})"},
        {"captcha length as text", R"({"captcha_length": "5"})"},
        {"unknown field name key", R"({"field_names": {"phone": "tel"}})"},
        {"empty outgoing name", R"({"field_names": {"surname": ""}})"},
        {"outgoing name not a string", R"({"field_names": {"surname": 1}})"},
        {"request timeout below 1 s", R"({"request_timeout_ms": 999})"},
        {"request timeout above 60 s", R"({"request_timeout_ms": 60001})"},
        {"request timeout as text", R"({"request_timeout_ms": "5000"})"},
    }));
    CAPTURE(row.name);
    const ConfigResult r = parse_widget_config(row.text);
    CHECK_FALSE(r.config);
    CHECK_FALSE(r.error.empty());
}

TEST_CASE("a CAPTCHA challenge is read only when complete and sane", "[payload]") {
    const auto c = parse_captcha_challenge(
        R"({"token": "abc", "image": "/api/captcha/abc.png", "length": 5, "expires_in": 300})");
    REQUIRE(c);
    CHECK(c->token == "abc");
    CHECK(c->image_url == "/api/captcha/abc.png");
    CHECK(c->length == 5);
    CHECK(c->expires_in == 300);
    CHECK_FALSE(parse_captcha_challenge(R"({"token": "abc", "image": "x.png", "length": 0})"));
    CHECK_FALSE(parse_captcha_challenge(R"({"token": "abc", "image": "x.png", "length": "5"})"));
    CHECK_FALSE(parse_captcha_challenge(R"({"image": "x.png", "length": 5})"));
    CHECK_FALSE(parse_captcha_challenge("<html>"));
    CHECK_FALSE(parse_captcha_challenge(""));
}

struct ReplyRow {
    const char* name;
    int status;
    const char* body;
    const char* retry_after;
    ReplyKind kind;
    ErrorCode code;
};

TEST_CASE("every server answer becomes one reply the widget can show", "[payload]") {
    const auto row = GENERATE(values<ReplyRow>({
        {"created", 201, R"({"status":"pending"})", "", ReplyKind::Success, ErrorCode::Ok},
        {"ok", 200, "", "", ReplyKind::Success, ErrorCode::Ok},
        {"conflict", 409, R"({"error":"account_already_registered"})", "", ReplyKind::Failure,
         ErrorCode::AccountAlreadyRegistered},
        {"rate limited", 429, "", "30", ReplyKind::Failure, ErrorCode::RateLimited},
        {"bad request", 400, R"({"error":"bad_request"})", "", ReplyKind::Failure, ErrorCode::BadRequest},
        {"server error", 500, "<html>oops</html>", "", ReplyKind::Failure, ErrorCode::ServerError},
        {"bad gateway", 502, "", "", ReplyKind::Failure, ErrorCode::ServerError},
        {"network down", 0, "", "", ReplyKind::Failure, ErrorCode::NetworkError},
        {"timeout", -1, "", "", ReplyKind::Failure, ErrorCode::Timeout},
        {"teapot", 418, "", "", ReplyKind::Failure, ErrorCode::UnexpectedResponse},
        {"cross-site", 403, "", "", ReplyKind::Failure, ErrorCode::CrossSiteRefused},
        {"422 with a form-level error", 422, R"({"error":"account_details_mismatch"})", "",
         ReplyKind::Failure, ErrorCode::AccountDetailsMismatch},
        {"422 unreadable", 422, "not json", "", ReplyKind::Failure, ErrorCode::UnexpectedResponse},
        {"422 field errors", 422, R"({"errors":{"email":"email_invalid","captcha":"captcha_wrong"}})", "",
         ReplyKind::FieldErrors, ErrorCode::Ok},
    }));
    CAPTURE(row.name);
    const ServerReply r = interpret_response(row.status, row.body, row.retry_after);
    CHECK(r.kind == row.kind);
    CHECK(r.code == row.code);
    CHECK(r.renew_captcha == (row.kind != ReplyKind::Success));
}

TEST_CASE("422 field errors land at their fields, by id or outgoing name", "[payload]") {
    OutgoingNames names;
    names.last_payment = "sum";
    const ServerReply r = interpret_response(
        422, R"({"errors":{"email":"email_invalid","sum":"amount_too_large","captcha":"captcha_wrong",
                          "account":"account_details_mismatch","mystery":"some_new_code"}})",
        {}, names);
    REQUIRE(r.kind == ReplyKind::FieldErrors);
    CHECK(r.field_errors.at(Field::Email) == ErrorCode::EmailInvalid);
    CHECK(r.field_errors.at(Field::LastPayment) == ErrorCode::AmountTooLarge);
    CHECK(r.field_errors.at(Field::Captcha) == ErrorCode::CaptchaWrong);
    CHECK(r.code == ErrorCode::AccountDetailsMismatch);  // also shown above the button
}

TEST_CASE("Retry-After is read as seconds, with a safe fallback", "[payload]") {
    CHECK(interpret_response(429, "", "7").retry_after_seconds == 7);
    CHECK(interpret_response(429, "", "Wed, 21 Oct 2026 07:28:00 GMT").retry_after_seconds == 60);
    CHECK(interpret_response(429, "", "").retry_after_seconds == 60);
    CHECK(interpret_response(429, "", "99999999").retry_after_seconds == 86400);
}

TEST_CASE("the request timeout is configurable within bounds", "[payload]") {
    CHECK(parse_widget_config("{}").config->request_timeout_ms == kDefaultRequestTimeoutMs);
    CHECK(parse_widget_config(R"({"request_timeout_ms": 1000})").config->request_timeout_ms == 1000);
    CHECK(parse_widget_config(R"({"request_timeout_ms": 60000})").config->request_timeout_ms == 60000);
}

// tests/vectors/endpoint.json, shared with the plain form's JS (tests/web/rules.test.mjs).
TEST_CASE("endpoint vectors: https, relative, or plain http on localhost only", "[payload]") {
    const json doc = test::load_json("vectors/endpoint.json");
    for (const auto& row : doc.at("allowed")) {
        CAPTURE(row.at("note").get<std::string>(), row.at("input").get<std::string>());
        CHECK(check_endpoint_url(row.at("input").get<std::string>(), row.at("page_origin").get<std::string>()) ==
              std::nullopt);
    }
    for (const auto& row : doc.at("refused")) {
        const std::string url = row.at("input").get<std::string>();
        CAPTURE(row.at("note").get<std::string>(), url);
        const auto why = check_endpoint_url(url, row.at("page_origin").get<std::string>());
        REQUIRE(why);
        CHECK(*why == "the endpoint " + url + " is refused: " + row.at("reason").get<std::string>());
    }
    CHECK(doc.at("allowed").size() + doc.at("refused").size() >= 40);
}

// tests/vectors/reply.json: what each answer means, shared with the plain form's JS.
TEST_CASE("reply vectors: every status and body read as the widget reads them", "[payload]") {
    const json doc = test::load_json("vectors/reply.json");
    for (const auto& row : doc.at("rows")) {
        CAPTURE(row.at("note").get<std::string>(), row.at("status").get<int>(), row.at("body").get<std::string>());
        OutgoingNames names;
        if (row.contains("names")) {
            const ConfigResult c = parse_widget_config(json{{"field_names", row.at("names")}}.dump());
            REQUIRE(c.config);
            names = c.config->names;
        }
        const ServerReply r = interpret_response(row.at("status").get<int>(), row.at("body").get<std::string>(),
                                                 row.value("retry_after", std::string()), names,
                                                 row.value("redirected", false));
        if (row.value("success", false)) {
            CHECK(r.kind == ReplyKind::Success);
            continue;
        }
        CHECK(r.kind != ReplyKind::Success);
        const std::string code = r.code == ErrorCode::Ok ? "" : std::string(error_id(r.code));
        CHECK(code == row.at("code").get<std::string>());
        json fields = json::object();
        for (const auto& [field, c] : r.field_errors) fields[std::string(field_id(field))] = error_id(c);
        CHECK(fields == row.at("fields"));
        if (row.contains("retry_after_seconds")) CHECK(r.retry_after_seconds == row.at("retry_after_seconds").get<int>());
    }
}

TEST_CASE("parse_payload is the inverse of encode_payload", "[payload]") {
    const FormInput in = valid_input();
    const FormVerdict form = validate_form(in);
    REQUIRE(form.ok());
    struct Row { const char* note; OutgoingNames names; Lang lang; };
    OutgoingNames renamed;
    renamed.surname = "last_name";
    renamed.captcha = "challenge";
    renamed.captcha_answer = "text";
    renamed.last_payment = "amount";
    renamed.lang = "locale";
    const Row row = GENERATE_COPY(values<Row>({{"spec names", OutgoingNames{}, Lang::Uk}, {"renamed", renamed, Lang::En}}));
    CAPTURE(row.note);
    const std::string sent = build_payload(form, in, "tok-1", row.lang, row.names);
    const PayloadParse back = parse_payload(sent, row.names);
    REQUIRE(back.payload);
    const Payload& p = *back.payload;
    for (Field f : {Field::Surname, Field::GivenName, Field::Patronymic, Field::Account, Field::Email, Field::Captcha}) {
        CAPTURE(field_id(f));
        CHECK(p.input[f] == form[f]->value);  // the canonical values come back
    }
    CHECK(p.input[Field::Password] == in[Field::Password]);
    CHECK(p.captcha_token == "tok-1");
    CHECK(p.kopecks == form[Field::LastPayment]->kopecks);
    CHECK(p.lang == row.lang);
    // And once more round: the same JSON.
    FormInput again = p.input;
    again[Field::PasswordConfirm] = again[Field::Password];
    again[Field::EmailConfirm] = again[Field::Email];
    again[Field::LastPayment] = format_kopecks(*p.kopecks);
    const FormVerdict form2 = validate_form(again);
    REQUIRE(form2.ok());
    CHECK(build_payload(form2, again, p.captcha_token, p.lang, row.names) == sent);
}

TEST_CASE("parse_payload refuses wrong JSON types and reads missing values as empty", "[payload]") {
    struct Row { const char* body; const char* error_mentions; };
    const Row bad = GENERATE(values<Row>({
        {"", "JSON"}, {"[1]", "object"}, {R"({"surname": 5})", "surname"}, {R"({"captcha": "x"})", "captcha"},
        {R"({"captcha": {"token": 1}})", "captcha"}, {R"({"last_payment_kopecks": 12.5})", "last_payment_kopecks"},
        {R"({"lang": "de"})", "lang"},
        // Issue 26: a body read differently by another parser. Before: the last key won, a BOM was skipped.
        {R"({"surname": "x", "surname": "y"})", "each key once"},
        {R"({"captcha": {"token": "a", "answer": "B", "token": "c"}})", "each key once"},
        {"\xEF\xBB\xBF{}", "BOM"},
    }));
    CAPTURE(bad.body);
    const PayloadParse r = parse_payload(bad.body);
    CHECK_FALSE(r.payload);
    CHECK(r.error.find(bad.error_mentions) != std::string::npos);

    const PayloadParse empty = parse_payload(R"({"surname": null, "last_payment_kopecks": 18446744073709551615})");
    REQUIRE(empty.payload);
    CHECK(empty.payload->input[Field::Surname] == std::string());
    CHECK(empty.payload->input[Field::Email] == std::string());
    CHECK(empty.payload->kopecks == std::numeric_limits<std::int64_t>::max());
    CHECK_FALSE(parse_payload("{}").payload->kopecks);
}

TEST_CASE("validate_kopecks holds the amount's range for a count of kopecks", "[payload]") {
    CHECK(validate_kopecks(std::nullopt) == ErrorCode::Required);
    CHECK(validate_kopecks(0) == ErrorCode::AmountNotPositive);
    CHECK(validate_kopecks(-5) == ErrorCode::AmountNotPositive);
    CHECK(validate_kopecks(1) == ErrorCode::Ok);
    CHECK(validate_kopecks(kAmountMaxKopecks) == ErrorCode::Ok);
    CHECK(validate_kopecks(kAmountMaxKopecks + 1) == ErrorCode::AmountTooLarge);
    CHECK(validate_amount(format_kopecks(kAmountMaxKopecks)).ok());  // both rules agree at the edge
}

TEST_CASE("the CAPTCHA image URL is resolved against the captcha URL and must keep its origin", "[payload]") {
    struct Row { const char* image; const char* captcha_url; std::optional<std::string> resolved; };
    const Row row = GENERATE(values<Row>({
        {"/api/captcha/ab.png", "/api/captcha", std::string("/api/captcha/ab.png")},
        {"ab.png", "/api/captcha", std::string("/api/ab.png")},
        {"/api/captcha/ab.png", "https://te.pl.ua/api/captcha", std::string("https://te.pl.ua/api/captcha/ab.png")},
        {"https://TE.pl.ua/i/ab.png", "https://te.pl.ua/api/captcha", std::string("https://TE.pl.ua/i/ab.png")},
        {"//te.pl.ua/i/ab.png", "https://te.pl.ua/api/captcha", std::string("https://te.pl.ua/i/ab.png")},
        {"img/ab.png", "https://te.pl.ua/api/captcha?x=/y", std::string("https://te.pl.ua/api/img/ab.png")},
        // refused: another origin, another scheme, a relative captcha URL with an absolute image
        {"https://evil.example/ab.png", "https://te.pl.ua/api/captcha", std::nullopt},
        {"http://te.pl.ua/ab.png", "https://te.pl.ua/api/captcha", std::nullopt},
        {"https://te.pl.ua:8443/ab.png", "https://te.pl.ua/api/captcha", std::nullopt},
        {"//evil.example/ab.png", "https://te.pl.ua/api/captcha", std::nullopt},
        {"//evil.example/ab.png", "/api/captcha", std::nullopt},
        {"https://te.pl.ua/ab.png", "/api/captcha", std::nullopt},
        {"data:image/png;base64,AAAA", "/api/captcha", std::nullopt},
        {"javascript:alert(1)", "https://te.pl.ua/api/captcha", std::nullopt},
        {"/\\evil.example/ab.png", "/api/captcha", std::nullopt},
        {"/a b.png", "/api/captcha", std::nullopt},
        {"", "/api/captcha", std::nullopt},
    }));
    CAPTURE(row.image, row.captcha_url);
    CHECK(resolve_captcha_image_url(row.image, row.captcha_url) == row.resolved);
}

TEST_CASE("outgoing_slots name the keys encode_payload sends each field under", "[payload]") {
    OutgoingNames names;
    for (const std::string_view slot : kOutgoingSlots) *outgoing_name(names, slot) = "x_" + std::string(slot);
    const FormInput in = valid_input();
    const json p = json::parse(build_payload(validate_form(in), in, "tok-1", Lang::Uk, names));
    std::size_t sent = 0;
    for (std::size_t i = 0; i < kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        CAPTURE(field_id(f));
        const auto slots = outgoing_slots(f);
        if (f == Field::PasswordConfirm || f == Field::EmailConfirm) {
            CHECK(slots.empty());
            continue;
        }
        REQUIRE_FALSE(slots.empty());
        CHECK(p.contains(*outgoing_name(names, slots[0])));
        ++sent;
        if (f == Field::Captcha) {
            REQUIRE(slots.size() == 3);
            CHECK(p.at("x_captcha").contains(*outgoing_name(names, slots[1])));
            CHECK(p.at("x_captcha").contains(*outgoing_name(names, slots[2])));
            CHECK(reply_slots(f) == std::vector<std::string_view>{"captcha", "captcha_answer"});
        } else {
            CHECK(reply_slots(f) == slots);
        }
    }
    CHECK(p.size() == sent + 1);  // and lang
    CHECK(p.contains("x_lang"));
    CHECK(outgoing_name(names, "no_such_key") == nullptr);
}

TEST_CASE("the server reads the follow-up bodies the widget writes", "[payload][follow_up]") {
    const std::string handle = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
    const FollowUpRequestParse resend = parse_follow_up_request(resend_body(handle), false);
    REQUIRE(resend.request);
    CHECK(resend.request->handle == handle);
    const FollowUpRequestParse change = parse_follow_up_request(change_email_body(handle, "taras@i.ua"), true);
    REQUIRE(change.request);
    CHECK(change.request->handle == handle);
    CHECK(change.request->email == "taras@i.ua");

    // The client's bugs, said in English; a handle of another shape is no handle.
    CHECK(parse_follow_up_request("[]", false).error == "the body must be a JSON object");
    CHECK(parse_follow_up_request("{", false).error == "the body is not valid JSON (without a BOM, each key once)");
    CHECK(parse_follow_up_request(R"({"handle":5})", false).error == "handle must be a string");
    CHECK_FALSE(parse_follow_up_request(R"({"handle":"a","handle":"b"})", false).request);
    CHECK_FALSE(parse_follow_up_request("\xEF\xBB\xBF" + resend_body(handle), false).request);
    CHECK(parse_payload(R"({"a": {"k": 1}, "b": {"k": 2}})").payload);  // the same key in two objects is fine
    CHECK(parse_follow_up_request(resend_body(handle), true).error == "email must be a string");
    for (const char* odd : {"short", "with space in it, long enough", "ünïcødé-handle-long-enough"}) {
        CAPTURE(odd);
        const FollowUpRequestParse r = parse_follow_up_request(resend_body(odd), false);
        REQUIRE(r.request);
        CHECK(r.request->handle.empty());
    }
}

TEST_CASE("one status table: the server's status for a code is the status the widget reads as it", "[payload][errors]") {
    int answered = 0;
    for (int i = 0; i < static_cast<int>(ErrorCode::Count_); ++i) {
        const auto code = static_cast<ErrorCode>(i);
        const auto status = http_status(code);
        if (!status) continue;
        CAPTURE(error_id(code), *status);
        ++answered;
        const ServerReply bare = interpret_response(*status, "");
        CHECK(bare.kind == ReplyKind::Failure);
        if (code == ErrorCode::RegistrationNotFound || code == ErrorCode::ResendLimitReached) {
            // The follow-ups' answers: the status needs the body's id, which says which.
            CHECK(status_error(*status) != code);
            const std::string body = R"({"error": ")" + std::string(error_id(code)) + R"("})";
            CHECK(interpret_follow_up_response(*status, body).code == code);
        } else {
            CHECK(status_error(*status) == code);
            CHECK(bare.code == code);
        }
    }
    CHECK(answered >= 8);
    CHECK(status_error(0) == ErrorCode::NetworkError);
    CHECK(status_error(-1) == ErrorCode::Timeout);
    CHECK(status_error(503) == ErrorCode::ServerError);
    CHECK_FALSE(status_error(404));  // a registration's 404 is no answer of the contract
    CHECK(interpret_response(404, "").code == ErrorCode::UnexpectedResponse);
    CHECK_FALSE(http_status(ErrorCode::AccountDigitCount));  // a field's code goes in a 422
}
