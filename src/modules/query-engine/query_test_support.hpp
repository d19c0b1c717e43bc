// Test-only pieces for query-engine: a fixed-rate PricingService (+10 % platform markup), a
// SupplierDirectory over given connectors, a scripted search connector that counts concurrent
// calls, and a fixture that wires a SearchEngine behind the route.
#pragma once

#include "adapters/memory/lru_cache.hpp"
#include "modules/query-engine/query_module.hpp"
#include "support/handler_harness.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <map>
#include <mutex>

namespace hotel::query::testing {

inline const Instant kNow = Instant(std::chrono::sys_days(std::chrono::year{2026} / 11 / 25).time_since_epoch());

// Rates per 1 EUR in 10^4: USD 1.1000, GBP 0.8500. Final = converted net + 10 %, at least the
// converted floor.
class FakePricing final : public pricing::PricingService {
 public:
  Result<pricing::PricedRate> Price(const pricing::PriceRequest& r) const override {
    const std::string to = r.target_currency.empty() ? DefaultCurrency() : r.target_currency;
    auto net = Convert(r.net, to);
    if (!net) return net.error();
    pricing::PricedRate out;
    out.net_converted = *net;
    out.breakdown.net = *net;
    const std::int64_t markup = ScaleRounded(net->minor, 10, 100);
    Money final_price{net->minor + markup, to};
    out.breakdown.lines.push_back({pricing::Tier::kPlatform, "rule-p", Money{markup, to}, final_price});
    if (r.selling_floor) {
      auto floor = Convert(*r.selling_floor, to);
      if (floor && floor->minor > final_price.minor) {
        out.breakdown.lines.push_back({pricing::Tier::kDistributor, std::nullopt,
                                       Money{floor->minor - final_price.minor, to}, *floor});
        final_price = *floor;
        out.breakdown.parity_raised = true;
      }
    }
    out.breakdown.final_price = final_price;
    out.price_after_platform = out.price_after_distributor = final_price;
    return out;
  }
  Result<Money> Convert(const Money& amount, std::string_view to) const override {
    auto from = Rate(amount.currency), into = Rate(to);
    if (!from || !into) return Error::NotFound("no FX rate for " + amount.currency + " → " + std::string(to));
    return Money{ScaleRounded(amount.minor, *into, *from), std::string(to)};
  }
  std::string DefaultCurrency() const override { return "EUR"; }

 private:
  static std::optional<std::int64_t> Rate(std::string_view c) {
    if (c == "EUR") return 10000;
    if (c == "USD") return 11000;
    if (c == "GBP") return 8500;
    return std::nullopt;
  }
};

// A search connector: each asked code answers its scripted rates (none when unscripted).
struct ScriptedSearch {
  std::mutex mutex;
  std::map<std::string, std::vector<supplier::Rate>> rates;  // by hotel code
  std::chrono::milliseconds delay{0};
  std::optional<Error> error;
  std::vector<std::vector<std::string>> calls;
  std::atomic<int> in_flight{0}, max_in_flight{0};
};

// A connector that only searches: every other operation answers internal ("unused").
class SearchOnlyConnector : public supplier::SupplierConnector {
 public:
#define HOTEL_UNUSED_OP(T, Name, Req) \
  boost::asio::awaitable<Result<T>> Name(const Req&, const supplier::CallOptions&) override { co_return Error::Internal("unused"); }
  HOTEL_UNUSED_OP(supplier::Quote, Recheck, supplier::QuoteRequest)
  HOTEL_UNUSED_OP(supplier::Booking, Book, supplier::BookRequest)
  HOTEL_UNUSED_OP(supplier::Booking, Commit, supplier::Booking)
  HOTEL_UNUSED_OP(supplier::Booking, Retrieve, supplier::RetrieveRequest)
  HOTEL_UNUSED_OP(Money, QuoteCancel, supplier::CancelRequest)
  HOTEL_UNUSED_OP(supplier::Booking, Cancel, supplier::CancelRequest)
  HOTEL_UNUSED_OP(supplier::ContentPage, Content, supplier::ContentRequest)
#undef HOTEL_UNUSED_OP
};

class ScriptedConnector final : public SearchOnlyConnector {
 public:
  explicit ScriptedConnector(std::shared_ptr<ScriptedSearch> s) : s_(std::move(s)) {}
  std::string_view Protocol() const override { return "scripted"; }
  boost::asio::awaitable<Result<supplier::SearchResult>> Search(const supplier::SearchRequest& r,
                                                                const supplier::CallOptions&) override {
    const int now = ++s_->in_flight;
    for (int seen = s_->max_in_flight.load(); now > seen && !s_->max_in_flight.compare_exchange_weak(seen, now);) {
    }
    std::chrono::milliseconds delay;
    {
      std::lock_guard lock(s_->mutex);
      s_->calls.push_back(r.hotel_codes);
      delay = s_->delay;
    }
    // Even an instant answer yields once, so calls of one search really overlap.
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, std::max(delay, std::chrono::milliseconds(5)));
    co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    --s_->in_flight;
    std::lock_guard lock(s_->mutex);
    if (s_->error) co_return *s_->error;
    supplier::SearchResult out;
    for (const auto& code : r.hotel_codes) {
      auto it = s_->rates.find(code);
      if (it != s_->rates.end()) out.hotels.push_back({code, it->second});
    }
    co_return out;
  }

 private:
  std::shared_ptr<ScriptedSearch> s_;
};

class FakeDirectory final : public supplier::SupplierDirectory {
 public:
  std::map<std::string, std::shared_ptr<supplier::SupplierConnector>> connectors;
  std::vector<supplier::SupplierSummary> List() const override {
    std::vector<supplier::SupplierSummary> out;
    for (const auto& [code, c] : connectors) out.push_back({code, std::string(c->Protocol()), true});
    return out;
  }
  std::shared_ptr<supplier::SupplierConnector> Connector(std::string_view code) const override {
    auto it = connectors.find(std::string(code));
    return it == connectors.end() ? nullptr : it->second;
  }
};

inline supplier::Rate MakeRate(std::string token, std::string room, std::int64_t net, std::string currency = "EUR",
                               supplier::Board board = supplier::Board::kBedAndBreakfast) {
  supplier::Rate r;
  r.rate_token = std::move(token);
  r.room_code = "RC";
  r.room_name = std::move(room);
  r.board = board;
  r.net = Money{net, std::move(currency)};
  r.rooms_left = 4;
  return r;
}

constexpr std::string_view kTestSecret = "a-test-encryption-secret-of-32+chars";

}  // namespace hotel::query::testing
