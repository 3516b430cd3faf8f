// The confirmation letter in the outbox, GET /api/confirm (a page with a button) and the
// button's POST /api/confirm (the only thing that confirms).
#include "server_fixture.hpp"

#include "abon/server/mailer.hpp"

#include <catch2/catch.hpp>
#include <sodium.h>

#include <regex>

using namespace abon::test;
using nlohmann::json;

namespace {

std::string header_of(const std::string& eml, const std::string& name) {
    const std::string head = eml.substr(0, eml.find("\r\n\r\n"));
    const std::string key = "\r\n" + name + ": ";
    const auto at = ("\r\n" + head).find(key);
    if (at == std::string::npos) return "";
    std::string value;
    std::size_t i = at + key.size() - 2;  // index in head
    while (i < head.size()) {  // unfold continuation lines
        const auto end = head.find("\r\n", i);
        value += head.substr(i, end - i);
        if (end == std::string::npos || end + 2 >= head.size() || head[end + 2] != ' ') break;
        i = end + 2;
    }
    return value;
}

std::string decode_words(const std::string& header) {  // RFC 2047 B-words only
    static const std::regex word(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=)");
    std::string out;
    for (auto it = std::sregex_iterator(header.begin(), header.end(), word); it != std::sregex_iterator(); ++it) {
        const std::string b64 = (*it)[1].str();
        std::string bin(b64.size(), '\0');
        std::size_t len = 0;
        sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), b64.data(), b64.size(), nullptr,
                          &len, nullptr, sodium_base64_VARIANT_ORIGINAL);
        out += bin.substr(0, len);
    }
    return out;
}

std::string register_and_read_letter(TestServer& s) {
    auto r = s.post(s.valid_payload());
    REQUIRE(r);
    REQUIRE(r->status == 201);
    REQUIRE(s.letters().size() == 1);
    return read_whole(s.letters().at(0));
}

}  // namespace

TEST_CASE("The confirmation letter is an RFC 5322 message in Ukrainian with the link") {
    TestServer s;
    const std::string eml = register_and_read_letter(s);
    CAPTURE(eml);
    CHECK(eml.find("\r\n\r\n") != std::string::npos);
    CHECK(std::regex_search(eml, std::regex("[^\r]\n")) == false);  // CRLF everywhere
    CHECK(decode_words(header_of(eml, "From")) == "Полтаватеплоенерго");
    CHECK(header_of(eml, "From").find("<noreply@te.pl.ua>") != std::string::npos);
    CHECK(header_of(eml, "To") == std::string("<") + kEmail + ">");
    CHECK(decode_words(header_of(eml, "Subject")) == "Підтвердження реєстрації в «Особистому кабінеті споживача»");
    CHECK(std::regex_match(header_of(eml, "Date"),
                           std::regex(R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000)")));
    CHECK(std::regex_match(header_of(eml, "Message-ID"), std::regex(R"(<[0-9a-f]{32}@[a-z.-]+>)")));
    CHECK(header_of(eml, "MIME-Version") == "1.0");
    CHECK(header_of(eml, "Content-Type") == "text/plain; charset=UTF-8");
    CHECK(header_of(eml, "Content-Transfer-Encoding") == "8bit");

    const std::string body = eml.substr(eml.find("\r\n\r\n") + 4);
    CHECK(body.find("Шевченко Тарас Григорович") != std::string::npos);
    CHECK(body.find("1-234-56-7") != std::string::npos);
    CHECK(body.find("«Не спам»") != std::string::npos);
    CHECK(body.find("«Спам»") != std::string::npos);
    const std::string link = s.origin() + "/api/confirm?token=";
    CHECK(body.find(link) != std::string::npos);
    CHECK(confirm_token_in(body).size() == 64);  // 256 bits, hex
    CHECK(body.find(kPassword) == std::string::npos);
    for (std::size_t start = 0, end; (end = eml.find("\r\n", start)) != std::string::npos; start = end + 2)
        CHECK(end - start <= 998);
}

TEST_CASE("Each letter carries its own token") {
    TestServer s;
    json a = s.valid_payload();
    json b = s.valid_payload();
    b["surname"] = "Петренко-Стельмах";
    b["given_name"] = "Оксана";
    b["patronymic"] = "Іванівна";
    b["account"] = "2-345-67-8";
    b["last_payment_kopecks"] = 98700;
    REQUIRE(s.post(a)->status == 201);
    REQUIRE(s.post(b)->status == 201);
    const auto letters = s.letters();
    REQUIRE(letters.size() == 2);
    CHECK(confirm_token_in(read_whole(letters[0])) != confirm_token_in(read_whole(letters[1])));
}

TEST_CASE("RFC 2047 words stay under 75 characters and never split a character") {
    const std::string text = "Підтвердження реєстрації в «Особистому кабінеті споживача» — ґанок, їжак, є";
    const std::string folded = abon::server::encode_header_word(text);
    std::size_t start = 0;
    while (true) {
        const auto end = folded.find("\r\n ", start);
        const std::string word = folded.substr(start, end == std::string::npos ? std::string::npos : end - start);
        CHECK(word.size() <= 75);
        CHECK(decode_words(word).size() > 0);
        if (end == std::string::npos) break;
        start = end + 3;
    }
    CHECK(decode_words(folded) == text);
}

// Issue 14: mail scanners and link previews open links; a GET confirmed the registration.
TEST_CASE("Opening the link shows a button and confirms nothing, however often") {
    TestServer s;
    const std::string token = confirm_token_in(register_and_read_letter(s));
    REQUIRE(token.size() == 64);
    for (int i = 0; i < 3; ++i) {
        auto page = s.open_link(token);
        REQUIRE(page);
        CHECK(page->status == 200);
        CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
        CHECK(page->get_header_value("Cache-Control") == "no-store");
        CHECK(page->get_header_value("Referrer-Policy") == "same-origin");  // the button's POST keeps its Origin
        CHECK(page->body.find("<html lang=\"uk\">") != std::string::npos);
        CHECK(page->body.find("Підтвердіть реєстрацію") != std::string::npos);
        CHECK(page->body.find("<form method=\"post\" action=\"/api/confirm\">") != std::string::npos);
        CHECK(page->body.find("<input type=\"hidden\" name=\"token\" value=\"" + token + "\">") != std::string::npos);
        CHECK(page->body.find("<button type=\"submit\">Підтвердити реєстрацію</button>") != std::string::npos);
    }
    // Still pending: the button confirms now (a confirmed one would be 410), once.
    CHECK(s.press_confirm(token)->status == 200);
    CHECK(s.press_confirm(token)->status == 410);
}

TEST_CASE("The button confirms once; used, unknown and malformed links get their pages") {
    TestServer s;
    const std::string token = confirm_token_in(register_and_read_letter(s));
    auto ok = s.press_confirm(token);
    REQUIRE(ok);
    CHECK(ok->status == 200);
    CHECK(ok->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(ok->body.find("Реєстрацію підтверджено") != std::string::npos);
    CHECK(ok->body.find("<a href=\"" + s.origin() + "/\">Увійти до кабінету</a>") != std::string::npos);

    auto used = s.press_confirm(token);
    REQUIRE(used);
    CHECK(used->status == 410);
    CHECK(used->body.find("вже використано") != std::string::npos);
    CHECK(s.open_link(token)->status == 410);

    struct Row { std::string note, token; };
    const Row row = GENERATE(values<Row>({
        {"unknown token", std::string(64, 'a')},
        {"cut short", std::string(63, 'a')},
        {"upper-case hex", std::string(64, 'A')},
        {"empty token", ""},
    }));
    CAPTURE(row.note);
    for (const bool post : {false, true}) {
        auto bad = post ? s.press_confirm(row.token) : s.open_link(row.token);
        REQUIRE(bad);
        CHECK(bad->status == 404);
        CHECK(bad->get_header_value("Content-Type") == "text/html; charset=utf-8");
        CHECK(bad->body.find("Посилання недійсне") != std::string::npos);
        CHECK(bad->body.find("This link is not valid") == std::string::npos);  // the title stays Ukrainian
        CHECK(bad->body.find("There is no such confirmation link") != std::string::npos);
    }
    auto no_token = s.client().Get("/api/confirm");
    REQUIRE(no_token);
    CHECK(no_token->status == 404);
    auto no_field = s.client().Post("/api/confirm", "other=1", "application/x-www-form-urlencoded");
    REQUIRE(no_field);
    CHECK(no_field->status == 404);
}

TEST_CASE("The button's POST is refused from another site") {
    TestServer s;
    const std::string token = confirm_token_in(register_and_read_letter(s));
    struct Row { std::string note; httplib::Headers headers; };
    const Row row = GENERATE(values<Row>({
        {"Sec-Fetch-Site: cross-site", {{"Sec-Fetch-Site", "cross-site"}}},
        {"a foreign Origin", {{"Origin", "https://evil.example"}}},
        {"Origin null", {{"Origin", "null"}}},
    }));
    CAPTURE(row.note);
    auto r = s.press_confirm(token, row.headers);
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(r->get_header_value("Content-Type") == "text/html; charset=utf-8");
    // Nothing was confirmed: the page's own POST still works.
    auto own = s.press_confirm(token, {{"Origin", s.origin()}, {"Sec-Fetch-Site", "same-origin"}});
    REQUIRE(own);
    CHECK(own->status == 200);
}

TEST_CASE("The button's POST takes a form body only") {
    TestServer s;
    const std::string token = confirm_token_in(register_and_read_letter(s));
    auto as_json = s.client().Post("/api/confirm", json{{"token", token}}.dump(), "application/json");
    REQUIRE(as_json);
    CHECK(as_json->status == 415);
    auto put = s.client().Put("/api/confirm", "token=" + token, "application/x-www-form-urlencoded");
    REQUIRE(put);
    CHECK(put->status == 405);
    CHECK(put->get_header_value("Allow") == "GET, POST");
    CHECK(s.press_confirm(token)->status == 200);
}

TEST_CASE("The confirmed page links to ABON_SIGNIN_URL, and the letter comes from ABON_SENDER") {
    TestServer s([](abon::server::ServerConfig& c) {
        c.signin_url = "https://te.pl.ua/cabinet/login";
        c.sender = "kabinet@te.pl.ua";
    });
    const std::string eml = register_and_read_letter(s);
    CHECK(header_of(eml, "From").find("<kabinet@te.pl.ua>") != std::string::npos);
    CHECK(eml.find("kabinet@te.pl.ua до списку контактів") != std::string::npos);
    auto ok = s.press_confirm(confirm_token_in(eml));
    REQUIRE(ok);
    CHECK(ok->body.find("<a href=\"https://te.pl.ua/cabinet/login\">") != std::string::npos);
}

TEST_CASE("A registration made in English gets the English letter and pages") {
    TestServer s;
    json p = s.valid_payload();
    p["lang"] = "en";
    REQUIRE(s.post(p)->status == 201);
    const std::string eml = read_whole(s.letters().at(0));
    CHECK(decode_words(header_of(eml, "Subject")) == "Confirm your registration in the Customer Account");
    CHECK(decode_words(header_of(eml, "From")) == "Poltavateploenergo");
    CHECK(eml.find("Hello, Шевченко Тарас Григорович!") != std::string::npos);
    CHECK(eml.find("«Not spam»") != std::string::npos);
    const std::string token = confirm_token_in(eml);
    auto page = s.open_link(token);
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body.find("<html lang=\"en\">") != std::string::npos);
    CHECK(page->body.find("<button type=\"submit\">Confirm registration</button>") != std::string::npos);
    auto ok = s.press_confirm(token);
    REQUIRE(ok);
    CHECK(ok->body.find("Registration confirmed") != std::string::npos);
    auto used = s.press_confirm(token);
    CHECK(used->status == 410);
    CHECK(used->body.find("This link was already used") != std::string::npos);
}

TEST_CASE("A link expires after 48 hours, and the account may then register again") {
    TestServer s;
    const std::string token = confirm_token_in(register_and_read_letter(s));
    s.clock().advance(std::chrono::hours(48));
    for (const bool post : {false, true}) {
        auto r = post ? s.press_confirm(token) : s.open_link(token);
        REQUIRE(r);
        CHECK(r->status == 410);
        CHECK(r->body.find("Термін дії посилання минув") != std::string::npos);
    }

    auto again = s.post(s.valid_payload());
    REQUIRE(again);
    CHECK(again->status == 201);
}

TEST_CASE("A confirmed registration keeps the account taken for good") {
    TestServer s;
    const std::string token = confirm_token_in(register_and_read_letter(s));
    REQUIRE(s.press_confirm(token)->status == 200);
    s.clock().advance(std::chrono::hours(24 * 365));
    CHECK(s.post(s.valid_payload())->status == 409);
}

TEST_CASE("Behind ABON_PUBLIC_URL the button's POST comes from the public origin") {
    TestServer s([](abon::server::ServerConfig& c) { c.public_url = "https://te.pl.ua/abon"; });
    const std::string eml = register_and_read_letter(s);
    CHECK(eml.find("https://te.pl.ua/abon/api/confirm?token=") != std::string::npos);
    const std::string token = confirm_token_in(eml);
    auto page = s.open_link(token);
    REQUIRE(page);
    CHECK(page->body.find("<a href=\"/\">") != std::string::npos);
    CHECK(s.press_confirm(token, {{"Origin", "https://te.pl.ua.evil.example"}})->status == 403);
    auto ok = s.press_confirm(token, {{"Origin", "https://te.pl.ua"}, {"Sec-Fetch-Site", "same-origin"}});
    REQUIRE(ok);
    CHECK(ok->status == 200);
    CHECK(ok->body.find("<a href=\"https://te.pl.ua/abon/\">") != std::string::npos);  // ABON_SIGNIN_URL's default
}

TEST_CASE("/api/confirm serves GET and POST only") {
    TestServer s;
    for (const char* method : {"HEAD", "OPTIONS", "DELETE"}) {
        CAPTURE(method);
        const RawReply r = raw_http(s.port(), std::string(method) + " /api/confirm?token=" + std::string(64, 'a') +
                                                  " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        CHECK(r.status == 405);
        CHECK(header_in(r.head, "Allow") == "GET, POST");
    }
}
