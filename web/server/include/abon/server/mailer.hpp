// abon/server/mailer.hpp — a letter framed as RFC 5322, queued with the change it is about,
// DKIM-signed and delivered by one worker: over SMTP (libcurl) or, without ABON_SMTP_URL,
// into the outbox folder as an .eml file.
//
// Index
//   [SECTION] Framing (the core's words, abon/letters.hpp, become a message)
//   [SECTION] DKIM (libopendkim)
//   [SECTION] The mailer: the queue's worker
//
// - RFC 5322 headers with CRLF line ends; the Subject and sender name are RFC 2047
//   encoded-words; the body is UTF-8 text, 8bit (every line is far below 998 octets).
// - What a reply means (sent, tried again later, final) is the core's (abon/delivery.hpp).
// - Delivery is at least once: a connection lost after the data's last dot but before the
//   server's 250 leaves the letter queued, and it is sent again.
#pragma once

#include "abon/letters.hpp"
#include "abon/server/config.hpp"
#include "abon/server/store.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace abon::server {

// [SECTION] Framing
struct Letter {
    std::string to;            // the canonical email
    std::string from_address;  // ServerConfig::sender
    std::string from_name;     // UTF-8 display name
    std::string subject;       // UTF-8
    std::string body;          // UTF-8, '\n' line ends
};

std::string encode_header_word(std::string_view utf8);  // RFC 2047 B-words, folded
std::string rfc5322_date(std::chrono::system_clock::time_point t);
std::string compose_letter(const Letter& letter, std::chrono::system_clock::time_point now);
std::string ascii_domain(const std::string& address);  // user@пошта.укр → user@xn--80a1acny.xn--j1amh

// The core's words from config.sender to `to`, framed for the queue.
OutgoingLetter make_letter(const ServerConfig& config, const std::string& to, const LetterWords& words,
                           const std::string& account, LetterKind kind, std::chrono::system_clock::time_point now);

// Writes atomically (a temporary name, then rename), 0600, and returns the file's path; throws on failure.
std::filesystem::path write_to_outbox(const std::filesystem::path& outbox, const std::string& account,
                                      const std::string& eml, std::chrono::system_clock::time_point now);

// [SECTION] DKIM
// rsa-sha256, relaxed/relaxed, over From (twice, so no second From can be added), To,
// Subject, Date, Message-ID, MIME-Version, Content-Type, Content-Transfer-Encoding and
// Auto-Submitted. The constructor signs a probe and throws on a bad or short (< 2048-bit) key.
class DkimSigner {
public:
    DkimSigner(std::string domain, std::string selector, std::string pem_key);
    ~DkimSigner();
    DkimSigner(const DkimSigner&) = delete;
    DkimSigner& operator=(const DkimSigner&) = delete;

    std::string sign(const std::string& message) const;  // the message with its DKIM-Signature first

private:
    struct Lib;
    std::unique_ptr<Lib> lib_;
    std::string domain_, selector_, key_;
};

// [SECTION] The mailer
// One worker thread takes due letters from the store, signs them, hands them over and records
// the decision. The store wakes it after each commit that queued a letter; with the outbox
// (no ABON_SMTP_URL) that commit's thread writes the files itself, so a letter is on disk
// when the answer leaves. Letters left queued by a stop go out when the next one starts.
class Mailer {
public:
    Mailer(const ServerConfig& config, RegistrationStore& store);  // starts the worker
    ~Mailer();                                                     // stops it (a try under way is cut short)
    Mailer(const Mailer&) = delete;
    Mailer& operator=(const Mailer&) = delete;

    struct Transport;  // where a letter goes: SMTP or the outbox

private:
    void run();
    void wake();
    void deliver_due();

    const ServerConfig& config_;
    RegistrationStore& store_;
    std::unique_ptr<DkimSigner> signer_;
    std::unique_ptr<Transport> transport_;
    std::mutex delivering_;  // one delivery pass at a time
    std::mutex mutex_;
    std::condition_variable wakeup_;
    bool woken_ = false;
    std::atomic<bool> stopping_{false};
    std::thread worker_;
};

}  // namespace abon::server
