// Idempotency-Key rows in SQL that reads the same on SQLite and PostgreSQL ($n placeholders,
// INSERT ... ON CONFLICT, epoch-millisecond integers for every time).
#include "modules/api-gateway/idempotency_store.hpp"

#include <boost/json.hpp>

#include <vector>

namespace hotel::api_gateway {

using ports::SqlValue;

std::int64_t EpochMillis(Instant t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string HeadersToJson(const runtime::Headers& headers) {
  boost::json::array out;
  for (const auto& [name, value] : headers) out.push_back(boost::json::array{boost::json::string(name), boost::json::string(value)});
  return boost::json::serialize(out);
}

runtime::Headers HeadersFromJson(std::string_view json) {
  runtime::Headers out;
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(json, ec);
  if (ec || !parsed.is_array()) return out;  // only this file writes the column
  for (const auto& pair : parsed.get_array()) {
    const auto* a = pair.if_array();
    if (!a || a->size() != 2 || !(*a)[0].is_string() || !(*a)[1].is_string()) continue;
    out.emplace_back(std::string((*a)[0].get_string()), std::string((*a)[1].get_string()));
  }
  return out;
}

Result<ClaimResult> IdempotencyStore::Claim(const std::string& actor, const std::string& key,
                                            const std::string& fingerprint, Instant now, Instant lease_until,
                                            Instant replay_until) {
  const std::int64_t now_ms = EpochMillis(now);
  const std::int64_t alive_after = owner_.AliveAfterMs(now);
  // The WHERE of DO UPDATE replaces only a row past its end, or a claim whose lease ended or
  // whose process is gone; a live one leaves 0 rows affected. (lease_until NULL: a row written
  // before it existed, whose expires_at was the lease.)
  static const std::string kLeaseOver = "COALESCE(idempotency_keys.lease_until, idempotency_keys.expires_at) <= $4";
  static const std::string kClaim =
      "INSERT INTO idempotency_keys (actor, key, fingerprint, state, created_at, expires_at, lease_until, owner) "
      "VALUES ($1, $2, $3, 'in_progress', $4, $5, $8, $7) "
      "ON CONFLICT (actor, key) DO UPDATE SET fingerprint = excluded.fingerprint, state = 'in_progress', "
      "status = NULL, content_type = NULL, headers = NULL, body = NULL, created_at = excluded.created_at, "
      "expires_at = excluded.expires_at, lease_until = excluded.lease_until, owner = excluded.owner "
      "WHERE idempotency_keys.expires_at <= $4 OR (idempotency_keys.state = 'in_progress' AND (" + kLeaseOver +
      " OR " + ports::OwnerGoneSql("idempotency_keys.owner", 6) + "))";
  static const std::string kRead =
      "SELECT fingerprint, state, status, content_type, headers, body, expires_at, "
      "CASE WHEN state = 'in_progress' AND (COALESCE(lease_until, expires_at) <= $4 OR " + ports::OwnerGoneSql("owner", 3) +
      ") THEN 1 ELSE 0 END FROM idempotency_keys WHERE actor = $1 AND key = $2";
  const std::vector<SqlValue> claim_params = {actor,
                                              key,
                                              fingerprint,
                                              now_ms,
                                              EpochMillis(replay_until),
                                              alive_after,
                                              owner_.id.empty() ? ports::SqlNull() : SqlValue(owner_.id),
                                              EpochMillis(lease_until)};
  const std::vector<SqlValue> read_params = {actor, key, alive_after, now_ms};
  // Between the claim and the read the row may be released (its handler failed), expire or
  // lose its owner: then the claim is tried again. Three rounds cover any real interleaving.
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto claimed = db_.Execute(kClaim, claim_params);
    if (!claimed) return claimed.error();
    if (claimed->affected_rows == 1) return ClaimResult{Claimed{now_ms}};
    auto read = db_.Execute(kRead, read_params);
    if (!read) return read.error();
    if (read->rows.empty()) continue;
    const auto& row = read->rows[0];
    if (row.GetInt(6) <= now_ms || row.GetInt(7) == 1) continue;
    Existing existing{row.GetString(0), std::nullopt};
    if (row.GetString(1) == "done") {
      existing.response = StoredResponse{static_cast<int>(row.GetInt(2)), row.GetOptString(3).value_or(""),
                                         HeadersFromJson(row.GetOptString(4).value_or("[]")),
                                         row.GetOptString(5).value_or("")};
    }
    return ClaimResult{std::move(existing)};
  }
  // The key keeps changing hands: report it as busy, which tells the client to retry.
  return ClaimResult{Existing{fingerprint, std::nullopt}};
}

Result<bool> IdempotencyStore::Complete(const std::string& actor, const std::string& key, std::int64_t token,
                                        const StoredResponse& response) {
  const std::vector<SqlValue> params = {actor,
                                        key,
                                        token,
                                        std::int64_t{response.status},
                                        response.content_type,
                                        HeadersToJson(response.headers),
                                        response.body,
                                        owner_.id};
  auto r = db_.Execute(
      "UPDATE idempotency_keys SET state = 'done', status = $4, content_type = $5, headers = $6, body = $7, "
      "lease_until = NULL WHERE actor = $1 AND key = $2 AND created_at = $3 AND state = 'in_progress' "
      "AND COALESCE(owner, '') = $8",
      params);
  if (!r) return r.error();
  return r->affected_rows == 1;
}

Result<void> IdempotencyStore::Release(const std::string& actor, const std::string& key, std::int64_t token) {
  const std::vector<SqlValue> params = {actor, key, token, owner_.id};
  auto r = db_.Execute(
      "DELETE FROM idempotency_keys WHERE actor = $1 AND key = $2 AND created_at = $3 AND state = 'in_progress' "
      "AND COALESCE(owner, '') = $4",
      params);
  if (!r) return r.error();
  return Ok();
}

Result<std::int64_t> IdempotencyStore::PurgeExpired(Instant now, int batch) {
  // Bounded, so that a purge after a long quiet spell does not hold the writer for long. The
  // outer `expires_at <= $1` is what makes it safe: on PostgreSQL a row that a concurrent
  // claim renewed between the subquery's snapshot and the delete is re-checked on its new
  // version (READ COMMITTED re-evaluates the target's own conditions) and kept; the subquery
  // alone would delete the live claim.
  const std::vector<SqlValue> params = {EpochMillis(now), std::int64_t{batch}};
  auto r = db_.Execute(
      "DELETE FROM idempotency_keys WHERE expires_at <= $1 AND (actor, key) IN "
      "(SELECT actor, key FROM idempotency_keys WHERE expires_at <= $1 LIMIT $2)",
      params);
  if (!r) return r.error();
  return r->affected_rows;
}

}  // namespace hotel::api_gateway
