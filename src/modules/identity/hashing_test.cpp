// Argon2id password hashes and API keys.
#include "modules/identity/hashing.hpp"

#include <gtest/gtest.h>

#include <set>

namespace hotel::identity {
namespace {

TEST(Passwords, Argon2idHashVerifiesOnlyTheRightPassword) {
  auto hash = HashPassword("correct horse battery", PasswordCost::Minimum());
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
}

TEST(Passwords, InteractiveCostIsWhatProductionUses) {
  auto hash = HashPassword("s3cret-pass");
  ASSERT_TRUE(hash);
  EXPECT_NE(hash->find("m=65536"), std::string::npos) << *hash;  // 64 MiB
  EXPECT_TRUE(VerifyPassword(*hash, "s3cret-pass"));
}

TEST(Passwords, SamePasswordHashesDifferentlyEachTime) {
  auto a = HashPassword("same-password", PasswordCost::Minimum());
  auto b = HashPassword("same-password", PasswordCost::Minimum());
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);  // random salt
}

TEST(Passwords, GarbageHashNeverVerifies) {
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2id$v=19$garbage", "x"));
  EXPECT_FALSE(VerifyPassword(std::string(500, 'a'), "x"));
}

TEST(ApiKeys, GeneratedKeyHasTheDocumentedShape) {
  auto key = GenerateApiKey();
  EXPECT_EQ(key.plaintext.size(), 51u);
  EXPECT_EQ(key.plaintext.rfind("hk_live_", 0), 0u);
  EXPECT_EQ(key.prefix, key.plaintext.substr(0, 16));
  EXPECT_EQ(key.hash, HashApiKey(key.plaintext));
  EXPECT_EQ(key.hash.size(), 64u);
  EXPECT_TRUE(LooksLikeApiKey(key.plaintext));
}

TEST(ApiKeys, KeysAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) EXPECT_TRUE(seen.insert(GenerateApiKey().plaintext).second);
}

TEST(ApiKeys, HashIsSha256Hex) {
  EXPECT_EQ(HashApiKey("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ApiKeys, MalformedKeysAreRecognisedWithoutALookup) {
  auto key = GenerateApiKey().plaintext;
  EXPECT_FALSE(LooksLikeApiKey(""));
  EXPECT_FALSE(LooksLikeApiKey(key.substr(0, 50)));
  EXPECT_FALSE(LooksLikeApiKey("hk_test_" + key.substr(8)));
  EXPECT_FALSE(LooksLikeApiKey(key.substr(0, 50) + "="));
  EXPECT_FALSE(LooksLikeApiKey(key.substr(0, 50) + "+"));
}

}  // namespace
}  // namespace hotel::identity
