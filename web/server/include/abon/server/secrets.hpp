// abon/server/secrets.hpp — random tokens and password hashing, all from libsodium.
//
// - Every token and CAPTCHA answer comes from randombytes (a CSPRNG).
// - Tokens that reach the database are stored as a BLAKE2b hash, never as issued.
#pragma once

#include "abon/server/config.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace abon::server {

void init_sodium();                                  // idempotent; throws when libsodium cannot start

std::string random_hex(std::size_t bytes);           // 32 → 64 hex digits
std::string random_base64url(std::size_t bytes);     // no padding
std::uint32_t random_below(std::uint32_t bound);     // uniform in [0, bound)
double random_unit();                                // uniform in [0, 1)

std::string token_hash(std::string_view token);      // hex BLAKE2b-256, for storage
bool equal_in_constant_time(std::string_view a, std::string_view b);

std::string hash_password(std::string_view password, const PasswordHashCost& cost);  // "$argon2id$…"
bool verify_password(std::string_view hash, std::string_view password);

}  // namespace abon::server
