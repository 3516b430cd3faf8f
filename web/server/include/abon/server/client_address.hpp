// abon/server/client_address.hpp — who the client is, for the limiters and the log.
//
// - Without trusted proxies the client is the TCP peer; X-Forwarded-For is never read.
// - With ABON_TRUSTED_PROXIES (addresses or CIDRs), a request from a trusted peer names its
//   client in X-Forwarded-For: the right-most hop that is not itself trusted (the hops to
//   its left are whatever the client wrote). A hop that is not an address ends the walk.
// - IPv6 clients are keyed by their /64: one subscriber line holds a whole /64. Their
//   networks (network_key) are IPv4 /24s and IPv6 /48s: what one customer can easily hold.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace abon::server {

struct AddressRange {
    int family = 0;                       // AF_INET or AF_INET6
    std::array<unsigned char, 16> bytes{};
    int prefix = 0;                       // bits
    bool contains(std::string_view address) const;
};

std::optional<AddressRange> parse_address_range(std::string_view text);  // "10.0.0.0/8", "::1", "192.0.2.7"
std::string client_key(std::string_view address);                         // IPv4 as is; IPv6 → "2001:db8:1:2::/64"
// The network a client key belongs to, the unit of the per-account lock and the per-network
// budget: IPv4 → its /24 ("203.0.113.0/24"), IPv6 → its /48 ("2001:db8:1::/48"); loopback
// and IPv4-mapped addresses as IPv4 or themselves.
std::string network_key(std::string_view client_key);
std::string client_of(std::string_view peer, const std::vector<std::string>& forwarded_for,
                      const std::vector<AddressRange>& trusted);          // the key of the client

}  // namespace abon::server
