// The master catalog built supplier by supplier: blocking, scoring, decisions, pins.
#pragma once

#include "core/error.hpp"
#include "modules/matching-service/pair_scorer.hpp"

#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace hotel::matching {

using MasterId = std::uint64_t;  // 1, 2, 3 … in creation order

struct SupplierHotelKey {
  std::string supplier;
  std::string code;
  auto operator<=>(const SupplierHotelKey&) const = default;
};

// A decision a person made (review queue approve/reject/remap). A later automatic run takes
// it as given: the record is never re-scored into something else.
struct PinnedDecision {
  enum class Kind {
    kMapTo,         // the record belongs to `master`
    kNewMaster,     // the record is a hotel of its own
    kNotThisMaster  // the record is not `master` (a rejected review); matched automatically otherwise
  };
  Kind kind = Kind::kMapTo;
  MasterId master = 0;
};
using PinnedDecisions = std::map<SupplierHotelKey, PinnedDecision>;

enum class DecisionKind {
  kAutoMapped,  // score >= high (and name similarity >= auto_min_name) against an existing master
  kReview,      // low <= best score < high, or a high score on a master this supplier already
                // has for another hotel: `master` is the candidate, the record is not a member yet
  kNewMaster,   // nothing scored >= low: the record seeds a new master
  kDuplicate,   // a second code of this supplier for a hotel it already listed (score >=
                // MatchSettings::duplicate against that record): mapped to the same master
  kPinned,      // a PinnedDecision kMapTo / kNewMaster applied as given
};

struct Decision {
  DecisionKind kind = DecisionKind::kNewMaster;
  MasterId master = 0;
  double score = 0;  // best score against `master` (0 for new and pinned-new masters)
};

struct MasterHotel {
  MasterId id = 0;
  SupplierHotelKey seed;             // the record it was created from
  HotelRecord record;                // that record's fields: the master's content
  PreparedHotel prepared;
  std::vector<SupplierHotelKey> members;  // seed first, then mapped records
};

struct SupplierRun {
  std::string supplier;
  std::vector<Decision> decisions;  // one per input record, in input order
  std::size_t auto_mapped = 0, review = 0, new_masters = 0, duplicates = 0, pinned = 0;
  std::size_t pairs_scored = 0;         // blocking: compare with records × masters
  double max_compared_distance_m = 0;   // never above MatchSettings::block_radius_m
  std::size_t masters_after = 0;        // catalog size when the run ended
};

// Not thread-safe; one Matcher per import.
//
// The first supplier seeds the catalog (every record a new master, unless pinned or a
// duplicate of another of its records); each next supplier is matched against the masters.
// Within one supplier a master takes at most one record, except duplicates: when a record's
// best master is already held by another record of the same supplier, the two records are
// scored against each other, and only >= `duplicate` makes them duplicates (one hotel, two codes);
// otherwise the record goes to review with that master as the candidate.
class Matcher {
 public:
  explicit Matcher(MatchSettings settings = {});

  // Errors: validation_failed for a pin naming an unknown master; conflict when the supplier
  // was already added to this Matcher (a re-run starts from a new Matcher plus the pins).
  Result<SupplierRun> AddSupplier(const std::string& supplier, const std::vector<HotelRecord>& hotels,
                                  const PinnedDecisions& pins = {});

  // Seeds the catalog with a master that already exists elsewhere (storage), before the
  // suppliers of this run are added: they are matched against it exactly as against a master
  // this Matcher created. `record` is the master's content and `seed` the supplier hotel it
  // came from. Returns its id in this Matcher; the caller keeps the mapping to its own ids.
  MasterId AddMaster(const SupplierHotelKey& seed, const HotelRecord& record,
                     std::vector<SupplierHotelKey> members = {});

  const std::vector<MasterHotel>& Masters() const { return masters_; }
  const MasterHotel* FindMaster(MasterId id) const;
  const MatchSettings& Settings() const { return settings_; }

  // Masters the geographic blocking offers for a record: those in grid cells within
  // block_radius_m of its position or of its swapped position. Never the whole catalog.
  std::vector<MasterId> Candidates(const PreparedHotel& hotel) const;

 private:
  std::int64_t CellKey(std::int64_t lat_cell, std::int64_t lon_cell) const;
  void CollectBox(double lat, double lon, double dlat, double dlon, std::vector<MasterId>& out) const;
  MasterId CreateMaster(SupplierHotelKey seed, const HotelRecord& record, PreparedHotel prepared);

  MatchSettings settings_;
  std::vector<MasterHotel> masters_;  // masters_[id - 1]
  std::unordered_map<std::int64_t, std::vector<MasterId>> grid_;
  std::vector<std::string> suppliers_;
};

}  // namespace hotel::matching
