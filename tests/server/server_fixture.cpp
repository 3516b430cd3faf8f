#include "server_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace abon::test {
namespace fs = std::filesystem;

TempDir::TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("abon-server-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

server::Clock ManualClock::clock() const {
    auto s = seconds;
    return [s] { return std::chrono::system_clock::time_point(std::chrono::seconds(s->load())); };
}

server::LogSink LogCapture::sink() const {
    auto m = mutex;
    auto l = lines;
    return [m, l](const std::string& line) {
        std::lock_guard<std::mutex> lock(*m);
        l->push_back(line);
    };
}

std::vector<std::string> LogCapture::snapshot() const {
    std::lock_guard<std::mutex> lock(*mutex);
    return *lines;
}

void write_file(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

std::string read_whole(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

server::ServerConfig test_config(const fs::path& root, const ManualClock& clock, const LogCapture& log) {
    server::ServerConfig c;
    c.bind = "127.0.0.1";
    c.port = 0;
    c.data_dir = root / "data";
    c.site_dir = root / "site";
    c.captcha_fixed = kFixedAnswer;
    c.hash_cost = server::cheapest_hash_cost();  // argon2id all the same, at its minimum cost
    c.limits.register_per_client = {6000, 6000};
    c.limits.captcha_per_client = {6000, 6000};
    c.limits.register_per_network = {6000, 6000};
    c.clock = clock.clock();
    c.log = log.sink();
    return c;
}

TestServer::TestServer(const Tweak& tweak) : own_root_(std::make_unique<TempDir>()), config_root_(own_root_->path()) {
    start(tweak);
}

TestServer::TestServer(const TempDir& shared_root, const Tweak& tweak) : config_root_(shared_root.path()) {
    start(tweak);
}

void TestServer::start(const Tweak& tweak) {
    server::ServerConfig c = test_config(config_root_, clock_, log_);
    if (tweak) tweak(c);
    fs::create_directories(c.site_dir);
    app_ = std::make_unique<server::App>(std::move(c));
    if (app_->bind_any_port() <= 0) throw std::runtime_error("no free port");
    thread_ = std::thread([this] { app_->listen(); });
    while (!app_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

TestServer::~TestServer() {
    app_->stop();
    thread_.join();
}

httplib::Client TestServer::client() const {
    httplib::Client c("127.0.0.1", port());
    c.set_read_timeout(30, 0);
    return c;
}

std::vector<fs::path> TestServer::letters() const {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(data_dir() / "outbox"))
        if (e.path().extension() == ".eml") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

nlohmann::json TestServer::captcha() {
    auto r = client().Get("/api/captcha");
    if (!r || r->status != 200) throw std::runtime_error("GET /api/captcha failed");
    return nlohmann::json::parse(r->body);
}

nlohmann::json TestServer::valid_payload() {
    return {{"surname", "Шевченко"},
            {"given_name", "Тарас"},
            {"patronymic", "Григорович"},
            {"account", "1-234-56-7"},
            {"password", kPassword},
            {"email", kEmail},
            {"captcha", {{"token", captcha().at("token")}, {"answer", kFixedAnswer}}},
            {"last_payment_kopecks", 123456},
            {"lang", "uk"}};
}

httplib::Result TestServer::post(const nlohmann::json& body, const httplib::Headers& headers) {
    return post_raw(body.dump(), "application/json", headers);
}

httplib::Result TestServer::post_raw(const std::string& body, const std::string& content_type,
                                     const httplib::Headers& headers) {
    return client().Post("/api/register", headers, body, content_type.c_str());
}

httplib::Result TestServer::post_to(const std::string& path, const nlohmann::json& body,
                                    const httplib::Headers& headers) {
    return client().Post(path.c_str(), headers, body.dump(), "application/json");
}

httplib::Result TestServer::press_confirm(const std::string& token, const httplib::Headers& headers) {
    return client().Post("/api/confirm", headers, "token=" + token, "application/x-www-form-urlencoded");
}

httplib::Result TestServer::open_link(const std::string& token) {
    return client().Get(("/api/confirm?token=" + token).c_str());
}

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

nlohmann::json body_json(const httplib::Result& r) {
    if (!r) return nlohmann::json::object();
    auto j = nlohmann::json::parse(r->body, nullptr, false);
    return j.is_discarded() ? nlohmann::json::object() : j;
}

std::string confirm_token_in(const std::string& eml) {
    static const std::regex link(R"(/api/confirm\?token=([0-9a-f]{64})\b)");
    std::smatch m;
    return std::regex_search(eml, m, link) ? m[1].str() : std::string();
}

RawReply raw_http(int port, const std::string& request) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    RawReply reply;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return reply;
    }
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    // No shutdown(SHUT_WR): httplib drops the answer to a half-closed socket. The
    // requests say "Connection: close", so the server ends the exchange.
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::string all;
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) all.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    const auto split = all.find("\r\n\r\n");
    reply.head = all.substr(0, split);
    reply.body = split == std::string::npos ? "" : all.substr(split + 4);
    if (all.rfind("HTTP/1.1 ", 0) == 0) reply.status = std::stoi(all.substr(9, 3));
    return reply;
}

std::string header_in(const std::string& head, const std::string& name) {
    const std::string key = "\r\n" + name + ": ";
    const auto at = head.find(key);
    if (at == std::string::npos) return "";
    const auto end = head.find("\r\n", at + key.size());
    return head.substr(at + key.size(), end - at - key.size());
}

}  // namespace abon::test
