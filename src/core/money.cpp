// Exact decimal ↔ minor-unit conversion.
#include "core/money.hpp"

#include <array>
#include <limits>

namespace hotel {
namespace {

constexpr std::array<std::string_view, 17> kZeroDigit{"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
                                                      "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"};
constexpr std::array<std::string_view, 7> kThreeDigit{"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};

}  // namespace

bool IsCurrencyCode(std::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

int MinorDigits(std::string_view currency) {
  for (auto c : kZeroDigit) {
    if (c == currency) return 0;
  }
  for (auto c : kThreeDigit) {
    if (c == currency) return 3;
  }
  return 2;
}

std::optional<std::int64_t> ParseDecimalMinor(std::string_view text, std::string_view currency) {
  if (!IsCurrencyCode(currency)) return std::nullopt;
  const int digits = MinorDigits(currency);
  bool negative = false;
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    negative = text[i] == '-';
    ++i;
  }
  const std::size_t int_start = i;
  __int128 value = 0;
  int significant = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    value = value * 10 + (text[i] - '0');
    if (value != 0) ++significant;
    if (significant > 18) return std::nullopt;  // before `value` can overflow
    ++i;
  }
  if (i == int_start) return std::nullopt;
  int frac_taken = 0;
  int round_digit = -1;  // the first digit beyond the currency's precision
  if (i < text.size() && text[i] == '.') {
    ++i;
    const std::size_t frac_start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (frac_taken < digits) {
        value = value * 10 + (text[i] - '0');
        if (value != 0) ++significant;
        ++frac_taken;
      } else if (round_digit < 0) {
        round_digit = text[i] - '0';
      }
      ++i;
    }
    if (i == frac_start) return std::nullopt;
  }
  if (i != text.size() || significant > 18) return std::nullopt;
  for (; frac_taken < digits; ++frac_taken) value *= 10;
  if (round_digit >= 5) value += 1;
  if (value >= kMaxAmountMinor) return std::nullopt;
  const auto v = static_cast<std::int64_t>(value);
  return negative ? -v : v;
}

std::string AmountBoundsMessage() {
  return "must be between -" + std::to_string(kMaxAmountMinor - 1) + " and " + std::to_string(kMaxAmountMinor - 1) +
         " minor units";
}

std::optional<std::int64_t> CheckedAdd(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
  return out;
}

std::optional<std::int64_t> CheckedSub(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_sub_overflow(a, b, &out)) return std::nullopt;
  return out;
}

std::optional<std::int64_t> CheckedMul(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

std::optional<Money> AddBounded(const Money& a, const Money& b) {
  if (a.currency != b.currency) return std::nullopt;
  auto sum = CheckedAdd(a.minor, b.minor);
  if (!sum || !AmountInBounds(*sum)) return std::nullopt;
  return Money{*sum, a.currency};
}

std::optional<Money> ParseMoney(std::string_view amount, std::string_view currency) {
  auto minor = ParseDecimalMinor(amount, currency);
  if (!minor) return std::nullopt;
  return Money{*minor, std::string(currency)};
}

std::string FormatDecimal(std::int64_t minor, std::string_view currency) {
  const int digits = MinorDigits(currency);
  const bool negative = minor < 0;
  // Work in unsigned to format INT64_MIN too.
  std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
  std::string s = std::to_string(v);
  if (digits > 0) {
    if (s.size() <= static_cast<std::size_t>(digits)) s.insert(0, static_cast<std::size_t>(digits) + 1 - s.size(), '0');
    s.insert(s.size() - static_cast<std::size_t>(digits), 1, '.');
  }
  return negative ? "-" + s : s;
}

std::int64_t ScaleRounded(std::int64_t amount, std::int64_t numerator, std::int64_t denominator) {
  if (denominator == 0) return 0;
  const __int128 product = static_cast<__int128>(amount) * numerator;
  __int128 q = product / denominator;
  const __int128 r = product % denominator;
  const __int128 twice = (r < 0 ? -r : r) * 2;
  const __int128 d = denominator < 0 ? -denominator : denominator;
  if (twice >= d) q += ((product < 0) != (denominator < 0)) ? -1 : 1;
  if (q > std::numeric_limits<std::int64_t>::max()) return std::numeric_limits<std::int64_t>::max();
  if (q < std::numeric_limits<std::int64_t>::min()) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(q);
}

}  // namespace hotel
