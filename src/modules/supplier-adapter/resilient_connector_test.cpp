// ResilientConnector over a scripted fake: which operations retry and how often, backoff
// growth, the retrieve-first protocol of Book and Cancel, the circuit breaker, deadlines,
// metrics and credential-free logs.
#include "modules/supplier-adapter/resilient_connector.hpp"

#include "modules/supplier-adapter/fake_connector.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include <set>

namespace hotel::supplier_adapter {
namespace {

using namespace std::chrono_literals;
using api_gateway::BreakerState;
using testing::Fail;
using testing::FakeState;
using testing::FakeStep;
using testing::Hang;

template <class T>
T Await(boost::asio::awaitable<T> a) {
  boost::asio::io_context io;
  auto f = boost::asio::co_spawn(io, std::move(a), boost::asio::use_future);
  io.run();
  return f.get();
}

class ResilientConnectorTest : public ::testing::Test {
 protected:
  std::unique_ptr<ResilientConnector> Make(int max_attempts = 3) {
    ResilientConnector::Options o;
    o.supplier_code = "HBX";
    o.timeouts = timeouts_;
    o.retry = {max_attempts, 10ms, 35ms};
    o.jitter = [this](std::chrono::milliseconds cap) {
      caps_.push_back(cap);
      return std::chrono::milliseconds(1);
    };
    o.breaker = [this] { return breaker_; };
    o.redact = {"super-secret-api-key"};
    o.grace = 50ms;
    return std::make_unique<ResilientConnector>(std::make_unique<testing::FakeConnector>(state_), o, clock_, metrics_,
                                                log_);
  }

  static supplier::SearchRequest SearchReq() {
    supplier::SearchRequest r;
    r.hotel_codes = {"H1", "H2"};
    r.check_in = Date{20000};
    r.check_out = Date{20001};
    r.rooms = {supplier::RoomOccupancy{}};
    r.currency = "EUR";
    return r;
  }
  static supplier::BookRequest BookReq() {
    supplier::BookRequest r;
    r.hotel_code = "H1";
    r.rate_token = "tok";
    r.client_reference = "ord_ref_1";
    r.check_in = Date{20000};
    r.check_out = Date{20001};
    r.rooms = {supplier::RoomOccupancy{}};
    r.expected_net = Money{10000, "EUR"};
    return r;
  }

  // Runs the operation once through `c`; returns the error code, or nullopt on success.
  std::optional<Errc> Call(ResilientConnector& c, Operation op) {
    const supplier::CallOptions call;
    auto code = [](const auto& r) { return r ? std::nullopt : std::optional<Errc>(r.error().code); };
    switch (op) {
      case Operation::kSearch: return code(Await(c.Search(SearchReq(), call)));
      case Operation::kRecheck: return code(Await(c.Recheck(supplier::QuoteRequest{.hotel_code = "H1", .rate_token = "t"}, call)));
      case Operation::kBook: return code(Await(c.Book(BookReq(), call)));
      case Operation::kCommit: return code(Await(c.Commit(supplier::Booking{}, call)));
      case Operation::kRetrieve: return code(Await(c.Retrieve(supplier::RetrieveRequest{.client_reference = "x"}, call)));
      case Operation::kQuoteCancel: return code(Await(c.QuoteCancel(supplier::CancelRequest{"S", "x"}, call)));
      case Operation::kCancel: return code(Await(c.Cancel(supplier::CancelRequest{"S", "x"}, call)));
      case Operation::kContent: return code(Await(c.Content(supplier::ContentRequest{}, call)));
    }
    return Errc::internal;
  }

  double Metric(const std::string& series) {
    const std::string text = metrics_.Render();
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + series.size() + 2));
  }

  std::shared_ptr<FakeState> state_ = std::make_shared<FakeState>();
  Timeouts timeouts_;
  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  runtime::MetricsRegistry metrics_;
  std::mutex lines_mutex_;
  std::vector<std::string> lines_;
  runtime::Logger log_{"test", runtime::LogLevel::debug, runtime::MakeCallbackSink([this](std::string_view l) {
                         std::lock_guard lock(lines_mutex_);
                         lines_.emplace_back(l);
                       })};
  std::vector<std::chrono::milliseconds> caps_;
  api_gateway::BreakerOptions breaker_{.failure_threshold = 3, .open_for = 1000ms, .half_open_probes = 1};
};

constexpr Operation kSafe[] = {Operation::kSearch, Operation::kRecheck, Operation::kRetrieve, Operation::kQuoteCancel,
                               Operation::kContent};

TEST_F(ResilientConnectorTest, SafeOperationsRetryTransportErrorsUntilOneSucceeds) {
  breaker_.failure_threshold = 100;
  state_->bookings["x"] = supplier::Booking{};  // so Retrieve has something to find
  for (Operation op : kSafe) {
    auto c = Make(3);
    state_->Script(op, {Fail(Errc::upstream_timeout), Fail(Errc::rate_limited)});
    EXPECT_EQ(Call(*c, op), std::nullopt) << OperationName(op);
    EXPECT_EQ(state_->Calls(op), 3) << OperationName(op);
  }
  EXPECT_EQ(Metric(R"(supplier_retries_total{supplier="HBX",operation="search"})"), 2);
  EXPECT_EQ(Metric(R"(supplier_calls_total{supplier="HBX",operation="search",outcome="ok"})"), 1);
  EXPECT_EQ(Metric(R"(supplier_calls_total{supplier="HBX",operation="search",outcome="rate_limited"})"), 1);
}

TEST_F(ResilientConnectorTest, SafeOperationsStopAfterMaxAttempts) {
  breaker_.failure_threshold = 100;
  for (Operation op : kSafe) {
    auto c = Make(3);
    state_->Script(op, {Fail(Errc::upstream_unavailable), Fail(Errc::upstream_unavailable),
                        Fail(Errc::upstream_unavailable), Fail(Errc::upstream_unavailable)});
    EXPECT_EQ(Call(*c, op), Errc::upstream_unavailable) << OperationName(op);
    EXPECT_EQ(state_->Calls(op), 3) << OperationName(op);
  }
  auto one = Make(1);
  state_->script.clear();
  state_->Script(Operation::kSearch, {Fail(Errc::upstream_unavailable)});
  EXPECT_EQ(Call(*one, Operation::kSearch), Errc::upstream_unavailable);
  EXPECT_EQ(state_->Calls(Operation::kSearch), 4) << "RETRY_MAX_ATTEMPTS=1 means no retry";
}

TEST_F(ResilientConnectorTest, BackoffCapDoublesEachRetryUpToTheMaximum) {
  breaker_.failure_threshold = 100;
  auto c = Make(5);
  state_->Script(Operation::kSearch, {Fail(Errc::upstream_timeout), Fail(Errc::upstream_timeout),
                                      Fail(Errc::upstream_timeout), Fail(Errc::upstream_timeout)});
  EXPECT_EQ(Call(*c, Operation::kSearch), std::nullopt);
  EXPECT_EQ(caps_, (std::vector<std::chrono::milliseconds>{10ms, 20ms, 35ms, 35ms}));
}

TEST_F(ResilientConnectorTest, FullJitterStaysWithinTheCap) {
  std::set<std::int64_t> seen;
  for (int i = 0; i < 200; ++i) {
    const auto d = FullJitter(100ms);
    ASSERT_GE(d.count(), 0);
    ASSERT_LE(d.count(), 100);
    seen.insert(d.count());
  }
  EXPECT_GT(seen.size(), 20u) << "waits are spread over the range, not fixed";
  EXPECT_EQ(FullJitter(0ms).count(), 0);
}

TEST_F(ResilientConnectorTest, BackoffReallyWaits) {
  breaker_.failure_threshold = 100;
  ResilientConnector::Options o;
  o.supplier_code = "HBX";
  o.retry = {3, 40ms, 1000ms};
  o.jitter = [](std::chrono::milliseconds cap) { return cap; };
  ResilientConnector c(std::make_unique<testing::FakeConnector>(state_), o, clock_, metrics_, log_);
  state_->Script(Operation::kSearch, {Fail(Errc::upstream_timeout), Fail(Errc::upstream_timeout)});
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(Call(c, Operation::kSearch), std::nullopt);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 120ms) << "40 ms then 80 ms";
}

TEST_F(ResilientConnectorTest, BusinessErrorsAreNeverRetried) {
  for (Errc code : {Errc::sold_out, Errc::price_changed, Errc::validation_failed, Errc::not_found, Errc::conflict,
                    Errc::gone}) {
    auto c = Make(3);
    const int before = state_->Calls(Operation::kSearch);
    state_->Script(Operation::kSearch, {Fail(code)});
    EXPECT_EQ(Call(*c, Operation::kSearch), code);
    EXPECT_EQ(state_->Calls(Operation::kSearch), before + 1) << CodeName(code);
  }
  EXPECT_EQ(Metric(R"(supplier_retries_total{supplier="HBX",operation="search"})"), -1);
}

TEST_F(ResilientConnectorTest, CommitIsNeverRetried) {
  auto c = Make(3);
  state_->Script(Operation::kCommit, {Fail(Errc::upstream_timeout)});
  EXPECT_EQ(Call(*c, Operation::kCommit), Errc::upstream_timeout);
  EXPECT_EQ(state_->Calls(Operation::kCommit), 1);
}

TEST_F(ResilientConnectorTest, BookRetriesWithTheSameReferenceOnlyAfterRetrieveFindsNothing) {
  auto c = Make(3);
  state_->Script(Operation::kBook, {Fail(Errc::upstream_unavailable)});  // refused, not booked
  auto r = Await(c->Book(BookReq(), {}));
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->status, supplier::BookingStatus::kConfirmed);
  EXPECT_EQ(state_->book_references, (std::vector<std::string>{"ord_ref_1", "ord_ref_1"}));
  EXPECT_EQ(state_->Calls(Operation::kRetrieve), 1) << "a retrieve between the two attempts";
  EXPECT_EQ(state_->bookings.size(), 1u);
}

TEST_F(ResilientConnectorTest, BookReturnsTheBookingATimedOutAttemptMade) {
  auto c = Make(3);
  state_->Script(Operation::kBook, {FakeStep{Error::Timeout("lost answer"), {}, true}});
  auto r = Await(c->Book(BookReq(), {}));
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->client_reference, "ord_ref_1");
  EXPECT_EQ(state_->Calls(Operation::kBook), 1) << "found by retrieve: never booked again";
  EXPECT_EQ(state_->bookings.size(), 1u);
}

TEST_F(ResilientConnectorTest, BookWhoseRetrieveFailsReturnsTheOriginalErrorWithStatusUnknown) {
  breaker_.failure_threshold = 100;
  auto c = Make(3);
  state_->Script(Operation::kBook, {Fail(Errc::upstream_timeout)});
  state_->Script(Operation::kRetrieve, {Fail(Errc::upstream_unavailable), Fail(Errc::upstream_unavailable),
                                        Fail(Errc::upstream_unavailable)});
  auto r = Await(c->Book(BookReq(), {}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::upstream_timeout);
  EXPECT_NE(r.error().detail.find("status unknown"), std::string::npos) << r.error().detail;
  EXPECT_EQ(state_->Calls(Operation::kBook), 1);
  EXPECT_EQ(state_->Calls(Operation::kRetrieve), 3) << "the retrieve is a safe call: retried";
}

TEST_F(ResilientConnectorTest, BookRetryHittingTheDuplicateReferenceReturnsTheExistingBooking) {
  auto c = Make(3);
  // Booked, but not visible to the first retrieve (late confirmation): the retry's duplicate
  // reference protects against a second booking, and a second retrieve finds it.
  state_->Script(Operation::kBook, {FakeStep{Error::Timeout("lost answer"), {}, true}});
  state_->Script(Operation::kRetrieve, {Fail(Errc::not_found)});
  auto r = Await(c->Book(BookReq(), {}));
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(state_->Calls(Operation::kBook), 2);
  EXPECT_EQ(state_->bookings.size(), 1u);
}

TEST_F(ResilientConnectorTest, BookBusinessErrorsAreReturnedAsIs) {
  auto c = Make(3);
  state_->Script(Operation::kBook, {Fail(Errc::sold_out)});
  EXPECT_EQ(Call(*c, Operation::kBook), Errc::sold_out);
  EXPECT_EQ(state_->Calls(Operation::kBook), 1);
  EXPECT_EQ(state_->Calls(Operation::kRetrieve), 0);
}

TEST_F(ResilientConnectorTest, BookGivesUpAfterMaxAttemptsWhenNothingWasBooked) {
  breaker_.failure_threshold = 100;
  auto c = Make(2);
  state_->Script(Operation::kBook, {Fail(Errc::upstream_timeout), Fail(Errc::upstream_timeout)});
  auto r = Await(c->Book(BookReq(), {}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::upstream_timeout);
  EXPECT_EQ(state_->Calls(Operation::kBook), 2);
  EXPECT_EQ(state_->Calls(Operation::kRetrieve), 2) << "checked after every failed attempt";
}

TEST_F(ResilientConnectorTest, CancelWhoseAnswerWasLostReturnsTheCancelledBooking) {
  auto c = Make(3);
  ASSERT_TRUE(Await(c->Book(BookReq(), {})));
  state_->Script(Operation::kCancel, {FakeStep{Error::Timeout("lost answer"), {}, true}});
  auto r = Await(c->Cancel(supplier::CancelRequest{"SUP-1", "ord_ref_1"}, {}));
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->status, supplier::BookingStatus::kCancelled);
  EXPECT_EQ(state_->Calls(Operation::kCancel), 1);
  EXPECT_EQ(state_->Calls(Operation::kRetrieve), 1);
}

TEST_F(ResilientConnectorTest, CancelIsRetriedOnlyAfterRetrieveShowsTheBookingLive) {
  auto c = Make(3);
  ASSERT_TRUE(Await(c->Book(BookReq(), {})));
  state_->Script(Operation::kCancel, {Fail(Errc::upstream_unavailable)});
  auto r = Await(c->Cancel(supplier::CancelRequest{"SUP-1", "ord_ref_1"}, {}));
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->status, supplier::BookingStatus::kCancelled);
  EXPECT_EQ(state_->Calls(Operation::kCancel), 2);
  EXPECT_EQ(state_->Calls(Operation::kRetrieve), 1);
}

TEST_F(ResilientConnectorTest, CancelOfAnAlreadyCancelledBookingReturnsIt) {
  auto c = Make(3);
  ASSERT_TRUE(Await(c->Book(BookReq(), {})));
  ASSERT_TRUE(Await(c->Cancel(supplier::CancelRequest{"SUP-1", "ord_ref_1"}, {})));
  auto again = Await(c->Cancel(supplier::CancelRequest{"SUP-1", "ord_ref_1"}, {}));
  ASSERT_TRUE(again) << again.error().detail;
  EXPECT_EQ(again->status, supplier::BookingStatus::kCancelled);
}

TEST_F(ResilientConnectorTest, BreakerOpensAfterTheThresholdAndFailsFastWithoutCallingTheSupplier) {
  auto c = Make(1);
  state_->Script(Operation::kSearch, {Fail(Errc::upstream_unavailable), Fail(Errc::upstream_timeout),
                                      Fail(Errc::rate_limited)});
  EXPECT_EQ(Call(*c, Operation::kSearch), Errc::upstream_unavailable);
  EXPECT_EQ(Call(*c, Operation::kSearch), Errc::upstream_timeout);
  EXPECT_EQ(c->Health().breaker, BreakerState::closed);
  EXPECT_EQ(Call(*c, Operation::kSearch), Errc::rate_limited);
  EXPECT_EQ(c->Health().breaker, BreakerState::open);
  EXPECT_EQ(Metric(R"(supplier_breaker_state{supplier="HBX"})"), 2);
  EXPECT_EQ(Metric(R"(supplier_operation_breaker_state{supplier="HBX",operation="search"})"), 2);

  auto r = Await(c->Search(SearchReq(), {}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::upstream_unavailable);
  EXPECT_NE(r.error().detail.find("circuit open"), std::string::npos) << r.error().detail;
  EXPECT_EQ(Call(*c, Operation::kSearch), Errc::upstream_unavailable);
  EXPECT_EQ(state_->Calls(Operation::kSearch), 3) << "no call reached the supplier while open";
  EXPECT_EQ(Metric(R"(supplier_breaker_rejections_total{supplier="HBX"})"), 2);
  const auto health = c->Health();
  EXPECT_EQ(health.consecutive_failures, 3);
  EXPECT_EQ(health.operations[static_cast<std::size_t>(Operation::kSearch)].last_outcome, "upstream_unavailable");
  EXPECT_EQ(health.operations[static_cast<std::size_t>(Operation::kSearch)].breaker, BreakerState::open);
}

// Issue 13: a supplier whose searches fail may still take bookings (its own breaker per
// operation), and slow bookings that time out (their outcome unknown) never open the book
// breaker that ordinary bookings need.
TEST_F(ResilientConnectorTest, AnOpenSearchBreakerDoesNotRefuseBookings) {
  auto c = Make(1);
  state_->Script(Operation::kSearch, {Fail(Errc::upstream_unavailable), Fail(Errc::upstream_unavailable),
                                      Fail(Errc::upstream_unavailable)});
  for (int i = 0; i < 3; ++i) Call(*c, Operation::kSearch);
  ASSERT_EQ(c->Health().operations[static_cast<std::size_t>(Operation::kSearch)].breaker, BreakerState::open);
  auto booked = Await(c->Book(BookReq(), {}));
  ASSERT_TRUE(booked) << booked.error().detail;
  EXPECT_EQ(state_->Calls(Operation::kBook), 1);
  EXPECT_EQ(c->Health().operations[static_cast<std::size_t>(Operation::kBook)].breaker, BreakerState::closed);
  EXPECT_EQ(Metric(R"(supplier_operation_breaker_state{supplier="HBX",operation="book"})"), 0);
}

TEST_F(ResilientConnectorTest, BookingTimeoutsDoNotOpenTheBookBreaker) {
  auto c = Make(1);
  for (int i = 0; i < 6; ++i) {
    state_->Script(Operation::kBook, {Fail(Errc::upstream_timeout)});
    state_->Script(Operation::kRetrieve, {Fail(Errc::not_found)});
    auto r = Await(c->Book(BookReq(), {}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::upstream_timeout);
  }
  EXPECT_EQ(c->Health().operations[static_cast<std::size_t>(Operation::kBook)].breaker, BreakerState::closed)
      << "six timed-out bookings with the threshold at 3";
  auto ordinary = Await(c->Book(BookReq(), {}));
  EXPECT_TRUE(ordinary) << ordinary.error().detail;
  // A booking that fails outright (refused connection, 5xx) still counts.
  for (int i = 0; i < 3; ++i) {
    state_->Script(Operation::kBook, {Fail(Errc::upstream_unavailable)});
    state_->Script(Operation::kRetrieve, {Fail(Errc::not_found)});
    EXPECT_FALSE(Await(c->Book(BookReq(), {})));
  }
  EXPECT_EQ(c->Health().operations[static_cast<std::size_t>(Operation::kBook)].breaker, BreakerState::open);
}

TEST_F(ResilientConnectorTest, BookingOperationsUseTheBookingPool) {
  auto c = Make(1);
  for (Operation op : kOperations) Call(*c, op);
  for (Operation op : kOperations) {
    ASSERT_FALSE(state_->pools[op].empty()) << OperationName(op);
    const bool booking = op == Operation::kBook || op == Operation::kCommit || op == Operation::kRetrieve ||
                         op == Operation::kCancel || op == Operation::kQuoteCancel;
    EXPECT_EQ(state_->pools[op].front(), booking ? "booking" : "") << OperationName(op);
  }
}

TEST_F(ResilientConnectorTest, RetriesStopWhenTheBreakerOpens) {
  breaker_.failure_threshold = 2;
  auto c = Make(5);
  state_->Script(Operation::kSearch, {Fail(Errc::upstream_timeout), Fail(Errc::upstream_timeout),
                                      Fail(Errc::upstream_timeout)});
  EXPECT_EQ(Call(*c, Operation::kSearch), Errc::upstream_unavailable);
  EXPECT_EQ(state_->Calls(Operation::kSearch), 2);
}

TEST_F(ResilientConnectorTest, HalfOpenProbeThatSucceedsClosesTheBreaker) {
  auto c = Make(1);
  state_->Script(Operation::kSearch, {Fail(Errc::upstream_timeout), Fail(Errc::upstream_timeout),
                                      Fail(Errc::upstream_timeout)});
  for (int i = 0; i < 3; ++i) Call(*c, Operation::kSearch);
  ASSERT_EQ(c->Health().breaker, BreakerState::open);
  clock_.Advance(999ms);
  EXPECT_EQ(Call(*c, Operation::kSearch), Errc::upstream_unavailable) << "still cooling down";
  clock_.Advance(1ms);
  EXPECT_EQ(Call(*c, Operation::kSearch), std::nullopt) << "the probe goes through";
  EXPECT_EQ(c->Health().breaker, BreakerState::closed);
  EXPECT_EQ(Metric(R"(supplier_breaker_state{supplier="HBX"})"), 0);
  EXPECT_EQ(state_->Calls(Operation::kSearch), 4);
}

TEST_F(ResilientConnectorTest, HalfOpenProbeThatFailsOpensItAgain) {
  auto c = Make(1);
  state_->Script(Operation::kSearch, {Fail(Errc::upstream_timeout), Fail(Errc::upstream_timeout),
                                      Fail(Errc::upstream_timeout), Fail(Errc::upstream_unavailable)});
  for (int i = 0; i < 3; ++i) Call(*c, Operation::kSearch);
  clock_.Advance(1000ms);
  EXPECT_EQ(Call(*c, Operation::kSearch), Errc::upstream_unavailable);
  EXPECT_EQ(c->Health().breaker, BreakerState::open);
  EXPECT_EQ(Call(*c, Operation::kSearch), Errc::upstream_unavailable);
  EXPECT_EQ(state_->Calls(Operation::kSearch), 4) << "open again: the next call fails fast";
}

TEST_F(ResilientConnectorTest, BusinessErrorsDoNotOpenTheBreaker) {
  auto c = Make(1);
  for (Errc code : {Errc::sold_out, Errc::price_changed, Errc::validation_failed, Errc::conflict, Errc::not_found,
                    Errc::gone, Errc::sold_out, Errc::sold_out}) {
    state_->Script(Operation::kRecheck, {Fail(code)});
    EXPECT_EQ(Call(*c, Operation::kRecheck), code);
  }
  EXPECT_EQ(c->Health().breaker, BreakerState::closed);
  EXPECT_EQ(c->Health().failures, 0u);
  // They also break a run of transport failures.
  state_->Script(Operation::kSearch, {Fail(Errc::upstream_timeout), Fail(Errc::upstream_timeout), Fail(Errc::sold_out),
                                      Fail(Errc::upstream_timeout), Fail(Errc::upstream_timeout)});
  for (int i = 0; i < 5; ++i) Call(*c, Operation::kSearch);
  EXPECT_EQ(c->Health().breaker, BreakerState::closed);
}

TEST_F(ResilientConnectorTest, BreakerThresholdsFollowTheConfig) {
  auto c = Make(1);
  breaker_.failure_threshold = 1;
  state_->Script(Operation::kSearch, {Fail(Errc::upstream_timeout)});
  Call(*c, Operation::kSearch);
  EXPECT_EQ(c->Health().breaker, BreakerState::open);
  breaker_.failure_threshold = 10;  // a config change replaces the breaker, closed
  EXPECT_EQ(Call(*c, Operation::kSearch), std::nullopt);
  EXPECT_EQ(c->Health().breaker, BreakerState::closed);
}

TEST_F(ResilientConnectorTest, DeadlineIsTheOperationsTimeoutEvenWhenTheConnectorHangs) {
  timeouts_.search_ms = 150;
  auto c = Make(1);
  state_->Script(Operation::kSearch, {Hang(1000ms)});
  const auto started = std::chrono::steady_clock::now();
  auto r = Await(c->Search(SearchReq(), {}));
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::upstream_timeout);
  EXPECT_GE(took, 150ms);
  EXPECT_LT(took, 700ms) << "abandoned at the deadline (+ grace), not after the hang";
  EXPECT_EQ(c->Health().failures, 1u);
}

TEST_F(ResilientConnectorTest, EachOperationGetsItsOwnTimeout) {
  timeouts_ = {.search_ms = 1001, .quote_ms = 1002, .book_ms = 1003, .retrieve_ms = 1004, .cancel_ms = 1005,
               .content_ms = 1006};
  auto c = Make(1);
  for (Operation op : kOperations) Call(*c, op);
  const std::map<Operation, int> want{{Operation::kSearch, 1001},   {Operation::kRecheck, 1002},
                                      {Operation::kBook, 1003},     {Operation::kCommit, 1003},
                                      {Operation::kRetrieve, 1004}, {Operation::kQuoteCancel, 1005},
                                      {Operation::kCancel, 1005},   {Operation::kContent, 1006}};
  for (const auto& [op, ms] : want) {
    ASSERT_FALSE(state_->timeouts[op].empty()) << OperationName(op);
    EXPECT_EQ(state_->timeouts[op].front(), std::chrono::milliseconds(ms)) << OperationName(op);
  }
}

TEST_F(ResilientConnectorTest, MetricsCoverCallsDurationsBreakerAndRetries) {
  auto c = Make(2);
  state_->Script(Operation::kSearch, {Fail(Errc::upstream_timeout)});
  Call(*c, Operation::kSearch);
  const std::string text = metrics_.Render();
  for (const char* want : {R"(supplier_calls_total{supplier="HBX",operation="search",outcome="ok"} 1)",
                           R"(supplier_calls_total{supplier="HBX",operation="search",outcome="upstream_timeout"} 1)",
                           R"(supplier_call_duration_seconds_count{supplier="HBX",operation="search"} 2)",
                           R"(supplier_breaker_state{supplier="HBX"} 0)",
                           R"(supplier_retries_total{supplier="HBX",operation="search"} 1)"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
  }
}

TEST_F(ResilientConnectorTest, FailuresAreLoggedBoundedAndWithoutCredentials) {
  auto c = Make(1);
  const std::string leak = "bad key super-secret-api-key in " + std::string(5000, 'x');
  state_->Script(Operation::kSearch, {FakeStep{Error::Unavailable(leak), {}, false}});
  auto r = Await(c->Search(SearchReq(), {}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().detail.find("super-secret-api-key"), std::string::npos);
  EXPECT_LT(r.error().detail.size(), 400u);
  log_.Flush();
  std::lock_guard lock(lines_mutex_);
  ASSERT_FALSE(lines_.empty());
  const std::string& line = lines_.back();
  EXPECT_NE(line.find(R"("supplier":"HBX")"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("operation":"search")"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("code":"upstream_unavailable")"), std::string::npos) << line;
  EXPECT_NE(line.find("[redacted]"), std::string::npos) << line;
  EXPECT_EQ(line.find("super-secret-api-key"), std::string::npos) << line;
  EXPECT_LT(line.size(), 1000u);
}

}  // namespace
}  // namespace hotel::supplier_adapter
