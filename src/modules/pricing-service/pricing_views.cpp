// JSON in and out for the pricing API (Boost.JSON and runtime::JsonReader).
#include "modules/pricing-service/pricing_views.hpp"

#include "core/ids.hpp"
#include "runtime/json.hpp"

#include <boost/json.hpp>

#include <charconv>

namespace hotel::pricing::views {
namespace {

using runtime::JsonReader;
namespace json = boost::json;

constexpr std::size_t kMaxCity = 100;
constexpr std::size_t kMaxNote = 500;

bool IsSupplierCode(std::string_view s) {
  if (s.empty() || s.size() > 16) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

bool IsCountry(std::string_view s) {
  return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

bool IsHotelId(std::string_view s) { return s.size() <= 40 && s.substr(0, 4) == "htl_" && s.size() > 4; }

const json::value* Member(const json::value& v, std::string_view key) {
  return v.is_object() ? v.get_object().if_contains(key) : nullptr;
}

// A nullable string field of a body: absent → unset; null → clear; else the checked text.
void NullableText(JsonReader& r, const json::value& body, std::string_view field,
                  std::optional<std::optional<std::string>>& out, bool (*valid)(std::string_view),
                  std::string_view message) {
  const json::value* v = Member(body, field);
  if (!v) return;
  if (v->is_null()) {
    out = std::optional<std::string>{};
    return;
  }
  auto text = r.Optional<std::string>(field);
  if (!text) return;
  r.Check(field, valid(*text), std::string(message));
  out = std::optional<std::string>(std::move(*text));
}

void NullableDate(JsonReader& r, const json::value& body, std::string_view field,
                  std::optional<std::optional<Date>>& out) {
  const json::value* v = Member(body, field);
  if (!v) return;
  if (v->is_null()) {
    out = std::optional<Date>{};
    return;
  }
  auto text = r.Optional<std::string>(field);
  if (!text) return;
  auto d = ParseDate(*text);
  r.Check(field, d.has_value(), "must be a date YYYY-MM-DD");
  if (d) out = std::optional<Date>(*d);
}


std::optional<int> ParseLimit(const runtime::Request& req, std::vector<FieldError>& errors) {
  auto limit = req.QueryParam("limit");
  if (!limit) return std::nullopt;
  int n = 0;
  auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), n);
  if (ec != std::errc() || end != limit->data() + limit->size() || n < 1 || n > kMaxLimit) {
    errors.push_back({"limit", "must be an integer from 1 to 200"});
    return std::nullopt;
  }
  return n;
}

Error Invalid(std::vector<FieldError> errors) {
  return Error{Errc::validation_failed, "The request has invalid fields.", std::move(errors)};
}

json::value Opt(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(); }
json::value OptDate(const std::optional<Date>& d) { return d ? json::value(FormatDate(*d)) : json::value(); }

}  // namespace

Result<RuleInput> ParseRuleBody(std::string_view body, bool create) {
  auto parsed = runtime::ParseJson(body);
  if (!parsed) return parsed.error();
  const json::value& v = *parsed;
  if (!v.is_object()) return Error::Validation("body", "must be a JSON object");
  JsonReader r(v);
  if (create) {
    r.NoOtherFields({"ownerTenantId", "supplier", "country", "city", "hotelId", "stayFrom", "stayTo", "kind",
                     "percentBp", "fixedAmount", "allowNegative", "note"});
  } else {
    for (const auto& kv : v.get_object()) {
      if (kv.key() == "ownerTenantId") r.AddError("ownerTenantId", "cannot be changed: create a rule for the other tenant");
    }
    r.NoOtherFields({"ownerTenantId", "supplier", "country", "city", "hotelId", "stayFrom", "stayTo", "kind",
                     "percentBp", "fixedAmount", "allowNegative", "note", "status"});
  }
  RuleInput in;
  RulePatch& p = in.fields;
  if (create) {
    in.owner_tenant_id = r.Optional<std::string>("ownerTenantId");
    if (in.owner_tenant_id) r.Check("ownerTenantId", in.owner_tenant_id->rfind("tnt_", 0) == 0 && in.owner_tenant_id->size() <= 40,
                                      "must be a tenant id (tnt_…)");
  }
  NullableText(r, v, "supplier", p.supplier, IsSupplierCode, "must be a supplier code: 1 to 16 characters A-Z, 0-9 or _");
  NullableText(r, v, "country", p.country, IsCountry, "must be an ISO 3166-1 alpha-2 code such as FR");
  NullableText(
      r, v, "city", p.city, [](std::string_view s) { return !s.empty() && s.size() <= kMaxCity; },
      "must be 1 to 100 characters");
  NullableText(r, v, "hotelId", p.hotel_id, IsHotelId, "must be a master hotel id (htl_…)");
  NullableDate(r, v, "stayFrom", p.stay_from);
  NullableDate(r, v, "stayTo", p.stay_to);
  NullableText(
      r, v, "note", p.note, [](std::string_view s) { return s.size() <= kMaxNote; }, "must be at most 500 characters");
  std::optional<std::string> kind = create ? std::optional(r.Required<std::string>("kind")) : r.Optional<std::string>("kind");
  if (kind) r.Check("kind", *kind == "percent" || *kind == "fixed", "must be percent or fixed");
  if (kind && (*kind == "percent" || *kind == "fixed")) p.kind = *kind == "fixed" ? MarkupRule::kFixed : MarkupRule::kPercent;
  p.percent_bp = r.Optional<std::int64_t>("percentBp");
  if (p.percent_bp) {
    r.Check("percentBp", *p.percent_bp >= -10'000 && *p.percent_bp <= 100'000,
            "must be from -10000 to 100000 basis points (-100% to +1000%)");
  }
  if (const json::value* fixed = Member(v, "fixedAmount")) {
    if (fixed->is_null()) {
      p.fixed = std::optional<Money>{};
    } else if (!fixed->is_object()) {
      r.AddError("fixedAmount", "must be an object {amount, currency}");
    } else if (auto money = runtime::ReadMoney(r, "fixedAmount", false)) {
      p.fixed = std::optional<Money>(std::move(*money));
    }
  }
  p.allow_negative = r.Optional<bool>("allowNegative");
  if (!create) {
    if (auto status = r.Optional<std::string>("status")) {
      p.status = ParseRuleStatus(*status);
      r.Check("status", p.status.has_value(), "must be active or disabled");
    }
  }
  if (auto err = r.Finish()) return *err;
  return in;
}

std::optional<Error> ApplyPatch(StoredRule& stored, const RulePatch& p) {
  MarkupRule& rule = stored.rule;
  std::vector<FieldError> errors;
  if (p.supplier) rule.supplier = *p.supplier;
  if (p.country) rule.country = *p.country;
  if (p.city) rule.city = *p.city;
  if (p.hotel_id) rule.hotel_id = *p.hotel_id;
  if (p.stay_from) rule.stay_from = *p.stay_from;
  if (p.stay_to) rule.stay_to = *p.stay_to;
  if (p.note) stored.note = *p.note;
  if (p.status) stored.status = *p.status;
  if (p.allow_negative) rule.allow_negative = *p.allow_negative;
  if (p.kind && *p.kind != rule.kind) {
    // Switching kind drops the other kind's amount unless the same body sets it (an error).
    rule.kind = *p.kind;
    if (rule.kind == MarkupRule::kPercent) {
      if (p.fixed && *p.fixed) errors.push_back({"fixedAmount", "only with kind fixed"});
      rule.fixed.reset();
    } else {
      if (p.percent_bp && *p.percent_bp != 0) errors.push_back({"percentBp", "only with kind percent"});
      rule.percent_bp = 0;
    }
  } else {
    if (p.percent_bp) {
      if (rule.kind == MarkupRule::kFixed && *p.percent_bp != 0) errors.push_back({"percentBp", "only with kind percent"});
      else rule.percent_bp = *p.percent_bp;
    }
    if (p.fixed) {
      if (rule.kind == MarkupRule::kPercent && *p.fixed) errors.push_back({"fixedAmount", "only with kind fixed"});
      else rule.fixed = *p.fixed;
    }
  }
  if (p.kind && *p.kind == MarkupRule::kFixed && p.fixed) rule.fixed = *p.fixed;
  if (rule.kind == MarkupRule::kFixed && !rule.fixed) {
    errors.push_back({"fixedAmount", "is required when kind is fixed"});
  }
  if (rule.kind == MarkupRule::kPercent && p.kind && !p.percent_bp) {
    errors.push_back({"percentBp", "is required when kind is percent"});
  }
  if (rule.stay_from && rule.stay_to && *rule.stay_from > *rule.stay_to) {
    errors.push_back({"stayTo", "must not be before stayFrom"});
  }
  if (!rule.allow_negative) {
    if (rule.kind == MarkupRule::kPercent && rule.percent_bp < 0) {
      errors.push_back({"percentBp", "a negative markup needs allowNegative"});
    }
    if (rule.kind == MarkupRule::kFixed && rule.fixed && rule.fixed->minor < 0) {
      errors.push_back({"fixedAmount.amount", "a negative markup needs allowNegative"});
    }
  }
  if (errors.empty()) return std::nullopt;
  return Invalid(std::move(errors));
}

Result<RulesQuery> ParseRulesQuery(const runtime::Request& req) {
  RulesQuery q;
  std::vector<FieldError> errors;
  if (auto limit = ParseLimit(req, errors)) q.limit = *limit;
  if (auto cursor = req.QueryParam("cursor")) {
    if (!IsId(*cursor, "mkr")) errors.push_back({"cursor", "must be the nextCursor of a previous page"});
    else q.cursor = std::move(*cursor);
  }
  if (auto owner = req.QueryParam("ownerTenantId")) {
    if (owner->rfind("tnt_", 0) != 0 || owner->size() > 40) errors.push_back({"ownerTenantId", "must be a tenant id"});
    else q.filter.owner_tenant_id = std::move(*owner);
  }
  if (auto tier = req.QueryParam("tier")) {
    q.filter.tier = ParseTier(*tier);
    if (!q.filter.tier) errors.push_back({"tier", "must be platform, distributor or sub_agent"});
  }
  if (auto status = req.QueryParam("status")) {
    q.filter.status = ParseRuleStatus(*status);
    if (!q.filter.status) errors.push_back({"status", "must be active or disabled"});
  }
  if (!errors.empty()) return Invalid(std::move(errors));
  return q;
}

Result<RatesQuery> ParseRatesQuery(const runtime::Request& req) {
  RatesQuery q;
  std::vector<FieldError> errors;
  if (auto limit = ParseLimit(req, errors)) q.limit = *limit;
  if (auto cursor = req.QueryParam("cursor")) {
    if (cursor->size() != 7 || (*cursor)[3] != '-' || !IsCurrencyCode(cursor->substr(0, 3)) ||
        !IsCurrencyCode(cursor->substr(4))) {
      errors.push_back({"cursor", "must be the nextCursor of a previous page"});
    } else {
      q.cursor = std::move(*cursor);
    }
  }
  if (!errors.empty()) return Invalid(std::move(errors));
  return q;
}

Result<std::int64_t> ParseRateBody(std::string_view body) {
  auto parsed = runtime::ParseJson(body);
  if (!parsed) return parsed.error();
  JsonReader r(*parsed);
  if (!parsed->is_object()) return Error::Validation("body", "must be a JSON object");
  r.NoOtherFields({"rate"});
  std::int64_t rate = 0;
  if (const json::value* v = Member(*parsed, "rate"); v && !v->is_string() && !v->is_null()) {
    r.AddError("rate", "must be a decimal string such as \"7.8123456789\" (numbers lose precision)");
  } else {
    auto text = r.Required<std::string>("rate");
    if (r.ok()) {
      auto e10 = ParseRateE10(text);
      r.Check("rate", e10 && *e10 >= FxTable::kMinRateE10,
              "must be a positive decimal with at most 10 decimals, from 0.0000000011 to 100000000");
      rate = e10.value_or(0);
    }
  }
  if (auto err = r.Finish()) return *err;
  return rate;
}

Result<PreviewInput> ParsePreview(std::string_view body) {
  auto parsed = runtime::ParseJson(body);
  if (!parsed) return parsed.error();
  const json::value& v = *parsed;
  if (!v.is_object()) return Error::Validation("body", "must be a JSON object");
  JsonReader r(v);
  r.NoOtherFields({"tenantId", "net", "sellingFloor", "currency", "supplier", "country", "city", "hotelId", "checkIn"});
  PreviewInput in;
  PriceRequest& q = in.request;
  in.tenant_id = r.Required<std::string>("tenantId");
  r.Check("tenantId", in.tenant_id.rfind("tnt_", 0) == 0 && in.tenant_id.size() <= 40, "must be a tenant id (tnt_…)");
  if (auto net = runtime::ReadMoney(r, "net", true)) q.net = *net;
  q.selling_floor = runtime::ReadMoney(r, "sellingFloor", false);
  q.target_currency = r.Optional<std::string>("currency").value_or("");
  if (!q.target_currency.empty()) {
    r.Check("currency", IsCurrencyCode(q.target_currency), "must be an ISO 4217 code such as EUR");
  }
  q.supplier = r.Optional<std::string>("supplier").value_or("");
  if (!q.supplier.empty()) r.Check("supplier", IsSupplierCode(q.supplier), "must be a supplier code");
  q.country = r.Optional<std::string>("country").value_or("");
  if (!q.country.empty()) r.Check("country", IsCountry(q.country), "must be an ISO 3166-1 alpha-2 code such as FR");
  q.city = r.Optional<std::string>("city").value_or("");
  r.Check("city", q.city.size() <= kMaxCity, "must be at most 100 characters");
  q.hotel_id = r.Optional<std::string>("hotelId").value_or("");
  if (!q.hotel_id.empty()) r.Check("hotelId", IsHotelId(q.hotel_id), "must be a master hotel id (htl_…)");
  auto check_in = r.Required<std::string>("checkIn");
  if (r.ok() || !check_in.empty()) {
    auto d = ParseDate(check_in);
    r.Check("checkIn", d.has_value(), "must be a date YYYY-MM-DD");
    if (d) q.check_in = *d;
  }
  if (auto err = r.Finish()) return *err;
  return in;
}

boost::json::object MoneyJson(const Money& m) { return {{"amount", m.minor}, {"currency", m.currency}}; }

boost::json::object RuleJson(const StoredRule& s) {
  const MarkupRule& m = s.rule;
  json::object o{{"id", m.id},
                 {"ownerTenantId", m.owner_tenant},
                 {"tier", TierName(m.tier)},
                 {"supplier", Opt(m.supplier)},
                 {"country", Opt(m.country)},
                 {"city", Opt(m.city)},
                 {"hotelId", Opt(m.hotel_id)},
                 {"stayFrom", OptDate(m.stay_from)},
                 {"stayTo", OptDate(m.stay_to)},
                 {"kind", m.kind == MarkupRule::kFixed ? "fixed" : "percent"},
                 {"allowNegative", m.allow_negative},
                 {"status", RuleStatusName(s.status)},
                 {"createdSeq", m.created_seq},
                 {"createdBy", s.created_by},
                 {"createdAt", s.created_at},
                 {"updatedAt", s.updated_at},
                 {"note", Opt(s.note)}};
  if (m.kind == MarkupRule::kFixed && m.fixed) {
    o["fixedAmount"] = MoneyJson(*m.fixed);
    o["percentBp"] = nullptr;
  } else {
    o["percentBp"] = m.percent_bp;
    o["fixedAmount"] = nullptr;
  }
  return o;
}

boost::json::object RulesPageJson(const Page<StoredRule>& page) {
  json::array items;
  for (const auto& r : page.items) items.push_back(RuleJson(r));
  return {{"items", std::move(items)}, {"nextCursor", Opt(page.next_cursor)}};
}

boost::json::object RateJson(const FxRateRow& row) {
  return {{"from", row.rate.from},
          {"to", row.rate.to},
          {"rate", FormatRateE10(row.rate.rate_e10)},
          {"rateE10", row.rate.rate_e10},
          {"source", row.source},
          {"updatedBy", row.updated_by},
          {"updatedAt", row.updated_at}};
}

boost::json::object RatesPageJson(const std::vector<FxRateRow>& rows, std::optional<std::string> next_cursor) {
  json::array items;
  for (const auto& r : rows) items.push_back(RateJson(r));
  return {{"items", std::move(items)}, {"nextCursor", Opt(next_cursor)}};
}

boost::json::object PreviewJson(const PreviewInput& in, const PricedRate& priced, bool show_platform_rule) {
  json::array lines;
  for (const auto& l : priced.breakdown.lines) {
    const bool hidden = l.tier == Tier::kPlatform && !show_platform_rule;
    lines.push_back(json::object{{"tier", TierName(l.tier)},
                                 {"ruleId", hidden ? json::value() : Opt(l.rule_id)},
                                 {"amount", MoneyJson(l.amount)},
                                 {"priceAfter", MoneyJson(l.price_after)}});
  }
  return {{"tenantId", in.tenant_id},
          {"net", MoneyJson(in.request.net)},
          {"fxRate", FormatRateE10(priced.fx_rate_e10)},
          {"netConverted", MoneyJson(priced.net_converted)},
          {"lines", std::move(lines)},
          {"finalPrice", MoneyJson(priced.breakdown.final_price)},
          {"parityRaised", priced.breakdown.parity_raised},
          {"priceAfterPlatform", MoneyJson(priced.price_after_platform)},
          {"priceAfterDistributor", MoneyJson(priced.price_after_distributor)}};
}

}  // namespace hotel::pricing::views
