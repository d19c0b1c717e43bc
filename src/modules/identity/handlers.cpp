// Identity's HTTP handlers. Authentication happened in the gateway's middleware: a request
// without a principal is anonymous and gets 401 on every route but login.
#include "modules/identity/handlers.hpp"

#include "modules/identity/views.hpp"
#include "runtime/handler_support.hpp"

#include <boost/json.hpp>

#include <utility>

namespace hotel::identity {
namespace {

using boost::asio::awaitable;
using runtime::JsonResponse;
using runtime::Problem;
using runtime::Request;
using runtime::Response;
using runtime::Unauthenticated;

Response Created(const boost::json::object& o, std::string location) {
  auto r = JsonResponse(201, o);
  r.SetHeader("Location", std::move(location));
  return r;
}

// Runs `work(principal)` on the pool and renders its value with `render` (or its error).
template <class Work, class Render>
awaitable<Response> Call(Request& req, runtime::BlockingPool& pool, Work work, Render render) {
  const Principal& caller = *req.principal;
  co_return co_await runtime::CallOnPool(req, pool, [&] { return work(caller); }, std::move(render));
}

}  // namespace

void RegisterIdentityRoutes(runtime::Router& router, IdentityService& svc, runtime::BlockingPool& pool) {
  using namespace views;

  router.Post("/api/v1/auth/login", [&svc, &pool](Request& req) -> awaitable<Response> {
    auto in = ParseLogin(req.body);
    if (!in) co_return Problem(req, in.error());
    auto result = co_await pool.Run([&] { return svc.Login(in->email, in->password); });
    if (!result) co_return Problem(req, result.error());
    auto r = JsonResponse(200, LoginJson(*result));
    r.SetHeader("Cache-Control", "no-store");  // a bearer token must not sit in a cache
    co_return r;
  });

  router.Get("/api/v1/me", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return Unauthenticated(req);
    co_return co_await Call(
        req, pool, [&](const Principal& p) { return svc.Me(p); },
        [](const MeView& me) { return JsonResponse(200, MeJson(me)); });
  });

  // ---- tenants ----
  router.Get("/api/v1/tenants", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return Unauthenticated(req);
    auto page = ParsePage(req, "tnt");
    if (!page) co_return Problem(req, page.error());
    auto filter = ParseTenantFilter(req);
    if (!filter) co_return Problem(req, filter.error());
    co_return co_await Call(
        req, pool, [&](const Principal& p) { return svc.ListTenants(p, *filter, *page); },
        [](const Page<Tenant>& r) { return JsonResponse(200, PageJson(r, TenantJson)); });
  });

  router.Post("/api/v1/tenants", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return Unauthenticated(req);
    auto in = ParseNewTenant(req.body);
    if (!in) co_return Problem(req, in.error());
    co_return co_await Call(
        req, pool, [&](const Principal& p) { return svc.CreateTenant(p, *in); },
        [](const Tenant& t) { return Created(TenantJson(t), "/api/v1/tenants/" + t.id); });
  });

  router.Get("/api/v1/tenants/{id}", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return Unauthenticated(req);
    const std::string id(req.Param("id"));
    co_return co_await Call(
        req, pool, [&](const Principal& p) { return svc.GetTenant(p, id); },
        [](const Tenant& t) { return JsonResponse(200, TenantJson(t)); });
  });

  router.Patch("/api/v1/tenants/{id}", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return Unauthenticated(req);
    const std::string id(req.Param("id"));
    auto in = ParseTenantPatch(req.body);
    if (!in) co_return Problem(req, in.error());
    co_return co_await Call(
        req, pool, [&](const Principal& p) { return svc.UpdateTenant(p, id, *in); },
        [](const Tenant& t) { return JsonResponse(200, TenantJson(t)); });
  });

  for (auto [action, status] : {std::pair{"suspend", TenantStatus::suspended}, std::pair{"activate", TenantStatus::active}}) {
    router.Post("/api/v1/tenants/{id}/" + std::string(action),
                [&svc, &pool, status = status](Request& req) -> awaitable<Response> {
                  if (!req.principal) co_return Unauthenticated(req);
                  const std::string id(req.Param("id"));
                  co_return co_await Call(
                      req, pool, [&](const Principal& p) { return svc.SetTenantStatus(p, id, status); },
                      [](const Tenant& t) { return JsonResponse(200, TenantJson(t)); });
                });
  }

  // ---- users ----
  router.Get("/api/v1/tenants/{id}/users", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return Unauthenticated(req);
    const std::string id(req.Param("id"));
    auto page = ParsePage(req, "usr");
    if (!page) co_return Problem(req, page.error());
    co_return co_await Call(
        req, pool, [&](const Principal& p) { return svc.ListUsers(p, id, *page); },
        [](const Page<User>& r) { return JsonResponse(200, PageJson(r, UserJson)); });
  });

  router.Post("/api/v1/tenants/{id}/users", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return Unauthenticated(req);
    const std::string id(req.Param("id"));
    auto in = ParseNewUser(req.body);
    if (!in) co_return Problem(req, in.error());
    co_return co_await Call(
        req, pool, [&](const Principal& p) { return svc.CreateUser(p, id, *in); },
        [](const User& u) { return Created(UserJson(u), "/api/v1/users/" + u.id); });
  });

  router.Get("/api/v1/users/{id}", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return Unauthenticated(req);
    const std::string id(req.Param("id"));
    co_return co_await Call(
        req, pool, [&](const Principal& p) { return svc.GetUser(p, id); },
        [](const User& u) { return JsonResponse(200, UserJson(u)); });
  });

  router.Patch("/api/v1/users/{id}", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return Unauthenticated(req);
    const std::string id(req.Param("id"));
    auto in = ParseUserPatch(req.body);
    if (!in) co_return Problem(req, in.error());
    co_return co_await Call(
        req, pool, [&](const Principal& p) { return svc.UpdateUser(p, id, *in); },
        [](const User& u) { return JsonResponse(200, UserJson(u)); });
  });

  // ---- API keys ----
  router.Get("/api/v1/tenants/{id}/api-keys", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return Unauthenticated(req);
    const std::string id(req.Param("id"));
    auto page = ParsePage(req, "key");
    if (!page) co_return Problem(req, page.error());
    co_return co_await Call(
        req, pool, [&](const Principal& p) { return svc.ListKeys(p, id, *page); },
        [](const Page<ApiKey>& r) { return JsonResponse(200, PageJson(r, KeyJson)); });
  });

  router.Post("/api/v1/tenants/{id}/api-keys", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return Unauthenticated(req);
    const std::string id(req.Param("id"));
    auto in = ParseNewKey(req.body);
    if (!in) co_return Problem(req, in.error());
    co_return co_await Call(
        req, pool, [&](const Principal& p) { return svc.CreateKey(p, id, *in); },
        [](const CreatedKey& k) {
          auto r = Created(CreatedKeyJson(k), "/api/v1/api-keys/" + k.key.id);
          r.SetHeader("Cache-Control", "no-store");  // the only copy of the key
          return r;
        });
  });

  router.Delete("/api/v1/api-keys/{id}", [&svc, &pool](Request& req) -> awaitable<Response> {
    if (!req.principal) co_return Unauthenticated(req);
    const std::string id(req.Param("id"));
    co_return co_await Call(
        req, pool, [&](const Principal& p) { return svc.RevokeKey(p, id); }, [] { return Response::NoContent(); });
  });
}

}  // namespace hotel::identity
