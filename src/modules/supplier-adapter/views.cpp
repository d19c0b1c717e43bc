// JSON in and out for the suppliers API (Boost.JSON and runtime::JsonReader).
#include "modules/supplier-adapter/views.hpp"

#include "core/money.hpp"
#include "runtime/json.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <charconv>

namespace hotel::supplier_adapter::views {
namespace {

using runtime::JsonReader;
namespace json = boost::json;

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxEndpoint = 500;
constexpr std::size_t kMaxCredential = 1024;

struct TimeoutField {
  std::string_view name;
  int Timeouts::*member;
  std::optional<int> SupplierPatch::*patch;
};
constexpr TimeoutField kTimeoutFields[] = {
    {"searchMs", &Timeouts::search_ms, &SupplierPatch::search_ms},
    {"quoteMs", &Timeouts::quote_ms, &SupplierPatch::quote_ms},
    {"bookMs", &Timeouts::book_ms, &SupplierPatch::book_ms},
    {"retrieveMs", &Timeouts::retrieve_ms, &SupplierPatch::retrieve_ms},
    {"cancelMs", &Timeouts::cancel_ms, &SupplierPatch::cancel_ms},
    {"contentMs", &Timeouts::content_ms, &SupplierPatch::content_ms},
};

const json::value* Member(const json::value& v, std::string_view key) {
  if (!v.is_object()) return nullptr;
  return v.get_object().if_contains(key);
}

// A nested object: absent/null → nothing; anything but an object → an error naming it.
void ObjectField(JsonReader& r, const json::value& parent, std::string_view field,
                 const std::function<void(JsonReader&, const json::value&)>& fn) {
  const json::value* v = Member(parent, field);
  if (!v || v->is_null()) return;
  if (!v->is_object()) return r.AddError(std::string(field), "must be an object");
  r.Object(field, false, [&](JsonReader& child) { fn(child, *v); });
}

void ReadTimeouts(JsonReader& t, const std::function<void(const TimeoutField&, int)>& set) {
  std::initializer_list<std::string_view> known{"searchMs", "quoteMs", "bookMs", "retrieveMs", "cancelMs", "contentMs"};
  t.NoOtherFields(known);
  for (const auto& f : kTimeoutFields) {
    auto v = t.Optional<int>(f.name);
    if (!v) continue;
    t.Check(f.name, *v >= kMinTimeoutMs && *v <= kMaxTimeoutMs,
            "must be from " + std::to_string(kMinTimeoutMs) + " to " + std::to_string(kMaxTimeoutMs) + " (milliseconds)");
    set(f, *v);
  }
}

void CheckName(JsonReader& r, const std::string& name) {
  r.Check("name", !name.empty() && name.size() <= kMaxName, "must be 1 to 200 characters");
}

void CheckCurrency(JsonReader& r, const std::string& currency) {
  r.Check("currency", IsCurrencyCode(currency), "must be an ISO 4217 code such as EUR");
}

void CheckEndpointField(JsonReader& r, std::string& endpoint) {
  if (auto msg = CheckEndpoint(endpoint)) r.Check("endpoint", false, *msg);
}

void CheckCredential(JsonReader& r, std::string_view field, const std::string& value) {
  r.Check(field, !value.empty() && value.size() <= kMaxCredential, "must be 1 to 1024 characters");
}

json::value Opt(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(); }

}  // namespace

std::optional<std::string> CheckEndpoint(std::string& endpoint) {
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  if (endpoint.empty() || endpoint.size() > kMaxEndpoint) return "must be an http URL of at most 500 characters";
  auto parsed = boost::urls::parse_absolute_uri(endpoint);
  if (!parsed) return "must be an absolute URL such as http://supplier.example:8080/api";
  if (parsed->scheme() == "https") return "must use http (https is not supported by the supplier client yet)";
  if (parsed->scheme() != "http") return "must use http";
  if (parsed->encoded_host().empty()) return "must name a host";
  if (parsed->has_userinfo()) return "must not carry credentials (use the credentials field)";
  if (parsed->has_query() || parsed->has_fragment()) return "must not have a query or fragment";
  return std::nullopt;
}

Result<NewSupplier> ParseNewSupplier(std::string_view body, const Timeouts& defaults) {
  auto parsed = runtime::ParseJson(body);
  if (!parsed) return parsed.error();
  const json::value& v = *parsed;
  JsonReader r(v);
  r.NoOtherFields({"code", "name", "protocol", "endpoint", "currency", "enabled", "timeouts", "credentials"});
  NewSupplier in;
  in.code = r.Required<std::string>("code");
  r.Check("code", IsSupplierCode(in.code), "must be 2 to 16 characters A-Z, 0-9 or _");
  in.name = r.Required<std::string>("name");
  CheckName(r, in.name);
  in.protocol = r.Required<std::string>("protocol");
  r.Check("protocol", IsProtocol(in.protocol), "must be hbx-json, ota-xml or rapid-json");
  in.endpoint = r.Required<std::string>("endpoint");
  CheckEndpointField(r, in.endpoint);
  in.currency = r.Required<std::string>("currency");
  CheckCurrency(r, in.currency);
  in.enabled = r.Optional<bool>("enabled").value_or(true);
  in.timeouts = defaults;
  ObjectField(r, v, "timeouts", [&](JsonReader& t, const json::value&) {
    ReadTimeouts(t, [&](const TimeoutField& f, int ms) { in.timeouts.*f.member = ms; });
  });
  ObjectField(r, v, "credentials", [&](JsonReader& c, const json::value&) {
    c.NoOtherFields({"apiKey", "secret"});
    in.api_key = c.Optional<std::string>("apiKey");
    if (in.api_key) CheckCredential(c, "apiKey", *in.api_key);
    in.secret = c.Optional<std::string>("secret");
    if (in.secret) CheckCredential(c, "secret", *in.secret);
  });
  if (auto err = r.Finish()) return *err;
  return in;
}

Result<SupplierPatch> ParseSupplierPatch(std::string_view body) {
  auto parsed = runtime::ParseJson(body);
  if (!parsed) return parsed.error();
  const json::value& v = *parsed;
  JsonReader r(v);
  if (!v.is_object()) return Error::Validation("body", "must be a JSON object");
  for (const auto& kv : v.get_object()) {
    const std::string_view k = kv.key();
    if (k == "code" || k == "protocol") {
      r.AddError(std::string(k), "cannot be changed: create another supplier");
    } else if (k == "enabled") {
      r.AddError("enabled", "use POST /api/v1/suppliers/{code}/enable or /disable");
    } else if (k != "name" && k != "endpoint" && k != "currency" && k != "timeouts" && k != "credentials") {
      r.AddError(std::string(k), "is not a known field");
    }
  }
  SupplierPatch p;
  p.name = r.Optional<std::string>("name");
  if (p.name) CheckName(r, *p.name);
  p.endpoint = r.Optional<std::string>("endpoint");
  if (p.endpoint) CheckEndpointField(r, *p.endpoint);
  p.currency = r.Optional<std::string>("currency");
  if (p.currency) CheckCurrency(r, *p.currency);
  ObjectField(r, v, "timeouts", [&](JsonReader& t, const json::value&) {
    ReadTimeouts(t, [&](const TimeoutField& f, int ms) { p.*f.patch = ms; });
  });
  ObjectField(r, v, "credentials", [&](JsonReader& c, const json::value& creds) {
    c.NoOtherFields({"apiKey", "secret"});
    for (auto [field, out] : {std::pair{std::string_view("apiKey"), &p.api_key}, std::pair{std::string_view("secret"), &p.secret}}) {
      const json::value* value = Member(creds, field);
      if (!value) continue;
      if (value->is_null()) {
        *out = std::optional<std::string>{};  // clear it
      } else if (value->is_string()) {
        std::string text(value->get_string());
        CheckCredential(c, field, text);
        *out = std::optional<std::string>(std::move(text));
      } else {
        c.AddError("credentials." + std::string(field), "must be a string, or null to remove it");
      }
    }
  });
  if (auto err = r.Finish()) return *err;
  return p;
}

Result<PageRequest> ParsePage(const runtime::Request& req) {
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
    if (!IsSupplierCode(*cursor)) errors.push_back({"cursor", "must be the nextCursor of a previous page"});
    else page.cursor = std::move(*cursor);
  }
  if (!errors.empty()) return Error{Errc::validation_failed, "The request has invalid fields.", std::move(errors)};
  return page;
}

boost::json::object SupplierJson(const Supplier& s) {
  json::object timeouts;
  for (const auto& f : kTimeoutFields) timeouts[f.name] = s.timeouts.*f.member;
  return {{"id", s.id},
          {"code", s.code},
          {"name", s.name},
          {"protocol", s.protocol},
          {"endpoint", s.endpoint},
          {"enabled", s.enabled},
          {"currency", s.currency},
          {"timeouts", std::move(timeouts)},
          {"credentials", json::object{{"apiKeySet", s.api_key_sealed.has_value()},
                                       {"secretSet", s.secret_sealed.has_value()}}},
          {"version", s.version},
          {"createdAt", s.created_at},
          {"updatedAt", s.updated_at}};
}

boost::json::object PageJson(const Page<Supplier>& page) {
  json::array items;
  for (const auto& s : page.items) items.push_back(SupplierJson(s));
  return {{"items", std::move(items)}, {"nextCursor", Opt(page.next_cursor)}};
}

boost::json::object SyncJson(const std::optional<SyncState>& state) {
  if (!state) {
    return {{"running", false},     {"lastStartedAt", nullptr}, {"lastFinishedAt", nullptr},
            {"lastOutcome", nullptr}, {"lastError", nullptr},     {"hotelsSynced", 0}};
  }
  return {{"running", state->running_since.has_value()},
          {"lastStartedAt", Opt(state->last_started_at)},
          {"lastFinishedAt", Opt(state->last_finished_at)},
          {"lastOutcome", state->last_outcome ? json::value(SyncOutcomeName(*state->last_outcome)) : json::value()},
          {"lastError", Opt(state->last_error)},
          {"hotelsSynced", state->hotels_synced}};
}

boost::json::object HealthJson(const Supplier& row, const std::optional<SupplierStatus>& status,
                               const std::optional<SyncState>& sync) {
  std::string connector = "disabled";
  json::value problem;
  if (row.enabled) {
    if (status && status->connector) {
      connector = "ready";
    } else {
      connector = "unavailable";
      problem = status ? status->problem : "not loaded in this process yet";
    }
  }
  ConnectorHealth health;
  if (status && status->connector) health = status->connector->Health();
  static constexpr std::string_view kStates[] = {"closed", "half_open", "open"};
  json::object operations;
  for (Operation op : kOperations) {
    const auto& h = health.operations[static_cast<std::size_t>(op)];
    operations[OperationName(op)] = json::object{
        {"breaker", kStates[static_cast<std::size_t>(h.breaker)]},
        {"calls", h.calls},
        {"failures", h.failures},
        {"lastOutcome", Opt(h.last_outcome)},
        {"lastLatencyMs", h.last_latency_ms ? json::value(*h.last_latency_ms) : json::value()},
        {"lastAt", h.last_at ? json::value(FormatIso8601(*h.last_at)) : json::value()}};
  }
  return {{"code", row.code},
          {"enabled", row.enabled},
          {"connector", connector},
          {"problem", problem},
          {"breaker", json::object{{"state", kStates[static_cast<std::size_t>(health.breaker)]},
                                   {"consecutiveFailures", health.consecutive_failures},
                                   {"failures", health.failures}}},
          {"operations", std::move(operations)},
          {"sync", SyncJson(sync)}};
}

}  // namespace hotel::supplier_adapter::views
