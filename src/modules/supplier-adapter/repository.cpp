// The supplier-adapter's SQL. Timestamps are written by the application as ISO 8601 text and
// read back as such on both engines; check-ins are DATE on PostgreSQL, text on SQLite.
#include "modules/supplier-adapter/repository.hpp"
#include "ports/sql_text.hpp"

namespace hotel::supplier_adapter {
namespace {

using ports::SqlRow;
using ports::SqlValue;

SqlValue Text(std::string_view s) { return std::string(s); }
SqlValue Int(std::int64_t v) { return v; }
SqlValue OptText(const std::optional<std::string>& s) { return s ? Text(*s) : ports::SqlNull(); }

Supplier ReadSupplier(const SqlRow& r) {
  Supplier s;
  s.id = r.GetString(0);
  s.code = r.GetString(1);
  s.name = r.GetString(2);
  s.protocol = r.GetString(3);
  s.endpoint = r.GetString(4);
  s.api_key_sealed = r.GetOptString(5);
  s.secret_sealed = r.GetOptString(6);
  s.enabled = r.GetBool(7);
  s.timeouts.search_ms = static_cast<int>(r.GetInt(8));
  s.timeouts.quote_ms = static_cast<int>(r.GetInt(9));
  s.timeouts.book_ms = static_cast<int>(r.GetInt(10));
  s.timeouts.retrieve_ms = static_cast<int>(r.GetInt(11));
  s.timeouts.cancel_ms = static_cast<int>(r.GetInt(12));
  s.timeouts.content_ms = static_cast<int>(r.GetInt(13));
  s.currency = r.GetString(14);
  s.version = r.GetInt(15);
  s.created_at = r.GetString(16);
  s.updated_at = r.GetString(17);
  return s;
}

}  // namespace

std::string SupplierRepository::Ts(std::string_view column) const {
  return ports::TimestampText(IsSqlite() ? ports::Dialect::sqlite : ports::Dialect::postgres, column);
}

std::string SupplierRepository::SupplierColumns() const {
  return "id, code, name, protocol, endpoint, api_key_enc, secret_enc, enabled, search_timeout_ms, quote_timeout_ms, "
         "book_timeout_ms, retrieve_timeout_ms, cancel_timeout_ms, content_timeout_ms, currency, version, " +
         Ts("created_at") + ", " + Ts("updated_at");
}

Result<void> SupplierRepository::Insert(const Supplier& s) {
  const SqlValue p[] = {Text(s.id),
                        Text(s.code),
                        Text(s.name),
                        Text(s.protocol),
                        Text(s.endpoint),
                        OptText(s.api_key_sealed),
                        OptText(s.secret_sealed),
                        SqlValue(s.enabled),
                        Int(s.timeouts.search_ms),
                        Int(s.timeouts.quote_ms),
                        Int(s.timeouts.book_ms),
                        Int(s.timeouts.retrieve_ms),
                        Int(s.timeouts.cancel_ms),
                        Int(s.timeouts.content_ms),
                        Text(s.currency),
                        Int(s.version),
                        Text(s.created_at),
                        Text(s.updated_at)};
  auto r = db_.Execute(
      "INSERT INTO suppliers (id, code, name, protocol, endpoint, api_key_enc, secret_enc, enabled, search_timeout_ms, "
      "quote_timeout_ms, book_timeout_ms, retrieve_timeout_ms, cancel_timeout_ms, content_timeout_ms, currency, version, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
      p);
  if (!r) {
    if (r.error().code == Errc::conflict) return Error::Conflict("A supplier with code " + s.code + " already exists.");
    return r.error();
  }
  return Ok();
}

Result<std::optional<Supplier>> SupplierRepository::Find(const std::string& code) {
  const SqlValue p[] = {Text(code)};
  auto r = db_.Execute("SELECT " + SupplierColumns() + " FROM suppliers WHERE code = $1", p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<Supplier>{};
  return std::optional<Supplier>(ReadSupplier(r->rows.front()));
}

Result<Page<Supplier>> SupplierRepository::List(const PageRequest& page) {
  std::vector<SqlValue> p = {Int(page.limit + 1)};
  std::string sql = "SELECT " + SupplierColumns() + " FROM suppliers";
  if (page.cursor) {
    p.push_back(Text(*page.cursor));
    sql += " WHERE code > $2";
  }
  sql += " ORDER BY code LIMIT $1";
  auto r = db_.Execute(sql, p);
  if (!r) return r.error();
  Page<Supplier> out;
  for (const auto& row : r->rows) out.items.push_back(ReadSupplier(row));
  if (out.items.size() > static_cast<std::size_t>(page.limit)) {
    out.items.resize(static_cast<std::size_t>(page.limit));
    out.next_cursor = out.items.back().code;
  }
  return out;
}

Result<std::vector<Supplier>> SupplierRepository::ListAll() {
  auto r = db_.Execute("SELECT " + SupplierColumns() + " FROM suppliers ORDER BY code");
  if (!r) return r.error();
  std::vector<Supplier> out;
  out.reserve(r->rows.size());
  for (const auto& row : r->rows) out.push_back(ReadSupplier(row));
  return out;
}

Result<bool> SupplierRepository::Update(const Supplier& s) {
  const SqlValue p[] = {Text(s.name),
                        Text(s.endpoint),
                        OptText(s.api_key_sealed),
                        OptText(s.secret_sealed),
                        SqlValue(s.enabled),
                        Int(s.timeouts.search_ms),
                        Int(s.timeouts.quote_ms),
                        Int(s.timeouts.book_ms),
                        Int(s.timeouts.retrieve_ms),
                        Int(s.timeouts.cancel_ms),
                        Int(s.timeouts.content_ms),
                        Text(s.currency),
                        Text(s.updated_at),
                        Text(s.code),
                        Int(s.version)};
  auto r = db_.Execute(
      "UPDATE suppliers SET name = $1, endpoint = $2, api_key_enc = $3, secret_enc = $4, enabled = $5, "
      "search_timeout_ms = $6, quote_timeout_ms = $7, book_timeout_ms = $8, retrieve_timeout_ms = $9, "
      "cancel_timeout_ms = $10, content_timeout_ms = $11, currency = $12, updated_at = $13, version = version + 1 "
      "WHERE code = $14 AND version = $15",
      p);
  if (!r) return r.error();
  return r->affected_rows == 1;
}

Result<bool> SupplierRepository::ClaimSync(const std::string& code, const std::string& now,
                                           const std::string& stale_before, const ports::LeaseOwner& owner,
                                           std::int64_t alive_after_ms) {
  const SqlValue k[] = {Text(code)};
  auto ensure = db_.Execute("INSERT INTO supplier_sync_state (supplier_code) VALUES ($1) ON CONFLICT DO NOTHING", k);
  if (!ensure) return ensure.error();
  const SqlValue p[] = {Text(now), Text(code), Text(stale_before), alive_after_ms,
                        owner.id.empty() ? ports::SqlNull() : Text(owner.id)};
  // One guarded UPDATE: of two processes claiming at once, exactly one changes the row.
  auto r = db_.Execute(
      "UPDATE supplier_sync_state SET running_since = $1, last_started_at = $1, running_by = $5 "
      "WHERE supplier_code = $2 AND (running_since IS NULL OR running_since < $3 OR " +
          ports::OwnerGoneSql("running_by", 4) + ")",
      p);
  if (!r) return r.error();
  return r->affected_rows == 1;
}

Result<void> SupplierRepository::FinishSync(const std::string& code, const std::string& now, SyncOutcome outcome,
                                            const std::optional<std::string>& error, std::int64_t hotels_synced) {
  const SqlValue p[] = {Text(now), Text(SyncOutcomeName(outcome)), OptText(error), Int(hotels_synced), Text(code)};
  auto r = db_.Execute(
      "UPDATE supplier_sync_state SET running_since = NULL, running_by = NULL, last_finished_at = $1, last_outcome = $2, last_error = $3, "
      "hotels_synced = $4 WHERE supplier_code = $5",
      p);
  if (!r) return r.error();
  return Ok();
}

Result<std::optional<SyncState>> SupplierRepository::FindSyncState(const std::string& code) {
  const SqlValue p[] = {Text(code)};
  auto r = db_.Execute("SELECT supplier_code, " + Ts("running_since") + ", " + Ts("last_started_at") + ", " +
                           Ts("last_finished_at") + ", last_outcome, last_error, hotels_synced "
                           "FROM supplier_sync_state WHERE supplier_code = $1",
                       p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<SyncState>{};
  const SqlRow& row = r->rows.front();
  SyncState s;
  s.supplier_code = row.GetString(0);
  s.running_since = row.GetOptString(1);
  s.last_started_at = row.GetOptString(2);
  s.last_finished_at = row.GetOptString(3);
  if (auto o = row.GetOptString(4)) s.last_outcome = ParseSyncOutcome(*o);
  s.last_error = row.GetOptString(5);
  s.hotels_synced = row.GetInt(6);
  return std::optional<SyncState>(std::move(s));
}

Result<void> SupplierRepository::UpsertAvailability(const std::vector<AvailabilityRow>& rows) {
  if (rows.empty()) return Ok();
  return db_.Transaction([&](ports::SqlSession& session) -> Result<void> {
    for (const auto& a : rows) {
      const SqlValue p[] = {Text(a.supplier_code),
                            Text(a.hotel_code),
                            Text(FormatDate(a.check_in)),
                            Int(a.nights),
                            a.min_net_minor ? Int(*a.min_net_minor) : ports::SqlNull(),
                            a.currency.empty() ? ports::SqlNull() : Text(a.currency),
                            Int(a.rate_count),
                            Text(a.synced_at)};
      auto r = session.Execute(
          "INSERT INTO supplier_availability (supplier_code, hotel_code, check_in, nights, min_net_minor, currency, "
          "rate_count, synced_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
          "ON CONFLICT (supplier_code, hotel_code, check_in) DO UPDATE SET nights = excluded.nights, "
          "min_net_minor = excluded.min_net_minor, currency = excluded.currency, rate_count = excluded.rate_count, "
          "synced_at = excluded.synced_at",
          p);
      if (!r) return r.error();
    }
    return Ok();
  });
}

Result<std::int64_t> SupplierRepository::DeleteAvailabilityBefore(const std::string& code, Date before) {
  const SqlValue p[] = {Text(code), Text(FormatDate(before))};
  auto r = db_.Execute("DELETE FROM supplier_availability WHERE supplier_code = $1 AND check_in < $2", p);
  if (!r) return r.error();
  return r->affected_rows;
}

Result<std::vector<AvailabilityRow>> SupplierRepository::ListAvailability(const std::string& code,
                                                                        const std::optional<std::string>& hotel_code) {
  const SqlValue p[] = {Text(code), Text(hotel_code.value_or(""))};
  auto r = db_.Execute("SELECT supplier_code, hotel_code, CAST(check_in AS TEXT), nights, min_net_minor, currency, "
                       "rate_count, " + Ts("synced_at") +
                           " FROM supplier_availability WHERE supplier_code = $1 AND ($2 = '' OR hotel_code = $2)"
                           " ORDER BY hotel_code, check_in",
                       p);
  if (!r) return r.error();
  std::vector<AvailabilityRow> out;
  for (const auto& row : r->rows) {
    AvailabilityRow a;
    a.supplier_code = row.GetString(0);
    a.hotel_code = row.GetString(1);
    a.check_in = ParseDate(row.GetString(2)).value_or(Date{});
    a.nights = static_cast<int>(row.GetInt(3));
    a.min_net_minor = row.GetOptInt(4);
    a.currency = row.GetOptString(5).value_or("");
    a.rate_count = static_cast<int>(row.GetInt(6));
    a.synced_at = row.GetString(7);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace hotel::supplier_adapter
