// abon/letters.hpp — the words of the letters and of the confirmation pages, Ukrainian and
// English. The server frames them (RFC 5322 headers, HTML, escaping) and sends them.
//
// Index
//   [SECTION] Letters (the confirmation letter, the notice that a registration was replaced)
//   [SECTION] Confirmation pages (GET and POST /api/confirm)
//
// - Bodies are UTF-8 with '\n' line ends, each line well under 998 octets.
// - The facts passed in are put in as given: the caller passes canonical values.
// - Every letter names its sender address and gives the seed's advice: add it to the
//   contacts, look in «Спам» and mark the letter «Не спам».
#pragma once

#include "abon/errors.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace abon {

// [SECTION] Letters
struct LetterWords {
    std::string from_name;  // the sender's display name
    std::string subject;
    std::string body;
};

struct ConfirmationFacts {
    Lang lang = Lang::Uk;
    std::string_view surname, given_name, patronymic;  // the holder; patronymic may be empty
    std::string_view account;      // 1-234-56-7
    std::string_view confirm_url;  // the link; its page asks for one press of a button
    std::string_view sender;       // the From address
    int valid_hours = 48;
};
LetterWords confirmation_letter(const ConfirmationFacts& facts);

// To the earlier address of a pending registration a later one replaced: its link is dead.
// Names the account only — never the new address or the holder.
struct ReplacedFacts {
    Lang lang = Lang::Uk;          // the earlier registration's
    std::string_view account;
    std::string_view sender;
};
LetterWords replaced_notice(const ReplacedFacts& facts);

// [SECTION] Confirmation pages
enum class ConfirmPage {
    Ask,        // GET of a live link: the button that confirms (nothing is confirmed yet)
    Confirmed,  // POST confirmed it: links to the sign-in page
    Used,       // confirmed before
    Expired,    // past its hours
    Unknown,    // unknown, malformed or replaced: always Ukrainian with an English line
    CrossSite,  // a POST from another site
};

struct PageFacts {
    int valid_hours = 48;
    std::string_view signin_url;    // Confirmed's link
    std::string_view register_url;  // every other page's link
};

struct PageWords {
    std::string_view html_lang;           // "uk" / "en"
    std::string title;
    std::vector<std::string> paragraphs;
    std::string button;                   // Ask only: the submit button's label
    std::string link_text, link_url;
};
PageWords confirm_page(ConfirmPage page, Lang lang, const PageFacts& facts);

}  // namespace abon
