// The HTTP edge: origin and CORS checks, media type, body size and per-client rate before a
// body is read; then the routes, from one table (kRoutes). Decisions live in registration.cpp,
// captcha.cpp, store.cpp; the HTML pages in pages.cpp.
#include "abon/server/app.hpp"

#include "abon/letters.hpp"
#include "abon/server/captcha.hpp"
#include "abon/server/captcha_audio.hpp"
#include "abon/server/limits.hpp"
#include "abon/server/mailer.hpp"
#include "abon/server/pages.hpp"
#include "abon/server/registration.hpp"
#include "abon/server/secrets.hpp"
#include "abon/server/static_site.hpp"
#include "abon/server/store.hpp"

#include "abon/server/http.hpp"

#include <strings.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace abon::server {
namespace {

using nlohmann::json;

// Every path the server answers, spelt once: the routes' table and the URLs it writes.
constexpr std::string_view kApiPrefix = "/api/";
constexpr std::string_view kCaptchaPath = "/api/captcha";
constexpr std::string_view kCaptchaMediaPrefix = "/api/captcha/";
constexpr std::string_view kRegisterPath = "/api/register";
constexpr std::string_view kResendPath = "/api/resend";
constexpr std::string_view kChangeEmailPath = "/api/change-email";
constexpr std::string_view kConfirmPath = "/api/confirm";
constexpr const char* kJson = "application/json";
constexpr const char* kFormBody = "application/x-www-form-urlencoded";  // the confirmation page's button

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

HttpResponse json_response(const Reply& r) {
    HttpResponse res;
    res.status = r.status;
    if (r.retry_after_seconds > 0) res.set_header("Retry-After", std::to_string(r.retry_after_seconds));
    res.set_header("Cache-Control", "no-store");
    res.set_body(r.body.dump(), "application/json; charset=utf-8");
    return res;
}

Reply rate_limited(const RateDecision& d) {
    Reply r = error_reply(ErrorCode::RateLimited, std::to_string(d.retry_after_seconds));
    r.retry_after_seconds = d.retry_after_seconds;
    return r;
}

HttpResponse html_response(int status, std::string page) {
    HttpResponse res;
    res.status = status;
    res.set_body(std::move(page), "text/html; charset=utf-8");
    return res;
}

// The value of `key` in an application/x-www-form-urlencoded body ("" when absent).
std::string form_value(std::string_view body, std::string_view key) {
    while (!body.empty()) {
        const auto amp = body.find('&');
        const std::string_view pair = body.substr(0, amp);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == key && eq != std::string_view::npos) {
            std::string out;
            const std::string_view v = pair.substr(eq + 1);
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (v[i] == '+') {
                    out += ' ';
                } else if (v[i] == '%' && i + 2 < v.size() && std::isxdigit(static_cast<unsigned char>(v[i + 1])) &&
                           std::isxdigit(static_cast<unsigned char>(v[i + 2]))) {
                    out += static_cast<char>(std::stoi(std::string(v.substr(i + 1, 2)), nullptr, 16));
                    i += 2;
                } else {
                    out += v[i];
                }
            }
            return out;
        }
        if (amp == std::string_view::npos) break;
        body.remove_prefix(amp + 1);
    }
    return {};
}

// Log-safe path: no query (kept apart by the HTTP layer), no CAPTCHA image id, no control bytes.
std::string loggable_path(const std::string& path) {
    if (path.empty()) return "-";  // a head refused before its request line was read
    if (starts_with(path, kCaptchaMediaPrefix) && path.size() > kCaptchaMediaPrefix.size())
        return "/api/captcha/<media>";
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

// X-Frame-Options equal to a policy's frame-ancestors: 'none' → DENY, 'self' → SAMEORIGIN,
// anything else (a list of hosts) has no equal, so none.
const char* frame_options_for(std::string_view csp) {
    constexpr std::string_view kDirective = "frame-ancestors ";
    const auto at = csp.find(kDirective);
    if (at == std::string_view::npos) return nullptr;
    std::string_view value = csp.substr(at + kDirective.size());
    value = value.substr(0, value.find(';'));
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    if (value == "'none'") return "DENY";
    if (value == "'self'") return "SAMEORIGIN";
    return nullptr;
}

// The method is whatever word the client sent: only real method names are logged.
std::string loggable_method(const std::string& method) {
    static constexpr std::string_view kMethods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};
    return std::find(std::begin(kMethods), std::end(kMethods), method) != std::end(kMethods) ? method : "-";
}

}  // namespace

struct App::Impl : HttpHandler {
    ServerConfig config;
    RegistrationStore store;
    Mailer mailer;
    CaptchaRenderer renderer;
    CaptchaVoice voice;
    CaptchaBook captchas;
    Registrar registrar;
    StaticSite site;
    RateLimiter register_rate, register_network_rate, follow_up_rate, captcha_rate;
    HttpServer http;
    int port = -1;
    std::vector<std::string> origins;
    std::string html_policy;  // Content-Security-Policy of every HTML answer

    explicit Impl(ServerConfig c)
        : config(prepare(std::move(c))),
          store(config.data_dir / "abon-demo.sqlite"),
          mailer(config, store),
          renderer(config.font_file),
          voice(config.speech_program),
          captchas(config.limits, config.captcha_fixed, config.clock),
          registrar(config, captchas, store),
          site(config.site_dir),
          register_rate(config.limits.register_per_client),
          register_network_rate(config.limits.register_per_network),
          follow_up_rate(config.limits.register_per_client),
          captcha_rate(config.limits.captcha_per_client),
          http(*this, config.http) {
        html_policy =
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors " +
            config.frame_ancestors;
    }

    static ServerConfig prepare(ServerConfig c) {
        init_sodium();
        // The letters' names hold account numbers: the folder is the owner's alone.
        std::filesystem::create_directories(c.data_dir / "outbox");
        std::filesystem::permissions(c.data_dir / "outbox", std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::replace);
        return c;
    }

    void after_bind() {
        port = http.port();
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

    // The limiters' key: the TCP peer, or behind a trusted proxy the X-Forwarded-For client.
    std::string client(const HttpRequest& req) const {
        if (config.trusted_proxies.empty()) return client_key(req.peer);
        std::vector<std::string> forwarded;
        for (const auto& [k, v] : req.headers)
            if (k.size() == 15 && strncasecmp(k.c_str(), "X-Forwarded-For", 15) == 0) forwarded.push_back(v);
        return client_of(req.peer, forwarded, config.trusted_proxies);
    }

    // CORS for allowed origins only; Vary so caches never mix answers across origins.
    void add_cors(const HttpRequest& req, HttpResponse& res) const {
        res.set_header("Vary", "Origin");
        const std::string origin = req.header("Origin");
        if (origin.empty() || !origin_allowed(origin)) return;
        res.set_header("Access-Control-Allow-Origin", origin);
        res.set_header("Access-Control-Expose-Headers", "Retry-After");
    }

    // Headers every answer carries, error pages included.
    HttpResponse finish(HttpResponse res) const {
        res.set_header("X-Content-Type-Options", "nosniff");
        if (starts_with(res.header("Content-Type"), "text/html")) {
            if (res.header("Content-Security-Policy").empty()) res.set_header("Content-Security-Policy", html_policy);
            // One framing policy: X-Frame-Options (for browsers without CSP 2) says what the
            // page's own frame-ancestors says, or nothing where it cannot say a list.
            if (const char* xfo = frame_options_for(res.header("Content-Security-Policy"))) res.set_header("X-Frame-Options", xfo);
            if (res.header("Referrer-Policy").empty()) res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
        }
        return res;
    }

    // A refusal in the words of the path: JSON below /api/, a page elsewhere.
    HttpResponse refusal(const HttpRequest& req, int status, ErrorCode code, std::string_view detail = {}) const {
        if (starts_with(req.path, kApiPrefix)) {
            HttpResponse res = json_response(error_reply(status, code, detail));
            add_cors(req, res);
            return res;
        }
        return html_response(status, error_page_html(status));
    }
    HttpResponse refusal(const HttpRequest& req, ErrorCode code, std::string_view detail = {}) const {
        return refusal(req, http_status(code).value_or(400), code, detail);
    }

    HttpResponse method_not_allowed(const HttpRequest& req, const std::string& allow) const {
        HttpResponse res = starts_with(req.path, kApiPrefix) ? json_response(Reply{405, json{{"error", "method_not_allowed"}}, 0})
                                                              : refusal(req, 405, ErrorCode::BadRequest);
        if (starts_with(req.path, kApiPrefix)) add_cors(req, res);
        res.set_header("Allow", allow);
        return res;
    }

    // [Routes] -------------------------------------------------------------------------
    // One row per path and method: the body's media type (nullptr: none), whether the
    // widget's pages call it across origins (CORS, a preflight; not the letter's page), the
    // limiter that counts it, and the handler. Everything below /api/ that no row names is
    // a 404; everything else is the static site (GET, HEAD).
    enum class Limiter { None, Register, FollowUp, Captcha };
    struct Route {
        std::string_view path;
        bool prefix;  // the path's start: the CAPTCHA's media
        std::string_view method;
        const char* media_type;
        bool cors;
        Limiter limiter;
        HttpResponse (Impl::*handler)(HttpRequest&);
    };
    static const Route kRoutes[];
    static const std::size_t kRouteCount;
    static bool on_path(const Route& r, std::string_view path) {
        return r.prefix ? starts_with(path, r.path) && path.size() > r.path.size() : path == r.path;
    }
    static const Route* find_route(std::string_view path, std::string_view method);
    static std::string allowed_methods(std::string_view path);  // "" when no row names the path
    static bool cross_origin_path(std::string_view path);      // below /api/ and no page's form: CORS checks

    RateLimiter* limiter(Limiter l) {
        switch (l) {
            case Limiter::Register: return &register_rate;
            case Limiter::FollowUp: return &follow_up_rate;
            case Limiter::Captcha: return &captcha_rate;
            case Limiter::None: break;
        }
        return nullptr;
    }

    // The server's own origin (scheme://host[:port] of the public URL): the confirmation
    // page's button posts from it.
    std::string own_origin() const {
        const std::string url = base_url();
        const auto scheme = url.find("://");
        return scheme == std::string::npos ? url : url.substr(0, url.find('/', scheme + 3));
    }

    HeadDecision on_head(const HttpRequest& req) override {
        HeadDecision d;
        auto refuse = [&](HttpResponse r) {
            d.refusal = finish(std::move(r));
            return d;
        };
        const bool api = starts_with(req.path, kApiPrefix);
        const Route* const route = find_route(req.path, req.method);
        const char* const media_type = route ? route->media_type : nullptr;

        const std::string origin = req.header("Origin");
        const bool cross_site = req.header("Sec-Fetch-Site") == "cross-site";
        if (cross_origin_path(req.path)) {
            if (cross_site || (!origin.empty() && !origin_allowed(origin)))
                return refuse(json_response(error_reply(ErrorCode::CrossSiteRefused)));
            if (req.method == "OPTIONS") {
                HttpResponse res;
                res.status = 204;
                add_cors(req, res);
                res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
                res.set_header("Access-Control-Allow-Headers", "Content-Type");
                res.set_header("Access-Control-Max-Age", "600");
                return refuse(std::move(res));
            }
        } else if (media_type) {
            // The letter's link (GET) is opened from mail clients and webmail, cross-site by
            // nature, and only shows a page; the POST that confirms must come from that page.
            if (cross_site || (!origin.empty() && origin != own_origin() && !origin_allowed(origin)))
                return refuse(confirm_page_response(403, ConfirmPage::CrossSite, Lang::Uk));
        }

        // Methods: HEAD on /api/* would run a GET handler (a challenge issued) that nobody can read.
        if (!route) {
            const std::string allow = allowed_methods(req.path);
            if (!allow.empty()) return refuse(method_not_allowed(req, allow));
            if (api && req.method != "GET") return refuse(method_not_allowed(req, "GET, OPTIONS"));
            if (!api && req.method != "GET" && req.method != "HEAD") return refuse(method_not_allowed(req, "GET, HEAD"));
        }

        const auto now = config.clock();
        if (RateLimiter* rate = route ? limiter(route->limiter) : nullptr)
            if (const RateDecision r = rate->take(client(req), now); !r.allowed)
                return refuse(with_cors(req, json_response(rate_limited(r))));
        // Each registration fills the spent-challenge store: a network's share is bounded too.
        if (route && route->limiter == Limiter::Register)
            if (const RateDecision r = register_network_rate.take(network_key(client(req)), now); !r.allowed)
                return refuse(with_cors(req, json_response(rate_limited(r))));
        if (media_type) {
            std::string type = req.header("Content-Type");
            type = type.substr(0, type.find(';'));
            while (!type.empty() && type.back() == ' ') type.pop_back();
            std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
            if (type != media_type) return refuse(refusal(req, ErrorCode::UnsupportedMediaType));
        }

        // Bodies: a length is required and bounded; no transfer or content coding.
        const std::string coding = req.header("Content-Encoding");
        if (!coding.empty() && coding != "identity")
            return refuse(refusal(req, ErrorCode::UnsupportedMediaType, "Content-Encoding is not accepted"));
        if (req.has_header("Transfer-Encoding"))
            return refuse(refusal(req, 411, ErrorCode::BadRequest, "send the body with a Content-Length"));
        if (!media_type) {
            if (req.declares_body()) return refuse(refusal(req, ErrorCode::PayloadTooLarge));
            return d;
        }
        if (!req.content_length) {
            // Whatever body follows has no length: it must never be read as a next request.
            HttpResponse r = refusal(req, 411, ErrorCode::BadRequest, "send the body with a Content-Length");
            r.set_header("Connection", "close");
            return refuse(std::move(r));
        }
        if (*req.content_length > config.limits.max_body_bytes)
            return refuse(refusal(req, ErrorCode::PayloadTooLarge));
        d.body_limit = config.limits.max_body_bytes;
        return d;
    }

    // Heads the HTTP layer refuses: too large, or malformed as libmicrohttpd reads them.
    HttpResponse on_refused(const HttpRequest& req, int status) override {
        const std::string detail = status == 431   ? "request line and headers over " + std::to_string(config.http.head_bytes) + " bytes"
                                   : status == 414 ? "URL too long"
                                                   : "malformed request";
        return finish(refusal(req, status, ErrorCode::BadRequest, detail));
    }

    HttpResponse with_cors(const HttpRequest& req, HttpResponse res) const {
        add_cors(req, res);
        return res;
    }

    // [Answers] ------------------------------------------------------------------------
    HttpResponse on_request(HttpRequest& req) override { return finish(route(req)); }

    HttpResponse route(HttpRequest& req) {
        try {
            if (!starts_with(req.path, kApiPrefix)) return serve_static(req);
            const Route* const r = find_route(req.path, req.method);
            HttpResponse res = r ? (this->*(r->handler))(req) : not_found();
            add_cors(req, res);
            return res;
        } catch (const std::exception& e) {
            config.log("error: " + loggable_method(req.method) + " " + loggable_path(req.path) + ": " + e.what());
            return json_response(error_reply(ErrorCode::ServerError));
        }
    }

    static HttpResponse not_found() { return json_response(Reply{404, json{{"error", "not_found"}}, 0}); }
    std::string confirm_base() const { return base_url() + std::string(kConfirmPath); }

    HttpResponse register_account(HttpRequest& req) {
        return json_response(registrar.handle(req.body, confirm_base(), network_key(client(req))));
    }
    HttpResponse resend(HttpRequest& req) { return json_response(registrar.resend(req.body, confirm_base())); }
    HttpResponse change_email(HttpRequest& req) { return json_response(registrar.change_email(req.body, confirm_base())); }

    HttpResponse challenge(HttpRequest& req) {
        const Lang lang = parse_lang(req.query_value("lang")).value_or(Lang::Uk);
        const IssuedChallenge c = captchas.issue(lang);
        json body{{"token", c.token},
                  {"image", std::string(kCaptchaMediaPrefix) + c.media_id + ".png"},
                  {"alphabet", std::string(kCaptchaAlphabet)},
                  {"length", c.length},
                  {"expires_in", c.expires_in}};
        if (voice.available()) body["audio"] = std::string(kCaptchaMediaPrefix) + c.media_id + ".wav";
        return json_response(Reply{200, std::move(body), 0});
    }

    HttpResponse challenge_media(HttpRequest& req) {
        const auto media = captcha_media(req.path);
        const auto opened = media ? captchas.open_media(media->id) : std::nullopt;
        if (!opened) return not_found();  // malformed, expired, spent, forged
        HttpResponse res;
        res.set_header("Cache-Control", "no-store");
        if (media->kind == "png") {
            res.set_body(renderer.render_png(opened->answer, opened->seed), "image/png");
        } else {
            auto wav = voice.render_wav(opened->answer, opened->lang, opened->seed);
            if (!wav) return json_response(error_reply(503, ErrorCode::ServerError, "the voice is not available"));
            res.set_body(std::move(*wav), "audio/wav");
        }
        return res;
    }

    // "/api/captcha/<sealed id>.png" or ".wav" → the id (base64url, as CaptchaBook seals it).
    struct MediaPath { std::string id; std::string_view kind; };
    static std::optional<MediaPath> captcha_media(std::string_view path) {
        if (!starts_with(path, kCaptchaMediaPrefix)) return std::nullopt;
        const std::string_view rest = path.substr(kCaptchaMediaPrefix.size());
        const auto dot = rest.rfind('.');
        if (dot == std::string_view::npos || dot == 0 || dot > 128) return std::nullopt;
        const std::string_view id = rest.substr(0, dot), kind = rest.substr(dot + 1);
        if (kind != "png" && kind != "wav") return std::nullopt;
        if (id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != std::string_view::npos)
            return std::nullopt;
        return MediaPath{std::string(id), kind};
    }

    void on_done(const HttpRequest& req, int status, std::chrono::steady_clock::duration took) override {
        char ms[32];
        std::snprintf(ms, sizeof ms, "%.1fms", std::chrono::duration<double, std::milli>(took).count());
        config.log(utc_stamp(config.clock()) + " " + client(req) + " " + loggable_method(req.method) + " " +
                   loggable_path(req.path) + " " + (status ? std::to_string(status) : "-") + " " + ms);
    }

    // GET shows the page with the button and changes nothing, however often the link is
    // opened (mail scanners and previews open it too); only the button's POST confirms.
    HttpResponse confirm(HttpRequest& req) {
        const bool post = req.method == "POST";
        const std::string token = post ? form_value(req.body, "token") : req.query_value("token");
        const bool well_formed = token.size() == 64 && token.find_first_not_of("0123456789abcdef") == std::string::npos;
        LinkState link;
        if (well_formed) link = post ? store.confirm(token_hash(token), config.clock()) : store.peek(token_hash(token), config.clock());
        const Lang lang = link.lang == "en" ? Lang::En : Lang::Uk;
        switch (link.result) {
            case ConfirmResult::Pending: return confirm_page_response(200, ConfirmPage::Ask, lang, token);
            case ConfirmResult::Confirmed: return confirm_page_response(200, ConfirmPage::Confirmed, lang);
            case ConfirmResult::AlreadyConfirmed: return confirm_page_response(410, ConfirmPage::Used, lang);
            case ConfirmResult::Expired: return confirm_page_response(410, ConfirmPage::Expired, lang);
            case ConfirmResult::Unknown: break;
        }
        return confirm_page_response(404, ConfirmPage::Unknown, lang);
    }

    // A confirmation page in the core's words; `token` only for the page with the button.
    HttpResponse confirm_page_response(int status, ConfirmPage page, Lang lang, const std::string& token = {}) const {
        const std::string signin = config.signin_url.empty() ? base_url() + "/" : config.signin_url;
        const PageWords w = confirm_page(page, lang, {static_cast<int>(config.limits.confirm_ttl.count() / 3600), signin, "/"});
        HttpResponse res =
            html_response(status, page == ConfirmPage::Ask ? confirm_page_html(w, kConfirmPath, token) : html_page(w));
        res.set_header("Cache-Control", "no-store");
        // The GET page's URL holds the token: it never leaves in a Referer. same-origin (not
        // no-referrer) so that the button's POST carries the page's Origin, not "null".
        res.set_header("Referrer-Policy", "same-origin");
        res.set_header("Content-Security-Policy",
                       "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
        return res;
    }

    HttpResponse serve_static(const HttpRequest& req) {
        const auto file = site.find(req.path);
        if (!file) return refusal(req, 404, ErrorCode::BadRequest);  // a page, not the API's 404
        HttpResponse res;
        const Encoding enc = choose_encoding(req.header("Accept-Encoding"), !file->gzip_body.empty(), !file->br_body.empty());
        const std::string& etag = enc == Encoding::Brotli ? file->br_etag : enc == Encoding::Gzip ? file->gzip_etag : file->etag;
        res.set_header("ETag", etag);
        res.set_header("Cache-Control", file->cache_control);
        res.set_header("Vary", "Accept-Encoding");
        res.set_header("Content-Type", file->mime);
        if (etag_matches(req.header("If-None-Match"), etag)) {
            res.status = 304;
            return res;
        }
        if (enc != Encoding::Identity) res.set_header("Content-Encoding", enc == Encoding::Brotli ? "br" : "gzip");
        // Aliasing: the body shares ownership of the cached file, which a reload may replace.
        res.body = std::shared_ptr<const std::string>(
            file, enc == Encoding::Brotli ? &file->br_body : enc == Encoding::Gzip ? &file->gzip_body : &file->body);
        return res;
    }
};

const App::Impl::Route App::Impl::kRoutes[] = {
    {kCaptchaPath, false, "GET", nullptr, true, Limiter::Captcha, &Impl::challenge},
    {kCaptchaMediaPrefix, true, "GET", nullptr, true, Limiter::Captcha, &Impl::challenge_media},
    {kRegisterPath, false, "POST", kJson, true, Limiter::Register, &Impl::register_account},
    {kResendPath, false, "POST", kJson, true, Limiter::FollowUp, &Impl::resend},
    {kChangeEmailPath, false, "POST", kJson, true, Limiter::FollowUp, &Impl::change_email},
    {kConfirmPath, false, "GET", nullptr, false, Limiter::None, &Impl::confirm},
    {kConfirmPath, false, "POST", kFormBody, false, Limiter::None, &Impl::confirm},
};
const std::size_t App::Impl::kRouteCount = sizeof(kRoutes) / sizeof(kRoutes[0]);

const App::Impl::Route* App::Impl::find_route(std::string_view path, std::string_view method) {
    for (std::size_t i = 0; i < kRouteCount; ++i)
        if (on_path(kRoutes[i], path) && kRoutes[i].method == method) return &kRoutes[i];
    return nullptr;
}

std::string App::Impl::allowed_methods(std::string_view path) {
    std::string allow;
    bool cors = false;
    for (std::size_t i = 0; i < kRouteCount; ++i) {
        if (!on_path(kRoutes[i], path)) continue;
        allow += (allow.empty() ? "" : ", ") + std::string(kRoutes[i].method);
        cors = cors || kRoutes[i].cors;
    }
    return allow.empty() || !cors ? allow : allow + ", OPTIONS";
}

bool App::Impl::cross_origin_path(std::string_view path) {
    if (!starts_with(path, kApiPrefix)) return false;
    for (std::size_t i = 0; i < kRouteCount; ++i)
        if (on_path(kRoutes[i], path) && !kRoutes[i].cors) return false;
    return true;
}

App::App(ServerConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

App::~App() { stop(); }

bool App::bind() {
    if (impl_->config.port == 0 || !impl_->http.bind(impl_->config.bind, impl_->config.port)) return false;
    impl_->after_bind();
    return true;
}

int App::bind_any_port() {
    if (!impl_->http.bind(impl_->config.bind, 0)) return -1;
    impl_->after_bind();
    return impl_->port;
}

bool App::listen() { return impl_->http.serve(); }
void App::stop() { impl_->http.stop(); }
bool App::is_running() const { return impl_->http.running(); }
unsigned App::open_connections() const { return impl_->http.open_connections(); }
int App::port() const { return impl_->port; }
std::string App::base_url() const { return impl_->base_url(); }
const std::vector<std::string>& App::allowed_origins() const { return impl_->origins; }
const ServerConfig& App::config() const { return impl_->config; }

}  // namespace abon::server
