// A real demo endpoint per test: in-process, on a free loopback port, with a temporary data
// and site folder, a fixed CAPTCHA, a manual clock and a captured log; stopped at scope exit.
#pragma once

#include "abon/server/app.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace abon::test {

inline constexpr const char* kFixedAnswer = "KXMNA";
inline constexpr const char* kPassword = "Zorepad-7315-Lis";
inline constexpr const char* kEmail = "taras.test@ukr.net";

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

struct ManualClock {  // starts at a fixed instant; advance() moves every copy
    std::shared_ptr<std::atomic<std::int64_t>> seconds = std::make_shared<std::atomic<std::int64_t>>(1'760'000'000);
    server::Clock clock() const;
    void advance(std::chrono::seconds by) const { *seconds += by.count(); }
};

struct LogCapture {
    std::shared_ptr<std::mutex> mutex = std::make_shared<std::mutex>();
    std::shared_ptr<std::vector<std::string>> lines = std::make_shared<std::vector<std::string>>();
    server::LogSink sink() const;
    std::vector<std::string> snapshot() const;
};

void write_file(const std::filesystem::path& path, const std::string& bytes);
std::string read_whole(const std::filesystem::path& path);

// The configuration every test starts from: cheap argon2id, roomy per-client limits.
server::ServerConfig test_config(const std::filesystem::path& root, const ManualClock& clock, const LogCapture& log);

class TestServer {
public:
    using Tweak = std::function<void(server::ServerConfig&)>;
    explicit TestServer(const Tweak& tweak = {});
    // A second server over the same folders (a restart).
    TestServer(const TempDir& shared_root, const Tweak& tweak);
    ~TestServer();

    int port() const { return app_->port(); }
    unsigned open_connections() const { return app_->open_connections(); }
    std::string origin() const { return "http://127.0.0.1:" + std::to_string(port()); }
    httplib::Client client() const;
    std::filesystem::path data_dir() const { return config_root_ / "data"; }
    std::filesystem::path site_dir() const { return config_root_ / "site"; }
    std::vector<std::filesystem::path> letters() const;  // outbox/*.eml, sorted
    std::vector<std::string> log() const { return log_.snapshot(); }
    const ManualClock& clock() const { return clock_; }

    nlohmann::json captcha();  // GET /api/captcha, which must answer 200
    // Shevchenko's valid registration with a fresh challenge and the fixed answer.
    nlohmann::json valid_payload();
    httplib::Result post(const nlohmann::json& body, const httplib::Headers& headers = {});
    httplib::Result post_raw(const std::string& body, const std::string& content_type,
                             const httplib::Headers& headers = {});
    httplib::Result post_to(const std::string& path, const nlohmann::json& body, const httplib::Headers& headers = {});
    // The confirmation page's button: POST /api/confirm with token=… as a form.
    httplib::Result press_confirm(const std::string& token, const httplib::Headers& headers = {});
    httplib::Result open_link(const std::string& token);  // GET /api/confirm?token=…

private:
    void start(const Tweak& tweak);

    std::unique_ptr<TempDir> own_root_;
    std::filesystem::path config_root_;
    ManualClock clock_;
    LogCapture log_;
    std::unique_ptr<server::App> app_;
    std::thread thread_;
};

nlohmann::json body_json(const httplib::Result& r);  // {} when the body is not JSON

// Waits until `done()` holds, checking each millisecond, for at most `limit` (a bound for a
// broken server, never the thing measured); returns whether it came to hold.
bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit = std::chrono::milliseconds(10000));
std::string confirm_token_in(const std::string& eml);  // the link's token, or ""

// One raw HTTP/1.1 exchange (the request exactly as given, with "Connection: close"), for
// what clients normalise away.
struct RawReply {
    int status = 0;
    std::string head, body;
};
RawReply raw_http(int port, const std::string& request);
std::string header_in(const std::string& head, const std::string& name);  // a header's value in a raw head, or ""

}  // namespace abon::test
