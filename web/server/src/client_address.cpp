#include "abon/server/client_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>

namespace abon::server {
namespace {

std::optional<AddressRange> parse_address(std::string_view text) {
    const std::string s(text);
    AddressRange r;
    if (inet_pton(AF_INET, s.c_str(), r.bytes.data()) == 1) {
        r.family = AF_INET;
        r.prefix = 32;
    } else if (inet_pton(AF_INET6, s.c_str(), r.bytes.data()) == 1) {
        r.family = AF_INET6;
        r.prefix = 128;
    } else {
        return std::nullopt;
    }
    return r;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

bool AddressRange::contains(std::string_view address) const {
    const auto a = parse_address(address);
    if (!a || a->family != family) return false;
    for (int bit = 0; bit < prefix; ++bit) {
        const unsigned char mask = static_cast<unsigned char>(0x80u >> (bit % 8));
        if ((a->bytes[static_cast<std::size_t>(bit / 8)] & mask) != (bytes[static_cast<std::size_t>(bit / 8)] & mask))
            return false;
    }
    return true;
}

std::optional<AddressRange> parse_address_range(std::string_view text) {
    text = trim(text);
    const auto slash = text.find('/');
    auto r = parse_address(text.substr(0, slash));
    if (!r || slash == std::string_view::npos) return r;
    const std::string bits(text.substr(slash + 1));
    if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    const int prefix = std::stoi(bits);
    if (prefix > r->prefix) return std::nullopt;
    r->prefix = prefix;
    return r;
}

std::string client_key(std::string_view address) {
    const auto a = parse_address(address);
    if (!a || a->family != AF_INET6) return std::string(address);
    const auto& b = a->bytes;
    if (b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0 &&
        b[8] == 0 && b[9] == 0 && ((b[10] == 0xff && b[11] == 0xff) || (b[10] == 0 && b[11] == 0)))
        return std::string(address);  // ::1, ::ffff:a.b.c.d: one host
    char buf[48];
    std::snprintf(buf, sizeof buf, "%x:%x:%x:%x::/64", b[0] << 8 | b[1], b[2] << 8 | b[3], b[4] << 8 | b[5], b[6] << 8 | b[7]);
    return buf;
}

std::string network_key(std::string_view client_key) {
    const std::string_view address = client_key.substr(0, client_key.find('/'));
    auto a = parse_address(address);
    if (!a) return std::string(client_key);
    const auto& b = a->bytes;
    char buf[48];
    if (a->family == AF_INET) {
        std::snprintf(buf, sizeof buf, "%u.%u.%u.0/24", b[0], b[1], b[2]);
        return buf;
    }
    const bool mapped = b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 &&
                        b[7] == 0 && b[8] == 0 && b[9] == 0 && b[10] == 0xff && b[11] == 0xff;
    if (mapped) {
        std::snprintf(buf, sizeof buf, "%u.%u.%u.0/24", b[12], b[13], b[14]);
        return buf;
    }
    if (std::all_of(b.begin(), b.begin() + 6, [](unsigned char c) { return c == 0; })) return std::string(address);  // ::1
    std::snprintf(buf, sizeof buf, "%x:%x:%x::/48", b[0] << 8 | b[1], b[2] << 8 | b[3], b[4] << 8 | b[5]);
    return buf;
}

std::string client_of(std::string_view peer, const std::vector<std::string>& forwarded_for,
                      const std::vector<AddressRange>& trusted) {
    auto is_trusted = [&](std::string_view a) {
        for (const AddressRange& r : trusted)
            if (r.contains(a)) return true;
        return false;
    };
    if (!is_trusted(peer)) return client_key(peer);
    std::vector<std::string_view> hops;  // left to right, over every X-Forwarded-For header
    for (const std::string& header : forwarded_for) {
        std::string_view rest = header;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            hops.push_back(trim(rest.substr(0, comma)));
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
    }
    std::string_view client = peer;
    for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
        if (!parse_address(*it)) break;  // not an address: the last good hop stands
        client = *it;
        if (!is_trusted(*it)) break;
    }
    return client_key(client);
}

}  // namespace abon::server
