// abon/server/http.hpp — the HTTP layer under the app: GNU libmicrohttpd behind a small
// interface, so routes and rules never see the library (web/server/README.md says why).
//
// - Every request is decided in two steps: on_head() after the request line and headers,
//   before any body byte is read, then on_request() with the whole body. A head that is
//   refused is answered at once; its unread body is drained briefly after the answer
//   (lingering close), so a client that sends everything before reading still reads it.
// - A body is read only when on_head() allows one, and never more than the limit it gives.
// - The request line and headers are capped by HttpLimits::head_bytes: 431 (414 when the
//   URL alone is over it), from on_refused(). libmicrohttpd's pool is twice the cap; a head
//   past even the pool, or one it finds malformed, gets libmicrohttpd's own page (logged
//   through on_done() when its request line was read). Answers of ours carry nosniff.
// - A connection gets head_deadline for each request's head after it opens or after its
//   previous answer, then body_deadline for the body; late ones are shut down.
//   Connections are capped in all and per client (ConnectionCount).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

struct sockaddr;

namespace abon::server {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method;                           // as sent ("GET", "HEAD", …)
    std::string path;                             // percent-decoded, no query; "%00" stays encoded
    std::string peer;                             // the TCP peer's address ("127.0.0.1", "::1")
    HeaderList headers;                           // as received, in order
    HeaderList query;                             // decoded query arguments
    std::optional<std::uint64_t> content_length;  // nullopt: no Content-Length header
    std::size_t head_bytes = 0;                   // request line and headers as received
    std::string body;                             // for on_request(); wiped after it returns

    std::string header(std::string_view name) const;  // the first, name case-insensitive; "" if absent
    bool has_header(std::string_view name) const;
    std::string query_value(std::string_view name) const;
    bool declares_body() const;  // a Content-Length above 0 or any Transfer-Encoding
};

struct HttpResponse {
    int status = 200;
    HeaderList headers;
    std::shared_ptr<const std::string> body;  // nullptr: no body

    void set_header(std::string name, std::string value);
    void set_body(std::string bytes, std::string content_type);
    std::string header(std::string_view name) const;
};

struct HeadDecision {
    std::optional<HttpResponse> refusal;  // answered now, the body unread
    std::size_t body_limit = 0;           // otherwise: bytes of body this route takes (0: none)
};

class HttpHandler {
public:
    virtual ~HttpHandler() = default;
    virtual HeadDecision on_head(const HttpRequest& req) = 0;
    virtual HttpResponse on_request(HttpRequest& req) = 0;
    // The answer to a head the layer refuses (431, 414); `req` holds what was parsed
    // of it (perhaps only the peer). The layer adds Connection: close.
    virtual HttpResponse on_refused(const HttpRequest& req, int status);
    // After the answer went out (or the client left); `status` 0 when none was sent.
    virtual void on_done(const HttpRequest& req, int status, std::chrono::steady_clock::duration took) = 0;
};

struct HttpLimits {
    std::size_t head_bytes = 32 * 1024;                  // request line + headers → 431 above
    std::chrono::milliseconds head_deadline{10000};      // per request, from open or last answer
    std::chrono::milliseconds body_deadline{10000};      // per request, from its head
    unsigned connections = 512;                          // in all (a thread each)
    unsigned connections_per_client = 64;                // per client: an IPv4 address, an IPv6 /64
    std::chrono::milliseconds linger{2000};              // draining after an early refusal …
    std::size_t linger_bytes = 16 * 1024 * 1024;         // … at most this much
};

// The accept policy: connections open in all and per client key (client_key(): IPv6 by its
// /64, so rotating addresses inside one /64 gains nothing). A socket still draining after
// an early refusal counts until it is closed.
class ConnectionCount {
public:
    ConnectionCount(unsigned total, unsigned per_client) : total_(total), per_client_(per_client) {}
    bool admits(const sockaddr* peer) const;       // room for one more from this peer
    bool admits(std::string_view peer) const;      // the same, from the address's text
    std::string opened(std::string_view peer);     // counts one; returns the key for closed()
    void closed(const std::string& key);
    unsigned open() const;                         // in all

private:
    mutable std::mutex mutex_;
    unsigned total_, per_client_, open_ = 0;
    std::unordered_map<std::string, unsigned> by_key_;
};

std::string address_text(const sockaddr* sa);  // "192.0.2.7", "2001:db8::1"; "-" for none

class HttpServer {
public:
    HttpServer(HttpHandler& handler, HttpLimits limits);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    bool bind(const std::string& address, int port);  // port 0: any free one; false on failure
    int port() const;                                  // after bind
    bool serve();                                      // blocks until stop(); needs bind first
    void stop();                                       // thread-safe
    bool running() const;
    unsigned open_connections() const;                 // accepted and not yet closed (ConnectionCount)

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

std::size_t percent_decode_in_place(char* s);  // %XX except %00, which stays as is; returns the length

}  // namespace abon::server
