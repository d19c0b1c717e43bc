// The pricing-service's SQL (markup_rules, fx_rates, and the tenants' paths it reads) on
// either engine. Blocking: callers run it on the BlockingPool or the reload thread.
#pragma once

#include "modules/pricing-service/pricing_model.hpp"
#include "ports/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hotel::pricing {

class PricingStore {
 public:
  explicit PricingStore(ports::Database& db) : db_(db) {}

  // The materialised path of a tenant (migration 003); nullopt when there is no such tenant.
  Result<std::optional<std::string>> TenantPath(const std::string& tenant_id);

  // Inserts `rule` (its created_seq is assigned by the database, one more than any before)
  // and returns it as stored.
  Result<StoredRule> InsertRule(const StoredRule& rule);
  Result<std::optional<StoredRule>> FindRule(const std::string& id);
  // Writes every mutable column (filters, kind, amounts, flags, status, note, updated_at);
  // false when the rule is gone.
  Result<bool> UpdateRule(const StoredRule& rule);
  // In id order (ids sort by creation time); `cursor` is the last id of the previous page.
  Result<Page<StoredRule>> ListRules(const RuleFilter& filter, int limit, const std::optional<std::string>& cursor);
  // Every active rule, for the in-memory snapshot.
  Result<std::vector<MarkupRule>> ActiveRules();

  Result<std::vector<FxRateRow>> ListRates();
  Result<std::optional<FxRateRow>> FindRate(const std::string& from, const std::string& to);
  // Inserts or replaces the (from, to) pair.
  Result<void> UpsertRate(const FxRateRow& row);
  // false when the pair was not set.
  Result<bool> DeleteRate(const std::string& from, const std::string& to);

  ports::Database& database() { return db_; }

 private:
  bool IsSqlite() const { return db_.dialect() == ports::Dialect::sqlite; }
  std::string Ts(std::string_view column) const;  // a timestamp column as ISO 8601 text
  std::string RuleColumns() const;

  ports::Database& db_;
};

}  // namespace hotel::pricing
