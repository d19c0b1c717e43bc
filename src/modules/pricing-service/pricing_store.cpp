// The pricing-service's SQL. Timestamps are written by the application as ISO 8601 text and
// read back as such on both engines; stay dates are DATE on PostgreSQL, text on SQLite.
#include "modules/pricing-service/pricing_store.hpp"
#include "ports/sql_text.hpp"

namespace hotel::pricing {
namespace {

using ports::SqlRow;
using ports::SqlValue;

SqlValue Text(std::string_view s) { return std::string(s); }
SqlValue Int(std::int64_t v) { return v; }
SqlValue OptText(const std::optional<std::string>& s) { return s ? Text(*s) : ports::SqlNull(); }
SqlValue OptDate(const std::optional<Date>& d) { return d ? Text(FormatDate(*d)) : ports::SqlNull(); }

std::optional<Date> ReadDate(const SqlRow& r, std::size_t i) {
  auto s = r.GetOptString(i);
  if (!s) return std::nullopt;
  return ParseDate(*s);
}

StoredRule ReadRule(const SqlRow& r) {
  StoredRule s;
  MarkupRule& m = s.rule;
  m.id = r.GetString(0);
  m.owner_tenant = r.GetString(1);
  s.owner_tenant_path = r.GetString(2);
  m.tier = ParseTier(r.GetString(3)).value_or(Tier::kPlatform);
  m.supplier = r.GetOptString(4);
  m.country = r.GetOptString(5);
  m.city = r.GetOptString(6);
  m.hotel_id = r.GetOptString(7);
  m.stay_from = ReadDate(r, 8);
  m.stay_to = ReadDate(r, 9);
  m.kind = r.GetString(10) == "fixed" ? MarkupRule::kFixed : MarkupRule::kPercent;
  m.percent_bp = r.GetInt(11);
  if (auto amount = r.GetOptInt(12)) m.fixed = Money{*amount, r.GetOptString(13).value_or("")};
  m.allow_negative = r.GetBool(14);
  s.status = ParseRuleStatus(r.GetString(15)).value_or(RuleStatus::kDisabled);
  m.created_seq = r.GetInt(16);
  s.created_by = r.GetString(17);
  s.created_at = r.GetString(18);
  s.updated_at = r.GetString(19);
  s.note = r.GetOptString(20);
  return s;
}

FxRateRow ReadRate(const SqlRow& r) {
  return FxRateRow{FxRate{r.GetString(0), r.GetString(1), r.GetInt(2)}, r.GetString(3), r.GetString(4),
                   r.GetString(5)};
}

// The end of a subtree's byte range: the path with its last '/' replaced by '0' ('/' + 1).
std::string SubtreeEnd(std::string path) {
  if (!path.empty()) path.back() = '0';
  return path;
}

}  // namespace

std::string PricingStore::Ts(std::string_view column) const {
  return ports::TimestampText(IsSqlite() ? ports::Dialect::sqlite : ports::Dialect::postgres, column);
}

std::string PricingStore::RuleColumns() const {
  return "id, owner_tenant_id, owner_tenant_path, tier, supplier, country, city, hotel_id, CAST(stay_from AS TEXT), "
         "CAST(stay_to AS TEXT), kind, percent_bp, fixed_amount, fixed_currency, allow_negative, status, created_seq, "
         "created_by, " +
         Ts("created_at") + ", " + Ts("updated_at") + ", note";
}

Result<std::optional<std::string>> PricingStore::TenantPath(const std::string& tenant_id) {
  const SqlValue p[] = {Text(tenant_id)};
  auto r = db_.Execute("SELECT path FROM tenants WHERE id = $1", p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<std::string>{};
  return std::optional<std::string>(r->rows.front().GetString(0));
}

Result<StoredRule> PricingStore::InsertRule(const StoredRule& s) {
  const MarkupRule& m = s.rule;
  const SqlValue p[] = {Text(m.id),
                        Text(m.owner_tenant),
                        Text(s.owner_tenant_path),
                        Text(TierName(m.tier)),
                        OptText(m.supplier),
                        OptText(m.country),
                        OptText(m.city),
                        OptText(m.hotel_id),
                        OptDate(m.stay_from),
                        OptDate(m.stay_to),
                        Text(m.kind == MarkupRule::kFixed ? "fixed" : "percent"),
                        Int(m.percent_bp),
                        m.fixed ? Int(m.fixed->minor) : ports::SqlNull(),
                        m.fixed ? Text(m.fixed->currency) : ports::SqlNull(),
                        SqlValue(m.allow_negative),
                        Text(RuleStatusName(s.status)),
                        Text(s.created_by),
                        Text(s.created_at),
                        Text(s.updated_at),
                        OptText(s.note)};
  // SQLite has one writer, so MAX + 1 inside the INSERT cannot race; PostgreSQL's identity is
  // monotonic across concurrent transactions.
  const std::string seq_column = IsSqlite() ? ", created_seq" : "";
  const std::string seq_value = IsSqlite() ? ", (SELECT COALESCE(MAX(created_seq), 0) + 1 FROM markup_rules)" : "";
  auto r = db_.Execute(
      "INSERT INTO markup_rules (id, owner_tenant_id, owner_tenant_path, tier, supplier, country, city, hotel_id, "
      "stay_from, stay_to, kind, percent_bp, fixed_amount, fixed_currency, allow_negative, status, created_by, "
      "created_at, updated_at, note" +
          seq_column +
          ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20" +
          seq_value + ") RETURNING created_seq",
      p);
  if (!r) return r.error();
  if (r->rows.empty()) return Error::Internal("markup rule insert returned no row");
  StoredRule out = s;
  out.rule.created_seq = r->rows.front().GetInt(0);
  return out;
}

Result<std::optional<StoredRule>> PricingStore::FindRule(const std::string& id) {
  const SqlValue p[] = {Text(id)};
  auto r = db_.Execute("SELECT " + RuleColumns() + " FROM markup_rules WHERE id = $1", p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<StoredRule>{};
  return std::optional<StoredRule>(ReadRule(r->rows.front()));
}

Result<bool> PricingStore::UpdateRule(const StoredRule& s) {
  const MarkupRule& m = s.rule;
  const SqlValue p[] = {OptText(m.supplier),
                        OptText(m.country),
                        OptText(m.city),
                        OptText(m.hotel_id),
                        OptDate(m.stay_from),
                        OptDate(m.stay_to),
                        Text(m.kind == MarkupRule::kFixed ? "fixed" : "percent"),
                        Int(m.percent_bp),
                        m.fixed ? Int(m.fixed->minor) : ports::SqlNull(),
                        m.fixed ? Text(m.fixed->currency) : ports::SqlNull(),
                        SqlValue(m.allow_negative),
                        Text(RuleStatusName(s.status)),
                        OptText(s.note),
                        Text(s.updated_at),
                        Text(m.id)};
  auto r = db_.Execute(
      "UPDATE markup_rules SET supplier = $1, country = $2, city = $3, hotel_id = $4, stay_from = $5, stay_to = $6, "
      "kind = $7, percent_bp = $8, fixed_amount = $9, fixed_currency = $10, allow_negative = $11, status = $12, "
      "note = $13, updated_at = $14 WHERE id = $15",
      p);
  if (!r) return r.error();
  return r->affected_rows == 1;
}

Result<Page<StoredRule>> PricingStore::ListRules(const RuleFilter& f, int limit,
                                                 const std::optional<std::string>& cursor) {
  const std::string subtree = f.subtree_path.value_or("");
  const SqlValue p[] = {Int(limit + 1),
                        Text(f.owner_tenant_id.value_or("")),
                        Text(f.tier ? TierName(*f.tier) : ""),
                        Text(f.status ? RuleStatusName(*f.status) : ""),
                        Text(cursor.value_or("")),
                        Text(subtree),
                        Text(SubtreeEnd(subtree))};
  auto r = db_.Execute("SELECT " + RuleColumns() +
                           " FROM markup_rules WHERE ($2 = '' OR owner_tenant_id = $2) AND ($3 = '' OR tier = $3)"
                           " AND ($4 = '' OR status = $4) AND ($5 = '' OR id > $5)"
                           " AND ($6 = '' OR (owner_tenant_path >= $6 AND owner_tenant_path < $7))"
                           " ORDER BY id LIMIT $1",
                       p);
  if (!r) return r.error();
  Page<StoredRule> out;
  for (const auto& row : r->rows) out.items.push_back(ReadRule(row));
  if (out.items.size() > static_cast<std::size_t>(limit)) {
    out.items.resize(static_cast<std::size_t>(limit));
    out.next_cursor = out.items.back().rule.id;
  }
  return out;
}

Result<std::vector<MarkupRule>> PricingStore::ActiveRules() {
  auto r = db_.Execute("SELECT " + RuleColumns() + " FROM markup_rules WHERE status = 'active' ORDER BY id");
  if (!r) return r.error();
  std::vector<MarkupRule> out;
  out.reserve(r->rows.size());
  for (const auto& row : r->rows) out.push_back(ReadRule(row).rule);
  return out;
}

Result<std::vector<FxRateRow>> PricingStore::ListRates() {
  auto r = db_.Execute("SELECT from_currency, to_currency, rate_e10, source, updated_by, " + Ts("updated_at") +
                       " FROM fx_rates ORDER BY from_currency, to_currency");
  if (!r) return r.error();
  std::vector<FxRateRow> out;
  out.reserve(r->rows.size());
  for (const auto& row : r->rows) out.push_back(ReadRate(row));
  return out;
}

Result<std::optional<FxRateRow>> PricingStore::FindRate(const std::string& from, const std::string& to) {
  const SqlValue p[] = {Text(from), Text(to)};
  auto r = db_.Execute("SELECT from_currency, to_currency, rate_e10, source, updated_by, " + Ts("updated_at") +
                           " FROM fx_rates WHERE from_currency = $1 AND to_currency = $2",
                       p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<FxRateRow>{};
  return std::optional<FxRateRow>(ReadRate(r->rows.front()));
}

Result<void> PricingStore::UpsertRate(const FxRateRow& row) {
  const SqlValue p[] = {Text(row.rate.from), Text(row.rate.to), Int(row.rate.rate_e10), Text(row.source),
                        Text(row.updated_by), Text(row.updated_at)};
  auto r = db_.Execute(
      "INSERT INTO fx_rates (from_currency, to_currency, rate_e10, source, updated_by, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (from_currency, to_currency) DO UPDATE SET "
      "rate_e10 = excluded.rate_e10, source = excluded.source, updated_by = excluded.updated_by, "
      "updated_at = excluded.updated_at",
      p);
  if (!r) return r.error();
  return Ok();
}

Result<bool> PricingStore::DeleteRate(const std::string& from, const std::string& to) {
  const SqlValue p[] = {Text(from), Text(to)};
  auto r = db_.Execute("DELETE FROM fx_rates WHERE from_currency = $1 AND to_currency = $2", p);
  if (!r) return r.error();
  return r->affected_rows == 1;
}

}  // namespace hotel::pricing
