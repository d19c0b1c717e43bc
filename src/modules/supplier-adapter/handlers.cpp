// The suppliers API's handlers. Authentication happened in the gateway's middleware; these
// routes are for platform staff only (platform_admin, platform_ops): others get 403,
// anonymous callers 401.
#include "modules/supplier-adapter/handlers.hpp"

#include "modules/config/config_keys.hpp"
#include "modules/supplier-adapter/views.hpp"
#include "runtime/handler_support.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/json.hpp>

namespace hotel::supplier_adapter {
namespace {

using boost::asio::awaitable;
using runtime::CallOnPool;
using runtime::JsonResponse;
using runtime::Problem;
using runtime::RefuseUnlessPlatformStaff;
using runtime::Request;
using runtime::Response;
using Api = std::shared_ptr<const ApiContext>;

constexpr std::string_view kForbidden = "Suppliers are managed by platform staff only.";

// A well-formed code from the path; anything else cannot name a supplier.
Result<std::string> PathCode(const Request& req) {
  std::string code(req.Param("code"));
  if (!IsSupplierCode(code)) return Error::NotFound("No supplier with code " + supplier::Excerpt(code) + ".");
  return code;
}

// Runs a supplier write on the pool, tells the registry, renders the row.
template <class Work>
awaitable<Response> Write(Request& req, const Api& api, int status, Work work) {
  auto written = co_await api->pool.Run(work);
  if (!written) co_return Problem(req, written.error());
  api->registry.Apply(*written);
  auto r = JsonResponse(status, views::SupplierJson(*written));
  if (status == 201) r.SetHeader("Location", "/api/v1/suppliers/" + written->code);
  co_return r;
}

awaitable<Response> SetEnabled(Request& req, const Api& api, bool enabled) {
  if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
  auto code = PathCode(req);
  if (!code) co_return Problem(req, code.error());
  co_return co_await Write(req, api, 200, [&] { return api->service.SetEnabled(*code, enabled); });
}

}  // namespace

void RegisterSupplierRoutes(runtime::Router& router, Api api) {
  router.Get("/api/v1/suppliers", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    auto page = views::ParsePage(req);
    if (!page) co_return Problem(req, page.error());
    co_return co_await CallOnPool(
        req, api->pool, [&] { return api->service.List(*page); },
        [](const Page<Supplier>& listed) { return JsonResponse(200, views::PageJson(listed)); });
  });

  router.Post("/api/v1/suppliers", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    auto in = views::ParseNewSupplier(req.body, api->defaults);
    if (!in) co_return Problem(req, in.error());
    co_return co_await Write(req, api, 201, [&] { return api->service.Create(*in); });
  });

  router.Get("/api/v1/suppliers/{code}", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    auto code = PathCode(req);
    if (!code) co_return Problem(req, code.error());
    co_return co_await CallOnPool(
        req, api->pool, [&] { return api->service.Get(*code); },
        [](const Supplier& found) { return JsonResponse(200, views::SupplierJson(found)); });
  });

  router.Patch("/api/v1/suppliers/{code}", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    auto code = PathCode(req);
    if (!code) co_return Problem(req, code.error());
    auto patch = views::ParseSupplierPatch(req.body);
    if (!patch) co_return Problem(req, patch.error());
    co_return co_await Write(req, api, 200, [&] { return api->service.Update(*code, *patch); });
  });

  router.Post("/api/v1/suppliers/{code}/enable",
              [api](Request& req) -> awaitable<Response> { co_return co_await SetEnabled(req, api, true); });
  router.Post("/api/v1/suppliers/{code}/disable",
              [api](Request& req) -> awaitable<Response> { co_return co_await SetEnabled(req, api, false); });

  router.Get("/api/v1/suppliers/{code}/health", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    auto code = PathCode(req);
    if (!code) co_return Problem(req, code.error());
    std::optional<SyncState> sync;
    auto found = co_await api->pool.Run([&]() -> Result<Supplier> {
      auto row = api->service.Get(*code);
      if (!row) return row;
      auto state = api->service.repository().FindSyncState(*code);
      if (!state) return state.error();
      sync = std::move(*state);
      return row;
    });
    if (!found) co_return Problem(req, found.error());
    api->registry.Apply(*found);  // a change made by another process shows at once
    co_return JsonResponse(200, views::HealthJson(*found, api->registry.Status(*code), sync));
  });

  router.Post("/api/v1/suppliers/{code}/sync", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    auto code = PathCode(req);
    if (!code) co_return Problem(req, code.error());
    auto found = co_await api->pool.Run([&] { return api->service.Get(*code); });
    if (!found) co_return Problem(req, found.error());
    if (!api->config()->FlagEnabled(config::kFlagSupplierRealtimeSync, req.principal->tenant_id)) {
      co_return Problem(req, Error::Conflict("On-demand sync is off: enable the feature flag " +
                                             std::string(config::kFlagSupplierRealtimeSync) +
                                             " (PUT /api/v1/feature-flags/" +
                                             std::string(config::kFlagSupplierRealtimeSync) +
                                             "). Periodic syncs run regardless."));
    }
    api->registry.Apply(*found);
    auto executor = co_await boost::asio::this_coro::executor;
    auto started = co_await api->sync->Trigger(*code, executor);
    if (!started) co_return Problem(req, started.error());
    auto state = co_await api->pool.Run([&] { return api->service.repository().FindSyncState(*code); });
    if (!state) co_return Problem(req, state.error());
    auto r = JsonResponse(202, boost::json::object{{"code", *code}, {"sync", views::SyncJson(*state)}});
    r.SetHeader("Location", "/api/v1/suppliers/" + *code + "/health");
    co_return r;
  });
}

}  // namespace hotel::supplier_adapter
