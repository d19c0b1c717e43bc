// ULID generation (https://github.com/ulid/spec), monotonic per process.
#include "core/ids.hpp"

#include <array>
#include <cctype>
#include <cstdint>
#include <mutex>
#include <random>

namespace hotel {
namespace {
constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

struct UlidState {
  std::mutex mutex;
  std::uint64_t last_ms = 0;
  std::array<std::uint8_t, 10> last_random{};
  std::mt19937_64 rng{std::random_device{}()};
};

UlidState& State() {
  static UlidState state;  // process-wide: monotonicity needs one sequence
  return state;
}

void Encode(std::uint64_t ms, const std::array<std::uint8_t, 10>& rnd, char* out) {
  // 128 bits: 48 time + 80 random, as 26 base32 digits (the first holds 3 bits).
  unsigned __int128 v = (static_cast<unsigned __int128>(ms) << 80);
  for (int i = 0; i < 10; ++i) v |= static_cast<unsigned __int128>(rnd[i]) << (8 * (9 - i));
  for (int i = 25; i >= 0; --i) {
    out[i] = kCrockford[static_cast<unsigned>(v & 31)];
    v >>= 5;
  }
}
}  // namespace

std::string NewUlid(std::chrono::system_clock::time_point now) {
  const auto ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
  std::array<std::uint8_t, 10> rnd{};
  std::uint64_t use_ms = ms;
  {
    auto& s = State();
    std::lock_guard lock(s.mutex);
    if (ms <= s.last_ms) {
      // Same (or earlier: clock stepped back) millisecond: increment the random part.
      use_ms = s.last_ms;
      rnd = s.last_random;
      for (int i = 9; i >= 0; --i) {
        if (++rnd[i] != 0) break;
      }
    } else {
      for (auto& b : rnd) b = static_cast<std::uint8_t>(s.rng());
    }
    s.last_ms = use_ms;
    s.last_random = rnd;
  }
  return FormatUlid(use_ms, rnd);
}

std::string FormatUlid(std::uint64_t unix_ms, const std::array<std::uint8_t, 10>& random) {
  std::string out(26, '0');
  Encode(unix_ms, random, out.data());
  return out;
}

std::string NewUlid() { return NewUlid(std::chrono::system_clock::now()); }

std::string NewId(std::string_view prefix) {
  std::string ulid = NewUlid();
  for (auto& c : ulid) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string out;
  out.reserve(prefix.size() + 1 + ulid.size());
  out.append(prefix).push_back('_');
  out += ulid;
  return out;
}

bool IsId(std::string_view id, std::string_view prefix) {
  if (id.size() != prefix.size() + 1 + 26) return false;
  if (id.substr(0, prefix.size()) != prefix || id[prefix.size()] != '_') return false;
  const std::string_view body = id.substr(prefix.size() + 1);
  if (body[0] > '7') return false;  // the first digit carries only 3 bits
  for (char c : body) {
    const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (c != std::tolower(static_cast<unsigned char>(c))) return false;
    bool ok = false;
    for (const char* p = kCrockford; *p; ++p) ok |= (*p == u);
    if (!ok) return false;
  }
  return true;
}

}  // namespace hotel
