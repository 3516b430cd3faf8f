// The endpoint against hostile clients (issue 13, point 1), with raw sockets against a real
// server. Each case names what the cpp-httplib 0.11 server did before:
// - a POST without Content-Length was read to EOF (CVE-2025-46728): 64 MB from /dev/zero, no answer;
// - a header line grew without bound (CVE-2025-53628): 64 MB read whole;
// - a chunked PUT to a static path: 16 MB read before the 404;
// - 150 connections with half a request line held every worker: a normal GET waited ~9.5 s;
// - a refused body's rest was not drained: a client that sends everything first saw a reset.
#include "server_fixture.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

using namespace abon::test;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kMiB = 1024 * 1024;

// One connection from a chosen loopback address (127.0.0.0/8 all reach the server).
class Socket {
public:
    explicit Socket(int port, const char* from = "127.0.0.1", int send_buffer = 0) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        if (send_buffer > 0) ::setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &send_buffer, sizeof send_buffer);
        sockaddr_in src{};
        src.sin_family = AF_INET;
        inet_pton(AF_INET, from, &src.sin_addr);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&src), sizeof src);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~Socket() { ::close(fd_); }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    bool connected() const { return connected_; }

    bool send_all(const std::string& bytes) {
        for (std::size_t at = 0; at < bytes.size();) {
            const ssize_t n = ::send(fd_, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
            if (n <= 0) return false;
            at += static_cast<std::size_t>(n);
        }
        return true;
    }

    // Sends `head`, then filler bytes up to `total`, as fast as the server takes them, until
    // an answer can be read. Returns the bytes sent when the first answer byte was seen
    // (or all of them), and the answer read within `wait` after the last byte sent.
    struct Flood { std::size_t sent = 0; std::string answer; };
    Flood flood(const std::string& head, std::size_t total, char filler, std::chrono::milliseconds wait) {
        Flood f;
        if (!send_all(head)) return f;
        f.sent = head.size();
        const std::string chunk(64 * 1024, filler);
        while (f.sent < total) {
            pollfd p{fd_, POLLIN | POLLOUT, 0};
            if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) break;
            if (p.revents & (POLLIN | POLLHUP | POLLERR)) break;
            const ssize_t n = ::send(fd_, chunk.data(), std::min(chunk.size(), total - f.sent), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n <= 0) break;
            f.sent += static_cast<std::size_t>(n);
        }
        f.answer = read_for(wait);
        return f;
    }

    // What arrives within `wait` (stops at EOF).
    std::string read_for(std::chrono::milliseconds wait) {
        std::string all;
        const auto until = SteadyClock::now() + wait;
        char buf[4096];
        while (SteadyClock::now() < until) {
            pollfd p{fd_, POLLIN, 0};
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - SteadyClock::now());
            if (::poll(&p, 1, static_cast<int>(std::max<long long>(1, left.count()))) <= 0) break;
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) break;
            all.append(buf, static_cast<std::size_t>(n));
            if (all.find("\r\n\r\n") != std::string::npos && all.find("Content-Length: 0") == std::string::npos &&
                all.size() > all.find("\r\n\r\n") + 4)
                break;
        }
        return all;
    }

    // True when the server closes the connection within `wait`.
    bool closed_within(std::chrono::milliseconds wait) {
        const auto until = SteadyClock::now() + wait;
        char buf[4096];
        while (SteadyClock::now() < until) {
            pollfd p{fd_, POLLIN, 50};
            if (::poll(&p, 1, 50) <= 0) continue;
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) return true;
        }
        return false;
    }

private:
    int fd_;
    bool connected_ = false;
};

int status_of(const std::string& answer) {
    return answer.rfind("HTTP/1.1 ", 0) == 0 ? std::stoi(answer.substr(9, 3)) : 0;
}

}  // namespace

TEST_CASE("Endless bodies and header lines are refused within the first MiB") {
    struct Row {
        const char* note;
        std::string head;
        char filler;
        int status;
    };
    const Row row = GENERATE(values<Row>({
        {"POST /api/register without Content-Length, body from /dev/zero",
         "POST /api/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\r\n", '\0', 411},
        {"POST /api/register chunked", "POST /api/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                       "Transfer-Encoding: chunked\r\n\r\n1000000\r\n", 'x', 411},
        {"POST /api/register declaring 64 MB", "POST /api/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                               "application/json\r\nContent-Length: 67108864\r\n\r\n", 'x', 413},
        {"a 64 MB header line", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: ", 'a', 431},
        {"chunked PUT to a static path", "PUT /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                                         "\r\n1000000\r\n", 'x', 405},
        {"GET of a static path with a 16 MB body", "GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                                                   "16777216\r\n\r\n", 'x', 413},
        {"GET /api/captcha with a body", "GET /api/captcha HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 16777216\r\n\r\n",
         'x', 413},
    }));
    CAPTURE(row.note);
    TestServer s;
    write_file(s.site_dir() / "index.html", "<!doctype html><title>t</title>");
    Socket c(s.port());
    REQUIRE(c.connected());
    const auto f = c.flood(row.head, 64 * kMiB, row.filler, 2000ms);
    CAPTURE(f.sent, f.answer.substr(0, 200));
    CHECK(status_of(f.answer) == row.status);
    CHECK(f.sent <= kMiB + row.head.size() + 8 * kMiB);  // the kernel's buffers hold some
}

TEST_CASE("A POST without Content-Length is answered 411 once and closed: what follows is never a request") {
    // Before: the connection stayed open after the 411, the bytes that followed were read as
    // the next request line, and a second answer (414) followed the 411.
    TestServer s;
    Socket c(s.port());
    REQUIRE(c.connected());
    const auto f = c.flood("POST /api/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\r\n",
                           4 * kMiB, '\0', 2000ms);
    std::string answer = f.answer + c.read_for(1000ms);
    CAPTURE(answer.substr(0, 300));
    CHECK(status_of(answer) == 411);
    CHECK(answer.find("Connection: close") != std::string::npos);
    CHECK(answer.find("HTTP/1.1 ", 1) == std::string::npos);  // one answer only
    // Closed, so its every answer is logged: one line.
    CHECK(wait_until([&] { return s.open_connections() == 0 && !s.log().empty(); }));
    CHECK(s.log().size() == 1);
}

TEST_CASE("Content-Encoding on a request body is refused before the body is read") {
    TestServer s;
    const std::string body = s.valid_payload().dump();
    const RawReply r = raw_http(s.port(), "POST /api/register HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                          "Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: " +
                                              std::to_string(body.size()) + "\r\n\r\n" + body);
    CHECK(r.status == 415);
    CHECK(s.letters().empty());
}

TEST_CASE("A body sent whole before the client reads still gets its 413 (lingering close)") {
    // Before (no lingering close): the server closed on 2 MiB of unread body; the kernel
    // answered the client's next segments with a reset, its send failed mid-body and the
    // 413 was never read. A small send buffer keeps the client sending after the answer.
    TestServer s;
    Socket c(s.port(), "127.0.0.1", 16 * 1024);
    REQUIRE(c.connected());
    const std::string body(2 * kMiB, ' ');
    const bool sent = c.send_all("POST /api/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                 "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    CHECK(sent);
    const std::string answer = c.read_for(5000ms);
    CHECK(status_of(answer) == 413);
    CHECK(answer.find("Connection: close") != std::string::npos);
}

TEST_CASE("150 half-sent requests leave a normal request answered while they still wait") {
    // Before (a timed test): "within 2 s". What matters is that the answer does not wait
    // for the slow heads' deadline: it comes while all 150 are still open.
    TestServer s([](abon::server::ServerConfig& c) {
        c.http.head_deadline = std::chrono::minutes(5);
        c.http.connections_per_client = 150;  // all 150 held, none refused by the cap
    });
    std::vector<std::unique_ptr<Socket>> slow;
    for (int i = 0; i < 150; ++i) {
        slow.push_back(std::make_unique<Socket>(s.port(), "127.0.0.2"));
        if (slow.back()->connected()) slow.back()->send_all("GET /api/capt");
    }
    REQUIRE(wait_until([&] { return s.open_connections() == 150; }));
    Socket normal(s.port());
    REQUIRE(normal.connected());
    normal.send_all("GET /api/captcha HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    const std::string answer = normal.read_for(60000ms);
    CHECK(status_of(answer) == 200);
    CHECK(s.open_connections() >= 150);  // the slow ones were not cut off to make room
}

TEST_CASE("Connections per client address are capped; another address is still served") {
    TestServer s([](abon::server::ServerConfig& c) { c.http.connections_per_client = 8; });
    std::vector<std::unique_ptr<Socket>> held;
    for (int i = 0; i < 8; ++i) {
        held.push_back(std::make_unique<Socket>(s.port(), "127.0.0.3"));
        REQUIRE(held.back()->connected());
        held.back()->send_all("GET / HTTP/1.1\r\n");
    }
    REQUIRE(wait_until([&] { return s.open_connections() == 8; }));
    Socket ninth(s.port(), "127.0.0.3");
    REQUIRE(ninth.connected());  // the kernel accepts; the server closes it at once
    ninth.send_all("GET /api/captcha HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const std::string refused = ninth.read_for(2000ms);
    CHECK(status_of(refused) == 0);
    Socket other(s.port(), "127.0.0.4");
    other.send_all("GET /api/captcha HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    CHECK(status_of(other.read_for(2000ms)) == 200);
}

TEST_CASE("A head or a body that does not arrive in time is cut off") {
    struct Row { const char* note; std::string sent; };
    const Row row = GENERATE(values<Row>({
        {"half a request line", "GET /api/capt"},
        {"headers without their end", "GET /api/captcha HTTP/1.1\r\nHost: 127.0.0.1\r\n"},
        {"10 of 100 body bytes", "POST /api/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                 "Content-Length: 100\r\n\r\n{\"surname\""},
        {"an idle kept-alive connection", "GET /api/captcha HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"},
    }));
    CAPTURE(row.note);
    TestServer s([](abon::server::ServerConfig& c) {
        c.http.head_deadline = 1000ms;
        c.http.body_deadline = 1000ms;
    });
    Socket c(s.port());
    REQUIRE(c.connected());
    const auto start = SteadyClock::now();
    c.send_all(row.sent);
    // A slow client keeps trickling: one byte every 300 ms resets no deadline.
    bool closed = false;
    for (int i = 0; i < 10 && !closed; ++i) {
        closed = c.closed_within(300ms);
        if (!closed && row.sent.find("\r\n\r\n") == std::string::npos) c.send_all("x");
    }
    CHECK(closed);
    CHECK(SteadyClock::now() - start < 2500ms);
}
