// ConfigClient: reloads serialised under one mutex, a poller thread, and a NOTIFY-driven wake-up.
#include "modules/config/config_client.hpp"

#include "modules/config/config_store.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"

#include <algorithm>
#include <exception>

namespace hotel::config {
namespace {

std::int64_t SteadyNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string_view ReloadSourceName(ReloadSource source) {
  switch (source) {
    case ReloadSource::poll: return "poll";
    case ReloadSource::notify: return "notify";
    case ReloadSource::api: return "api";
  }
  return "poll";
}

ConfigClient::ConfigClient(ports::Database& db, runtime::Logger& log, runtime::MetricsRegistry& metrics,
                           ClientOptions options, std::unique_ptr<ports::NotificationListener> listener)
    : db_(db),
      log_(log),
      options_(std::move(options)),
      listener_(std::move(listener)),
      snapshot_(std::make_shared<const ConfigSnapshot>()),
      loaded_at_ms_(SteadyNowMs()) {
  auto& reloads = metrics.AddCounter("config_reloads_total", "Config snapshots read from the database, by trigger.",
                                     {"source"});
  for (auto s : {ReloadSource::poll, ReloadSource::notify, ReloadSource::api}) {
    reloads_[static_cast<int>(s)] = &reloads.WithLabels({ReloadSourceName(s)});
  }
  reload_failures_ = &metrics.AddCounter("config_reload_failures_total", "Config reloads that failed (database errors).")
                          .WithLabels({});
  snapshot_age_ = &metrics.AddGauge("config_snapshot_age_seconds",
                                    "Seconds since the config snapshot was last confirmed against the database.")
                       .WithLabels({});
  listener_up_ = &metrics.AddGauge("config_listener_up", "1 while listening for config change notifications (PostgreSQL).")
                      .WithLabels({});
}

ConfigClient::~ConfigClient() { Stop(); }

Result<void> ConfigClient::Reload(ReloadSource source) {
  std::lock_guard lock(reload_mutex_);
  auto data = LoadSnapshotData(db_, options_.env);
  if (!data) {
    reload_failures_->Inc();
    // Once per outage, not once per poll: the old snapshot keeps serving meanwhile.
    if (!failing_) {
      log_.Warn("config reload failed; keeping the previous snapshot",
                {{"source", ReloadSourceName(source)}, {"error", data.error().detail}});
    }
    failing_ = true;
    return data.error();
  }
  if (failing_) log_.Info("config reload works again", {{"source", ReloadSourceName(source)}});
  failing_ = false;
  reloads_[static_cast<int>(source)]->Inc();
  loaded_at_ms_.store(SteadyNowMs(), std::memory_order_relaxed);
  snapshot_age_->Set(0);

  auto current = Snapshot();
  // An unchanged database keeps the same snapshot: readers keep their pointer, subscribers
  // stay quiet, and a wrong-type warning is not repeated every poll.
  if (current->version() > 0 && current->SameContent(data->values, data->flags)) return {};
  auto next = std::make_shared<const ConfigSnapshot>(std::move(data->values), std::move(data->flags), options_.env,
                                                     current->version() + 1, &log_);
  snapshot_.store(next, std::memory_order_release);
  log_.Info(current->version() == 0 ? "config loaded" : "config changed",
            {{"source", ReloadSourceName(source)},
             {"version", next->version()},
             {"env", options_.env},
             {"keys", next->values().size()},
             {"flags", next->flags().size()}});

  std::vector<std::function<void(const ConfigSnapshot&)>> subscribers;
  {
    std::lock_guard sub_lock(subscribers_mutex_);
    subscribers = subscribers_;
  }
  for (const auto& fn : subscribers) {
    try {
      fn(*next);
    } catch (const std::exception& e) {
      // A subscriber's bug must not stop the others nor the reloads.
      log_.Error("config change subscriber threw", {{"error", e.what()}});
    }
  }
  return {};
}

void ConfigClient::RequestReload(ReloadSource source) {
  {
    std::lock_guard lock(poll_mutex_);
    requested_ = source;
  }
  poll_cv_.notify_one();
}

void ConfigClient::OnChange(std::function<void(const ConfigSnapshot&)> fn) {
  std::lock_guard lock(subscribers_mutex_);
  subscribers_.push_back(std::move(fn));
}

void ConfigClient::Start() {
  {
    std::lock_guard lock(poll_mutex_);
    if (poller_.joinable() || stopping_) return;
  }
  (void)Reload(ReloadSource::poll);  // a failure was logged; the poller retries
  {
    std::lock_guard lock(poll_mutex_);
    poller_ = std::thread([this] { PollLoop(); });
  }
  if (listener_) {
    ports::NotificationListener::Callbacks callbacks;
    callbacks.on_notify = [this](std::string_view, std::string_view) { RequestReload(ReloadSource::notify); };
    callbacks.on_state = [this](bool up, std::string_view detail) { OnListenerState(up, detail); };
    listener_->Start({std::string(kChangeChannel)}, std::move(callbacks));
  } else {
    log_.Info("config changes from other processes arrive by polling",
              {{"pollIntervalMs", static_cast<std::int64_t>(options_.poll_interval.count())}, {"env", options_.env}});
  }
}

void ConfigClient::Stop() {
  if (listener_) listener_->Stop();  // first, so no callback wakes a poller that is gone
  {
    std::lock_guard lock(poll_mutex_);
    stopping_ = true;
  }
  poll_cv_.notify_all();
  if (poller_.joinable()) poller_.join();
}

void ConfigClient::OnListenerState(bool up, std::string_view detail) {
  listening_.store(up, std::memory_order_relaxed);
  listener_up_->Set(up ? 1 : 0);
  if (up) {
    if (!listener_ever_up_.exchange(true) || listener_reported_down_.exchange(false)) {
      log_.Info("listening for config changes", {{"channel", kChangeChannel}});
    }
    // Whatever was announced while we were not listening is lost: read everything again.
    RequestReload(ReloadSource::notify);
  } else if (!listener_reported_down_.exchange(true)) {
    log_.Warn("not listening for config changes; polling meanwhile",
              {{"error", detail}, {"pollIntervalMs", static_cast<std::int64_t>(options_.poll_interval.count())}});
  }
}

void ConfigClient::PollLoop() {
  using std::chrono::milliseconds;
  using std::chrono::steady_clock;
  auto next_poll = steady_clock::now() + options_.poll_interval;
  std::unique_lock lock(poll_mutex_);
  while (!stopping_) {
    // Wake at least every second to keep config_snapshot_age_seconds current.
    const auto wake = std::min(next_poll, steady_clock::now() + milliseconds(1000));
    poll_cv_.wait_until(lock, wake, [&] { return stopping_ || requested_.has_value(); });
    if (stopping_) break;
    std::optional<ReloadSource> source;
    if (requested_) {
      source = requested_;
      requested_.reset();
    } else if (steady_clock::now() >= next_poll) {
      source = ReloadSource::poll;
    }
    if (source) {
      lock.unlock();
      (void)Reload(*source);
      lock.lock();
      next_poll = steady_clock::now() + options_.poll_interval;
    }
    const auto age_ms = SteadyNowMs() - loaded_at_ms_.load(std::memory_order_relaxed);
    snapshot_age_->Set(static_cast<double>(age_ms) / 1000.0);
  }
}

}  // namespace hotel::config
