#include "abon/server/mailer.hpp"

#include <fcntl.h>
#include <idn2.h>
#include <unistd.h>

#include "abon/server/secrets.hpp"

#include <sodium.h>

#include <ctime>
#include <fstream>
#include <stdexcept>

namespace abon::server {
namespace {

std::string base64(std::string_view bytes) {
    const int variant = sodium_base64_VARIANT_ORIGINAL;
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      variant);
    out.resize(out.find('\0'));
    return out;
}

std::size_t utf8_char_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead >> 5) == 0x6) return 2;
    if ((lead >> 4) == 0xE) return 3;
    return 4;
}

}  // namespace

std::string encode_header_word(std::string_view utf8) {
    // 45 octets → 60 base64 characters; with "=?UTF-8?B?" and "?=" a word stays under 75.
    // Words never split a character (RFC 2047 §5) and are folded with CRLF SP.
    std::string out;
    std::size_t start = 0;
    while (start < utf8.size()) {
        std::size_t end = start;
        while (end < utf8.size()) {
            const std::size_t len = utf8_char_length(static_cast<unsigned char>(utf8[end]));
            if (end + len - start > 45) break;
            end += len;
        }
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64(utf8.substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

std::string rfc5322_date(std::chrono::system_clock::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm utc{};
    gmtime_r(&tt, &utc);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &utc);  // C locale names
    return buf;
}

// The domain as its IDNA2008 A-label, so relays without SMTPUTF8 take the letter; an
// address libidn2 refuses stays as it is (the core has checked it already).
std::string ascii_domain(const std::string& address) {
    const auto at = address.rfind('@');
    if (at == std::string::npos) return address;
    const std::string domain = address.substr(at + 1);
    char* ascii = nullptr;
    if (idn2_to_ascii_8z(domain.c_str(), &ascii, IDN2_NONTRANSITIONAL) != IDN2_OK) return address;
    std::string out = address.substr(0, at + 1) + ascii;
    idn2_free(ascii);
    return out;
}

std::string compose_letter(const Letter& l, std::chrono::system_clock::time_point now) {
    std::string h;
    h += "From: " + encode_header_word(l.from_name) + " <" + ascii_domain(l.from_address) + ">\r\n";
    h += "To: <" + ascii_domain(l.to) + ">\r\n";
    h += "Subject: " + encode_header_word(l.subject) + "\r\n";
    h += "Date: " + rfc5322_date(now) + "\r\n";
    h += "Message-ID: <" + random_hex(16) + "@abon-demo.te.pl.ua>\r\n";
    h += "MIME-Version: 1.0\r\n";
    h += "Content-Type: text/plain; charset=UTF-8\r\n";
    h += "Content-Transfer-Encoding: 8bit\r\n";
    h += "Auto-Submitted: auto-generated\r\n";
    h += "\r\n";
    std::string crlf;
    for (char c : l.body) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    return h + crlf;
}

std::filesystem::path write_to_outbox(const std::filesystem::path& outbox, const std::string& account,
                                      const std::string& eml, std::chrono::system_clock::time_point now) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&tt, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
    const std::string name = std::string(stamp) + "-" + account + "-" + random_hex(4) + ".eml";
    const auto final_path = outbox / name;
    const auto temp_path = outbox / ("." + name + ".tmp");
    {
        // 0600 whatever the umask: the letter holds a name, an account and a live link.
        const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        bool ok = fd >= 0;
        for (std::size_t at = 0; ok && at < eml.size();) {
            const ssize_t n = ::write(fd, eml.data() + at, eml.size() - at);
            ok = n > 0;
            at += ok ? static_cast<std::size_t>(n) : 0;
        }
        if (fd >= 0) ok = ::close(fd) == 0 && ok;
        if (!ok) throw std::runtime_error("cannot write " + temp_path.string());
    }
    std::filesystem::rename(temp_path, final_path);
    return final_path;
}

std::filesystem::path send_letter(const ServerConfig& config, const std::string& to, const LetterWords& words,
                                  const std::string& account, std::chrono::system_clock::time_point now) {
    const Letter letter{to, config.sender, words.from_name, words.subject, words.body};
    return write_to_outbox(config.data_dir / "outbox", account, compose_letter(letter, now), now);
}

}  // namespace abon::server
