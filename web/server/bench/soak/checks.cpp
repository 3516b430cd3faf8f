// The soak's judgement: what each answer must be, the figures of the run, and the checks
// over the answers, the limits (the server's own, Run::server), the database and the log.
#include "soak.hpp"

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace abon::soak {
namespace {

const char* const kKindNames[] = {
    "GET /", "GET captcha", "GET captcha png", "OPTIONS preflight", "GET confirm (unknown)", "POST mismatch",
    "POST invalid fields", "POST 16 KiB exactly", "POST wrong type", "POST over 16 KiB", "POST chunked",
    "POST malformed JSON", "POST cross-site", "POST valid (new)", "POST valid (again)", "POST squad race",
    "POST abuser", "GET captcha abuser", "POST account guess", "POST race of 50", "final probe",
    "GET confirm (letter)", "POST confirm (button)", "POST confirm (again)"};
static_assert(sizeof kKindNames / sizeof *kKindNames == static_cast<std::size_t>(Kind::kCount));


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
    std::map<std::string, long> letters_by_state;  // the letter queue: queued, sent, failed, obsolete
    long letter_texts_kept = 0;                     // rows out of the queue that still hold their text
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
    each("SELECT state, COUNT(*) FROM letters GROUP BY state",
         [&](sqlite3_stmt* s) { f.letters_by_state[text(s, 0)] = sqlite3_column_int(s, 1); });
    each("SELECT COUNT(*) FROM letters WHERE state <> 'queued' AND message IS NOT NULL",
         [&](sqlite3_stmt* s) { f.letter_texts_kept = sqlite3_column_int(s, 0); });
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

const char* name(Kind k) { return kKindNames[static_cast<int>(k)]; }

bool after_load(Kind k) {
    return k == Kind::RaceAll || k == Kind::FinalProbe || k == Kind::LinkCensus || k == Kind::Confirm ||
           k == Kind::ConfirmAgain;
}

Verdict expect_status(const httplib::Response& r, int status) {
    return r.status == status ? "" : "status " + std::to_string(r.status);
}

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
bool spends_captcha_token(Kind k) { return k == Kind::Captcha || k == Kind::CaptchaImage || k == Kind::AbuseCaptcha; }

std::string text_of(const json& j, const char* key) {
    if (!j.is_object()) return "";
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

Verdict expect_error(const httplib::Response& r, int status, ErrorCode code) {
    if (r.status != status) return "status " + std::to_string(r.status) + ", wanted " + std::to_string(status);
    if (r.get_header_value("Content-Type") != "application/json; charset=utf-8") return "content type " + r.get_header_value("Content-Type");
    const json j = json::parse(r.body, nullptr, false);
    if (text_of(j, "error") != id(code) || text_of(j, "message").empty())
        return "body " + r.body.substr(0, 120);
    return "";
}

Verdict expect_rate_limited(const httplib::Response& r) {
    if (Verdict v = expect_error(r, 429, ErrorCode::RateLimited); !v.empty()) return v;
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
    if (text_of(j, "status") != "pending_confirmation" || text_of(j, "account") != account ||
        text_of(j, "handle").size() != 43 || !j.contains("resend_after") || j.value("resends_left", -1) != 3)
        return "body " + r.body.substr(0, 160);
    return "";
}

namespace {

struct Merged {
    std::vector<Sample> samples;
    std::vector<std::string> problems;
    std::vector<std::pair<std::string, int>> registered;
    long unexpected = 0;
};

Merged merge(const std::vector<Record>& records) {
    Merged m;
    for (const auto& r : records) {
        m.samples.insert(m.samples.end(), r.samples.begin(), r.samples.end());
        for (const auto& p : r.problems)
            if (m.problems.size() < 12) m.problems.push_back(p);
        m.unexpected += r.unexpected;
        m.registered.insert(m.registered.end(), r.registered.begin(), r.registered.end());
    }
    return m;
}

// Figures for the load phase alone (the race and the probes come after).
struct Figures {
    std::vector<float> load_ms;
    std::map<int, long> by_status;
    std::map<Kind, std::vector<float>> ms_by_kind;
    std::map<Kind, std::map<int, long>> status_by_kind;
    long server_errors = 0, connection_errors = 0, sent_in_window = 0;
    double load_rps = 0, p50 = 0, p99 = 0, pmax = 0;
};

Figures figures_of(const std::vector<Sample>& samples, double seconds) {
    Figures f;
    for (const Sample& s : samples) {
        if (s.status >= 500) ++f.server_errors;
        if (s.status == 0) ++f.connection_errors;
        f.ms_by_kind[s.kind].push_back(s.ms);
        ++f.status_by_kind[s.kind][s.status];
        if (after_load(s.kind)) continue;
        f.load_ms.push_back(s.ms);
        ++f.by_status[s.status];
        if (s.sent < seconds) ++f.sent_in_window;
    }
    f.load_rps = static_cast<double>(f.sent_in_window) / seconds;
    f.p50 = percentile(f.load_ms, 0.50);
    f.p99 = percentile(f.load_ms, 0.99);
    f.pmax = f.load_ms.empty() ? 0 : f.load_ms.back();
    return f;
}

// Per address: answers that passed the limiter, against the token bucket's bound over
// the time the address was seen (client clock: never shorter than the server's).
struct Seen {
    float first = 1e9f, last = 0;
    long posts = 0, posts_passed = 0, challenges = 0, challenges_passed = 0, refused = 0;
};

struct LimiterFacts {
    std::size_t addresses = 0;
    long over_bound = 0, users_refused = 0;
    std::string over_detail;
    Seen shared;  // the abusers' address
    double shared_span = 0;
    long shared_post_bound = 0, shared_captcha_bound = 0;
};

long bound(const server::RateRule& rule, double span) {
    return static_cast<long>(rule.burst + rule.per_minute * span / 60.0 + 1e-9);
}

LimiterFacts limiter_facts(const Run& run, const std::vector<Sample>& samples) {
    const server::RateRule post = run.limits().register_per_client, captcha = run.limits().captcha_per_client;
    LimiterFacts l;
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
        if (s.status == 429 && s.kind != Kind::AbusePost && s.kind != Kind::AbuseCaptcha && s.kind != Kind::AccountAbuse)
            ++l.users_refused;
    }
    for (const auto& [ip, a] : seen) {
        const double span = std::max(0.0f, a.last - a.first);
        if (a.posts_passed > bound(post, span) || a.challenges_passed > bound(captcha, span)) {
            ++l.over_bound;
            if (l.over_detail.empty())
                l.over_detail = address_of(ip) + ": " + std::to_string(a.posts_passed) + " POSTs, " +
                                std::to_string(a.challenges_passed) + " challenges in " + fmt("%.1f s", span);
        }
    }
    l.addresses = seen.size();
    l.shared = seen[kSharedAddress];
    l.shared_span = std::max(0.0f, l.shared.last - l.shared.first);
    l.shared_post_bound = bound(post, l.shared_span);
    l.shared_captcha_bound = bound(captcha, l.shared_span);
    return l;
}

// The database, the letters and the log, after the server stopped.
struct StoredFacts {
    DbFacts db;
    std::multiset<std::string> got_201;     // one entry per 201
    std::set<std::string> accounts_201;     // the accounts that got one
    long replacements = 0;                  // 201s that replaced a pending registration
    long replaced_log_lines = 0;
    int hashes_verified = 0, hashes_wanted = 0;
    std::string leaks;
    long log_errors = 0, log_lines = 0;
};

StoredFacts stored_facts(const Run& run, const Outcome& o, const std::vector<std::pair<std::string, int>>& registered) {
    StoredFacts f;
    f.db = read_database(o.data_dir / "abon-demo.sqlite");
    for (const auto& r : registered) f.got_201.insert(r.first);
    f.accounts_201.insert(f.got_201.begin(), f.got_201.end());
    // Nobody confirms before the tail: every 201 after an account's first replaced one.
    f.replacements = static_cast<long>(f.got_201.size() - f.accounts_201.size());
    // A few stored hashes against the password of an account's only 201, at the server's cost.
    constexpr int kVerify = 3;
    for (const auto& [account, pw_no] : registered) {
        if (f.hashes_wanted == kVerify) break;
        if (f.got_201.count(account) != 1) continue;
        ++f.hashes_wanted;
        const auto it = f.db.hash_of.find(account);
        const std::string pw = password(pw_no);
        f.hashes_verified += it != f.db.hash_of.end() &&
                             crypto_pwhash_str_verify(it->second.c_str(), pw.c_str(), pw.size()) == 0 &&
                             crypto_pwhash_str_needs_rehash(it->second.c_str(), run.server.hash_cost.opslimit,
                                                            run.server.hash_cost.memlimit) == 0;
    }
    auto scan = [&](const fs::path& p) {
        if (fs::exists(p) && read_file(p).find(kPasswordMark) != std::string::npos) f.leaks += p.filename().string() + " ";
    };
    scan(o.server_log);
    scan(o.data_dir / "abon-demo.sqlite");
    scan(o.data_dir / "abon-demo.sqlite-wal");
    for (const auto& l : o.tail.letters) scan(l);
    std::istringstream in(read_file(o.server_log));
    for (std::string line; std::getline(in, line);) {
        ++f.log_lines;
        if (line.rfind("error:", 0) == 0 || line.find(" error: ") != std::string::npos) ++f.log_errors;
        if (line.rfind("security: registration_replaced account ", 0) == 0) ++f.replaced_log_lines;
    }
    return f;
}

// Races: nobody has confirmed, so every racer's registration replaces the one before: a 201
// each. That only one of them stays (one row, one live link) is checked over the database
// and the letters.
bool race_ok(const RaceResult& r) {
    return std::count(r.statuses.begin(), r.statuses.end(), 201) == static_cast<long>(r.statuses.size());
}

void print_figures(Figures& f, double seconds, double load_seconds) {
    std::printf("\nload: %ld requests sent in %.0f s = %.0f req/s (the last answered %.1f s later); latency p50 %.2f ms, "
                "p99 %.2f ms, max %.0f ms\n",
                f.sent_in_window, seconds, f.load_rps, load_seconds - seconds, f.p50, f.p99, f.pmax);
    std::printf("statuses:");
    for (const auto& [status, n] : f.by_status) std::printf("  %d: %ld", status, n);
    std::printf("\n\n%-24s %9s %9s %9s   %s\n", "request", "count", "p50 ms", "p99 ms", "statuses");
    for (auto& [kind, v] : f.ms_by_kind) {
        const double k50 = percentile(v, 0.5), k99 = percentile(v, 0.99);
        std::string st;
        for (const auto& [status, n] : f.status_by_kind[kind]) st += std::to_string(status) + "x" + std::to_string(n) + " ";
        std::printf("%-24s %9zu %9.2f %9.2f   %s\n", name(kind), v.size(), k50, k99, st.c_str());
    }
}

}  // namespace

bool check_and_report(const Run& run, const Outcome& o) {
    const Merged m = merge(*o.records);
    Figures fig = figures_of(m.samples, run.seconds);
    const LimiterFacts lim = limiter_facts(run, m.samples);
    const StoredFacts stored = stored_facts(run, o, m.registered);
    const server::RateRule post = run.limits().register_per_client, captcha = run.limits().captcha_per_client;
    const long tries = run.limits().account_daily_tries;  // the guesses come from ever new networks

    int squad_ok = 0;
    for (int r = 0; r < o.load->squad_started; ++r) squad_ok += race_ok(o.load->squad[static_cast<std::size_t>(r)]);
    // The account abuser: the day's `tries` mismatches, then 429 only, the right details included.
    const std::vector<int>& guesses = o.load->guesses.statuses;
    const long guess_mismatches = std::count(guesses.begin(), guesses.end(), 422);
    bool guesses_ok = guesses.size() > static_cast<std::size_t>(2 * tries) && guess_mismatches == tries;
    for (std::size_t i = static_cast<std::size_t>(tries); i < guesses.size(); ++i) guesses_ok = guesses_ok && guesses[i] == 429;

    const RaceResult& all = o.race_of_all;
    const Tail& t = o.tail;
    const DbFacts& db = stored.db;
    const std::size_t letters = t.letters.size();
    const long obsolete = db.letters_by_state.count("obsolete") ? db.letters_by_state.at("obsolete") : 0;
    auto live_of = [&](const std::string& account) {
        const auto it = t.live_links.find(account);
        return it == t.live_links.end() ? 0 : it->second;
    };
    bool one_live_each = t.live_links.size() == stored.accounts_201.size();
    for (const std::string& a : stored.accounts_201) one_live_each = one_live_each && live_of(a) == 1;

    std::vector<Check> checks = {
        {"no 5xx answer", fig.server_errors == 0, std::to_string(fig.server_errors) + " answers >= 500"},
        {"no connection error", fig.connection_errors == 0, std::to_string(fig.connection_errors) + " requests without an answer"},
        {"every answer as expected (status and body)", m.unexpected == 0, std::to_string(m.unexpected) + " unexpected"},
        {"limiter: no address above the token bucket", lim.over_bound == 0,
         lim.over_bound ? lim.over_detail : std::to_string(lim.addresses) + " addresses, none above " + fmt("%.0f + %.0f/min POSTs, ", post.burst, post.per_minute) +
                                     fmt("%.0f + %.0f/min challenges", captcha.burst, captcha.per_minute)},
        {"limiter: users inside the limit never refused", lim.users_refused == 0, std::to_string(lim.users_refused) + " user requests got 429"},
        {"limiter: shared 127.0.0.2 held to its bucket",
         lim.shared.posts_passed >= static_cast<long>(post.burst) && lim.shared.posts_passed <= lim.shared_post_bound && lim.shared.challenges_passed >= static_cast<long>(captcha.burst) &&
             lim.shared.challenges_passed <= lim.shared_captcha_bound && lim.shared.refused > 0,
         std::to_string(lim.shared.posts_passed) + "/" + std::to_string(lim.shared.posts) + " POSTs passed (bound " +
             std::to_string(lim.shared_post_bound) + "), " + std::to_string(lim.shared.challenges_passed) + "/" +
             std::to_string(lim.shared.challenges) + " challenges (bound " + std::to_string(lim.shared_captcha_bound) + ") in " +
             fmt("%.1f s", lim.shared_span)},
        {"limiter: " + std::to_string(tries) + " mismatches from as many networks stop an account number for the day", guesses_ok,
         std::to_string(guess_mismatches) + " mismatches, then " + std::to_string(guesses.size() - static_cast<std::size_t>(guess_mismatches)) +
             " x 429 (the right details too)"},
        {"squad races: every racer 201 (each replaces the one before)", o.load->squad_started > 0 && squad_ok == o.load->squad_started,
         std::to_string(squad_ok) + "/" + std::to_string(o.load->squad_started) + " rounds of " + std::to_string(kSquad)},
        {std::to_string(kRaceAll) + " simultaneous registrations of one account: 201 each", race_ok(all),
         std::to_string(std::count(all.statuses.begin(), all.statuses.end(), 201)) + " x 201 in " + fmt("%.1f s", o.race_seconds) +
             "; live links of the account: " + std::to_string(live_of(all.account))},
        {"one live link per registered account, the replaced ones 404", one_live_each && t.odd_links == 0 &&
                                                                         t.dead_links + obsolete == stored.replacements,
         std::to_string(t.live_links.size()) + " accounts with a live link (" + std::to_string(stored.accounts_201.size()) +
             " registered), " + std::to_string(t.dead_links) + " dead links, " + std::to_string(stored.replacements) +
             " replacements, " + std::to_string(t.odd_links) + " other answers"},
        {"server alive at the end and answering", o.alive_before_probe && o.alive_at_end && t.probe_captcha == 200 && t.probe_page == 200,
         "GET /api/captcha " + std::to_string(t.probe_captcha) + ", GET / " + std::to_string(t.probe_page)},
        {"the button confirms once (200, then 410)", t.confirmed == std::min<int>(kConfirm, static_cast<int>(t.live_links.size())) &&
                                                           t.confirmed_again_410 == t.confirmed && t.confirmed > 0,
         std::to_string(t.confirmed) + " confirmed, " + std::to_string(t.confirmed_again_410) + " x 410 after"},
        {"server stops cleanly on SIGTERM", o.exit_code && *o.exit_code == 0,
         o.exit_code ? "exit code " + std::to_string(*o.exit_code) : std::string("still running after 10 s")},
        {"database: PRAGMA integrity_check = ok", db.error.empty() && db.integrity == "ok", db.error.empty() ? db.integrity : db.error},
        {"database: one row per account that got a 201, none without",
         std::set<std::string>(db.accounts.begin(), db.accounts.end()) == stored.accounts_201 &&
             db.rows == static_cast<long>(stored.accounts_201.size()),
         std::to_string(m.registered.size()) + " x 201 for " + std::to_string(stored.accounts_201.size()) + " accounts, " +
             std::to_string(db.rows) + " rows"},
        {"database: no account twice", db.duplicate_accounts == 0, std::to_string(db.duplicate_accounts) + " accounts with 2+ rows"},
        {"database: every password an $argon2id$ hash", db.rows > 0 && db.not_argon2id == 0 && stored.hashes_verified == stored.hashes_wanted,
         std::to_string(db.not_argon2id) + " not argon2id; " + std::to_string(stored.hashes_verified) + "/" +
             std::to_string(stored.hashes_wanted) + " verified against the password, the server's cost"},
        {"database: confirmation tokens stored hashed", db.bad_token_hashes == 0 && db.confirmed == t.confirmed,
         std::to_string(db.bad_token_hashes) + " bad, " + std::to_string(db.confirmed) + " confirmed rows"},
        {"a letter per 201 (sent, or obsolete before it left), a notice per replacement",
         t.link_letters + obsolete == static_cast<long>(m.registered.size()) && t.notices == stored.replacements,
         std::to_string(letters) + " letters received: " + std::to_string(t.link_letters) + " with a link, " +
             std::to_string(t.notices) + " notices; " + std::to_string(obsolete) + " made obsolete while queued"},
        {"letter queue: emptied, each letter received once, no text kept", [&] {
             const auto& by = db.letters_by_state;
             long total = 0;
             for (const auto& [state, n] : by) total += n;
             const auto sent = by.count("sent") ? by.at("sent") : 0;
             return o.queue_emptied && sent + obsolete == total && sent == static_cast<long>(letters) &&
                    db.letter_texts_kept == 0;
         }(),
         [&] {
             std::string d;
             for (const auto& [state, n] : db.letters_by_state) d += std::to_string(n) + " " + state + ", ";
             return d + std::to_string(letters) + " files, " + std::to_string(db.letter_texts_kept) + " texts kept";
         }()},
        {"a security line per replacement", stored.replaced_log_lines == stored.replacements,
         std::to_string(stored.replaced_log_lines) + " registration_replaced lines"},
        {"no password in log, database or letters", stored.leaks.empty(), stored.leaks.empty() ? "marker not found" : "found in " + stored.leaks},
        {"no error line in the server log", stored.log_errors == 0, std::to_string(stored.log_errors) + " of " + std::to_string(stored.log_lines) + " lines"},
    };

    print_figures(fig, run.seconds, o.load->seconds);
    std::printf("\nrace of %d: %.1f s; registrations stored: %ld; server: %.1f CPU s, peak RSS %.0f MiB, %ld log lines\n\n",
                kRaceAll, o.race_seconds, db.rows, o.server_cpu, o.server_peak_mib, stored.log_lines);
    bool all_ok = true;
    for (const Check& c : checks) {
        std::printf("  %s  %-52s %s\n", c.ok ? "PASS" : "FAIL", c.name.c_str(), c.detail.c_str());
        all_ok = all_ok && c.ok;
    }
    if (!m.problems.empty()) {
        std::printf("\nfirst unexpected answers:\n");
        for (const auto& p : m.problems) std::printf("  %s\n", p.c_str());
    }
    std::printf("\n%s\n", all_ok ? "abon-server-soak: every check holds" : "abon-server-soak: FAILED");
    return all_ok;
}

}  // namespace abon::soak
