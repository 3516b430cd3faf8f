// Precompressed site files (issue 16, point 2): FILE.br and FILE.gz next to FILE are sent
// by Accept-Encoding, with the original's type, Vary and an ETag per encoding. Before: the
// .br file was ignored and served by a direct request as application/octet-stream.
#include "server_fixture.hpp"

#include "abon/server/static_site.hpp"

#include <catch2/catch.hpp>

using namespace abon::test;

namespace {

const std::string kScript = "export const widget = 1;\n" + std::string(400, ' ') + "// end\n";
const std::string kBrotli = "fixture: the bytes of abon-signup.js.br";  // the server never decodes them

struct Fixture {
    TestServer server;
    std::string gz = abon::server::gzip_compress(kScript);
    Fixture() {
        write_file(server.site_dir() / "static/abon-signup/abon-signup.js", kScript);
        write_file(server.site_dir() / "static/abon-signup/abon-signup.js.br", kBrotli);
        write_file(server.site_dir() / "static/abon-signup/abon-signup.js.gz", gz);
    }
    RawReply get(const std::string& path, const std::string& extra = "") {
        return raw_http(server.port(), "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra + "\r\n");
    }
};

}  // namespace

TEST_CASE("The precompressed form is chosen by Accept-Encoding, br first, q=0 honoured") {
    struct Row { const char* accept; const char* encoding; };
    const Row row = GENERATE(values<Row>({
        {"Accept-Encoding: gzip, deflate, br\r\n", "br"},
        {"Accept-Encoding: br;q=0.1, gzip;q=1\r\n", "br"},
        {"Accept-Encoding: gzip\r\n", "gzip"},
        {"Accept-Encoding: br;q=0, gzip\r\n", "gzip"},
        {"Accept-Encoding: *\r\n", "br"},
        {"Accept-Encoding: *;q=0, gzip;q=0\r\n", ""},
        {"Accept-Encoding: identity\r\n", ""},
        {"", ""},
    }));
    CAPTURE(row.accept);
    Fixture f;
    const RawReply r = f.get("/static/abon-signup/abon-signup.js", row.accept);
    REQUIRE(r.status == 200);
    CHECK(header_in(r.head, "Content-Encoding") == row.encoding);
    CHECK(header_in(r.head, "Content-Type") == "text/javascript; charset=utf-8");
    CHECK(header_in(r.head, "Vary").find("Accept-Encoding") != std::string::npos);
    const std::string expected = std::string(row.encoding) == "br" ? kBrotli : std::string(row.encoding) == "gzip" ? f.gz : kScript;
    CHECK(r.body == expected);
}

TEST_CASE("Each encoding has its own ETag, and If-None-Match matches only its own") {
    Fixture f;
    const std::string path = "/static/abon-signup/abon-signup.js";
    const std::string br = header_in(f.get(path, "Accept-Encoding: br\r\n").head, "ETag");
    const std::string gz = header_in(f.get(path, "Accept-Encoding: gzip\r\n").head, "ETag");
    const std::string plain = header_in(f.get(path).head, "ETag");
    CHECK(br != gz);
    CHECK(br != plain);
    CHECK(gz != plain);
    CHECK(f.get(path, "Accept-Encoding: br\r\nIf-None-Match: " + br + "\r\n").status == 304);
    CHECK(f.get(path, "Accept-Encoding: gzip\r\nIf-None-Match: " + br + "\r\n").status == 200);
}

TEST_CASE("A precompressed file is not served as itself by a direct request") {
    Fixture f;
    CHECK(f.get("/static/abon-signup/abon-signup.js.br").status == 404);
    CHECK(f.get("/static/abon-signup/abon-signup.js.gz").status == 404);
    // A .gz with no original beside it is a file of its own (a download), served as such.
    write_file(f.server.site_dir() / "static/data.tar.gz", "tarball");
    CHECK(f.get("/static/data.tar.gz").status == 200);
}

TEST_CASE("accept_q reads q values, the * wildcard and x-gzip") {
    using abon::server::accept_q;
    CHECK(accept_q("gzip;q=0.5, br", "br") == 1.0);
    CHECK(accept_q("gzip;q=0.5, br", "gzip") == 0.5);
    CHECK(accept_q("x-gzip", "gzip") == 1.0);
    CHECK(accept_q("*;q=0.2", "br") == 0.2);
    CHECK(accept_q("gzip", "br") == -1.0);
    CHECK(accept_q("BR", "br") == 1.0);
}
