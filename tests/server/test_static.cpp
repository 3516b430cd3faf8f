// The site folder: index, MIME types, gzip, cache headers, no traversal, no listings.
#include "server_fixture.hpp"

#include "abon/server/static_site.hpp"

#include <catch2/catch.hpp>
#include <zlib.h>

using namespace abon::test;

namespace {

std::string gunzip(const std::string& gz) {
    z_stream zs{};
    inflateInit2(&zs, 15 + 16);
    std::string out;
    char buf[16384];
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
    zs.avail_in = static_cast<uInt>(gz.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        out.append(buf, sizeof buf - zs.avail_out);
    }
    inflateEnd(&zs);
    return rc == Z_STREAM_END ? out : "<corrupt>";
}

const std::string kScript = [] {
    std::string s;
    for (int i = 0; i < 300; ++i) s += "console.log('абон " + std::to_string(i) + "');\n";
    return s;
}();

struct Site {
    TestServer server;
    Site() {
        const auto root = server.site_dir();
        write_file(root / "index.html", "<!doctype html><title>Демо</title><abon-signup></abon-signup>\n");
        write_file(root / "static/abon-signup/abon-signup.js", kScript);
        write_file(root / "static/abon-signup/abon-signup.wasm", std::string("\0asm\1\0\0\0", 8) + std::string(4000, '\0'));
        write_file(root / "static/abon-signup/font.ttf", std::string(3000, 'f'));
        write_file(root / "static/abon-signup/config.json", R"({"endpoint": "/api/register"})");
        write_file(root / "static/abon-signup/logo.png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(500, 'p'));
        write_file(root / "static/abon-signup/loader.mjs", "export {};\n");
        write_file(root / "static/abon-signup/style.css", "abon-signup{display:block}\n");
        write_file(root / "static/abon-signup/blob.bin", "??");
        write_file(root / ".secret", "hidden");
        write_file(root.parent_path() / "outside.txt", "outside the site");
    }
};

}  // namespace

TEST_CASE("Static files are served with their MIME type") {
    struct Row { std::string path, mime; };
    const Row row = GENERATE(values<Row>({
        {"/", "text/html; charset=utf-8"},
        {"/index.html", "text/html; charset=utf-8"},
        {"/static/abon-signup/abon-signup.js", "text/javascript; charset=utf-8"},
        {"/static/abon-signup/loader.mjs", "text/javascript; charset=utf-8"},
        {"/static/abon-signup/abon-signup.wasm", "application/wasm"},
        {"/static/abon-signup/font.ttf", "font/ttf"},
        {"/static/abon-signup/config.json", "application/json"},
        {"/static/abon-signup/logo.png", "image/png"},
        {"/static/abon-signup/style.css", "text/css; charset=utf-8"},
        {"/static/abon-signup/blob.bin", "application/octet-stream"},
    }));
    CAPTURE(row.path);
    Site site;
    auto r = site.server.client().Get(row.path.c_str());
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == row.mime);
    CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(r->has_header("ETag"));
}

TEST_CASE("Entry points revalidate every time; other files are cached for five minutes") {
    struct Row { std::string path, cache_control; };
    const Row row = GENERATE(values<Row>({
        {"/", "no-cache"},
        {"/static/abon-signup/abon-signup.js", "no-cache"},
        {"/static/abon-signup/abon-signup.wasm", "public, max-age=300"},
        {"/static/abon-signup/font.ttf", "public, max-age=300"},
    }));
    CAPTURE(row.path);
    Site site;
    auto client = site.server.client();
    auto r = client.Get(row.path.c_str());
    REQUIRE(r);
    CHECK(r->get_header_value("Cache-Control") == row.cache_control);
    const std::string etag = r->get_header_value("ETag");
    auto again = client.Get(row.path.c_str(), {{"If-None-Match", etag}});
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());
    auto other = client.Get(row.path.c_str(), {{"If-None-Match", "\"something-else\""}});
    REQUIRE(other);
    CHECK(other->status == 200);
}

TEST_CASE("gzip when the client accepts it, and only then") {
    struct Row { std::string accept_encoding; bool gzip; };
    const Row row = GENERATE(values<Row>({
        {"gzip", true},
        {"gzip, deflate, br", true},
        {"br;q=1.0, gzip;q=0.8", true},
        {"gzip;q=0", false},
        {"br", false},
        {"identity", false},
        {"", false},
    }));
    CAPTURE(row.accept_encoding);
    Site site;
    auto client = site.server.client();
    client.set_decompress(false);
    httplib::Headers h;
    if (!row.accept_encoding.empty()) h.emplace("Accept-Encoding", row.accept_encoding);
    auto r = client.Get("/static/abon-signup/abon-signup.js", h);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Vary") == "Accept-Encoding");
    if (row.gzip) {
        CHECK(r->get_header_value("Content-Encoding") == "gzip");
        CHECK(r->body.size() < kScript.size() / 4);
        CHECK(gunzip(r->body) == kScript);
    } else {
        CHECK_FALSE(r->has_header("Content-Encoding"));
        CHECK(r->body == kScript);
    }
}

TEST_CASE("The wasm module is gzipped too; PNG is not") {
    Site site;
    auto client = site.server.client();
    client.set_decompress(false);
    auto wasm = client.Get("/static/abon-signup/abon-signup.wasm", {{"Accept-Encoding", "gzip"}});
    REQUIRE(wasm);
    CHECK(wasm->get_header_value("Content-Encoding") == "gzip");
    auto png = client.Get("/static/abon-signup/logo.png", {{"Accept-Encoding", "gzip"}});
    REQUIRE(png);
    CHECK_FALSE(png->has_header("Content-Encoding"));
}

TEST_CASE("A rebuilt file is served anew") {
    Site site;
    auto client = site.server.client();
    auto first = client.Get("/static/abon-signup/config.json");
    REQUIRE(first);
    write_file(site.server.site_dir() / "static/abon-signup/config.json", R"({"endpoint": "/api/v2/register"})");
    std::filesystem::last_write_time(site.server.site_dir() / "static/abon-signup/config.json",
                                     std::filesystem::file_time_type::clock::now() + std::chrono::seconds(5));
    auto second = client.Get("/static/abon-signup/config.json");
    REQUIRE(second);
    CHECK(second->body == R"({"endpoint": "/api/v2/register"})");
    CHECK(second->get_header_value("ETag") != first->get_header_value("ETag"));
}

TEST_CASE("No path traversal, hidden files or directory listings") {
    struct Row { std::string note, target; };
    const Row row = GENERATE(values<Row>({
        {"dot-dot", "/../outside.txt"},
        {"dot-dot below static", "/static/../../outside.txt"},
        {"encoded dot-dot", "/%2e%2e/outside.txt"},
        {"encoded slash", "/static/..%2f..%2foutside.txt"},
        {"backslash", "/static\\..\\..\\outside.txt"},
        {"hidden file", "/.secret"},
        {"directory", "/static"},
        {"directory with slash", "/static/abon-signup/"},
        {"double slash", "//index.html"},
        {"missing", "/nope.html"},
        {"NUL byte", "/index.html%00.png"},
    }));
    CAPTURE(row.note);
    Site site;
    const RawReply r = raw_http(site.server.port(), "GET " + row.target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                    "Connection: close\r\n\r\n");
    CHECK(r.status == 404);
    CHECK(r.body.find("outside the site") == std::string::npos);
    CHECK(r.body.find("hidden") == std::string::npos);
    CHECK(r.body.find("abon-signup.js") == std::string::npos);
}

TEST_CASE("Accept-Encoding and If-None-Match parsing") {
    using abon::server::accepts_gzip;
    using abon::server::etag_matches;
    CHECK(accepts_gzip("deflate, gzip;q=0.5"));
    CHECK(accepts_gzip("x-gzip"));
    CHECK_FALSE(accepts_gzip("gzip;q=0.000"));
    CHECK_FALSE(accepts_gzip("gzipped"));
    CHECK(etag_matches("\"a\", \"b\"", "\"b\""));
    CHECK(etag_matches("W/\"b\"", "\"b\""));
    CHECK(etag_matches("*", "\"b\""));
    CHECK_FALSE(etag_matches("\"a\"", "\"b\""));
}
