// The pricing API's JSON: markup-rule, rate and preview bodies in (validated, every bad field
// named, unknown fields rejected), rules, rates and price breakdowns out.
#pragma once

#include "modules/pricing-service/pricing_model.hpp"
#include "modules/pricing-service/pricing_service.hpp"
#include "runtime/http.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace hotel::pricing::views {

inline constexpr int kDefaultLimit = 50;
inline constexpr int kMaxLimit = 200;

// A create (POST) or change (PATCH) of a markup rule; `owner_tenant_id` only on create.
struct RuleInput {
  std::optional<std::string> owner_tenant_id;
  RulePatch fields;
};
Result<RuleInput> ParseRuleBody(std::string_view body, bool create);

// Applies `patch` to `rule` and checks the result as a whole (kind and amounts agree, the
// stay window is ordered, a lowering markup has allowNegative); the error names the field.
std::optional<Error> ApplyPatch(StoredRule& rule, const RulePatch& patch);

struct RulesQuery {
  RuleFilter filter;
  int limit = kDefaultLimit;
  std::optional<std::string> cursor;
};
Result<RulesQuery> ParseRulesQuery(const runtime::Request& req);

struct RatesQuery {
  int limit = kDefaultLimit;
  std::optional<std::string> cursor;  // "EUR-CNY": the last pair of the previous page
};
Result<RatesQuery> ParseRatesQuery(const runtime::Request& req);

// {"rate": "7.8123456789"} → rate_e10.
Result<std::int64_t> ParseRateBody(std::string_view body);

struct PreviewInput {
  std::string tenant_id;
  PriceRequest request;  // chain filled by the handler from the tenant's path
};
Result<PreviewInput> ParsePreview(std::string_view body);

boost::json::object MoneyJson(const Money& m);
boost::json::object RuleJson(const StoredRule& rule);
boost::json::object RulesPageJson(const Page<StoredRule>& page);
boost::json::object RateJson(const FxRateRow& row);
boost::json::object RatesPageJson(const std::vector<FxRateRow>& rows, std::optional<std::string> next_cursor);
// `show_rule_id(tier)`: whether the caller may see the id of that tier's rule.
boost::json::object PreviewJson(const PreviewInput& in, const PricedRate& priced, bool show_platform_rule);

}  // namespace hotel::pricing::views
