// The words of the letters and the confirmation pages (abon/letters.hpp). Sentences live in
// the tables; "{hours}", "{sender}", … are the facts put in.
#include "abon/letters.hpp"

#include <string>

namespace abon {
namespace {

std::string fill(std::string_view text, std::string_view key, std::string_view value) {
    std::string out(text);
    for (auto at = out.find(key); at != std::string::npos; at = out.find(key, at + value.size()))
        out.replace(at, key.size(), value);
    return out;
}

// «48 годин», «24 години», «21 годину»; "1 hour", "48 hours".
std::string hours(int n, Lang lang) {
    const std::string count = std::to_string(n);
    if (lang == Lang::En) return count + (n == 1 ? " hour" : " hours");
    const int last = n % 10, last_two = n % 100;
    if (last == 1 && last_two != 11) return count + " годину";
    if (last >= 2 && last <= 4 && (last_two < 12 || last_two > 14)) return count + " години";
    return count + " годин";
}

struct LetterRow {
    std::string_view from_name, subject, body;
};

constexpr LetterRow kConfirmation[] = {
    {"Полтаватеплоенерго", "Підтвердження реєстрації в «Особистому кабінеті споживача»",
     "Доброго дня, {holder}!\n"
     "\n"
     "Ви зареєструвалися в «Особистому кабінеті споживача» «Полтаватеплоенерго»\n"
     "для особового рахунку {account}.\n"
     "\n"
     "Щоб завершити реєстрацію, відкрийте це посилання (воно діє {hours})\n"
     "і натисніть кнопку «Підтвердити реєстрацію»:\n"
     "{url}\n"
     "\n"
     "Якщо ви не реєструвалися, нічого не натискайте: без підтвердження реєстрація\n"
     "не набуде чинності.\n"
     "\n"
     "Цей лист надіслано з адреси {sender}. Усі листи про підтвердження реєстрації\n"
     "надходять з неї, тому окремі поштові сервіси можуть помилково вважати їх спамом.\n"
     "Додайте {sender} до списку контактів. Якщо ви знайшли цей лист у папці «Спам»,\n"
     "позначте його як «Не спам».\n"
     "\n"
     "«Полтаватеплоенерго» — завжди на відстані в один клік!\n"},
    {"Poltavateploenergo", "Confirm your registration in the Customer Account",
     "Hello, {holder}!\n"
     "\n"
     "You registered in the Customer Account («Особистий кабінет споживача») of\n"
     "Poltavateploenergo for account number {account}.\n"
     "\n"
     "To finish the registration, open this link (it is valid for {hours})\n"
     "and press the button «Confirm registration»:\n"
     "{url}\n"
     "\n"
     "If you did not register, do not press anything: without the confirmation the\n"
     "registration never takes effect.\n"
     "\n"
     "This letter was sent from {sender}. Every confirmation letter comes from this\n"
     "address, so some mail services may take them for spam by mistake. Add {sender}\n"
     "to your contacts. If you found this letter in the Spam folder, mark it\n"
     "«Not spam».\n"
     "\n"
     "Poltavateploenergo — always one click away!\n"},
};

constexpr LetterRow kReplaced[] = {
    {"Полтаватеплоенерго", "Вашу реєстрацію замінено новою",
     "Доброго дня!\n"
     "\n"
     "Для особового рахунку {account} надійшла нова реєстрація в «Особистому кабінеті\n"
     "споживача», тож посилання з нашого попереднього листа на цю адресу більше не діє.\n"
     "\n"
     "Якщо нову реєстрацію зробили ви, підтвердьте її з нового листа. Якщо ні —\n"
     "зареєструйтеся ще раз і підтвердьте реєстрацію: діє та, яку підтвердили першою.\n"
     "\n"
     "Лист надіслано з адреси {sender}; додайте її до списку контактів.\n"
     "\n"
     "«Полтаватеплоенерго»\n"},
    {"Poltavateploenergo", "Your registration was replaced by a newer one",
     "Hello!\n"
     "\n"
     "A new registration in the Customer Account arrived for account number {account},\n"
     "so the link in our earlier letter to this address no longer works.\n"
     "\n"
     "If you made the new registration, confirm it from the new letter. If not, register\n"
     "again and confirm: the registration confirmed first is the one that counts.\n"
     "\n"
     "This letter was sent from {sender}; add it to your contacts.\n"
     "\n"
     "Poltavateploenergo\n"},
};

const LetterRow& in_lang(const LetterRow (&rows)[2], Lang lang) { return rows[lang == Lang::En ? 1 : 0]; }

enum class Link { Register, SignIn };

struct PageRow {
    ConfirmPage page;
    std::string_view uk_title, uk_text, en_title, en_text;
    std::string_view uk_button, en_button;
    Link link;
};

constexpr PageRow kPages[] = {
    {ConfirmPage::Ask, "Підтвердіть реєстрацію",
     "Натисніть кнопку, щоб завершити реєстрацію в «Особистому кабінеті споживача». "
     "Якщо ви не реєструвалися, просто закрийте цю сторінку.",
     "Confirm your registration",
     "Press the button to finish your registration in the Customer Account. "
     "If you did not register, just close this page.",
     "Підтвердити реєстрацію", "Confirm registration", Link::Register},
    {ConfirmPage::Confirmed, "Реєстрацію підтверджено",
     "Дякуємо! Вашу реєстрацію в «Особистому кабінеті споживача» підтверджено. Тепер ви можете "
     "увійти з адресою електронної пошти та паролем, які вказали під час реєстрації.",
     "Registration confirmed",
     "Thank you! Your registration in the Customer Account is confirmed. You can now sign in "
     "with the email address and password you gave when registering.",
     "", "", Link::SignIn},
    {ConfirmPage::Used, "Посилання вже використано",
     "Реєстрацію за цим посиланням уже підтверджено раніше. Повторно підтверджувати не потрібно — "
     "просто увійдіть до кабінету.",
     "This link was already used",
     "The registration behind this link was confirmed before. There is no need to confirm it "
     "again — just sign in.",
     "", "", Link::SignIn},
    {ConfirmPage::Expired, "Термін дії посилання минув",
     "Посилання з листа діє {hours}, і цей час минув. Зареєструйтеся ще раз — ми надішлемо новий лист.",
     "This link has expired",
     "The link in the letter is valid for {hours}, and that time has passed. Register again and "
     "we will send a new letter.",
     "", "", Link::Register},
    {ConfirmPage::Unknown, "Посилання недійсне",
     "Такого посилання для підтвердження немає. Перевірте, що ви відкрили посилання з "
     "останнього листа повністю, без пропущених символів, або зареєструйтеся ще раз.",
     "This link is not valid",
     "There is no such confirmation link. Check that you opened the link from the latest letter "
     "in full, or register again.",
     "", "", Link::Register},
    {ConfirmPage::CrossSite, "Підтвердження не прийнято",
     "Реєстрацію можна підтвердити лише кнопкою на сторінці, яку відкриває посилання з листа. "
     "Відкрийте посилання ще раз.",
     "The confirmation was not accepted",
     "A registration can be confirmed only with the button on the page the letter's link opens. "
     "Open the link again.",
     "", "", Link::Register},
};

}  // namespace

LetterWords confirmation_letter(const ConfirmationFacts& f) {
    const LetterRow& row = in_lang(kConfirmation, f.lang);
    std::string holder = std::string(f.surname) + " " + std::string(f.given_name);
    if (!f.patronymic.empty()) holder += " " + std::string(f.patronymic);
    std::string body = fill(row.body, "{holder}", holder);
    body = fill(body, "{account}", f.account);
    body = fill(body, "{hours}", hours(f.valid_hours, f.lang));
    body = fill(body, "{url}", f.confirm_url);
    body = fill(body, "{sender}", f.sender);
    return {std::string(row.from_name), std::string(row.subject), std::move(body)};
}

LetterWords replaced_notice(const ReplacedFacts& f) {
    const LetterRow& row = in_lang(kReplaced, f.lang);
    std::string body = fill(fill(row.body, "{account}", f.account), "{sender}", f.sender);
    return {std::string(row.from_name), std::string(row.subject), std::move(body)};
}

PageWords confirm_page(ConfirmPage page, Lang lang, const PageFacts& facts) {
    const PageRow* row = &kPages[0];
    for (const PageRow& r : kPages)
        if (r.page == page) row = &r;
    // An unknown link has no registration to take a language from.
    const bool en = lang == Lang::En && page != ConfirmPage::Unknown;
    const Lang words = en ? Lang::En : Lang::Uk;
    PageWords w;
    w.html_lang = en ? "en" : "uk";
    w.title = std::string(en ? row->en_title : row->uk_title);
    w.paragraphs.push_back(fill(en ? row->en_text : row->uk_text, "{hours}", hours(facts.valid_hours, words)));
    if (page == ConfirmPage::Unknown) w.paragraphs.push_back(std::string(row->en_text));
    w.button = std::string(en ? row->en_button : row->uk_button);
    if (row->link == Link::SignIn) {
        w.link_text = en ? "Sign in" : "Увійти до кабінету";
        w.link_url = std::string(facts.signin_url);
    } else {
        w.link_text = en ? "To the registration page" : "До сторінки реєстрації";
        w.link_url = std::string(facts.register_url);
    }
    return w;
}

}  // namespace abon
