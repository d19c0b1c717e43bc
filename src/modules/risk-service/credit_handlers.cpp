// The credit API's handlers. Authentication happened in the gateway's middleware; here each
// route decides by the account tenant's path (tenants.path) who reaches it. Every write runs
// in one transaction on the BlockingPool, re-reading the account's tenant inside it.
#include "modules/risk-service/credit_handlers.hpp"

#include "modules/risk-service/credit_views.hpp"
#include "runtime/handler_support.hpp"

#include <boost/json.hpp>

namespace hotel::credit {
namespace {

using boost::asio::awaitable;
using runtime::JsonResponse;
using runtime::Problem;
using runtime::Request;
using runtime::Response;
using Api = std::shared_ptr<const CreditApi>;
namespace json = boost::json;

constexpr std::string_view kManageForbidden =
    "Credit is granted by the tier above: platform staff, or the distributor_admin of a parent tenant.";

// Runs f(session) in a transaction: committed when it succeeds, rolled back when it fails.
template <class F>
auto InTx(ports::Database& db, F f) -> decltype(f(std::declval<ports::SqlSession&>())) {
  using R = decltype(f(std::declval<ports::SqlSession&>()));
  std::optional<R> out;
  auto done = db.Transaction([&](ports::SqlSession& s) -> Result<void> {
    out.emplace(f(s));
    if (!*out) return out->error();
    return Ok();
  });
  if (!done && (!out || *out)) return done.error();
  return std::move(*out);
}

Result<std::optional<std::string>> TenantPath(ports::SqlSession& s, const std::string& tenant_id) {
  const ports::SqlValue p[] = {tenant_id};
  auto r = s.Execute("SELECT path FROM tenants WHERE id = $1", p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<std::string>{};
  return std::optional<std::string>(r->rows[0].GetString(0));
}

bool CanRead(const Principal& who, const std::string& tenant_path) { return who.CanReachTenantPath(tenant_path); }

// Platform staff, or a distributor_admin above (never at) the tenant.
bool CanManage(const Principal& who, const std::string& tenant_id, const std::string& tenant_path) {
  if (who.IsPlatformStaff()) return true;
  return who.role == Role::distributor_admin && tenant_id != who.tenant_id && who.CanReachTenantPath(tenant_path);
}

Error NoAccount(const std::string& id) { return Error::NotFound("No credit account " + id + "."); }

// The account `id` if `who` may read it (and, with `manage`, change it); 404 / 403 otherwise.
Result<Account> Reach(CreditLedger& ledger, ports::SqlSession& s, const Principal& who, const std::string& id,
                      bool manage) {
  auto found = ledger.FindAccount(s, id);
  if (!found) return found.error();
  if (!*found) return NoAccount(id);
  auto path = TenantPath(s, (*found)->tenant_id);
  if (!path) return path.error();
  if (!*path || !CanRead(who, **path)) return NoAccount(id);
  if (manage && !CanManage(who, (*found)->tenant_id, **path)) {
    return Error{Errc::forbidden, std::string(kManageForbidden), {}};
  }
  return std::move(**found);
}

std::optional<Response> RefuseAnonymous(const Request& req) {
  if (!req.principal) return runtime::Unauthenticated(req);
  return std::nullopt;
}

std::string PathId(const Request& req) { return std::string(req.Param("id")); }

// Deposit or adjustment on `id`: reach (manage), parse in the account's currency, move.
awaitable<Response> Move(Request& req, const Api& api, bool adjustment) {
  if (auto no = RefuseAnonymous(req)) co_return *no;
  const std::string id = PathId(req);
  const Principal& who = *req.principal;
  struct Moved {
    Entry entry;
    Account account;
  };
  auto moved = co_await api->pool.Run([&]() -> Result<Moved> {
    return InTx(api->db, [&](ports::SqlSession& s) -> Result<Moved> {
      auto account = Reach(api->ledger, s, who, id, true);
      if (!account) return account.error();
      auto in = views::ParseMovement(req.body, account->currency, adjustment);
      if (!in) return in.error();
      auto entry = adjustment ? api->ledger.Adjust(s, id, in->amount_minor, in->reference, who.Actor(), in->note)
                              : api->ledger.Deposit(s, id, in->amount_minor, in->reference, who.Actor(), in->note);
      if (!entry) return entry.error();
      auto after = api->ledger.FindAccount(s, id);
      if (!after) return after.error();
      if (!*after) return NoAccount(id);
      return Moved{std::move(*entry), std::move(**after)};
    });
  });
  if (!moved) co_return Problem(req, moved.error());
  auto r = JsonResponse(201, json::object{{"entry", views::EntryJson(moved->entry, moved->account.currency)},
                                          {"account", views::AccountJson(moved->account)}});
  co_return r;
}

}  // namespace

void RegisterCreditRoutes(runtime::Router& router, Api api) {
  router.Get("/api/v1/credit-accounts", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseAnonymous(req)) co_return *no;
    auto page = views::ParsePage(req, "cra");
    if (!page) co_return Problem(req, page.error());
    CreditLedger::AccountQuery q;
    q.tenant_path_prefix = req.principal->IsPlatformStaff() ? "" : req.principal->tenant_path;
    q.tenant_id = req.QueryParam("tenantId");
    q.currency = req.QueryParam("currency");
    q.limit = page->limit + 1;
    q.after = page->cursor;
    co_return co_await runtime::CallOnPool(
        req, api->pool, [&] { return InTx(api->db, [&](ports::SqlSession& s) { return api->ledger.ListAccounts(s, q); }); },
        [&](const std::vector<Account>& rows) {
          json::array items;
          json::value next = nullptr;
          for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(page->limit); ++i) {
            items.push_back(views::AccountJson(rows[i]));
          }
          if (rows.size() > static_cast<std::size_t>(page->limit)) next = json::value(rows[page->limit - 1].id);
          return JsonResponse(200, json::object{{"items", std::move(items)}, {"nextCursor", std::move(next)}});
        });
  });

  router.Post("/api/v1/credit-accounts", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseAnonymous(req)) co_return *no;
    const Principal& who = *req.principal;
    if (!who.IsPlatformStaff() && who.role != Role::distributor_admin) {
      co_return Problem(req, Error{Errc::forbidden, std::string(kManageForbidden), {}});
    }
    auto in = views::ParseNewAccount(req.body);
    if (!in) co_return Problem(req, in.error());
    auto opened = co_await api->pool.Run([&]() -> Result<Account> {
      return InTx(api->db, [&](ports::SqlSession& s) -> Result<Account> {
        auto path = TenantPath(s, in->tenant_id);
        if (!path) return path.error();
        // A tenant the caller cannot see reads as one that does not exist.
        if (!*path || !CanRead(who, **path)) return Error::Validation("tenantId", "no such tenant");
        if (!CanManage(who, in->tenant_id, **path)) {
          return Error{Errc::forbidden, std::string(kManageForbidden), {}};
        }
        return api->ledger.OpenAccount(s, in->tenant_id, in->currency, in->limit_minor, who.Actor());
      });
    });
    if (!opened) co_return Problem(req, opened.error());
    auto r = JsonResponse(201, views::AccountJson(*opened));
    r.SetHeader("Location", "/api/v1/credit-accounts/" + opened->id);
    co_return r;
  });

  router.Get("/api/v1/credit-accounts/{id}", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseAnonymous(req)) co_return *no;
    const std::string id = PathId(req);
    co_return co_await runtime::CallOnPool(
        req, api->pool,
        [&] { return InTx(api->db, [&](ports::SqlSession& s) { return Reach(api->ledger, s, *req.principal, id, false); }); },
        [](const Account& a) { return JsonResponse(200, views::AccountJson(a)); });
  });

  router.Patch("/api/v1/credit-accounts/{id}", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseAnonymous(req)) co_return *no;
    const std::string id = PathId(req);
    const Principal& who = *req.principal;
    co_return co_await runtime::CallOnPool(
        req, api->pool,
        [&] {
          return InTx(api->db, [&](ports::SqlSession& s) -> Result<Account> {
            auto account = Reach(api->ledger, s, who, id, true);
            if (!account) return account.error();
            auto patch = views::ParseAccountPatch(req.body, account->currency);
            if (!patch) return patch.error();
            if (patch->limit_minor) {
              auto changed = api->ledger.SetLimit(s, id, *patch->limit_minor, who.Actor(), patch->note);
              if (!changed) return changed.error();
              account = std::move(*changed);
            }
            if (patch->status) return api->ledger.SetStatus(s, id, *patch->status, who.Actor());
            return account;
          });
        },
        [](const Account& a) { return JsonResponse(200, views::AccountJson(a)); });
  });

  router.Post("/api/v1/credit-accounts/{id}/deposits",
              [api](Request& req) -> awaitable<Response> { co_return co_await Move(req, api, false); });
  router.Post("/api/v1/credit-accounts/{id}/adjustments",
              [api](Request& req) -> awaitable<Response> { co_return co_await Move(req, api, true); });

  router.Get("/api/v1/credit-accounts/{id}/entries", [api](Request& req) -> awaitable<Response> {
    if (auto no = RefuseAnonymous(req)) co_return *no;
    const std::string id = PathId(req);
    auto page = views::ParsePage(req, "cre");
    if (!page) co_return Problem(req, page.error());
    struct Listed {
      std::string currency;
      std::vector<Entry> entries;
    };
    co_return co_await runtime::CallOnPool(
        req, api->pool,
        [&] {
          return InTx(api->db, [&](ports::SqlSession& s) -> Result<Listed> {
            auto account = Reach(api->ledger, s, *req.principal, id, false);
            if (!account) return account.error();
            auto entries = api->ledger.Entries(s, {id, page->limit + 1, page->cursor});
            if (!entries) return entries.error();
            return Listed{account->currency, std::move(*entries)};
          });
        },
        [&](const Listed& listed) {
          json::array items;
          json::value next = nullptr;
          const auto limit = static_cast<std::size_t>(page->limit);
          for (std::size_t i = 0; i < listed.entries.size() && i < limit; ++i) {
            items.push_back(views::EntryJson(listed.entries[i], listed.currency));
          }
          if (listed.entries.size() > limit) next = json::value(listed.entries[limit - 1].id);
          return JsonResponse(200, json::object{{"items", std::move(items)}, {"nextCursor", std::move(next)}});
        });
  });
}

}  // namespace hotel::credit
