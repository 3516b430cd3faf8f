// The HTTP layer on GNU libmicrohttpd: a thread per connection (a slow hash never holds up
// another client), its memory pool as the head cap, an accept policy of ours for the
// per-client connection cap (libmicrohttpd's own keys on the whole IPv6 address), and a
// reaper thread for the head/body deadlines and the lingering close after early refusals.
#include "abon/server/http.hpp"

#include "abon/server/client_address.hpp"

#include <microhttpd.h>
#include <sodium.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace abon::server {
namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr SteadyClock::time_point kNever = SteadyClock::time_point::max();

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// One connection, as the reaper sees it.
struct Connection {
    int fd = -1;
    SteadyClock::time_point deadline = kNever;
    bool linger = false;  // refused with its body unread: drain before the close
    std::string peer;     // the client's address
    std::string client;   // its key in the ConnectionCount
};

// One request on a connection.
struct Exchange {
    HttpRequest req;
    HeadDecision decision;
    Connection* conn = nullptr;
    SteadyClock::time_point start = SteadyClock::now();
    int status = 0;
    bool head_read = false;  // head() has run (the exchange is made when the request line is)
};

struct Drain {
    int fd;
    SteadyClock::time_point until;
    std::size_t left;
    std::string client;
};

}  // namespace

std::string address_text(const sockaddr* sa) {
    char buf[INET6_ADDRSTRLEN] = "-";
    if (sa == nullptr) return buf;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
    return buf;
}

HttpResponse HttpHandler::on_refused(const HttpRequest&, int status) {
    HttpResponse r;
    r.status = status;
    return r;
}

bool ConnectionCount::admits(const sockaddr* peer) const { return admits(address_text(peer)); }

bool ConnectionCount::admits(std::string_view peer) const {
    const std::string key = client_key(peer);
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = by_key_.find(key);
    return open_ < total_ && (it == by_key_.end() || it->second < per_client_);
}

std::string ConnectionCount::opened(std::string_view peer) {
    std::string key = client_key(peer);
    std::lock_guard<std::mutex> lock(mutex_);
    ++open_;
    ++by_key_[key];
    return key;
}

void ConnectionCount::closed(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = by_key_.find(key);
    if (it == by_key_.end()) return;
    --open_;
    if (--it->second == 0) by_key_.erase(it);
}

unsigned ConnectionCount::open() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return open_;
}

std::size_t percent_decode_in_place(char* s) {
    char* out = s;
    for (const char* in = s; *in != '\0'; ++in) {
        const int hi = in[0] == '%' ? hex_value(in[1]) : -1;
        const int lo = hi >= 0 ? hex_value(in[2]) : -1;
        if (lo >= 0 && (hi | lo) != 0) {
            *out++ = static_cast<char>(hi * 16 + lo);
            in += 2;
        } else {
            *out++ = *in;
        }
    }
    *out = '\0';
    return static_cast<std::size_t>(out - s);
}

std::string HttpRequest::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return {};
}

bool HttpRequest::has_header(std::string_view name) const {
    return std::any_of(headers.begin(), headers.end(), [&](const auto& h) { return iequals(h.first, name); });
}

std::string HttpRequest::query_value(std::string_view name) const {
    for (const auto& [k, v] : query)
        if (k == name) return v;
    return {};
}

bool HttpRequest::declares_body() const { return (content_length && *content_length > 0) || has_header("Transfer-Encoding"); }

void HttpResponse::set_header(std::string name, std::string value) {
    for (auto& h : headers)
        if (iequals(h.first, name)) {
            h.second = std::move(value);
            return;
        }
    headers.emplace_back(std::move(name), std::move(value));
}

void HttpResponse::set_body(std::string bytes, std::string content_type) {
    body = std::make_shared<const std::string>(std::move(bytes));
    set_header("Content-Type", std::move(content_type));
}

std::string HttpResponse::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return {};
}

struct HttpServer::Impl {
    HttpHandler& handler;
    HttpLimits limits;
    int listen_fd = -1;
    int bound_port = -1;
    MHD_Daemon* daemon = nullptr;
    std::atomic<bool> is_running{false};
    ConnectionCount count;

    std::mutex mutex;  // guards everything below
    std::condition_variable wake;
    bool stopping = false;
    std::unordered_set<Connection*> connections;
    std::list<Drain> drains;

    Impl(HttpHandler& h, HttpLimits l) : handler(h), limits(l), count(l.connections, l.connections_per_client) {}

    // [MHD callbacks] ------------------------------------------------------------------

    // Runs on the one accepting thread, as does NOTIFY_STARTED, which counts the connection
    // before the next accept is decided: no burst gets past the cap.
    static MHD_Result accept_policy(void* cls, const sockaddr* addr, socklen_t) {
        return static_cast<Impl*>(cls)->count.admits(addr) ? MHD_YES : MHD_NO;
    }

    static void on_connection(void* cls, MHD_Connection* c, void** socket_context, MHD_ConnectionNotificationCode code) {
        auto* self = static_cast<Impl*>(cls);
        if (code == MHD_CONNECTION_NOTIFY_STARTED) {
            auto* conn = new Connection;
            if (const auto* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD))
                conn->fd = info->connect_fd;
            const auto* peer = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
            conn->peer = address_text(peer ? peer->client_addr : nullptr);
            conn->client = self->count.opened(conn->peer);
            conn->deadline = SteadyClock::now() + self->limits.head_deadline;
            std::lock_guard<std::mutex> lock(self->mutex);
            self->connections.insert(conn);
            *socket_context = conn;
            return;
        }
        auto* conn = static_cast<Connection*>(*socket_context);
        if (conn == nullptr) return;
        // Called before libmicrohttpd closes the socket: a duplicate keeps it open for draining.
        std::lock_guard<std::mutex> lock(self->mutex);
        self->connections.erase(conn);
        const int dup = conn->linger && conn->fd >= 0 && !self->stopping ? ::fcntl(conn->fd, F_DUPFD_CLOEXEC, 0) : -1;
        if (dup >= 0) {  // the client stays counted until the drain ends
            ::fcntl(dup, F_SETFL, ::fcntl(dup, F_GETFL) | O_NONBLOCK);
            self->drains.push_back({dup, SteadyClock::now() + self->limits.linger, self->limits.linger_bytes, conn->client});
            self->wake.notify_all();
        } else {
            self->count.closed(conn->client);
        }
        delete conn;
        *socket_context = nullptr;
    }

    static Connection* connection_of(MHD_Connection* c) {
        const auto* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        return info ? static_cast<Connection*>(info->socket_context) : nullptr;
    }

    void set_deadline(Connection* conn, SteadyClock::time_point t) {
        if (conn == nullptr) return;
        std::lock_guard<std::mutex> lock(mutex);
        conn->deadline = t;
    }

    static MHD_Result collect(void* cls, MHD_ValueKind, const char* key, const char* value) {
        static_cast<HeaderList*>(cls)->emplace_back(key ? key : "", value ? value : "");
        return MHD_YES;
    }

    static void free_body(void* cls) { delete static_cast<std::shared_ptr<const std::string>*>(cls); }

    static ssize_t read_body(void* cls, std::uint64_t pos, char* buf, std::size_t max) {
        const std::string& body = **static_cast<std::shared_ptr<const std::string>*>(cls);
        if (pos >= body.size()) return MHD_CONTENT_READER_END_OF_STREAM;
        const std::size_t n = std::min<std::size_t>(max, body.size() - static_cast<std::size_t>(pos));
        std::memcpy(buf, body.data() + pos, n);
        return static_cast<ssize_t>(n);
    }

    static MHD_Result queue(MHD_Connection* c, Exchange& ex, const HttpResponse& r) {
        MHD_Response* response = nullptr;
        if (r.body && !r.body->empty()) {
            auto* keep = new std::shared_ptr<const std::string>(r.body);
            response = MHD_create_response_from_callback(r.body->size(), 64 * 1024, read_body, keep, free_body);
            if (response == nullptr) delete keep;
        } else {
            response = MHD_create_response_from_buffer(0, nullptr, MHD_RESPMEM_PERSISTENT);
        }
        if (response == nullptr) return MHD_NO;
        for (const auto& [k, v] : r.headers) MHD_add_response_header(response, k.c_str(), v.c_str());
        if (r.header("X-Content-Type-Options").empty()) MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
        ex.status = r.status;
        const MHD_Result ok = MHD_queue_response(c, static_cast<unsigned>(r.status), response);
        MHD_destroy_response(response);
        return ok;
    }

    static MHD_Result on_access(void* cls, MHD_Connection* c, const char* url, const char* method, const char*,
                                const char* upload, std::size_t* upload_size, void** request_context) {
        auto* self = static_cast<Impl*>(cls);
        auto* ex = static_cast<Exchange*>(*request_context);
        if (ex == nullptr || !ex->head_read) return self->head(c, url, method, request_context);
        if (*upload_size > 0) {
            // Content-Length was checked against the limit in head(); this only stays true to it.
            if (ex->req.body.size() + *upload_size > ex->decision.body_limit) return MHD_NO;
            ex->req.body.append(upload, *upload_size);
            *upload_size = 0;
            return MHD_YES;
        }
        if (ex->decision.refusal) return queue(c, *ex, *ex->decision.refusal);
        self->set_deadline(ex->conn, kNever);  // the handler may take its time (argon2id)
        HttpResponse r = self->handler.on_request(ex->req);
        sodium_memzero(ex->req.body.data(), ex->req.body.size());
        return queue(c, *ex, r);
    }

    // The request line has arrived: the exchange starts here, so that libmicrohttpd's own
    // refusals of the rest of the head (past the pool, a bad Content-Length) are logged too.
    static void* on_request_line(void*, const char* uri, MHD_Connection* c) {
        auto* ex = new Exchange;
        ex->conn = connection_of(c);
        if (ex->conn) ex->req.peer = ex->conn->peer;
        const std::string_view u = uri ? uri : "";
        ex->req.path = std::string(u.substr(0, u.find('?')));  // as sent, until head() decodes it
        return ex;
    }

    MHD_Result head(MHD_Connection* c, const char* url, const char* method, void** request_context) {
        auto* ex = static_cast<Exchange*>(*request_context);
        if (ex == nullptr) {
            ex = new Exchange;
            *request_context = ex;
            ex->conn = connection_of(c);
        }
        ex->head_read = true;
        HttpRequest& req = ex->req;
        req.method = method ? method : "";
        req.path = url ? url : "";
        if (const auto* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS))
            req.peer = address_text(info->client_addr);
        if (const auto* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE))
            req.head_bytes = info->header_size;
        MHD_get_connection_values(c, MHD_HEADER_KIND, collect, &req.headers);
        MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect, &req.query);
        if (req.has_header("Content-Length")) {
            const std::string v = req.header("Content-Length");
            char* end = nullptr;
            const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
            req.content_length = v.empty() || *end != '\0' || v.front() == '-' ? ~std::uint64_t{0} : n;
        }

        if (req.head_bytes > limits.head_bytes) {
            ex->decision.refusal = handler.on_refused(req, req.path.size() > limits.head_bytes ? 414 : 431);
            ex->decision.refusal->set_header("Connection", "close");
        } else {
            ex->decision = handler.on_head(req);
        }
        if (!ex->decision.refusal && req.declares_body()) {
            // The handler's rules should already have refused these; this layer holds the line.
            const bool fits = req.content_length && !req.has_header("Transfer-Encoding") &&
                              *req.content_length <= ex->decision.body_limit;
            if (!fits) ex->decision.refusal = HttpResponse{413, {}, nullptr};
        }
        const bool closes = ex->decision.refusal && iequals(ex->decision.refusal->header("Connection"), "close");
        if (ex->decision.refusal && (req.declares_body() || closes)) {
            HttpResponse& r = *ex->decision.refusal;
            r.set_header("Connection", "close");
            {
                std::lock_guard<std::mutex> lock(mutex);
                if (ex->conn) ex->conn->linger = true;
            }
            return queue(c, *ex, r);
        }
        // A refusal without a body waits for the next call: answered now, libmicrohttpd
        // would close a connection that can stay open.
        if (ex->decision.refusal) return MHD_YES;
        set_deadline(ex->conn, req.declares_body() ? SteadyClock::now() + limits.body_deadline : kNever);
        return MHD_YES;
    }

    static void on_completed(void* cls, MHD_Connection* c, void** request_context, MHD_RequestTerminationCode) {
        auto* self = static_cast<Impl*>(cls);
        auto* ex = static_cast<Exchange*>(*request_context);
        if (ex == nullptr) return;
        if (ex->status == 0)  // libmicrohttpd's own refusal, if it made one
            if (const auto* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_HTTP_STATUS))
                ex->status = static_cast<int>(info->http_status);
        sodium_memzero(ex->req.body.data(), ex->req.body.size());
        self->handler.on_done(ex->req, ex->status, SteadyClock::now() - ex->start);
        self->set_deadline(connection_of(c), SteadyClock::now() + self->limits.head_deadline);
        delete ex;
        *request_context = nullptr;
    }

    // [Reaper] deadlines and draining ----------------------------------------------------

    void reap() {
        std::unique_lock<std::mutex> lock(mutex);
        while (!stopping) {
            wake.wait_for(lock, std::chrono::milliseconds(drains.empty() ? 100 : 10));
            const auto now = SteadyClock::now();
            for (Connection* conn : connections)
                if (conn->deadline <= now && conn->fd >= 0) {
                    ::shutdown(conn->fd, SHUT_RDWR);  // libmicrohttpd sees the end and closes
                    conn->deadline = kNever;
                }
            for (auto it = drains.begin(); it != drains.end();) {
                char buf[16384];
                ssize_t n = 0;
                while (it->left > 0 && (n = ::recv(it->fd, buf, std::min(sizeof buf, it->left), 0)) > 0)
                    it->left -= static_cast<std::size_t>(n);
                const bool again = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
                if (again && it->left > 0 && now < it->until) {
                    ++it;
                } else {
                    ::close(it->fd);
                    count.closed(it->client);
                    it = drains.erase(it);
                }
            }
        }
        for (const Drain& d : drains) {
            ::close(d.fd);
            count.closed(d.client);
        }
        drains.clear();
    }
};

HttpServer::HttpServer(HttpHandler& handler, HttpLimits limits) : impl_(std::make_unique<Impl>(handler, limits)) {}

HttpServer::~HttpServer() {
    stop();
    if (impl_->listen_fd >= 0 && impl_->daemon == nullptr) ::close(impl_->listen_fd);
}

bool HttpServer::bind(const std::string& address, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
    addrinfo* found = nullptr;
    if (::getaddrinfo(address.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || found == nullptr)
        return false;
    const int fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    bool ok = fd >= 0 && ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0 &&
              ::bind(fd, found->ai_addr, found->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0;
    ::freeaddrinfo(found);
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    ok = ok && ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len) == 0;
    if (!ok) {
        if (fd >= 0) ::close(fd);
        return false;
    }
    impl_->listen_fd = fd;
    impl_->bound_port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                                           : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    return true;
}

int HttpServer::port() const { return impl_->bound_port; }

bool HttpServer::serve() {
    Impl& m = *impl_;
    if (m.listen_fd < 0) return false;
    {
        std::lock_guard<std::mutex> lock(m.mutex);
        if (m.stopping) return false;
    }
    const unsigned timeout_s = static_cast<unsigned>(
        std::max<long long>(1, std::chrono::duration_cast<std::chrono::seconds>(m.limits.head_deadline).count() + 1));
    m.daemon = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL, 0,
        &Impl::accept_policy, &m, &Impl::on_access, &m,
        MHD_OPTION_LISTEN_SOCKET, m.listen_fd,
        // Room past the head cap, so that head() sees an oversized head and refuses it.
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, 2 * m.limits.head_bytes,
        MHD_OPTION_URI_LOG_CALLBACK, &Impl::on_request_line, &m,
        MHD_OPTION_CONNECTION_LIMIT, m.limits.connections,
        MHD_OPTION_CONNECTION_TIMEOUT, timeout_s,  // idle backstop; the reaper's deadlines come first
        MHD_OPTION_NOTIFY_CONNECTION, &Impl::on_connection, &m,
        MHD_OPTION_NOTIFY_COMPLETED, &Impl::on_completed, &m,
        MHD_OPTION_UNESCAPE_CALLBACK,
        +[](void*, MHD_Connection*, char* s) { return percent_decode_in_place(s); }, nullptr,
        MHD_OPTION_END);
    if (m.daemon == nullptr) return false;
    m.is_running = true;
    std::thread reaper([&m] { m.reap(); });
    {
        std::unique_lock<std::mutex> lock(m.mutex);
        m.wake.wait(lock, [&m] { return m.stopping; });
    }
    reaper.join();
    MHD_stop_daemon(m.daemon);  // closes the listening socket too
    m.daemon = nullptr;
    m.listen_fd = -1;
    m.is_running = false;
    return true;
}

void HttpServer::stop() {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->stopping = true;
    impl_->wake.notify_all();
}

bool HttpServer::running() const { return impl_->is_running; }

unsigned HttpServer::open_connections() const { return impl_->count.open(); }

}  // namespace abon::server
