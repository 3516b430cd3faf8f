// The client side of the soak: a browser-like client on its own loopback address (httplib,
// keep-alive), raw one-shot requests, the run's address book and the barrier.
#include "soak.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace abon::soak {

std::string account_for(int n) {
    char d[16];
    std::snprintf(d, sizeof d, "%07d", n % 10'000'000);
    const std::string s(d);
    return s.substr(0, 1) + "-" + s.substr(1, 3) + "-" + s.substr(4, 2) + "-" + s.substr(6, 1);
}

std::string id(ErrorCode c) { return std::string(error_id(c)); }

std::string fmt_seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s);
    return buf;
}

std::string address_of(std::uint32_t ip) {
    return "127." + std::to_string((ip >> 16) & 0xff) + "." + std::to_string((ip >> 8) & 0xff) + "." +
           std::to_string(ip & 0xff);
}

// 127.a.b.1: each user a network (/24) of its own, as people are, so the per-network budget
// of registrations (Limits::register_per_network) is theirs alone.
std::uint32_t Run::new_user_ip() { return next_user_ip.fetch_add(256); }

Client::Client(Run& run, Record& record, std::uint32_t ip) : run_(run), record_(record), ip_(ip), http_("127.0.0.1", run.port) {
    http_.set_interface(address_of(ip));  // not an interface name, so httplib binds it as an address
    http_.set_keep_alive(true);
    http_.set_tcp_nodelay(true);
    http_.set_connection_timeout(5, 0);
    http_.set_read_timeout(30, 0);
    http_.set_write_timeout(10, 0);
}

const httplib::Response* Client::exchange(Kind kind, const std::function<httplib::Result(httplib::Client&)>& send,
                                          const AnswerCheck& check) {
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

std::string Client::challenge(Kind kind, bool fetch_image) {
    const auto* r = exchange(kind, [](httplib::Client& c) { return c.Get("/api/captcha"); },
                             [&](const httplib::Response& res) -> Verdict {
                                 if (kind == Kind::AbuseCaptcha && res.status == 429) return expect_rate_limited(res);
                                 const json j = json::parse(res.body, nullptr, false);
                                 if (res.status != 200 || text_of(j, "token").empty() || text_of(j, "token").size() > 128 || !j.is_object() || j.value("length", json()) != run_.limits().captcha_length)
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

httplib::Result Client::raw(const std::string& request) const {
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

const httplib::Response* Client::post(Kind kind, const std::string& body, const AnswerCheck& check, const std::string& type,
                                      const httplib::Headers& headers) {
    return exchange(kind, [&](httplib::Client& c) { return c.Post("/api/register", headers, body, type.c_str()); }, check);
}

void Barrier::arrive_and_wait() {
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

}  // namespace abon::soak
