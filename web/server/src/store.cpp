#include "abon/server/store.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <iterator>
#include <stdexcept>

namespace abon::server {
namespace {

// Each step takes the schema from user_version i to i + 1; a new file runs them all, so an
// old file and a new one end up the same.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE registrations (
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
)sql",
    // Version 2 (issue 14): the handle of the 201 answer, and the letters sent so far. A
    // version 1 row has no handle (it can be confirmed, not resent).
    R"sql(
ALTER TABLE registrations ADD COLUMN handle_hash TEXT;
ALTER TABLE registrations ADD COLUMN letters_sent INTEGER NOT NULL DEFAULT 1;
ALTER TABLE registrations ADD COLUMN last_letter_at INTEGER NOT NULL DEFAULT 0;
UPDATE registrations SET last_letter_at = created_at;
CREATE UNIQUE INDEX registrations_handle ON registrations (handle_hash);
)sql",
    // Version 3 (issue 22): the letter queue. Times in Unix milliseconds; `message` is NULL
    // once the letter has left the queue (sent, failed, obsolete).
    R"sql(
CREATE TABLE letters (
  id          INTEGER PRIMARY KEY,
  account     TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('confirmation', 'replaced_notice')),
  recipient   TEXT NOT NULL,
  message     BLOB,
  state       TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed', 'obsolete')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  queued_at   INTEGER NOT NULL,
  next_try_at INTEGER NOT NULL,
  last_reply  TEXT
);
CREATE INDEX letters_due ON letters (state, next_try_at);
CREATE INDEX letters_account ON letters (account, kind, state);
)sql",
};
constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));

std::int64_t unix_seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::int64_t unix_ms(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

const char* kind_id(LetterKind k) { return k == LetterKind::Confirmation ? "confirmation" : "replaced_notice"; }

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
    std::string column_text(int i) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
        return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))) : std::string();
    }
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

// BEGIN IMMEDIATE … COMMIT; a throw or an early return rolls back.
class Transaction {
public:
    explicit Transaction(sqlite3* db) : db_(db) { exec(db_, "BEGIN IMMEDIATE"); }
    ~Transaction() {
        if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit() {
        exec(db_, "COMMIT");
        open_ = false;
    }

private:
    sqlite3* db_;
    bool open_ = true;
};

void migrate(sqlite3* db, const std::filesystem::path& file) {
    Transaction t(db);
    Statement version(db, "PRAGMA user_version");
    const int from = version.step() == SQLITE_ROW ? static_cast<int>(version.column_int(0)) : 0;
    if (from > kSchemaVersion)
        throw std::runtime_error(file.string() + " has schema version " + std::to_string(from) +
                                 ", newer than this server's " + std::to_string(kSchemaVersion));
    for (int v = from; v < kSchemaVersion; ++v) exec(db, kMigrations[v]);
    exec(db, ("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
    t.commit();
}

LinkState link_state(sqlite3* db, const std::string& token_hash, std::chrono::system_clock::time_point now) {
    Statement find(db, "SELECT confirmed_at, confirm_expires_at, lang FROM registrations WHERE confirm_token_hash = ?1");
    find.bind(1, token_hash);
    if (find.step() != SQLITE_ROW) return {};
    const std::string lang = find.column_text(2);
    if (!find.column_null(0)) return {ConfirmResult::AlreadyConfirmed, lang};
    if (find.column_int(1) <= unix_seconds(now)) return {ConfirmResult::Expired, lang};
    return {ConfirmResult::Pending, lang};
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
    try {
        migrate(db_, database_file);
    } catch (...) {
        sqlite3_close(db_);
        throw;
    }
}

RegistrationStore::~RegistrationStore() { sqlite3_close(db_); }

bool RegistrationStore::account_confirmed(const std::string& account) {
    std::lock_guard<std::mutex> lock(mutex_);
    Statement s(db_, "SELECT 1 FROM registrations WHERE account = ?1 AND confirmed_at IS NOT NULL");
    s.bind(1, account);
    return s.step() == SQLITE_ROW;
}

InsertOutcome RegistrationStore::insert(const NewRegistration& r, const LettersFor<InsertOutcome>& letters) {
    InsertOutcome out;
    bool queued = false;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        out = insert_locked(r, letters, queued);
    }
    if (queued && on_queued_) on_queued_();
    return out;
}

InsertOutcome RegistrationStore::insert_locked(const NewRegistration& r, const LettersFor<InsertOutcome>& letters,
                                               bool& queued) {
    Transaction t(db_);
    InsertOutcome out;
    // Expired pending registrations of every account go: their personal data is kept no longer.
    Statement drop(db_, "DELETE FROM registrations WHERE confirmed_at IS NULL AND confirm_expires_at <= ?1");
    drop.bind(1, unix_seconds(r.created)).expect_done();

    Statement find(db_, "SELECT confirmed_at IS NOT NULL, email, lang FROM registrations WHERE account = ?1");
    find.bind(1, r.account);
    ExistingRegistration existing = ExistingRegistration::None;
    if (find.step() == SQLITE_ROW) {
        existing = find.column_int(0) ? ExistingRegistration::Confirmed : ExistingRegistration::Pending;
        out.replaced_email = find.column_text(1);
        out.replaced_lang = find.column_text(2);
    }
    switch (decide_registration(existing)) {
        case RegistrationAction::Refuse:
            return {};
        case RegistrationAction::Replace: {
            // Its token and handle hashes leave with the row: the earlier link and handle die.
            Statement del(db_, "DELETE FROM registrations WHERE account = ?1 AND confirmed_at IS NULL");
            del.bind(1, r.account).expect_done();
            out.result = InsertResult::Replaced;
            break;
        }
        case RegistrationAction::Insert:
            out = {InsertResult::Inserted, {}, {}};
            break;
    }
    Statement add(db_, "INSERT INTO registrations (account, surname, given_name, patronymic, email, lang, "
                       "password_hash, confirm_token_hash, created_at, confirm_expires_at, handle_hash, "
                       "letters_sent, last_letter_at) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?9)");
    add.bind(1, r.account).bind(2, r.surname).bind(3, r.given_name).bind(4, r.patronymic).bind(5, r.email)
        .bind(6, r.lang).bind(7, r.password_hash).bind(8, r.confirm_token_hash)
        .bind(9, unix_seconds(r.created)).bind(10, unix_seconds(r.confirm_expires)).bind(11, r.handle_hash);
    const int rc = add.step();
    if (rc == SQLITE_CONSTRAINT) return {};  // another writer of the file got there first
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("sqlite insert: ") + sqlite3_errstr(rc));
    const auto mail = letters(out);
    queue(mail, r.created);
    t.commit();
    queued = !mail.empty();
    return out;
}

FollowUpOutcome RegistrationStore::follow_up(const FollowUpChange& c, const ResendLimits& limits,
                                             const LettersFor<FollowUpOutcome>& letters) {
    FollowUpOutcome out;
    bool queued = false;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        out = follow_up_locked(c, limits, letters, queued);
    }
    if (queued && on_queued_) on_queued_();
    return out;
}

FollowUpOutcome RegistrationStore::follow_up_locked(const FollowUpChange& c, const ResendLimits& limits,
                                                    const LettersFor<FollowUpOutcome>& letters, bool& queued) {
    Transaction t(db_);
    FollowUpOutcome out;
    Statement find(db_, "SELECT confirmed_at IS NOT NULL, confirm_expires_at, letters_sent, last_letter_at, "
                        "account, surname, given_name, patronymic, email, lang "
                        "FROM registrations WHERE handle_hash = ?1");
    find.bind(1, c.handle_hash);
    PendingLetters pending;
    if (find.step() == SQLITE_ROW) {
        pending.found = true;
        pending.confirmed = find.column_int(0) != 0;
        pending.expires_at = find.column_int(1);
        pending.letters_sent = static_cast<int>(find.column_int(2));
        pending.last_letter_at = find.column_int(3);
    }
    out.decision = decide_resend(limits, pending, unix_seconds(c.now));
    if (out.decision.verdict != ResendVerdict::Allowed) return out;
    out.account = find.column_text(4);
    out.surname = find.column_text(5);
    out.given_name = find.column_text(6);
    out.patronymic = find.column_text(7);
    out.email = c.new_email ? *c.new_email : find.column_text(8);
    out.lang = find.column_text(9);

    Statement set(db_, "UPDATE registrations SET confirm_token_hash = ?2, email = ?3, letters_sent = letters_sent + 1, "
                       "last_letter_at = ?4, confirm_expires_at = ?5 WHERE handle_hash = ?1");
    set.bind(1, c.handle_hash).bind(2, c.new_token_hash).bind(3, out.email).bind(4, unix_seconds(c.now))
        .bind(5, unix_seconds(c.new_expires)).expect_done();
    const auto mail = letters(out);
    queue(mail, c.now);
    t.commit();
    queued = !mail.empty();
    return out;
}

LinkState RegistrationStore::peek(const std::string& token_hash, TimePoint now) {
    std::lock_guard<std::mutex> lock(mutex_);
    return link_state(db_, token_hash, now);
}

LinkState RegistrationStore::confirm(const std::string& token_hash, TimePoint now) {
    std::lock_guard<std::mutex> lock(mutex_);
    LinkState state = link_state(db_, token_hash, now);
    if (state.result != ConfirmResult::Pending) return state;
    Statement set(db_, "UPDATE registrations SET confirmed_at = ?2 WHERE confirm_token_hash = ?1 AND confirmed_at IS NULL");
    set.bind(1, token_hash).bind(2, unix_seconds(now)).expect_done();
    state.result = sqlite3_changes(db_) == 1 ? ConfirmResult::Confirmed : ConfirmResult::AlreadyConfirmed;
    return state;
}

void RegistrationStore::queue(const std::vector<OutgoingLetter>& letters, TimePoint now) {
    for (const OutgoingLetter& l : letters) {
        if (l.kind == LetterKind::Confirmation) {
            Statement old(db_, "UPDATE letters SET state = 'obsolete', message = NULL "
                               "WHERE account = ?1 AND kind = 'confirmation' AND state = 'queued'");
            old.bind(1, l.account).expect_done();
        }
        Statement add(db_, "INSERT INTO letters (account, kind, recipient, message, state, queued_at, next_try_at) "
                           "VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?5)");
        add.bind(1, l.account).bind(2, std::string(kind_id(l.kind))).bind(3, l.recipient).bind(4, l.message)
            .bind(5, unix_ms(now)).expect_done();
    }
}

void RegistrationStore::on_queued(std::function<void()> listener) {
    std::lock_guard<std::mutex> lock(mutex_);
    on_queued_ = std::move(listener);
}

std::vector<QueuedLetter> RegistrationStore::due_letters(TimePoint now, int at_most) {
    std::lock_guard<std::mutex> lock(mutex_);
    Statement due(db_, "SELECT id, account, recipient, message, attempts, queued_at FROM letters "
                       "WHERE state = 'queued' AND next_try_at <= ?1 ORDER BY next_try_at, id LIMIT ?2");
    due.bind(1, unix_ms(now)).bind(2, static_cast<std::int64_t>(at_most));
    std::vector<QueuedLetter> out;
    while (due.step() == SQLITE_ROW)
        out.push_back({due.column_int(0), due.column_text(1), due.column_text(2), due.column_text(3),
                       static_cast<int>(due.column_int(4)), due.column_int(5)});
    return out;
}

std::optional<TimePoint> RegistrationStore::next_try() {
    std::lock_guard<std::mutex> lock(mutex_);
    Statement next(db_, "SELECT MIN(next_try_at) FROM letters WHERE state = 'queued'");
    if (next.step() != SQLITE_ROW || next.column_null(0)) return std::nullopt;
    return TimePoint(std::chrono::milliseconds(next.column_int(0)));
}

void RegistrationStore::record_delivery(std::int64_t letter_id, const DeliveryRecord& record, TimePoint now) {
    std::lock_guard<std::mutex> lock(mutex_);
    const LetterState state = record.decision.state;
    // A letter made obsolete while it was on its way keeps that state unless it arrived.
    Statement set(db_, "UPDATE letters SET state = ?2, attempts = attempts + 1, next_try_at = ?3, last_reply = ?4, "
                       "message = CASE WHEN ?2 = 'queued' THEN message ELSE NULL END "
                       "WHERE id = ?1 AND (state = 'queued' OR ?2 = 'sent')");
    set.bind(1, letter_id).bind(2, std::string(letter_state_id(state)))
        .bind(3, state == LetterState::Queued ? record.decision.next_try_at : unix_ms(now))
        .bind(4, record.last_reply).expect_done();
}

}  // namespace abon::server
