// abon/server/app.hpp — the demo endpoint (spec §5) as a library, so tests run it in-process.
//
// - Routes: GET /api/captcha, GET /api/captcha/<id>.png (once), POST /api/register,
//   POST /api/resend, POST /api/change-email, GET /api/confirm?token=… (a page with the
//   button), POST /api/confirm (the button), OPTIONS /api/… (CORS preflight), the static site.
// - Construction opens the store and loads the font (throws on failure); bind, then
//   listen() blocks until stop() is called from another thread (or a signal thread).
// - The answer shapes are documented in web/server/README.md.
#pragma once

#include "abon/server/config.hpp"

#include <memory>
#include <string>

namespace abon::server {

class App {
public:
    explicit App(ServerConfig config);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    bool bind();          // config.port; false when the address is taken
    int bind_any_port();  // a free port on config.bind; returns it (-1 on failure)
    bool listen();        // serves until stop(); needs a successful bind first
    void stop();          // thread-safe; listen() returns soon after
    bool is_running() const;  // listen() has started and not yet returned
    unsigned open_connections() const;  // accepted and not yet closed: what tests wait on

    int port() const;
    std::string base_url() const;                              // http://127.0.0.1:PORT
    const std::vector<std::string>& allowed_origins() const;   // after bind
    const ServerConfig& config() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace abon::server
