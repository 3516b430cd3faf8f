// The soak's mail server: a minimal SMTP receiver on loopback that writes each letter it
// takes into a folder as <n>-<account>-sink.eml, where the tail reads them as it reads the
// outbox. One connection at a time (the demo's worker sends one letter at a time).
#include "soak.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <stdexcept>

namespace abon::soak {
namespace {

bool send_all(int fd, const std::string& text) {
    return ::send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
}

}  // namespace

SmtpSink::SmtpSink(fs::path folder) : folder_(std::move(folder)) {
    fs::create_directories(folder_);
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listener_, 16) != 0 || ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        throw std::runtime_error("smtp sink: cannot listen on loopback");
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
}

SmtpSink::~SmtpSink() {
    stopping_ = true;
    thread_.join();
    ::close(listener_);
}

void SmtpSink::serve() {
    while (!stopping_) {
        pollfd p{listener_, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        timeval timeout{10, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        session(fd);
        ::close(fd);
    }
}

void SmtpSink::session(int fd) {
    std::string in;
    auto read_more = [&] {
        char buf[8192];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return false;
        in.append(buf, static_cast<std::size_t>(n));
        return true;
    };
    auto next_line = [&](std::string& line) {
        std::size_t end;
        while ((end = in.find("\r\n")) == std::string::npos)
            if (!read_more()) return false;
        line = in.substr(0, end);
        in.erase(0, end + 2);
        return true;
    };
    if (!send_all(fd, "220 soak-sink ESMTP\r\n")) return;
    for (std::string line; next_line(line);) {
        std::string verb = line.substr(0, 4);
        for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (verb == "EHLO" || verb == "HELO") {
            send_all(fd, "250-soak-sink\r\n250 8BITMIME\r\n");
        } else if (verb == "DATA") {
            send_all(fd, "354 go on\r\n");
            std::size_t end;
            while ((end = in.find("\r\n.\r\n")) == std::string::npos && in != ".\r\n")
                if (!read_more()) return;
            std::string data = in.substr(0, end + 2);
            in.erase(0, end + 5);
            // Dot-stuffing undone (RFC 5321 §4.5.2).
            for (std::size_t at = 0; (at = data.find("\r\n..", at)) != std::string::npos; at += 3) data.erase(at + 2, 1);
            if (data.rfind("..", 0) == 0) data.erase(0, 1);
            std::smatch m;
            static const std::regex account(R"(\b\d-\d{3}-\d{2}-\d\b)");
            const std::string who = std::regex_search(data, m, account) ? m[0].str() : "0-000-00-0";
            char name[32];
            std::snprintf(name, sizeof name, "%06ld-", received_.load());
            std::ofstream(folder_ / (name + who + "-sink.eml"), std::ios::binary) << data;
            ++received_;
            send_all(fd, "250 2.0.0 taken\r\n");
        } else if (verb == "QUIT") {
            send_all(fd, "221 bye\r\n");
            return;
        } else if (verb == "MAIL" || verb == "RCPT" || verb == "RSET" || verb == "NOOP") {
            send_all(fd, "250 OK\r\n");
        } else {
            send_all(fd, "500 unknown\r\n");
        }
    }
}

}  // namespace abon::soak
