// This process among the others sharing the database (issue 13): its row in
// process_instances, renewed by a heartbeat thread, so that claims it holds (ports/lease.hpp)
// are taken over within INSTANCE_STALE_MS when it dies, and at once when it stops cleanly or
// when a new process on the same machine finds it gone (kill -9, then a restart).
#pragma once

#include "core/clock.hpp"
#include "core/error.hpp"
#include "ports/database.hpp"
#include "ports/lease.hpp"
#include "runtime/log.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace hotel::storage {

struct InstanceOptions {
  std::chrono::milliseconds heartbeat{2000};     // INSTANCE_HEARTBEAT_MS
  std::chrono::milliseconds stale_after{10000};  // INSTANCE_STALE_MS (> 2 heartbeats)
};

// Who this process is on this machine: host name, the kernel's boot id with the pid namespace
// (so that two containers' pid 1 are never taken for each other), pid, and the pid's start
// time in clock ticks (so that a reused pid is never taken for the process that died).
struct ProcessIdentity {
  std::string host, boot_id;
  int pid = 0;
  std::int64_t start_ticks = 0;
  static ProcessIdentity Current();
  // Whether the process `pid` that started at `start_ticks` still runs: only answerable for a
  // process of this machine and pid namespace (`boot_id` equal to ours).
  static bool Running(int pid, std::int64_t start_ticks);
};

class ProcessInstance {
 public:
  ProcessInstance(ports::Database& db, const Clock& clock, InstanceOptions options, runtime::Logger& log);
  ~ProcessInstance();  // Stop()
  ProcessInstance(const ProcessInstance&) = delete;
  ProcessInstance& operator=(const ProcessInstance&) = delete;

  // The owner claims of this process are written with.
  const ports::LeaseOwner& owner() const { return owner_; }

  // Writes this instance's row. Rows of this machine (same host, boot and pid namespace) whose
  // process no longer runs are marked stopped, so their claims are free at once; rows silent
  // for a week are deleted. Blocking (database).
  Result<void> Register();
  // Renews the heartbeat once (re-registers when the row is gone). Blocking.
  Result<void> Beat();
  // A thread beating every `heartbeat`; a failure is logged once per streak and retried.
  void Start();
  // Stops the thread; with `mark_stopped` the row says so, which frees this instance's
  // remaining claims at once (a clean shutdown, after the server drained).
  void Stop(bool mark_stopped = true);

 private:
  std::int64_t NowMs() const;

  ports::Database& db_;
  const Clock& clock_;
  InstanceOptions options_;
  runtime::Logger& log_;
  ProcessIdentity identity_;
  ports::LeaseOwner owner_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool failing_ = false;
  std::thread thread_;
};

}  // namespace hotel::storage
