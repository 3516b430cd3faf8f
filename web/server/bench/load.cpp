// abon-server-load: a bounded load generator for POST /api/register on loopback.
//
//   abon-server-load --port P [--threads N] [--seconds S] [--mode full|invalid|captcha]
//                    [--first-account K]
//
// full:    each iteration GETs a challenge and posts a valid registration of the next demo
//          account (start the server with ABON_CAPTCHA_FIXED and ABON_DEMO_ACCOUNTS made by
//          --write-accounts), so every POST takes the whole 201 path with argon2id.
// invalid: posts a payload the core refuses (422), no challenge.
// captcha: GET /api/captcha only.
// It talks to 127.0.0.1 only and stops after S seconds (at most 30).
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

std::string account_for(int n) {  // D-DDD-DD-D from a counter
    char digits[12];
    std::snprintf(digits, sizeof digits, "%07d", n % 10000000);
    const std::string d(digits);
    return d.substr(0, 1) + "-" + d.substr(1, 3) + "-" + d.substr(4, 2) + "-" + d.substr(6, 1);
}

nlohmann::json payload(const std::string& account, const std::string& token, const std::string& answer) {
    return {{"surname", "Шевченко"}, {"given_name", "Тарас"}, {"patronymic", "Григорович"},
            {"account", account}, {"password", "Zorepad-7315-Lis"}, {"email", "load.test@ukr.net"},
            {"captcha", {{"token", token}, {"answer", answer}}}, {"last_payment_kopecks", 123456}, {"lang", "uk"}};
}

}  // namespace

int main(int argc, char** argv) {
    int port = 8080, threads = 4, seconds = 10, first = 1000000, write_accounts = 0;
    std::string mode = "full", answer = "KXMNA";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--port") port = std::stoi(v);
        else if (k == "--threads") threads = std::stoi(v);
        else if (k == "--seconds") seconds = std::min(30, std::stoi(v));
        else if (k == "--mode") mode = v;
        else if (k == "--first-account") first = std::stoi(v);
        else if (k == "--answer") answer = v;
        else if (k == "--write-accounts") write_accounts = std::stoi(v);
    }
    if (write_accounts > 0) {  // a demo-accounts file for ABON_DEMO_ACCOUNTS
        nlohmann::json list = nlohmann::json::array();
        for (int n = 0; n < write_accounts; ++n)
            list.push_back({{"account", account_for(first + n)}, {"surname", "Шевченко"}, {"given_name", "Тарас"},
                            {"patronymic", "Григорович"}, {"last_payment_kopecks", 123456}});
        std::printf("%s\n", list.dump().c_str());
        return 0;
    }

    std::atomic<int> next{first};
    std::mutex m;
    std::map<int, long> statuses;
    std::vector<double> latencies_ms;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            httplib::Client c("127.0.0.1", port);
            c.set_keep_alive(true);
            c.set_tcp_nodelay(true);
            c.set_read_timeout(30, 0);
            std::map<int, long> mine;
            std::vector<double> lat;
            while (std::chrono::steady_clock::now() < deadline) {
                std::string body;
                if (mode == "captcha") {
                    const auto t0 = std::chrono::steady_clock::now();
                    auto r = c.Get("/api/captcha");
                    lat.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
                    ++mine[r ? r->status : 0];
                    continue;
                }
                if (mode == "full") {
                    auto ch = c.Get("/api/captcha");
                    if (!ch || ch->status != 200) { ++mine[ch ? -ch->status : 0]; continue; }
                    const std::string token = nlohmann::json::parse(ch->body).at("token");
                    body = payload(account_for(next++), token, answer).dump();
                } else {
                    body = payload("12-34", "no-token", "K1").dump();
                }
                const auto t0 = std::chrono::steady_clock::now();
                auto r = c.Post("/api/register", body, "application/json");
                lat.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
                ++mine[r ? r->status : 0];
            }
            std::lock_guard<std::mutex> lock(m);
            for (auto [k, v] : mine) statuses[k] += v;
            latencies_ms.insert(latencies_ms.end(), lat.begin(), lat.end());
        });
    }
    for (auto& t : pool) t.join();
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::sort(latencies_ms.begin(), latencies_ms.end());
    auto pct = [&](double p) {
        return latencies_ms.empty() ? 0.0 : latencies_ms[static_cast<std::size_t>(p * static_cast<double>(latencies_ms.size() - 1))];
    };
    std::printf("mode=%s threads=%d seconds=%.1f measured_requests=%zu rate=%.1f/s p50=%.2fms p90=%.2fms p99=%.2fms\n",
                mode.c_str(), threads, elapsed, latencies_ms.size(), static_cast<double>(latencies_ms.size()) / elapsed,
                pct(0.5), pct(0.9), pct(0.99));
    for (auto [k, v] : statuses) std::printf("  status %d: %ld\n", k, v);
    return 0;
}
