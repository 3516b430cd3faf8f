// abon/server/mailer.hpp — the confirmation letter, written to the outbox as an .eml file.
//
// - RFC 5322 headers with CRLF line ends; the Ukrainian Subject and sender name are RFC 2047
//   encoded-words; the body is UTF-8 text, 8bit (every line is far below 998 octets).
// - The letter carries the seed's advice: look in the spam folder and mark it «Не спам».
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

namespace abon::server {

struct Letter {
    std::string to;            // the canonical email
    std::string holder;        // «Шевченко Тарас Григорович»
    std::string account;       // canonical
    std::string confirm_url;   // http://…/api/confirm?token=…
    int valid_hours = 48;
};

std::string encode_header_word(std::string_view utf8);  // RFC 2047 B-words, folded
std::string rfc5322_date(std::chrono::system_clock::time_point t);
std::string compose_letter(const Letter& letter, std::chrono::system_clock::time_point now);
std::string ascii_domain(const std::string& address);  // user@пошта.укр → user@xn--80a1acny.xn--j1amh

// Writes atomically (a temporary name, then rename) and returns the file's path; throws on failure.
std::filesystem::path write_to_outbox(const std::filesystem::path& outbox, const std::string& account,
                                      const std::string& eml, std::chrono::system_clock::time_point now);

}  // namespace abon::server
