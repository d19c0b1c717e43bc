// Idempotency-Key middleware (API-CONVENTIONS.md): a retried mutation with the same key and
// body gets the first answer again instead of running twice.
#pragma once

#include "core/clock.hpp"
#include "ports/database.hpp"
#include "ports/lease.hpp"
#include "runtime/blocking.hpp"
#include "runtime/http.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace hotel::api_gateway {

struct IdempotencyOptions {
  // How long a final answer is replayed (the convention: 24 h).
  std::chrono::milliseconds ttl = std::chrono::hours(24);
  // How long an in_progress claim holds the key at most. Longer than any handler may take, so
  // that a live request is never run twice. A process that dies mid-request leaves its claim
  // behind: a retry takes it over as soon as the process is found gone (`owner`), or after
  // the lease when the claim has no owner.
  std::chrono::milliseconds lease = std::chrono::minutes(5);
  // This process's instance (ports/lease.hpp); empty: claims end with `lease` only.
  ports::LeaseOwner owner;
  // Answers with a bigger body are not kept (the key is released, so a retry runs again):
  // a truncated replay would be a wrong answer. Far above any JSON answer of a mutation.
  std::size_t max_stored_body = 8u << 20;
  // Every Nth stored answer also deletes up to purge_batch expired rows (no background task).
  int purge_every = 100;
  int purge_batch = 500;
};

// Where it applies: POST, PUT, PATCH and DELETE under /api/v1 that matched a route of this
// process (req.route non-empty: a gateway forwarding to another process leaves the key to
// that process, so an answer is stored once), from an authenticated caller, with an
// Idempotency-Key header. Everything else passes through untouched; so does an anonymous
// request (login needs no idempotency and has no caller to scope the key to).
//
// A key is scoped to the caller (Principal::Actor()) and bound to a SHA-256 fingerprint of
// method, target (path and query) and body:
// - first use: the handler runs; an answer below 500 is kept for `ttl` (status, content type,
//   the handler's headers such as Location, body); a 5xx or an exception releases the key;
// - same fingerprint, answer kept: that answer again, with `Idempotent-Replayed: true`;
// - same fingerprint, first request still running: 409 conflict with Retry-After: 1;
// - another fingerprint: 422 idempotency_mismatch;
// - an invalid key (not 1-255 visible ASCII): 400 validation_failed on Idempotency-Key.
// An answer the handler marked `Cache-Control: no-store` (it holds a secret, e.g. a new API
// key) is not written to the database: the key is released instead. When the database is
// unreachable the request is refused (503) rather than run without protection.
//
// Runs after authentication (it needs the caller) and after rate limiting (a refused request
// must not claim a key).
runtime::Middleware MakeIdempotencyMiddleware(ports::Database& db, runtime::BlockingPool& pool,
                                              IdempotencyOptions options, const Clock& clock, runtime::Logger& log,
                                              runtime::MetricsRegistry& metrics);

// 1-255 visible ASCII characters (0x21-0x7e).
bool ValidIdempotencyKey(std::string_view key);

// Lower-case hex SHA-256 over method, target and body (each length-prefixed, so no two
// different requests hash the same input).
std::string RequestFingerprint(std::string_view method, std::string_view target, std::string_view body);

}  // namespace hotel::api_gateway
