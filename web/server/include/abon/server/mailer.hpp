// abon/server/mailer.hpp — a letter framed as an .eml file and written to the outbox.
//
// - RFC 5322 headers with CRLF line ends; the Subject and sender name are RFC 2047
//   encoded-words; the body is UTF-8 text, 8bit (every line is far below 998 octets).
// - The words are the core's (abon/letters.hpp); only the framing lives here.
#pragma once

#include "abon/letters.hpp"
#include "abon/server/config.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

namespace abon::server {

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

// Writes atomically (a temporary name, then rename) and returns the file's path; throws on failure.
std::filesystem::path write_to_outbox(const std::filesystem::path& outbox, const std::string& account,
                                      const std::string& eml, std::chrono::system_clock::time_point now);

// The core's words from config.sender to `to`, framed and written to the outbox; call it
// only once the row change the letter is about has been committed.
std::filesystem::path send_letter(const ServerConfig& config, const std::string& to, const LetterWords& words,
                                  const std::string& account, std::chrono::system_clock::time_point now);

}  // namespace abon::server
