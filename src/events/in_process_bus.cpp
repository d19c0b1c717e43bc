// The in-process EventBus: subscribers called synchronously, in subscription order.
#include "events/events.hpp"

#include "runtime/log.hpp"
#include "runtime/metrics.hpp"

#include <mutex>
#include <shared_mutex>

namespace hotel::events {
namespace {

class InProcessBus final : public EventBus {
 public:
  InProcessBus(runtime::MetricsRegistry& metrics, runtime::Logger& log)
      : published_(metrics.AddCounter("events_published_total", "Events delivered to the in-process bus.", {"type"})),
        failures_(metrics.AddCounter("event_handler_failures_total",
                                     "Event handler calls that failed (the event is delivered again).", {"consumer"})),
        log_(log) {}

  Result<void> Publish(const Event& event) override {
    std::shared_lock lock(mutex_);
    std::optional<Error> first_error;
    // Every matching handler runs even after one failed: the others must not wait for a
    // retry of someone else's failure (they are idempotent and will see the event again).
    for (const auto& s : subscribers_) {
      if (!event.type.starts_with(s.prefix)) continue;
      auto r = s.handler(event);
      if (r) continue;
      failures_.WithLabels({s.consumer}).Inc();
      log_.Log(runtime::LogLevel::warn, "event handler failed",
               {{"consumer", s.consumer},
                {"eventId", event.id},
                {"eventType", event.type},
                {"code", CodeName(r.error().code)},
                {"detail", r.error().detail.substr(0, 200)}},
               nullptr, "events");
      if (!first_error) {
        first_error = r.error();
        first_error->detail = s.consumer + ": " + first_error->detail;
      }
    }
    if (first_error) return *first_error;
    published_.WithLabels({event.type}).Inc();
    return Ok();
  }

  void Subscribe(std::string consumer, std::string type_prefix, EventHandler handler) override {
    std::unique_lock lock(mutex_);
    subscribers_.push_back({std::move(consumer), std::move(type_prefix), std::move(handler)});
  }

 private:
  struct Subscriber {
    std::string consumer;
    std::string prefix;
    EventHandler handler;
  };
  runtime::CounterFamily& published_;
  runtime::CounterFamily& failures_;
  runtime::Logger& log_;
  std::shared_mutex mutex_;
  std::vector<Subscriber> subscribers_;
};

}  // namespace

std::shared_ptr<EventBus> MakeInProcessBus(runtime::MetricsRegistry& metrics, runtime::Logger& log) {
  return std::make_shared<InProcessBus>(metrics, log);
}

}  // namespace hotel::events
