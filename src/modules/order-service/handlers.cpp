// Order-service handlers. Authentication happened in the gateway; here: the role (agents and
// distributor admins book, finance reads, platform staff read everything and review), the
// tenant (another tenant's quote or order is 404), and the answer's shape by role.
#include "modules/order-service/handlers.hpp"

#include "modules/order-service/views.hpp"
#include "runtime/handler_support.hpp"
#include "runtime/json.hpp"

#include <boost/json.hpp>

namespace hotel::orders {
namespace {

using boost::asio::awaitable;
using runtime::JsonResponse;
using runtime::Problem;
using runtime::Request;
using runtime::Response;
using Service = std::shared_ptr<OrderService>;

// nullopt when the caller may book (agent, distributor_admin).
std::optional<Response> RefuseUnlessBooker(const Request& req) {
  if (!req.principal) return runtime::Unauthenticated(req);
  const Role role = req.principal->role;
  if (role == Role::agent || role == Role::distributor_admin) return std::nullopt;
  return Problem(req, Error{Errc::forbidden, "Only agents and distributor admins quote and book.", {}});
}

// Booking staff, or platform staff acting for operations.
std::optional<Response> RefuseUnlessCanCancel(const Request& req) {
  if (!req.principal) return runtime::Unauthenticated(req);
  if (req.principal->IsPlatformStaff()) return std::nullopt;
  return RefuseUnlessBooker(req);
}

std::string PathId(const Request& req) { return std::string(req.Param("id")); }

awaitable<Response> Review(Request& req, const Service& svc, bool approve) {
  if (auto no = runtime::RefuseUnlessPlatformStaff(req, "Risk reviews are for platform staff.")) co_return *no;
  const std::string id(req.Param("orderId"));
  std::string reason;
  if (!approve && !req.body.empty()) {
    auto v = runtime::ParseJson(req.body);
    if (!v) co_return Problem(req, v.error());
    if (v->is_object() && v->as_object().contains("reason") && v->at("reason").is_string()) {
      reason = std::string(v->at("reason").as_string());
    }
  }
  auto r = approve ? co_await svc->Approve(*req.principal, id, &req.trace)
                   : co_await svc->Reject(*req.principal, id, reason);
  if (!r) co_return Problem(req, r.error());
  co_return JsonResponse(200, views::OrderJson(*r, *req.principal));
}

}  // namespace

// The supplier test scenario a request asks for, honoured only in test mode.
std::string TestScenario(const Request& req, const OrderService& svc) {
  if (!svc.options().test_scenarios) return {};
  return std::string(req.Header("X-Test-Scenario"));
}

void RegisterOrderRoutes(runtime::Router& router, Service svc) {
  router.Post("/api/v1/quotes", [svc](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessBooker(req)) co_return *no;
    auto offer_id = views::ParseOfferId(req.body);
    if (!offer_id) co_return Problem(req, offer_id.error());
    auto q = co_await svc->CreateQuote(*req.principal, *offer_id, &req.trace, TestScenario(req, *svc));
    if (!q) co_return Problem(req, q.error());
    auto r = JsonResponse(201, views::QuoteJson(*q));
    r.SetHeader("Location", "/api/v1/quotes/" + q->id);
    co_return r;
  });

  router.Get("/api/v1/quotes/{id}", [svc](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return runtime::Unauthenticated(req);
    auto q = co_await svc->GetQuote(*req.principal, PathId(req));
    if (!q) co_return Problem(req, q.error());
    co_return JsonResponse(200, views::QuoteJson(*q));
  });

  router.Post("/api/v1/orders", [svc](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessBooker(req)) co_return *no;
    auto in = views::ParseNewOrder(req.body);
    if (!in) co_return Problem(req, in.error());
    in->test_scenario = TestScenario(req, *svc);
    auto placed = co_await svc->PlaceOrder(*req.principal, std::move(*in), &req.trace);
    if (!placed) co_return Problem(req, placed.error());
    auto r = JsonResponse(placed->created ? 201 : 200, views::OrderJson(placed->order, *req.principal));
    r.SetHeader("Location", "/api/v1/orders/" + placed->order.id);
    co_return r;
  });

  router.Get("/api/v1/orders", [svc](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return runtime::Unauthenticated(req);
    auto filter = views::ParseFilter(req);
    if (!filter) co_return Problem(req, filter.error());
    const int limit = filter->limit;
    auto listed = co_await svc->ListOrders(*req.principal, std::move(*filter));
    if (!listed) co_return Problem(req, listed.error());
    co_return JsonResponse(200, views::ListJson(std::move(*listed), limit, *req.principal));
  });

  router.Get("/api/v1/orders/{id}", [svc](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return runtime::Unauthenticated(req);
    auto d = co_await svc->GetOrder(*req.principal, PathId(req));
    if (!d) co_return Problem(req, d.error());
    co_return JsonResponse(200, views::DetailJson(*d, *req.principal));
  });

  router.Post("/api/v1/orders/{id}/cancel-quote", [svc](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessCanCancel(req)) co_return *no;
    auto q = co_await svc->QuoteCancellation(*req.principal, PathId(req));
    if (!q) co_return Problem(req, q.error());
    co_return JsonResponse(200, views::CancelQuoteJson(*q));
  });

  router.Post("/api/v1/orders/{id}/cancel", [svc](Request& req) -> awaitable<Response> {
    if (auto no = RefuseUnlessCanCancel(req)) co_return *no;
    auto o = co_await svc->Cancel(*req.principal, PathId(req), &req.trace);
    if (!o) co_return Problem(req, o.error());
    co_return JsonResponse(200, views::OrderJson(*o, *req.principal));
  });

  router.Get("/api/v1/risk-reviews", [svc](Request& req) -> awaitable<Response> {
    if (auto no = runtime::RefuseUnlessPlatformStaff(req, "Risk reviews are for platform staff.")) co_return *no;
    auto page = views::ParsePage(req);
    if (!page) co_return Problem(req, page.error());
    auto listed = co_await svc->Reviews(page->first, page->second);
    if (!listed) co_return Problem(req, listed.error());
    boost::json::value next = nullptr;
    auto& orders = *listed;
    if (orders.size() > static_cast<std::size_t>(page->first)) {
      orders.resize(static_cast<std::size_t>(page->first));
      next = boost::json::value(orders.back().id);
    }
    boost::json::array items;
    for (const auto& o : orders) items.push_back(views::ReviewJson(o));
    co_return JsonResponse(200, boost::json::object{{"items", std::move(items)}, {"nextCursor", std::move(next)}});
  });

  router.Post("/api/v1/risk-reviews/{orderId}/approve",
              [svc](Request& req) -> awaitable<Response> { co_return co_await Review(req, svc, true); });
  router.Post("/api/v1/risk-reviews/{orderId}/reject",
              [svc](Request& req) -> awaitable<Response> { co_return co_await Review(req, svc, false); });
}

}  // namespace hotel::orders
