// The server under test: its inputs (site, demo accounts), its environment, and the
// process (started, watched through /proc, stopped with SIGTERM).
#include "soak.hpp"

#include <sqlite3.h>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace abon::soak {

Environment server_environment(const fs::path& root, int smtp_port) {
    // The DEFAULT limits: no ABON_RATE_PER_MINUTE, so the checks hold the server to its own.
    // The letters go to the soak's SMTP sink, so the queue's worker runs under the races.
    return {{"ABON_PORT", "0"},
            {"ABON_BIND", "127.0.0.1"},
            {"ABON_DATA_DIR", (root / "data").string()},
            {"ABON_DEMO_ACCOUNTS", (root / "accounts.json").string()},
            {"ABON_CAPTCHA_FIXED", kAnswer},
            {"ABON_SMTP_URL", "smtp://127.0.0.1:" + std::to_string(smtp_port)}};
}

bool wait_for_empty_queue(const fs::path& database, std::chrono::seconds limit) {
    const auto end = Clock::now() + limit;
    while (Clock::now() < end) {
        sqlite3* db = nullptr;
        long queued = -1;
        if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
            sqlite3_stmt* s = nullptr;
            if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM letters WHERE state = 'queued'", -1, &s, nullptr) == SQLITE_OK &&
                sqlite3_step(s) == SQLITE_ROW)
                queued = sqlite3_column_int(s, 0);
            sqlite3_finalize(s);
        }
        sqlite3_close(db);
        if (queued == 0) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

TempFolder::TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "abon-soak-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path = pattern;
}

TempFolder::~TempFolder() {
    std::error_code ec;
    if (!keep) fs::remove_all(path, ec);
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

ServerProcess::ServerProcess(const std::string& binary, const fs::path& root, const Environment& abon_env)
    : log_(root / "server.log") {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
        if (std::string(*e).rfind("ABON_", 0) != 0) env.emplace_back(*e);  // only ours below
    for (const auto& [k, v] : abon_env) env.push_back(k + "=" + v);
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

ServerProcess::~ServerProcess() {
    if (pid_ > 0 && !exited_) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
}

// The port from "listening on http://127.0.0.1:PORT/", or 0 if it never came up.
int ServerProcess::wait_for_port(std::chrono::seconds limit) {
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

bool ServerProcess::alive() {
    if (exited_) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        status_ = status;
    }
    return !exited_;
}

// SIGTERM, then the exit status within `limit` (nullopt: still running, then killed).
std::optional<int> ServerProcess::stop(std::chrono::seconds limit) {
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
std::pair<double, double> ServerProcess::cpu_and_peak_mib() const {
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

}  // namespace abon::soak
