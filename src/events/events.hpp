// Domain events and their delivery (issue 5 §5): every order transition, search summary and
// supplier call outcome is an Event. State changes write their events into the `outbox` table
// in the same transaction as the change (AppendToOutbox); the OutboxRelay publishes committed
// rows to the EventBus port in order, at least once, and marks them published. Consumers are
// idempotent by event id (ConsumeOnce). High-volume events with no state change behind them
// (search summaries, supplier call outcomes) go through a BufferedEventWriter, which batches
// them into the outbox (one INSERT per batch): an event still in the buffer when the process
// dies is lost, which only analytics can notice.
#pragma once

#include "core/clock.hpp"
#include "core/error.hpp"
#include "ports/database.hpp"
#include "ports/lease.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::runtime {
class Logger;
class MetricsRegistry;
class BlockingPool;
}  // namespace hotel::runtime

namespace hotel::events {

struct Event {
  std::string id;              // "evt_…" (NewId), unique; the consumers' dedup key
  std::string type;            // "order.confirmed", "search.completed", "supplier.call", …
  std::string aggregate_type;  // "order", "search", "supplier"
  std::string aggregate_id;    // "ord_…", a search id, a supplier code
  std::string tenant_id;       // the tenant the event belongs to ("" for platform-wide)
  boost::json::object payload; // camelCase fields, money as {amount, currency}
  Instant occurred_at{};
  std::string trace_id;        // the request's W3C trace id, "" when none
  std::int64_t sequence = 0;   // the outbox's order (set by the outbox; 0 before)
};

// A new event with a fresh evt_ id, occurred_at = clock.Now().
Event MakeEvent(std::string type, std::string aggregate_type, std::string aggregate_id, std::string tenant_id,
                boost::json::object payload, const Clock& clock, std::string trace_id = {});

// The JSON form used on the wire and in the outbox's payload column:
// {"id","type","aggregateType","aggregateId","tenantId","occurredAt","traceId","sequence","payload"}.
boost::json::object EventToJson(const Event& e);
Result<Event> EventFromJson(const boost::json::value& v);

// ---- The bus port (in-process now; RabbitMQ later) -----------------------------------------

// A consumer: returns an error to have the event delivered again later (at-least-once).
using EventHandler = std::function<Result<void>(const Event&)>;

class EventBus {
 public:
  virtual ~EventBus() = default;
  // Delivers `event` to every subscriber whose prefix matches the type ("order." matches
  // "order.confirmed"; "" matches all). Succeeds only when every matching handler succeeded;
  // on failure the relay retries the same event (handlers must be idempotent: ConsumeOnce).
  virtual Result<void> Publish(const Event& event) = 0;
  // `consumer` names the subscriber (for metrics and ConsumeOnce). Register before Start.
  virtual void Subscribe(std::string consumer, std::string type_prefix, EventHandler handler) = 0;
};

// Synchronous in-process bus: Publish calls the handlers on the caller's thread, in
// subscription order. Metrics: events_published_total{type}, event_handler_failures_total{consumer}.
std::shared_ptr<EventBus> MakeInProcessBus(runtime::MetricsRegistry& metrics, runtime::Logger& log);

// ---- The outbox ------------------------------------------------------------------------------

// Inserts the event into `outbox` within the caller's transaction (sets nothing on `event`).
Result<void> AppendToOutbox(ports::SqlSession& session, const Event& event);
Result<void> AppendToOutbox(ports::SqlSession& session, const std::vector<Event>& events);

// Idempotent consumers: records (consumer, event id) in `consumed_events` within the
// consumer's transaction; false when it was already there (the event was handled before:
// skip it, the transaction then changes nothing).
Result<bool> ConsumeOnce(ports::SqlSession& session, std::string_view consumer, std::string_view event_id);

struct RelayOptions {
  std::chrono::milliseconds poll_interval{200};  // when idle; a Nudge() wakes it at once
  int batch_size = 500;
  std::chrono::milliseconds retry_backoff{1000};  // after a failed publish
  // How long a claimed batch stays this relay's: a relay that died mid-batch holds its rows
  // this long, after which another relay publishes them (again, if some already were).
  std::chrono::milliseconds lease{30000};
  // Published rows older than this are deleted by the relay (in batches).
  std::chrono::hours retention{24 * 7};
  // This process's instance (ports/lease.hpp): batches are claimed in its name, and a batch
  // whose claiming process is gone is taken over at once instead of after `lease`. Empty: the
  // relay claims under an id of its own and only the lease frees its batches.
  ports::LeaseOwner owner;
};

// Publishes committed outbox rows in sequence order to the bus and marks them published.
// Several processes may run a relay: each claims a batch with a lease (claimed_by,
// claimed_until) so a row is normally published once, and again only if its claimer died
// (taken over when its lease ends, or at once when its process instance is gone).
// Metrics: outbox_lag_seconds (age of the oldest unpublished row, gauge), outbox_pending
// (gauge), outbox_published_total, outbox_publish_failures_total.
class OutboxRelay {
 public:
  OutboxRelay(ports::Database& db, runtime::BlockingPool& pool, std::shared_ptr<EventBus> bus, const Clock& clock,
              runtime::Logger& log, runtime::MetricsRegistry& metrics, RelayOptions options = {});
  ~OutboxRelay();
  // The loop runs on a strand of `executor`; call Stop() before its io_context is destroyed.
  void Start(boost::asio::any_io_executor executor);
  void Stop();                 // waits for the current batch
  void Nudge();                // a transaction just committed events: relay soon
  // Publishes everything pending now (tests, shutdown); returns how many were published.
  Result<int> DrainOnce();

 private:
  struct State;
  std::shared_ptr<State> state_;
};

// Batches events without a transaction of their own into the outbox: Add() never blocks on
// the database (a bounded in-memory queue; when full the event is dropped and counted in
// events_dropped_total{type}); a flush every `flush_interval` or at `max_batch` events.
class BufferedEventWriter {
 public:
  struct Options {
    std::chrono::milliseconds flush_interval{500};
    std::size_t max_batch = 500;
    std::size_t max_queued = 100000;
  };
  BufferedEventWriter(ports::Database& db, runtime::BlockingPool& pool, const Clock& clock, runtime::Logger& log,
                      runtime::MetricsRegistry& metrics, Options options);
  ~BufferedEventWriter();
  void Add(Event event);  // thread-safe, cheap
  void Start(boost::asio::any_io_executor executor);
  void Stop();                // flushes what is queued
  Result<int> FlushNow();     // tests: writes what is queued, returns how many

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace hotel::events
