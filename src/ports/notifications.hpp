// The notifications port: be told when another process announces a change (PostgreSQL LISTEN/NOTIFY).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::ports {

// Delivery is at most once and only while connected: a subscriber treats a notification as
// "re-read your state now" and re-reads after every (re)connection, because anything sent
// while the listener was away is lost. Publishing is not part of the port: a change
// announces itself inside the transaction that makes it (pg_notify), so the announcement is
// sent exactly when the change commits.
class NotificationListener {
 public:
  struct Callbacks {
    // A notification on one of the channels. Runs on the listener's own thread: keep it short.
    std::function<void(std::string_view channel, std::string_view payload)> on_notify;
    // (true, "") once listening, after each (re)connection; (false, why) when the connection
    // is lost or an attempt to (re)connect fails (so possibly many times while it is down).
    std::function<void(bool listening, std::string_view detail)> on_state;
  };

  virtual ~NotificationListener() = default;
  // Starts a background thread that connects, listens on `channels`, and reconnects with
  // backoff after any failure. Called at most once.
  virtual void Start(std::vector<std::string> channels, Callbacks callbacks) = 0;
  // Stops the thread and closes the connection; idempotent; no callback runs after it returns.
  virtual void Stop() = 0;
};

}  // namespace hotel::ports
