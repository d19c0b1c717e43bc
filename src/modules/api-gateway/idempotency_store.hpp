// Idempotency-Key rows (table idempotency_keys, migration 004): claim, complete, release, purge.
// Calls block; the middleware runs them on runtime::BlockingPool.
#pragma once

#include "core/clock.hpp"
#include "core/error.hpp"
#include "ports/database.hpp"
#include "ports/lease.hpp"
#include "runtime/http.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace hotel::api_gateway {

// The parts of an answer that a replay gives back.
struct StoredResponse {
  int status = 0;
  std::string content_type;
  runtime::Headers headers;
  std::string body;
};

// This request owns the key now; `token` (the row's created_at) and the store's owner prove it
// when completing or releasing, so that a request whose claim was taken over (its lease ended,
// or its process was found gone) cannot touch the new one.
struct Claimed {
  std::int64_t token = 0;
};

// Someone holds the key: a request still running (`response` empty) or a final answer.
struct Existing {
  std::string fingerprint;
  std::optional<StoredResponse> response;
};

using ClaimResult = std::variant<Claimed, Existing>;

class IdempotencyStore {
 public:
  // Claims are written with `owner` (this process's instance; ports/lease.hpp).
  explicit IdempotencyStore(ports::Database& db, ports::LeaseOwner owner = {}) : db_(db), owner_(std::move(owner)) {}

  // Takes the key for this request unless a live row holds it. A row whose expires_at has
  // passed (a final answer older than the TTL, or an abandoned in_progress claim), or an
  // in_progress claim whose owning process is gone (killed mid-request), counts as absent and
  // is replaced in the same statement, so two requests never both own a key.
  // `lease_until`: the claim holds the key at most until then while in progress;
  // `replay_until`: the row's end (its answer is replayed until then, then purged).
  Result<ClaimResult> Claim(const std::string& actor, const std::string& key, const std::string& fingerprint,
                            Instant now, Instant lease_until, Instant replay_until);

  // Stores the final answer (replayed until the claim's replay_until). False when the claim
  // was no longer ours (its lease ended or its process was found gone, and another request
  // took the key over). Changes no indexed column: an in-place update on PostgreSQL.
  Result<bool> Complete(const std::string& actor, const std::string& key, std::int64_t token,
                        const StoredResponse& response);

  // Gives the key up (the handler failed): a retry runs the handler again.
  Result<void> Release(const std::string& actor, const std::string& key, std::int64_t token);

  // Deletes up to `batch` rows expired at `now`; returns how many. A row renewed meanwhile (a
  // retry took the expired key over a moment before) is not deleted: the expiry is checked
  // again on the row being deleted.
  Result<std::int64_t> PurgeExpired(Instant now, int batch);

 private:
  ports::Database& db_;
  ports::LeaseOwner owner_;
};

// Epoch milliseconds, the column format (the same integer on SQLite and PostgreSQL).
std::int64_t EpochMillis(Instant t);

// Headers as a JSON array of [name, value] pairs (order and repeats kept), and back.
std::string HeadersToJson(const runtime::Headers& headers);
runtime::Headers HeadersFromJson(std::string_view json);

}  // namespace hotel::api_gateway
