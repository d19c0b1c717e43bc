// The catalog's HTTP handlers. Authentication happened in the gateway's middleware; these
// routes are for platform staff only (platform_admin, platform_ops): others get 403, anonymous
// callers 401. Malformed ids answer 404 (no such object can exist).
#include "modules/matching-service/catalog_handlers.hpp"

#include "core/ids.hpp"
#include "modules/config/config_keys.hpp"
#include "modules/matching-service/catalog_views.hpp"
#include "runtime/handler_support.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/json.hpp>

namespace hotel::matching {
namespace {

namespace asio = boost::asio;
using asio::awaitable;
using runtime::CallOnPool;
using runtime::JsonResponse;
using runtime::Problem;
using runtime::RefuseUnlessPlatformStaff;
using runtime::Request;
using runtime::Response;

constexpr std::string_view kForbidden = "The hotel catalog is managed by platform staff only.";

std::string Actor(const Request& req) {
  const std::string& a = req.principal->Actor();
  return a.empty() ? req.principal->subject : a;
}

void RegisterImportRoutes(runtime::Router& router, const std::shared_ptr<CatalogApi>& api) {
  router.Post("/api/v1/suppliers/{code}/content-imports", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    const std::string code(req.Param("code"));
    if (auto ok = views::CheckSupplierCode(code); !ok) co_return Problem(req, ok.error());
    auto page_size = views::ParseImportRequest(req.body);
    if (!page_size) co_return Problem(req, page_size.error());
    auto executor = api->executor();
    if (!executor) executor = co_await asio::this_coro::executor;
    auto job = co_await api->runner->Start(code, *page_size, Actor(req), *executor);
    if (!job) co_return Problem(req, job.error());
    auto r = JsonResponse(202, views::JobJson(*job));
    r.SetHeader("Location", "/api/v1/content-imports/" + job->id);
    co_return r;
  });

  router.Get("/api/v1/suppliers/{code}/content-imports", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    const std::string code(req.Param("code"));
    if (auto ok = views::CheckSupplierCode(code); !ok) co_return Problem(req, ok.error());
    auto list = views::ParseListParams(req, "imp");
    if (!list) co_return Problem(req, list.error());
    co_return co_await CallOnPool(
        req, api->pool,
        [&]() -> Result<Page<ImportJob>> {
          auto rows = api->runner->jobs().List(code, list->limit + 1, list->cursor);
          if (!rows) return rows.error();
          Page<ImportJob> page;
          if (static_cast<int>(rows->size()) > list->limit) {
            rows->resize(static_cast<std::size_t>(list->limit));
            page.next_cursor = rows->back().id;
          }
          page.items = std::move(*rows);
          return page;
        },
        [](const Page<ImportJob>& p) { return JsonResponse(200, views::PageJson(p, views::JobJson)); });
  });

  router.Get("/api/v1/content-imports/{id}", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    const std::string id(req.Param("id"));
    if (!IsId(id, "imp")) co_return Problem(req, Error::NotFound("No content import " + id + "."));
    co_return co_await CallOnPool(
        req, api->pool, [&] { return api->runner->jobs().Get(id); },
        [](const ImportJob& j) { return JsonResponse(200, views::JobJson(j)); });
  });
}

void RegisterReviewRoutes(runtime::Router& router, const std::shared_ptr<CatalogApi>& api) {
  router.Get("/api/v1/mapping-reviews", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    auto q = views::ParseReviewQuery(req);
    if (!q) co_return Problem(req, q.error());
    co_return co_await CallOnPool(
        req, api->pool, [&] { return api->service.ListReviews(*q); },
        [](const Page<ReviewView>& p) { return JsonResponse(200, views::PageJson(p, views::ReviewJson)); });
  });

  router.Get("/api/v1/mapping-reviews/{id}", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    const std::string id(req.Param("id"));
    if (!IsId(id, "mrv")) co_return Problem(req, Error::NotFound("No mapping review " + id + "."));
    co_return co_await CallOnPool(
        req, api->pool, [&] { return api->service.GetReview(id); },
        [](const ReviewView& v) { return JsonResponse(200, views::ReviewJson(v)); });
  });

  const std::pair<const char*, ReviewDecision> decisions[] = {
      {"approve", ReviewDecision::kApprove}, {"reject", ReviewDecision::kReject}, {"remap", ReviewDecision::kRemap}};
  for (const auto& entry : decisions) {
    const ReviewDecision decision = entry.second;
    router.Post(std::string("/api/v1/mapping-reviews/{id}/") + entry.first,
                [api, decision](Request& req) -> awaitable<Response> {
                  if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
                  const std::string id(req.Param("id"));
                  std::optional<std::string> master;
                  if (decision == ReviewDecision::kRemap) {
                    auto m = views::ParseRemap(req.body);
                    if (!m) co_return Problem(req, m.error());
                    master = std::move(*m);
                  } else if (auto ok = views::ParseEmptyObject(req.body); !ok) {
                    co_return Problem(req, ok.error());
                  }
                  if (!IsId(id, "mrv")) co_return Problem(req, Error::NotFound("No mapping review " + id + "."));
                  const std::string actor = Actor(req);
                  co_return co_await CallOnPool(
                      req, api->pool, [&] { return api->service.Decide(id, decision, master, actor); },
                      [](const ReviewView& v) { return JsonResponse(200, views::ReviewJson(v)); });
                });
  }
}

void RegisterHotelRoutes(runtime::Router& router, const std::shared_ptr<CatalogApi>& api) {
  router.Get("/api/v1/hotels", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    auto q = views::ParseHotelQuery(req);
    if (!q) co_return Problem(req, q.error());
    co_return co_await CallOnPool(
        req, api->pool, [&] { return api->service.SearchHotels(*q); },
        [](const Page<CatalogMaster>& p) { return JsonResponse(200, views::PageJson(p, views::MasterJson)); });
  });

  router.Get("/api/v1/hotels/{id}", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    const std::string id(req.Param("id"));
    if (!IsId(id, "htl")) co_return Problem(req, Error::NotFound("No master hotel " + id + "."));
    // Read per request, so a weight changed in the config center applies without a restart.
    const config::MatchingWeights weights =
        api->config ? config::ReadMatchingWeights(*api->config->Snapshot()) : config::MatchingWeights{};
    struct Ranked {
      HotelDetail detail;
      std::vector<RankedSupplier> ranking;
    };
    co_return co_await CallOnPool(
        req, api->pool,
        [&]() -> Result<Ranked> {
          auto detail = api->service.GetHotel(id);
          if (!detail) return detail.error();
          auto ranking = RankSuppliers(detail->master.content, detail->members, api->signals, weights);
          return Ranked{std::move(*detail), std::move(ranking)};
        },
        [&](const Ranked& r) { return JsonResponse(200, views::HotelDetailJson(r.detail, r.ranking, weights)); });
  });
}

}  // namespace

void RegisterCatalogRoutes(runtime::Router& router, std::shared_ptr<CatalogApi> api) {
  RegisterImportRoutes(router, api);
  RegisterReviewRoutes(router, api);
  RegisterHotelRoutes(router, api);
}

}  // namespace hotel::matching
