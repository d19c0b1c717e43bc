// inventory-service wiring: the routes, and the hold-expiry sweep on the blocking pool.
#include "modules/inventory-service/inventory.hpp"

#include "modules/inventory-service/handlers.hpp"
#include "modules/inventory-service/service.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <memory>

namespace hotel::inventory {
namespace {

namespace asio = boost::asio;

// What the sweep shares with the module; the coroutine keeps it alive past Stop().
struct Sweep {
  explicit Sweep(asio::any_io_executor strand) : timer(strand) {}
  asio::steady_timer timer;  // used on its strand only
  std::atomic<bool> stopped{false};
};

asio::awaitable<void> RunSweep(std::shared_ptr<Sweep> sweep, std::shared_ptr<InventoryService> svc,
                               runtime::BlockingPool& pool, const Clock& clock, runtime::Logger& log,
                               std::chrono::milliseconds interval) {
  while (!sweep->stopped) {
    sweep->timer.expires_after(interval);
    boost::system::error_code ec;
    co_await sweep->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (sweep->stopped) break;
    auto expired = co_await pool.Run([&] { return svc->ExpireHolds(clock.Now()); });
    if (!expired) {
      log.Warn("allotment hold expiry failed", {{"error", expired.error().detail}});
    } else if (*expired > 0) {
      log.Info("allotment holds expired", {{"count", *expired}});
    }
  }
}

class InventoryModule final : public runtime::Module {
 public:
  InventoryModule(runtime::ModuleContext& ctx, std::chrono::milliseconds interval)
      : ctx_(ctx), service_(std::make_shared<InventoryService>(ctx.database, ctx.clock)), interval_(interval) {}

  void RegisterRoutes(runtime::Router& router) override { RegisterInventoryRoutes(router, *service_, ctx_.blocking); }

  void Start(asio::any_io_executor executor) override {
    asio::any_io_executor strand = asio::make_strand(executor);
    sweep_ = std::make_shared<Sweep>(strand);
    asio::co_spawn(strand, RunSweep(sweep_, service_, ctx_.blocking, ctx_.clock, ctx_.log, interval_), asio::detached);
  }

  void Stop() override {
    if (!sweep_) return;
    sweep_->stopped = true;
    asio::post(sweep_->timer.get_executor(), [sweep = sweep_] { sweep->timer.cancel(); });
    sweep_.reset();
  }

 private:
  runtime::ModuleContext& ctx_;
  std::shared_ptr<InventoryService> service_;
  std::chrono::milliseconds interval_;
  std::shared_ptr<Sweep> sweep_;
};

}  // namespace

runtime::ModuleSpec SpecWithSweepInterval(std::chrono::milliseconds interval) {
  return {"inventory-service",
          "Direct-contract allotments per hotel, room type and night; holds that take rooms on every night of a "
          "stay or none, confirmed, released or expired.",
          {"/api/v1/allotments", "/api/v1/allotment-holds"},
          [interval](runtime::ModuleContext& ctx) { return std::make_unique<InventoryModule>(ctx, interval); }};
}

runtime::ModuleSpec Spec() { return SpecWithSweepInterval(kExpirySweepInterval); }

}  // namespace hotel::inventory
