// Credentials at rest: sealed values open again, an altered value or another secret fails,
// every sealing uses a fresh nonce, and no secret means no sealing (a clear error).
#include "modules/supplier-adapter/credentials_cipher.hpp"

#include <gtest/gtest.h>

namespace hotel::supplier_adapter {
namespace {

constexpr std::string_view kSecret = "a-test-encryption-secret-of-32+chars";

TEST(CredentialsCipherTest, SealedValueOpensToThePlaintext) {
  CredentialsCipher cipher(kSecret);
  ASSERT_TRUE(cipher.available());
  for (std::string plain : {std::string("hbx-api-key-123"), std::string(), std::string(3000, 'x'),
                            std::string("ünïcødé \0 bytes", 17)}) {
    auto sealed = cipher.Seal(plain, "credentials.apiKey");
    ASSERT_TRUE(sealed);
    EXPECT_EQ(sealed->substr(0, 3), "v1:");
    if (!plain.empty()) EXPECT_EQ(sealed->find(plain), std::string::npos);
    auto opened = cipher.Open(*sealed);
    ASSERT_TRUE(opened) << opened.error().detail;
    EXPECT_EQ(*opened, plain);
  }
}

TEST(CredentialsCipherTest, EverySealUsesAFreshNonce) {
  CredentialsCipher cipher(kSecret);
  auto a = cipher.Seal("same", "f");
  auto b = cipher.Seal("same", "f");
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
}

TEST(CredentialsCipherTest, TamperedValueIsRejected) {
  CredentialsCipher cipher(kSecret);
  auto sealed = cipher.Seal("the-secret", "f");
  ASSERT_TRUE(sealed);
  // Flip one base64 character in the ciphertext part (past the 24-byte nonce).
  std::string tampered = *sealed;
  char& c = tampered[tampered.size() - 6];
  c = c == 'A' ? 'B' : 'A';
  auto opened = cipher.Open(tampered);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, Errc::internal);
  EXPECT_EQ(opened.error().detail.find("the-secret"), std::string::npos);

  for (std::string bad : {std::string("v1:"), std::string("v1:!!!not base64"), std::string("v2:") + sealed->substr(3),
                          std::string("plaintext"), sealed->substr(0, 20), std::string()}) {
    auto r = cipher.Open(bad);
    EXPECT_FALSE(r) << bad;
  }
}

TEST(CredentialsCipherTest, AnotherSecretCannotOpen) {
  CredentialsCipher cipher(kSecret);
  CredentialsCipher other("another-encryption-secret-of-32+chars");
  auto sealed = cipher.Seal("the-secret", "f");
  ASSERT_TRUE(sealed);
  auto opened = other.Open(*sealed);
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().detail.find("ENCRYPTION_SECRET"), std::string::npos) << opened.error().detail;
}

TEST(CredentialsCipherTest, NoSecretRefusesToSealWithAClearFieldError) {
  CredentialsCipher cipher("");
  EXPECT_FALSE(cipher.available());
  auto sealed = cipher.Seal("key", "credentials.apiKey");
  ASSERT_FALSE(sealed);
  EXPECT_EQ(sealed.error().code, Errc::validation_failed);
  ASSERT_EQ(sealed.error().fields.size(), 1u);
  EXPECT_EQ(sealed.error().fields[0].field, "credentials.apiKey");
  EXPECT_NE(sealed.error().fields[0].message.find("ENCRYPTION_SECRET"), std::string::npos);
  EXPECT_FALSE(cipher.Open("v1:AAAA"));
}

}  // namespace
}  // namespace hotel::supplier_adapter
