// The credit API's JSON. Money is {"amount": minor units, "currency"}; a money field in
// another currency than the account's is a validation error naming it (no silent conversion).
#include "modules/risk-service/credit_views.hpp"

#include "core/ids.hpp"
#include "runtime/json.hpp"

#include <charconv>

namespace hotel::credit::views {
namespace {

namespace json = boost::json;
using runtime::JsonReader;

// {"amount", "currency"} at `field` through the one money reader (runtime/json: bounded);
// `currency` empty: any valid code (returned in it), else that one. When the money is in error
// the parse fails anyway; 1 is returned then, so that the callers' sign checks add no second
// error to the one already named (a wrong currency is not also a "must be greater than zero").
std::int64_t ReadMoney(JsonReader& r, std::string_view field, std::string& currency, bool required) {
  const std::size_t before = r.ErrorCount();
  auto money = runtime::ReadMoney(r, field, required, currency);
  if (money) {
    currency = money->currency;
    return money->minor;
  }
  return r.ErrorCount() == before ? 0 : 1;
}

Result<json::value> Body(std::string_view body) {
  auto v = runtime::ParseJson(body);
  if (!v) return v.error();
  if (!v->is_object()) return Error::Validation("body", "must be a JSON object");
  return v;
}

}  // namespace

Result<NewAccount> ParseNewAccount(std::string_view body) {
  auto v = Body(body);
  if (!v) return v.error();
  JsonReader r(*v);
  r.NoOtherFields({"tenantId", "currency", "limit"});
  NewAccount out;
  out.tenant_id = r.Required<std::string>("tenantId");
  out.currency = r.Required<std::string>("currency");
  r.Check("tenantId", out.tenant_id.rfind("tnt_", 0) == 0 && out.tenant_id.size() <= 40, "must be a tenant id (tnt_…)");
  r.Check("currency", IsCurrencyCode(out.currency), "must be an ISO 4217 code such as CNY");
  std::string limit_currency = IsCurrencyCode(out.currency) ? out.currency : "";
  if (!limit_currency.empty()) {
    out.limit_minor = ReadMoney(r, "limit", limit_currency, true);
    r.Check("limit.amount", out.limit_minor >= 0, "must not be negative");
  }
  if (auto err = r.Finish()) return *err;
  return out;
}

Result<AccountPatch> ParseAccountPatch(std::string_view body, const std::string& currency) {
  auto v = Body(body);
  if (!v) return v.error();
  JsonReader r(*v);
  r.NoOtherFields({"limit", "status", "note"});
  AccountPatch out;
  std::string cur = currency;
  if (v->as_object().contains("limit")) {
    out.limit_minor = ReadMoney(r, "limit", cur, true);
    r.Check("limit.amount", *out.limit_minor >= 0, "must not be negative");
  }
  out.status = r.Optional<std::string>("status");
  if (out.status) r.Check("status", *out.status == "active" || *out.status == "frozen", "must be active or frozen");
  out.note = r.Optional<std::string>("note").value_or("");
  r.Check("note", out.note.size() <= 1000, "at most 1000 characters");
  if (r.ok() && !out.limit_minor && !out.status) r.AddError("body", "give limit, status or both");
  if (auto err = r.Finish()) return *err;
  return out;
}

Result<Movement> ParseMovement(std::string_view body, const std::string& currency, bool adjustment) {
  auto v = Body(body);
  if (!v) return v.error();
  JsonReader r(*v);
  r.NoOtherFields({"amount", "reference", "note"});
  Movement out;
  std::string cur = currency;
  out.amount_minor = ReadMoney(r, "amount", cur, true);
  if (adjustment) {
    r.Check("amount.amount", out.amount_minor != 0, "must not be zero");
  } else {
    r.Check("amount.amount", out.amount_minor > 0, "must be greater than zero");
  }
  out.reference = r.Optional<std::string>("reference").value_or("");
  r.Check("reference", out.reference.size() <= 200, "at most 200 characters");
  if (adjustment) {
    out.note = r.Required<std::string>("note");
    r.Check("note", !out.note.empty(), "an adjustment needs a note saying why");
  } else {
    out.note = r.Optional<std::string>("note").value_or("");
  }
  r.Check("note", out.note.size() <= 1000, "at most 1000 characters");
  if (auto err = r.Finish()) return *err;
  return out;
}

Result<PageRequest> ParsePage(const runtime::Request& req, std::string_view cursor_prefix) {
  PageRequest page;
  std::vector<FieldError> errors;
  if (auto limit = req.QueryParam("limit")) {
    int n = 0;
    auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), n);
    if (ec != std::errc() || end != limit->data() + limit->size() || n < 1 || n > 200) {
      errors.push_back({"limit", "must be an integer from 1 to 200"});
    } else {
      page.limit = n;
    }
  }
  if (auto cursor = req.QueryParam("cursor")) {
    if (!IsId(*cursor, cursor_prefix)) errors.push_back({"cursor", "must be the nextCursor of a previous page"});
    else page.cursor = std::move(*cursor);
  }
  if (!errors.empty()) return Error{Errc::validation_failed, "The request has invalid fields.", std::move(errors)};
  return page;
}

json::object MoneyJson(std::int64_t minor, const std::string& currency) {
  return {{"amount", minor}, {"currency", currency}};
}

json::object AccountJson(const Account& a) {
  return {{"id", a.id},
          {"tenantId", a.tenant_id},
          {"currency", a.currency},
          {"limit", MoneyJson(a.limit_minor, a.currency)},
          {"balance", MoneyJson(a.balance_minor, a.currency)},
          {"held", MoneyJson(a.held_minor, a.currency)},
          {"available", MoneyJson(a.available_minor(), a.currency)},
          {"status", a.status},
          {"createdAt", a.created_at},
          {"updatedAt", a.updated_at}};
}

json::object EntryJson(const Entry& e, const std::string& currency) {
  auto opt = [](const std::string& s) -> json::value { return s.empty() ? json::value(nullptr) : json::value(s); };
  return {{"id", e.id},
          {"accountId", e.account_id},
          {"kind", EntryKindName(e.kind)},
          {"amount", MoneyJson(e.amount_minor, currency)},
          {"balanceAfter", MoneyJson(e.balance_after, currency)},
          {"heldAfter", MoneyJson(e.held_after, currency)},
          {"orderId", opt(e.order_id)},
          {"reference", opt(e.reference)},
          {"note", e.note},
          {"actor", e.actor},
          {"createdAt", e.created_at}};
}

}  // namespace hotel::credit::views
