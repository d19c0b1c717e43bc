// Exchange-rate table and the fixed-point conversion rule (see fx.hpp).
#include "modules/pricing-service/fx.hpp"

#include <limits>

namespace hotel::pricing {
namespace {

__int128 Pow10(int n) {
  __int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// Both operands positive or numerator of either sign, denominator > 0.
__int128 DivRoundHalfAway(__int128 num, __int128 den) {
  __int128 q = num / den;
  const __int128 r = num % den;
  if ((r < 0 ? -r : r) * 2 >= den) q += num < 0 ? -1 : 1;
  return q;
}

}  // namespace

Result<void> FxTable::Set(FxRate rate) {
  if (!IsCurrencyCode(rate.from)) return Error::Validation("from", "not a currency code");
  if (!IsCurrencyCode(rate.to)) return Error::Validation("to", "not a currency code");
  if (rate.from == rate.to) return Error::Validation("to", "must differ from `from`");
  if (rate.rate_e10 < kMinRateE10 || rate.rate_e10 > kMaxRateE10) {
    return Error::Validation("rate", "out of range");
  }
  rates_[{std::move(rate.from), std::move(rate.to)}] = rate.rate_e10;
  return Ok();
}

std::optional<std::int64_t> FxTable::Get(std::string_view from, std::string_view to) const {
  if (from == to) return kRateScale;
  if (auto it = rates_.find(std::pair{std::string(from), std::string(to)}); it != rates_.end()) {
    return it->second;
  }
  if (auto it = rates_.find(std::pair{std::string(to), std::string(from)}); it != rates_.end()) {
    const __int128 scale_sq = static_cast<__int128>(kRateScale) * kRateScale;
    return static_cast<std::int64_t>(DivRoundHalfAway(scale_sq, it->second));  // Set's bounds keep it in range
  }
  return std::nullopt;
}

bool FxTable::Remove(std::string_view from, std::string_view to) {
  return rates_.erase(std::pair{std::string(from), std::string(to)}) > 0;
}

std::vector<FxRate> FxTable::Rates() const {
  std::vector<FxRate> out;
  out.reserve(rates_.size());
  for (const auto& [pair, rate] : rates_) out.push_back(FxRate{pair.first, pair.second, rate});
  return out;
}

Result<Money> Convert(const Money& amount, std::string_view to, const FxTable& table) {
  if (amount.currency == to) return amount;
  if (amount.minor <= -kMaxConvertibleMinor || amount.minor >= kMaxConvertibleMinor) {
    return Error::Validation("amount", "too large to convert");
  }
  const auto rate = table.Get(amount.currency, to);
  if (!rate) {
    return Error::NotFound("no exchange rate " + amount.currency + "->" + std::string(to));
  }
  return ConvertAt(amount, to, *rate);
}

Result<Money> ConvertAt(const Money& amount, std::string_view to, std::int64_t rate_e10) {
  if (amount.currency == to) return amount;
  if (amount.minor <= -kMaxConvertibleMinor || amount.minor >= kMaxConvertibleMinor) {
    return Error::Validation("amount", "too large to convert");
  }
  const __int128 num = static_cast<__int128>(amount.minor) * rate_e10 * Pow10(MinorDigits(to));
  const __int128 den = static_cast<__int128>(kRateScale) * Pow10(MinorDigits(amount.currency));
  const __int128 q = DivRoundHalfAway(num, den);
  if (q > std::numeric_limits<std::int64_t>::max() || q < std::numeric_limits<std::int64_t>::min()) {
    return Error::Validation("amount", "converted amount out of range");
  }
  return Money{static_cast<std::int64_t>(q), std::string(to)};
}

}  // namespace hotel::pricing
