// The letter queue in the store (issue 22): letters join the transaction that causes them,
// a newer confirmation makes the account's queued ones obsolete, and a letter's text leaves
// the file with it. The delivery itself, with a real SMTP server, is tests/server/test_mail.py.
#include "server_fixture.hpp"

#include "abon/server/store.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <stdexcept>

using namespace abon::test;
using namespace abon::server;

namespace {

const TimePoint kT0{std::chrono::seconds(1'760'000'000)};

NewRegistration registration(const std::string& account, const std::string& token_hash) {
    NewRegistration r;
    r.account = account;
    r.surname = "Шевченко";
    r.given_name = "Тарас";
    r.patronymic = "Григорович";
    r.email = "taras.test@ukr.net";
    r.lang = "uk";
    r.password_hash = "$argon2id$x";
    r.confirm_token_hash = token_hash;
    r.handle_hash = "h" + token_hash;
    r.created = kT0;
    r.confirm_expires = kT0 + std::chrono::hours(48);
    return r;
}

OutgoingLetter letter(const std::string& account, LetterKind kind, const std::string& text) {
    return {account, kind, "taras.test@ukr.net", "Subject: x\r\n\r\n" + text + "\r\n"};
}

// Each insert queues its confirmation, and a notice when it replaced a pending registration.
LettersFor<InsertOutcome> letters_for(const std::string& account, const std::string& text) {
    return [=](const InsertOutcome& o) {
        std::vector<OutgoingLetter> out{letter(account, LetterKind::Confirmation, text)};
        if (o.result == InsertResult::Replaced) out.push_back(letter(account, LetterKind::ReplacedNotice, "notice"));
        return out;
    };
}

std::vector<std::string> column(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    std::vector<std::string> out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW) {
            const auto* text = sqlite3_column_text(st, 0);
            out.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
        }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

}  // namespace

TEST_CASE("A letter joins its registration's transaction: when queueing fails, nothing is stored") {
    TempDir dir;
    RegistrationStore store(dir.path() / "db.sqlite");
    const auto failing = [](const InsertOutcome&) -> std::vector<OutgoingLetter> { throw std::runtime_error("disk full"); };
    CHECK_THROWS(store.insert(registration("1-234-56-7", std::string(64, 'a')), failing));
    CHECK(column(dir.path() / "db.sqlite", "SELECT account FROM registrations").empty());
    // Had the first row stayed, this one would replace it.
    CHECK(store.insert(registration("1-234-56-7", std::string(64, 'b')), letters_for("1-234-56-7", "b")).result ==
          InsertResult::Inserted);
    CHECK(store.due_letters(kT0, 10).size() == 1);
}

TEST_CASE("A newer confirmation makes the account's queued ones obsolete, not its notices nor other accounts'") {
    TempDir dir;
    const auto file = dir.path() / "db.sqlite";
    RegistrationStore store(file);
    int woken = 0;
    store.on_queued([&] { ++woken; });
    store.insert(registration("1-234-56-7", std::string(64, 'a')), letters_for("1-234-56-7", "first"));
    store.insert(registration("2-345-67-8", std::string(64, 'b')), letters_for("2-345-67-8", "other"));
    store.insert(registration("1-234-56-7", std::string(64, 'c')), letters_for("1-234-56-7", "second"));  // replaces
    CHECK(woken == 3);
    CHECK(column(file, "SELECT state FROM letters ORDER BY id") ==
          std::vector<std::string>{"obsolete", "queued", "queued", "queued"});
    CHECK(column(file, "SELECT message FROM letters WHERE state = 'obsolete'") == std::vector<std::string>{"NULL"});
    const auto due = store.due_letters(kT0, 10);
    REQUIRE(due.size() == 3);
    CHECK(due[0].message.find("other") != std::string::npos);
    CHECK(due[1].message.find("second") != std::string::npos);
    CHECK(due[2].message.find("notice") != std::string::npos);
}

TEST_CASE("A try's decision is kept: a retry waits, a sent letter loses its text, an obsolete one stays so") {
    TempDir dir;
    const auto file = dir.path() / "db.sqlite";
    RegistrationStore store(file);
    store.insert(registration("1-234-56-7", std::string(64, 'a')), letters_for("1-234-56-7", "first"));
    const QueuedLetter first = store.due_letters(kT0, 10).at(0);

    const std::int64_t later = first.queued_at + 30'000;
    store.record_delivery(first.id, {{abon::LetterState::Queued, later}, "451 4.3.0 Try again later"}, kT0);
    CHECK(store.due_letters(kT0, 10).empty());
    CHECK(store.next_try() == TimePoint(std::chrono::milliseconds(later)));
    REQUIRE(store.due_letters(TimePoint(std::chrono::milliseconds(later)), 10).size() == 1);
    CHECK(store.due_letters(TimePoint(std::chrono::milliseconds(later)), 10)[0].attempts == 1);

    // While the second try is under way, a resend makes the first letter obsolete.
    store.follow_up({"h" + std::string(64, 'a'), std::string(64, 'd'), std::nullopt, kT0, kT0 + std::chrono::hours(48)},
                    {3, 0}, [](const FollowUpOutcome& o) {
                        return std::vector<OutgoingLetter>{letter(o.account, LetterKind::Confirmation, "resent")};
                    });
    store.record_delivery(first.id, {{abon::LetterState::Queued, later + 60'000}, "451 again"}, kT0);
    CHECK(column(file, "SELECT state FROM letters WHERE id = " + std::to_string(first.id)) ==
          std::vector<std::string>{"obsolete"});

    const QueuedLetter resent = store.due_letters(kT0, 10).at(0);
    store.record_delivery(resent.id, {{abon::LetterState::Sent, 0}, "250 2.0.0 Ok"}, kT0);
    CHECK(column(file, "SELECT state || ' ' || attempts || ' ' || last_reply || ' ' || (message IS NULL) FROM letters "
                       "WHERE id = " + std::to_string(resent.id)) == std::vector<std::string>{"sent 1 250 2.0.0 Ok 1"});
    CHECK_FALSE(store.next_try());
}
