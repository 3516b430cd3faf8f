// abon/form.hpp — the whole registration form: field ids and form-level validation.
//
// - Field ids are the JSON keys everywhere (spec §2).
// - validate_form() checks every present field, and each confirm field against its pair
//   when both are present. The password is checked against the holder's personal data.
#pragma once

#include "abon/verdict.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace abon {

enum class Field {
    Surname, GivenName, Patronymic, Account, Password, PasswordConfirm,
    Email, EmailConfirm, Captcha, LastPayment,
    Count_  // not a field
};
inline constexpr std::size_t kFieldCount = static_cast<std::size_t>(Field::Count_);

std::string_view field_id(Field f);                       // "given_name"
std::optional<Field> parse_field_id(std::string_view id);
std::string_view field_label(Field f, Lang lang);         // «Прізвище», …

// [SECTION] The input of each field (spec §6), read by every rendering: the canvas
// loader's schema (wasm/dom_schema.cpp dom_schema()) and the plain form's generated
// tables (wasm/tools/tables.cpp).
// - type is "text" for email and numbers too: Chrome gives no selectionStart on
//   type="email"/"number", and the canvas draws the caret from it; inputmode picks the
//   keyboard. maxlength is in UTF-16 units, generous: the rules say what is too long.
struct FieldInput {
    std::string_view type, inputmode, autocomplete, autocapitalize;
    int maxlength;
    bool secret;       // shown as dots: a reveal button beside it
    bool may_suggest;  // its rule may offer a one-click fix (wrong layout, email typo)
    bool remembered;   // kept across Back/Forward and a reload in the same tab (see below)
};
const FieldInput& field_input(Field f);
// The rule refuses the field empty under `config`: every field but the patronymic when
// config.patronymic_optional (the widget sets that only once «no patronymic» is ticked).
bool field_required(Field f, const RuleConfig& config = {});

// [SECTION] What the widget keeps of the typing (spec §6a), for the loader (web/src/remember.js)
// - The texts of the fields whose FieldInput::remembered is true (every field but the
//   passwords and the CAPTCHA answer), and the «no patronymic» box with the patronymic, go to
//   the tab's sessionStorage under kRememberKey + ":" + the page's path, on every change.
// - Restored into the form when the page loads again in that tab within kRememberMinutes of
//   the last change, then handed to the core as typed text; dropped after that time, on a
//   success and on reset().
inline constexpr std::string_view kRememberKey = "abon-signup";
inline constexpr int kRememberMinutes = 30;

struct FormInput {
    std::array<std::optional<std::string>, kFieldCount> values;  // nullopt: not present
    bool caps_lock = false;                                      // as the widget saw it

    const std::optional<std::string>& operator[](Field f) const { return values[static_cast<std::size_t>(f)]; }
    std::optional<std::string>& operator[](Field f) { return values[static_cast<std::size_t>(f)]; }
};

struct FormVerdict {
    std::array<std::optional<Verdict>, kFieldCount> fields;  // nullopt: field not present

    const std::optional<Verdict>& operator[](Field f) const { return fields[static_cast<std::size_t>(f)]; }
    bool ok() const;  // every present field accepted
};

Verdict validate_field(Field f, const FormInput& input, const RuleConfig& config = {});
FormVerdict validate_form(const FormInput& input, const RuleConfig& config = {});
bool form_accepts(const FormInput& input, const RuleConfig& config = {});  // cheap: all present ok

}  // namespace abon
