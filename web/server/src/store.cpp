#include "abon/server/store.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>

namespace abon::server {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS registrations (
  id                 INTEGER PRIMARY KEY,
  account            TEXT NOT NULL UNIQUE,
  surname            TEXT NOT NULL,
  given_name         TEXT NOT NULL,
  patronymic         TEXT NOT NULL,
  email              TEXT NOT NULL,
  lang               TEXT NOT NULL,
  password_hash      TEXT NOT NULL,
  confirm_token_hash TEXT NOT NULL UNIQUE,
  created_at         INTEGER NOT NULL,
  confirm_expires_at INTEGER NOT NULL,
  confirmed_at       INTEGER
);
PRAGMA user_version = 1;
)sql";

std::int64_t unix_seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

class Statement {
public:
    Statement(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("sqlite prepare: ") + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, const std::string& v) {
        sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int i, std::int64_t v) {
        sqlite3_bind_int64(stmt_, i, v);
        return *this;
    }
    int step() { return sqlite3_step(stmt_); }  // SQLITE_ROW, SQLITE_DONE, or an error
    std::int64_t column_int(int i) { return sqlite3_column_int64(stmt_, i); }
    bool column_null(int i) { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
    void expect_done() {
        if (const int rc = step(); rc != SQLITE_DONE)
            throw std::runtime_error(std::string("sqlite step: ") + sqlite3_errstr(rc));
    }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

void exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string message = err ? err : "unknown error";
        sqlite3_free(err);
        throw std::runtime_error("sqlite: " + message);
    }
}

}  // namespace

RegistrationStore::RegistrationStore(const std::filesystem::path& database_file) {
    // Created 0600 whatever the umask; SQLite gives its -wal and -shm files the same mode.
    if (const int fd = ::open(database_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600); fd >= 0) ::close(fd);
    if (sqlite3_open_v2(database_file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        throw std::runtime_error("cannot open " + database_file.string() + ": " + message);
    }
    sqlite3_busy_timeout(db_, 5000);
    exec(db_, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    exec(db_, kSchema);
}

RegistrationStore::~RegistrationStore() { sqlite3_close(db_); }

bool RegistrationStore::account_taken(const std::string& account, std::chrono::system_clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    Statement s(db_, "SELECT 1 FROM registrations WHERE account = ?1 AND "
                     "(confirmed_at IS NOT NULL OR confirm_expires_at > ?2)");
    s.bind(1, account).bind(2, unix_seconds(now));
    return s.step() == SQLITE_ROW;
}

InsertResult RegistrationStore::insert(const NewRegistration& r, const std::function<bool()>& before_commit) {
    std::lock_guard<std::mutex> lock(mutex_);
    exec(db_, "BEGIN IMMEDIATE");
    try {
        // Expired pending registrations of every account go: their personal data is kept no longer.
        Statement drop(db_, "DELETE FROM registrations WHERE confirmed_at IS NULL AND confirm_expires_at <= ?1");
        drop.bind(1, unix_seconds(r.created)).expect_done();

        Statement add(db_, "INSERT INTO registrations (account, surname, given_name, patronymic, email, lang, "
                           "password_hash, confirm_token_hash, created_at, confirm_expires_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        add.bind(1, r.account).bind(2, r.surname).bind(3, r.given_name).bind(4, r.patronymic).bind(5, r.email)
            .bind(6, r.lang).bind(7, r.password_hash).bind(8, r.confirm_token_hash)
            .bind(9, unix_seconds(r.created)).bind(10, unix_seconds(r.confirm_expires));
        const int rc = add.step();
        if (rc == SQLITE_CONSTRAINT) {
            exec(db_, "ROLLBACK");
            return InsertResult::AccountTaken;
        }
        if (rc != SQLITE_DONE) throw std::runtime_error(std::string("sqlite insert: ") + sqlite3_errstr(rc));
        if (!before_commit()) {
            exec(db_, "ROLLBACK");
            return InsertResult::Aborted;
        }
        exec(db_, "COMMIT");
        return InsertResult::Inserted;
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

ConfirmResult RegistrationStore::confirm(const std::string& token_hash, std::chrono::system_clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    Statement find(db_, "SELECT confirmed_at, confirm_expires_at FROM registrations WHERE confirm_token_hash = ?1");
    find.bind(1, token_hash);
    if (find.step() != SQLITE_ROW) return ConfirmResult::Unknown;
    if (!find.column_null(0)) return ConfirmResult::AlreadyConfirmed;
    if (find.column_int(1) <= unix_seconds(now)) return ConfirmResult::Expired;
    Statement set(db_, "UPDATE registrations SET confirmed_at = ?2 WHERE confirm_token_hash = ?1 "
                       "AND confirmed_at IS NULL");
    set.bind(1, token_hash).bind(2, unix_seconds(now)).expect_done();
    return sqlite3_changes(db_) == 1 ? ConfirmResult::Confirmed : ConfirmResult::AlreadyConfirmed;
}

}  // namespace abon::server
