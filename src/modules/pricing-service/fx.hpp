// Exchange rates as fixed-point integers and the one conversion rule every price goes through.
#pragma once

#include "core/error.hpp"
#include "core/money.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hotel::pricing {

// 10^10: rates carry ten decimal places.
inline constexpr std::int64_t kRateScale = 10'000'000'000;

// Conversion is exact (128-bit) for amounts below this many minor units in either direction.
inline constexpr std::int64_t kMaxConvertibleMinor = kMaxAmountMinor;  // core/money: the one bound

struct FxRate {
  std::string from, to;
  std::int64_t rate_e10 = 0;  // units of `to` per unit of `from`, × 10^10
  bool operator==(const FxRate&) const = default;
};

// Rates as set by an operator or a provider. A pair known in one direction only answers the
// other with the derived inverse round_half_away(10^20 / rate_e10); a direction set
// explicitly always wins over a derived one.
class FxTable {
 public:
  // validation_failed for bad codes, from == to, or a rate outside [kMinRateE10, kMaxRateE10].
  Result<void> Set(FxRate rate);
  // The rate from → to: 10^10 for the same currency, the set rate, else the derived inverse.
  std::optional<std::int64_t> Get(std::string_view from, std::string_view to) const;
  bool Remove(std::string_view from, std::string_view to);
  std::vector<FxRate> Rates() const;  // the rates as set, in (from, to) order

  // 11 is the smallest rate whose inverse (10^20 / rate) fits in 64 bits; 10^18 (one unit
  // worth 10^8 of the other) is far beyond any real pair and keeps the inverse non-zero.
  static constexpr std::int64_t kMinRateE10 = 11;
  static constexpr std::int64_t kMaxRateE10 = 1'000'000'000'000'000'000;

 private:
  std::map<std::pair<std::string, std::string>, std::int64_t, std::less<>> rates_;
};

// The rule, in minor units:
//   to_minor = round_half_away_from_zero(from_minor × rate_e10 × 10^digits(to)
//                                        / (10^10 × 10^digits(from)))
// computed in __int128, so it is exact for |from_minor| < kMaxConvertibleMinor (the product
// stays below 10^15 × 10^18 × 10^3 < 2^127). Same currency → unchanged. Unknown pair →
// not_found; an amount at or above the bound, or a result beyond 64 bits → validation_failed.
Result<Money> Convert(const Money& amount, std::string_view to, const FxTable& table);
// The same at a rate already looked up (FxTable::Get(amount.currency, to)): for many amounts
// in one currency.
Result<Money> ConvertAt(const Money& amount, std::string_view to, std::int64_t rate_e10);

}  // namespace hotel::pricing
