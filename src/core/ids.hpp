// Sortable opaque ids: ULID (48-bit ms time + 80 random bits, Crockford base32), kind-prefixed.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace hotel {

// 26-character ULID. Monotonic within a process: ids made in the same millisecond still sort
// in creation order (the random part is incremented), as the ULID spec describes.
std::string NewUlid();
std::string NewUlid(std::chrono::system_clock::time_point now);

// The ULID text of a given time and random part (for tests and for ids made elsewhere).
std::string FormatUlid(std::uint64_t unix_ms, const std::array<std::uint8_t, 10>& random);

// "ord_01JD…" — the kind prefix from API-CONVENTIONS.md plus a lowercase ULID.
std::string NewId(std::string_view prefix);

// True when `id` is `<prefix>_` followed by a well-formed (lowercase) ULID.
bool IsId(std::string_view id, std::string_view prefix);

}  // namespace hotel
