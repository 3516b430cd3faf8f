// Configuration from the environment (spec §5) and the demo accounts.
#include "abon/server/config.hpp"

#include "abon/server/captcha.hpp"

#include "abon/account.hpp"
#include "abon/amount.hpp"
#include "abon/email.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace abon::server {

Clock system_clock() {
    return [] { return std::chrono::system_clock::now(); };
}

LogSink stderr_log() {
    return [](const std::string& line) {
        static std::mutex m;
        std::lock_guard<std::mutex> lock(m);
        std::cerr << line << '\n';
    };
}

PasswordHashCost cheapest_hash_cost() {
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

std::vector<DemoAccount> builtin_demo_accounts() {
    // Listed on the demo page so anyone can walk the whole flow. The names cover a double
    // surname, apostrophes and a holder with no patronymic.
    return {
        {"1-234-56-7", "Шевченко", "Тарас", "Григорович", 123456},
        {"2-345-67-8", "Петренко-Стельмах", "Оксана", "Іванівна", 98700},
        {"3-456-78-9", "Мʼякота", "Марʼяна", "Вʼячеславівна", 45050},
        {"4-567-89-0", "Кім", "Валерія", "", 150000},
    };
}

std::vector<DemoAccount> parse_demo_accounts(std::string_view json_text) {
    const auto j = nlohmann::json::parse(json_text);
    if (!j.is_array()) throw std::runtime_error("demo accounts: expected a JSON array");
    std::vector<DemoAccount> out;
    for (const auto& row : j) {
        DemoAccount a;
        const Verdict account = validate_account(row.at("account").get<std::string>());
        if (!account.ok()) throw std::runtime_error("demo accounts: bad account " + row.at("account").dump());
        a.account = account.value;
        a.surname = row.at("surname").get<std::string>();
        a.given_name = row.at("given_name").get<std::string>();
        a.patronymic = row.value("patronymic", std::string());
        a.last_payment_kopecks = row.at("last_payment_kopecks").get<std::int64_t>();
        if (a.last_payment_kopecks < 1 || a.last_payment_kopecks > kAmountMaxKopecks)
            throw std::runtime_error("demo accounts: last_payment_kopecks out of range for " + a.account);
        out.push_back(std::move(a));
    }
    return out;
}

EnvLookup process_env() {
    return [](const char* name) -> std::optional<std::string> {
        const char* v = std::getenv(name);
        if (!v) return std::nullopt;
        return std::string(v);
    };
}

std::string_view usage() {
    return "usage: abon-demo-server [--site DIR]\n"
           "  --site DIR   static files to serve (default ./build/wasm-release/site; --static is the same)\n"
           "environment:\n"
           "  ABON_PORT             port (default 8080)\n"
           "  ABON_BIND             address (default 127.0.0.1)\n"
           "  ABON_DATA_DIR         abon-demo.sqlite and outbox/ (default ./var)\n"
           "  ABON_ALLOWED_ORIGINS  comma-separated origins (default http://127.0.0.1:PORT,http://localhost:PORT)\n"
           "  ABON_PUBLIC_URL       base of the letter's link (default http://127.0.0.1:PORT)\n"
           "  ABON_DEMO_ACCOUNTS    JSON file replacing the built-in demo accounts\n"
           "  ABON_RATE_PER_MINUTE  registrations per client per minute (default 10)\n"
           "  ABON_CAPTCHA_FIXED    TESTS ONLY: every CAPTCHA gets this answer (loopback ABON_BIND only)\n"
           "  ABON_TRUSTED_PROXIES  proxies (addresses, CIDRs) whose X-Forwarded-For names the client\n"
           "  ABON_FRAME_ANCESTORS  CSP frame-ancestors of the pages (default 'self')\n"
           "  ABON_SPEECH           the program that speaks the CAPTCHA (default espeak-ng; empty: no audio)\n"
           "  ABON_SENDER           every letter's From address (default noreply@te.pl.ua)\n"
           "  ABON_SIGNIN_URL       the sign-in page the confirmed page links to (default ABON_PUBLIC_URL/)\n"
           "  ABON_RESEND_INTERVAL_S  seconds between two letters of one registration (default 60)\n"
           "  ABON_SMTP_URL         smtp://host:port or smtps://host:port; unset: letters go to DATA_DIR/outbox/\n"
           "  ABON_SMTP_TLS         required: never send without TLS (default: STARTTLS when offered)\n"
           "  ABON_SMTP_USER, ABON_SMTP_PASSWORD  SMTP AUTH (never logged)\n"
           "  ABON_SMTP_CA_FILE     PEM CA certificates to trust for the mail server\n"
           "  ABON_SMTP_RETRY_S     first wait after a failed try, doubling to 1 h; given up after 24 h (default 30)\n"
           "  ABON_DKIM_DOMAIN, ABON_DKIM_SELECTOR, ABON_DKIM_KEY  sign every letter (ABON_DKIM_KEY: a PEM RSA key file)\n";
}

namespace {

// 127.0.0.0/8, ::1 and localhost: only this machine can reach the server.
bool is_loopback(const std::string& address) {
    if (address == "localhost" || address == "::1") return true;
    in_addr a{};
    return inet_pton(AF_INET, address.c_str(), &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
}

std::optional<long> parse_long(std::string_view s) {
    long v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

std::vector<std::string> split_list(std::string_view s) {
    std::vector<std::string> out;
    while (!s.empty()) {
        const auto comma = s.find(',');
        std::string_view item = s.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '/')) item.remove_suffix(1);
        if (!item.empty()) out.emplace_back(item);
        if (comma == std::string_view::npos) break;
        s.remove_prefix(comma + 1);
    }
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string domain_of(const std::string& address) { return address.substr(address.rfind('@') + 1); }

// ABON_SMTP_* and ABON_DKIM_*; an error message, or nothing when all is well.
std::optional<std::string> mail_from(ServerConfig& c, const EnvLookup& env) {
    MailConfig& m = c.mail;
    if (auto v = env("ABON_SMTP_URL"); v && !v->empty()) {
        if (v->rfind("smtp://", 0) != 0 && v->rfind("smtps://", 0) != 0)
            return "ABON_SMTP_URL must start with smtp:// or smtps://: " + *v;
        const std::string authority = v->substr(v->find("://") + 3);
        if (authority.substr(0, authority.find('/')).find('@') != std::string::npos)
            return std::string("ABON_SMTP_URL: put the credentials in ABON_SMTP_USER and ABON_SMTP_PASSWORD");
        if (v->find_first_of(" \r\n") != std::string::npos) return std::string("ABON_SMTP_URL has a space or line break");
        m.smtp_url = *v;
    }
    if (auto v = env("ABON_SMTP_TLS"); v && !v->empty()) {
        if (*v != "required" && *v != "auto") return "ABON_SMTP_TLS must be required or auto: " + *v;
        m.tls_required = *v == "required";
    }
    if (auto v = env("ABON_SMTP_USER")) m.user = *v;
    if (auto v = env("ABON_SMTP_PASSWORD")) m.password = *v;
    if (m.password.empty() != m.user.empty())
        return std::string("ABON_SMTP_USER and ABON_SMTP_PASSWORD go together");
    if (auto v = env("ABON_SMTP_CA_FILE"); v && !v->empty()) m.ca_file = *v;
    if (auto v = env("ABON_SMTP_RETRY_S"); v && !v->empty()) {
        // Decimals allowed (tests wait fractions of a second); at most a day.
        char* end = nullptr;
        const double seconds = std::strtod(v->c_str(), &end);
        if (end != v->c_str() + v->size() || !(seconds >= 0.001 && seconds <= 86400))
            return "ABON_SMTP_RETRY_S must be a number of seconds from 0.001 to 86400: " + *v;
        m.retry.first_wait_ms = static_cast<std::int64_t>(seconds * 1000 + 0.5);
    }
    const auto domain = env("ABON_DKIM_DOMAIN"), selector = env("ABON_DKIM_SELECTOR"), key = env("ABON_DKIM_KEY");
    const int given = (domain && !domain->empty()) + (selector && !selector->empty()) + (key && !key->empty());
    if (given == 0) return std::nullopt;
    if (given != 3) return std::string("ABON_DKIM_DOMAIN, ABON_DKIM_SELECTOR and ABON_DKIM_KEY go together");
    auto is_label_text = [](const std::string& s) {
        return s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") == std::string::npos;
    };
    if (!is_label_text(*domain) || !is_label_text(*selector))
        return std::string("ABON_DKIM_DOMAIN and ABON_DKIM_SELECTOR are DNS names (A-labels)");
    // DMARC passes only when the signing domain aligns with the From domain (relaxed: equal or a parent).
    std::string from = domain_of(c.sender), d = *domain;
    std::transform(from.begin(), from.end(), from.begin(), [](unsigned char ch) { return std::tolower(ch); });
    std::transform(d.begin(), d.end(), d.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (from != d && (from.size() <= d.size() || from.compare(from.size() - d.size() - 1, d.size() + 1, "." + d) != 0))
        return "ABON_DKIM_DOMAIN " + *domain + " does not align with ABON_SENDER's domain " + from + " (DMARC)";
    m.dkim_domain = d;
    m.dkim_selector = *selector;
    try {
        m.dkim_key = read_file(*key);
    } catch (const std::exception&) {
        return "cannot read ABON_DKIM_KEY file " + *key;
    }
    if (m.dkim_key.find("PRIVATE KEY-----") == std::string::npos)
        return "ABON_DKIM_KEY is not a PEM private key: " + *key;
    return std::nullopt;
}

}  // namespace

std::variant<ServerConfig, ConfigError, ShowHelp> config_from(const std::vector<std::string>& args,
                                                              const EnvLookup& env) {
    ServerConfig c;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") return ShowHelp{};
        if (a == "--site" || a == "--static") {
            if (i + 1 >= args.size()) return ConfigError{a + " needs a folder"};
            c.site_dir = args[++i];
        } else if (a.rfind("--site=", 0) == 0) {
            c.site_dir = a.substr(7);
        } else {
            return ConfigError{"unknown argument: " + a};
        }
    }
    if (auto v = env("ABON_PORT")) {
        const auto port = parse_long(*v);
        if (!port || *port < 0 || *port > 65535) return ConfigError{"ABON_PORT is not a port: " + *v};
        c.port = static_cast<int>(*port);
    }
    if (auto v = env("ABON_BIND"); v && !v->empty()) c.bind = *v;
    if (auto v = env("ABON_DATA_DIR"); v && !v->empty()) c.data_dir = *v;
    if (auto v = env("ABON_ALLOWED_ORIGINS")) c.allowed_origins = split_list(*v);
    if (auto v = env("ABON_PUBLIC_URL"); v && !v->empty()) {
        c.public_url = *v;
        while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
    }
    if (auto v = env("ABON_RATE_PER_MINUTE")) {
        const auto n = parse_long(*v);
        if (!n || *n < 1) return ConfigError{"ABON_RATE_PER_MINUTE must be a positive integer"};
        c.limits.register_per_client = {static_cast<double>(*n), static_cast<double>(*n)};
        c.limits.captcha_per_client = {3.0 * static_cast<double>(*n), 3.0 * static_cast<double>(*n)};
        c.limits.register_per_network = {6.0 * static_cast<double>(*n), 6.0 * static_cast<double>(*n)};
    }
    if (auto v = env("ABON_DEMO_ACCOUNTS"); v && !v->empty()) {
        std::ifstream in(*v, std::ios::binary);
        if (!in) return ConfigError{"cannot read ABON_DEMO_ACCOUNTS file " + *v};
        std::ostringstream text;
        text << in.rdbuf();
        try {
            c.demo_accounts = parse_demo_accounts(text.str());
        } catch (const std::exception& e) {
            return ConfigError{std::string("ABON_DEMO_ACCOUNTS: ") + e.what()};
        }
    }
    if (auto v = env("ABON_CAPTCHA_FIXED"); v && !v->empty()) {
        std::string answer;
        for (char ch : *v) {
            if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
            if (kCaptchaAlphabet.find(ch) == std::string_view::npos)
                return ConfigError{"ABON_CAPTCHA_FIXED must be spelt in the CAPTCHA alphabet " + std::string(kCaptchaAlphabet)};
            answer += ch;
        }
        if (answer.size() > 16) return ConfigError{"ABON_CAPTCHA_FIXED is longer than 16 letters"};
        c.captcha_fixed = answer;
        c.limits.captcha_length = static_cast<int>(answer.size());
    }
    if (c.captcha_fixed && !is_loopback(c.bind))
        return ConfigError{"ABON_CAPTCHA_FIXED makes every CAPTCHA known: it only starts on a loopback ABON_BIND"};
    if (auto v = env("ABON_TRUSTED_PROXIES"); v && !v->empty()) {
        for (const std::string& item : split_list(*v)) {
            const auto range = parse_address_range(item);
            if (!range) return ConfigError{"ABON_TRUSTED_PROXIES: not an address or CIDR: " + item};
            c.trusted_proxies.push_back(*range);
        }
        // Every client then comes through the proxies' few addresses: cap connections in all only.
        c.http.connections_per_client = c.http.connections;
    }
    if (auto v = env("ABON_SPEECH")) c.speech_program = *v;  // "" turns the spoken CAPTCHA off
    if (auto v = env("ABON_FRAME_ANCESTORS"); v && !v->empty()) {
        if (v->find_first_of(";,\r\n") != std::string::npos) return ConfigError{"ABON_FRAME_ANCESTORS: one CSP source list"};
        c.frame_ancestors = *v;
    }
    if (auto v = env("ABON_SENDER"); v && !v->empty()) {
        const Verdict sender = validate_email(*v);
        if (!sender.ok()) return ConfigError{"ABON_SENDER is not an email address: " + *v};
        c.sender = sender.value;
    }
    if (auto v = env("ABON_SIGNIN_URL"); v && !v->empty()) {
        // It goes into an href: an absolute http(s) URL or a path, nothing a page could misread.
        const bool absolute = v->rfind("https://", 0) == 0 || v->rfind("http://", 0) == 0;
        const bool path = v->front() == '/' && (v->size() == 1 || (*v)[1] != '/');
        const bool clean = v->find_first_of(" \"'<>\\`") == std::string::npos &&
                           std::none_of(v->begin(), v->end(), [](unsigned char ch) { return ch < 0x20 || ch == 0x7f; });
        if (!(absolute || path) || !clean)
            return ConfigError{"ABON_SIGNIN_URL must be an http(s) URL or a path starting with /: " + *v};
        c.signin_url = *v;
    }
    if (auto v = env("ABON_RESEND_INTERVAL_S")) {
        const auto n = parse_long(*v);
        if (!n || *n < 0 || *n > 24 * 3600)
            return ConfigError{"ABON_RESEND_INTERVAL_S must be a whole number of seconds from 0 to 86400: " + *v};
        c.limits.resend_interval = std::chrono::seconds(*n);
    }
    if (auto error = mail_from(c, env)) return ConfigError{*error};
    return c;
}

}  // namespace abon::server
