// MurmurHash3 x86_32 against vectors of the reference implementation (smhasher).
#include "modules/config/murmur_hash3.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hotel::config {
namespace {

struct Vector {
  std::string data;
  std::uint32_t seed;
  std::uint32_t expected;
};

// Each vector was also recomputed with an independent transcription of the reference C code.
TEST(MurmurHash3, MatchesReferenceVectors) {
  const Vector vectors[] = {
      {"", 0, 0x00000000u},  // with no data and seed 0 every step keeps h at 0
      {"", 1, 0x514E28B7u},
      {"", 0xffffffffu, 0x81F16F39u},
      {"hello", 0, 0x248BFA47u},
      {"Hello, world!", 1234, 0xFAF6CDB3u},
      {"Hello, world!", 0x9747b28cu, 0x24884CBAu},
      {"The quick brown fox jumps over the lazy dog", 0x9747b28cu, 0x2FA826CDu},
      // Whole blocks, and tails of 3, 2 and 1 bytes.
      {std::string("\xff\xff\xff\xff", 4), 0, 0x76293B50u},
      {std::string("\x21\x43\x65\x87", 4), 0, 0xF55B516Bu},
      {std::string("\x21\x43\x65\x87", 4), 0x5082EDEEu, 0x2362F9DEu},
      {std::string("\x21\x43\x65", 3), 0, 0x7E4A8634u},
      {std::string("\x21\x43", 2), 0, 0xA0F7B07Au},
      {std::string("\x21", 1), 0, 0x72661CF4u},
      {std::string("\0\0\0\0", 4), 0, 0x2362F9DEu},
      {std::string("\0\0\0", 3), 0, 0x85F0B427u},
      {std::string("\0\0", 2), 0, 0x30F4C306u},
      {std::string("\0", 1), 0, 0x514E28B7u},
      {"aaaa", 0x9747b28cu, 0x5A97808Au},
      {"aaa", 0x9747b28cu, 0x283E0130u},
      {"aa", 0x9747b28cu, 0x5D211726u},
      {"a", 0x9747b28cu, 0x7FA09EA6u},
      {"abcd", 0x9747b28cu, 0xF0478627u},
      {"abc", 0x9747b28cu, 0xC84A62DDu},
      {"ab", 0x9747b28cu, 0x74875592u},
  };
  for (const auto& v : vectors) {
    EXPECT_EQ(MurmurHash3X86_32(v.data, v.seed), v.expected) << "data of " << v.data.size() << " bytes, seed " << v.seed;
  }
}

TEST(MurmurHash3, DefaultSeedIsZero) { EXPECT_EQ(MurmurHash3X86_32("hello"), 0x248BFA47u); }

}  // namespace
}  // namespace hotel::config
