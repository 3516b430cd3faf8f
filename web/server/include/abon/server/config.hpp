// abon/server/config.hpp — everything the demo endpoint can be told, and where it comes from.
//
// Index
//   [SECTION] Clock and log sink (injectable, so tests control time and read the log)
//   [SECTION] Limits
//   [SECTION] Mail (SMTP, DKIM, retries)
//   [SECTION] ServerConfig
//   [SECTION] Reading the environment and the command line
//
// - Defaults are the spec's (§5): port 8080, bind 127.0.0.1, data in ./var, site in ./build/wasm-release/site (the wasm-release preset builds it).
// - An empty allowed_origins list means "http://127.0.0.1:PORT and http://localhost:PORT"
//   for the port actually bound (tests bind any free port).
#pragma once

#include "abon/delivery.hpp"
#include "abon/server/client_address.hpp"
#include "abon/server/http.hpp"
#include "abon/verdict.hpp"

#include <sodium.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace abon::server {

// [SECTION] Clock and log sink
using Clock = std::function<std::chrono::system_clock::time_point()>;
using LogSink = std::function<void(const std::string& line)>;  // one line, no newline

Clock system_clock();
LogSink stderr_log();  // thread-safe

// [SECTION] Limits
struct PasswordHashCost {  // libsodium crypto_pwhash_str, argon2id
    unsigned long long opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    std::size_t memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
};
PasswordHashCost cheapest_hash_cost();  // tests only: the same algorithm at its minimum cost

struct RateRule {            // a token bucket per key
    double per_minute = 10;  // refill rate
    double burst = 10;       // bucket size
};

struct Limits {
    std::size_t max_body_bytes = 16 * 1024;            // POST /api/register → 413 above
    RateRule register_per_client{10, 10};              // POST /api/register per client address
    RateRule register_per_network{60, 60};             // … and per network (IPv4 /24, IPv6 /48)
    RateRule captcha_per_client{30, 30};               // GET /api/captcha and its media per client address
    int account_tries = 5;                             // mismatches per account number from one network …
    std::chrono::seconds account_window{15 * 60};      // … within this window → that network locked, doubling
    int account_daily_tries = 20;                      // mismatches per account from all networks a day
    std::size_t account_entries_max = 200000;          // failure entries kept (each lives 24 h)
    int captcha_length = 5;
    int captcha_tries = 3;                             // answers per challenge
    std::chrono::seconds captcha_ttl{300};
    std::size_t captcha_spent_max = 500000;            // spent challenges remembered (≤ 64 B each): then 503
    std::chrono::seconds confirm_ttl{48 * 3600};       // the letter's link stays valid (from each letter)
    int max_resends = 3;                               // letters after the first (resend and change-email)
    std::chrono::seconds resend_interval{60};          // between two letters of one registration
};

// [SECTION] Mail (SMTP, DKIM, retries)
// Without smtp_url every letter goes to data_dir/outbox/ as an .eml file (development).
struct MailConfig {
    std::string smtp_url;              // smtp://host:port or smtps://host:port; empty: the outbox
    bool tls_required = false;         // false: STARTTLS whenever the server offers it
    std::string user, password;        // SMTP AUTH; never logged
    std::string ca_file;               // trust this CA (a relay with a private certificate)
    RetryPolicy retry;                 // first wait 30 s, doubling to 1 h, given up after 24 h
    std::chrono::seconds timeout{60};  // one try, connection included
    std::string dkim_domain, dkim_selector;  // both, with dkim_key, or none
    std::string dkim_key;              // PEM RSA private key (2048 bits at least), read at start
};

// [SECTION] ServerConfig
struct DemoAccount {
    std::string account;      // canonical D-DDD-DD-D
    std::string surname, given_name, patronymic;  // patronymic may be empty
    std::int64_t last_payment_kopecks = 0;
};
std::vector<DemoAccount> builtin_demo_accounts();

struct ServerConfig {
    std::string bind = "127.0.0.1";
    int port = 8080;                                   // 0: any free port (tests)
    std::filesystem::path data_dir = "var";            // abon-demo.sqlite and outbox/
    std::filesystem::path site_dir = "build/wasm-release/site";  // static files
    std::filesystem::path font_file = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    std::string speech_program = "espeak-ng";          // speaks the CAPTCHA; "": no audio
    std::optional<std::string> captcha_fixed;          // tests only: every answer is this
    std::vector<std::string> allowed_origins;          // empty: the two loopback origins
    std::string public_url;                            // letter links; empty: http://127.0.0.1:PORT
    std::string sender = "noreply@te.pl.ua";           // every letter's From (canonical)
    std::string signin_url;                            // the confirmed page's link; empty: public URL + "/"
    std::vector<DemoAccount> demo_accounts = builtin_demo_accounts();
    RuleConfig rules = [] { RuleConfig r; r.patronymic_optional = true; return r; }();
    PasswordHashCost hash_cost;
    Limits limits;
    HttpLimits http;                                   // request heads, deadlines, connections
    std::string frame_ancestors = "'self'";            // CSP frame-ancestors of HTML answers
    std::vector<AddressRange> trusted_proxies;         // X-Forwarded-For only from these
    MailConfig mail;                                   // how letters leave
    Clock clock = system_clock();
    LogSink log = stderr_log();
};

// [SECTION] Reading the environment and the command line
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;
EnvLookup process_env();

struct ConfigError { std::string message; };
struct ShowHelp {};
// ABON_PORT, ABON_BIND, ABON_DATA_DIR, ABON_CAPTCHA_FIXED, ABON_ALLOWED_ORIGINS,
// ABON_PUBLIC_URL, ABON_DEMO_ACCOUNTS (a JSON file), ABON_RATE_PER_MINUTE, ABON_SENDER,
// ABON_SIGNIN_URL, ABON_RESEND_INTERVAL_S, ABON_SMTP_*, ABON_DKIM_*; --site DIR.
std::variant<ServerConfig, ConfigError, ShowHelp> config_from(const std::vector<std::string>& args,
                                                              const EnvLookup& env);
std::string_view usage();

std::vector<DemoAccount> parse_demo_accounts(std::string_view json_text);  // throws on bad input

}  // namespace abon::server
