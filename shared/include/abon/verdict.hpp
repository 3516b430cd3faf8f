// abon/verdict.hpp — what every rule returns, and the rules' configuration.
//
// - A Verdict is a value: the first blocking error (or Ok), the canonical value when
//   accepted, warnings that never block, and an optional one-click correction.
// - Rules are pure functions of their input and a RuleConfig; no global state.
#pragma once

#include "abon/errors.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace abon {

struct Verdict {
    ErrorCode code = ErrorCode::Ok;       // first blocking error; Ok when accepted
    std::string value;                    // canonical text when accepted
    std::optional<std::int64_t> kopecks;  // last_payment only: the canonical amount
    std::vector<ErrorCode> warnings;      // notes that never block (is_warning() is true)
    std::string suggestion;               // one-click correction: a name typed in the wrong
                                          // layout, or an email with a provider typo
    std::string detail;                   // fills "{}" in the message (e.g. a length)

    bool ok() const { return code == ErrorCode::Ok; }
    bool has_warning(ErrorCode w) const;
};

// The message for the verdict's error, or for one of its warnings, in `lang`.
std::string describe(const Verdict& v, Lang lang);
std::string describe(const Verdict& v, ErrorCode warning, Lang lang);

// Integrator-facing settings that change what the rules accept.
struct RuleConfig {
    std::string apostrophe = "\u02BC";   // canonical apostrophe: U+02BC, U+2019 or U+0027
    bool patronymic_optional = false;    // some people legally have no patronymic
    std::optional<int> captcha_length;   // the length the server declared; nullopt: 1..16
    std::string captcha_alphabet;        // the challenge's letters; "": a classic site (keys only)
};

}  // namespace abon
