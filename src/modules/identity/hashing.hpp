// Secrets at rest: Argon2id password hashes and API keys (random, stored as SHA-256).
#pragma once

#include "core/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace hotel::identity {

// Argon2id work factors. Interactive (64 MiB, 2 passes) for real hashes; tests use Minimum
// so that creating many users stays fast. Verification reads the factors from the hash.
struct PasswordCost {
  unsigned long long ops = 0;
  std::size_t mem = 0;
  static PasswordCost Interactive();
  static PasswordCost Minimum();
};

inline constexpr std::size_t kMinPasswordLength = 8;
inline constexpr std::size_t kMaxPasswordLength = 1024;

// "$argon2id$v=19$m=...". Fails (internal) only when memory cannot be allocated.
Result<std::string> HashPassword(std::string_view password, PasswordCost cost = PasswordCost::Interactive());
// Slow by design (tens of milliseconds): call it on the BlockingPool, never on an I/O thread.
bool VerifyPassword(std::string_view hash, std::string_view password);

inline constexpr std::string_view kApiKeyPrefix = "hk_live_";
inline constexpr std::size_t kApiKeyLength = 8 + 43;  // prefix + base64url of 32 random bytes

struct GeneratedKey {
  std::string plaintext;  // "hk_live_<43 characters>", shown once
  std::string prefix;     // "hk_live_" + 8 characters, shown in lists
  std::string hash;       // lowercase hex SHA-256 of the plaintext, stored
};

GeneratedKey GenerateApiKey();
// 32 random bytes need no salt or stretching: SHA-256 of the whole key cannot be reversed
// or brute-forced, and it lets the key be found by an indexed lookup.
std::string HashApiKey(std::string_view plaintext);
// Shape check before any lookup, so that garbage never reaches the database.
bool LooksLikeApiKey(std::string_view text);

}  // namespace hotel::identity
