// The catalog's SQL (masters, their search tokens, supplier hotels, mappings, review items,
// pins) over a SqlSession, on SQLite and PostgreSQL alike. No decisions here: the importer
// and CatalogService decide, this reads and writes rows.
#pragma once

#include "modules/matching-service/catalog_model.hpp"
#include "ports/database.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hotel::matching {

using ports::AutoCommitSession;

// What the catalog already holds about one supplier, keyed by hotel code.
struct SupplierState {
  std::map<std::string, std::string> content_hashes;
  std::map<std::string, Mapping> mappings;
  std::map<std::string, Pin> pins;
  std::map<std::string, ReviewItem> open_reviews;
};

struct StoredSupplierHotel {
  HotelRecord record;
  std::string content_hash;
};

struct MasterQuery {
  std::vector<std::string> tokens;  // QueryTokens: each must prefix a word of the name or city
  std::optional<std::string> city_key;
  std::optional<std::string> country;
  int limit = 50;
  std::optional<std::string> after;  // id cursor
};

struct ReviewQuery {
  ReviewStatus status = ReviewStatus::kOpen;
  std::optional<std::string> supplier_code;
  int limit = 50;
  std::optional<std::string> after;  // id cursor
};

class CatalogRepository {
 public:
  explicit CatalogRepository(ports::Dialect dialect) : dialect_(dialect) {}

  // Takes the catalog's one lock row for the rest of the transaction: imports' decisions and
  // reviewers' decisions run one at a time, each seeing everything committed before.
  Result<void> Lock(ports::SqlSession& s);
  // The same, only if no decision committed since `version` was read (false, nothing locked,
  // when one did): lets an import decide outside the lock and write only what is still true.
  Result<bool> LockAt(ports::SqlSession& s, std::int64_t version);
  // Moves with every committed import and review decision.
  Result<std::int64_t> Version(ports::SqlSession& s);

  Result<std::vector<CatalogMaster>> LoadMasters(ports::SqlSession& s);
  Result<SupplierState> LoadSupplierState(ports::SqlSession& s, const std::string& supplier);

  // Inserts or refreshes the supplier's hotels (first_seen kept, last_seen and import moved).
  Result<void> UpsertSupplierHotels(ports::SqlSession& s, const std::string& supplier,
                                    const std::vector<StoredSupplierHotel>& hotels, const std::string& import_id,
                                    const std::string& now);
  Result<std::optional<HotelRecord>> FindSupplierHotel(ports::SqlSession& s, const std::string& supplier,
                                                       const std::string& code);

  // New masters with their search tokens.
  Result<void> InsertMasters(ports::SqlSession& s, const std::vector<CatalogMaster>& masters);
  // The master's content from its seed's new content (name, address, … and search tokens).
  Result<void> UpdateMasterContent(ports::SqlSession& s, const std::string& id, const HotelRecord& content,
                                   const std::string& now);
  Result<std::optional<CatalogMaster>> FindMaster(ports::SqlSession& s, const std::string& id);
  Result<std::vector<CatalogMaster>> SearchMasters(ports::SqlSession& s, const MasterQuery& q);
  // The master's members with their supplier content, by supplier and hotel code.
  Result<std::vector<MemberView>> MembersOf(ports::SqlSession& s, const std::string& master_id);

  Result<void> UpsertMappings(ports::SqlSession& s, const std::vector<Mapping>& mappings,
                              const std::optional<std::string>& import_id);
  Result<void> DeleteMapping(ports::SqlSession& s, const std::string& supplier, const std::string& code);
  // Hotel codes of the supplier that belong to a master, sorted.
  Result<std::vector<std::string>> MappedHotelCodes(ports::SqlSession& s, const std::string& supplier);

  Result<void> InsertReview(ports::SqlSession& s, const ReviewItem& item);
  // A still-open item's candidate, score and import.
  Result<void> UpdateOpenReview(ports::SqlSession& s, const ReviewItem& item);
  Result<void> DeleteOpenReview(ports::SqlSession& s, const std::string& id);
  Result<std::vector<ReviewView>> ListReviews(ports::SqlSession& s, const ReviewQuery& q);
  Result<std::optional<ReviewView>> FindReview(ports::SqlSession& s, const std::string& id);
  // open → `status`; false when the item was no longer open.
  Result<bool> DecideReview(ports::SqlSession& s, const std::string& id, ReviewStatus status,
                            const std::string& actor, const std::string& now, const std::string& decided_master);

  Result<void> UpsertPin(ports::SqlSession& s, const Pin& pin);

 private:
  std::string Ts(std::string_view column) const;  // a timestamp column as ISO 8601 text
  std::string MasterColumns(std::string_view alias) const;
  std::string ReviewColumns(std::string_view alias) const;
  Result<void> InsertTokens(ports::SqlSession& s, const std::vector<CatalogMaster>& masters);

  ports::Dialect dialect_;
};

// Multi-row INSERT: `head` is "INSERT INTO t (a, b, c)", `tail` what follows the VALUES list
// (an ON CONFLICT clause, or empty); `values` holds the rows one after another, `columns` per
// row. Sent in batches of at most 100 rows (a round trip each on PostgreSQL).
Result<void> InsertBatched(ports::SqlSession& s, std::string_view head, std::string_view tail, std::size_t columns,
                           const std::vector<ports::SqlValue>& values);

}  // namespace hotel::matching
