// abon-server-soak: 50 concurrent clients against the real abon-demo-server, then checks
// that nothing broke (issue 7, item 5). Exit code 0 only if every check holds.
//
//   abon-server-soak SERVER_BINARY [SECONDS] [--keep]
//
// - Starts SERVER_BINARY on 127.0.0.1 (ABON_PORT=0, the port is read from its log) with a
//   temporary data folder and site, generated demo accounts, ABON_CAPTCHA_FIXED (so valid
//   registrations are possible) and the DEFAULT rate limits (10 POSTs and 30 challenges a
//   minute per client address).
// - Runs 50 client threads for SECONDS (default 30, at most 60): 40 users in short sessions
//   of a realistic mix, 2 paced registrants, a squad of 5 racing for one account every
//   few seconds, 2 abusers flooding from one address, 1 client guessing one account's
//   details. Then 50 clients released by a barrier register one account at the same moment.
// - Checks the answers (status and body of every request), the limits, that the server is
//   alive and stops cleanly, and the SQLite file (integrity, one row per 201, argon2id).
// - --keep leaves the temporary folder (server log, database, letters) for a look.
//
// Every user speaks from its own loopback address (127.a.b.c; Linux routes all of 127/8
// to lo), so the per-client limiter works as in production: a user stays inside the
// limit and must never see 429, while the abusers share 127.0.0.2 and must be held to the
// token bucket's bound. Loopback only; every wait is bounded.
#include "abon/errors.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sodium.h>
#include <sqlite3.h>

#include <signal.h>
#include <sys/prctl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// [SECTION] Configuration of the run

constexpr int kUsers = 40, kRegistrants = 2, kSquad = 5, kAbusers = 2, kAccountAbusers = 1;
constexpr int kClients = kUsers + kRegistrants + kSquad + kAbusers + kAccountAbusers;  // 50
constexpr int kRaceAll = 50;                      // the final simultaneous registrations
constexpr double kRegistrationsPerSecond = 3.0;   // argon2id (64 MiB) is the costly path
constexpr double kSquadEverySeconds = 2.5;
constexpr double kAbuserPauseMs = 10;             // keeps 127.0.0.2 clear of TIME_WAIT exhaustion
constexpr int kMaxSeconds = 60;                   // users stay well under the limiter's 50 000 keys

// The server's defaults (config.hpp Limits) that the checks hold it to.
constexpr double kPostsPerMinute = 10, kPostBurst = 10;
constexpr double kCaptchasPerMinute = 30, kCaptchaBurst = 30;
constexpr int kAccountTries = 5;
constexpr std::size_t kMaxBody = 16 * 1024;

constexpr const char* kAnswer = "KXRTA";
constexpr const char* kPasswordMark = "Soakpw";  // in every password sent, so a leak is found
constexpr const char* kEvilOrigin = "https://evil.example";

// Demo accounts written for the server: numbers by purpose, so no two purposes share one.
constexpr int kRegisterPool = 5'000'000, kRegisterPoolSize = 2000;
constexpr int kSquadPool = 5'500'000, kSquadPoolSize = 100;
constexpr int kRaceAllAccount = 5'900'000;
constexpr int kMismatchPool = 6'000'000, kMismatchPoolSize = 3000;  // each gets < 5 mismatches
constexpr int kUnknownAccounts = 7'000'000;                         // not in the file
constexpr int kLockedAccount = 8'000'000;                           // the account abuser's target

std::string account_for(int n) {  // D-DDD-DD-D
    char d[16];
    std::snprintf(d, sizeof d, "%07d", n % 10'000'000);
    const std::string s(d);
    return s.substr(0, 1) + "-" + s.substr(1, 3) + "-" + s.substr(4, 2) + "-" + s.substr(6, 1);
}

std::string id(abon::ErrorCode c) { return std::string(abon::error_id(c)); }

// [SECTION] What each request is, and what it must get back

enum class Kind {
    Page, Captcha, CaptchaImage, Preflight, ConfirmUnknown, Mismatch, Invalid, Body16K, WrongType, Oversized,
    Chunked, Malformed, CrossSite, Register, Repeat, SquadRace, AbusePost, AbuseCaptcha, AccountAbuse, RaceAll,
    FinalProbe, Confirm, ConfirmAgain, kCount
};
constexpr const char* kKindNames[] = {
    "GET /", "GET captcha", "GET captcha png", "OPTIONS preflight", "GET confirm (unknown)", "POST mismatch",
    "POST invalid fields", "POST 16 KiB exactly", "POST wrong type", "POST over 16 KiB", "POST chunked",
    "POST malformed JSON", "POST cross-site", "POST valid (new)", "POST valid (again)", "POST squad race",
    "POST abuser", "GET captcha abuser", "POST account guess", "POST race of 50", "final probe",
    "GET confirm (letter)", "GET confirm (again)"};
static_assert(sizeof kKindNames / sizeof *kKindNames == static_cast<std::size_t>(Kind::kCount));
const char* name(Kind k) { return kKindNames[static_cast<int>(k)]; }

// POSTs to /api/register take a token from the client's bucket, except refused cross-site ones.
bool spends_post_token(Kind k) {
    switch (k) {
        case Kind::Mismatch: case Kind::Invalid: case Kind::Body16K: case Kind::WrongType: case Kind::Oversized:
        case Kind::Chunked: case Kind::Malformed: case Kind::Register: case Kind::Repeat: case Kind::SquadRace:
        case Kind::AbusePost: case Kind::AccountAbuse: case Kind::RaceAll:
            return true;
        default:
            return false;
    }
}
bool spends_captcha_token(Kind k) { return k == Kind::Captcha || k == Kind::AbuseCaptcha; }

struct Sample {
    Kind kind;
    int status;        // 0: no answer (connection error)
    float ms;
    std::uint32_t ip;  // index of the source address
    float sent, received;  // seconds since the run started
};

// One invalid field each (plus the unknown challenge every invalid row carries).
struct InvalidRow {
    const char* note;
    const char* key;
    json value;
    const char* field;
    abon::ErrorCode code;
};
const std::vector<InvalidRow>& invalid_rows() {
    static const std::vector<InvalidRow> rows = {
        {"password of 5", "password", "Kot-1", "password", abon::ErrorCode::PasswordTooShort},
        {"four-digit account", "account", "12-34", "account", abon::ErrorCode::AccountDigitCount},
        {"no email", "email", nullptr, "email", abon::ErrorCode::Required},
        {"zero kopecks", "last_payment_kopecks", 0, "last_payment", abon::ErrorCode::AmountNotPositive},
        {"kopecks over the cap", "last_payment_kopecks", 100000001, "last_payment", abon::ErrorCode::AmountTooLarge},
        {"digit in the surname", "surname", "Шевченко2", "surname", abon::ErrorCode::NameDigits},
        {"no given name", "given_name", "", "given_name", abon::ErrorCode::Required},
    };
    return rows;
}

std::string password(int n) { return "Qv7-" + std::string(kPasswordMark) + "-" + std::to_string(n); }

json valid_body(const std::string& account, const std::string& token, int password_no) {
    return {{"surname", "Шевченко"}, {"given_name", "Тарас"}, {"patronymic", "Григорович"},
            {"account", account}, {"password", password(password_no)},
            {"email", "soak.user@ukr.net"}, {"captcha", {{"token", token}, {"answer", kAnswer}}},
            {"last_payment_kopecks", 123456}, {"lang", "uk"}};
}

// A string member of a JSON object; "" for anything else. Never throws: answers are untrusted.
std::string text_of(const json& j, const char* key) {
    if (!j.is_object()) return "";
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// The first problem with an answer, or "" when it is what this kind must get.
using Verdict = std::string;

Verdict expect_error(const httplib::Response& r, int status, abon::ErrorCode code) {
    if (r.status != status) return "status " + std::to_string(r.status) + ", wanted " + std::to_string(status);
    if (r.get_header_value("Content-Type") != "application/json; charset=utf-8") return "content type " + r.get_header_value("Content-Type");
    const json j = json::parse(r.body, nullptr, false);
    if (text_of(j, "error") != id(code) || text_of(j, "message").empty())
        return "body " + r.body.substr(0, 120);
    return "";
}

Verdict expect_rate_limited(const httplib::Response& r) {
    if (Verdict v = expect_error(r, 429, abon::ErrorCode::RateLimited); !v.empty()) return v;
    if (std::atoi(r.get_header_value("Retry-After").c_str()) < 1) return "no Retry-After";
    return "";
}

Verdict expect_errors(const httplib::Response& r, const json& errors) {
    if (r.status != 422) return "status " + std::to_string(r.status) + ", wanted 422";
    const json j = json::parse(r.body, nullptr, false);
    if (j.is_discarded() || j != json{{"errors", errors}}) return "body " + r.body.substr(0, 160) + ", wanted " + errors.dump();
    return "";
}

Verdict expect_registered(const httplib::Response& r, const std::string& account) {
    if (r.status != 201) return "status " + std::to_string(r.status) + ", wanted 201";
    const json j = json::parse(r.body, nullptr, false);
    if (text_of(j, "status") != "pending_confirmation" || text_of(j, "account") != account)
        return "body " + r.body.substr(0, 120);
    return "";
}

Verdict expect_registered_or_taken(const httplib::Response& r, const std::string& account) {
    return r.status == 409 ? expect_error(r, 409, abon::ErrorCode::AccountAlreadyRegistered) : expect_registered(r, account);
}

// [SECTION] Recording

struct Record {  // one per client thread, merged at the end
    std::vector<Sample> samples;
    std::vector<std::string> problems;  // the first few unexpected answers, for the report
    long unexpected = 0;
    std::vector<std::pair<std::string, int>> registered;  // account and password number of each 201
};

struct Run {
    int port = 0;
    std::string origin;
    Clock::time_point start, deadline;
    double seconds = 30;
    std::atomic<std::uint32_t> next_user_ip{(1u << 16) + 1};  // 127.1.0.1 onwards
    std::atomic<int> next_registration{0}, next_mismatch{0}, next_unknown{0}, next_password{0};

    float since_start(Clock::time_point t) const { return std::chrono::duration<float>(t - start).count(); }
    bool running() const { return Clock::now() < deadline; }

    std::uint32_t new_user_ip() {
        for (;;) {
            const std::uint32_t i = next_user_ip++;
            if ((i & 0xff) != 0 && (i & 0xff) != 0xff) return i;  // skip .0 and .255
        }
    }
};

std::string fmt_seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s);
    return buf;
}

std::string address_of(std::uint32_t ip) {
    return "127." + std::to_string((ip >> 16) & 0xff) + "." + std::to_string((ip >> 8) & 0xff) + "." +
           std::to_string(ip & 0xff);
}

// A browser-like client: keep-alive, one source address, every answer checked and recorded.
class Client {
public:
    Client(Run& run, Record& record, std::uint32_t ip) : run_(run), record_(record), ip_(ip), http_("127.0.0.1", run.port) {
        http_.set_interface(address_of(ip));  // not an interface name, so httplib binds it as an address
        http_.set_keep_alive(true);
        http_.set_tcp_nodelay(true);
        http_.set_connection_timeout(5, 0);
        http_.set_read_timeout(30, 0);
        http_.set_write_timeout(10, 0);
    }

    // Sends, records, checks; returns the response (null on a connection error).
    const httplib::Response* exchange(Kind kind, const std::function<httplib::Result(httplib::Client&)>& send,
                                      const std::function<Verdict(const httplib::Response&)>& check) {
        const auto t0 = Clock::now();
        Verdict v;
        try {
            last_ = send(http_);
        } catch (const std::exception& e) {
            last_ = httplib::Result(nullptr, httplib::Error::Unknown);
            v = std::string("client exception: ") + e.what();
        }
        const auto t1 = Clock::now();
        const int status = last_ ? last_->status : 0;
        record_.samples.push_back({kind, status, std::chrono::duration<float, std::milli>(t1 - t0).count(), ip_,
                                   run_.since_start(t0), run_.since_start(t1)});
        try {
            if (v.empty()) v = last_ ? check(*last_) : "no answer: " + httplib::to_string(last_.error());
        } catch (const std::exception& e) {
            v = std::string("check exception: ") + e.what();
        }
        if (!v.empty()) {
            ++record_.unexpected;
            if (record_.problems.size() < 8)
                record_.problems.push_back(std::string(name(kind)) + " from " + address_of(ip_) + " at " +
                                           fmt_seconds(run_.since_start(t0)) + " s, after " +
                                           fmt_seconds(std::chrono::duration<double>(t1 - t0).count()) + " s: " + v +
                                           " (earlier on this client: " + history_ + ")");
        }
        history_ += std::to_string(status) + (last_ && last_->get_header_value("Connection") == "close" ? "c " : " ");
        return last_ ? &last_.value() : nullptr;
    }

    // GET /api/captcha; the token, or "" when refused.
    std::string challenge(Kind kind, bool fetch_image) {
        const auto* r = exchange(kind, [](httplib::Client& c) { return c.Get("/api/captcha"); },
                                 [&](const httplib::Response& res) -> Verdict {
                                     if (kind == Kind::AbuseCaptcha && res.status == 429) return expect_rate_limited(res);
                                     const json j = json::parse(res.body, nullptr, false);
                                     if (res.status != 200 || text_of(j, "token").size() != 43 || !j.is_object() || j.value("length", json()) != 5)
                                         return "status " + std::to_string(res.status) + " " + res.body.substr(0, 100);
                                     return "";
                                 });
        if (!r || r->status != 200) return "";
        const json j = json::parse(r->body, nullptr, false);
        const std::string image = text_of(j, "image");
        if (fetch_image)
            exchange(Kind::CaptchaImage, [&](httplib::Client& c) { return c.Get(image.c_str()); },
                     [](const httplib::Response& res) -> Verdict {
                         if (res.status != 200 || res.get_header_value("Content-Type") != "image/png" ||
                             res.body.compare(0, 4, "\x89PNG") != 0)
                             return "status " + std::to_string(res.status) + " " + res.get_header_value("Content-Type");
                         return "";
                     });
        return text_of(j, "token");
    }

    // One request written whole on a connection of its own, for what httplib's client would
    // send in several writes: the server may end a connection once it refused the request
    // (411 for chunked bodies, whose size it will not read to learn), and a client still
    // writing then gets a reset instead of the answer.
    httplib::Result raw(const std::string& request) const {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in from{}, to{};
        from.sin_family = to.sin_family = AF_INET;
        from.sin_addr.s_addr = htonl((127u << 24) | (ip_ & 0xffffffu));
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        to.sin_port = htons(static_cast<std::uint16_t>(run_.port));
        timeval timeout{30, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        std::string all;
        if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) == 0 &&
            ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0 &&
            ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
            char buf[4096];
            for (;;) {  // one answer: the head, then Content-Length bytes
                const auto head_end = all.find("\r\n\r\n");
                if (head_end != std::string::npos) {
                    const auto at = all.find("Content-Length: ");
                    const std::size_t length = at < head_end ? std::strtoul(all.c_str() + at + 16, nullptr, 10) : 0;
                    if (all.size() >= head_end + 4 + length) break;
                }
                const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
                if (n <= 0) break;
                all.append(buf, static_cast<std::size_t>(n));
            }
        }
        ::close(fd);
        const auto head_end = all.find("\r\n\r\n");
        if (all.rfind("HTTP/1.1 ", 0) != 0 || head_end == std::string::npos) return {nullptr, httplib::Error::Read};
        auto res = std::make_unique<httplib::Response>();
        res->status = std::atoi(all.c_str() + 9);
        std::istringstream head(all.substr(0, head_end));
        std::string line;
        std::getline(head, line);
        while (std::getline(head, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (const auto colon = line.find(": "); colon != std::string::npos)
                res->headers.emplace(line.substr(0, colon), line.substr(colon + 2));
        }
        res->body = all.substr(head_end + 4);
        return {std::move(res), httplib::Error::Success};
    }

    const httplib::Response* post(Kind kind, const std::string& body, const std::function<Verdict(const httplib::Response&)>& check,
                                  const std::string& type = "application/json", const httplib::Headers& headers = {}) {
        return exchange(kind, [&](httplib::Client& c) { return c.Post("/api/register", headers, body, type.c_str()); }, check);
    }

private:
    Run& run_;
    Record& record_;
    std::uint32_t ip_;
    httplib::Client http_;
    httplib::Result last_{nullptr, httplib::Error::Unknown};
    std::string history_;  // statuses so far, "c" where the answer closed the connection
};

// Reusable barrier: everyone leaves together once `parties` have arrived; the last to
// arrive runs `on_release` first, so a decision made there is the same for all.
class Barrier {
public:
    explicit Barrier(int parties, std::function<void()> on_release = {}) : parties_(parties), on_release_(std::move(on_release)) {}
    void arrive_and_wait() {
        std::unique_lock<std::mutex> lock(m_);
        const long generation = generation_;
        if (++waiting_ == parties_) {
            if (on_release_) on_release_();
            waiting_ = 0;
            ++generation_;
            cv_.notify_all();
        } else {
            cv_.wait(lock, [&] { return generation != generation_; });
        }
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    int parties_, waiting_ = 0;
    long generation_ = 0;
    std::function<void()> on_release_;
};

// [SECTION] The clients

// A user: a fresh address, a short session of the mix, then gone. At most 9 POSTs and 20
// challenges per address, so the default limiter (10 and 30 a minute) never refuses one.
void user_session(Run& run, Record& rec, std::mt19937& rng) {
    Client c(run, rec, run.new_user_ip());
    std::uniform_int_distribution<int> actions(3, 12), percent(0, 99);
    int posts = 0, challenges = 0;
    const int n = actions(rng);
    auto pick = [&](std::size_t size) { return std::uniform_int_distribution<std::size_t>(0, size - 1)(rng); };

    if (percent(rng) < 50)
        c.exchange(Kind::Page, [](httplib::Client& h) { return h.Get("/"); }, [](const httplib::Response& r) -> Verdict {
            return r.status == 200 && r.get_header_value("Content-Type") == "text/html; charset=utf-8" ? "" : "status " + std::to_string(r.status);
        });

    for (int i = 0; i < n && posts < 9 && run.running(); ++i) {
        const int roll = percent(rng);
        if (roll < 30 && challenges < 20) {  // valid form, wrong details: 422 account_details_mismatch
            ++challenges;
            const std::string token = c.challenge(Kind::Captcha, percent(rng) < 50);
            const int variant = percent(rng) % 3;
            json body;
            if (variant == 0) {  // a number that is nobody's
                body = valid_body(account_for(kUnknownAccounts + run.next_unknown++), token, run.next_password++);
            } else {  // a real number, wrong surname or amount; at most 4 guesses per number
                const int m = run.next_mismatch++;
                const int number = m / 4 < kMismatchPoolSize ? kMismatchPool + m / 4 : kUnknownAccounts + run.next_unknown++;
                body = valid_body(account_for(number), token, run.next_password++);
                if (variant == 1) body["surname"] = "Петренко";
                else body["last_payment_kopecks"] = 123457;
            }
            ++posts;
            c.post(Kind::Mismatch, body.dump(), [](const httplib::Response& r) {
                return expect_errors(r, {{"account", id(abon::ErrorCode::AccountDetailsMismatch)}});
            });
        } else if (roll < 50) {  // a field the core refuses, sent anyway
            const InvalidRow& row = invalid_rows()[pick(invalid_rows().size())];
            json body = valid_body(account_for(kUnknownAccounts), "no-such-challenge", run.next_password++);
            body[row.key] = row.value;
            json errors = {{row.field, id(row.code)}, {"captcha", id(abon::ErrorCode::CaptchaExpired)}};
            std::string text = body.dump();
            Kind kind = Kind::Invalid;
            if (percent(rng) < 15) {  // the size limit's edge: exactly 16 KiB is read
                text.insert(text.size() - 1, std::string(kMaxBody - text.size(), ' '));
                kind = Kind::Body16K;
            }
            ++posts;
            c.post(kind, text, [&](const httplib::Response& r) { return expect_errors(r, errors); });
        } else if (roll < 58) {
            ++posts;
            const std::string type = percent(rng) < 50 ? "text/plain" : "application/x-www-form-urlencoded";
            c.post(Kind::WrongType, valid_body(account_for(kUnknownAccounts), "t", run.next_password++).dump(),
                   [](const httplib::Response& r) { return expect_error(r, 415, abon::ErrorCode::UnsupportedMediaType); }, type);
        } else if (roll < 64) {
            ++posts;
            json body = valid_body(account_for(kUnknownAccounts), "t", run.next_password++);
            body["padding"] = std::string(kMaxBody + std::uniform_int_distribution<std::size_t>(1, 24 * 1024)(rng), 'x');
            c.post(Kind::Oversized, body.dump(),
                   [](const httplib::Response& r) { return expect_error(r, 413, abon::ErrorCode::PayloadTooLarge); });
        } else if (roll < 66) {
            ++posts;
            const std::string body = valid_body(account_for(kUnknownAccounts), "t", run.next_password++).dump();
            char size[16];
            std::snprintf(size, sizeof size, "%zx", body.size());
            c.exchange(Kind::Chunked,
                       [&](httplib::Client&) {
                           return c.raw("POST /api/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                        "Transfer-Encoding: chunked\r\n\r\n" + std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n");
                       },
                       [](const httplib::Response& r) { return expect_error(r, 411, abon::ErrorCode::BadRequest); });
        } else if (roll < 76) {
            static const char* const kMalformed[] = {R"({"surname": "Шевченко", )", "[1, 2]", "null",
                                                     R"({"last_payment_kopecks": "1234,56"})", R"({"captcha": "KXRTA"})",
                                                     "\xff\xfe{}"};
            ++posts;
            c.post(Kind::Malformed, kMalformed[pick(std::size(kMalformed))],
                   [](const httplib::Response& r) { return expect_error(r, 400, abon::ErrorCode::BadRequest); });
        } else if (roll < 81) {
            c.post(Kind::CrossSite, valid_body(account_for(kUnknownAccounts), "t", run.next_password++).dump(),
                   [](const httplib::Response& r) { return expect_error(r, 403, abon::ErrorCode::CrossSiteRefused); },
                   "application/json", {{"Origin", kEvilOrigin}});
        } else if (roll < 87) {
            c.exchange(Kind::Preflight,
                       [&](httplib::Client& h) {
                           return h.Options("/api/register", {{"Origin", run.origin},
                                                              {"Access-Control-Request-Method", "POST"},
                                                              {"Access-Control-Request-Headers", "content-type"}});
                       },
                       [&](const httplib::Response& r) -> Verdict {
                           if (r.status != 204 || r.get_header_value("Access-Control-Allow-Origin") != run.origin)
                               return "status " + std::to_string(r.status);
                           return "";
                       });
        } else if (roll < 92) {
            std::string token(64, '0');
            for (char& ch : token) ch = "0123456789abcdef"[pick(16)];
            c.exchange(Kind::ConfirmUnknown, [&](httplib::Client& h) { return h.Get(("/api/confirm?token=" + token).c_str()); },
                       [](const httplib::Response& r) -> Verdict { return r.status == 404 ? "" : "status " + std::to_string(r.status); });
        } else if (challenges < 20) {  // a page load: a challenge and its picture, no submission
            ++challenges;
            c.challenge(Kind::Captcha, true);
        }
    }
}

// Registrations of distinct accounts, paced: argon2id at 64 MiB is the costly path, by design.
// A quarter of them submit twice (a double click): the second must get 409.
void registrant(Run& run, Record& rec, std::mt19937& rng) {
    for (;;) {
        const int k = run.next_registration++;
        if (k >= kRegisterPoolSize) return;
        const auto when = run.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(k / kRegistrationsPerSecond));
        if (when >= run.deadline) return;
        std::this_thread::sleep_until(when);
        Client c(run, rec, run.new_user_ip());
        const std::string account = account_for(kRegisterPool + k);
        const std::string token = c.challenge(Kind::Captcha, true);
        const int pw = run.next_password++;
        const auto* r = c.post(Kind::Register, valid_body(account, token, pw).dump(),
                               [&](const httplib::Response& res) { return expect_registered(res, account); });
        if (r && r->status == 201) rec.registered.emplace_back(account, pw);
        if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) {
            const std::string again = c.challenge(Kind::Captcha, false);
            c.post(Kind::Repeat, valid_body(account, again, run.next_password++).dump(), [](const httplib::Response& res) {
                return expect_error(res, 409, abon::ErrorCode::AccountAlreadyRegistered);
            });
        }
    }
}

struct RaceResult {
    std::string account;
    std::vector<int> statuses;  // one per racer
};

// `parties` clients, each from its own address with its own fresh challenge, released at
// once to register the same account. The connection for the POST is made after the
// barrier, as a second browser tab's would be.
void race_member(Run& run, Record& rec, Barrier& barrier, Kind kind, const std::string& account, int& status_out) {
    std::string token;
    const std::uint32_t ip = run.new_user_ip();
    {
        Client c(run, rec, ip);
        token = c.challenge(Kind::Captcha, false);
    }
    const int pw = run.next_password++;
    const std::string body = valid_body(account, token, pw).dump();
    Client c(run, rec, ip);
    barrier.arrive_and_wait();
    const auto* r = c.post(kind, body, [&](const httplib::Response& res) { return expect_registered_or_taken(res, account); });
    status_out = r ? r->status : 0;
    if (status_out == 201) rec.registered.emplace_back(account, pw);
}

// Rounds on a schedule; a round late past the end of the run is not started, by all together.
void squad_member(Run& run, Record& rec, Barrier& barrier, const bool& go, int rounds, int member, std::vector<RaceResult>& results) {
    for (int round = 0; round < rounds; ++round) {
        std::this_thread::sleep_until(run.start + std::chrono::duration_cast<Clock::duration>(
                                                      std::chrono::duration<double>(1.0 + round * kSquadEverySeconds)));
        barrier.arrive_and_wait();  // `go` is decided by the last to arrive
        if (!go) return;
        int status = 0;
        race_member(run, rec, barrier, Kind::SquadRace, results[static_cast<std::size_t>(round)].account, status);
        results[static_cast<std::size_t>(round)].statuses[static_cast<std::size_t>(member)] = status;
    }
}

// Floods from one shared address: POSTs and challenges until the end, answered 429 once the
// bucket is empty. Paced a little so 127.0.0.2 does not run out of ports in TIME_WAIT.
void abuser(Run& run, Record& rec) {
    constexpr std::uint32_t kShared = (127u << 24) | 2u;  // 127.0.0.2; address_of() ignores the first octet
    Client c(run, rec, kShared);
    const json errors = {{"captcha", id(abon::ErrorCode::CaptchaExpired)}};
    while (run.running()) {
        c.post(Kind::AbusePost, valid_body(account_for(kUnknownAccounts), "stolen-or-made-up", run.next_password++).dump(),
               [&](const httplib::Response& r) { return r.status == 429 ? expect_rate_limited(r) : expect_errors(r, errors); });
        c.challenge(Kind::AbuseCaptcha, false);
        std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(kAbuserPauseMs));
    }
}

// Guesses one account's details from ever new addresses: after 5 mismatches the number is
// locked (429) whatever the details, the right ones included.
struct Guesses { std::vector<int> statuses; };
void account_abuser(Run& run, Record& rec, Guesses& out) {
    const std::string account = account_for(kLockedAccount);
    for (int i = 0; run.running(); ++i) {
        Client c(run, rec, run.new_user_ip());
        const std::string token = c.challenge(Kind::Captcha, false);
        json body = valid_body(account, token, run.next_password++);
        const bool right_details = i >= 2 * kAccountTries;  // later guesses are right, and still refused
        if (!right_details) body["given_name"] = i % 2 ? "Тарасик" : "Петро";
        const auto* r = c.post(Kind::AccountAbuse, body.dump(), [&](const httplib::Response& res) -> Verdict {
            if (res.status == 429) return expect_rate_limited(res);
            return expect_errors(res, {{"account", id(abon::ErrorCode::AccountDetailsMismatch)}});
        });
        out.statuses.push_back(r ? r->status : 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

// [SECTION] The server process

struct TempFolder {
    fs::path path;
    bool keep = false;
    TempFolder() {
        std::string pattern = (fs::temp_directory_path() / "abon-soak-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path = pattern;
    }
    ~TempFolder() {
        std::error_code ec;
        if (!keep) fs::remove_all(path, ec);
    }
};

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

class ServerProcess {
public:
    ServerProcess(const std::string& binary, const fs::path& root) : log_(root / "server.log") {
        std::vector<std::string> env;
        for (char** e = environ; *e; ++e)
            if (std::string(*e).rfind("ABON_", 0) != 0) env.emplace_back(*e);  // only ours below
        env.push_back("ABON_PORT=0");
        env.push_back("ABON_BIND=127.0.0.1");
        env.push_back("ABON_DATA_DIR=" + (root / "data").string());
        env.push_back("ABON_DEMO_ACCOUNTS=" + (root / "accounts.json").string());
        env.push_back(std::string("ABON_CAPTCHA_FIXED=") + kAnswer);
        std::vector<char*> envp, argv;
        for (auto& s : env) envp.push_back(s.data());
        envp.push_back(nullptr);
        std::string bin = binary, site_flag = "--site", site = (root / "site").string();
        argv = {bin.data(), site_flag.data(), site.data(), nullptr};

        pid_ = fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            prctl(PR_SET_PDEATHSIG, SIGTERM);  // never outlives the soak, even a killed one
            if (!freopen(log_.c_str(), "w", stderr) || !freopen(log_.c_str(), "a", stdout)) _exit(126);
            execve(bin.c_str(), argv.data(), envp.data());
            _exit(127);
        }
    }
    ~ServerProcess() {
        if (pid_ > 0 && !exited_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }

    // The port from "listening on http://127.0.0.1:PORT/", or 0 if it never came up.
    int wait_for_port(std::chrono::seconds limit) {
        const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+)/)");
        const auto until = Clock::now() + limit;
        while (Clock::now() < until) {
            std::smatch m;
            const std::string text = read_file(log_);
            if (std::regex_search(text, m, listening)) return std::stoi(m[1]);
            if (!alive()) return 0;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return 0;
    }

    bool alive() {
        if (exited_) return false;
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            exited_ = true;
            status_ = status;
        }
        return !exited_;
    }

    // SIGTERM, then the exit status within `limit` (nullopt: still running, then killed).
    std::optional<int> stop(std::chrono::seconds limit) {
        if (!alive()) return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
        kill(pid_, SIGTERM);
        const auto until = Clock::now() + limit;
        while (Clock::now() < until) {
            if (!alive()) return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return std::nullopt;
    }

    // CPU seconds used so far and the peak resident size in MiB, from /proc.
    std::pair<double, double> cpu_and_peak_mib() const {
        std::string stat = read_file("/proc/" + std::to_string(pid_) + "/stat");
        double cpu = 0, peak = 0;
        if (const auto paren = stat.rfind(')'); paren != std::string::npos) {
            std::istringstream in(stat.substr(paren + 2));
            std::string field;
            long utime = 0, stime = 0;
            for (int i = 3; i <= 15 && in >> field; ++i) {  // fields 14 and 15: utime, stime
                if (i == 14) utime = std::atol(field.c_str());
                if (i == 15) stime = std::atol(field.c_str());
            }
            cpu = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
        }
        std::istringstream status(read_file("/proc/" + std::to_string(pid_) + "/status"));
        for (std::string line; std::getline(status, line);)
            if (line.rfind("VmHWM:", 0) == 0) peak = std::atof(line.substr(6).c_str()) / 1024.0;
        return {cpu, peak};
    }

    pid_t pid() const { return pid_; }
    const fs::path& log() const { return log_; }

private:
    fs::path log_;
    pid_t pid_ = -1;
    bool exited_ = false;
    int status_ = 0;
};

void write_inputs(const fs::path& root) {
    fs::create_directories(root / "site");
    fs::create_directories(root / "data");
    std::ofstream(root / "site" / "index.html") << "<!doctype html><html lang=\"uk\"><head><meta charset=\"utf-8\">"
                                                   "<title>Реєстрація</title></head><body><h1>Реєстрація</h1>"
                                                << std::string(4000, ' ') << "</body></html>\n";
    json list = json::array();
    auto add = [&](int first, int count) {
        for (int n = first; n < first + count; ++n)
            list.push_back({{"account", account_for(n)}, {"surname", "Шевченко"}, {"given_name", "Тарас"},
                            {"patronymic", "Григорович"}, {"last_payment_kopecks", 123456}});
    };
    add(kRegisterPool, kRegisterPoolSize);
    add(kSquadPool, kSquadPoolSize);
    add(kRaceAllAccount, 1);
    add(kMismatchPool, kMismatchPoolSize);
    add(kLockedAccount, 1);
    std::ofstream(root / "accounts.json") << list.dump();
}

// [SECTION] Checks and the report

struct Check {
    std::string name;
    bool ok;
    std::string detail;
};

double percentile(std::vector<float>& v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

struct DbFacts {
    std::string integrity;
    long rows = 0, duplicate_accounts = 0, not_argon2id = 0, bad_token_hashes = 0, confirmed = 0;
    std::multiset<std::string> accounts;
    std::map<std::string, std::string> hash_of;  // account → password_hash
    std::string error;
};

DbFacts read_database(const fs::path& file) {
    DbFacts f;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        f.error = db ? sqlite3_errmsg(db) : "cannot open";
        sqlite3_close(db);
        return f;
    }
    auto each = [&](const char* sql, const std::function<void(sqlite3_stmt*)>& row) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) {
            f.error = sqlite3_errmsg(db);
            return;
        }
        while (sqlite3_step(s) == SQLITE_ROW) row(s);
        sqlite3_finalize(s);
    };
    auto text = [](sqlite3_stmt* s, int i) {
        const auto* p = sqlite3_column_text(s, i);
        return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
    };
    each("PRAGMA integrity_check", [&](sqlite3_stmt* s) { f.integrity += text(s, 0); });
    each("SELECT account, password_hash, confirm_token_hash, confirmed_at IS NOT NULL FROM registrations",
         [&](sqlite3_stmt* s) {
             ++f.rows;
             f.accounts.insert(text(s, 0));
             const std::string hash = text(s, 1), token = text(s, 2);
             if (hash.rfind("$argon2id$", 0) != 0) ++f.not_argon2id;
             f.hash_of[text(s, 0)] = hash;
             if (token.size() < 32 || token.find_first_not_of("0123456789abcdef") != std::string::npos) ++f.bad_token_hashes;
             f.confirmed += sqlite3_column_int(s, 3);
         });
    each("SELECT COUNT(*) FROM (SELECT account FROM registrations GROUP BY account HAVING COUNT(*) > 1)",
         [&](sqlite3_stmt* s) { f.duplicate_accounts = sqlite3_column_int(s, 0); });
    sqlite3_close(db);
    return f;
}

std::string fmt(const char* format, double a, double b = 0, double c = 0) {
    char buf[160];
    std::snprintf(buf, sizeof buf, format, a, b, c);
    return buf;
}

}  // namespace

int main(int argc, char** argv) {
    std::string binary;
    double seconds = 30;
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--keep") keep = true;
        else if (a == "-h" || a == "--help") binary.clear(), i = argc;
        else if (binary.empty()) binary = a;
        else seconds = std::atof(a.c_str());
    }
    if (binary.empty() || !(seconds >= 1)) {
        std::fprintf(stderr, "usage: abon-server-soak SERVER_BINARY [SECONDS (1..%d, default 30)] [--keep]\n", kMaxSeconds);
        return 64;
    }
    seconds = std::min<double>(seconds, kMaxSeconds);
    if (access(binary.c_str(), X_OK) != 0) {
        std::fprintf(stderr, "abon-server-soak: %s is not an executable file\n", binary.c_str());
        return 64;
    }
    if (sodium_init() < 0) return 1;
    signal(SIGPIPE, SIG_IGN);

    TempFolder tmp;
    tmp.keep = keep;
    write_inputs(tmp.path);
    ServerProcess server(binary, tmp.path);
    Run run;
    run.port = server.wait_for_port(std::chrono::seconds(15));
    if (run.port == 0) {
        std::fprintf(stderr, "abon-server-soak: the server did not come up; its log (kept in %s):\n%s\n",
                     tmp.path.c_str(), read_file(server.log()).c_str());
        tmp.keep = true;
        return 1;
    }
    run.origin = "http://127.0.0.1:" + std::to_string(run.port);
    run.seconds = seconds;
    std::printf("abon-server-soak: %d clients for %.0f s against %s (pid %d), data in %s\n", kClients, seconds,
                run.origin.c_str(), static_cast<int>(server.pid()), tmp.path.c_str());
    std::fflush(stdout);

    // --- the load -------------------------------------------------------------------------
    const int squad_rounds = std::max(1, static_cast<int>((seconds - 2.0) / kSquadEverySeconds));
    std::vector<RaceResult> squad(static_cast<std::size_t>(squad_rounds));
    for (int r = 0; r < squad_rounds; ++r) {
        squad[static_cast<std::size_t>(r)].account = account_for(kSquadPool + r);
        squad[static_cast<std::size_t>(r)].statuses.assign(kSquad, 0);
    }
    bool squad_go = true;
    int squad_started = 0, squad_releases = 0;
    Barrier squad_barrier(kSquad, [&] {
        // Runs at both waits of a round (its start, then the race); the start decides.
        if (squad_releases++ % 2 == 0) {
            squad_go = run.running() && Clock::now() + std::chrono::seconds(2) < run.deadline;
            squad_started += squad_go;
        }
    });
    Guesses guesses;
    std::vector<Record> records(kClients + kRaceAll + 1);
    run.start = Clock::now();
    run.deadline = run.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    {
        std::vector<std::thread> pool;
        int slot = 0;
        for (int i = 0; i < kUsers; ++i, ++slot)
            pool.emplace_back([&, slot] {
                std::mt19937 rng(static_cast<unsigned>(slot) * 7919u + 17u);
                while (run.running()) user_session(run, records[static_cast<std::size_t>(slot)], rng);
            });
        for (int i = 0; i < kRegistrants; ++i, ++slot)
            pool.emplace_back([&, slot] {
                std::mt19937 rng(static_cast<unsigned>(slot));
                registrant(run, records[static_cast<std::size_t>(slot)], rng);
            });
        for (int i = 0; i < kSquad; ++i, ++slot)
            pool.emplace_back([&, slot, i] { squad_member(run, records[static_cast<std::size_t>(slot)], squad_barrier, squad_go, squad_rounds, i, squad); });
        for (int i = 0; i < kAbusers; ++i, ++slot)
            pool.emplace_back([&, slot] { abuser(run, records[static_cast<std::size_t>(slot)]); });
        for (int i = 0; i < kAccountAbusers; ++i, ++slot)
            pool.emplace_back([&, slot] { account_abuser(run, records[static_cast<std::size_t>(slot)], guesses); });
        for (auto& t : pool) t.join();
    }
    const double load_seconds = std::chrono::duration<double>(Clock::now() - run.start).count();

    // --- 50 registrations of one account at the same moment -------------------------------
    RaceResult all{account_for(kRaceAllAccount), std::vector<int>(kRaceAll, 0)};
    const auto race_started = Clock::now();
    run.deadline = Clock::now() + std::chrono::seconds(60);  // bounds nothing here; clients only check it in loops
    {
        Barrier barrier(kRaceAll);
        std::vector<std::thread> pool;
        for (int i = 0; i < kRaceAll; ++i)
            pool.emplace_back([&, i] {
                race_member(run, records[static_cast<std::size_t>(kClients + i)], barrier, Kind::RaceAll, all.account,
                            all.statuses[static_cast<std::size_t>(i)]);
            });
        for (auto& t : pool) t.join();
    }
    const double race_seconds = std::chrono::duration<double>(Clock::now() - race_started).count();

    // --- alive at the end, and the letters' links work --------------------------------------
    Record& tail = records.back();
    const bool alive_before_probe = server.alive();
    int probe_captcha = 0, probe_page = 0, confirmed_now = 0, confirm_again_410 = 0;
    {
        Client c(run, tail, run.new_user_ip());
        const auto* r = c.exchange(Kind::FinalProbe, [](httplib::Client& h) { return h.Get("/api/captcha"); },
                                   [](const httplib::Response& res) -> Verdict { return res.status == 200 ? "" : "status " + std::to_string(res.status); });
        probe_captcha = r ? r->status : 0;
        r = c.exchange(Kind::FinalProbe, [](httplib::Client& h) { return h.Get("/"); },
                       [](const httplib::Response& res) -> Verdict { return res.status == 200 ? "" : "status " + std::to_string(res.status); });
        probe_page = r ? r->status : 0;
    }
    std::vector<fs::path> letters;
    for (const auto& e : fs::directory_iterator(tmp.path / "data" / "outbox"))
        if (e.path().extension() == ".eml") letters.push_back(e.path());
    std::sort(letters.begin(), letters.end());
    const std::regex link(R"(/api/confirm\?token=([0-9a-f]{64}))");
    constexpr int kConfirm = 5;
    for (std::size_t i = 0; i < letters.size() && i < static_cast<std::size_t>(kConfirm); ++i) {
        std::smatch m;
        const std::string eml = read_file(letters[i]);
        if (!std::regex_search(eml, m, link)) continue;
        const std::string path = "/api/confirm?token=" + m[1].str();
        Client c(run, tail, run.new_user_ip());
        const auto* r = c.exchange(Kind::Confirm, [&](httplib::Client& h) { return h.Get(path.c_str()); },
                                   [](const httplib::Response& res) -> Verdict { return res.status == 200 ? "" : "status " + std::to_string(res.status); });
        if (r && r->status == 200) ++confirmed_now;
        r = c.exchange(Kind::ConfirmAgain, [&](httplib::Client& h) { return h.Get(path.c_str()); },
                       [](const httplib::Response& res) -> Verdict { return res.status == 410 ? "" : "status " + std::to_string(res.status); });
        if (r && r->status == 410) ++confirm_again_410;
    }
    const bool alive_at_end = server.alive();
    const auto [server_cpu, server_peak_mib] = server.cpu_and_peak_mib();
    const std::optional<int> exit_code = server.stop(std::chrono::seconds(10));

    // --- merge ------------------------------------------------------------------------------
    std::vector<Sample> samples;
    std::vector<std::string> problems;
    std::vector<std::pair<std::string, int>> registered;
    long unexpected = 0;
    for (auto& r : records) {
        samples.insert(samples.end(), r.samples.begin(), r.samples.end());
        for (auto& p : r.problems)
            if (problems.size() < 12) problems.push_back(p);
        unexpected += r.unexpected;
        registered.insert(registered.end(), r.registered.begin(), r.registered.end());
    }

    // Figures for the load phase alone (the race and the probes come after).
    std::vector<float> load_ms;
    std::map<int, long> by_status;
    std::map<Kind, std::vector<float>> ms_by_kind;
    std::map<Kind, std::map<int, long>> status_by_kind;
    long server_errors = 0, connection_errors = 0;
    for (const Sample& s : samples) {
        if (s.status >= 500) ++server_errors;
        if (s.status == 0) ++connection_errors;
        ms_by_kind[s.kind].push_back(s.ms);
        ++status_by_kind[s.kind][s.status];
        if (s.kind == Kind::RaceAll || s.kind == Kind::FinalProbe || s.kind == Kind::Confirm || s.kind == Kind::ConfirmAgain)
            continue;
        load_ms.push_back(s.ms);
        ++by_status[s.status];
    }
    long sent_in_window = 0;
    for (const Sample& s : samples)
        if (s.sent < seconds && s.kind != Kind::RaceAll && s.kind != Kind::FinalProbe && s.kind != Kind::Confirm &&
            s.kind != Kind::ConfirmAgain)
            ++sent_in_window;
    const double load_rps = static_cast<double>(sent_in_window) / seconds;
    const double p50 = percentile(load_ms, 0.50), p99 = percentile(load_ms, 0.99), pmax = load_ms.empty() ? 0 : load_ms.back();

    // Per address: answers that passed the limiter, against the token bucket's bound over
    // the time the address was seen (client clock: never shorter than the server's).
    struct Seen {
        float first = 1e9f, last = 0;
        long posts = 0, posts_passed = 0, challenges = 0, challenges_passed = 0, refused = 0;
    };
    std::map<std::uint32_t, Seen> seen;
    for (const Sample& s : samples) {
        if (s.kind == Kind::FinalProbe || s.kind == Kind::Confirm || s.kind == Kind::ConfirmAgain) continue;
        Seen& a = seen[s.ip];
        a.first = std::min(a.first, s.sent);
        a.last = std::max(a.last, s.received);
        if (s.status == 429) ++a.refused;
        if (spends_post_token(s.kind)) {
            ++a.posts;
            if (s.status != 429 && s.status != 0) ++a.posts_passed;  // unanswered: unknown, and failed anyway
        }
        if (spends_captcha_token(s.kind)) {
            ++a.challenges;
            if (s.status != 429 && s.status != 0) ++a.challenges_passed;
        }
    }
    long over_bound = 0, users_refused = 0;
    std::string over_detail;
    for (const auto& [ip, a] : seen) {
        const double span = std::max(0.0f, a.last - a.first);
        const long post_bound = static_cast<long>(kPostBurst + kPostsPerMinute * span / 60.0 + 1e-9);
        const long captcha_bound = static_cast<long>(kCaptchaBurst + kCaptchasPerMinute * span / 60.0 + 1e-9);
        if (a.posts_passed > post_bound || a.challenges_passed > captcha_bound) {
            ++over_bound;
            if (over_detail.empty())
                over_detail = address_of(ip) + ": " + std::to_string(a.posts_passed) + " POSTs, " +
                              std::to_string(a.challenges_passed) + " challenges in " + fmt("%.1f s", span);
        }
    }
    for (const Sample& s : samples)
        if (s.status == 429 && s.kind != Kind::AbusePost && s.kind != Kind::AbuseCaptcha && s.kind != Kind::AccountAbuse)
            ++users_refused;
    const Seen shared = seen[(127u << 24) | 2u];
    const double shared_span = std::max(0.0f, shared.last - shared.first);
    const long shared_post_bound = static_cast<long>(kPostBurst + kPostsPerMinute * shared_span / 60.0 + 1e-9);
    const long shared_captcha_bound = static_cast<long>(kCaptchaBurst + kCaptchasPerMinute * shared_span / 60.0 + 1e-9);

    // Races: exactly one 201 each, the rest 409.
    auto race_ok = [](const RaceResult& r) {
        return std::count(r.statuses.begin(), r.statuses.end(), 201) == 1 &&
               std::count(r.statuses.begin(), r.statuses.end(), 409) == static_cast<long>(r.statuses.size()) - 1;
    };
    int squad_ok = 0;
    for (int r = 0; r < squad_started; ++r) squad_ok += race_ok(squad[static_cast<std::size_t>(r)]);

    // The account abuser: exactly 5 mismatches, then 429 only, the right details included.
    const long guess_mismatches = std::count(guesses.statuses.begin(), guesses.statuses.end(), 422);
    bool guesses_ok = guesses.statuses.size() > static_cast<std::size_t>(2 * kAccountTries) && guess_mismatches == kAccountTries;
    for (std::size_t i = kAccountTries; i < guesses.statuses.size(); ++i) guesses_ok = guesses_ok && guesses.statuses[i] == 429;

    // The database and the letters, after the server stopped.
    const DbFacts db = read_database(tmp.path / "data" / "abon-demo.sqlite");
    std::multiset<std::string> got_201;
    for (const auto& r : registered) got_201.insert(r.first);
    const bool one_201_per_account = std::set<std::string>(got_201.begin(), got_201.end()).size() == registered.size();
    // A few stored hashes against the password that won the 201, at the production cost.
    constexpr std::size_t kVerify = 3;
    int hashes_verified = 0;
    for (std::size_t i = 0; i < registered.size() && i < kVerify; ++i) {
        const auto it = db.hash_of.find(registered[i].first);
        const std::string pw = password(registered[i].second);
        hashes_verified += it != db.hash_of.end() &&
                           crypto_pwhash_str_verify(it->second.c_str(), pw.c_str(), pw.size()) == 0 &&
                           crypto_pwhash_str_needs_rehash(it->second.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                          crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
    }
    const int hashes_wanted = static_cast<int>(std::min(kVerify, registered.size()));
    std::string leaks;
    auto scan = [&](const fs::path& p) {
        if (fs::exists(p) && read_file(p).find(kPasswordMark) != std::string::npos) leaks += p.filename().string() + " ";
    };
    scan(server.log());
    scan(tmp.path / "data" / "abon-demo.sqlite");
    scan(tmp.path / "data" / "abon-demo.sqlite-wal");
    for (const auto& l : letters) scan(l);
    long log_errors = 0, log_lines = 0;
    {
        std::istringstream in(read_file(server.log()));
        for (std::string line; std::getline(in, line);) {
            ++log_lines;
            if (line.rfind("error:", 0) == 0 || line.find(" error: ") != std::string::npos) ++log_errors;
        }
    }

    std::vector<Check> checks = {
        {"no 5xx answer", server_errors == 0, std::to_string(server_errors) + " answers >= 500"},
        {"no connection error", connection_errors == 0, std::to_string(connection_errors) + " requests without an answer"},
        {"every answer as expected (status and body)", unexpected == 0, std::to_string(unexpected) + " unexpected"},
        {"limiter: no address above the token bucket", over_bound == 0,
         over_bound ? over_detail : std::to_string(seen.size()) + " addresses, none above 10 + 10/min POSTs, 30 + 30/min challenges"},
        {"limiter: users inside the limit never refused", users_refused == 0, std::to_string(users_refused) + " user requests got 429"},
        {"limiter: shared 127.0.0.2 held to its bucket",
         shared.posts_passed >= static_cast<long>(kPostBurst) && shared.posts_passed <= shared_post_bound && shared.challenges_passed >= static_cast<long>(kCaptchaBurst) &&
             shared.challenges_passed <= shared_captcha_bound && shared.refused > 0,
         std::to_string(shared.posts_passed) + "/" + std::to_string(shared.posts) + " POSTs passed (bound " +
             std::to_string(shared_post_bound) + "), " + std::to_string(shared.challenges_passed) + "/" +
             std::to_string(shared.challenges) + " challenges (bound " + std::to_string(shared_captcha_bound) + ") in " +
             fmt("%.1f s", shared_span)},
        {"limiter: 5 mismatches lock an account number", guesses_ok,
         std::to_string(guess_mismatches) + " mismatches, then " + std::to_string(guesses.statuses.size() - static_cast<std::size_t>(guess_mismatches)) +
             " x 429 (the right details too)"},
        {"squad races: one 201 per round", squad_started > 0 && squad_ok == squad_started,
         std::to_string(squad_ok) + "/" + std::to_string(squad_started) + " rounds of " + std::to_string(kSquad)},
        {"50 simultaneous registrations of one account: one 201", race_ok(all),
         std::to_string(std::count(all.statuses.begin(), all.statuses.end(), 201)) + " x 201, " +
             std::to_string(std::count(all.statuses.begin(), all.statuses.end(), 409)) + " x 409 in " + fmt("%.1f s", race_seconds)},
        {"server alive at the end and answering", alive_before_probe && alive_at_end && probe_captcha == 200 && probe_page == 200,
         "GET /api/captcha " + std::to_string(probe_captcha) + ", GET / " + std::to_string(probe_page)},
        {"letters' links confirm once (200, then 410)", confirmed_now == std::min<int>(kConfirm, static_cast<int>(letters.size())) &&
                                                           confirm_again_410 == confirmed_now && confirmed_now > 0,
         std::to_string(confirmed_now) + " confirmed, " + std::to_string(confirm_again_410) + " x 410 after"},
        {"server stops cleanly on SIGTERM", exit_code && *exit_code == 0,
         exit_code ? "exit code " + std::to_string(*exit_code) : std::string("still running after 10 s")},
        {"database: PRAGMA integrity_check = ok", db.error.empty() && db.integrity == "ok", db.error.empty() ? db.integrity : db.error},
        {"database: one row per 201, none without", one_201_per_account && db.accounts == got_201,
         std::to_string(registered.size()) + " x 201, " + std::to_string(db.rows) + " rows"},
        {"database: no account twice", db.duplicate_accounts == 0, std::to_string(db.duplicate_accounts) + " accounts with 2+ rows"},
        {"database: every password an $argon2id$ hash", db.rows > 0 && db.not_argon2id == 0 && hashes_verified == hashes_wanted,
         std::to_string(db.not_argon2id) + " not argon2id; " + std::to_string(hashes_verified) + "/" +
             std::to_string(hashes_wanted) + " verified against the password, INTERACTIVE cost"},
        {"database: confirmation tokens stored hashed", db.bad_token_hashes == 0 && db.confirmed == confirmed_now,
         std::to_string(db.bad_token_hashes) + " bad, " + std::to_string(db.confirmed) + " confirmed rows"},
        {"one letter per registration", static_cast<long>(letters.size()) == db.rows, std::to_string(letters.size()) + " letters"},
        {"no password in log, database or letters", leaks.empty(), leaks.empty() ? "marker not found" : "found in " + leaks},
        {"no error line in the server log", log_errors == 0, std::to_string(log_errors) + " of " + std::to_string(log_lines) + " lines"},
    };

    // --- report -------------------------------------------------------------------------------
    std::printf("\nload: %ld requests sent in %.0f s = %.0f req/s (the last answered %.1f s later); latency p50 %.2f ms, "
                "p99 %.2f ms, max %.0f ms\n",
                sent_in_window, seconds, load_rps, load_seconds - seconds, p50, p99, pmax);
    std::printf("statuses:");
    for (const auto& [status, n] : by_status) std::printf("  %d: %ld", status, n);
    std::printf("\n\n%-24s %9s %9s %9s   %s\n", "request", "count", "p50 ms", "p99 ms", "statuses");
    for (auto& [kind, v] : ms_by_kind) {
        const double k50 = percentile(v, 0.5), k99 = percentile(v, 0.99);
        std::string st;
        for (const auto& [status, n] : status_by_kind[kind]) st += std::to_string(status) + "x" + std::to_string(n) + " ";
        std::printf("%-24s %9zu %9.2f %9.2f   %s\n", name(kind), v.size(), k50, k99, st.c_str());
    }
    std::printf("\nrace of %d: %.1f s; registrations stored: %ld; server: %.1f CPU s, peak RSS %.0f MiB, %ld log lines\n\n",
                kRaceAll, race_seconds, db.rows, server_cpu, server_peak_mib, log_lines);
    bool all_ok = true;
    for (const Check& c : checks) {
        std::printf("  %s  %-52s %s\n", c.ok ? "PASS" : "FAIL", c.name.c_str(), c.detail.c_str());
        all_ok = all_ok && c.ok;
    }
    if (!problems.empty()) {
        std::printf("\nfirst unexpected answers:\n");
        for (const auto& p : problems) std::printf("  %s\n", p.c_str());
    }
    std::printf("\n%s\n", all_ok ? "abon-server-soak: every check holds" : "abon-server-soak: FAILED");
    if (!all_ok) {
        tmp.keep = true;
        std::printf("kept for a look: %s\n", tmp.path.c_str());
    }
    return all_ok ? 0 : 1;
}
