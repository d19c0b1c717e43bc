// MurmurHash3 x86_32, transcribed from smhasher's MurmurHash3.cpp (public domain).
#include "modules/config/murmur_hash3.hpp"

namespace hotel::config {
namespace {

constexpr std::uint32_t Rotl(std::uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

constexpr std::uint32_t FinalMix(std::uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

constexpr std::uint32_t kC1 = 0xcc9e2d51u;
constexpr std::uint32_t kC2 = 0x1b873593u;

}  // namespace

std::uint32_t MurmurHash3X86_32(std::string_view data, std::uint32_t seed) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  const std::size_t len = data.size();
  const std::size_t nblocks = len / 4;
  std::uint32_t h1 = seed;

  for (std::size_t i = 0; i < nblocks; ++i) {
    const unsigned char* p = bytes + i * 4;
    std::uint32_t k1 = std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
                       std::uint32_t(p[3]) << 24;
    k1 *= kC1;
    k1 = Rotl(k1, 15);
    k1 *= kC2;
    h1 ^= k1;
    h1 = Rotl(h1, 13);
    h1 = h1 * 5 + 0xe6546b64u;
  }

  const unsigned char* tail = bytes + nblocks * 4;
  std::uint32_t k1 = 0;
  switch (len & 3) {
    case 3: k1 ^= std::uint32_t(tail[2]) << 16; [[fallthrough]];
    case 2: k1 ^= std::uint32_t(tail[1]) << 8; [[fallthrough]];
    case 1:
      k1 ^= tail[0];
      k1 *= kC1;
      k1 = Rotl(k1, 15);
      k1 *= kC2;
      h1 ^= k1;
  }

  // The reference mixes in the length as an int; only its low 32 bits matter.
  h1 ^= static_cast<std::uint32_t>(len);
  return FinalMix(h1);
}

}  // namespace hotel::config
