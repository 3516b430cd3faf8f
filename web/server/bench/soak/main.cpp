// abon-server-soak: 50 concurrent clients against the real abon-demo-server, then checks
// that nothing broke (issue 7, item 5). Exit code 0 only if every check holds.
//
//   abon-server-soak SERVER_BINARY [SECONDS] [--keep]
//
// - Starts SERVER_BINARY on 127.0.0.1 (ABON_PORT=0, the port is read from its log) with a
//   temporary data folder and site, generated demo accounts, ABON_CAPTCHA_FIXED (so valid
//   registrations are possible) and the DEFAULT rate limits; the checks read those limits
//   from the server's own configuration (config_from() over the same environment).
// - Runs 50 client threads for SECONDS (default 30, at most 60): 40 users in short sessions
//   of a realistic mix, 2 paced registrants, a squad of 5 racing for one account every
//   few seconds, 2 abusers flooding from one address, 1 client guessing one account's
//   details. Then 50 clients released by a barrier register one account at the same moment.
// - Checks the answers (status and body of every request), the limits, that the server is
//   alive and stops cleanly, and the SQLite file (integrity, one row per 201, argon2id).
// - The server hands its letters to an SMTP sink on loopback (smtp_sink.cpp), which files
//   them where the outbox would; the tail waits until the queue is empty, then reads them.
// - --keep leaves the temporary folder (server log, database, letters) for a look.
//
// Every user speaks from its own loopback address (127.a.b.c; Linux routes all of 127/8
// to lo), so the per-client limiter works as in production: a user stays inside the
// limit and must never see 429, while the abusers share 127.0.0.2 and must be held to the
// token bucket's bound. Loopback only; every wait is bounded.
//
// Parts (bench/soak/): client.cpp (the HTTP and raw clients), scenarios.cpp (what the
// clients do), checks.cpp (verdicts, figures, checks), server_process.cpp.
#include "soak.hpp"

#include <sodium.h>

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <variant>

using namespace abon::soak;

namespace {

// The configuration the server makes of `env`, exactly as its main() does.
std::optional<abon::server::ServerConfig> server_config(const fs::path& root, const Environment& env) {
    const auto lookup = [&env](const char* name) -> std::optional<std::string> {
        for (const auto& [k, v] : env)
            if (k == name) return v;
        return std::nullopt;
    };
    auto c = abon::server::config_from({"--site", (root / "site").string()}, lookup);
    if (auto* config = std::get_if<abon::server::ServerConfig>(&c)) return std::move(*config);
    if (const auto* e = std::get_if<abon::server::ConfigError>(&c)) std::fprintf(stderr, "abon-server-soak: %s\n", e->message.c_str());
    return std::nullopt;
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
    SmtpSink sink(tmp.path / "data" / "outbox");
    const Environment env = server_environment(tmp.path, sink.port());
    Run run;
    if (auto config = server_config(tmp.path, env)) run.server = std::move(*config);
    else return 1;
    ServerProcess server(binary, tmp.path, env);
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

    std::vector<Record> records(kClients + kRaceAll + 1);
    Load load = run_load(run, records);
    Outcome o;
    o.records = &records;
    o.load = &load;
    o.race_of_all = run_race_of_all(run, records, o.race_seconds);
    o.alive_before_probe = server.alive();
    o.queue_emptied = wait_for_empty_queue(tmp.path / "data" / "abon-demo.sqlite", std::chrono::seconds(30));
    o.tail = run_tail(run, records.back(), tmp.path / "data" / "outbox");
    o.alive_at_end = server.alive();
    std::tie(o.server_cpu, o.server_peak_mib) = server.cpu_and_peak_mib();
    o.exit_code = server.stop(std::chrono::seconds(10));
    o.data_dir = tmp.path / "data";
    o.server_log = server.log();

    const bool all_ok = check_and_report(run, o);
    if (!all_ok) {
        tmp.keep = true;
        std::printf("kept for a look: %s\n", tmp.path.c_str());
    }
    return all_ok ? 0 : 1;
}
