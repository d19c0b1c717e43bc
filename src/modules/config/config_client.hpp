// ConfigClient: the process-wide config cache: loads at start, polls, listens for NOTIFY, swaps snapshots.
#pragma once

#include "core/error.hpp"
#include "modules/config/config_snapshot.hpp"
#include "ports/database.hpp"
#include "ports/notifications.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace hotel::runtime {
class Logger;
class MetricsRegistry;
class Counter;
class Gauge;
}  // namespace hotel::runtime

namespace hotel::config {

struct ClientOptions {
  std::string env = "default";  // CONFIG_ENV: rows of this env plus those of "default"
  // The safety net on every engine, and the only way changes arrive on SQLite (which has
  // no LISTEN/NOTIFY): a change made by another process is seen within this interval.
  std::chrono::milliseconds poll_interval{30000};
};

enum class ReloadSource { poll, notify, api };
std::string_view ReloadSourceName(ReloadSource source);  // the `source` label of config_reloads_total

class ConfigClient {
 public:
  // `listener` is null on SQLite; on PostgreSQL it is a LISTEN connection (MakeClient
  // makes one), and any notification on kChangeChannel triggers a reload within
  // milliseconds. `db`, `log` and `metrics` must outlive the client. Nothing is loaded
  // until Reload() or Start().
  ConfigClient(ports::Database& db, runtime::Logger& log, runtime::MetricsRegistry& metrics, ClientOptions options,
               std::unique_ptr<ports::NotificationListener> listener = nullptr);
  ~ConfigClient();  // Stop()
  ConfigClient(const ConfigClient&) = delete;
  ConfigClient& operator=(const ConfigClient&) = delete;

  // The current snapshot: one atomic load, never blocks on a reload, never null (an empty
  // snapshot, every key at its default, before the first successful load).
  std::shared_ptr<const ConfigSnapshot> Snapshot() const { return snapshot_.load(std::memory_order_acquire); }
  template <class T>
  T Get(const Key<T>& key) const {
    return Snapshot()->Get(key);
  }
  bool FlagEnabled(std::string_view flag, std::string_view tenant_id) const {
    return Snapshot()->FlagEnabled(flag, tenant_id);
  }

  // Reads everything now and swaps in a new snapshot if anything changed (subscribers are
  // then called, on this thread, in change order). Blocking (database): call it from a
  // BlockingPool or a background thread. On failure the old snapshot stays.
  Result<void> Reload(ReloadSource source);

  // Asks the background thread to reload soon; never blocks.
  void RequestReload(ReloadSource source);

  // `fn` runs after each change with the new snapshot, on the thread that reloaded, while
  // reloads are held off (so calls arrive in order): keep it short, and never call Reload
  // from it. Register before Start().
  void OnChange(std::function<void(const ConfigSnapshot&)> fn);

  // Loads once (a failure is logged; the poller keeps trying), then starts polling and,
  // with a listener, listening. Start/Stop are idempotent; Stop joins the threads.
  void Start();
  void Stop();

  bool Listening() const { return listening_.load(std::memory_order_relaxed); }
  const ClientOptions& options() const { return options_; }

 private:
  void PollLoop();
  void OnListenerState(bool listening, std::string_view detail);

  ports::Database& db_;
  runtime::Logger& log_;
  ClientOptions options_;
  std::unique_ptr<ports::NotificationListener> listener_;
  runtime::Counter* reloads_[3];        // by ReloadSource
  runtime::Counter* reload_failures_;
  runtime::Gauge* snapshot_age_;
  runtime::Gauge* listener_up_;

  std::atomic<std::shared_ptr<const ConfigSnapshot>> snapshot_;
  std::mutex reload_mutex_;  // one reload at a time: the last swap is always the newest read
  std::mutex subscribers_mutex_;
  std::vector<std::function<void(const ConfigSnapshot&)>> subscribers_;
  std::atomic<std::int64_t> loaded_at_ms_{0};  // steady clock, 0: never loaded
  bool failing_ = false;                       // guarded by reload_mutex_: log only transitions

  std::mutex poll_mutex_;
  std::condition_variable poll_cv_;
  bool stopping_ = false;                          // guarded by poll_mutex_
  std::optional<ReloadSource> requested_;          // guarded by poll_mutex_
  std::thread poller_;
  std::atomic<bool> listening_{false};
  std::atomic<bool> listener_ever_up_{false};
  std::atomic<bool> listener_reported_down_{false};
};

}  // namespace hotel::config
