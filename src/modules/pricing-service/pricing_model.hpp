// The pricing-service's stored records: markup rules as rows (the domain MarkupRule plus its
// owner's path, status and audit columns), exchange-rate rows, and the exact decimal ↔
// rate_e10 conversion the API uses for rates.
#pragma once

#include "core/error.hpp"
#include "modules/pricing-service/fx.hpp"
#include "modules/pricing-service/price_chain.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::pricing {

enum class RuleStatus { kActive, kDisabled };
std::string_view RuleStatusName(RuleStatus status);  // "active" | "disabled"
std::optional<RuleStatus> ParseRuleStatus(std::string_view name);
std::optional<Tier> ParseTier(std::string_view name);  // "platform" | "distributor" | "sub_agent"

// The tier of a tenant from its path: "/tnt_platform/" platform, two segments distributor,
// three sub_agent; nullopt for anything else.
std::optional<Tier> TierOfPath(std::string_view tenant_path);

struct StoredRule {
  MarkupRule rule;               // id, tier, owner, filters, kind, amounts, created_seq
  std::string owner_tenant_path; // "/tnt_platform/tnt_d/"
  RuleStatus status = RuleStatus::kActive;
  std::string created_by, created_at, updated_at;
  std::optional<std::string> note;
};

// A PATCH: each set member replaces the column; the nested optional clears a nullable one.
struct RulePatch {
  std::optional<std::optional<std::string>> supplier, country, city, hotel_id;
  std::optional<std::optional<Date>> stay_from, stay_to;
  std::optional<MarkupRule::Kind> kind;
  std::optional<std::int64_t> percent_bp;
  std::optional<std::optional<Money>> fixed;
  std::optional<bool> allow_negative;
  std::optional<RuleStatus> status;
  std::optional<std::optional<std::string>> note;
};

struct RuleFilter {
  std::optional<std::string> owner_tenant_id;
  std::optional<Tier> tier;
  std::optional<RuleStatus> status;
  std::optional<std::string> subtree_path;  // only rules whose owner path starts with this
};

struct FxRateRow {
  FxRate rate;
  std::string source;      // "seed", "api", a provider's name
  std::string updated_by;  // user/key id, "migration"
  std::string updated_at;  // ISO 8601 UTC
};

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

// "7.8123456789" → 78123456789: digits, an optional fraction of at most 10 digits, no sign,
// exponent or spaces, parsed digit by digit (never through a double); nullopt when malformed,
// zero or above FxTable::kMaxRateE10.
std::optional<std::int64_t> ParseRateE10(std::string_view text);
// 78123456789 → "7.8123456789"; trailing fraction zeros dropped ("7.8", "1").
std::string FormatRateE10(std::int64_t rate_e10);

}  // namespace hotel::pricing
