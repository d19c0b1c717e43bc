// The catalog's SQL. Timestamps are TIMESTAMPTZ on PostgreSQL and ISO 8601 text on SQLite,
// read back as text through Ts(); coordinates and scores are doubles on both.
#include "modules/matching-service/catalog_repository.hpp"
#include "ports/sql_text.hpp"

namespace hotel::matching {
namespace {

using ports::SqlResult;
using ports::SqlRow;
using ports::SqlValue;

SqlValue Text(std::string_view s) { return std::string(s); }
SqlValue Int(std::int64_t v) { return v; }
SqlValue Real(double v) { return v; }
SqlValue OptText(const std::optional<std::string>& s) { return s ? Text(*s) : ports::SqlNull(); }
SqlValue OptReal(const std::optional<double>& v) { return v ? Real(*v) : ports::SqlNull(); }

// Reads a row's columns in order.
class Cols {
 public:
  Cols(const SqlRow& row, std::size_t first = 0) : row_(row), i_(first) {}
  std::string Str() { return row_.GetString(i_++); }
  std::optional<std::string> OptStr() { return row_.GetOptString(i_++); }
  double Real() { return row_.GetDouble(i_++); }
  std::optional<double> OptReal() { return row_.GetOptDouble(i_++); }
  int Int() { return static_cast<int>(row_.GetInt(i_++)); }
  bool Bool() { return row_.GetBool(i_++); }
  std::size_t next() const { return i_; }

 private:
  const SqlRow& row_;
  std::size_t i_;
};

// code, name, address, city, country, postcode, phone, chain, lat, lon, stars
constexpr std::string_view kRecordColumns = "hotel_code, name, address, city, country, postcode, phone, chain, lat, lon, stars";

std::string Prefixed(std::string_view columns, std::string_view alias) {
  if (alias.empty()) return std::string(columns);
  std::string out;
  std::size_t start = 0;
  while (start < columns.size()) {
    auto end = columns.find(", ", start);
    if (end == std::string_view::npos) end = columns.size();
    if (!out.empty()) out += ", ";
    out.append(alias).append(".").append(columns.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

HotelRecord ReadRecord(Cols& c) {
  HotelRecord r;
  r.code = c.Str();
  r.name = c.Str();
  r.address = c.Str();
  r.city = c.Str();
  r.country = c.Str();
  r.postcode = c.Str();
  r.phone = c.Str();
  r.chain = c.Str();
  r.lat = c.Real();
  r.lon = c.Real();
  r.stars = c.Int();
  return r;
}

void AppendRecord(std::vector<SqlValue>& v, const HotelRecord& r) {
  for (const auto* f : {&r.name, &r.address, &r.city, &r.country, &r.postcode, &r.phone, &r.chain}) v.push_back(Text(*f));
  v.push_back(Real(r.lat));
  v.push_back(Real(r.lon));
  v.push_back(Int(r.stars));
}

CatalogMaster ReadMaster(Cols& c) {
  CatalogMaster m;
  m.id = c.Str();
  m.content.name = c.Str();
  m.content.address = c.Str();
  m.content.city = c.Str();
  m.content.country = c.Str();
  m.content.postcode = c.Str();
  m.content.phone = c.Str();
  m.content.chain = c.Str();
  m.content.lat = c.Real();
  m.content.lon = c.Real();
  m.content.stars = c.Int();
  m.seed_supplier = c.Str();
  m.content.code = c.Str();
  m.created_at = c.Str();
  m.updated_at = c.Str();
  return m;
}

Mapping ReadMapping(Cols& c) {
  Mapping m;
  m.supplier_code = c.Str();
  m.hotel_code = c.Str();
  m.master_id = c.Str();
  m.kind = ParseMappingKind(c.Str()).value_or(MappingKind::kAuto);
  m.score = c.OptReal();
  m.decided_by = c.Str();
  m.decided_at = c.Str();
  return m;
}

ReviewItem ReadReview(Cols& c) {
  ReviewItem r;
  r.id = c.Str();
  r.supplier_code = c.Str();
  r.hotel_code = c.Str();
  r.master_id = c.Str();
  r.score = c.Real();
  r.parts.name = c.Real();
  r.parts.distance_m = c.Real();
  r.parts.swapped = c.Bool();
  r.parts.address = c.OptReal();
  r.parts.phone = c.OptReal();
  r.parts.stars = c.OptReal();
  r.parts.chain = c.OptReal();
  r.status = ParseReviewStatus(c.Str()).value_or(ReviewStatus::kOpen);
  r.import_id = c.OptStr().value_or("");
  r.created_at = c.Str();
  r.updated_at = c.Str();
  r.decided_by = c.OptStr();
  r.decided_at = c.OptStr();
  r.decided_master_id = c.OptStr();
  return r;
}

constexpr std::size_t kBatchRows = 100;

}  // namespace

Result<void> InsertBatched(ports::SqlSession& s, std::string_view head, std::string_view tail, std::size_t columns,
                           const std::vector<SqlValue>& values) {
  const std::size_t rows = values.size() / columns;
  for (std::size_t first = 0; first < rows; first += kBatchRows) {
    const std::size_t n = std::min(kBatchRows, rows - first);
    std::string sql(head);
    sql += " VALUES ";
    std::size_t p = 1;
    for (std::size_t r = 0; r < n; ++r) {
      sql += r ? ", (" : "(";
      for (std::size_t c = 0; c < columns; ++c) sql += (c ? ", $" : "$") + std::to_string(p++);
      sql += ")";
    }
    if (!tail.empty()) sql.append(" ").append(tail);
    const std::span<const SqlValue> params(values.data() + first * columns, n * columns);
    if (auto r = s.Execute(sql, params); !r) return r.error();
  }
  return Ok();
}

std::string CatalogRepository::Ts(std::string_view column) const {
  return ports::TimestampText(dialect_, column);
}

std::string CatalogRepository::MasterColumns(std::string_view a) const {
  const std::string p = a.empty() ? "" : std::string(a) + ".";
  return Prefixed("id, name, address, city, country, postcode, phone, chain, lat, lon, stars, seed_supplier_code, "
                  "seed_hotel_code",
                  a) +
         ", " + Ts(p + "created_at") + ", " + Ts(p + "updated_at");
}

std::string CatalogRepository::ReviewColumns(std::string_view a) const {
  const std::string p = a.empty() ? "" : std::string(a) + ".";
  return Prefixed("id, supplier_code, hotel_code, master_id, score, score_name, distance_m, coords_swapped, "
                  "score_address, score_phone, score_stars, score_chain, status, import_id",
                  a) +
         ", " + Ts(p + "created_at") + ", " + Ts(p + "updated_at") + ", " + p + "decided_by, " + Ts(p + "decided_at") +
         ", " + p + "decided_master_id";
}

Result<void> CatalogRepository::Lock(ports::SqlSession& s) {
  auto r = s.Execute("UPDATE catalog_lock SET version = version + 1 WHERE id = 1");
  if (!r) return r.error();
  if (r->affected_rows != 1) return Error::Internal("catalog_lock has no row (migration 007 not applied?)");
  return Ok();
}

Result<bool> CatalogRepository::LockAt(ports::SqlSession& s, std::int64_t version) {
  const SqlValue p[] = {Int(version)};
  auto r = s.Execute("UPDATE catalog_lock SET version = version + 1 WHERE id = 1 AND version = $1", p);
  if (!r) return r.error();
  return r->affected_rows == 1;
}

Result<std::int64_t> CatalogRepository::Version(ports::SqlSession& s) {
  auto r = s.Execute("SELECT version FROM catalog_lock WHERE id = 1");
  if (!r) return r.error();
  if (r->rows.empty()) return Error::Internal("catalog_lock has no row (migration 007 not applied?)");
  return r->rows[0].GetInt(0);
}

Result<std::vector<CatalogMaster>> CatalogRepository::LoadMasters(ports::SqlSession& s) {
  auto r = s.Execute("SELECT " + MasterColumns("") + " FROM master_hotels ORDER BY id");
  if (!r) return r.error();
  std::vector<CatalogMaster> out;
  out.reserve(r->rows.size());
  for (const auto& row : r->rows) {
    Cols c(row);
    out.push_back(ReadMaster(c));
  }
  return out;
}

Result<SupplierState> CatalogRepository::LoadSupplierState(ports::SqlSession& s, const std::string& supplier) {
  SupplierState st;
  const SqlValue p[] = {Text(supplier)};
  auto hashes = s.Execute("SELECT hotel_code, content_hash FROM supplier_hotels WHERE supplier_code = $1", p);
  if (!hashes) return hashes.error();
  for (const auto& row : hashes->rows) st.content_hashes.emplace(row.GetString(0), row.GetString(1));

  auto maps = s.Execute("SELECT supplier_code, hotel_code, master_id, kind, score, decided_by, " + Ts("decided_at") +
                            " FROM hotel_mappings WHERE supplier_code = $1",
                        p);
  if (!maps) return maps.error();
  for (const auto& row : maps->rows) {
    Cols c(row);
    Mapping m = ReadMapping(c);
    st.mappings.emplace(m.hotel_code, std::move(m));
  }

  auto pins = s.Execute("SELECT supplier_code, hotel_code, kind, master_id, review_id, decided_by, " +
                            Ts("decided_at") + " FROM mapping_pins WHERE supplier_code = $1",
                        p);
  if (!pins) return pins.error();
  for (const auto& row : pins->rows) {
    Cols c(row);
    Pin pin;
    pin.supplier_code = c.Str();
    pin.hotel_code = c.Str();
    pin.kind = ParsePinKind(c.Str()).value_or(PinKind::kMapTo);
    pin.master_id = c.OptStr();
    pin.review_id = c.OptStr();
    pin.decided_by = c.Str();
    pin.decided_at = c.Str();
    st.pins.emplace(pin.hotel_code, std::move(pin));
  }

  auto reviews = s.Execute(
      "SELECT " + ReviewColumns("") + " FROM mapping_reviews WHERE supplier_code = $1 AND status = 'open'", p);
  if (!reviews) return reviews.error();
  for (const auto& row : reviews->rows) {
    Cols c(row);
    ReviewItem item = ReadReview(c);
    st.open_reviews.emplace(item.hotel_code, std::move(item));
  }
  return st;
}

Result<void> CatalogRepository::UpsertSupplierHotels(ports::SqlSession& s, const std::string& supplier,
                                                     const std::vector<StoredSupplierHotel>& hotels,
                                                     const std::string& import_id, const std::string& now) {
  std::vector<SqlValue> v;
  v.reserve(hotels.size() * 17);
  for (const auto& h : hotels) {
    v.push_back(Text(supplier));
    v.push_back(Text(h.record.code));
    AppendRecord(v, h.record);
    v.push_back(Text(h.content_hash));
    v.push_back(Text(now));
    v.push_back(Text(now));
    v.push_back(Text(import_id));
  }
  return InsertBatched(s,
                       "INSERT INTO supplier_hotels (supplier_code, " + std::string(kRecordColumns) +
                           ", content_hash, first_seen_at, last_seen_at, import_id)",
                       "ON CONFLICT (supplier_code, hotel_code) DO UPDATE SET name = excluded.name, address = "
                       "excluded.address, city = excluded.city, country = excluded.country, postcode = "
                       "excluded.postcode, phone = excluded.phone, chain = excluded.chain, lat = excluded.lat, lon = "
                       "excluded.lon, stars = excluded.stars, content_hash = excluded.content_hash, last_seen_at = "
                       "excluded.last_seen_at, import_id = excluded.import_id",
                       16, v);
}

Result<std::optional<HotelRecord>> CatalogRepository::FindSupplierHotel(ports::SqlSession& s,
                                                                        const std::string& supplier,
                                                                        const std::string& code) {
  const SqlValue p[] = {Text(supplier), Text(code)};
  auto r = s.Execute("SELECT " + std::string(kRecordColumns) +
                         " FROM supplier_hotels WHERE supplier_code = $1 AND hotel_code = $2",
                     p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<HotelRecord>{};
  Cols c(r->rows.front());
  return std::optional<HotelRecord>(ReadRecord(c));
}

Result<void> CatalogRepository::InsertTokens(ports::SqlSession& s, const std::vector<CatalogMaster>& masters) {
  std::vector<SqlValue> v;
  for (const auto& m : masters) {
    for (auto& t : SearchTokensOf(m.content)) {
      v.push_back(Text(t));
      v.push_back(Text(m.id));
    }
  }
  return InsertBatched(s, "INSERT INTO master_hotel_tokens (token, master_id)", "", 2, v);
}

Result<void> CatalogRepository::InsertMasters(ports::SqlSession& s, const std::vector<CatalogMaster>& masters) {
  std::vector<SqlValue> v;
  v.reserve(masters.size() * 17);
  for (const auto& m : masters) {
    v.push_back(Text(m.id));
    AppendRecord(v, m.content);
    v.push_back(Text(CityKey(m.content.city)));
    v.push_back(Text(m.seed_supplier));
    v.push_back(Text(m.content.code));
    v.push_back(Text(m.created_at));
    v.push_back(Text(m.updated_at));
  }
  auto ins = InsertBatched(s,
                           "INSERT INTO master_hotels (id, name, address, city, country, postcode, phone, chain, lat, "
                           "lon, stars, city_key, seed_supplier_code, seed_hotel_code, created_at, updated_at)",
                           "", 16, v);
  if (!ins) return ins;
  return InsertTokens(s, masters);
}

Result<void> CatalogRepository::UpdateMasterContent(ports::SqlSession& s, const std::string& id,
                                                    const HotelRecord& content, const std::string& now) {
  std::vector<SqlValue> v;
  AppendRecord(v, content);
  v.push_back(Text(CityKey(content.city)));
  v.push_back(Text(now));
  v.push_back(Text(id));
  auto r = s.Execute(
      "UPDATE master_hotels SET name = $1, address = $2, city = $3, country = $4, postcode = $5, phone = $6, "
      "chain = $7, lat = $8, lon = $9, stars = $10, city_key = $11, updated_at = $12 WHERE id = $13",
      v);
  if (!r) return r.error();
  const SqlValue p[] = {Text(id)};
  if (auto d = s.Execute("DELETE FROM master_hotel_tokens WHERE master_id = $1", p); !d) return d.error();
  CatalogMaster m;
  m.id = id;
  m.content = content;
  return InsertTokens(s, {m});
}

Result<std::optional<CatalogMaster>> CatalogRepository::FindMaster(ports::SqlSession& s, const std::string& id) {
  const SqlValue p[] = {Text(id)};
  auto r = s.Execute("SELECT " + MasterColumns("") + " FROM master_hotels WHERE id = $1", p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<CatalogMaster>{};
  Cols c(r->rows.front());
  return std::optional<CatalogMaster>(ReadMaster(c));
}

Result<std::vector<CatalogMaster>> CatalogRepository::SearchMasters(ports::SqlSession& s, const MasterQuery& q) {
  std::vector<SqlValue> p;
  auto param = [&p](SqlValue v) {
    p.push_back(std::move(v));
    return "$" + std::to_string(p.size());
  };
  std::string sql = "SELECT " + MasterColumns("m") + " FROM master_hotels m WHERE 1 = 1";
  for (const auto& t : q.tokens) {
    // Prefix match as a range: tokens are [a-z0-9], and '~' sorts after all of them.
    sql += " AND m.id IN (SELECT master_id FROM master_hotel_tokens WHERE token >= " + param(Text(t)) +
           " AND token < " + param(Text(t + "~")) + ")";
  }
  if (q.city_key) sql += " AND m.city_key = " + param(Text(*q.city_key));
  if (q.country) sql += " AND m.country = " + param(Text(*q.country));
  if (q.after) sql += " AND m.id > " + param(Text(*q.after));
  sql += " ORDER BY m.id LIMIT " + param(Int(q.limit));
  auto r = s.Execute(sql, p);
  if (!r) return r.error();
  std::vector<CatalogMaster> out;
  for (const auto& row : r->rows) {
    Cols c(row);
    out.push_back(ReadMaster(c));
  }
  return out;
}

Result<std::vector<MemberView>> CatalogRepository::MembersOf(ports::SqlSession& s, const std::string& master_id) {
  const SqlValue p[] = {Text(master_id)};
  auto r = s.Execute("SELECT mp.supplier_code, mp.hotel_code, mp.master_id, mp.kind, mp.score, mp.decided_by, " +
                         Ts("mp.decided_at") + ", " + Prefixed(kRecordColumns, "h") +
                         " FROM hotel_mappings mp JOIN supplier_hotels h ON h.supplier_code = mp.supplier_code AND "
                         "h.hotel_code = mp.hotel_code WHERE mp.master_id = $1 ORDER BY mp.supplier_code, "
                         "mp.hotel_code",
                     p);
  if (!r) return r.error();
  std::vector<MemberView> out;
  for (const auto& row : r->rows) {
    Cols c(row);
    MemberView m;
    m.mapping = ReadMapping(c);
    m.content = ReadRecord(c);
    out.push_back(std::move(m));
  }
  return out;
}

Result<void> CatalogRepository::UpsertMappings(ports::SqlSession& s, const std::vector<Mapping>& mappings,
                                               const std::optional<std::string>& import_id) {
  std::vector<SqlValue> v;
  v.reserve(mappings.size() * 8);
  for (const auto& m : mappings) {
    v.push_back(Text(m.supplier_code));
    v.push_back(Text(m.hotel_code));
    v.push_back(Text(m.master_id));
    v.push_back(Text(MappingKindName(m.kind)));
    v.push_back(OptReal(m.score));
    v.push_back(Text(m.decided_by));
    v.push_back(Text(m.decided_at));
    v.push_back(OptText(import_id));
  }
  return InsertBatched(s,
                       "INSERT INTO hotel_mappings (supplier_code, hotel_code, master_id, kind, score, decided_by, "
                       "decided_at, import_id)",
                       "ON CONFLICT (supplier_code, hotel_code) DO UPDATE SET master_id = excluded.master_id, kind = "
                       "excluded.kind, score = excluded.score, decided_by = excluded.decided_by, decided_at = "
                       "excluded.decided_at, import_id = excluded.import_id",
                       8, v);
}

Result<void> CatalogRepository::DeleteMapping(ports::SqlSession& s, const std::string& supplier,
                                              const std::string& code) {
  const SqlValue p[] = {Text(supplier), Text(code)};
  auto r = s.Execute("DELETE FROM hotel_mappings WHERE supplier_code = $1 AND hotel_code = $2", p);
  if (!r) return r.error();
  return Ok();
}

Result<std::vector<std::string>> CatalogRepository::MappedHotelCodes(ports::SqlSession& s,
                                                                     const std::string& supplier) {
  const SqlValue p[] = {Text(supplier)};
  auto r = s.Execute("SELECT hotel_code FROM hotel_mappings WHERE supplier_code = $1 ORDER BY hotel_code", p);
  if (!r) return r.error();
  std::vector<std::string> out;
  out.reserve(r->rows.size());
  for (const auto& row : r->rows) out.push_back(row.GetString(0));
  return out;
}

Result<void> CatalogRepository::InsertReview(ports::SqlSession& s, const ReviewItem& i) {
  const SqlValue p[] = {Text(i.id),          Text(i.supplier_code),     Text(i.hotel_code),   Text(i.master_id),
                        Real(i.score),       Real(i.parts.name),        Real(i.parts.distance_m),
                        Int(i.parts.swapped ? 1 : 0), OptReal(i.parts.address), OptReal(i.parts.phone),
                        OptReal(i.parts.stars), OptReal(i.parts.chain), Text(ReviewStatusName(i.status)),
                        Text(i.import_id),   Text(i.created_at),        Text(i.updated_at)};
  // coords_swapped goes through CAST: an integer on SQLite, a boolean on PostgreSQL.
  const std::string swapped = dialect_ == ports::Dialect::sqlite ? "$8" : "($8 <> 0)";
  auto r = s.Execute(
      "INSERT INTO mapping_reviews (id, supplier_code, hotel_code, master_id, score, score_name, distance_m, "
      "coords_swapped, score_address, score_phone, score_stars, score_chain, status, import_id, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, " +
          swapped + ", $9, $10, $11, $12, $13, $14, $15, $16)",
      p);
  if (!r) return r.error();
  return Ok();
}

Result<void> CatalogRepository::UpdateOpenReview(ports::SqlSession& s, const ReviewItem& i) {
  const SqlValue p[] = {Text(i.master_id),     Real(i.score),          Real(i.parts.name),
                        Real(i.parts.distance_m), Int(i.parts.swapped ? 1 : 0), OptReal(i.parts.address),
                        OptReal(i.parts.phone),  OptReal(i.parts.stars), OptReal(i.parts.chain),
                        Text(i.import_id),     Text(i.updated_at),     Text(i.id)};
  const std::string swapped = dialect_ == ports::Dialect::sqlite ? "$5" : "($5 <> 0)";
  auto r = s.Execute("UPDATE mapping_reviews SET master_id = $1, score = $2, score_name = $3, distance_m = $4, "
                     "coords_swapped = " +
                         swapped +
                         ", score_address = $6, score_phone = $7, score_stars = $8, score_chain = $9, import_id = "
                         "$10, updated_at = $11 WHERE id = $12 AND status = 'open'",
                     p);
  if (!r) return r.error();
  return Ok();
}

Result<void> CatalogRepository::DeleteOpenReview(ports::SqlSession& s, const std::string& id) {
  const SqlValue p[] = {Text(id)};
  auto r = s.Execute("DELETE FROM mapping_reviews WHERE id = $1 AND status = 'open'", p);
  if (!r) return r.error();
  return Ok();
}

namespace {
constexpr std::string_view kReviewJoin =
    " FROM mapping_reviews r JOIN supplier_hotels h ON h.supplier_code = r.supplier_code AND h.hotel_code = "
    "r.hotel_code JOIN master_hotels m ON m.id = r.master_id";
}  // namespace

Result<std::vector<ReviewView>> CatalogRepository::ListReviews(ports::SqlSession& s, const ReviewQuery& q) {
  std::vector<SqlValue> p = {Text(ReviewStatusName(q.status))};
  std::string sql = "SELECT " + ReviewColumns("r") + ", " + Prefixed(kRecordColumns, "h") + ", " + MasterColumns("m") +
                    std::string(kReviewJoin) + " WHERE r.status = $1";
  if (q.supplier_code) {
    p.push_back(Text(*q.supplier_code));
    sql += " AND r.supplier_code = $" + std::to_string(p.size());
  }
  if (q.after) {
    p.push_back(Text(*q.after));
    sql += " AND r.id > $" + std::to_string(p.size());
  }
  p.push_back(Int(q.limit));
  sql += " ORDER BY r.id LIMIT $" + std::to_string(p.size());
  auto r = s.Execute(sql, p);
  if (!r) return r.error();
  std::vector<ReviewView> out;
  for (const auto& row : r->rows) {
    Cols c(row);
    ReviewView v;
    v.item = ReadReview(c);
    v.supplier_hotel = ReadRecord(c);
    v.candidate = ReadMaster(c);
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::optional<ReviewView>> CatalogRepository::FindReview(ports::SqlSession& s, const std::string& id) {
  const SqlValue p[] = {Text(id)};
  auto r = s.Execute("SELECT " + ReviewColumns("r") + ", " + Prefixed(kRecordColumns, "h") + ", " +
                         MasterColumns("m") + std::string(kReviewJoin) + " WHERE r.id = $1",
                     p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<ReviewView>{};
  Cols c(r->rows.front());
  ReviewView v;
  v.item = ReadReview(c);
  v.supplier_hotel = ReadRecord(c);
  v.candidate = ReadMaster(c);
  return std::optional<ReviewView>(std::move(v));
}

Result<bool> CatalogRepository::DecideReview(ports::SqlSession& s, const std::string& id, ReviewStatus status,
                                             const std::string& actor, const std::string& now,
                                             const std::string& decided_master) {
  const SqlValue p[] = {Text(ReviewStatusName(status)), Text(actor), Text(now), Text(decided_master), Text(id)};
  auto r = s.Execute("UPDATE mapping_reviews SET status = $1, decided_by = $2, decided_at = $3, updated_at = $3, "
                     "decided_master_id = $4 WHERE id = $5 AND status = 'open'",
                     p);
  if (!r) return r.error();
  return r->affected_rows == 1;
}

Result<void> CatalogRepository::UpsertPin(ports::SqlSession& s, const Pin& pin) {
  const SqlValue p[] = {Text(pin.supplier_code), Text(pin.hotel_code), Text(PinKindName(pin.kind)),
                        OptText(pin.master_id),  OptText(pin.review_id), Text(pin.decided_by),
                        Text(pin.decided_at)};
  auto r = s.Execute(
      "INSERT INTO mapping_pins (supplier_code, hotel_code, kind, master_id, review_id, decided_by, decided_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (supplier_code, hotel_code) DO UPDATE SET kind = "
      "excluded.kind, master_id = excluded.master_id, review_id = excluded.review_id, decided_by = "
      "excluded.decided_by, decided_at = excluded.decided_at",
      p);
  if (!r) return r.error();
  return Ok();
}

}  // namespace hotel::matching
