// abon-demo-server: the demo endpoint (spec §5). Everything lives in the abon_server
// library; this file reads the configuration, handles Ctrl+C / SIGTERM and serves.
#include "abon/server/app.hpp"

#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <thread>

int main(int argc, char** argv) {
    using namespace abon::server;
    const auto parsed = config_from(std::vector<std::string>(argv + 1, argv + argc), process_env());
    if (std::holds_alternative<ShowHelp>(parsed)) {
        std::cout << usage();
        return 0;
    }
    if (const auto* e = std::get_if<ConfigError>(&parsed)) {
        std::cerr << "abon-demo-server: " << e->message << "\n" << usage();
        return 64;
    }
    const ServerConfig& config = std::get<ServerConfig>(parsed);

    // Signals go to one waiting thread, which stops the server from outside any handler.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    if (config.captcha_fixed) {
        std::cerr << "\n"
                     "*********************************************************************\n"
                     "**  WARNING: ABON_CAPTCHA_FIXED is set.                            **\n"
                     "**  Every CAPTCHA has the same known answer: it protects nothing.  **\n"
                     "**  For automated tests only; never expose this server.            **\n"
                     "*********************************************************************\n\n";
    }

    try {
        App app(config);
        const bool bound = config.port == 0 ? app.bind_any_port() > 0 : app.bind();
        if (!bound) {
            std::cerr << "abon-demo-server: cannot listen on " << config.bind << ":" << config.port << "\n";
            return 1;
        }
        std::thread waiter([&] {
            int sig = 0;
            sigwait(&stop_signals, &sig);
            app.stop();
        });
        std::cerr << "abon-demo-server: listening on http://" << config.bind << ":" << app.port() << "/\n"
                  << "  site: " << config.site_dir.string() << "\n"
                  << "  data: " << config.data_dir.string() << " (abon-demo.sqlite, outbox/)\n"
                  << "  letters: " << (config.mail.smtp_url.empty() ? "the outbox folder" : config.mail.smtp_url)
                  << (config.mail.dkim_key.empty() ? "" : ", DKIM-signed for " + config.mail.dkim_domain) << "\n"
                  << "  letter links: " << app.base_url() << "/api/confirm?token=…\n"
                  << "  allowed origins:";
        for (const auto& o : app.allowed_origins()) std::cerr << " " << o;
        std::cerr << "\n  Ctrl+C stops.\n";
        const bool ok = app.listen();
        kill(getpid(), SIGTERM);  // wakes the waiter if listen() ended on its own
        waiter.join();
        std::cerr << "abon-demo-server: stopped\n";
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "abon-demo-server: " << e.what() << "\n";
        return 1;
    }
}
