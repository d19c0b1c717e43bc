// Seals and opens supplier credentials with libsodium's secretbox.
#include "modules/supplier-adapter/credentials_cipher.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace hotel::supplier_adapter {
namespace {

// A fixed context keeps this key apart from anything else ever derived from the same secret.
constexpr std::string_view kKeyContext = "hotel-platform/supplier-credentials/v1";
constexpr std::size_t kMaxStored = 8192;

void EnsureSodium() {
  static const int rc = sodium_init();
  if (rc < 0) throw std::runtime_error("libsodium failed to initialise");
}

Error Undecryptable(std::string_view why) {
  return Error::Internal("supplier credentials cannot be decrypted (" + std::string(why) +
                         "): ENCRYPTION_SECRET differs from the one they were stored with, or the value was altered");
}

}  // namespace

CredentialsCipher::CredentialsCipher(std::string_view encryption_secret) {
  EnsureSodium();
  if (encryption_secret.empty()) return;
  static_assert(crypto_secretbox_KEYBYTES == 32);
  std::array<unsigned char, 32> key{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, key.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kKeyContext.data()), kKeyContext.size());
  const unsigned char separator = 0;
  crypto_generichash_update(&state, &separator, 1);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(encryption_secret.data()),
                            encryption_secret.size());
  crypto_generichash_final(&state, key.data(), key.size());
  key_ = key;
  sodium_memzero(key.data(), key.size());
}

CredentialsCipher::~CredentialsCipher() {
  if (key_) sodium_memzero(key_->data(), key_->size());
}

Result<std::string> CredentialsCipher::Seal(std::string_view plaintext, std::string_view field) const {
  if (!key_) {
    return Error::Validation(std::string(field),
                             "cannot be stored: the server has no ENCRYPTION_SECRET, so credentials cannot be "
                             "encrypted at rest (set it, 32+ characters, and restart)");
  }
  std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size());
  unsigned char* nonce = box.data();
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(), nonce,
                        key_->data());
  std::string out(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), box.data(), box.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return std::string(kCipherVersion) + out;
}

Result<std::string> CredentialsCipher::Open(std::string_view stored) const {
  if (!key_) return Error::Internal("supplier credentials cannot be decrypted: ENCRYPTION_SECRET is not set");
  if (stored.substr(0, kCipherVersion.size()) != kCipherVersion) return Undecryptable("unknown format");
  const std::string_view text = stored.substr(kCipherVersion.size());
  if (text.empty()) return Undecryptable("empty");
  if (text.size() > kMaxStored) return Undecryptable("too long");
  std::vector<unsigned char> box(text.size());
  std::size_t len = 0;
  if (sodium_base642bin(box.data(), box.size(), text.data(), text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return Undecryptable("not base64");
  }
  if (len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return Undecryptable("too short");
  const std::size_t cipher_len = len - crypto_secretbox_NONCEBYTES;
  std::string plain(cipher_len - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), box.data() + crypto_secretbox_NONCEBYTES,
                                 cipher_len, box.data(), key_->data()) != 0) {
    return Undecryptable("authentication failed");
  }
  return plain;
}

}  // namespace hotel::supplier_adapter
