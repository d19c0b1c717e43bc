// Argon2id and API keys on libsodium (randombytes_buf, crypto_pwhash_argon2id, SHA-256).
#include "modules/identity/hashing.hpp"

#include "modules/identity/jwt.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace hotel::identity {
namespace {

// sodium_init is idempotent and thread-safe; every entry point calls it before use.
void EnsureSodium() {
  static const int rc = sodium_init();
  if (rc < 0) throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace

PasswordCost PasswordCost::Interactive() {
  return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::Minimum() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  EnsureSodium();
  std::array<char, crypto_pwhash_argon2id_STRBYTES> out{};
  if (crypto_pwhash_argon2id_str(out.data(), password.data(), password.size(), cost.ops, cost.mem) != 0) {
    return Error::Internal("out of memory while hashing a password");
  }
  return std::string(out.data());
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  EnsureSodium();
  // The C API wants a NUL-terminated hash; a hash too long to be ours fails early.
  if (hash.size() >= crypto_pwhash_argon2id_STRBYTES) return false;
  std::array<char, crypto_pwhash_argon2id_STRBYTES> buffer{};
  std::copy(hash.begin(), hash.end(), buffer.begin());
  return crypto_pwhash_argon2id_str_verify(buffer.data(), password.data(), password.size()) == 0;
}

GeneratedKey GenerateApiKey() {
  EnsureSodium();
  std::array<unsigned char, 32> random{};
  randombytes_buf(random.data(), random.size());
  GeneratedKey key;
  const std::string body = Base64UrlEncode({reinterpret_cast<const char*>(random.data()), random.size()});
  sodium_memzero(random.data(), random.size());
  key.plaintext = std::string(kApiKeyPrefix) + body;
  key.prefix = key.plaintext.substr(0, kApiKeyPrefix.size() + 8);
  key.hash = HashApiKey(key.plaintext);
  return key;
}

std::string HashApiKey(std::string_view plaintext) {
  EnsureSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

bool LooksLikeApiKey(std::string_view text) {
  if (text.size() != kApiKeyLength || text.substr(0, kApiKeyPrefix.size()) != kApiKeyPrefix) return false;
  auto decoded = Base64UrlDecode(text.substr(kApiKeyPrefix.size()));
  return decoded && decoded->size() == 32;
}

}  // namespace hotel::identity
