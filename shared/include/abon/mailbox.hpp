// abon/mailbox.hpp — where a person reads the confirmation letter: their provider's webmail.
//
// - One table (src/mailbox.cpp) of the providers people here use, next to the email typo
//   list's providers; an address at any other domain gets no link.
// - Lookup is by the address's domain after the core's canonicalisation (trimmed,
//   lower-cased), exactly; subdomains do not match (mail.ukr.net is not ukr.net).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace abon {

struct Webmail {
    std::string_view provider;  // the provider's own name, e.g. "ukr.net", "Gmail"
    std::string_view url;       // its webmail, https:
};

std::optional<Webmail> webmail_for(std::string_view email);  // nullopt: unknown domain or not an address

struct WebmailRow {
    std::string_view domain;    // lower-case, as the core canonicalises an address's domain
    Webmail webmail;
};
std::vector<WebmailRow> webmail_rows();  // the whole table, for the plain form's build-time copy

}  // namespace abon
