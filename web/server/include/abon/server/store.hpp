// abon/server/store.hpp — registrations in SQLite (WAL), so a restart keeps every one.
//
// - The UNIQUE constraint on `account` keeps one row per account; whether a later
//   registration replaces a pending one or is refused is the core's decision
//   (abon/follow_up.hpp), taken inside the transaction that applies it.
// - Only the argon2id hash of the password and BLAKE2b hashes of the confirmation token and
//   of the handle are stored; the token exists only in the letter, the handle only in the
//   201 answer.
// - Letters wait in the same file (table `letters`), queued in the transaction that causes
//   them, until the mailer has delivered them; a queued letter's text (it holds a live link)
//   is dropped once it is sent, failed or obsolete, its history (attempts, last reply) kept.
// - Schema version 3 (PRAGMA user_version); older files are migrated in place when opened.
// - One connection behind a mutex: the demo's write rate is bounded by argon2id anyway.
#pragma once

#include "abon/delivery.hpp"
#include "abon/follow_up.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

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

// A letter to queue: composed, not yet signed (the mailer signs it when it goes out).
enum class LetterKind { Confirmation, ReplacedNotice };
struct OutgoingLetter {
    std::string account;    // the registration it belongs to
    LetterKind kind = LetterKind::Confirmation;
    std::string recipient;  // the envelope's RCPT TO (A-label domain)
    std::string message;    // RFC 5322, CRLF line ends
};
// A queued letter as the mailer reads it.
struct QueuedLetter {
    std::int64_t id = 0;
    std::string account, recipient, message;
    int attempts = 0;            // tries so far
    std::int64_t queued_at = 0;  // Unix ms
};
// What one try did: the decision (abon/delivery.hpp) and the server's last reply line.
struct DeliveryRecord {
    DeliveryDecision decision;
    std::string last_reply;
};

// Called with the outcome inside the transaction; the letters it returns are queued there.
template <class Outcome>
using LettersFor = std::function<std::vector<OutgoingLetter>(const Outcome&)>;

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
    // The letters (confirmation, notice to a replaced registration's address) join the transaction.
    InsertOutcome insert(const NewRegistration& r, const LettersFor<InsertOutcome>& letters);

    // In one transaction: the handle's row, the core's decide_resend, and when allowed a new
    // token (every earlier link dies), the letter counted, the link's hours restarted.
    // The letter is queued in the same transaction (only when Allowed).
    FollowUpOutcome follow_up(const FollowUpChange& change, const ResendLimits& limits,
                              const LettersFor<FollowUpOutcome>& letters);

    LinkState peek(const std::string& token_hash, TimePoint now);     // changes nothing
    LinkState confirm(const std::string& token_hash, TimePoint now);  // Confirmed at most once

    // [The letter queue] A queued confirmation makes the account's earlier queued ones obsolete
    // (their links are dead). `on_queued` runs after each commit that queued letters.
    void on_queued(std::function<void()> listener);
    std::vector<QueuedLetter> due_letters(TimePoint now, int at_most);  // oldest first
    std::optional<TimePoint> next_try();  // the earliest queued letter's next try, if any
    // A decision for a letter that turned obsolete meanwhile changes nothing but a Sent.
    void record_delivery(std::int64_t letter_id, const DeliveryRecord& record, TimePoint now);

private:
    InsertOutcome insert_locked(const NewRegistration& r, const LettersFor<InsertOutcome>& letters, bool& queued);
    FollowUpOutcome follow_up_locked(const FollowUpChange& c, const ResendLimits& limits,
                                     const LettersFor<FollowUpOutcome>& letters, bool& queued);
    void queue(const std::vector<OutgoingLetter>& letters, TimePoint now);  // inside a transaction

    std::mutex mutex_;
    std::function<void()> on_queued_;
    sqlite3* db_ = nullptr;
};

}  // namespace abon::server
