// query-engine wiring: the catalog loaded at start and re-read when its version moves, the
// search engine, the route.
#include "modules/query-engine/query_module.hpp"

#include "runtime/handler_support.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>

namespace hotel::query {
namespace asio = boost::asio;

void RegisterSearchRoutes(runtime::Router& router, std::shared_ptr<SearchEngine> engine, const Clock& clock) {
  router.Post("/api/v1/search", [engine, &clock](runtime::Request& req) -> asio::awaitable<runtime::Response> {
    if (!req.principal) co_return runtime::Unauthenticated(req);
    // Every role searches: agents to book, finance and admins to check prices.
    auto query = ParseSearchQuery(req.body, clock.Now(), [&](std::string_view c) { return engine->KnownCurrency(c); });
    if (!query) co_return runtime::Problem(req, query.error());
    const Principal caller = *req.principal;
    auto body = co_await engine->Search(*query, caller, req.trace);
    if (!body) co_return runtime::Problem(req, body.error());
    runtime::Response r;
    r.shared_body = std::move(*body);
    co_return r;
  });
}

namespace {

class QueryModule final : public runtime::Module {
 public:
  QueryModule(runtime::ModuleContext& ctx, std::shared_ptr<supplier::SupplierDirectory> directory,
              std::shared_ptr<pricing::PricingService> pricing, std::shared_ptr<ports::Cache> cache,
              events::BufferedEventWriter* events, QueryOptions options)
      : ctx_(ctx), catalog_(std::make_shared<CatalogIndex>()) {
    if (options.concurrency <= 0) options.concurrency = ctx.settings.concurrency_limit;
    if (options.process_concurrency <= 0) options.process_concurrency = ctx.settings.search_calls_max;
    if (options.timeout.count() <= 0) options.timeout = std::chrono::milliseconds(ctx.settings.query_timeout_ms);
    poll_ = options.catalog_poll;
    SearchDeps deps{std::move(directory), std::move(pricing), std::move(cache), events, catalog_,
                    std::make_shared<const OfferCodec>(ctx.settings.encryption_secret), &ctx.clock, &ctx.metrics,
                    &ctx.log};
    engine_ = std::make_shared<SearchEngine>(std::move(deps), options);
    // The first load at build time, so the first search already sees the catalog.
    if (auto loaded = LoadCatalog(ctx.database)) {
      catalog_->Replace(*loaded);
    } else {
      ctx.log.Warn("query-engine could not load the catalog; searches find nothing until it loads",
                   {{"error", loaded.error().detail}});
    }
  }

  void RegisterRoutes(runtime::Router& router) override { RegisterSearchRoutes(router, engine_, ctx_.clock); }

  void Start(asio::any_io_executor executor) override {
    timer_ = std::make_shared<asio::steady_timer>(executor);
    asio::co_spawn(executor, Poll(timer_, stopped_), asio::detached);
  }

  void Stop() override {
    stopped_->store(true);
    // The poller keeps its own reference: the module must not hold a timer that could outlive
    // the io_context it belongs to.
    if (auto t = std::move(timer_)) asio::post(t->get_executor(), [t] { t->cancel(); });
  }

 private:
  // Polls the catalog's version on the BlockingPool; loads it again when it moved.
  asio::awaitable<void> Poll(std::shared_ptr<asio::steady_timer> timer, std::shared_ptr<std::atomic<bool>> stopped) {
    while (!stopped->load()) {
      timer->expires_after(poll_);
      auto [ec] = co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
      if (ec || stopped->load()) co_return;
      auto& db = ctx_.database;
      auto version = co_await ctx_.blocking.Run([&db] { return ReadCatalogVersion(db); });
      if (!version || *version == catalog_->Current()->version()) continue;
      auto loaded = co_await ctx_.blocking.Run([&db] { return LoadCatalog(db); });
      if (!loaded) {
        ctx_.log.Warn("query-engine could not reload the catalog", {{"error", loaded.error().detail}});
        continue;
      }
      ctx_.log.Info("query-engine catalog reloaded",
                    {{"version", (*loaded)->version()}, {"hotels", static_cast<std::int64_t>((*loaded)->size())}});
      catalog_->Replace(*loaded);
    }
  }

  runtime::ModuleContext& ctx_;
  std::shared_ptr<CatalogIndex> catalog_;
  std::shared_ptr<SearchEngine> engine_;
  std::chrono::milliseconds poll_{3000};
  std::shared_ptr<asio::steady_timer> timer_;
  std::shared_ptr<std::atomic<bool>> stopped_ = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace

runtime::ModuleSpec Spec(std::shared_ptr<supplier::SupplierDirectory> directory,
                         std::shared_ptr<pricing::PricingService> pricing, std::shared_ptr<ports::Cache> cache,
                         events::BufferedEventWriter* events, QueryOptions options) {
  return {"query-engine",
          "Hotel search: fan-out to the suppliers with the hotels, merged and priced offers for the caller's chain, "
          "partial answers when a supplier is slow, a short result cache.",
          {"/api/v1/search"},
          [directory, pricing, cache, events, options](runtime::ModuleContext& ctx) {
            return std::make_unique<QueryModule>(ctx, directory, pricing, cache, events, options);
          }};
}

}  // namespace hotel::query
