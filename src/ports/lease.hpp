// Leases with an owner (issue 13): every claim a process can die holding — an idempotency key
// in progress, an outbox batch, a supplier sync, a content import, an order at the supplier —
// names the process instance that holds it (storage/process_instance.hpp keeps each instance's
// row and heartbeat). A claim is free again when its time lease ends OR as soon as its owner
// is gone: no heartbeat for `stale_after`, or its row marked stopped. One rule, in SQL, for
// every table that holds claims.
#pragma once

#include "core/clock.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace hotel::ports {

struct LeaseOwner {
  // "ins_…" (the process_instances row); empty: claims are written without an owner and end
  // only with their time lease (tests and one-shot tools that run no ProcessInstance).
  std::string id;
  // How long an instance may stay silent and still count as alive (INSTANCE_STALE_MS). Clocks
  // of the processes sharing a database must agree far better than this (NTP does).
  std::chrono::milliseconds stale_after{10000};

  // The epoch-millisecond bound a heartbeat must be above for its instance to be alive.
  std::int64_t AliveAfterMs(Instant now) const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch() - stale_after).count();
  }
};

// SQL, the same on SQLite and PostgreSQL: true when the instance named in `owner_column` is
// gone — the column is not NULL and process_instances has no row of it whose heartbeat_at is
// above parameter `$<alive_after_param>` (an integer: AliveAfterMs). A NULL owner is never
// gone (its claim ends with its time lease only).
inline std::string OwnerGoneSql(std::string_view owner_column, int alive_after_param) {
  return "(" + std::string(owner_column) + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM process_instances pi WHERE pi.id = " +
         std::string(owner_column) + " AND pi.heartbeat_at > $" + std::to_string(alive_after_param) + "))";
}

}  // namespace hotel::ports
