// The catalog's use cases besides importing: the review queue and its decisions, master
// hotel search and pages, and the supplier hotel codes the catalog knows. Blocking (database):
// handlers call them on the BlockingPool.
//
// Review decisions, each recording who and when, each idempotent (the same decision again
// answers the item as it is; another decision on a decided item is a conflict):
// - approve: the supplier hotel is mapped to the candidate (review_approved), pinned there;
// - remap {masterId}: mapped to that master instead (manual), pinned there;
// - reject: the supplier hotel is NOT the candidate. It becomes a master of its own at once
//   (new_master, by the reviewer) and is pinned not_this_master: no automatic run re-decides
//   it, so the candidate is never proposed again. A reviewer who knows the right master
//   remaps instead of rejecting.
#pragma once

#include "core/clock.hpp"
#include "modules/matching-service/catalog_model.hpp"
#include "modules/matching-service/catalog_repository.hpp"
#include "ports/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hotel::matching {

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

struct HotelDetail {
  CatalogMaster master;
  std::vector<MemberView> members;
};

enum class ReviewDecision { kApprove, kReject, kRemap };

class CatalogService {
 public:
  // `db` and `clock` must outlive the service.
  CatalogService(ports::Database& db, const Clock& clock) : db_(db), clock_(clock), repo_(db.dialect()) {}

  Result<Page<ReviewView>> ListReviews(const ReviewQuery& q);
  Result<ReviewView> GetReview(const std::string& id);
  // `master_id` only for kRemap. `actor`: the principal's user or key id.
  Result<ReviewView> Decide(const std::string& review_id, ReviewDecision decision,
                            const std::optional<std::string>& master_id, const std::string& actor);

  Result<Page<CatalogMaster>> SearchHotels(const MasterQuery& q);
  Result<HotelDetail> GetHotel(const std::string& id);

  // The supplier's hotel codes that belong to a master (for the supplier-adapter's sync).
  Result<std::vector<std::string>> MappedHotelCodes(const std::string& supplier);

 private:
  ports::Database& db_;
  const Clock& clock_;
  CatalogRepository repo_;
};

}  // namespace hotel::matching
