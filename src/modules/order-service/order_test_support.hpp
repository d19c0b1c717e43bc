// Test-only: a scripted supplier behind a real ResilientConnector, a directory holding it, a
// predictable pricing service, and a fixture with a migrated database, a B2B2B tenant tree
// with credit, and sealed offers. Shared by the SQLite and PostgreSQL suites.
#pragma once

#include "modules/order-service/order_service.hpp"
#include "modules/pricing-service/pricing_service.hpp"
#include "modules/query-engine/offer.hpp"
#include "modules/supplier-adapter/resilient_connector.hpp"
#include "ports/database_test_fixture.hpp"
#include "storage/migrator.hpp"
#include "support/handler_harness.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <set>

namespace hotel::orders::testing {

using namespace std::chrono_literals;

struct BookStep {
  std::optional<Error> error;  // answered (after booking when book_anyway)
  bool book_anyway = false;
  supplier::BookingStatus status = supplier::BookingStatus::kConfirmed;
  std::chrono::milliseconds delay{0};  // before answering: beyond the book timeout is a timeout
  std::optional<Money> net{};          // the net the supplier confirms (default: the expected one)
  // A late confirmation: the booking is made but retrieve and cancel do not find it until
  // SupplierScript::Reveal (a duplicate reference is still refused meanwhile).
  bool hidden = false;
  // Waits until *gate is true before booking (a request still on its way) or, with
  // gate_after_booking, after booking (an answer still on its way).
  std::shared_ptr<std::atomic<bool>> gate{};
  bool gate_after_booking = false;
};

struct SupplierScript {
  std::mutex mutex;
  supplier::QuoteStatus recheck_status = supplier::QuoteStatus::kAvailable;
  std::optional<Money> recheck_net;  // the supplier's price now (default: the expected one)
  std::deque<BookStep> book;
  std::optional<supplier::BookingStatus> retrieve_status;  // what the supplier says on retrieve
  std::optional<Money> cancel_penalty;
  std::chrono::milliseconds cancel_delay{0};
  std::shared_ptr<std::atomic<bool>> cancel_gate;  // the next cancel waits for it (once)
  int book_calls = 0, bookings_created = 0, retrieve_calls = 0, cancel_calls = 0, cancels_done = 0;
  std::map<std::string, supplier::Booking> bookings;
  std::set<std::string> hidden;  // client references retrieve and cancel do not find yet
  void Reveal(const std::string& client_reference) {
    std::lock_guard lock(mutex);
    hidden.erase(client_reference);
  }
};

// Waits (without blocking the thread) until the gate opens.
inline boost::asio::awaitable<void> Pass(const std::shared_ptr<std::atomic<bool>>& gate) {
  if (!gate) co_return;
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
  while (!*gate) {
    timer.expires_after(std::chrono::milliseconds(2));
    co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  }
}

class ScriptedSupplier final : public supplier::SupplierConnector {
 public:
  explicit ScriptedSupplier(std::shared_ptr<SupplierScript> s) : s_(std::move(s)) {}
  std::string_view Protocol() const override { return "hbx-json"; }

  boost::asio::awaitable<Result<supplier::SearchResult>> Search(const supplier::SearchRequest&,
                                                                const supplier::CallOptions&) override {
    co_return supplier::SearchResult{};
  }
  boost::asio::awaitable<Result<supplier::Quote>> Recheck(const supplier::QuoteRequest& r,
                                                          const supplier::CallOptions&) override {
    std::lock_guard lock(s_->mutex);
    supplier::Quote q;
    q.status = s_->recheck_status;
    if (q.status == supplier::QuoteStatus::kSoldOut) co_return q;
    q.rate.rate_token = r.rate_token + "-checked";
    q.rate.net = s_->recheck_net.value_or(r.expected_net.value_or(Money{}));
    if (s_->recheck_net && r.expected_net && *s_->recheck_net != *r.expected_net) {
      q.status = supplier::QuoteStatus::kPriceChanged;
    }
    co_return q;
  }
  boost::asio::awaitable<Result<supplier::Booking>> Book(const supplier::BookRequest& r,
                                                         const supplier::CallOptions&) override {
    BookStep step;
    std::optional<supplier::Booking> made;
    {
      std::lock_guard lock(s_->mutex);
      ++s_->book_calls;
      if (!s_->book.empty()) {
        step = s_->book.front();
        s_->book.pop_front();
      }
    }
    if (!step.gate_after_booking) co_await Pass(step.gate);
    {
      std::lock_guard lock(s_->mutex);
      if (s_->bookings.contains(r.client_reference)) co_return Error::Conflict("duplicate client reference");
      if (!step.error || step.book_anyway) {
        supplier::Booking b;
        b.supplier_reference = "SUP-" + std::to_string(++s_->bookings_created);
        b.client_reference = r.client_reference;
        b.status = step.status;
        b.hotel_code = r.hotel_code;
        b.check_in = r.check_in;
        b.check_out = r.check_out;
        b.net = step.net.value_or(r.expected_net);
        s_->bookings[r.client_reference] = b;
        if (step.hidden) s_->hidden.insert(r.client_reference);
        made = b;
      }
    }
    if (step.gate_after_booking) co_await Pass(step.gate);
    if (step.delay.count() > 0) {
      boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, step.delay);
      auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
      if (ec) co_return Error::Timeout("scripted: abandoned");
    }
    if (step.error) co_return *step.error;
    co_return *made;
  }
  boost::asio::awaitable<Result<supplier::Booking>> Commit(const supplier::Booking& b,
                                                           const supplier::CallOptions&) override {
    co_return b;
  }
  boost::asio::awaitable<Result<supplier::Booking>> Retrieve(const supplier::RetrieveRequest& r,
                                                             const supplier::CallOptions&) override {
    std::lock_guard lock(s_->mutex);
    ++s_->retrieve_calls;
    auto it = s_->bookings.find(r.client_reference);
    if (it == s_->bookings.end() || s_->hidden.contains(r.client_reference)) co_return Error::NotFound("no such booking");
    if (s_->retrieve_status) it->second.status = *s_->retrieve_status;
    co_return it->second;
  }
  boost::asio::awaitable<Result<Money>> QuoteCancel(const supplier::CancelRequest&,
                                                    const supplier::CallOptions&) override {
    co_return Money{0, "EUR"};
  }
  boost::asio::awaitable<Result<supplier::Booking>> Cancel(const supplier::CancelRequest& r,
                                                           const supplier::CallOptions&) override {
    std::chrono::milliseconds delay;
    std::shared_ptr<std::atomic<bool>> gate{};
    {
      std::lock_guard lock(s_->mutex);
      ++s_->cancel_calls;
      delay = s_->cancel_delay;
      gate = std::exchange(s_->cancel_gate, nullptr);
    }
    co_await Pass(gate);
    if (delay.count() > 0) {
      boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, delay);
      co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    }
    std::lock_guard lock(s_->mutex);
    auto it = s_->bookings.find(r.client_reference);
    if (it == s_->bookings.end() || s_->hidden.contains(r.client_reference)) co_return Error::NotFound("no such booking");
    if (it->second.status == supplier::BookingStatus::kCancelled) co_return Error::Conflict("already cancelled");
    it->second.status = supplier::BookingStatus::kCancelled;
    it->second.cancellation_penalty = s_->cancel_penalty;
    ++s_->cancels_done;
    co_return it->second;
  }
  boost::asio::awaitable<Result<supplier::ContentPage>> Content(const supplier::ContentRequest&,
                                                                const supplier::CallOptions&) override {
    co_return supplier::ContentPage{};
  }

 private:
  std::shared_ptr<SupplierScript> s_;
};

class OneSupplier final : public supplier::SupplierDirectory {
 public:
  explicit OneSupplier(std::shared_ptr<supplier::SupplierConnector> c) : c_(std::move(c)) {}
  std::vector<supplier::SupplierSummary> List() const override { return {{"HBX", "hbx-json", true}}; }
  std::shared_ptr<supplier::SupplierConnector> Connector(std::string_view code) const override {
    return code == "HBX" ? c_ : nullptr;
  }

 private:
  std::shared_ptr<supplier::SupplierConnector> c_;
};

// EUR → CNY at 8; each tier of the chain adds 10 % (rounded half away from zero).
class TenPercentPricing final : public pricing::PricingService {
 public:
  Result<pricing::PricedRate> Price(const pricing::PriceRequest& r) const override {
    auto net = Convert(r.net, r.target_currency.empty() ? "CNY" : r.target_currency);
    if (!net) return net.error();
    pricing::PricedRate out;
    out.net_converted = *net;
    out.fx_rate_e10 = r.net.currency == net->currency ? 10'000'000'000 : 80'000'000'000;
    out.breakdown.net = *net;
    Money running = *net;
    const auto add = [&](pricing::Tier tier) {
      const Money amount{ScaleRounded(running.minor, 10, 100), running.currency};
      running.minor += amount.minor;
      out.breakdown.lines.push_back({tier, "mkr_" + std::string(pricing::TierName(tier)), amount, running});
    };
    add(pricing::Tier::kPlatform);
    out.price_after_platform = running;
    if (!r.chain.distributor.empty()) add(pricing::Tier::kDistributor);
    out.price_after_distributor = running;
    if (!r.chain.subagent.empty()) add(pricing::Tier::kSubAgent);
    out.breakdown.final_price = running;
    return out;
  }
  Result<Money> Convert(const Money& amount, std::string_view to) const override {
    if (amount.currency == to) return amount;
    if (amount.currency == "EUR" && to == "CNY") return Money{amount.minor * 8, "CNY"};
    if (amount.currency == "CNY" && to == "EUR") return Money{ScaleRounded(amount.minor, 1, 8), "EUR"};
    return Error::NotFound("no rate");
  }
  std::string DefaultCurrency() const override { return "CNY"; }
};

template <class T>
T Await(boost::asio::awaitable<T> a) {
  return hotel::testing::RunAwaitable(std::move(a));
}

inline std::shared_ptr<Principal> Caller(std::string tenant, std::string path, Role role = Role::agent) {
  auto p = std::make_shared<Principal>();
  p->tenant_id = std::move(tenant);
  p->tenant_path = std::move(path);
  p->role = role;
  p->tier = TierOfPath(p->tenant_path);
  p->user_id = "usr_" + p->tenant_id;
  return p;
}

class OrderFlowTest : public ports::testing::ScratchDatabaseTest {
 protected:
  static constexpr std::string_view kSecret = "order-flow-test-secret-0123456789";
  const Instant kStart = Instant(std::chrono::seconds(1'800'000'000));  // 2027-01-15T08:00:00Z

  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    auto up = storage::Migrator(db(), storage::EmbeddedMigrations(db().dialect())).Up();
    ASSERT_TRUE(up) << up.error().detail;
    AddTenant("tnt_dist", "tnt_platform", "distributor", "/tnt_platform/tnt_dist/");
    AddTenant("tnt_sub", "tnt_dist", "subagent", "/tnt_platform/tnt_dist/tnt_sub/");
    AddTenant("tnt_sub2", "tnt_dist", "subagent", "/tnt_platform/tnt_dist/tnt_sub2/");
    AddTenant("tnt_other", "tnt_platform", "distributor", "/tnt_platform/tnt_other/");
    script_ = std::make_shared<SupplierScript>();
    supplier_adapter::ResilientConnector::Options o;
    o.supplier_code = "HBX";
    o.timeouts.book_ms = 150;
    o.timeouts.retrieve_ms = 1000;
    o.timeouts.cancel_ms = 2000;
    o.retry = {3, 5ms, 20ms};
    o.jitter = [](std::chrono::milliseconds) { return 1ms; };
    o.grace = 20ms;
    connector_ = std::make_shared<supplier_adapter::ResilientConnector>(std::make_unique<ScriptedSupplier>(script_),
                                                                        o, clock_, metrics_, log_);
    MakeService();
    for (auto tenant : {"tnt_sub", "tnt_dist", "tnt_sub2", "tnt_other"}) OpenAccount(tenant, 1'000'000);
  }
  void TearDown() override {
    service_.reset();
    ScratchDatabaseTest::TearDown();
  }

  void MakeService() { service_ = MakeServiceWith(options_, connector_); }

  // Another process's order service on the same database (its own options and connector).
  std::shared_ptr<OrderService> MakeServiceWith(OrderOptions options,
                                                std::shared_ptr<supplier::SupplierConnector> connector) {
    OrderDeps deps{std::make_shared<OneSupplier>(std::move(connector)), std::make_shared<TenPercentPricing>(), nullptr,
                   nullptr, std::string(kSecret)};
    return std::make_shared<OrderService>(db(), pool_, clock_, metrics_, log_, deps, options);
  }

  // A connector over the same scripted supplier with its own timeouts.
  std::shared_ptr<supplier_adapter::ResilientConnector> ConnectorWith(std::chrono::milliseconds book_timeout) {
    supplier_adapter::ResilientConnector::Options o;
    o.supplier_code = "HBX";
    o.timeouts.book_ms = static_cast<int>(book_timeout.count());
    o.timeouts.retrieve_ms = 1000;
    o.timeouts.cancel_ms = 2000;
    o.retry = {3, 5ms, 20ms};
    o.jitter = [](std::chrono::milliseconds) { return 1ms; };
    o.grace = 20ms;
    return std::make_shared<supplier_adapter::ResilientConnector>(std::make_unique<ScriptedSupplier>(script_), o, clock_,
                                                                  metrics_, log_);
  }

  // A booking the supplier makes but answers with a timeout, and shows to retrieves only after
  // script_->Reveal (a late confirmation): the order is ON_REQUEST.
  OrderRecord PlaceLateConfirmed() {
    auto q = Quote(*sub_);
    BookStep late;
    late.error = Error::Timeout("scripted: no answer");
    late.book_anyway = true;
    late.hidden = true;
    late.delay = 400ms;
    script_->book.push_back(late);
    auto placed = Place(*sub_, Order(q.id));
    EXPECT_TRUE(placed);
    if (!placed) return {};
    EXPECT_EQ(placed->order.status, OrderStatus::kOnRequest) << placed->order.status_reason.value_or("");
    return placed->order;
  }

  // Another process's order service: "ins_dead" has no process_instances row (it is gone),
  // its connector waits long for the supplier; "ins_other" is alive and uses the fixture's.
  std::shared_ptr<OrderService> DeadProcess() {
    OrderOptions o = options_;
    o.owner = {"ins_dead", 10s};
    return MakeServiceWith(o, ConnectorWith(30s));
  }
  std::shared_ptr<OrderService> OtherProcess() {
    OrderOptions o = options_;
    o.owner = {"ins_other", 10s};
    return MakeServiceWith(o, connector_);
  }

  // A call running on a thread of its own (a request of another process, stuck at a gate).
  template <class T>
  class Background {
   public:
    explicit Background(boost::asio::awaitable<T> call)
        : result_(boost::asio::co_spawn(io_, std::move(call), boost::asio::use_future)), thread_([this] { io_.run(); }) {}
    ~Background() {
      if (thread_.joinable()) thread_.join();
    }
    T Get() {
      thread_.join();
      return result_.get();
    }

   private:
    boost::asio::io_context io_;
    std::future<T> result_;
    std::thread thread_;
  };

  std::optional<OrderRecord> Stored(const std::string& id) {
    std::optional<OrderRecord> out;
    auto t = db().Transaction([&](ports::SqlSession& s) -> Result<void> {
      auto found = service_->repository().FindOrder(s, id);
      if (!found) return found.error();
      out = std::move(*found);
      return Ok();
    });
    EXPECT_TRUE(t);
    return out;
  }

  double Metric(const std::string& series) {
    const std::string text = metrics_.Render();
    const auto at = text.find("\n" + series + " ");
    return at == std::string::npos ? 0 : std::stod(text.substr(at + series.size() + 2));
  }

  void AddTenant(const std::string& id, const std::string& parent, const std::string& kind, const std::string& path) {
    const ports::SqlValue p[] = {id, parent.empty() ? ports::SqlNull() : ports::SqlValue(parent), kind, "Tenant " + id,
                                 path, std::string("2026-01-01T00:00:00.000Z")};
    auto r = db().Execute(
        "INSERT INTO tenants (id, parent_id, kind, name, status, currency, path, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, 'active', 'CNY', $5, $6, $6)",
        p);
    ASSERT_TRUE(r) << r.error().detail;
  }

  void OpenAccount(const std::string& tenant, std::int64_t limit) {
    auto r = db().Transaction([&](ports::SqlSession& s) -> Result<void> {
      auto a = service_->ledger().OpenAccount(s, tenant, "CNY", limit, "usr_test");
      if (!a) return a.error();
      return Ok();
    });
    ASSERT_TRUE(r) << r.error().detail;
  }

  credit::Account Account(const std::string& tenant) {
    std::optional<credit::Account> out;
    auto r = db().Transaction([&](ports::SqlSession& s) -> Result<void> {
      auto a = service_->ledger().FindAccountFor(s, tenant, "CNY");
      if (!a) return a.error();
      out = *a;
      return Ok();
    });
    EXPECT_TRUE(r && out);
    return out.value_or(credit::Account{});
  }

  // An offer for `tenant`, sealed: net 100.00 EUR → 800.00 CNY, +10 % per tier.
  std::string Offer(const std::string& tenant = "tnt_sub", std::int64_t price_minor = 106480) {
    query::Offer o;
    o.tenant_id = tenant;
    o.master_hotel_id = "htl_01jd0000000000000000000000";
    o.supplier = "HBX";
    o.hotel_code = "H1";
    o.country = "ES";
    o.city = "Madrid";
    o.check_in = DateOf(kStart) + 30;
    o.check_out = DateOf(kStart) + 32;
    o.rooms = {supplier::RoomOccupancy{2, {}}};
    o.nationality = "GB";
    o.rate.rate_token = "rate-1";
    o.rate.room_name = "Double";
    o.rate.board = supplier::Board::kBedAndBreakfast;
    o.rate.net = Money{10000, "EUR"};
    o.rate.cancellation = {{kStart + std::chrono::hours(24 * 20), Money{3000, "EUR"}},
                           {kStart + std::chrono::hours(24 * 29), Money{10000, "EUR"}}};
    o.currency = "CNY";
    o.price = Money{price_minor, "CNY"};
    o.expires_at = clock_.Now() + query::kOfferLifetime;
    auto sealed = query::OfferCodec(kSecret).Seal(o);
    EXPECT_TRUE(sealed) << (sealed ? "" : sealed.error().detail);
    return sealed ? *sealed : "";
  }

  QuoteRecord Quote(const Principal& who) {
    auto q = Await(service_->CreateQuote(who, Offer(who.tenant_id), nullptr));
    EXPECT_TRUE(q) << (q ? "" : q.error().detail);
    return q ? *q : QuoteRecord{};
  }

  NewOrder Order(const std::string& quote_id, std::string client_reference = "CR-1") {
    NewOrder in;
    in.quote_id = quote_id;
    in.guests = {{supplier::Guest{"Ana", "Lopez", false, 0}, supplier::Guest{"Luis", "Lopez", false, 0}}};
    in.contact_name = "Ana Lopez";
    in.contact_email = "ana@example.com";
    in.client_reference = std::move(client_reference);
    return in;
  }

  Result<PlacedOrder> Place(const Principal& who, NewOrder in) {
    return Await(service_->PlaceOrder(who, std::move(in), nullptr));
  }

  std::vector<std::string> EventTypes(const std::string& order_id) {
    auto r = Must("SELECT type FROM outbox WHERE aggregate_id = $1 ORDER BY sequence", {order_id});
    std::vector<std::string> out;
    for (const auto& row : r.rows) out.push_back(row.GetString(0));
    return out;
  }

  std::vector<credit::Hold> Holds(const std::string& order_id) {
    std::vector<credit::Hold> out;
    auto r = db().Transaction([&](ports::SqlSession& s) -> Result<void> {
      auto h = service_->ledger().HoldsOf(s, order_id);
      if (!h) return h.error();
      out = *h;
      return Ok();
    });
    EXPECT_TRUE(r);
    return out;
  }

  int Bookings() {
    std::lock_guard lock(script_->mutex);
    return script_->bookings_created;
  }

  std::shared_ptr<Principal> sub_ = Caller("tnt_sub", "/tnt_platform/tnt_dist/tnt_sub/");
  std::shared_ptr<Principal> dist_ = Caller("tnt_dist", "/tnt_platform/tnt_dist/", Role::distributor_admin);
  std::shared_ptr<Principal> staff_ = Caller("tnt_platform", "/tnt_platform/", Role::platform_ops);
  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  runtime::Logger log_{"test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})};
  runtime::MetricsRegistry metrics_;
  runtime::BlockingPool pool_{8};
  OrderOptions options_;
  std::shared_ptr<SupplierScript> script_;
  std::shared_ptr<supplier_adapter::ResilientConnector> connector_;
  std::shared_ptr<OrderService> service_;
};

}  // namespace hotel::orders::testing
