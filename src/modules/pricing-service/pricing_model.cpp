// Names, tiers from tenant paths, and the exact decimal form of rates.
#include "modules/pricing-service/pricing_model.hpp"

#include <algorithm>

namespace hotel::pricing {

std::string_view RuleStatusName(RuleStatus status) {
  return status == RuleStatus::kActive ? "active" : "disabled";
}

std::optional<RuleStatus> ParseRuleStatus(std::string_view name) {
  if (name == "active") return RuleStatus::kActive;
  if (name == "disabled") return RuleStatus::kDisabled;
  return std::nullopt;
}

std::optional<Tier> ParseTier(std::string_view name) {
  if (name == "platform") return Tier::kPlatform;
  if (name == "distributor") return Tier::kDistributor;
  if (name == "sub_agent") return Tier::kSubAgent;
  return std::nullopt;
}

std::optional<Tier> TierOfPath(std::string_view path) {
  if (path.size() < 2 || path.front() != '/' || path.back() != '/') return std::nullopt;
  const auto segments = std::count(path.begin(), path.end(), '/') - 1;
  if (path.find("//") != std::string_view::npos) return std::nullopt;
  switch (segments) {
    case 1: return Tier::kPlatform;
    case 2: return Tier::kDistributor;
    case 3: return Tier::kSubAgent;
    default: return std::nullopt;
  }
}

std::optional<std::int64_t> ParseRateE10(std::string_view text) {
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && frac.empty()) || frac.size() > 10) return std::nullopt;
  // 10^18 / 10^10 = 10^8: more than 9 whole digits cannot be a valid rate.
  if (whole.size() > 9) return std::nullopt;
  std::int64_t value = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  std::int64_t fraction = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    char c = i < frac.size() ? frac[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    fraction = fraction * 10 + (c - '0');
  }
  const std::int64_t rate = value * kRateScale + fraction;  // ≤ 999999999 × 10^10 + 10^10 < 2^63
  if (rate <= 0 || rate > FxTable::kMaxRateE10) return std::nullopt;
  return rate;
}

std::string FormatRateE10(std::int64_t rate_e10) {
  std::string out = std::to_string(rate_e10 / kRateScale);
  std::string frac = std::to_string(rate_e10 % kRateScale);
  frac.insert(0, 10 - frac.size(), '0');
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  if (!frac.empty()) out += "." + frac;
  return out;
}

}  // namespace hotel::pricing
