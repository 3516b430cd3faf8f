// abon-server-soak's parts (web/server/bench/soak/): what they share.
//
// Index
//   [SECTION] The run's shape
//   [SECTION] Requests, samples and verdicts      (checks.cpp: the verdicts)
//   [SECTION] Recording and the client            (client.cpp)
//   [SECTION] Scenarios                           (scenarios.cpp)
//   [SECTION] The server process                  (server_process.cpp)
//   [SECTION] Checks and the report               (checks.cpp)
//
// - The limits the checks hold the server to are the server's own: Run::server is the
//   ServerConfig that config_from() makes of the environment the server is started with.
#pragma once

#include "abon/errors.hpp"
#include "abon/server/config.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace abon::soak {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// [SECTION] The run's shape
constexpr int kUsers = 40, kRegistrants = 2, kSquad = 5, kAbusers = 2, kAccountAbusers = 1;
constexpr int kClients = kUsers + kRegistrants + kSquad + kAbusers + kAccountAbusers;  // 50
constexpr int kRaceAll = 50;                      // the final simultaneous registrations
constexpr double kRegistrationsPerSecond = 3.0;   // argon2id (64 MiB) is the costly path
constexpr double kSquadEverySeconds = 2.5;
constexpr double kAbuserPauseMs = 10;             // keeps 127.0.0.2 clear of TIME_WAIT exhaustion
constexpr int kMaxSeconds = 60;                   // users stay well under the limiter's 50 000 keys
constexpr int kConfirm = 5;                       // letters whose link is opened at the end

constexpr const char* kAnswer = "KXMNA";          // ABON_CAPTCHA_FIXED
constexpr const char* kPasswordMark = "Soakpw";   // in every password sent, so a leak is found
constexpr const char* kEvilOrigin = "https://evil.example";
constexpr std::uint32_t kSharedAddress = (127u << 24) | 2u;  // the abusers' 127.0.0.2

// Demo accounts written for the server: numbers by purpose, so no two purposes share one.
constexpr int kRegisterPool = 5'000'000, kRegisterPoolSize = 2000;
constexpr int kSquadPool = 5'500'000, kSquadPoolSize = 100;
constexpr int kRaceAllAccount = 5'900'000;
constexpr int kMismatchPool = 6'000'000, kMismatchPoolSize = 3000;  // each gets < 5 mismatches
constexpr int kUnknownAccounts = 7'000'000;                         // not in the file
constexpr int kLockedAccount = 8'000'000;                           // the account abuser's target

std::string account_for(int n);  // D-DDD-DD-D
std::string id(ErrorCode c);     // the error id of a code
std::string password(int n);     // a valid password carrying kPasswordMark
json valid_body(const std::string& account, const std::string& token, int password_no);

// [SECTION] Requests, samples and verdicts
enum class Kind {
    Page, Captcha, CaptchaImage, Preflight, ConfirmUnknown, Mismatch, Invalid, Body16K, WrongType, Oversized,
    Chunked, Malformed, CrossSite, Register, Repeat, SquadRace, AbusePost, AbuseCaptcha, AccountAbuse, RaceAll,
    FinalProbe, LinkCensus, Confirm, ConfirmAgain, kCount
};
const char* name(Kind k);
bool spends_post_token(Kind k);     // takes a token of the client's POST bucket
bool spends_captcha_token(Kind k);  // … of its challenge bucket
bool after_load(Kind k);            // the race, the probes and the confirmations

struct Sample {
    Kind kind;
    int status;            // 0: no answer (connection error)
    float ms;
    std::uint32_t ip;      // index of the source address
    float sent, received;  // seconds since the run started
};

// The first problem with an answer, or "" when it is what this kind must get.
using Verdict = std::string;
using AnswerCheck = std::function<Verdict(const httplib::Response&)>;
std::string text_of(const json& j, const char* key);  // a string member; "" for anything else, never throws
Verdict expect_status(const httplib::Response& r, int status);
Verdict expect_error(const httplib::Response& r, int status, ErrorCode code);
Verdict expect_rate_limited(const httplib::Response& r);
Verdict expect_errors(const httplib::Response& r, const json& errors);
Verdict expect_registered(const httplib::Response& r, const std::string& account);

// [SECTION] Recording and the client
struct Record {  // one per client thread, merged at the end
    std::vector<Sample> samples;
    std::vector<std::string> problems;  // the first few unexpected answers, for the report
    long unexpected = 0;
    std::vector<std::pair<std::string, int>> registered;  // account and password number of each 201
};

struct Run {
    server::ServerConfig server;  // what the server runs with: the limits checked
    int port = 0;
    std::string origin;
    Clock::time_point start, deadline;
    double seconds = 30;
    std::atomic<std::uint32_t> next_user_ip{(1u << 16) + 1};  // 127.1.0.1, 127.1.1.1, …
    std::atomic<int> next_registration{0}, next_mismatch{0}, next_unknown{0}, next_password{0};

    const server::Limits& limits() const { return server.limits; }
    // A user's session stays inside its address's buckets: one POST short of the burst, and
    // challenges that with their pictures take two thirds of it, so it must never see 429.
    int user_posts() const { return static_cast<int>(limits().register_per_client.burst) - 1; }
    int user_challenges() const { return static_cast<int>(limits().captcha_per_client.burst / 3); }
    float since_start(Clock::time_point t) const { return std::chrono::duration<float>(t - start).count(); }
    bool running() const { return Clock::now() < deadline; }
    std::uint32_t new_user_ip();  // the next 127.a.b.1, a /24 of its own
};

std::string fmt_seconds(double s);
std::string address_of(std::uint32_t ip);  // "127.a.b.c"

// A browser-like client: keep-alive, one source address, every answer checked and recorded.
class Client {
public:
    Client(Run& run, Record& record, std::uint32_t ip);
    // Sends, records, checks; returns the response (null on a connection error).
    const httplib::Response* exchange(Kind kind, const std::function<httplib::Result(httplib::Client&)>& send,
                                      const AnswerCheck& check);
    std::string challenge(Kind kind, bool fetch_image);  // GET /api/captcha; the token, or "" when refused
    // One request written whole on a connection of its own, for what httplib's client would
    // send in several writes: the server may end a connection once it refused the request
    // (411 for chunked bodies, whose size it will not read to learn), and a client still
    // writing then gets a reset instead of the answer.
    httplib::Result raw(const std::string& request) const;
    const httplib::Response* post(Kind kind, const std::string& body, const AnswerCheck& check,
                                  const std::string& type = "application/json", const httplib::Headers& headers = {});

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
    void arrive_and_wait();

private:
    std::mutex m_;
    std::condition_variable cv_;
    int parties_, waiting_ = 0;
    long generation_ = 0;
    std::function<void()> on_release_;
};

// [SECTION] Scenarios
struct RaceResult {
    std::string account;
    std::vector<int> statuses;  // one per racer
};
struct Guesses { std::vector<int> statuses; };

// The load phase: every client thread of the mix until the deadline.
struct Load {
    std::vector<RaceResult> squad;  // one per round
    int squad_started = 0;
    Guesses guesses;
    double seconds = 0;  // until the last answer
};
Load run_load(Run& run, std::vector<Record>& records);
// kRaceAll clients register one account at the same moment.
RaceResult run_race_of_all(Run& run, std::vector<Record>& records, double& seconds_out);
// After the load: a probe of the API and the page; every letter's link opened (a GET shows
// the button and confirms nothing); then the first kConfirm live links' buttons pressed twice.
struct Tail {
    int probe_captcha = 0, probe_page = 0, confirmed = 0, confirmed_again_410 = 0;
    std::vector<fs::path> letters;
    long link_letters = 0, notices = 0, dead_links = 0, odd_links = 0;  // odd: neither 200 nor 404
    std::map<std::string, int> live_links;  // account → links whose GET showed the button
};
Tail run_tail(Run& run, Record& record, const fs::path& outbox);

// [SECTION] The server process
struct TempFolder {
    fs::path path;
    bool keep = false;
    TempFolder();
    ~TempFolder();
};

std::string read_file(const fs::path& p);
using Environment = std::vector<std::pair<std::string, std::string>>;
Environment server_environment(const fs::path& root, int smtp_port);  // the ABON_* the server is started with
void write_inputs(const fs::path& root);               // site/index.html and accounts.json

class ServerProcess {
public:
    ServerProcess(const std::string& binary, const fs::path& root, const Environment& abon_env);
    ~ServerProcess();
    int wait_for_port(std::chrono::seconds limit);  // from its log line; 0 if it never came up
    bool alive();
    std::optional<int> stop(std::chrono::seconds limit);  // SIGTERM; the exit status (nullopt: killed)
    std::pair<double, double> cpu_and_peak_mib() const;   // from /proc
    pid_t pid() const { return pid_; }
    const fs::path& log() const { return log_; }

private:
    fs::path log_;
    pid_t pid_ = -1;
    bool exited_ = false;
    int status_ = 0;
};

// The mail server the demo hands its letters to (smtp_sink.cpp): each letter it takes
// becomes <n>-<account>-sink.eml in `folder`, as the outbox would hold it.
class SmtpSink {
public:
    explicit SmtpSink(fs::path folder);
    ~SmtpSink();
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;
    int port() const { return port_; }
    long received() const { return received_; }

private:
    void serve();
    void session(int fd);
    fs::path folder_;
    int listener_ = -1, port_ = 0;
    std::atomic<long> received_{0};
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};
// Waits (bounded) until the server's queue holds no letter due; false if it never empties.
bool wait_for_empty_queue(const fs::path& database, std::chrono::seconds limit);

// [SECTION] Checks and the report
struct Outcome {  // everything the checks look at
    std::vector<Record>* records = nullptr;
    Load* load = nullptr;
    RaceResult race_of_all;
    double race_seconds = 0;
    Tail tail;
    bool alive_before_probe = false, alive_at_end = false;
    bool queue_emptied = false;  // every queued letter handed to the sink before the tail
    double server_cpu = 0, server_peak_mib = 0;
    std::optional<int> exit_code;
    fs::path data_dir, server_log;
};
// Prints the figures and every check; true when all hold.
bool check_and_report(const Run& run, const Outcome& o);

}  // namespace abon::soak
