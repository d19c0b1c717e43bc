// The in-process bus: prefix routing, subscription order, failures reported and counted
// while the other subscribers still get the event.
#include "events/events.hpp"

#include "runtime/log.hpp"
#include "runtime/metrics.hpp"

#include <gtest/gtest.h>

namespace hotel::events {
namespace {

class InProcessBusTest : public ::testing::Test {
 protected:
  Event NewEvent(std::string type) { return MakeEvent(std::move(type), "order", "ord_1", "tnt_1", {}, clock_); }
  ManualClock clock_{Instant(std::chrono::seconds(1'790'000'000))};
  runtime::MetricsRegistry metrics_;
  runtime::Logger log_{"test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})};
  std::shared_ptr<EventBus> bus_ = MakeInProcessBus(metrics_, log_);
};

TEST_F(InProcessBusTest, RoutesByTypePrefixInSubscriptionOrder) {
  std::vector<std::string> calls;
  bus_->Subscribe("a", "order.", [&](const Event& e) { calls.push_back("a:" + e.type); return Ok(); });
  bus_->Subscribe("b", "", [&](const Event& e) { calls.push_back("b:" + e.type); return Ok(); });
  bus_->Subscribe("c", "search.", [&](const Event& e) { calls.push_back("c:" + e.type); return Ok(); });
  ASSERT_TRUE(bus_->Publish(NewEvent("order.confirmed")));
  ASSERT_TRUE(bus_->Publish(NewEvent("search.completed")));
  EXPECT_EQ(calls, (std::vector<std::string>{"a:order.confirmed", "b:order.confirmed", "b:search.completed",
                                              "c:search.completed"}));
  EXPECT_EQ(metrics_.AddCounter("events_published_total", "", {"type"}).WithLabels({"order.confirmed"}).Value(), 1);
}

TEST_F(InProcessBusTest, AFailingHandlerFailsThePublishButOthersStillRun) {
  int others = 0;
  bus_->Subscribe("broken", "", [](const Event&) -> Result<void> { return Error::Unavailable("down"); });
  bus_->Subscribe("fine", "", [&](const Event&) { ++others; return Ok(); });
  auto r = bus_->Publish(NewEvent("order.cancelled"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::upstream_unavailable);
  EXPECT_EQ(others, 1);
  EXPECT_EQ(metrics_.AddCounter("event_handler_failures_total", "", {"consumer"}).WithLabels({"broken"}).Value(), 1);
  EXPECT_EQ(metrics_.AddCounter("events_published_total", "", {"type"}).WithLabels({"order.cancelled"}).Value(), 0);
}

TEST_F(InProcessBusTest, NoSubscriberIsSuccess) { EXPECT_TRUE(bus_->Publish(NewEvent("supplier.call"))); }

}  // namespace
}  // namespace hotel::events
