// The payload on the wire for each encoding, and the CAPTCHA picture at a fixed URL
// (spec §6b): a classic endpoint reads form fields and keeps the CAPTCHA in its session.
#include "abon/amount.hpp"
#include "abon/payload.hpp"

#include <string>

namespace abon {
namespace {

using nlohmann::json;

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

// The wire text of one value: strings as they are, the amount as configured.
std::string wire_text(const json& value, bool is_amount, AmountFormat format) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_integer()) {
        const auto n = value.get<std::int64_t>();
        return is_amount && format == AmountFormat::Decimal ? format_kopecks_decimal(n) : std::to_string(n);
    }
    return value.dump();
}

std::size_t encoded_bound(const json& payload) {  // room enough that the body never reallocates
    auto bound = [](const std::string& key, const json& value) {
        return 3 * key.size() + 2 + 3 * (value.is_string() ? value.get_ref<const std::string&>().size() : 32);
    };
    std::size_t n = 0;
    for (const auto& [key, value] : payload.items()) {
        if (!value.is_object()) n += bound(key, value);
        else for (const auto& [k, v] : value.items()) n += bound(k, v);
    }
    return n;
}

}  // namespace

EncodedBody encode_payload(const json& payload, const WidgetConfig& config) {
    const std::string& amount_key = config.names.last_payment;
    if (config.encoding == BodyEncoding::Json) {
        EncodedBody out{"application/json", {}};
        const auto amount = payload.find(amount_key);
        if (config.amount_format == AmountFormat::Kopecks || amount == payload.end() || !amount->is_number_integer()) {
            out.body = payload.dump();
            return out;
        }
        json copy = payload;
        copy[amount_key] = format_kopecks_decimal(amount->get<std::int64_t>());
        out.body = copy.dump();
        if (auto pw = copy.find(config.names.password); pw != copy.end() && pw->is_string())
            wipe(pw->get_ref<std::string&>());  // the copy held the password too
        return out;
    }

    // Form fields, flat: the CAPTCHA object's members become fields of their own. The body
    // is reserved once, so no shorter copy of it (and of the password) is freed on the way.
    EncodedBody out{"application/x-www-form-urlencoded", {}};
    out.body.reserve(encoded_bound(payload));
    auto add = [&](const std::string& key, const json& value) {
        if (!out.body.empty()) out.body += '&';
        append_form_encoded(out.body, key);
        out.body += '=';
        std::string text = wire_text(value, key == amount_key, config.amount_format);
        append_form_encoded(out.body, text);
        wipe(text);
    };
    for (const auto& [key, value] : payload.items()) {
        if (value.is_object()) {
            for (const auto& [k, v] : value.items()) add(k, v);
        } else {
            add(key, value);
        }
    }
    return out;
}

CaptchaChallenge image_challenge(std::string_view picture_url, const WidgetConfig& config, std::uint32_t nonce) {
    const std::size_t hash = picture_url.find('#');
    const std::string_view base = picture_url.substr(0, hash);
    std::string url(base);
    if (base.find('?') == std::string_view::npos) url += '?';
    else if (base.back() != '?' && base.back() != '&') url += '&';
    url += "abon=" + std::to_string(nonce);
    if (hash != std::string_view::npos) url += picture_url.substr(hash);
    CaptchaChallenge c;
    c.image_url = std::move(url);
    c.length = config.rules.captcha_length.value_or(0);
    c.expires_in = 0;
    return c;
}

}  // namespace abon
