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

// Digits after the decimal point for a currency (ISO 4217): 2 unless listed (JPY/KRW/… 0,
// BHD/KWD/OMR/JOD/TND/LYD/IQD 3). Unknown well-formed codes take 2.
int MinorDigits(std::string_view currency);

// Three upper-case ASCII letters.
bool IsCurrencyCode(std::string_view code);

// "205.40" in EUR → 20540. Accepts an optional '-' sign, digits, and an optional fraction
// ("12", "12.", ".5" are rejected: a digit on each side of a point). Up to 18 significant
// digits. More fraction digits than the currency has: rounded half away from zero.
// nullopt for anything else (blank, "1e3", "12,50", "NaN", overflow).
std::optional<std::int64_t> ParseDecimalMinor(std::string_view text, std::string_view currency);
std::optional<Money> ParseMoney(std::string_view amount, std::string_view currency);

// 20540 EUR → "205.40"; 1500 JPY → "1500"; -5 EUR → "-0.05".
std::string FormatDecimal(std::int64_t minor, std::string_view currency);
inline std::string FormatDecimal(const Money& m) { return FormatDecimal(m.minor, m.currency); }

// amount × numerator / denominator, rounded half away from zero (no overflow below 2^63 for
// the product's quotient). For percentages of a price: Scale(price, 25, 100).
std::int64_t ScaleRounded(std::int64_t amount, std::int64_t numerator, std::int64_t denominator);

}  // namespace hotel
