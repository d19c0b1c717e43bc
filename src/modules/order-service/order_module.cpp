// order-service wiring: the service from the context and its deps, its routes, and the poller
// loop on the server's executor.
#include "modules/order-service/order_module.hpp"

#include "modules/order-service/handlers.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/as_tuple.hpp>

#include <atomic>

namespace hotel::orders {
namespace {

namespace asio = boost::asio;

class OrderModule final : public runtime::Module {
 public:
  OrderModule(runtime::ModuleContext& ctx, OrderDeps deps) {
    if (deps.encryption_secret.empty()) deps.encryption_secret = ctx.settings.encryption_secret;
    OrderOptions options = OptionsFrom(ctx.settings);
    options.owner = ctx.owner;
    service_ = std::make_shared<OrderService>(ctx.database, ctx.blocking, ctx.clock, ctx.metrics, ctx.log,
                                              std::move(deps), options);
  }
  ~OrderModule() override { Stop(); }

  void RegisterRoutes(runtime::Router& router) override { RegisterOrderRoutes(router, service_); }

  void Start(asio::any_io_executor executor) override {
    auto state = std::make_shared<Loop>();
    state->timer = std::make_unique<asio::steady_timer>(executor);
    loop_ = state;
    asio::co_spawn(executor, Run(service_, state), asio::detached);
  }

  void Stop() override {
    if (auto state = std::exchange(loop_, nullptr)) {
      state->stopping = true;
      asio::post(state->timer->get_executor(), [state] { state->timer->cancel(); });
    }
  }

 private:
  struct Loop {
    std::atomic<bool> stopping{false};
    std::unique_ptr<asio::steady_timer> timer;
  };

  static asio::awaitable<void> Run(std::shared_ptr<OrderService> service, std::shared_ptr<Loop> state) {
    // A first pass at once: after a restart, the bookings the previous process left open are
    // the first thing to finish.
    while (!state->stopping) {
      co_await service->PollOnce();
      state->timer->expires_after(service->options().poll_interval);
      auto [ec] = co_await state->timer->async_wait(asio::as_tuple(asio::use_awaitable));
      if (ec || state->stopping) break;
    }
  }

  std::shared_ptr<OrderService> service_;
  std::shared_ptr<Loop> loop_;
};

}  // namespace

OrderOptions OptionsFrom(const runtime::Settings& settings) {
  OrderOptions o;
  o.order_expiry = std::chrono::minutes(settings.order_expiry_minutes);
  o.poll_interval = std::chrono::milliseconds(settings.order_poll_interval_ms);
  o.risk_threshold = settings.risk_score_threshold;
  o.test_scenarios = settings.supplier_test_scenarios;
  return o;
}

runtime::ModuleSpec Spec(OrderDeps deps) {
  return {"order-service",
          "Quotes re-checked with the supplier, orders through risk and per-tier credit holds, exactly-once supplier "
          "bookings, cancellations, the risk review queue and the poller that resolves open bookings.",
          {"/api/v1/quotes", "/api/v1/orders", "/api/v1/risk-reviews"},
          [deps](runtime::ModuleContext& ctx) { return std::make_unique<OrderModule>(ctx, deps); }};
}

}  // namespace hotel::orders
