// abon/ui_text.hpp — the widget's own words (titles, hints, buttons) in Ukrainian and
// English. Error and warning messages are not here: they come from the core's table
// (abon/errors.hpp). Hints follow the company's wording of the seven steps.
#pragma once

#include "abon/errors.hpp"
#include "abon/form.hpp"

#include <string>
#include <string_view>

namespace abon::ui {

enum class Text {
    Title,            // «Реєстрація в Особистому кабінеті споживача»
    Intro,            // one line under the title
    NoPatronymic,     // the checkbox
    ShowPassword,
    HidePassword,
    CaptchaRefresh,
    CaptchaLoading,
    CaptchaFailed,    // the picture did not load
    CaptchaAlt,       // what the picture is, for the refresh button's description
    Register,         // «Зареєструватися»
    Sending,
    FixTo,            // «Виправити на {}»
    Strength,         // «Надійність пароля: {}»
    AmountUnit,       // «грн»
    CheckFields,      // the form-level note after a refused submit attempt
    DoneTitle,
    DoneLetter,       // «Ми надіслали лист на {}…»
    DoneSpam,         // the seed's advice about the spam folder
    DoneSender,       // «Лист надходить з адреси {}…»: add it to the contacts
    OpenMailbox,      // «Відкрити пошту {}» (the provider's name)
    Resend,           // «Надіслати лист ще раз»
    ResendIn,         // «Надіслати ще раз через {} с»
    ResendWait,       // said once the countdown starts: «…можна буде через {} с»
    ResendReady,      // said once the button is enabled
    Resent,           // «Лист надіслано ще раз на {}.»
    ChangeEmail,      // «Змінити адресу»
    ChangeEmailIntro, // above the reopened email fields
    SendToNew,        // «Надіслати на нову адресу»
    SendToNewIn,      // the same, while the countdown runs
    CancelChange,     // «Скасувати»
    Changed,          // «Адресу змінено: лист надіслано на {}.»
    AccountHintPlain, // the account's hint where no mask adds the dashes (the plain form)
    LoadFailed,       // the loader: neither the module nor the plain form could start
    Misconfigured,    // the loader: an endpoint the core refused (the site's mistake)
    CaptchaListen,    // «Прослухати літери»: plays the challenge's spoken letters
    CaptchaSpoken,    // what the sound says before the letters
    CaptchaSpokenAgain,  // … and before it spells them a second time
    NeedsScript,      // the page's snippet, where no script runs: what to do instead
    Count_
};

std::string_view text(Text t, Lang lang);
std::string text(Text t, Lang lang, std::string_view detail);  // fills "{}"
// A follow-up button's words: Sending while its request is in flight, `counting` with the
// seconds while the countdown runs, else `idle` (tests/vectors/follow_up.json "countdown").
std::string countdown_words(Text idle, Text counting, bool sending, int seconds_left, Lang lang);
std::string_view hint(Field f, Lang lang);                     // the line under each field
std::string_view placeholder(Field f, Lang lang);              // empty when none

}  // namespace abon::ui
