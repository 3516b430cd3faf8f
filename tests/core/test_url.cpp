// The URL splitter under the URL policy (abon/url.hpp); the policies themselves are checked on
// tests/vectors/endpoint.json and the picture rows in test_payload.cpp.
#include "vectors.hpp"

#include "abon/url.hpp"

using namespace abon;

namespace {
struct SplitRow {
    const char* url;
    bool has_scheme;
    const char* scheme;
    bool has_authority;
    const char* authority;
    const char* path;
    const char* query;
    const char* fragment;
};
}  // namespace

TEST_CASE("a URL splits into parts that join back to it", "[url]") {
    const SplitRow row = GENERATE(values<SplitRow>({
        {"https://User@Example.COM:8443/a/b?x=1#top", true, "https", true, "User@Example.COM:8443", "/a/b", "?x=1", "#top"},
        {"//cdn.example/p", false, "", true, "cdn.example", "/p", "", ""},
        {"/api/register", false, "", false, "", "/api/register", "", ""},
        {"captcha.png?v=2", false, "", false, "", "captcha.png", "?v=2", ""},
        {"a/b:c", false, "", false, "", "a/b:c", "", ""},  // a colon after a slash is no scheme
        {"mailto:x@y.ua", true, "mailto", false, "", "x@y.ua", "", ""},
        {"http://[::1]:8080", true, "http", true, "[::1]:8080", "", "", ""},
        {"?only#frag", false, "", false, "", "", "?only", "#frag"},
        {":x", true, "", false, "", "x", "", ""},
        {"", false, "", false, "", "", "", ""},
    }));
    CAPTURE(row.url);
    const UrlParts u = split_url(row.url);
    CHECK(u.has_scheme == row.has_scheme);
    CHECK(u.scheme == row.scheme);
    CHECK(u.has_authority == row.has_authority);
    CHECK(u.authority == row.authority);
    CHECK(u.path == row.path);
    CHECK(u.query == row.query);
    CHECK(u.fragment == row.fragment);
    const std::string joined = std::string(u.scheme) + (u.has_scheme ? ":" : "") + (u.has_authority ? "//" : "") +
                               std::string(u.authority) + std::string(u.path) + std::string(u.query) + std::string(u.fragment);
    CHECK(joined == row.url);
}

TEST_CASE("a host is the authority without user, password or port", "[url]") {
    CHECK(url_host("user:pw@Example.com:443") == "Example.com");
    CHECK(url_host("[::1]:8080") == "[::1]");
    CHECK(url_host("localhost") == "localhost");
    CHECK(url_origin("HTTPS://Example.COM:443/x?y") == "https://example.com:443");
    CHECK(url_origin("/relative") == "");
    CHECK(url_origin("ja va://x") == "");  // no scheme of those characters
    CHECK(url_origin("https:///path") == "");  // an empty authority
}
