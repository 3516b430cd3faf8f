#include "abon/ui_text.hpp"

#include <array>
#include <cstddef>

namespace abon::ui {
namespace {

struct Words {
    std::string_view uk, en;
};

constexpr std::array<Words, static_cast<std::size_t>(Text::Count_)> kTexts{{
    {"Реєстрація в «Особистому кабінеті споживача»", "Sign up for the customer account"},
    {"Реєстрація потрібна лише раз — перед першим використанням кабінету.",
     "You sign up only once, before you first use the account."},
    {"Немає по батькові", "I have no patronymic"},
    {"Показати", "Show"},
    {"Сховати", "Hide"},
    {"Інша картинка", "New picture"},
    {"Завантажуємо картинку…", "Loading the picture…"},
    {"Картинка не завантажилася. Натисніть «Інша картинка».",
     "The picture did not load. Press “New picture”."},
    {"Картинка з літерами для перевірки (CAPTCHA)", "A picture of letters to check you are human (CAPTCHA)"},
    {"Зареєструватися", "Sign up"},
    {"Надсилаємо…", "Sending…"},
    {"Виправити на {}", "Change to {}"},
    {"Надійність пароля: {}", "Password strength: {}"},
    {"грн", "UAH"},
    {"Перевірте поля, позначені червоним.", "Please check the fields marked in red."},
    {"Майже готово!", "Almost done!"},
    {"Ми надіслали лист на {}. Відкрийте його та перейдіть за посиланням, щоб підтвердити реєстрацію.",
     "We have sent a letter to {}. Open it and follow the link to confirm your registration."},
    {"Лист не надходить? Оскільки всі листи про підтвердження надсилаються з однієї адреси, "
     "деякі поштові сервіси вважають їх спамом. Перевірте папку «Спам»: знайдіть там лист від "
     "«Полтаватеплоенерго», позначте його як «Не спам».",
     "No letter? All confirmation letters come from one address, so some mail services take "
     "them for spam. Look in the spam folder: find the letter from Poltavateploenergo, mark it "
     "“Not spam”."},
    {"Лист надходить з адреси {} — додайте її до списку контактів, щоб наступні листи не потрапляли до спаму.",
     "The letter comes from {}: add it to your contacts so that the next letters do not land in spam."},
    {"Відкрити пошту {}", "Open {}"},
    {"Надіслати лист ще раз", "Send the letter again"},
    {"Надіслати ще раз через {} с", "Send again in {} s"},
    {"Надіслати лист ще раз можна буде через {} с.", "You can have the letter sent again in {} s."},
    {"Тепер можна надіслати лист ще раз.", "You can now have the letter sent again."},
    {"Лист надіслано ще раз на {}.", "The letter was sent again to {}."},
    {"Змінити адресу", "Change the address"},
    {"Введіть правильну адресу двічі. Ми надішлемо лист туди, а посилання з попереднього листа перестане діяти.",
     "Type the right address twice. We send the letter there, and the link in the earlier letter stops working."},
    {"Надіслати на нову адресу", "Send to the new address"},
    {"Надіслати на нову адресу через {} с", "Send to the new address in {} s"},
    {"Скасувати", "Cancel"},
    {"Адресу змінено: лист надіслано на {}.", "Address changed: the letter was sent to {}."},
    {"7 цифр у форматі Х-ХХХ-ХХ-Х", "7 digits in the format X-XXX-XX-X"},
    {"Не вдалося завантажити форму. Оновіть сторінку або спробуйте інший браузер.",
     "The form could not be loaded. Reload the page or try another browser."},
    {"Форму реєстрації налаштовано неправильно, тож вона вимкнена. Повідомте про це власника сайту.",
     "The sign-up form is misconfigured, so it is turned off. Please tell the site's owner."},
    {"Прослухати літери", "Listen to the letters"},
    {"Літери з картинки:", "The letters in the picture:"},
    {"Ще раз:", "Once more:"},
    {"Форма реєстрації потребує JavaScript. Увімкніть його в налаштуваннях браузера або відкрийте цю "
     "сторінку в новішому браузері (Safari 12.1, Chrome 69, Firefox 78 чи новіший).",
     "The sign-up form needs JavaScript. Turn it on in the browser's settings or open this page in a "
     "newer browser (Safari 12.1, Chrome 69, Firefox 78 or newer)."},
}};

struct FieldWords {
    Words hint, placeholder;
};

constexpr std::array<FieldWords, kFieldCount> kFields{{
    {{"Людини, на яку зареєстровано особовий рахунок", "Of the person the account is registered to"}, {}},
    {{"Повністю, як у документах", "In full, as in your documents"}, {}},
    {{"Власника особового рахунку", "Of the account holder"}, {}},
    {{"7 цифр у форматі Х-ХХХ-ХХ-Х — рисочки з’являться самі",
      "7 digits in the format X-XXX-XX-X; the dashes appear by themselves"},
     {"Х-ХХХ-ХХ-Х", "X-XXX-XX-X"}},
    {{"Літери та цифри, від 8 символів. Збережіть цю комбінацію",
      "Letters and digits, 8 or more characters. Keep it safe"}, {}},
    {{"Введіть той самий пароль ще раз", "Type the same password again"}, {}},
    {{"На неї надійде лист для підтвердження реєстрації", "The confirmation letter goes there"},
     {"імʼя@ukr.net", "name@ukr.net"}},
    {{"Введіть ту саму адресу ще раз", "Type the same address again"}, {}},
    {{"Символи з картинки (літери — ВЕЛИКІ)", "The characters from the picture (CAPITAL letters)"}, {}},
    {{"У гривнях, як у квитанції, наприклад 1234,56", "In hryvnias, as on the bill, e.g. 1234.56"},
     {"0,00", "0.00"}},
}};

std::string_view pick(const Words& w, Lang lang) { return lang == Lang::Uk ? w.uk : w.en; }

}  // namespace

std::string_view text(Text t, Lang lang) { return pick(kTexts[static_cast<std::size_t>(t)], lang); }

std::string text(Text t, Lang lang, std::string_view detail) {
    std::string out(text(t, lang));
    if (const auto at = out.find("{}"); at != std::string::npos) out.replace(at, 2, detail);
    return out;
}

std::string countdown_words(Text idle, Text counting, bool sending, int seconds_left, Lang lang) {
    if (sending) return std::string(text(Text::Sending, lang));
    return seconds_left > 0 ? text(counting, lang, std::to_string(seconds_left)) : std::string(text(idle, lang));
}

std::string_view hint(Field f, Lang lang) { return pick(kFields[static_cast<std::size_t>(f)].hint, lang); }

std::string_view placeholder(Field f, Lang lang) {
    return pick(kFields[static_cast<std::size_t>(f)].placeholder, lang);
}

}  // namespace abon::ui
