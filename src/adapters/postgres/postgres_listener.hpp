// PostgreSQL LISTEN on a dedicated libpq connection and background thread (ports::NotificationListener).
#pragma once

#include "ports/notifications.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace hotel::adapters {

struct PostgresListenerOptions {
  std::string url;  // the same postgresql:// URL as the database
  std::chrono::milliseconds connect_timeout{3000};
  // Reconnection backoff: doubles from min to max after each failed attempt.
  std::chrono::milliseconds retry_min{100};
  std::chrono::milliseconds retry_max{5000};
};

// Never fails: an unreachable server only delays listening (on_state(false) until it answers).
std::unique_ptr<ports::NotificationListener> MakePostgresListener(PostgresListenerOptions options);

}  // namespace hotel::adapters
