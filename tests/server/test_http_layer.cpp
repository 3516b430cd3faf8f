// The HTTP layer alone (abon/server/http.hpp) under a handler of the test's own.
// Issue 11 (server side): the request body holding the password is zeroed once the
// handler has answered, before the buffer is freed.
#include "server_fixture.hpp"

#include "abon/server/http.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace abon::server;

namespace {

struct Recorder : HttpHandler {
    std::mutex mutex;
    std::string seen_in_handler, left_after;
    HeadDecision on_head(const HttpRequest&) override { return HeadDecision{std::nullopt, 1024}; }
    HttpResponse on_request(HttpRequest& req) override {
        std::lock_guard<std::mutex> lock(mutex);
        seen_in_handler = req.body;
        HttpResponse r;
        r.set_body("ok", "text/plain");
        return r;
    }
    void on_done(const HttpRequest& req, int, std::chrono::steady_clock::duration) override {
        std::lock_guard<std::mutex> lock(mutex);
        left_after = req.body;
    }
};

}  // namespace

TEST_CASE("The request body is zeroed after the handler answered") {
    Recorder handler;
    HttpServer http(handler, HttpLimits{});
    REQUIRE(http.bind("127.0.0.1", 0));
    std::thread serving([&] { http.serve(); });
    while (!http.running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const std::string body = R"({"password":"Zorepad-7315-Lis"})";
    const auto r = abon::test::raw_http(http.port(), "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                                     "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    CHECK(r.status == 200);
    for (int i = 0; i < 200; ++i) {
        {
            std::lock_guard<std::mutex> lock(handler.mutex);
            if (!handler.left_after.empty()) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    http.stop();
    serving.join();
    CHECK(handler.seen_in_handler == body);
    REQUIRE(handler.left_after.size() == body.size());
    CHECK(handler.left_after == std::string(body.size(), '\0'));
}

TEST_CASE("Percent-decoding keeps %00 encoded and leaves broken escapes as they are") {
    struct Row { std::string in, out; };
    const Row row = GENERATE(values<Row>({
        {"/a%20b", "/a b"}, {"/index.html%00.png", "/index.html%00.png"}, {"/%2e%2e/x", "/../x"},
        {"/100%", "/100%"}, {"/%zz", "/%zz"}, {"/%C3%A9", "/\xC3\xA9"},
    }));
    std::string s = row.in;
    s.resize(percent_decode_in_place(s.data()));
    CHECK(s == row.out);
}
