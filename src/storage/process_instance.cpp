// process_instances rows: registration, heartbeat, clean stop, and the same-machine check.
#include "storage/process_instance.hpp"

#include "core/ids.hpp"

#include <unistd.h>

#include <array>
#include <fstream>
#include <sstream>
#include <vector>

namespace hotel::storage {
namespace {

using ports::SqlValue;

std::string FirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// Field 22 of /proc/<pid>/stat (starttime, clock ticks after boot); -1 when there is no such
// process. The command name (field 2) may hold spaces and parentheses: fields are counted
// after its last ')'.
std::int64_t StartTicks(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  if (!in) return -1;
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(stat.substr(close + 1));
  std::string field;
  for (int i = 3; i <= 22 && rest >> field; ++i) {
    if (i == 22) {
      try {
        return std::stoll(field);
      } catch (...) {
        return -1;
      }
    }
  }
  return -1;
}

}  // namespace

ProcessIdentity ProcessIdentity::Current() {
  ProcessIdentity id;
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) == 0) id.host = host.data();
  if (id.host.empty()) id.host = "unknown";
  std::array<char, 128> ns{};
  const auto n = readlink("/proc/self/ns/pid", ns.data(), ns.size() - 1);
  id.boot_id = FirstLine("/proc/sys/kernel/random/boot_id") + "/" + (n > 0 ? std::string(ns.data(), n) : "");
  id.pid = static_cast<int>(getpid());
  id.start_ticks = StartTicks(id.pid);
  return id;
}

bool ProcessIdentity::Running(int pid, std::int64_t start_ticks) {
  const auto ticks = StartTicks(pid);
  return ticks >= 0 && ticks == start_ticks;
}

ProcessInstance::ProcessInstance(ports::Database& db, const Clock& clock, InstanceOptions options,
                                 runtime::Logger& log)
    : db_(db), clock_(clock), options_(options), log_(log), identity_(ProcessIdentity::Current()) {
  owner_.id = NewId("ins");
  owner_.stale_after = options_.stale_after;
}

ProcessInstance::~ProcessInstance() { Stop(false); }

std::int64_t ProcessInstance::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch()).count();
}

Result<void> ProcessInstance::Register() {
  const std::int64_t now = NowMs();
  const SqlValue row[] = {owner_.id, identity_.host, std::int64_t{identity_.pid}, identity_.boot_id,
                          identity_.start_ticks, now};
  auto inserted = db_.Execute(
      "INSERT INTO process_instances (id, host, pid, boot_id, start_ticks, started_at, heartbeat_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, "
      "stopped_at = NULL",
      row);
  if (!inserted) return inserted.error();
  // Instances of this machine whose process is gone (killed, crashed): free their claims now
  // rather than after INSTANCE_STALE_MS.
  const SqlValue mine[] = {identity_.host, identity_.boot_id, owner_.id};
  auto siblings = db_.Execute(
      "SELECT id, pid, start_ticks FROM process_instances WHERE host = $1 AND boot_id = $2 AND id <> $3 "
      "AND heartbeat_at > 0",
      mine);
  if (!siblings) return siblings.error();
  for (const auto& r : siblings->rows) {
    if (ProcessIdentity::Running(static_cast<int>(r.GetInt(1)), r.GetInt(2))) continue;
    const SqlValue dead[] = {r.GetString(0), now};
    auto marked = db_.Execute("UPDATE process_instances SET heartbeat_at = 0, stopped_at = $2 WHERE id = $1", dead);
    if (!marked) return marked.error();
    log_.Info("process instance found gone on this machine; its claims are free",
              {{"instanceId", r.GetString(0)}, {"pid", r.GetInt(1)}});
  }
  const SqlValue week[] = {now - std::int64_t{7} * 24 * 3600 * 1000};
  auto pruned = db_.Execute(
      "DELETE FROM process_instances WHERE heartbeat_at < $1 AND (stopped_at IS NULL OR stopped_at < $1)", week);
  if (!pruned) return pruned.error();
  return Ok();
}

Result<void> ProcessInstance::Beat() {
  const SqlValue p[] = {owner_.id, NowMs()};
  auto r = db_.Execute("UPDATE process_instances SET heartbeat_at = $2 WHERE id = $1 AND stopped_at IS NULL", p);
  if (!r) return r.error();
  if (r->affected_rows == 1) return Ok();
  // The row was pruned or marked stopped (this process was taken for dead, e.g. after a long
  // pause): claims it held may have been taken over, which their fencing tokens tolerate.
  log_.Warn("process instance row missing or marked stopped; registering again", {{"instanceId", owner_.id}});
  return Register();
}

void ProcessInstance::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!cv_.wait_for(lock, options_.heartbeat, [this] { return stop_; })) {
      lock.unlock();
      auto beat = Beat();
      lock.lock();
      if (!beat && !failing_) {
        log_.Warn("process instance heartbeat failed; other processes may take this one's claims over",
                  {{"instanceId", owner_.id}, {"error", beat.error().detail}});
      } else if (beat && failing_) {
        log_.Info("process instance heartbeat restored", {{"instanceId", owner_.id}});
      }
      failing_ = !beat;
    }
  });
}

void ProcessInstance::Stop(bool mark_stopped) {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (!mark_stopped) return;
  const SqlValue p[] = {owner_.id, NowMs()};
  if (auto r = db_.Execute("UPDATE process_instances SET heartbeat_at = 0, stopped_at = $2 WHERE id = $1", p); !r) {
    log_.Warn("process instance not marked stopped; its claims wait INSTANCE_STALE_MS", {{"error", r.error().detail}});
  }
}

}  // namespace hotel::storage
