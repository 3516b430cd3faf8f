// The HTTP edge: origin and CORS checks, media type, body size and per-client rate before a
// body is read; then the routes. Decisions live in registration.cpp, captcha.cpp, store.cpp.
#include "abon/server/app.hpp"

#include "abon/server/captcha.hpp"
#include "abon/server/limits.hpp"
#include "abon/server/registration.hpp"
#include "abon/server/secrets.hpp"
#include "abon/server/static_site.hpp"
#include "abon/server/store.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace abon::server {
namespace {

using nlohmann::json;

constexpr std::string_view kApiPrefix = "/api/";
constexpr std::string_view kCaptchaImagePrefix = "/api/captcha/";

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

void send(httplib::Response& res, const Reply& r) {
    res.status = r.status;
    if (r.retry_after_seconds > 0) res.set_header("Retry-After", std::to_string(r.retry_after_seconds));
    res.set_header("Cache-Control", "no-store");
    res.set_content(r.body.dump(), "application/json; charset=utf-8");
}

std::string html_page(std::string_view title, std::string_view text) {
    std::string page =
        "<!doctype html>\n<html lang=\"uk\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>";
    page += title;
    page += " — Полтаватеплоенерго</title><style>body{font:18px/1.5 system-ui,sans-serif;max-width:36em;"
            "margin:3em auto;padding:0 1em;color:#1d2733}h1{font-size:1.5em}a{color:#0b5cad}</style></head>"
            "<body><h1>";
    page += title;
    page += "</h1><p>";
    page += text;
    page += "</p><p><a href=\"/\">До сторінки реєстрації</a></p></body></html>\n";
    return page;
}

// Log-safe path: no query (httplib keeps it apart), no CAPTCHA image id, no control bytes.
std::string loggable_path(const std::string& path) {
    if (starts_with(path, kCaptchaImagePrefix) && path.size() > kCaptchaImagePrefix.size())
        return "/api/captcha/<image>.png";
    std::string out = path.substr(0, 200);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == ' ') c = '?';
    return out;
}

std::string utc_stamp(std::chrono::system_clock::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm utc{};
    gmtime_r(&tt, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

// A request line httplib could not parse still has its first word in req.method: it may be
// anything the client sent, a body included, so only real method names are logged.
std::string loggable_method(const std::string& method) {
    static constexpr std::string_view kMethods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};
    return std::find(std::begin(kMethods), std::end(kMethods), method) != std::end(kMethods) ? method : "-";
}

thread_local std::chrono::steady_clock::time_point t_request_start{};

}  // namespace

struct App::Impl {
    ServerConfig config;
    RegistrationStore store;
    CaptchaRenderer renderer;
    CaptchaBook captchas;
    Registrar registrar;
    StaticSite site;
    RateLimiter register_rate, captcha_rate;
    httplib::Server http;
    int port = -1;
    int listen_fd = -1;  // the listening socket, seen through httplib's socket-options hook
    std::vector<std::string> origins;

    explicit Impl(ServerConfig c)
        : config(prepare(std::move(c))),
          store(config.data_dir / "abon-demo.sqlite"),
          renderer(config.font_file),
          captchas(config.limits, config.captcha_fixed, config.clock),
          registrar(config, captchas, store),
          site(config.site_dir),
          register_rate(config.limits.register_per_client),
          captcha_rate(config.limits.captcha_per_client) {
        routes();
    }

    static ServerConfig prepare(ServerConfig c) {
        init_sodium();
        std::filesystem::create_directories(c.data_dir / "outbox");
        return c;
    }

    void after_bind(int bound) {
        // httplib 0.11 listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled into
        // Debian's library): a burst of connections beyond it overflows the accept queue and
        // the kernel resets some (the soak's 50 simultaneous registrations lost up to half).
        // Linux lets listen() on a listening socket change its backlog.
        if (listen_fd >= 0) ::listen(listen_fd, SOMAXCONN);
        port = bound;
        origins = config.allowed_origins;
        if (origins.empty())
            origins = {"http://127.0.0.1:" + std::to_string(port), "http://localhost:" + std::to_string(port)};
    }

    std::string base_url() const {
        return config.public_url.empty() ? "http://127.0.0.1:" + std::to_string(port) : config.public_url;
    }

    bool origin_allowed(const std::string& origin) const {
        return std::find(origins.begin(), origins.end(), origin) != origins.end();
    }

    // CORS for allowed origins only; Vary so caches never mix answers across origins.
    void add_cors(const httplib::Request& req, httplib::Response& res) const {
        res.set_header("Vary", "Origin");
        const std::string origin = req.get_header_value("Origin");
        if (origin.empty() || !origin_allowed(origin)) return;
        res.set_header("Access-Control-Allow-Origin", origin);
        res.set_header("Access-Control-Expose-Headers", "Retry-After");
    }

    // A refusal here leaves the body unread in the connection, where httplib would take it
    // for the next request (answering that one 400/414 and logging the body as a method), so
    // the client is told to open a new connection instead.
    httplib::Server::HandlerResponse refuse(const httplib::Request& req, httplib::Response& res, const Reply& r) const {
        send(res, r);
        if (req.has_header("Transfer-Encoding") || req.get_header_value<std::uint64_t>("Content-Length") > 0)
            res.set_header("Connection", "close");
        return httplib::Server::HandlerResponse::Handled;
    }

    // Runs before any body is read, for every request.
    httplib::Server::HandlerResponse guard(const httplib::Request& req, httplib::Response& res) {
        t_request_start = std::chrono::steady_clock::now();
        if (!starts_with(req.path, kApiPrefix)) return httplib::Server::HandlerResponse::Unhandled;
        res.set_header("X-Content-Type-Options", "nosniff");
        // The letter's link is opened from mail clients and webmail (cross-site by nature);
        // its 256-bit token is the whole authorisation.
        if (req.path == "/api/confirm") return httplib::Server::HandlerResponse::Unhandled;

        const std::string origin = req.get_header_value("Origin");
        if (req.get_header_value("Sec-Fetch-Site") == "cross-site" || (!origin.empty() && !origin_allowed(origin)))
            return refuse(req, res, error_reply(403, ErrorCode::CrossSiteRefused));
        add_cors(req, res);

        if (req.method == "OPTIONS") {
            res.status = 204;
            res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            res.set_header("Access-Control-Allow-Headers", "Content-Type");
            res.set_header("Access-Control-Max-Age", "600");
            return httplib::Server::HandlerResponse::Handled;
        }

        const auto now = config.clock();
        if (req.method == "POST" && req.path == "/api/register") {
            if (const RateDecision d = register_rate.take(req.remote_addr, now); !d.allowed) {
                Reply r = error_reply(429, ErrorCode::RateLimited, std::to_string(d.retry_after_seconds));
                r.retry_after_seconds = d.retry_after_seconds;
                return refuse(req, res, r);
            }
            std::string type = req.get_header_value("Content-Type");
            type = type.substr(0, type.find(';'));
            while (!type.empty() && type.back() == ' ') type.pop_back();
            std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
            if (type != "application/json") return refuse(req, res, error_reply(415, ErrorCode::UnsupportedMediaType));
            // httplib 0.11 does not bound chunked bodies; browsers always send a length.
            if (req.has_header("Transfer-Encoding")) {
                Reply r = error_reply(411, ErrorCode::BadRequest, "send the body with a Content-Length");
                return refuse(req, res, r);
            }
            if (req.get_header_value<std::uint64_t>("Content-Length") > config.limits.max_body_bytes)
                return refuse(req, res, error_reply(413, ErrorCode::PayloadTooLarge));
        } else if (req.method == "GET" && req.path == "/api/captcha") {
            if (const RateDecision d = captcha_rate.take(req.remote_addr, now); !d.allowed) {
                Reply r = error_reply(429, ErrorCode::RateLimited, std::to_string(d.retry_after_seconds));
                r.retry_after_seconds = d.retry_after_seconds;
                return refuse(req, res, r);
            }
        }
        return httplib::Server::HandlerResponse::Unhandled;
    }

    void routes() {
        // httplib holds a thread per keep-alive connection: with too few, idle browsers
        // make a new client wait out the 3 s keep-alive (measured: 24 idle → 3 s stall).
        http.new_task_queue = [] { return new httplib::ThreadPool(64); };
        // Called for each candidate socket just before bind(); the last one is the listener.
        http.set_socket_options([this](socket_t sock) {
            httplib::default_socket_options(sock);
            listen_fd = sock;
        });
        http.set_payload_max_length(config.limits.max_body_bytes);
        http.set_keep_alive_timeout(3);
        // Headers and body go out in separate writes; with Nagle on, delayed ACKs stall
        // each answer by ~40 ms.
        http.set_tcp_nodelay(true);
        http.set_pre_routing_handler([this](const auto& req, auto& res) { return guard(req, res); });

        http.Get("/api/captcha", [this](const httplib::Request&, httplib::Response& res) {
            const IssuedChallenge c = captchas.issue();
            send(res, Reply{200,
                            json{{"token", c.token},
                                 {"image", std::string(kCaptchaImagePrefix) + c.image_id + ".png"},
                                 {"length", c.length},
                                 {"expires_in", c.expires_in}},
                            0});
        });
        http.Get(R"(/api/captcha/([0-9a-f]{32})\.png)", [this](const httplib::Request& req, httplib::Response& res) {
            const auto answer = captchas.take_image_answer(req.matches[1].str());
            res.set_header("Cache-Control", "no-store");
            if (!answer) {  // served already, expired, or never issued
                res.status = 404;
                res.set_content(R"({"error":"not_found"})", "application/json; charset=utf-8");
                return;
            }
            res.set_content(renderer.render_png(*answer), "image/png");
        });
        http.Post("/api/register", [this](const httplib::Request& req, httplib::Response& res) {
            if (req.body.size() > config.limits.max_body_bytes)
                return send(res, error_reply(413, ErrorCode::PayloadTooLarge));
            send(res, registrar.handle(req.body, base_url() + "/api/confirm"));
        });
        http.Get("/api/confirm", [this](const httplib::Request& req, httplib::Response& res) { confirm(req, res); });
        http.Get(R"(/api/.*)", [](const httplib::Request&, httplib::Response& res) {
            send(res, Reply{404, json{{"error", "not_found"}}, 0});
        });
        http.Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) { serve_static(req, res); });

        http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
            if (!res.body.empty() || res.content_length_ > 0) return;
            if (starts_with(req.path, kApiPrefix)) {
                add_cors(req, res);
                const int status = res.status;
                if (status == 413) send(res, error_reply(413, ErrorCode::PayloadTooLarge));
                else if (status == 400) send(res, error_reply(400, ErrorCode::BadRequest));
                else send(res, Reply{status, json{{"error", status == 404 ? "not_found" : "method_not_allowed"}}, 0});
                res.status = status;
            } else if (res.status == 404) {
                res.set_content(html_page("Сторінку не знайдено", "За цією адресою нічого немає."),
                                "text/html; charset=utf-8");
            }
        });
        http.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
            std::string what = "unknown exception";
            try {
                if (ep) std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            config.log("error: " + loggable_method(req.method) + " " + loggable_path(req.path) + ": " + what);
            send(res, error_reply(500, ErrorCode::ServerError));
        });
        http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
            char ms[32] = "-";
            if (t_request_start != std::chrono::steady_clock::time_point{}) {
                const double d = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                           t_request_start).count();
                std::snprintf(ms, sizeof ms, "%.1fms", d);
            }
            t_request_start = {};
            config.log(utc_stamp(config.clock()) + " " + req.remote_addr + " " + loggable_method(req.method) + " " +
                       loggable_path(req.path) + " " + std::to_string(res.status) + " " + ms);
        });
    }

    void confirm(const httplib::Request& req, httplib::Response& res) {
        const std::string token = req.get_param_value("token");
        const bool well_formed = token.size() == 64 && token.find_first_not_of("0123456789abcdef") == std::string::npos;
        const ConfirmResult r = well_formed ? store.confirm(token_hash(token), config.clock()) : ConfirmResult::Unknown;
        res.set_header("Cache-Control", "no-store");
        res.set_header("Referrer-Policy", "no-referrer");  // the token is in this page's URL
        res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        switch (r) {
            case ConfirmResult::Confirmed:
                res.status = 200;
                res.set_content(html_page("Реєстрацію підтверджено",
                                          "Дякуємо! Вашу реєстрацію в «Особистому кабінеті споживача» підтверджено. "
                                          "Тепер ви можете увійти з адресою електронної пошти та паролем, "
                                          "які вказали під час реєстрації."),
                                "text/html; charset=utf-8");
                return;
            case ConfirmResult::AlreadyConfirmed:
                res.status = 410;
                res.set_content(html_page("Посилання вже використано",
                                          "Реєстрацію за цим посиланням уже підтверджено раніше. Повторно "
                                          "підтверджувати не потрібно — просто увійдіть до кабінету."),
                                "text/html; charset=utf-8");
                return;
            case ConfirmResult::Expired:
                res.status = 410;
                res.set_content(html_page("Термін дії посилання минув",
                                          "Посилання з листа діє " +
                                              std::to_string(config.limits.confirm_ttl.count() / 3600) +
                                              " годин, і цей час минув. Зареєструйтеся ще раз — ми надішлемо "
                                              "новий лист."),
                                "text/html; charset=utf-8");
                return;
            case ConfirmResult::Unknown:
                break;
        }
        res.status = 404;
        res.set_content(html_page("Посилання недійсне",
                                  "Такого посилання для підтвердження немає. Перевірте, що ви відкрили посилання "
                                  "з листа повністю, без пропущених символів, або зареєструйтеся ще раз."),
                        "text/html; charset=utf-8");
    }

    void serve_static(const httplib::Request& req, httplib::Response& res) {
        const auto file = site.find(req.path);
        if (!file) {
            res.status = 404;
            return;  // the error handler writes the page
        }
        res.set_header("ETag", file->etag);
        res.set_header("Cache-Control", file->cache_control);
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Vary", "Accept-Encoding");
        if (starts_with(file->mime, "text/html"))
            res.set_header("Content-Security-Policy", "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'");
        if (etag_matches(req.get_header_value("If-None-Match"), file->etag)) {
            res.status = 304;
            return;
        }
        const bool gzip = !file->gzip_body.empty() && accepts_gzip(req.get_header_value("Accept-Encoding"));
        if (gzip) res.set_header("Content-Encoding", "gzip");
        const std::string* body = gzip ? &file->gzip_body : &file->body;
        // A content provider, because httplib would compress a set_content() body again.
        // `file` rides along in the lambda so `body` outlives a concurrent reload.
        res.set_content_provider(body->size(), file->mime,
                                 [file, body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                     sink.write(body->data() + offset, length);
                                     return true;
                                 });
    }
};

App::App(ServerConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

App::~App() { stop(); }

bool App::bind() {
    if (!impl_->http.bind_to_port(impl_->config.bind, impl_->config.port)) return false;
    impl_->after_bind(impl_->config.port);
    return true;
}

int App::bind_any_port() {
    const int p = impl_->http.bind_to_any_port(impl_->config.bind);
    if (p > 0) impl_->after_bind(p);
    return p > 0 ? p : -1;
}

bool App::listen() { return impl_->http.listen_after_bind(); }
void App::stop() { impl_->http.stop(); }
bool App::is_running() const { return impl_->http.is_running(); }
int App::port() const { return impl_->port; }
std::string App::base_url() const { return impl_->base_url(); }
const std::vector<std::string>& App::allowed_origins() const { return impl_->origins; }
const ServerConfig& App::config() const { return impl_->config; }

}  // namespace abon::server
