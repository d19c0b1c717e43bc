// Inventory's HTTP handlers. Authentication happened in the gateway's middleware; these
// routes are for platform staff only (platform_admin, platform_ops): others get 403, anonymous
// callers 401.
#include "modules/inventory-service/handlers.hpp"

#include "modules/inventory-service/views.hpp"

#include <boost/json.hpp>

namespace hotel::inventory {
namespace {

using boost::asio::awaitable;
using runtime::Request;
using runtime::Response;

Response Problem(const Request& req, const Error& e) { return runtime::ProblemResponse(e, req.trace.TraceId()); }

Response Json(int status, const boost::json::object& o) { return Response::Json(status, boost::json::serialize(o)); }

// nullopt when the caller may use the inventory API; otherwise the 401/403 answer.
std::optional<Response> Refuse(const Request& req) {
  if (!req.principal) {
    return Problem(req, Error{Errc::unauthenticated, "Send Authorization: Bearer <token> or X-Api-Key: <key>.", {}});
  }
  if (!req.principal->IsPlatformStaff()) {
    return Problem(req, Error{Errc::forbidden, "Allotments are managed by platform staff only.", {}});
  }
  return std::nullopt;
}

// Runs `work` on the pool and renders its value with `render` (or its error).
template <class Work, class Render>
awaitable<Response> Call(Request& req, runtime::BlockingPool& pool, Work work, Render render) {
  auto result = co_await pool.Run(work);
  if (!result) co_return Problem(req, result.error());
  co_return render(*result);
}

}  // namespace

void RegisterInventoryRoutes(runtime::Router& router, InventoryService& svc, runtime::BlockingPool& pool) {
  router.Put("/api/v1/allotments/{hotelId}/{roomType}", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (auto no = Refuse(req)) co_return *no;
    const std::string hotel(req.Param("hotelId"));
    const std::string room_type(req.Param("roomType"));
    if (auto ok = views::CheckHotelId(hotel); !ok) co_return Problem(req, ok.error());
    if (auto ok = views::CheckRoomType(room_type); !ok) co_return Problem(req, ok.error());
    auto in = views::ParseAllotmentPut(req.body);
    if (!in) co_return Problem(req, in.error());
    co_return co_await Call(
        req, pool, [&] { return svc.SetAllotment(hotel, room_type, in->from, in->to, in->total); },
        [](const std::vector<AllotmentNight>& nights) { return Json(200, views::NightsJson(nights)); });
  });

  router.Get("/api/v1/allotments/{hotelId}", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (auto no = Refuse(req)) co_return *no;
    const std::string hotel(req.Param("hotelId"));
    if (auto ok = views::CheckHotelId(hotel); !ok) co_return Problem(req, ok.error());
    auto q = views::ParseAllotmentQuery(req);
    if (!q) co_return Problem(req, q.error());
    co_return co_await Call(
        req, pool, [&] { return svc.ListAllotments(hotel, q->room_type, q->from, q->to); },
        [](const std::vector<AllotmentNight>& nights) { return Json(200, views::NightsJson(nights)); });
  });

  router.Post("/api/v1/allotment-holds", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (auto no = Refuse(req)) co_return *no;
    auto in = views::ParseHoldRequest(req.body);
    if (!in) co_return Problem(req, in.error());
    co_return co_await Call(
        req, pool, [&] { return svc.PlaceHold(*in); },
        [](const HoldOutcome& o) {
          // A repeated reference answers the hold it made the first time, as 200.
          auto r = Json(o.created ? 201 : 200, views::HoldJson(o.hold));
          if (o.created) r.SetHeader("Location", "/api/v1/allotment-holds/" + o.hold.id);
          return r;
        });
  });

  router.Get("/api/v1/allotment-holds/{id}", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (auto no = Refuse(req)) co_return *no;
    const std::string id(req.Param("id"));
    co_return co_await Call(
        req, pool, [&] { return svc.GetHold(id); }, [](const Hold& h) { return Json(200, views::HoldJson(h)); });
  });

  router.Post("/api/v1/allotment-holds/{id}/confirm", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (auto no = Refuse(req)) co_return *no;
    const std::string id(req.Param("id"));
    co_return co_await Call(
        req, pool, [&] { return svc.Confirm(id); }, [](const Hold& h) { return Json(200, views::HoldJson(h)); });
  });

  router.Post("/api/v1/allotment-holds/{id}/release", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (auto no = Refuse(req)) co_return *no;
    const std::string id(req.Param("id"));
    co_return co_await Call(
        req, pool, [&] { return svc.Release(id); }, [](const Hold& h) { return Json(200, views::HoldJson(h)); });
  });
}

}  // namespace hotel::inventory
