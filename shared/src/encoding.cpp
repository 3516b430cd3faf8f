// The payload on the wire (abon/payload.hpp, encode_payload): JSON with the amount in kopecks
// (spec §4) or as a decimal string, or form fields for a classic endpoint (spec §6b). Every
// encoding reads the one Payload, member by member; nothing is written to be read back.
#include "abon/amount.hpp"
#include "abon/json_io.hpp"
#include "abon/payload.hpp"

#include <charconv>
#include <string>
#include <vector>

namespace abon {
namespace {

struct Member {
    std::string_view key;
    std::string_view text;   // a string value (the amount: its wire text)
    bool amount = false;     // written as a number in JSON with kopecks
    bool captcha = false;    // the nested {token, answer}: flat in a form
};

// Sorted by key, the first or the last of equal keys kept: the order and the choice that
// nlohmann's std::map made when it wrote the payload, whatever the configured names.
void sort_keeping(std::vector<Member>& members, bool keep_last) {
    for (std::size_t i = 1; i < members.size(); ++i)  // an insertion sort: stable, and small code
        for (std::size_t j = i; j > 0 && members[j].key < members[j - 1].key; --j) std::swap(members[j], members[j - 1]);
    std::vector<Member> kept;
    for (std::size_t i = 0; i < members.size(); ++i) {
        if (keep_last && i + 1 < members.size() && members[i + 1].key == members[i].key) continue;
        if (!keep_last && i > 0 && members[i - 1].key == members[i].key) continue;
        kept.push_back(members[i]);
    }
    members.swap(kept);
}

// The CAPTCHA's {token, answer}; no token: the picture was the site's own, kept by its
// session (captcha_mode image). Equal names keep the token.
std::vector<Member> captcha_members(const Payload& p, const OutgoingNames& names) {
    std::vector<Member> m;
    if (!p.captcha_token.empty()) m.push_back({names.captcha_token, p.captcha_token});
    m.push_back({names.captcha_answer, p.input[Field::Captcha] ? std::string_view(*p.input[Field::Captcha]) : ""});
    sort_keeping(m, false);
    return m;
}

// application/x-www-form-urlencoded as the WHATWG URL standard serialises it: the bytes
// of * - . _ and ASCII letters and digits stay, a space becomes '+', the rest %XX.
void append_form_encoded(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (const char ch : text) {
        const auto b = static_cast<unsigned char>(ch);
        if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '*' ||
            b == '-' || b == '.' || b == '_') {
            out += ch;
        } else if (b == ' ') {
            out += '+';
        } else {
            out += '%';
            out += kHex[b >> 4];
            out += kHex[b & 0xF];
        }
    }
}

}  // namespace

EncodedBody encode_payload(const Payload& p, const WidgetConfig& config) {
    const OutgoingNames& names = config.names;
    const auto text = [&](Field f) { return p.input[f] ? std::string_view(*p.input[f]) : std::string_view(); };
    std::string amount;
    if (p.kopecks) {
        if (config.amount_format == AmountFormat::Decimal) {
            amount = format_kopecks_decimal(*p.kopecks);
        } else {
            char digits[24];
            amount.assign(digits, std::to_chars(digits, digits + sizeof digits, *p.kopecks).ptr);
        }
    }
    std::vector<Member> members = {
        {names.surname, text(Field::Surname)}, {names.given_name, text(Field::GivenName)},
        {names.patronymic, text(Field::Patronymic)}, {names.account, text(Field::Account)},
        {names.password, text(Field::Password)}, {names.email, text(Field::Email)},
        {names.captcha, {}, false, true}};
    if (p.kopecks) members.push_back({names.last_payment, amount, config.amount_format == AmountFormat::Kopecks});
    members.push_back({names.lang, p.lang == Lang::Uk ? "uk" : "en"});  // last: of equal names, the later wins
    sort_keeping(members, true);
    const std::vector<Member> captcha = captcha_members(p, names);

    // Room for it all at once: a buffer outgrown would be freed with the password in it.
    std::size_t room = 64;
    for (const Member& m : members) room += 6 * (m.key.size() + m.text.size()) + 8;
    for (const Member& m : captcha) room += 6 * (m.key.size() + m.text.size()) + 8;

    EncodedBody out;
    if (config.encoding == BodyEncoding::Form) {
        out.content_type = "application/x-www-form-urlencoded";
        out.body.reserve(room);
        const auto add = [&](const Member& m) {
            if (!out.body.empty()) out.body += '&';
            append_form_encoded(out.body, m.key);
            out.body += '=';
            append_form_encoded(out.body, m.text);
        };
        for (const Member& m : members) {
            if (!m.captcha) add(m);
            else for (const Member& c : captcha) add(c);  // flat: the CAPTCHA's members are fields of their own
        }
        return out;
    }

    out.content_type = "application/json";
    JsonWriter json;
    json.buffer().reserve(room);
    json.begin_object();
    for (const Member& m : members) {
        json.key(m.key);
        if (m.captcha) {
            json.begin_object();
            for (const Member& c : captcha) json.member(c.key, c.text);
            json.end_object();
        } else if (m.amount) {
            json.value(*p.kopecks);
        } else {
            json.value(m.text);
        }
    }
    json.end_object();
    out.body = json.take();
    return out;
}

}  // namespace abon
