// Reading the environment and the command line (spec §5).
#include "abon/server/config.hpp"

#include <catch2/catch.hpp>

#include <map>

using abon::server::ConfigError;
using abon::server::ServerConfig;

namespace {

struct Env {
    std::vector<std::pair<std::string, std::string>> vars;
    abon::server::EnvLookup lookup() const {
        auto copy = vars;
        return [copy](const char* name) -> std::optional<std::string> {
            for (const auto& [k, v] : copy)
                if (k == name) return v;
            return std::nullopt;
        };
    }
};

}  // namespace

TEST_CASE("Defaults are the spec's") {
    const auto parsed = abon::server::config_from({}, Env{}.lookup());
    REQUIRE(std::holds_alternative<ServerConfig>(parsed));
    const auto& c = std::get<ServerConfig>(parsed);
    CHECK(c.port == 8080);
    CHECK(c.bind == "127.0.0.1");
    CHECK(c.data_dir == "var");
    CHECK(c.site_dir == "build/wasm-release/site");
    CHECK_FALSE(c.captcha_fixed);
    CHECK(c.allowed_origins.empty());  // the two loopback origins of the bound port
    CHECK(c.limits.captcha_length == 5);
    CHECK(c.limits.max_body_bytes == 16 * 1024);
    CHECK(c.demo_accounts.at(0).account == "1-234-56-7");
    CHECK(c.sender == "noreply@te.pl.ua");
    CHECK(c.signin_url.empty());  // the public URL's "/"
    CHECK(c.limits.resend_interval == std::chrono::seconds(60));
    CHECK(c.limits.max_resends == 3);
}

TEST_CASE("Environment and arguments are read") {
    const Env env{{{"ABON_PORT", "9090"},
                   {"ABON_BIND", "127.0.0.2"},
                   {"ABON_DATA_DIR", "/tmp/abon"},
                   {"ABON_FRAME_ANCESTORS", "'self' https://te.pl.ua"},
                   {"ABON_ALLOWED_ORIGINS", " https://te.pl.ua/, http://localhost:9090 ,"},
                   {"ABON_CAPTCHA_FIXED", "kxmn"},
                   {"ABON_RATE_PER_MINUTE", "20"},
                   {"ABON_SENDER", " Kabinet@TE.PL.UA "},
                   {"ABON_SIGNIN_URL", "https://te.pl.ua/cabinet/login"},
                   {"ABON_RESEND_INTERVAL_S", "2"}}};
    const auto parsed = abon::server::config_from({"--static", "/srv/site"}, env.lookup());
    REQUIRE(std::holds_alternative<ServerConfig>(parsed));
    const auto& c = std::get<ServerConfig>(parsed);
    CHECK(c.port == 9090);
    CHECK(c.bind == "127.0.0.2");
    CHECK(c.frame_ancestors == "'self' https://te.pl.ua");
    CHECK(c.data_dir == "/tmp/abon");
    CHECK(c.site_dir == "/srv/site");
    CHECK(c.allowed_origins == std::vector<std::string>{"https://te.pl.ua", "http://localhost:9090"});
    CHECK(c.captcha_fixed == std::optional<std::string>("KXMN"));
    CHECK(c.limits.captcha_length == 4);
    CHECK(c.limits.register_per_client.per_minute == 20);
    CHECK(c.sender == "Kabinet@te.pl.ua");  // the core's canonical form: trimmed, domain lower-cased
    CHECK(c.signin_url == "https://te.pl.ua/cabinet/login");
    CHECK(c.limits.resend_interval == std::chrono::seconds(2));
}

TEST_CASE("Bad configuration is refused with a message") {
    struct Row { std::string note; std::vector<std::string> args; Env env; };
    const Row row = GENERATE(values<Row>({
        {"port is text", {}, Env{{{"ABON_PORT", "http"}}}},
        {"port out of range", {}, Env{{{"ABON_PORT", "70000"}}}},
        {"fixed answer with a digit", {}, Env{{{"ABON_CAPTCHA_FIXED", "KX1"}}}},
        {"fixed answer outside the alphabet (issue 24)", {}, Env{{{"ABON_CAPTCHA_FIXED", "KXRTA"}}}},
        // Regression (issue 13): a known CAPTCHA answer started on every interface.
        {"fixed answer on 0.0.0.0", {}, Env{{{"ABON_BIND", "0.0.0.0"}, {"ABON_CAPTCHA_FIXED", "KXMNA"}}}},
        {"fixed answer on a public address", {}, Env{{{"ABON_BIND", "192.0.2.1"}, {"ABON_CAPTCHA_FIXED", "KXMNA"}}}},
        {"frame-ancestors smuggling a directive", {}, Env{{{"ABON_FRAME_ANCESTORS", "'self'; script-src *"}}}},
        {"rate of zero", {}, Env{{{"ABON_RATE_PER_MINUTE", "0"}}}},
        {"missing accounts file", {}, Env{{{"ABON_DEMO_ACCOUNTS", "/nonexistent/accounts.json"}}}},
        {"sender not an address", {}, Env{{{"ABON_SENDER", "noreply"}}}},
        {"sender with a display name", {}, Env{{{"ABON_SENDER", "TE <noreply@te.pl.ua>"}}}},
        {"sign-in URL of another scheme", {}, Env{{{"ABON_SIGNIN_URL", "javascript:alert(1)"}}}},
        {"sign-in URL with a quote", {}, Env{{{"ABON_SIGNIN_URL", "https://te.pl.ua/\"onclick=x"}}}},
        {"sign-in URL scheme-relative", {}, Env{{{"ABON_SIGNIN_URL", "//evil.example/"}}}},
        {"resend interval as text", {}, Env{{{"ABON_RESEND_INTERVAL_S", "1m"}}}},
        {"resend interval negative", {}, Env{{{"ABON_RESEND_INTERVAL_S", "-1"}}}},
        {"resend interval over a day", {}, Env{{{"ABON_RESEND_INTERVAL_S", "86401"}}}},
        {"SMTP URL of another scheme", {}, Env{{{"ABON_SMTP_URL", "http://mail.te.pl.ua"}}}},
        {"SMTP URL with credentials", {}, Env{{{"ABON_SMTP_URL", "smtp://abon:secret@mail.te.pl.ua:587"}}}},
        {"SMTP TLS of a third kind", {}, Env{{{"ABON_SMTP_TLS", "sometimes"}}}},
        {"SMTP user without a password", {}, Env{{{"ABON_SMTP_USER", "abon"}}}},
        {"retry wait as text", {}, Env{{{"ABON_SMTP_RETRY_S", "30s"}}}},
        {"retry wait of zero", {}, Env{{{"ABON_SMTP_RETRY_S", "0"}}}},
        {"DKIM domain without selector and key", {}, Env{{{"ABON_DKIM_DOMAIN", "te.pl.ua"}}}},
        {"DKIM key file missing", {}, Env{{{"ABON_DKIM_DOMAIN", "te.pl.ua"}, {"ABON_DKIM_SELECTOR", "s1"},
                                           {"ABON_DKIM_KEY", "/nonexistent/dkim.pem"}}}},
        {"DKIM domain not the sender's", {}, Env{{{"ABON_DKIM_DOMAIN", "example.org"}, {"ABON_DKIM_SELECTOR", "s1"},
                                                  {"ABON_DKIM_KEY", "/etc/hostname"}}}},
        {"DKIM key not PEM", {}, Env{{{"ABON_DKIM_DOMAIN", "te.pl.ua"}, {"ABON_DKIM_SELECTOR", "s1"},
                                      {"ABON_DKIM_KEY", "/etc/hostname"}}}},
        {"unknown argument", {"--port", "1"}, Env{}},
        {"--site without a folder", {"--site"}, Env{}},
    }));
    CAPTURE(row.note);
    const auto parsed = abon::server::config_from(row.args, row.env.lookup());
    REQUIRE(std::holds_alternative<ConfigError>(parsed));
    CHECK_FALSE(std::get<ConfigError>(parsed).message.empty());
}

TEST_CASE("The mail settings are read; the retry wait may be a fraction of a second") {
    const Env env{{{"ABON_SMTP_URL", "smtps://mail.te.pl.ua:465"}, {"ABON_SMTP_TLS", "required"},
                   {"ABON_SMTP_USER", "abon"}, {"ABON_SMTP_PASSWORD", "s3cret"}, {"ABON_SMTP_RETRY_S", "0.25"},
                   {"ABON_SENDER", "kabinet@mail.te.pl.ua"}}};
    const auto parsed = abon::server::config_from({}, env.lookup());
    REQUIRE(std::holds_alternative<ServerConfig>(parsed));
    const auto& m = std::get<ServerConfig>(parsed).mail;
    CHECK(m.smtp_url == "smtps://mail.te.pl.ua:465");
    CHECK(m.tls_required);
    CHECK(m.user == "abon");
    CHECK(m.password == "s3cret");
    CHECK(m.retry.first_wait_ms == 250);
    CHECK(m.retry.give_up_after_ms == 24 * 3'600'000);
    const auto defaults = std::get<ServerConfig>(abon::server::config_from({}, Env{}.lookup())).mail;
    CHECK(defaults.smtp_url.empty());  // the outbox
    CHECK(defaults.retry.first_wait_ms == 30'000);
    CHECK_FALSE(defaults.tls_required);
}

TEST_CASE("Demo accounts from JSON are checked") {
    const auto accounts = abon::server::parse_demo_accounts(
        R"([{"account": "7654321", "surname": "Бондар", "given_name": "Ірина", "last_payment_kopecks": 5000}])");
    REQUIRE(accounts.size() == 1);
    CHECK(accounts[0].account == "7-654-32-1");
    CHECK(accounts[0].patronymic.empty());
    CHECK_THROWS(abon::server::parse_demo_accounts(R"([{"account": "12", "surname": "А", "given_name": "Б", "last_payment_kopecks": 1}])"));
    CHECK_THROWS(abon::server::parse_demo_accounts(R"([{"account": "7654321", "surname": "А", "given_name": "Б", "last_payment_kopecks": 0}])"));
    CHECK_THROWS(abon::server::parse_demo_accounts("{}"));
}
