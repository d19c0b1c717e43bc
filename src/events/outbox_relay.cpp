// The outbox relay: claims batches of unpublished rows with a lease, publishes them in sequence
// order, marks them published; a background loop on a strand, the SQL on the BlockingPool.
#include "events/events.hpp"
#include "events/loop_slot.hpp"
#include "ports/sql_text.hpp"

#include "core/date.hpp"
#include "core/ids.hpp"
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
#include <boost/json/parse.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>

namespace hotel::events {

namespace asio = boost::asio;
using ports::SqlValue;

namespace {

constexpr std::int64_t kPurgeBatch = 1000;
constexpr int kPurgeRoundsPerPass = 20;
constexpr auto kPurgeEvery = std::chrono::minutes(1);

std::string Iso(Instant t) { return FormatIso8601(t); }

}  // namespace

struct OutboxRelay::State {
  State(ports::Database& db, runtime::BlockingPool& pool, std::shared_ptr<EventBus> bus, const Clock& clock,
        runtime::Logger& log, runtime::MetricsRegistry& metrics, RelayOptions options)
      : db(db),
        pool(pool),
        bus(std::move(bus)),
        clock(clock),
        log(log),
        options(options),
        me(options.owner.id.empty() ? NewId("rly") : options.owner.id),
        lag(metrics.AddGauge("outbox_lag_seconds", "Age of the oldest unpublished outbox row.").WithLabels({})),
        pending(metrics.AddGauge("outbox_pending", "Unpublished outbox rows.").WithLabels({})),
        published(metrics.AddCounter("outbox_published_total", "Outbox rows published by this process.").WithLabels({})),
        failures(metrics.AddCounter("outbox_publish_failures_total", "Failed publishes of outbox rows (retried).")
                     .WithLabels({})) {}

  struct BatchOutcome {
    int claimed = 0;
    int published = 0;
    bool failed = false;  // a publish failed: back off before the next batch
  };

  bool IsPg() const { return db.dialect() == ports::Dialect::postgres; }
  // Timestamps come back as the ISO 8601 text both engines' rows are written in.
  std::string Ts(std::string_view expr) const {
    return ports::TimestampText(db.dialect(), expr);
  }

  Result<std::vector<Event>> Claim(Instant now, const std::string& until) {
    // SKIP LOCKED: a relay claiming at the same moment takes the next rows instead of waiting
    // for ours (and then finding them claimed). SQLite has one writer, so no lock to skip.
    // A batch whose relay's process is gone is taken over at once (only by a relay that has
    // an owner itself: an ownerless one cannot tell a gone process from another ownerless relay).
    const std::string taken_over = options.owner.id.empty() ? "" : " OR " + ports::OwnerGoneSql("claimed_by", 5);
    const std::string sql =
        "UPDATE outbox SET claimed_by = $1, claimed_until = $2 WHERE sequence IN (SELECT sequence FROM outbox "
        "WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < $3" + taken_over +
        ") ORDER BY sequence LIMIT $4" + std::string(IsPg() ? " FOR UPDATE SKIP LOCKED" : "") +
        ") RETURNING sequence, id, type, aggregate_type, aggregate_id, tenant_id, payload, " + Ts("occurred_at") +
        ", trace_id";
    const SqlValue p[] = {me, until, Iso(now), std::int64_t{options.batch_size}, options.owner.AliveAfterMs(now)};
    auto r = db.Execute(sql, std::span<const SqlValue>(p, options.owner.id.empty() ? 4 : 5));
    if (!r) return r.error();
    std::vector<Event> events;
    events.reserve(r->rows.size());
    for (const auto& row : r->rows) {
      Event e;
      e.sequence = row.GetInt(0);
      e.id = row.GetString(1);
      e.type = row.GetString(2);
      e.aggregate_type = row.GetString(3);
      e.aggregate_id = row.GetString(4);
      e.tenant_id = row.GetString(5);
      boost::system::error_code ec;
      auto payload = boost::json::parse(row.GetString(6), ec);
      if (!ec && payload.is_object()) e.payload = std::move(payload.get_object());
      // An unreadable payload cannot happen (both schemas check JSON); it is published as {}
      // rather than blocking every later event behind it.
      auto at = ParseIso8601(row.GetString(7));
      e.occurred_at = at ? *at : now;
      e.trace_id = row.GetString(8);
      events.push_back(std::move(e));
    }
    // RETURNING has no order of its own.
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.sequence < b.sequence; });
    return events;
  }

  Result<void> MarkPublished(const std::vector<std::int64_t>& sequences, Instant now) {
    if (sequences.empty()) return Ok();
    std::string sql = "UPDATE outbox SET published_at = $1, claimed_by = NULL, claimed_until = NULL WHERE sequence IN (";
    std::vector<SqlValue> p{Iso(now)};
    for (std::size_t i = 0; i < sequences.size(); ++i) {
      sql += (i ? ", $" : "$") + std::to_string(i + 2);
      p.emplace_back(sequences[i]);
    }
    sql += ")";
    auto r = db.Execute(sql, p);
    if (!r) return r.error();
    return Ok();
  }

  // The failed row counts an attempt; it and the rest of this batch stay ours for the backoff
  // and are then free for any relay, starting again from the failed row.
  Result<void> Release(std::int64_t failed_sequence, const std::string& claimed_until, Instant now) {
    const SqlValue p[] = {Iso(now + options.retry_backoff), me, claimed_until, failed_sequence};
    auto r = db.Execute(
        "UPDATE outbox SET claimed_until = $1, attempts = attempts + CASE WHEN sequence = $4 THEN 1 ELSE 0 END "
        "WHERE claimed_by = $2 AND claimed_until = $3 AND published_at IS NULL",
        p);
    if (!r) return r.error();
    return Ok();
  }

  Result<BatchOutcome> RunBatch() {
    BatchOutcome out;
    const Instant now = clock.Now();
    const std::string until = Iso(now + options.lease);
    auto events = Claim(now, until);
    if (!events) return events.error();
    out.claimed = static_cast<int>(events->size());
    std::vector<std::int64_t> done;
    done.reserve(events->size());
    std::optional<std::int64_t> failed;
    for (const Event& e : *events) {
      auto r = bus->Publish(e);
      if (!r) {
        failed = e.sequence;
        failures.Inc();
        log.Log(runtime::LogLevel::warn, "outbox publish failed; retrying after backoff",
                {{"eventId", e.id},
                 {"eventType", e.type},
                 {"sequence", e.sequence},
                 {"code", CodeName(r.error().code)},
                 {"detail", r.error().detail.substr(0, 200)}},
                nullptr, "events");
        break;  // later events wait for this one: order is kept
      }
      done.push_back(e.sequence);
    }
    if (auto ok = MarkPublished(done, clock.Now()); !ok) return ok.error();
    out.published = static_cast<int>(done.size());
    published.Inc(static_cast<double>(done.size()));
    if (failed) {
      out.failed = true;
      if (auto ok = Release(*failed, until, clock.Now()); !ok) return ok.error();
    }
    return out;
  }

  void UpdateGauges() {
    auto r = db.Execute("SELECT COUNT(*), " + Ts("MIN(occurred_at)") + " FROM outbox WHERE published_at IS NULL");
    if (!r || r->rows.empty()) return;
    pending.Set(static_cast<double>(r->rows[0].GetInt(0)));
    double lag_seconds = 0;
    if (auto oldest = r->rows[0].GetOptString(1)) {
      if (auto at = ParseIso8601(*oldest)) {
        lag_seconds = std::max(0.0, std::chrono::duration<double>(clock.Now() - *at).count());
      }
    }
    lag.Set(lag_seconds);
  }

  Result<std::int64_t> Purge() {
    const Instant now = clock.Now();
    next_purge = now + kPurgeEvery;
    std::int64_t deleted = 0;
    const SqlValue p[] = {Iso(now - options.retention), kPurgeBatch};
    for (int round = 0; round < kPurgeRoundsPerPass; ++round) {
      auto r = db.Execute(
          "DELETE FROM outbox WHERE sequence IN (SELECT sequence FROM outbox WHERE published_at IS NOT NULL "
          "AND published_at < $1 ORDER BY published_at LIMIT $2)",
          p);
      if (!r) return r.error();
      deleted += r->affected_rows;
      if (r->affected_rows < kPurgeBatch) break;
    }
    return deleted;
  }

  // One step of the background loop (on a pool thread): a batch, the gauges, now and then a
  // purge. Returns how long to wait before the next step.
  std::chrono::milliseconds Step() {
    std::lock_guard lock(cycle_mutex);
    if (stopped) return options.poll_interval;
    std::chrono::milliseconds wait = options.poll_interval;
    auto batch = RunBatch();
    if (!batch) {
      log.Log(runtime::LogLevel::warn, "outbox relay batch failed",
              {{"code", CodeName(batch.error().code)}, {"detail", batch.error().detail.substr(0, 200)}}, nullptr,
              "events");
      wait = options.retry_backoff;
    } else if (batch->failed) {
      wait = options.retry_backoff;
    } else if (batch->claimed >= options.batch_size) {
      wait = std::chrono::milliseconds(0);  // more is waiting
    }
    UpdateGauges();
    if (clock.Now() >= next_purge) {
      if (auto purged = Purge(); !purged) {
        log.Log(runtime::LogLevel::warn, "outbox purge failed", {{"detail", purged.error().detail.substr(0, 200)}},
                nullptr, "events");
      }
    }
    return wait;
  }

  Result<int> Drain() {
    std::lock_guard lock(cycle_mutex);
    int total = 0;
    for (;;) {
      auto batch = RunBatch();
      if (!batch) return batch.error();
      total += batch->published;
      if (batch->failed || batch->claimed == 0) break;
    }
    UpdateGauges();
    if (auto purged = Purge(); !purged) return purged.error();
    return total;
  }

  static asio::awaitable<void> Loop(std::shared_ptr<State> s, std::shared_ptr<LoopSlot::Ctx> ctx) {
    using Steady = std::chrono::steady_clock;
    auto wake_at = Steady::now();
    auto backoff_until = Steady::now();
    while (!s->stopped) {
      const auto now = Steady::now();
      if (s->nudged.exchange(false)) wake_at = std::max(now, backoff_until);
      if (wake_at > now) {
        ctx->timer.expires_at(wake_at);
        co_await ctx->timer.async_wait(asio::as_tuple(asio::use_awaitable));
        continue;  // woken by time, a Nudge or Stop: look again
      }
      auto wait = co_await s->pool.Run([s] { return s->Step(); });
      const auto after = Steady::now();
      wake_at = after + wait;
      if (wait == s->options.retry_backoff) backoff_until = wake_at;
    }
    s->loop.Reset();
  }

  void WakeLoop() { loop.Wake(); }

  ports::Database& db;
  runtime::BlockingPool& pool;
  std::shared_ptr<EventBus> bus;
  const Clock& clock;
  runtime::Logger& log;
  const RelayOptions options;
  const std::string me;  // claimed_by
  runtime::Gauge& lag;
  runtime::Gauge& pending;
  runtime::Counter& published;
  runtime::Counter& failures;

  std::mutex cycle_mutex;  // one batch at a time: the loop, DrainOnce and Stop
  Instant next_purge{};
  std::atomic<bool> stopped{false};
  std::atomic<bool> nudged{false};
  LoopSlot loop;  // the loop's strand and timer while it runs
};

OutboxRelay::OutboxRelay(ports::Database& db, runtime::BlockingPool& pool, std::shared_ptr<EventBus> bus,
                         const Clock& clock, runtime::Logger& log, runtime::MetricsRegistry& metrics,
                         RelayOptions options)
    : state_(std::make_shared<State>(db, pool, std::move(bus), clock, log, metrics, options)) {}

OutboxRelay::~OutboxRelay() { Stop(); }

void OutboxRelay::Start(asio::any_io_executor executor) {
  if (state_->stopped) return;
  state_->loop.Start(executor, [s = state_](std::shared_ptr<LoopSlot::Ctx> ctx) { return State::Loop(s, ctx); });
}

void OutboxRelay::Stop() {
  if (!state_->stopped.exchange(true)) state_->WakeLoop();
  // The loop's timer must die while its io_context lives: from here on only the loop's own
  // frame (or the wake-up just posted) holds it, and they go with the io_context at the latest.
  state_->loop.Reset();
  // Waits for a batch in progress; later steps see `stopped` and do nothing.
  std::lock_guard lock(state_->cycle_mutex);
}

void OutboxRelay::Nudge() {
  state_->nudged = true;
  if (!state_->stopped) state_->WakeLoop();
}

Result<int> OutboxRelay::DrainOnce() { return state_->Drain(); }

}  // namespace hotel::events
