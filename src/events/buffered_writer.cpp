// The buffered event writer: a bounded in-memory queue, flushed into the outbox in batches by
// a timer (or sooner when a batch is full), the INSERTs on the BlockingPool.
#include "events/events.hpp"
#include "events/loop_slot.hpp"

#include "runtime/blocking.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <mutex>
#include <optional>

namespace hotel::events {

namespace asio = boost::asio;

struct BufferedEventWriter::State {
  State(ports::Database& db, runtime::BlockingPool& pool, runtime::Logger& log, runtime::MetricsRegistry& metrics,
        Options options)
      : db(db),
        pool(pool),
        log(log),
        options(options),
        dropped(metrics.AddCounter("events_dropped_total", "Buffered events dropped because the queue was full.",
                                   {"type"})),
        queued_gauge(metrics.AddGauge("events_buffered", "Events waiting in the buffered writer.").WithLabels({})),
        flush_failures(metrics.AddCounter("events_buffer_flush_failures_total",
                                          "Buffered writer flushes that failed (the events were queued again).")
                           .WithLabels({})) {
    if (this->options.max_batch == 0) this->options.max_batch = 1;
  }

  void Add(Event event) {
    bool full = false;
    bool wake = false;
    {
      std::lock_guard lock(queue_mutex);
      full = queue.size() >= options.max_queued;
      if (!full) {
        queue.push_back(std::move(event));
        queued_gauge.Set(static_cast<double>(queue.size()));
        wake = queue.size() >= options.max_batch;
      }
    }
    if (full) {
      dropped.WithLabels({event.type}).Inc();  // not moved from: it was not queued
      return;
    }
    // One wake-up per full batch is enough; the flush takes everything queued.
    if (wake && !stopped && !wake_pending.exchange(true)) WakeLoop();
  }

  // Writes everything queued (in transactions of max_batch events); on a failure the unwritten
  // events go back to the front of the queue, as far as there is room.
  Result<int> Flush() {
    std::lock_guard flush_lock(flush_mutex);
    std::vector<Event> taken;
    {
      std::lock_guard lock(queue_mutex);
      taken.swap(queue);
      queued_gauge.Set(0);
    }
    int written = 0;
    for (std::size_t at = 0; at < taken.size(); at += options.max_batch) {
      const std::size_t n = std::min(options.max_batch, taken.size() - at);
      std::vector<Event> batch(std::make_move_iterator(taken.begin() + at),
                               std::make_move_iterator(taken.begin() + at + n));
      auto r = db.Transaction([&batch](ports::SqlSession& s) { return AppendToOutbox(s, batch); });
      if (!r) {
        flush_failures.Inc();
        log.Log(runtime::LogLevel::warn, "buffered events not written; queued again",
                {{"events", taken.size() - at},
                 {"code", CodeName(r.error().code)},
                 {"detail", r.error().detail.substr(0, 200)}},
                nullptr, "events");
        for (std::size_t i = 0; i < n; ++i) taken[at + i] = std::move(batch[i]);
        Requeue(std::move(taken), at);
        return r.error();
      }
      written += static_cast<int>(n);
    }
    return written;
  }

  void Requeue(std::vector<Event> taken, std::size_t from) {
    std::lock_guard lock(queue_mutex);
    std::vector<Event> merged;
    merged.reserve(std::min(options.max_queued, taken.size() - from + queue.size()));
    for (std::size_t i = from; i < taken.size(); ++i) {
      if (merged.size() >= options.max_queued) {
        dropped.WithLabels({taken[i].type}).Inc();
        continue;
      }
      merged.push_back(std::move(taken[i]));
    }
    for (auto& e : queue) {
      if (merged.size() >= options.max_queued) {
        dropped.WithLabels({e.type}).Inc();
        continue;
      }
      merged.push_back(std::move(e));
    }
    queue.swap(merged);
    queued_gauge.Set(static_cast<double>(queue.size()));
  }

  bool BatchReady() {
    std::lock_guard lock(queue_mutex);
    return queue.size() >= options.max_batch;
  }

  static asio::awaitable<void> Loop(std::shared_ptr<State> s, std::shared_ptr<LoopSlot::Ctx> ctx) {
    while (!s->stopped) {
      // A batch that filled up while the last flush ran woke a timer nobody waited on.
      if (!s->BatchReady()) {
        ctx->timer.expires_after(s->options.flush_interval);
        co_await ctx->timer.async_wait(asio::as_tuple(asio::use_awaitable));
      }
      s->wake_pending = false;
      if (s->stopped) break;
      co_await s->pool.Run([s] {
        if (!s->stopped) (void)s->Flush();  // a failure is logged and the events kept
      });
    }
    s->loop.Reset();
  }

  void WakeLoop() { loop.Wake(); }

  ports::Database& db;
  runtime::BlockingPool& pool;
  runtime::Logger& log;
  Options options;
  runtime::CounterFamily& dropped;
  runtime::Gauge& queued_gauge;
  runtime::Counter& flush_failures;

  std::mutex queue_mutex;
  std::vector<Event> queue;
  std::mutex flush_mutex;         // one flush at a time keeps batches in order
  std::atomic<bool> stopped{false};
  std::atomic<bool> wake_pending{false};
  LoopSlot loop;  // the loop's strand and timer while it runs
};

BufferedEventWriter::BufferedEventWriter(ports::Database& db, runtime::BlockingPool& pool, const Clock& /*clock*/,
                                         runtime::Logger& log, runtime::MetricsRegistry& metrics, Options options)
    : state_(std::make_shared<State>(db, pool, log, metrics, options)) {}

BufferedEventWriter::~BufferedEventWriter() { Stop(); }

void BufferedEventWriter::Add(Event event) { state_->Add(std::move(event)); }

void BufferedEventWriter::Start(asio::any_io_executor executor) {
  if (state_->stopped) return;
  state_->loop.Start(executor, [s = state_](std::shared_ptr<LoopSlot::Ctx> ctx) { return State::Loop(s, ctx); });
}

void BufferedEventWriter::Stop() {
  if (!state_->stopped.exchange(true)) state_->WakeLoop();
  // The loop's timer must die while its io_context lives (see OutboxRelay::Stop).
  state_->loop.Reset();
  (void)state_->Flush();
}

Result<int> BufferedEventWriter::FlushNow() { return state_->Flush(); }

}  // namespace hotel::events
