// What the soak's clients do: a user's session of the mix, paced registrants, a squad that
// races for one account, abusers from one shared address and from many, and the three
// phases of a run (the load, the race of all, the tail of probes and confirmations).
#include "soak.hpp"

#include <algorithm>
#include <iterator>
#include <regex>
#include <thread>

namespace abon::soak {
namespace {

// One invalid field each (plus the unknown challenge every invalid row carries).
struct InvalidRow {
    const char* note;
    const char* key;
    json value;
    const char* field;
    ErrorCode code;
};
const std::vector<InvalidRow>& invalid_rows() {
    static const std::vector<InvalidRow> rows = {
        {"password of 5", "password", "Kot-1", "password", ErrorCode::PasswordTooShort},
        {"four-digit account", "account", "12-34", "account", ErrorCode::AccountDigitCount},
        {"no email", "email", nullptr, "email", ErrorCode::Required},
        {"zero kopecks", "last_payment_kopecks", 0, "last_payment", ErrorCode::AmountNotPositive},
        {"kopecks over the cap", "last_payment_kopecks", 100000001, "last_payment", ErrorCode::AmountTooLarge},
        {"digit in the surname", "surname", "Шевченко2", "surname", ErrorCode::NameDigits},
        {"no given name", "given_name", "", "given_name", ErrorCode::Required},
    };
    return rows;
}

// A user: a fresh address, a short session of the mix, then gone. It stays inside its
// address's buckets (Run::user_posts, user_challenges), so the limiter never refuses one.
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

    for (int i = 0; i < n && posts < run.user_posts() && run.running(); ++i) {
        const int roll = percent(rng);
        if (roll < 30 && challenges < run.user_challenges()) {  // valid form, wrong details: 422 account_details_mismatch
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
                return expect_errors(r, {{"account", id(ErrorCode::AccountDetailsMismatch)}});
            });
        } else if (roll < 50) {  // a field the core refuses, sent anyway
            const InvalidRow& row = invalid_rows()[pick(invalid_rows().size())];
            json body = valid_body(account_for(kUnknownAccounts), "no-such-challenge", run.next_password++);
            body[row.key] = row.value;
            json errors = {{row.field, id(row.code)}, {"captcha", id(ErrorCode::CaptchaExpired)}};
            std::string text = body.dump();
            Kind kind = Kind::Invalid;
            if (percent(rng) < 15) {  // the size limit's edge: exactly 16 KiB is read
                text.insert(text.size() - 1, std::string(run.limits().max_body_bytes - text.size(), ' '));
                kind = Kind::Body16K;
            }
            ++posts;
            c.post(kind, text, [&](const httplib::Response& r) { return expect_errors(r, errors); });
        } else if (roll < 58) {
            ++posts;
            const std::string type = percent(rng) < 50 ? "text/plain" : "application/x-www-form-urlencoded";
            c.post(Kind::WrongType, valid_body(account_for(kUnknownAccounts), "t", run.next_password++).dump(),
                   [](const httplib::Response& r) { return expect_error(r, 415, ErrorCode::UnsupportedMediaType); }, type);
        } else if (roll < 64) {
            ++posts;
            json body = valid_body(account_for(kUnknownAccounts), "t", run.next_password++);
            body["padding"] = std::string(run.limits().max_body_bytes + std::uniform_int_distribution<std::size_t>(1, 24 * 1024)(rng), 'x');
            c.post(Kind::Oversized, body.dump(),
                   [](const httplib::Response& r) { return expect_error(r, 413, ErrorCode::PayloadTooLarge); });
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
                       [](const httplib::Response& r) { return expect_error(r, 411, ErrorCode::BadRequest); });
        } else if (roll < 76) {
            static const char* const kMalformed[] = {R"({"surname": "Шевченко", )", "[1, 2]", "null",
                                                     R"({"last_payment_kopecks": "1234,56"})", R"({"captcha": "KXRTA"})",
                                                     "\xff\xfe{}"};
            ++posts;
            c.post(Kind::Malformed, kMalformed[pick(std::size(kMalformed))],
                   [](const httplib::Response& r) { return expect_error(r, 400, ErrorCode::BadRequest); });
        } else if (roll < 81) {
            c.post(Kind::CrossSite, valid_body(account_for(kUnknownAccounts), "t", run.next_password++).dump(),
                   [](const httplib::Response& r) { return expect_error(r, 403, ErrorCode::CrossSiteRefused); },
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
        } else if (challenges < run.user_challenges()) {  // a page load: a challenge and its picture, no submission
            ++challenges;
            c.challenge(Kind::Captcha, true);
        }
    }
}

// Registrations of distinct accounts, paced: argon2id at 64 MiB is the costly path, by design.
// A quarter of them submit twice (a double click): the second replaces the first (201 again;
// the first link dies, the first address gets a notice), so its password is the one stored.
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
            const int pw_again = run.next_password++;
            const auto* r2 = c.post(Kind::Repeat, valid_body(account, again, pw_again).dump(),
                                    [&](const httplib::Response& res) { return expect_registered(res, account); });
            if (r2 && r2->status == 201) rec.registered.emplace_back(account, pw_again);
        }
    }
}

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
    // Nobody confirms during a race: every racer replaces the one before (201 each).
    const auto* r = c.post(kind, body, [&](const httplib::Response& res) { return expect_registered(res, account); });
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
    Client c(run, rec, kSharedAddress);  // address_of() ignores the first octet
    const json errors = {{"captcha", id(ErrorCode::CaptchaExpired)}};
    while (run.running()) {
        c.post(Kind::AbusePost, valid_body(account_for(kUnknownAccounts), "stolen-or-made-up", run.next_password++).dump(),
               [&](const httplib::Response& r) { return r.status == 429 ? expect_rate_limited(r) : expect_errors(r, errors); });
        c.challenge(Kind::AbuseCaptcha, false);
        std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(kAbuserPauseMs));
    }
}

// Guesses one account's details from ever new networks (each a /24 of its own): 5 from one
// network lock only that network, but 20 from all of them stop comparisons for the number
// for the day (429) whatever the details, the right ones included.
void account_abuser(Run& run, Record& rec, Guesses& out) {
    const std::string account = account_for(kLockedAccount);
    for (int i = 0; run.running(); ++i) {
        Client c(run, rec, run.new_user_ip());
        const std::string token = c.challenge(Kind::Captcha, false);
        json body = valid_body(account, token, run.next_password++);
        const bool right_details = i >= 2 * run.limits().account_daily_tries;  // later guesses are right, and still refused
        if (!right_details) body["given_name"] = i % 2 ? "Тарасик" : "Петро";
        const auto* r = c.post(Kind::AccountAbuse, body.dump(), [&](const httplib::Response& res) -> Verdict {
            if (res.status == 429) return expect_rate_limited(res);
            return expect_errors(res, {{"account", id(ErrorCode::AccountDetailsMismatch)}});
        });
        out.statuses.push_back(r ? r->status : 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

}  // namespace

std::string password(int n) { return "Qv7-" + std::string(kPasswordMark) + "-" + std::to_string(n); }

json valid_body(const std::string& account, const std::string& token, int password_no) {
    return {{"surname", "Шевченко"}, {"given_name", "Тарас"}, {"patronymic", "Григорович"},
            {"account", account}, {"password", password(password_no)},
            {"email", "soak.user@ukr.net"}, {"captcha", {{"token", token}, {"answer", kAnswer}}},
            {"last_payment_kopecks", 123456}, {"lang", "uk"}};
}

Load run_load(Run& run, std::vector<Record>& records) {
    Load load;
    const int squad_rounds = std::max(1, static_cast<int>((run.seconds - 2.0) / kSquadEverySeconds));
    load.squad.resize(static_cast<std::size_t>(squad_rounds));
    for (int r = 0; r < squad_rounds; ++r) {
        load.squad[static_cast<std::size_t>(r)].account = account_for(kSquadPool + r);
        load.squad[static_cast<std::size_t>(r)].statuses.assign(kSquad, 0);
    }
    bool squad_go = true;
    int squad_releases = 0;
    Barrier squad_barrier(kSquad, [&] {
        // Runs at both waits of a round (its start, then the race); the start decides.
        if (squad_releases++ % 2 == 0) {
            squad_go = run.running() && Clock::now() + std::chrono::seconds(2) < run.deadline;
            load.squad_started += squad_go;
        }
    });
    run.start = Clock::now();
    run.deadline = run.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(run.seconds));
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
        pool.emplace_back([&, slot, i] {
            squad_member(run, records[static_cast<std::size_t>(slot)], squad_barrier, squad_go, squad_rounds, i, load.squad);
        });
    for (int i = 0; i < kAbusers; ++i, ++slot)
        pool.emplace_back([&, slot] { abuser(run, records[static_cast<std::size_t>(slot)]); });
    for (int i = 0; i < kAccountAbusers; ++i, ++slot)
        pool.emplace_back([&, slot] { account_abuser(run, records[static_cast<std::size_t>(slot)], load.guesses); });
    for (auto& t : pool) t.join();
    load.seconds = std::chrono::duration<double>(Clock::now() - run.start).count();
    return load;
}

RaceResult run_race_of_all(Run& run, std::vector<Record>& records, double& seconds_out) {
    RaceResult all{account_for(kRaceAllAccount), std::vector<int>(kRaceAll, 0)};
    const auto started = Clock::now();
    run.deadline = Clock::now() + std::chrono::seconds(60);  // bounds nothing here; clients only check it in loops
    Barrier barrier(kRaceAll);
    std::vector<std::thread> pool;
    for (int i = 0; i < kRaceAll; ++i)
        pool.emplace_back([&, i] {
            race_member(run, records[static_cast<std::size_t>(kClients + i)], barrier, Kind::RaceAll, all.account,
                        all.statuses[static_cast<std::size_t>(i)]);
        });
    for (auto& t : pool) t.join();
    seconds_out = std::chrono::duration<double>(Clock::now() - started).count();
    return all;
}

Tail run_tail(Run& run, Record& record, const fs::path& outbox) {
    Tail t;
    {
        Client c(run, record, run.new_user_ip());
        const auto* r = c.exchange(Kind::FinalProbe, [](httplib::Client& h) { return h.Get("/api/captcha"); },
                                   [](const httplib::Response& res) { return expect_status(res, 200); });
        t.probe_captcha = r ? r->status : 0;
        r = c.exchange(Kind::FinalProbe, [](httplib::Client& h) { return h.Get("/"); },
                       [](const httplib::Response& res) { return expect_status(res, 200); });
        t.probe_page = r ? r->status : 0;
    }
    for (const auto& e : fs::directory_iterator(outbox))
        if (e.path().extension() == ".eml") t.letters.push_back(e.path());
    std::sort(t.letters.begin(), t.letters.end());
    // Every link: the button's page (200) for the one live letter of each account, 404 for
    // the ones a later registration replaced; a notice has no link.
    const std::regex link(R"(/api/confirm\?token=([0-9a-f]{64}))");
    std::vector<std::string> live;
    for (const fs::path& letter : t.letters) {
        std::smatch m;
        const std::string eml = read_file(letter);
        if (!std::regex_search(eml, m, link)) {
            ++t.notices;
            continue;
        }
        ++t.link_letters;
        const std::string token = m[1].str();
        Client c(run, record, run.new_user_ip());
        const auto* r = c.exchange(Kind::LinkCensus, [&](httplib::Client& h) { return h.Get(("/api/confirm?token=" + token).c_str()); },
                                   [](const httplib::Response& res) -> Verdict {
                                       return res.status == 200 || res.status == 404 ? "" : "status " + std::to_string(res.status);
                                   });
        const int status = r ? r->status : 0;
        // outbox/<UTC time>-<account>-<random>.eml
        const std::string name = letter.filename().string();
        const std::string account = name.substr(name.find('-') + 1, 10);
        if (status == 200) {
            ++t.live_links[account];
            live.push_back(token);
        } else if (status == 404) {
            ++t.dead_links;
        } else {
            ++t.odd_links;
        }
    }
    for (std::size_t i = 0; i < live.size() && i < static_cast<std::size_t>(kConfirm); ++i) {
        const std::string body = "token=" + live[i];
        auto press = [&](httplib::Client& h) { return h.Post("/api/confirm", body, "application/x-www-form-urlencoded"); };
        Client c(run, record, run.new_user_ip());
        const auto* r = c.exchange(Kind::Confirm, press, [](const httplib::Response& res) { return expect_status(res, 200); });
        if (r && r->status == 200) ++t.confirmed;
        r = c.exchange(Kind::ConfirmAgain, press, [](const httplib::Response& res) { return expect_status(res, 410); });
        if (r && r->status == 410) ++t.confirmed_again_410;
    }
    return t;
}

}  // namespace abon::soak
