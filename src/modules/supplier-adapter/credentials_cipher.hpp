// Supplier credentials at rest: libsodium secretbox (XSalsa20-Poly1305) under a key derived
// from ENCRYPTION_SECRET, a random nonce per value, stored as "v1:" + base64(nonce || box).
#pragma once

#include "core/error.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace hotel::supplier_adapter {

inline constexpr std::string_view kCipherVersion = "v1:";

class CredentialsCipher {
 public:
  // An empty secret makes a cipher that can neither seal nor open: creating a supplier with
  // credentials then fails with a clear problem, while everything else keeps working.
  explicit CredentialsCipher(std::string_view encryption_secret);
  ~CredentialsCipher();
  CredentialsCipher(const CredentialsCipher&) = delete;
  CredentialsCipher& operator=(const CredentialsCipher&) = delete;

  bool available() const { return key_.has_value(); }

  // validation_failed naming `field` when no secret is configured.
  Result<std::string> Seal(std::string_view plaintext, std::string_view field) const;
  // internal when the value is not ours, was altered, or was sealed under another secret.
  Result<std::string> Open(std::string_view stored) const;

 private:
  std::optional<std::array<unsigned char, 32>> key_;
};

}  // namespace hotel::supplier_adapter
