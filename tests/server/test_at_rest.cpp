// Headers of every answer and the data at rest (issue 13, point 5). Before: pages had no
// frame-ancestors/X-Frame-Options (the form could be framed and clickjacked) and no
// Referrer-Policy, 404 pages no nosniff; the SQLite file and the letters were created
// world-readable; expired pending registrations stayed forever.
#include "server_fixture.hpp"

#include "abon/server/mailer.hpp"
#include "abon/server/secrets.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>
#include <sys/stat.h>

using namespace abon::test;
using nlohmann::json;

namespace {

struct PageRow {
    const char* note;
    std::string request;
    int status;
};

unsigned mode_of(const std::filesystem::path& p) {
    struct stat st{};
    ::stat(p.c_str(), &st);
    return st.st_mode & 0777u;
}

}  // namespace

TEST_CASE("Every HTML answer carries the page policy, error pages too") {
    const PageRow row = GENERATE(values<PageRow>({
        {"the site's page", "GET / HTTP/1.1", 200},
        {"a missing page", "GET /nope.html HTTP/1.1", 404},
        {"a method a page does not take", "DELETE /index.html HTTP/1.1", 405},
        {"a body a page does not take", "GET /index.html HTTP/1.1\r\nContent-Length: 5", 413},
        {"the confirmation page", "GET /api/confirm?token=00 HTTP/1.1", 404},
    }));
    CAPTURE(row.note);
    TestServer s;
    write_file(s.site_dir() / "index.html", "<!doctype html><title>t</title>");
    const RawReply r = raw_http(s.port(), row.request + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    CHECK(r.status == row.status);
    CHECK(header_in(r.head, "Content-Type").rfind("text/html", 0) == 0);
    const std::string csp = header_in(r.head, "Content-Security-Policy");
    CAPTURE(csp);
    CHECK(csp.find("default-src ") != std::string::npos);
    CHECK((csp.find("frame-ancestors 'self'") != std::string::npos || csp.find("frame-ancestors 'none'") != std::string::npos));
    if (csp.find("default-src 'none'") == std::string::npos) CHECK(csp.find("form-action 'self'") != std::string::npos);
    // Issue 26: one framing policy. Before: the confirmation page sent frame-ancestors 'none' beside SAMEORIGIN.
    const std::string xfo = header_in(r.head, "X-Frame-Options");
    CHECK(xfo == (csp.find("frame-ancestors 'none'") != std::string::npos ? "DENY" : "SAMEORIGIN"));
    CHECK(!header_in(r.head, "Referrer-Policy").empty());
    CHECK(header_in(r.head, "X-Content-Type-Options") == "nosniff");
}

TEST_CASE("frame-ancestors is configurable") {
    TestServer s([](abon::server::ServerConfig& c) { c.frame_ancestors = "'self' https://te.pl.ua"; });
    write_file(s.site_dir() / "index.html", "<!doctype html><title>t</title>");
    const RawReply r = raw_http(s.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    CHECK(header_in(r.head, "Content-Security-Policy").find("frame-ancestors 'self' https://te.pl.ua") != std::string::npos);
    CHECK(header_in(r.head, "X-Frame-Options").empty());  // it cannot say a list; CSP alone speaks
}

TEST_CASE("The database and the letters are created 0600, whatever the umask") {
    const mode_t old = ::umask(022);
    TestServer s;
    auto r = s.post(s.valid_payload());
    ::umask(old);
    REQUIRE(r);
    REQUIRE(r->status == 201);
    CHECK(mode_of(s.data_dir() / "abon-demo.sqlite") == 0600u);
    for (const auto& f : {"abon-demo.sqlite-wal", "abon-demo.sqlite-shm"})
        if (std::filesystem::exists(s.data_dir() / f)) CHECK(mode_of(s.data_dir() / f) == 0600u);
    REQUIRE(s.letters().size() == 1);
    CHECK(mode_of(s.letters().front()) == 0600u);
    CHECK(mode_of(s.data_dir() / "outbox") == 0700u);  // issue 26: was 0755, file names hold account numbers
}

TEST_CASE("Expired pending registrations are purged") {
    TestServer s;
    REQUIRE(s.post(s.valid_payload())->status == 201);
    s.clock().advance(std::chrono::hours(49));
    json other = s.valid_payload();
    other["surname"] = "Петренко-Стельмах";
    other["given_name"] = "Оксана";
    other["patronymic"] = "Іванівна";
    other["account"] = "2-345-67-8";
    other["last_payment_kopecks"] = 98700;
    REQUIRE(s.post(other)->status == 201);

    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2((s.data_dir() / "abon-demo.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM registrations WHERE account = '1-234-56-7'", -1, &st, nullptr);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(sqlite3_column_int(st, 0) == 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

TEST_CASE("The letter's To: carries the A-label of an internationalised domain") {
    CHECK(abon::server::ascii_domain("taras@пошта.укр") == "taras@xn--80a1acn3a.xn--j1amh");
    CHECK(abon::server::ascii_domain("taras@ukr.net") == "taras@ukr.net");
    abon::server::Letter l;
    l.to = "taras@пошта.укр";
    l.from_address = "noreply@te.pl.ua";
    l.from_name = "Полтаватеплоенерго";
    l.subject = "Тема";
    l.body = "Текст\n";
    const std::string eml = abon::server::compose_letter(l, std::chrono::system_clock::time_point{});
    CHECK(eml.find("\r\nTo: <taras@xn--80a1acn3a.xn--j1amh>\r\n") != std::string::npos);
}

namespace {

// The schema as the issue-13 server wrote it (PRAGMA user_version 1).
constexpr const char* kVersion1 = R"sql(
CREATE TABLE registrations (
  id INTEGER PRIMARY KEY, account TEXT NOT NULL UNIQUE, surname TEXT NOT NULL, given_name TEXT NOT NULL,
  patronymic TEXT NOT NULL, email TEXT NOT NULL, lang TEXT NOT NULL, password_hash TEXT NOT NULL,
  confirm_token_hash TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, confirm_expires_at INTEGER NOT NULL,
  confirmed_at INTEGER);
PRAGMA user_version = 1;
)sql";

void run_sql(const std::filesystem::path& file, const std::string& sql) {
    std::filesystem::create_directories(file.parent_path());
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    CAPTURE(err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

std::int64_t user_version(const std::filesystem::path& file) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
    const std::int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

}  // namespace

// Issue 14 added the handle and the letter count (schema version 2).
TEST_CASE("A version 1 database is migrated in place: its pending link still confirms") {
    abon::server::init_sodium();
    TempDir root;
    const auto file = root.path() / "data" / "abon-demo.sqlite";
    const std::string token(64, 'b');
    const std::int64_t t0 = 1'760'000'000;
    run_sql(file, std::string(kVersion1) +
                      "INSERT INTO registrations (account, surname, given_name, patronymic, email, lang, password_hash, "
                      "confirm_token_hash, created_at, confirm_expires_at) VALUES ('2-345-67-8', 'Петренко-Стельмах', "
                      "'Оксана', 'Іванівна', 'oksana@ukr.net', 'uk', '$argon2id$x', '" +
                      abon::server::token_hash(token) + "', " + std::to_string(t0) + ", " +
                      std::to_string(t0 + 48 * 3600) + ");");
    TestServer s(root, {});
    CHECK(user_version(file) == 3);
    CHECK(s.open_link(token)->status == 200);
    CHECK(s.press_confirm(token)->status == 200);
    auto r = s.post(s.valid_payload());  // another account: the new columns are filled
    REQUIRE(r);
    CHECK(r->status == 201);
    s.clock().advance(std::chrono::seconds(60));
    CHECK(s.post_to("/api/resend", {{"handle", body_json(r).value("handle", "")}})->status == 200);
}

TEST_CASE("A database from a newer server is refused with a clear error, untouched") {
    TempDir root;
    const auto file = root.path() / "data" / "abon-demo.sqlite";
    run_sql(file, "CREATE TABLE future (x); PRAGMA user_version = 4;");
    CHECK_THROWS_WITH(TestServer(root, {}), Catch::Contains("schema version 4, newer than this server's 3"));
    CHECK(user_version(file) == 4);
}
