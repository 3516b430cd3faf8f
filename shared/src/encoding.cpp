// The payload on the wire for each encoding, and the CAPTCHA picture at a fixed URL
// (spec §6b): a classic endpoint reads form fields and keeps the CAPTCHA in its session.
#include "abon/amount.hpp"
#include "abon/json_io.hpp"
#include "abon/payload.hpp"

#include <string>

namespace abon {
namespace {

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

bool is_amount(const std::string& key, const JsonValue& value, const WidgetConfig& config) {
    return key == config.names.last_payment && value.integer().has_value();
}

// The wire text of one flat value: strings as they are, numbers as written, the amount as
// configured.
std::string wire_text(const std::string& key, const JsonValue& value, const WidgetConfig& config) {
    if (is_amount(key, value, config) && config.amount_format == AmountFormat::Decimal)
        return format_kopecks_decimal(*value.integer());
    return value.text();
}

// The payload again with the amount as a decimal string; members stay in key order.
void write_decimal(JsonWriter& out, const JsonValue& value, const WidgetConfig& config) {
    out.begin_object();
    for (std::size_t i = 0; i < value.keys().size(); ++i) {
        const std::string& key = value.keys()[i];
        const JsonValue& v = value.items()[i];
        out.key(key);
        if (v.is_object()) write_decimal(out, v, config);  // the CAPTCHA: {token, answer}
        else if (is_amount(key, v, config)) out.value(std::string_view(format_kopecks_decimal(*v.integer())));
        else if (v.is_string()) out.value(std::string_view(v.text()));
        else if (const auto n = v.integer()) out.value(*n);
        else out.value(std::string_view(v.text()));
    }
    out.end_object();
}

std::size_t encoded_bound(const JsonValue& payload) {  // room enough that the body never reallocates
    std::size_t n = 64;
    for (std::size_t i = 0; i < payload.keys().size(); ++i) {
        const JsonValue& v = payload.items()[i];
        n += 3 * payload.keys()[i].size() + 2 + 3 * (v.text().size() + 32);
        if (v.is_object()) n += encoded_bound(v);
    }
    return n;
}

}  // namespace

// build_payload() wrote the JSON contract; another encoding reads it back with the core's
// own reader. The tree's strings (the password among them) are freed with it: in the
// module every freed block is zeroed (wasm/secure_heap.cpp).
EncodedBody encode_payload(std::string_view payload_json, const WidgetConfig& config) {
    EncodedBody out{"application/json", {}};
    const bool as_is = config.encoding == BodyEncoding::Json && config.amount_format == AmountFormat::Kopecks;
    const std::optional<JsonValue> payload = as_is ? std::nullopt : parse_json(payload_json);
    if (!payload || !payload->is_object()) {
        out.body = std::string(payload_json);
        return out;
    }
    if (config.encoding == BodyEncoding::Json) {
        JsonWriter writer;
        writer.buffer().reserve(encoded_bound(*payload));
        write_decimal(writer, *payload, config);
        out.body = writer.take();
        return out;
    }

    // Form fields, flat: the CAPTCHA object's members become fields of their own. The body
    // is reserved once, so no shorter copy of it (and of the password) is freed on the way.
    out.content_type = "application/x-www-form-urlencoded";
    out.body.reserve(encoded_bound(*payload));
    auto add = [&](const std::string& key, const JsonValue& value) {
        if (!out.body.empty()) out.body += '&';
        append_form_encoded(out.body, key);
        out.body += '=';
        std::string text = wire_text(key, value, config);
        append_form_encoded(out.body, text);
        wipe(text);
    };
    for (std::size_t i = 0; i < payload->keys().size(); ++i) {
        const JsonValue& value = payload->items()[i];
        if (!value.is_object()) {
            add(payload->keys()[i], value);
            continue;
        }
        for (std::size_t k = 0; k < value.keys().size(); ++k) add(value.keys()[k], value.items()[k]);
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
