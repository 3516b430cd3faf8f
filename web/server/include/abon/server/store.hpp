// abon/server/store.hpp — registrations in SQLite (WAL), so a restart keeps every one.
//
// - The UNIQUE constraint on `account` decides who registers an account first; there is
//   no check-then-insert anywhere that the answer depends on.
// - Only the argon2id hash of the password and a BLAKE2b hash of the confirmation token
//   are stored; the token itself exists only in the letter.
// - One connection behind a mutex: the demo's write rate is bounded by argon2id anyway.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

struct sqlite3;

namespace abon::server {

struct NewRegistration {
    std::string account;            // canonical
    std::string surname, given_name, patronymic, email, lang;
    std::string password_hash;      // "$argon2id$…"
    std::string confirm_token_hash; // token_hash(token)
    std::chrono::system_clock::time_point created, confirm_expires;
};

enum class InsertResult { Inserted, AccountTaken, Aborted };
enum class ConfirmResult { Confirmed, Unknown, AlreadyConfirmed, Expired };

class RegistrationStore {
public:
    explicit RegistrationStore(const std::filesystem::path& database_file);  // creates the schema
    ~RegistrationStore();
    RegistrationStore(const RegistrationStore&) = delete;
    RegistrationStore& operator=(const RegistrationStore&) = delete;

    // True when the account has a confirmed registration or a pending one not yet expired.
    bool account_taken(const std::string& account, std::chrono::system_clock::time_point now);

    // Inserts in one transaction, dropping an expired pending registration of the account
    // first. `before_commit` runs inside it (the letter is written there); false aborts.
    InsertResult insert(const NewRegistration& r, const std::function<bool()>& before_commit);

    ConfirmResult confirm(const std::string& token_hash, std::chrono::system_clock::time_point now);

private:
    std::mutex mutex_;
    sqlite3* db_ = nullptr;
};

}  // namespace abon::server
