#include "abon/server/mailer.hpp"

#include <fcntl.h>
#include <idn2.h>
#include <unistd.h>

#include "abon/server/secrets.hpp"

#include <curl/curl.h>
#include <sodium.h>

#include <algorithm>
#include <ctime>
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
    const std::string from = ascii_domain(l.from_address);
    h += "Message-ID: <" + random_hex(16) + "@" + from.substr(from.rfind('@') + 1) + ">\r\n";
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

OutgoingLetter make_letter(const ServerConfig& config, const std::string& to, const LetterWords& words,
                           const std::string& account, LetterKind kind, std::chrono::system_clock::time_point now) {
    const Letter letter{to, config.sender, words.from_name, words.subject, words.body};
    return {account, kind, ascii_domain(to), compose_letter(letter, now)};
}

// [SECTION] The mailer --------------------------------------------------------------------

struct Mailer::Transport {
    struct Result {
        DeliveryTry attempt;
        std::string reply;  // the server's last line (stored with the letter; it may name the address)
        std::string error;  // what went wrong, in the transport's words (logged: no address in it)
    };
    virtual ~Transport() = default;
    virtual Result send(const QueuedLetter& letter, const std::string& message) = 0;  // the signed message
};

namespace {

// Development: the letter becomes a file, as a mail server would have taken it.
struct OutboxTransport final : Mailer::Transport {
    std::filesystem::path folder;
    Clock clock;
    OutboxTransport(std::filesystem::path f, Clock c) : folder(std::move(f)), clock(std::move(c)) {}
    Result send(const QueuedLetter& letter, const std::string& message) override {
        try {
            return {{250, true}, "250 written to " + write_to_outbox(folder, letter.account, message, clock()).filename().string(), ""};
        } catch (const std::exception& e) {
            return {{}, e.what(), "cannot write the outbox file"};  // a full disk: tried again later
        }
    }
};

// SMTP through libcurl: STARTTLS when offered (or required), AUTH when configured, one
// connection per letter (a restarted server never meets a stale one).
struct SmtpTransport final : Mailer::Transport {
    const MailConfig& mail;
    std::string envelope_from;
    const std::atomic<bool>& stopping;
    CURL* curl = curl_easy_init();
    std::string last_line;

    SmtpTransport(const MailConfig& m, const std::string& sender, const std::atomic<bool>& stop)
        : mail(m), envelope_from("<" + ascii_domain(sender) + ">"), stopping(stop) {
        if (!curl) throw std::runtime_error("cannot start libcurl");
    }
    ~SmtpTransport() override { curl_easy_cleanup(curl); }

    // The server's lines only (what the client sends, AUTH included, is never kept).
    static int on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* self) {
        if (type != CURLINFO_HEADER_IN) return 0;
        std::string line(data, size);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
        if (line.rfind("221", 0) != 0)  // QUIT's goodbye says nothing about the letter
            static_cast<SmtpTransport*>(self)->last_line = line.substr(0, 300);
        return 0;
    }
    static int on_progress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
        return static_cast<SmtpTransport*>(self)->stopping.load() ? 1 : 0;  // a stop cuts the try short
    }
    struct Upload {
        const std::string& text;
        std::size_t at = 0;
    };
    static std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* upload) {
        auto* u = static_cast<Upload*>(upload);
        const std::size_t n = std::min(size * count, u->text.size() - u->at);
        std::copy_n(u->text.data() + u->at, n, buffer);
        u->at += n;
        return n;
    }

    Result send(const QueuedLetter& letter, const std::string& message) override {
        curl_easy_reset(curl);
        last_line.clear();
        Upload upload{message};
        const std::string rcpt = "<" + letter.recipient + ">";
        curl_slist* recipients = curl_slist_append(nullptr, rcpt.c_str());
        char error[CURL_ERROR_SIZE] = "";
        curl_easy_setopt(curl, CURLOPT_URL, mail.smtp_url.c_str());
        curl_easy_setopt(curl, CURLOPT_MAIL_FROM, envelope_from.c_str());
        curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, &on_read);
        curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
        curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(mail.tls_required ? CURLUSESSL_ALL : CURLUSESSL_TRY));
        if (!mail.user.empty()) {
            curl_easy_setopt(curl, CURLOPT_USERNAME, mail.user.c_str());
            curl_easy_setopt(curl, CURLOPT_PASSWORD, mail.password.c_str());
        }
        if (!mail.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, mail.ca_file.c_str());
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(mail.timeout.count()));
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L);
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
        curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);  // only to hand the server's lines to on_debug
        curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, &on_debug);
        curl_easy_setopt(curl, CURLOPT_DEBUGDATA, this);
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &on_progress);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, this);
        const CURLcode rc = curl_easy_perform(curl);
        long code = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
        curl_slist_free_all(recipients);
        // libcurl's error buffer names the step and the code ("RCPT failed: 550"), never an address.
        return {{static_cast<int>(code), rc == CURLE_OK}, last_line,
                rc == CURLE_OK ? std::string() : std::string(error[0] ? error : curl_easy_strerror(rc))};
    }
};

std::int64_t unix_ms(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

Mailer::Mailer(const ServerConfig& config, RegistrationStore& store) : config_(config), store_(store) {
    const MailConfig& m = config.mail;
    if (!m.dkim_key.empty()) signer_ = std::make_unique<DkimSigner>(m.dkim_domain, m.dkim_selector, m.dkim_key);
    const bool outbox = m.smtp_url.empty();
    if (outbox) {
        transport_ = std::make_unique<OutboxTransport>(config.data_dir / "outbox", config.clock);
        store_.on_queued([this] {
            try {
                deliver_due();
            } catch (const std::exception& e) {  // the row is committed: the worker tries again
                config_.log(std::string("error: mail queue: ") + e.what());
                wake();
            }
        });
    } else {
        static const CURLcode curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT);  // once, before any thread uses curl
        if (curl_ready != CURLE_OK) throw std::runtime_error("cannot start libcurl");
        transport_ = std::make_unique<SmtpTransport>(m, config.sender, stopping_);
        store_.on_queued([this] { wake(); });
    }
    worker_ = std::thread([this] { run(); });
}

Mailer::~Mailer() {
    store_.on_queued({});
    stopping_ = true;
    wake();
    worker_.join();
}

void Mailer::wake() {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
    wakeup_.notify_one();
}

void Mailer::run() {
    while (!stopping_) {
        try {
            deliver_due();
        } catch (const std::exception& e) {
            config_.log(std::string("error: mail queue: ") + e.what());
        }
        std::optional<TimePoint> next;
        try {
            next = store_.next_try();
        } catch (const std::exception&) {
            next = config_.clock() + std::chrono::seconds(1);
        }
        std::unique_lock<std::mutex> lock(mutex_);
        auto ready = [this] { return woken_ || stopping_; };
        if (next)
            wakeup_.wait_for(lock, std::max<std::chrono::system_clock::duration>(*next - config_.clock(), {}), ready);
        else
            wakeup_.wait(lock, ready);
        woken_ = false;
    }
}

void Mailer::deliver_due() {
    std::lock_guard<std::mutex> one_pass(delivering_);
    // One letter at a time, read afresh: one made obsolete meanwhile is never sent.
    for (;;) {
        const auto due = store_.due_letters(config_.clock(), 1);
        if (due.empty()) return;
        for (const QueuedLetter& letter : due) {
            if (stopping_) return;
            Transport::Result r;
            try {
                r = transport_->send(letter, signer_ ? signer_->sign(letter.message) : letter.message);
            } catch (const std::exception& e) {
                r.reply = r.error = e.what();  // a signing failure: kept and tried again
            }
            const auto now = config_.clock();
            const DeliveryDecision decision = decide_delivery(config_.mail.retry, r.attempt, letter.attempts,
                                                              letter.queued_at, unix_ms(now));
            const std::string stored = r.error.empty() ? r.reply : r.reply.empty() ? r.error : r.error + "; server: " + r.reply;
            store_.record_delivery(letter.id, {decision, stored}, now);
            // The log names the letter by its row, never by address or account.
            std::string line = "mail: letter " + std::to_string(letter.id) + " " + letter_state_id(decision.state) +
                               " after try " + std::to_string(letter.attempts + 1) + " (" +
                               (r.attempt.reply_code ? std::to_string(r.attempt.reply_code) : std::string("no reply")) + ")";
            if (!r.error.empty()) line += ": " + r.error;
            if (decision.state == LetterState::Queued)
                line += ", next try in " + std::to_string((decision.next_try_at - unix_ms(now) + 999) / 1000) + " s";
            config_.log(line);
        }
    }
}

}  // namespace abon::server
