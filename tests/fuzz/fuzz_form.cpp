// Arbitrary bytes into every field, and the invariants that must hold for any input:
// no crash; a canonical value validates again to itself; the form verdict equals the
// per-field verdicts; the account mask stays a valid prefix; amounts stay in range.
#include "abon/account.hpp"
#include "abon/amount.hpp"
#include "abon/captcha.hpp"
#include "abon/form.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>

namespace {
void require(bool condition) {
    if (!condition) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    abon::FormInput form;
    abon::RuleConfig config;
    config.patronymic_optional = in.ConsumeBool();
    if (in.ConsumeBool()) config.captcha_length = in.ConsumeIntegralInRange(1, 16);
    form.caps_lock = in.ConsumeBool();
    for (std::size_t i = 0; i < abon::kFieldCount; ++i)
        if (in.ConsumeBool()) form.values[i] = in.ConsumeRandomLengthString(512);

    const abon::FormVerdict verdict = abon::validate_form(form, config);
    require(verdict.ok() == abon::form_accepts(form, config));
    for (std::size_t i = 0; i < abon::kFieldCount; ++i) {
        const auto f = static_cast<abon::Field>(i);
        require(verdict[f].has_value() == form[f].has_value());
        if (!verdict[f]) continue;
        const abon::Verdict& v = *verdict[f];
        require(abon::is_warning(v.code) == false);
        for (abon::ErrorCode w : v.warnings) require(abon::is_warning(w));
        if (!v.ok() || f == abon::Field::Password || f == abon::Field::PasswordConfirm ||
            f == abon::Field::EmailConfirm)
            continue;
        // Idempotence: the canonical value is accepted and unchanged.
        abon::FormInput again;
        again[f] = v.value;
        const abon::Verdict second = abon::validate_field(f, again, config);
        require(second.ok());
        require(second.value == v.value);
        if (v.kopecks) require(*v.kopecks > 0 && *v.kopecks <= abon::kAmountMaxKopecks);
    }

    const std::string typed = in.ConsumeRemainingBytesAsString();
    const abon::MaskedText masked = abon::mask_account_input(typed, typed.size() / 2);
    require(masked.caret <= masked.text.size());
    require(masked.text.size() <= 10);
    if (masked.text.size() == 10) require(abon::is_valid_account(masked.text));
    (void)abon::map_captcha_input(typed);
    return 0;
}
