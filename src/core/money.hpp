// Money: an integer count of minor units plus an ISO 4217 code. Never a double.
// Suppliers send decimal strings ("205.40", "1500", "12.345"); they are parsed exactly, and
// rounded half away from zero to the currency's minor unit when they carry more decimals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotel {

struct Money {
  std::int64_t minor = 0;  // cents for EUR/USD, yen for JPY, fils/1000 for KWD
  std::string currency;    // "EUR": three upper-case letters
  bool operator==(const Money&) const = default;
};

// The one bound on every amount the platform accepts (an API body, a supplier's answer, a row
// read back): |minor| < 10^15, i.e. below ten trillion units of a two-decimal currency, far
// beyond any hotel price or credit line, and far enough below 2^63 (≈ 9.2 × 10^18) that sums of
// thousands of such amounts, and their products with a percentage or an exchange rate in
// __int128, cannot overflow. Check at the edge with AmountInBounds; add and multiply with the
// Checked* functions below wherever an operand is not already known to be bounded.
inline constexpr std::int64_t kMaxAmountMinor = 1'000'000'000'000'000;  // 10^15
constexpr bool AmountInBounds(std::int64_t minor) { return minor > -kMaxAmountMinor && minor < kMaxAmountMinor; }
// "must be between -999999999999999 and 999999999999999 minor units": the message every
// bound check gives.
std::string AmountBoundsMessage();

// Checked arithmetic on minor units (and any other int64 figure): nullopt on overflow, never
// undefined behaviour.
std::optional<std::int64_t> CheckedAdd(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> CheckedSub(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> CheckedMul(std::int64_t a, std::int64_t b);
// a + b within AmountInBounds, same currency; nullopt otherwise.
std::optional<Money> AddBounded(const Money& a, const Money& b);

// Digits after the decimal point for a currency (ISO 4217): 2 unless listed (JPY/KRW/… 0,
// BHD/KWD/OMR/JOD/TND/LYD/IQD 3). Unknown well-formed codes take 2.
int MinorDigits(std::string_view currency);

// Three upper-case ASCII letters.
bool IsCurrencyCode(std::string_view code);

// "205.40" in EUR → 20540. Accepts an optional '-' sign, digits, and an optional fraction
// ("12", "12.", ".5" are rejected: a digit on each side of a point). More fraction digits
// than the currency has: rounded half away from zero. nullopt for anything else (blank, "1e3",
// "12,50", "NaN") and for a result outside AmountInBounds.
std::optional<std::int64_t> ParseDecimalMinor(std::string_view text, std::string_view currency);
std::optional<Money> ParseMoney(std::string_view amount, std::string_view currency);

// 20540 EUR → "205.40"; 1500 JPY → "1500"; -5 EUR → "-0.05".
std::string FormatDecimal(std::int64_t minor, std::string_view currency);
inline std::string FormatDecimal(const Money& m) { return FormatDecimal(m.minor, m.currency); }

// amount × numerator / denominator, rounded half away from zero, computed in __int128; a
// quotient beyond int64 saturates at its bounds (never undefined behaviour). For percentages of
// a price: ScaleRounded(price, 25, 100). denominator must not be 0 (then 0 is returned).
std::int64_t ScaleRounded(std::int64_t amount, std::int64_t numerator, std::int64_t denominator);

}  // namespace hotel
