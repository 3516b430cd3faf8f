// abon/server/store.hpp — registrations in SQLite (WAL), so a restart keeps every one.
//
// - The UNIQUE constraint on `account` keeps one row per account; whether a later
//   registration replaces a pending one or is refused is the core's decision
//   (abon/follow_up.hpp), taken inside the transaction that applies it.
// - Only the argon2id hash of the password and BLAKE2b hashes of the confirmation token and
//   of the handle are stored; the token exists only in the letter, the handle only in the
//   201 answer.
// - Schema version 2 (PRAGMA user_version); a version 1 file is migrated in place when opened.
// - One connection behind a mutex: the demo's write rate is bounded by argon2id anyway.
#pragma once

#include "abon/follow_up.hpp"

#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

struct sqlite3;

namespace abon::server {

using TimePoint = std::chrono::system_clock::time_point;

struct NewRegistration {
    std::string account;            // canonical
    std::string surname, given_name, patronymic, email, lang;
    std::string password_hash;      // "$argon2id$…"
    std::string confirm_token_hash; // token_hash(token)
    std::string handle_hash;        // token_hash(handle)
    TimePoint created, confirm_expires;
};

enum class InsertResult { Inserted, Replaced, AccountTaken };

struct InsertOutcome {
    InsertResult result = InsertResult::AccountTaken;
    std::string replaced_email, replaced_lang;  // Replaced: where the notice goes
};

// What a link's token finds; `lang` is the registration's ("uk" when unknown).
enum class ConfirmResult { Pending, Confirmed, Unknown, AlreadyConfirmed, Expired };
struct LinkState {
    ConfirmResult result = ConfirmResult::Unknown;
    std::string lang = "uk";
};

// A follow-up letter: the core's decision and, when Allowed, what the letter needs.
struct FollowUpChange {
    std::string handle_hash;
    std::string new_token_hash;
    std::optional<std::string> new_email;  // change-email: the canonical address
    TimePoint now, new_expires;
};
struct FollowUpOutcome {
    ResendDecision decision;
    std::string account, surname, given_name, patronymic, email, lang;  // Allowed only
};

class RegistrationStore {
public:
    explicit RegistrationStore(const std::filesystem::path& database_file);  // creates or migrates the schema
    ~RegistrationStore();
    RegistrationStore(const RegistrationStore&) = delete;
    RegistrationStore& operator=(const RegistrationStore&) = delete;

    // A cheap pre-check (it saves an argon2id run); insert() decides for real.
    bool account_confirmed(const std::string& account);

    // In one transaction: expired pending registrations (every account's) go, then the
    // account's row decides — none: insert; pending: replace it; confirmed: refuse.
    InsertOutcome insert(const NewRegistration& r);

    // In one transaction: the handle's row, the core's decide_resend, and when allowed a new
    // token (every earlier link dies), the letter counted, the link's hours restarted.
    FollowUpOutcome follow_up(const FollowUpChange& change, const ResendLimits& limits);

    LinkState peek(const std::string& token_hash, TimePoint now);     // changes nothing
    LinkState confirm(const std::string& token_hash, TimePoint now);  // Confirmed at most once

private:
    std::mutex mutex_;
    sqlite3* db_ = nullptr;
};

}  // namespace abon::server
