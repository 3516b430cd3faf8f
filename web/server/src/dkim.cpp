// DKIM signing through libopendkim (the library of the OpenDKIM milter): it canonicalises
// and hashes; this file only splits the message into header fields and body.
#include "abon/server/mailer.hpp"

// dkim.h is C99: its _Bool is C++'s bool (the same type in the x86-64 and AArch64 ABIs).
#define _Bool bool
#include <opendkim/dkim.h>
#undef _Bool

#include <cctype>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace abon::server {
namespace {

// The signed fields; From is listed again to oversign it (RFC 6376 §8.15).
const char* kSignedHeaders[] = {"from", "to", "subject", "date", "message-id", "mime-version", "content-type",
                                "content-transfer-encoding", "auto-submitted", nullptr};
const char* kOversignedHeaders[] = {"from", nullptr};

std::string crlf_only(const unsigned char* text, std::size_t len) {
    std::string out;
    for (std::size_t i = 0; i < len; ++i) {
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
        out += static_cast<char>(text[i]);
    }
    return out;
}

// The decoded length of the b= tag: an RSA signature is as long as the key's modulus.
std::size_t signature_bytes(const std::string& header) {
    const auto b = header.find("b=", header.find("bh=") + 3);
    if (b == std::string::npos) return 0;
    std::size_t chars = 0, pad = 0;
    for (std::size_t i = b + 2; i < header.size() && header[i] != ';'; ++i) {
        const char c = header[i];
        if (c == '=') ++pad;
        else if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/') ++chars;
    }
    return (chars + pad) / 4 * 3 - pad;
}

}  // namespace

struct DkimSigner::Lib {
    DKIM_LIB* lib = dkim_init(nullptr, nullptr);
    ~Lib() {
        if (lib) dkim_close(lib);
    }
};

DkimSigner::DkimSigner(std::string domain, std::string selector, std::string pem_key)
    : lib_(std::make_unique<Lib>()), domain_(std::move(domain)), selector_(std::move(selector)), key_(std::move(pem_key)) {
    if (!lib_->lib) throw std::runtime_error("DKIM: cannot start libopendkim");
    if (dkim_options(lib_->lib, DKIM_OP_SETOPT, DKIM_OPTS_SIGNHDRS, kSignedHeaders, sizeof(char**)) != DKIM_STAT_OK ||
        dkim_options(lib_->lib, DKIM_OP_SETOPT, DKIM_OPTS_OVERSIGNHDRS, kOversignedHeaders, sizeof(char**)) != DKIM_STAT_OK)
        throw std::runtime_error("DKIM: cannot set the signed header list");
    const std::string probe = sign("From: <a@" + domain_ + ">\r\nSubject: probe\r\n\r\nprobe\r\n");
    if (signature_bytes(probe) < 256) throw std::runtime_error("ABON_DKIM_KEY: an RSA key of at least 2048 bits is needed");
}

DkimSigner::~DkimSigner() = default;

std::string DkimSigner::sign(const std::string& message) const {
    DKIM_STAT status = DKIM_STAT_OK;
    DKIM* dkim = dkim_sign(lib_->lib, reinterpret_cast<const unsigned char*>("abon"), nullptr,
                           reinterpret_cast<dkim_sigkey_t>(const_cast<char*>(key_.c_str())),
                           reinterpret_cast<const unsigned char*>(selector_.c_str()),
                           reinterpret_cast<const unsigned char*>(domain_.c_str()), DKIM_CANON_RELAXED,
                           DKIM_CANON_RELAXED, DKIM_SIGN_RSASHA256, -1, &status);
    if (!dkim) throw std::runtime_error(std::string("DKIM: ") + dkim_getresultstr(status));
    struct Free {
        DKIM* d;
        ~Free() { dkim_free(d); }
    } free_later{dkim};
    auto check = [&](DKIM_STAT st, const char* step) {
        if (st != DKIM_STAT_OK) {
            const char* why = dkim_geterror(dkim);
            throw std::runtime_error(std::string("DKIM ") + step + ": " + (why ? why : dkim_getresultstr(st)));
        }
    };

    const std::size_t head_end = message.find("\r\n\r\n");
    if (head_end == std::string::npos) throw std::runtime_error("DKIM: the message has no body");
    // Header fields end at a CRLF not followed by a space or tab (a folded line goes on).
    std::vector<std::string> fields;
    for (std::size_t at = 0; at < head_end + 2;) {
        std::size_t end = message.find("\r\n", at);
        while (end + 2 < head_end + 2 && (message[end + 2] == ' ' || message[end + 2] == '\t'))
            end = message.find("\r\n", end + 2);
        fields.push_back(message.substr(at, end - at));
        at = end + 2;
    }
    for (std::string& f : fields) check(dkim_header(dkim, reinterpret_cast<u_char*>(f.data()), f.size()), "header");
    check(dkim_eoh(dkim), "end of header");
    std::string body = message.substr(head_end + 4);
    check(dkim_body(dkim, reinterpret_cast<u_char*>(body.data()), body.size()), "body");
    check(dkim_eom(dkim, nullptr), "end of message");
    const std::string name = "DKIM-Signature: ";
    u_char* value = nullptr;
    std::size_t len = 0;
    check(dkim_getsighdr_d(dkim, name.size(), &value, &len), "signature");
    return name + crlf_only(value, len) + "\r\n" + message;
}

}  // namespace abon::server
