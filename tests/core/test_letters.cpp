// The words of the letters and the confirmation pages (abon/letters.hpp).
#include "vectors.hpp"

#include "abon/letters.hpp"

#include <string>

using namespace abon;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

ConfirmationFacts facts(Lang lang) {
    ConfirmationFacts f;
    f.lang = lang;
    f.surname = "Шевченко";
    f.given_name = "Тарас";
    f.patronymic = "Григорович";
    f.account = "1-234-56-7";
    f.confirm_url = "http://127.0.0.1:8080/api/confirm?token=abc";
    f.sender = "noreply@te.pl.ua";
    return f;
}
}  // namespace

TEST_CASE("the confirmation letter names the holder, the account, the link and its sender", "[letters]") {
    const Lang lang = GENERATE(Lang::Uk, Lang::En);
    CAPTURE(lang == Lang::En);
    const LetterWords w = confirmation_letter(facts(lang));
    CHECK(has(w.body, "Шевченко Тарас Григорович"));
    CHECK(has(w.body, "1-234-56-7"));
    CHECK(has(w.body, "\nhttp://127.0.0.1:8080/api/confirm?token=abc\n"));  // a line of its own
    CHECK(has(w.body, "noreply@te.pl.ua"));
    CHECK(has(w.body, lang == Lang::En ? "48 hours" : "48 годин"));
    CHECK(has(w.body, lang == Lang::En ? "Confirm registration" : "«Підтвердити реєстрацію»"));
    CHECK(has(w.body, lang == Lang::En ? "Spam folder" : "«Спам»"));
    CHECK(has(w.body, lang == Lang::En ? "«Not spam»" : "«Не спам»"));
    CHECK(has(w.body, lang == Lang::En ? "contacts" : "контактів"));
    CHECK_FALSE(has(w.body, "{"));
    CHECK_FALSE(w.subject.empty());
    CHECK_FALSE(w.from_name.empty());
}

TEST_CASE("a holder without a patronymic is greeted by two names", "[letters]") {
    ConfirmationFacts f = facts(Lang::Uk);
    f.surname = "Кім";
    f.given_name = "Валерія";
    f.patronymic = "";
    CHECK(has(confirmation_letter(f).body, "Доброго дня, Кім Валерія!\n"));
}

TEST_CASE("the English letter is English, the Ukrainian one Ukrainian", "[letters]") {
    const LetterWords uk = confirmation_letter(facts(Lang::Uk));
    const LetterWords en = confirmation_letter(facts(Lang::En));
    CHECK(uk.subject == "Підтвердження реєстрації в «Особистому кабінеті споживача»");
    CHECK(has(en.body, "Hello, "));
    CHECK(has(uk.body, "Доброго дня, "));
    CHECK(en.subject != uk.subject);
}

TEST_CASE("hours are counted in Ukrainian as Ukrainian counts them", "[letters]") {
    struct Row {
        int hours;
        const char* uk;
    };
    const Row row = GENERATE(values<Row>({{1, "1 годину"}, {2, "2 години"}, {11, "11 годин"}, {12, "12 годин"},
                                          {21, "21 годину"}, {24, "24 години"}, {48, "48 годин"}, {72, "72 години"}}));
    ConfirmationFacts f = facts(Lang::Uk);
    f.valid_hours = row.hours;
    CHECK(has(confirmation_letter(f).body, std::string("діє ") + row.uk + ")"));
}

TEST_CASE("the replaced notice names the account and nothing else personal", "[letters]") {
    const Lang lang = GENERATE(Lang::Uk, Lang::En);
    const LetterWords w = replaced_notice({lang, "1-234-56-7", "noreply@te.pl.ua"});
    CHECK(has(w.body, "1-234-56-7"));
    CHECK(has(w.body, "noreply@te.pl.ua"));
    CHECK_FALSE(has(w.body, "{"));
    CHECK_FALSE(has(w.body, "http"));  // no link: the notice is not a way in
    CHECK(w.subject != confirmation_letter(facts(lang)).subject);
}

TEST_CASE("every confirmation page has words in both languages", "[letters]") {
    const PageFacts pf{48, "https://te.pl.ua/cabinet/", "/"};
    const ConfirmPage page = GENERATE(ConfirmPage::Ask, ConfirmPage::Confirmed, ConfirmPage::Used,
                                      ConfirmPage::Expired, ConfirmPage::Unknown, ConfirmPage::CrossSite);
    const Lang lang = GENERATE(Lang::Uk, Lang::En);
    CAPTURE(static_cast<int>(page), lang == Lang::En);
    const PageWords w = confirm_page(page, lang, pf);
    CHECK_FALSE(w.title.empty());
    REQUIRE_FALSE(w.paragraphs.empty());
    for (const std::string& p : w.paragraphs) CHECK_FALSE(has(p, "{"));
    CHECK_FALSE(w.link_text.empty());
    CHECK(w.button.empty() == (page != ConfirmPage::Ask));
    const bool english = lang == Lang::En && page != ConfirmPage::Unknown;
    CHECK(w.html_lang == (english ? "en" : "uk"));
}

TEST_CASE("the pages the issue names say what it asks", "[letters]") {
    const PageFacts pf{48, "https://te.pl.ua/cabinet/", "/"};
    const PageWords ask = confirm_page(ConfirmPage::Ask, Lang::Uk, pf);
    CHECK(ask.title == "Підтвердіть реєстрацію");
    CHECK(ask.button == "Підтвердити реєстрацію");
    CHECK(confirm_page(ConfirmPage::Ask, Lang::En, pf).button == "Confirm registration");

    const PageWords done = confirm_page(ConfirmPage::Confirmed, Lang::Uk, pf);
    CHECK(done.title == "Реєстрацію підтверджено");
    CHECK(done.link_url == "https://te.pl.ua/cabinet/");
    CHECK(confirm_page(ConfirmPage::Confirmed, Lang::En, pf).title == "Registration confirmed");

    CHECK(confirm_page(ConfirmPage::Used, Lang::Uk, pf).title == "Посилання вже використано");
    CHECK(has(confirm_page(ConfirmPage::Expired, Lang::Uk, pf).paragraphs[0], "48 годин"));
    CHECK(confirm_page(ConfirmPage::Expired, Lang::Uk, pf).link_url == "/");

    const PageWords unknown = confirm_page(ConfirmPage::Unknown, Lang::En, pf);
    CHECK(unknown.title == "Посилання недійсне");  // no registration to take a language from
    REQUIRE(unknown.paragraphs.size() == 2);
    CHECK(has(unknown.paragraphs[1], "There is no such confirmation link"));
}
