// Inventory's HTTP handlers. Authentication happened in the gateway's middleware; these
// routes are for platform staff only (platform_admin, platform_ops): others get 403, anonymous
// callers 401.
#include "modules/inventory-service/handlers.hpp"

#include "modules/inventory-service/views.hpp"
#include "runtime/handler_support.hpp"

#include <boost/json.hpp>

namespace hotel::inventory {
namespace {

using boost::asio::awaitable;
using runtime::CallOnPool;
using runtime::JsonResponse;
using runtime::Problem;
using runtime::RefuseUnlessPlatformStaff;
using runtime::Request;
using runtime::Response;

constexpr std::string_view kForbidden = "Allotments are managed by platform staff only.";

}  // namespace

void RegisterInventoryRoutes(runtime::Router& router, InventoryService& svc, runtime::BlockingPool& pool) {
  router.Put("/api/v1/allotments/{hotelId}/{roomType}", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    const std::string hotel(req.Param("hotelId"));
    const std::string room_type(req.Param("roomType"));
    if (auto ok = views::CheckHotelId(hotel); !ok) co_return Problem(req, ok.error());
    if (auto ok = views::CheckRoomType(room_type); !ok) co_return Problem(req, ok.error());
    auto in = views::ParseAllotmentPut(req.body);
    if (!in) co_return Problem(req, in.error());
    co_return co_await CallOnPool(
        req, pool, [&] { return svc.SetAllotment(hotel, room_type, in->from, in->to, in->total); },
        [](const std::vector<AllotmentNight>& nights) { return JsonResponse(200, views::NightsJson(nights)); });
  });

  router.Get("/api/v1/allotments/{hotelId}", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    const std::string hotel(req.Param("hotelId"));
    if (auto ok = views::CheckHotelId(hotel); !ok) co_return Problem(req, ok.error());
    auto q = views::ParseAllotmentQuery(req);
    if (!q) co_return Problem(req, q.error());
    co_return co_await CallOnPool(
        req, pool, [&] { return svc.ListAllotments(hotel, q->room_type, q->from, q->to); },
        [](const std::vector<AllotmentNight>& nights) { return JsonResponse(200, views::NightsJson(nights)); });
  });

  router.Post("/api/v1/allotment-holds", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    auto in = views::ParseHoldRequest(req.body);
    if (!in) co_return Problem(req, in.error());
    co_return co_await CallOnPool(
        req, pool, [&] { return svc.PlaceHold(*in); },
        [](const HoldOutcome& o) {
          // A repeated reference answers the hold it made the first time, as 200.
          auto r = JsonResponse(o.created ? 201 : 200, views::HoldJson(o.hold));
          if (o.created) r.SetHeader("Location", "/api/v1/allotment-holds/" + o.hold.id);
          return r;
        });
  });

  router.Get("/api/v1/allotment-holds/{id}", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    const std::string id(req.Param("id"));
    co_return co_await CallOnPool(
        req, pool, [&] { return svc.GetHold(id); }, [](const Hold& h) { return JsonResponse(200, views::HoldJson(h)); });
  });

  router.Post("/api/v1/allotment-holds/{id}/confirm", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    const std::string id(req.Param("id"));
    co_return co_await CallOnPool(
        req, pool, [&] { return svc.Confirm(id); }, [](const Hold& h) { return JsonResponse(200, views::HoldJson(h)); });
  });

  router.Post("/api/v1/allotment-holds/{id}/release", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessPlatformStaff(req, kForbidden)) co_return *no;
    const std::string id(req.Param("id"));
    co_return co_await CallOnPool(
        req, pool, [&] { return svc.Release(id); }, [](const Hold& h) { return JsonResponse(200, views::HoldJson(h)); });
  });
}

}  // namespace hotel::inventory
