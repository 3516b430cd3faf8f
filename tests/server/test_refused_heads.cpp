// Heads refused by the HTTP layer itself (issue 13). Before: libmicrohttpd answered them
// with its own page (431 for a head over its pool, 414 for a long URL, 400 for a bad
// Content-Length — sent twice — or a malformed request line, 505), without X-Content-Type-Options: nosniff or any header of
// ours, and the request log had no line for them.
#include "server_fixture.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <thread>

using namespace abon::test;
using namespace std::chrono_literals;

namespace {

// Sends `first`, reads its whole answer (when `first` is not empty), then sends `head` and
// up to `flood` bytes of filler until an answer arrives; returns that answer.
std::string exchange(int port, const std::string& first, const std::string& head, std::size_t flood) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return "";
    }
    auto read_answer = [fd](std::chrono::milliseconds wait) {
        std::string all;
        char buf[4096];
        const auto until = std::chrono::steady_clock::now() + wait;
        while (std::chrono::steady_clock::now() < until) {
            const auto end = all.find("\r\n\r\n");
            if (end != std::string::npos) {
                const auto at = all.find("Content-Length: ");
                if (at < end && all.size() >= end + 4 + std::stoul(all.substr(at + 16))) break;
            }
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0) break;
            all.append(buf, static_cast<std::size_t>(n));
        }
        return all;
    };
    if (!first.empty()) {
        ::send(fd, first.data(), first.size(), MSG_NOSIGNAL);
        if (read_answer(2000ms).rfind("HTTP/1.1 200 ", 0) != 0) {
            ::close(fd);
            return "first request not answered 200";
        }
    }
    ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
    const std::string chunk(64 * 1024, 'a');
    for (std::size_t sent = 0; sent < flood;) {
        pollfd p{fd, POLLIN | POLLOUT, 0};
        if (::poll(&p, 1, 2000) <= 0 || (p.revents & (POLLIN | POLLHUP | POLLERR))) break;
        const ssize_t n = ::send(fd, chunk.data(), std::min(chunk.size(), flood - sent), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    std::string answer = read_answer(3000ms);
    ::close(fd);
    return answer;
}

std::string error_in(const std::string& body) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    return j.is_object() && j.contains("error") && j["error"].is_string() ? j["error"].get<std::string>() : "";
}

}  // namespace

TEST_CASE("A head over 32 KiB inside the pool gets our answer, our headers and a log line") {
    struct Row {
        const char* note;
        std::string head;
        const char* content_type;
    };
    const std::string pad(40 * 1024, 'p');
    const Row row = GENERATE_COPY(values<Row>({
        {"an API head", "GET /api/captcha HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + pad + "\r\n\r\n", "application/json; charset=utf-8"},
        {"a page's head", "GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + pad + "\r\n\r\n", "text/html; charset=utf-8"},
    }));
    CAPTURE(row.note);
    TestServer s;
    write_file(s.site_dir() / "index.html", "<!doctype html><title>t</title>");
    const std::string answer = exchange(s.port(), "", row.head, 0);
    CAPTURE(answer.substr(0, 400));
    const std::string head = answer.substr(0, answer.find("\r\n\r\n"));
    REQUIRE(answer.rfind("HTTP/1.1 431 ", 0) == 0);
    CHECK(header_in(head, "X-Content-Type-Options") == "nosniff");
    CHECK(header_in(head, "Content-Type") == row.content_type);
    CHECK(header_in(head, "Connection") == "close");
    if (std::string(row.content_type).rfind("application/json", 0) == 0)
        CHECK(error_in(answer.substr(answer.find("\r\n\r\n") + 4)) == "bad_request");
    else
        CHECK_FALSE(header_in(head, "Content-Security-Policy").empty());
    for (int i = 0; i < 300 && s.log().empty(); ++i) std::this_thread::sleep_for(10ms);
    REQUIRE(s.log().size() == 1);
    CHECK(s.log().back().find(" 431 ") != std::string::npos);
}

TEST_CASE("A head libmicrohttpd refuses itself after the request line still gets a log line") {
    struct Row {
        const char* note;
        std::string head;
        std::size_t flood;
        int status;
    };
    const Row row = GENERATE(values<Row>({
        {"a 64 MB header line", "GET /api/captcha HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: ", 64u << 20, 431},
        {"a bad Content-Length", "POST /api/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                 "Content-Length: 12abc\r\n\r\n", 0, 400},
    }));
    CAPTURE(row.note);
    TestServer s;
    const std::string answer = exchange(s.port(), "", row.head, row.flood);
    REQUIRE(answer.rfind("HTTP/1.1 " + std::to_string(row.status) + " ", 0) == 0);
    for (int i = 0; i < 300 && s.log().empty(); ++i) std::this_thread::sleep_for(10ms);
    const auto log = s.log();
    REQUIRE(log.size() == 1);
    CAPTURE(log.back());
    const std::regex shape(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ 127\.0\.0\.1 - /api/\S+ (\d{3}) \d+\.\dms)");
    std::smatch m;
    REQUIRE(std::regex_match(log.back(), m, shape));
    CHECK(m[1].str() == std::to_string(row.status));
}
