// The pricing API's handlers. Who may do what:
//   markup rules: platform staff read and write every tenant's; distributor_admin reads and
//     writes those of its own subtree (its tenant and its sub-agents); agent and finance read
//     their subtree's; a rule outside the caller's subtree answers 404. allowNegative: platform
//     staff only. DELETE disables the rule (kept for the audit trail; PATCH status re-enables).
//   fx rates: every authenticated caller reads; platform staff write.
//   price previews: platform staff, and distributor_admin for tenants of its subtree.
#include "modules/pricing-service/pricing_handlers.hpp"

#include "core/ids.hpp"
#include "modules/pricing-service/pricing_views.hpp"
#include "runtime/blocking.hpp"
#include "runtime/handler_support.hpp"

#include <boost/json.hpp>

namespace hotel::pricing {
namespace {

using boost::asio::awaitable;
using runtime::JsonResponse;
using runtime::Problem;
using runtime::Request;
using runtime::Response;
using Service = std::shared_ptr<PricingServiceImpl>;

constexpr std::string_view kRulesPath = "/api/v1/markup-rules/";

bool CanWriteRules(const Principal& p) { return p.IsPlatformStaff() || p.role == Role::distributor_admin; }

Error RuleNotFound(std::string_view id) { return Error::NotFound("No markup rule " + std::string(id) + "."); }

Error Forbidden(std::string detail) { return Error{Errc::forbidden, std::move(detail), {}}; }

// The caller's rule, or not_found when it does not exist or lies outside the caller's subtree.
Result<StoredRule> VisibleRule(PricingStore& store, const Principal& caller, const std::string& id) {
  if (!IsId(id, "mkr")) return RuleNotFound(id);
  auto found = store.FindRule(id);
  if (!found) return found.error();
  if (!*found || !caller.CanReachTenantPath((*found)->owner_tenant_path)) return RuleNotFound(id);
  return std::move(**found);
}

Result<StoredRule> CreateRule(PricingServiceImpl& svc, const Principal& caller, const views::RuleInput& in) {
  const std::string owner = in.owner_tenant_id.value_or(caller.tenant_id);
  auto path = svc.store().TenantPath(owner);
  if (!path) return path.error();
  // A tenant outside the caller's subtree reads as unknown: its existence is not revealed.
  if (!*path || !caller.CanReachTenantPath(**path)) {
    return Error::Validation("ownerTenantId", "no such tenant in your subtree");
  }
  const auto tier = TierOfPath(**path);
  if (!tier) return Error::Validation("ownerTenantId", "this tenant cannot own markup rules");
  StoredRule rule;
  rule.rule.id = NewId("mkr");
  rule.rule.owner_tenant = owner;
  rule.rule.tier = *tier;
  rule.owner_tenant_path = **path;
  rule.created_by = caller.Actor();
  rule.created_at = rule.updated_at = FormatIso8601(svc.clock().Now());
  if (auto err = views::ApplyPatch(rule, in.fields)) return *err;
  auto stored = svc.store().InsertRule(rule);
  if (!stored) return stored.error();
  if (auto reload = svc.ReloadRules(); !reload) return reload.error();
  return stored;
}

Result<StoredRule> ChangeRule(PricingServiceImpl& svc, const Principal& caller, const std::string& id,
                              const RulePatch& patch) {
  auto rule = VisibleRule(svc.store(), caller, id);
  if (!rule) return rule.error();
  if (auto err = views::ApplyPatch(*rule, patch)) return *err;
  rule->updated_at = FormatIso8601(svc.clock().Now());
  auto updated = svc.store().UpdateRule(*rule);
  if (!updated) return updated.error();
  if (!*updated) return RuleNotFound(id);
  if (auto reload = svc.ReloadRules(); !reload) return reload.error();
  return rule;
}

std::optional<Response> RefuseUnlessRuleWriter(const Request& req) {
  if (!req.principal) return runtime::Unauthenticated(req);
  if (!CanWriteRules(*req.principal)) {
    return Problem(req, Forbidden("Markup rules are managed by platform staff and distributor admins."));
  }
  return std::nullopt;
}

Result<std::pair<std::string, std::string>> PathPair(const Request& req) {
  std::string from(req.Param("from")), to(req.Param("to"));
  if (!IsCurrencyCode(from) || !IsCurrencyCode(to) || from == to) {
    return Error::NotFound("No exchange rate " + from.substr(0, 8) + "->" + to.substr(0, 8) + ".");
  }
  return std::pair{std::move(from), std::move(to)};
}

void RegisterRuleRoutes(runtime::Router& router, const Service& svc) {
  router.Get("/api/v1/markup-rules", [svc](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return runtime::Unauthenticated(req);
    auto q = views::ParseRulesQuery(req);
    if (!q) co_return Problem(req, q.error());
    if (!req.principal->IsPlatformStaff()) q->filter.subtree_path = req.principal->tenant_path;
    co_return co_await runtime::CallOnPool(
        req, svc->pool(), [&] { return svc->store().ListRules(q->filter, q->limit, q->cursor); },
        [](const Page<StoredRule>& page) { return JsonResponse(200, views::RulesPageJson(page)); });
  });

  router.Post("/api/v1/markup-rules", [svc](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessRuleWriter(req)) co_return *no;
    auto in = views::ParseRuleBody(req.body, true);
    if (!in) co_return Problem(req, in.error());
    if (in->fields.allow_negative.value_or(false) && !req.principal->IsPlatformStaff()) {
      co_return Problem(req, Forbidden("Only platform staff may allow a markup to lower the price (allowNegative)."));
    }
    const Principal caller = *req.principal;
    auto created = co_await svc->pool().Run([&] { return CreateRule(*svc, caller, *in); });
    if (!created) co_return Problem(req, created.error());
    auto r = JsonResponse(201, views::RuleJson(*created));
    r.SetHeader("Location", std::string(kRulesPath) + created->rule.id);
    co_return r;
  });

  router.Get("/api/v1/markup-rules/{id}", [svc](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return runtime::Unauthenticated(req);
    const std::string id(req.Param("id"));
    const Principal caller = *req.principal;
    co_return co_await runtime::CallOnPool(
        req, svc->pool(), [&] { return VisibleRule(svc->store(), caller, id); },
        [](const StoredRule& rule) { return JsonResponse(200, views::RuleJson(rule)); });
  });

  router.Patch("/api/v1/markup-rules/{id}", [svc](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessRuleWriter(req)) co_return *no;
    auto in = views::ParseRuleBody(req.body, false);
    if (!in) co_return Problem(req, in.error());
    if (in->fields.allow_negative.value_or(false) && !req.principal->IsPlatformStaff()) {
      co_return Problem(req, Forbidden("Only platform staff may allow a markup to lower the price (allowNegative)."));
    }
    const std::string id(req.Param("id"));
    const Principal caller = *req.principal;
    co_return co_await runtime::CallOnPool(
        req, svc->pool(), [&] { return ChangeRule(*svc, caller, id, in->fields); },
        [](const StoredRule& rule) { return JsonResponse(200, views::RuleJson(rule)); });
  });

  router.Delete("/api/v1/markup-rules/{id}", [svc](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessRuleWriter(req)) co_return *no;
    const std::string id(req.Param("id"));
    const Principal caller = *req.principal;
    RulePatch disable;
    disable.status = RuleStatus::kDisabled;
    co_return co_await runtime::CallOnPool(
        req, svc->pool(), [&] { return ChangeRule(*svc, caller, id, disable); },
        [](const StoredRule&) { return Response::NoContent(); });
  });
}

void RegisterRateRoutes(runtime::Router& router, const Service& svc) {
  router.Get("/api/v1/fx-rates", [svc](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return runtime::Unauthenticated(req);
    auto q = views::ParseRatesQuery(req);
    if (!q) co_return Problem(req, q.error());
    co_return co_await runtime::CallOnPool(
        req, svc->pool(), [&] { return svc->store().ListRates(); },
        [&](const std::vector<FxRateRow>& all) {
          // The table is small (one row per pair), so paging happens here over the sorted rows.
          std::vector<FxRateRow> page;
          std::optional<std::string> next;
          for (const auto& row : all) {
            if (q->cursor && row.rate.from + "-" + row.rate.to <= *q->cursor) continue;
            if (page.size() == static_cast<std::size_t>(q->limit)) {
              next = page.back().rate.from + "-" + page.back().rate.to;
              break;
            }
            page.push_back(row);
          }
          return JsonResponse(200, views::RatesPageJson(page, next));
        });
  });

  router.Put("/api/v1/fx-rates/{from}/{to}", [svc](Request& req) -> awaitable<Response> {
    if (auto no = runtime::RefuseUnlessPlatformStaff(req, "Exchange rates are set by platform staff only.")) co_return *no;
    auto pair = PathPair(req);
    if (!pair) co_return Problem(req, pair.error());
    auto rate = views::ParseRateBody(req.body);
    if (!rate) co_return Problem(req, rate.error());
    FxRateRow row{FxRate{pair->first, pair->second, *rate}, "api", req.principal->Actor(),
                  FormatIso8601(svc->clock().Now())};
    co_return co_await runtime::CallOnPool(
        req, svc->pool(),
        [&]() -> Result<FxRateRow> {
          if (auto up = svc->store().UpsertRate(row); !up) return up.error();
          if (auto reload = svc->ReloadRates(); !reload) return reload.error();
          return row;
        },
        [](const FxRateRow& written) { return JsonResponse(200, views::RateJson(written)); });
  });

  router.Delete("/api/v1/fx-rates/{from}/{to}", [svc](Request& req) -> awaitable<Response> {
    if (auto no = runtime::RefuseUnlessPlatformStaff(req, "Exchange rates are set by platform staff only.")) co_return *no;
    auto pair = PathPair(req);
    if (!pair) co_return Problem(req, pair.error());
    co_return co_await runtime::CallOnPool(
        req, svc->pool(),
        [&]() -> Result<void> {
          auto deleted = svc->store().DeleteRate(pair->first, pair->second);
          if (!deleted) return deleted.error();
          if (!*deleted) return Error::NotFound("No exchange rate " + pair->first + "->" + pair->second + ".");
          return svc->ReloadRates();
        },
        [] { return Response::NoContent(); });
  });
}

void RegisterPreviewRoute(runtime::Router& router, const Service& svc) {
  router.Post("/api/v1/price-previews", [svc](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return runtime::Unauthenticated(req);
    if (!req.principal->IsPlatformStaff() && req.principal->role != Role::distributor_admin) {
      co_return Problem(req, Forbidden("Price previews are for platform staff and distributor admins."));
    }
    auto in = views::ParsePreview(req.body);
    if (!in) co_return Problem(req, in.error());
    const Principal caller = *req.principal;
    auto path = co_await svc->pool().Run([&] { return svc->store().TenantPath(in->tenant_id); });
    if (!path) co_return Problem(req, path.error());
    if (!*path || !caller.CanReachTenantPath(**path)) {
      co_return Problem(req, Error::Validation("tenantId", "no such tenant in your subtree"));
    }
    in->request.chain = ChainFromTenantPath(**path);
    auto priced = svc->Price(in->request);
    if (!priced) {
      Error e = priced.error();
      if (e.code == Errc::not_found) e = Error::Validation("currency", e.detail);  // no rate: a bad request here
      co_return Problem(req, e);
    }
    co_return JsonResponse(200, views::PreviewJson(*in, *priced, caller.IsPlatformStaff()));
  });
}

}  // namespace

void RegisterPricingRoutes(runtime::Router& router, Service service) {
  RegisterRuleRoutes(router, service);
  RegisterRateRoutes(router, service);
  RegisterPreviewRoute(router, service);
}

}  // namespace hotel::pricing
