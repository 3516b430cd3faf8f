// The providers' webmail pages (abon/mailbox.hpp).
#include "abon/mailbox.hpp"

#include "abon/email.hpp"

#include <iterator>
#include <string>

namespace abon {
namespace {

// The domains of abon/email.cpp's provider list that have a webmail page of their own,
// and their aliases (hotmail/live/msn are Outlook's, me/mac are iCloud's).
constexpr WebmailRow kRows[] = {
    {"ukr.net", {"ukr.net", "https://mail.ukr.net/"}},
    {"i.ua", {"I.UA", "https://mail.i.ua/"}},
    {"meta.ua", {"META.UA", "https://webmail.meta.ua/"}},
    {"bigmir.net", {"bigmir)net", "https://mail.bigmir.net/"}},
    {"gmail.com", {"Gmail", "https://mail.google.com/"}},
    {"googlemail.com", {"Gmail", "https://mail.google.com/"}},
    {"outlook.com", {"Outlook", "https://outlook.live.com/mail/"}},
    {"hotmail.com", {"Outlook", "https://outlook.live.com/mail/"}},
    {"live.com", {"Outlook", "https://outlook.live.com/mail/"}},
    {"msn.com", {"Outlook", "https://outlook.live.com/mail/"}},
    {"yahoo.com", {"Yahoo Mail", "https://mail.yahoo.com/"}},
    {"ymail.com", {"Yahoo Mail", "https://mail.yahoo.com/"}},
    {"icloud.com", {"iCloud Mail", "https://www.icloud.com/mail/"}},
    {"me.com", {"iCloud Mail", "https://www.icloud.com/mail/"}},
    {"mac.com", {"iCloud Mail", "https://www.icloud.com/mail/"}},
    {"proton.me", {"Proton Mail", "https://mail.proton.me/"}},
    {"protonmail.com", {"Proton Mail", "https://mail.proton.me/"}},
    {"pm.me", {"Proton Mail", "https://mail.proton.me/"}},
    {"gmx.com", {"GMX", "https://www.gmx.com/"}},
    {"aol.com", {"AOL Mail", "https://mail.aol.com/"}},
};

}  // namespace

std::optional<Webmail> webmail_for(std::string_view email) {
    const Verdict v = validate_email(email);
    if (!v.ok()) return std::nullopt;
    const std::size_t at = v.value.rfind('@');
    const std::string_view domain = std::string_view(v.value).substr(at + 1);
    for (const WebmailRow& row : kRows)
        if (row.domain == domain) return row.webmail;
    return std::nullopt;
}

std::vector<WebmailRow> webmail_rows() { return {std::begin(kRows), std::end(kRows)}; }

}  // namespace abon
