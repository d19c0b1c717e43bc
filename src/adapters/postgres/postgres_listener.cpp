// PostgreSQL LISTEN: one libpq connection owned by one thread, woken by the socket or a self-pipe.
#include "adapters/postgres/postgres_listener.hpp"
#include "adapters/postgres/libpq_handles.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <mutex>
#include <thread>

namespace hotel::adapters {
namespace {

using SteadyClock = std::chrono::steady_clock;

using libpq::ConnPtr;
using libpq::Trimmed;

class PostgresListener final : public ports::NotificationListener {
 public:
  explicit PostgresListener(PostgresListenerOptions options) : options_(std::move(options)) {
    // A self-pipe lets Stop() interrupt poll() wherever the thread waits (connecting,
    // listening, or backing off) without closing the socket under libpq's feet.
    if (::pipe2(wake_, O_NONBLOCK | O_CLOEXEC) != 0) wake_[0] = wake_[1] = -1;
  }
  ~PostgresListener() override {
    Stop();
    if (wake_[0] >= 0) ::close(wake_[0]);
    if (wake_[1] >= 0) ::close(wake_[1]);
  }

  void Start(std::vector<std::string> channels, Callbacks callbacks) override {
    std::lock_guard lock(mutex_);
    if (thread_.joinable() || stopping_) return;
    channels_ = std::move(channels);
    callbacks_ = std::move(callbacks);
    thread_ = std::thread([this] { Run(); });
  }

  void Stop() override {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (wake_[1] >= 0) {
      const char byte = 1;
      [[maybe_unused]] auto n = ::write(wake_[1], &byte, 1);
    }
    if (thread_.joinable()) thread_.join();
  }

 private:
  enum class Wait { ready, timeout, stop, error };

  // Waits until `fd` is ready for `events`, Stop() is called, or `timeout` passes (<0: never).
  Wait WaitFor(int fd, short events, int timeout_ms) {
    pollfd fds[2] = {{wake_[0], POLLIN, 0}, {fd, events, 0}};
    const int n = fd >= 0 ? 2 : 1;
    for (;;) {
      if (stopping_) return Wait::stop;
      int rc = ::poll(fds, n, timeout_ms);
      if (rc < 0 && errno == EINTR) continue;
      if (rc < 0) return Wait::error;
      if (stopping_ || fds[0].revents != 0) return Wait::stop;
      if (rc == 0) return Wait::timeout;
      return Wait::ready;  // readable, writable, or hung up: libpq finds out which
    }
  }

  void Run() {
    auto backoff = options_.retry_min;
    while (!stopping_) {
      std::string why;
      ConnPtr conn = Connect(why);
      if (conn && Listen(conn.get(), why)) {
        backoff = options_.retry_min;
        if (callbacks_.on_state) callbacks_.on_state(true, "");
        why = Pump(conn.get());
        conn.reset();
        if (stopping_) break;
      }
      if (stopping_) break;
      if (callbacks_.on_state) callbacks_.on_state(false, why);
      if (WaitFor(-1, 0, static_cast<int>(backoff.count())) == Wait::stop) break;
      backoff = std::min(backoff * 2, options_.retry_max);
    }
  }

  // Non-blocking connect, so that Stop() never waits for a server that does not answer.
  ConnPtr Connect(std::string& why) {
    // Keepalives come before `dbname`: the URL's own parameters, expanded at that position,
    // override them. They let an idle listener notice a vanished server within ~30 s.
    const char* keys[] = {"keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
                          "client_encoding", "fallback_application_name", "dbname", nullptr};
    const char* vals[] = {"1", "10", "5", "3", "UTF8", "hotel-listener", options_.url.c_str(), nullptr};
    ConnPtr conn(PQconnectStartParams(keys, vals, /*expand_dbname=*/1));
    if (!conn) {
      why = "out of memory";
      return nullptr;
    }
    const auto deadline = SteadyClock::now() + options_.connect_timeout;
    PostgresPollingStatusType state = PGRES_POLLING_WRITING;
    while (PQstatus(conn.get()) != CONNECTION_BAD && state != PGRES_POLLING_FAILED) {
      if (state == PGRES_POLLING_OK) {
        PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);  // keep stderr clean
        return conn;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now()).count();
      if (left <= 0) {
        why = "connect timed out";
        return nullptr;
      }
      const short events = state == PGRES_POLLING_READING ? POLLIN : POLLOUT;
      const Wait w = WaitFor(PQsocket(conn.get()), events, static_cast<int>(left));
      if (w == Wait::stop) return nullptr;
      if (w == Wait::error) break;
      if (w == Wait::ready) state = PQconnectPoll(conn.get());
    }
    why = "cannot connect: " + Trimmed(PQerrorMessage(conn.get()));
    return nullptr;
  }

  bool Listen(PGconn* conn, std::string& why) {
    for (const auto& channel : channels_) {
      char* ident = PQescapeIdentifier(conn, channel.c_str(), channel.size());
      if (!ident) {
        why = "cannot quote channel name: " + Trimmed(PQerrorMessage(conn));
        return false;
      }
      std::string sql = std::string("LISTEN ") + ident;
      PQfreemem(ident);
      PGresult* res = PQexec(conn, sql.c_str());
      const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
      if (!ok) why = "LISTEN failed: " + Trimmed(PQerrorMessage(conn));
      PQclear(res);
      if (!ok) return false;
    }
    return true;
  }

  // Delivers notifications until the connection breaks (returns why) or Stop() is called.
  std::string Pump(PGconn* conn) {
    for (;;) {
      if (PQsocket(conn) < 0) return "connection lost";  // else poll() would wait for Stop() alone
      const Wait w = WaitFor(PQsocket(conn), POLLIN, -1);
      if (w == Wait::stop) return "stopped";
      if (w == Wait::error) return "poll failed";
      if (PQconsumeInput(conn) == 0 || PQstatus(conn) == CONNECTION_BAD) {
        return "connection lost: " + Trimmed(PQerrorMessage(conn));
      }
      while (PGnotify* n = PQnotifies(conn)) {
        if (callbacks_.on_notify) callbacks_.on_notify(n->relname ? n->relname : "", n->extra ? n->extra : "");
        PQfreemem(n);
      }
    }
  }

  PostgresListenerOptions options_;
  std::mutex mutex_;  // serialises Start and Stop
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  int wake_[2] = {-1, -1};
  // Written once by Start before the thread exists, then read only by the thread.
  std::vector<std::string> channels_;
  Callbacks callbacks_;
};

}  // namespace

std::unique_ptr<ports::NotificationListener> MakePostgresListener(PostgresListenerOptions options) {
  return std::make_unique<PostgresListener>(std::move(options));
}

}  // namespace hotel::adapters
