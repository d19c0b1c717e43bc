// Review decisions (under the catalog lock, like imports), search and master pages.
#include "modules/matching-service/catalog_service.hpp"

#include "core/ids.hpp"

namespace hotel::matching {
namespace {

ReviewStatus StatusOf(ReviewDecision d) {
  switch (d) {
    case ReviewDecision::kApprove: return ReviewStatus::kApproved;
    case ReviewDecision::kReject: return ReviewStatus::kRejected;
    case ReviewDecision::kRemap: return ReviewStatus::kRemapped;
  }
  return ReviewStatus::kApproved;
}

// Fetch one more than asked: its presence is what says there is a next page.
template <class T, class IdOf>
Page<T> ToPage(std::vector<T> rows, int limit, IdOf id_of) {
  Page<T> page;
  if (static_cast<int>(rows.size()) > limit) {
    rows.resize(static_cast<std::size_t>(limit));
    page.next_cursor = id_of(rows.back());
  }
  page.items = std::move(rows);
  return page;
}

}  // namespace

Result<Page<ReviewView>> CatalogService::ListReviews(const ReviewQuery& q) {
  ReviewQuery one_more = q;
  one_more.limit = q.limit + 1;
  AutoCommitSession s(db_);
  auto rows = repo_.ListReviews(s, one_more);
  if (!rows) return rows.error();
  return ToPage(std::move(*rows), q.limit, [](const ReviewView& v) { return v.item.id; });
}

Result<ReviewView> CatalogService::GetReview(const std::string& id) {
  AutoCommitSession s(db_);
  auto found = repo_.FindReview(s, id);
  if (!found) return found.error();
  if (!*found) return Error::NotFound("No mapping review " + id + ".");
  return std::move(**found);
}

Result<ReviewView> CatalogService::Decide(const std::string& review_id, ReviewDecision decision,
                                          const std::optional<std::string>& master_id, const std::string& actor) {
  const std::string now = FormatIso8601(clock_.Now());
  const ReviewStatus target = StatusOf(decision);
  auto tx = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    if (auto ok = repo_.Lock(s); !ok) return ok;
    auto found = repo_.FindReview(s, review_id);
    if (!found) return found.error();
    if (!*found) return Error::NotFound("No mapping review " + review_id + ".");
    const ReviewItem& item = (*found)->item;
    if (item.status != ReviewStatus::kOpen) {
      const bool same = item.status == target && (decision != ReviewDecision::kRemap || item.decided_master_id == master_id);
      if (same) return Ok();  // the decision was made already: answer the item as it is
      return Error::Conflict("Mapping review " + review_id + " was already decided (" +
                             std::string(ReviewStatusName(item.status)) + " by " + item.decided_by.value_or("?") +
                             " at " + item.decided_at.value_or("?") + ").");
    }

    Mapping mapping{item.supplier_code, item.hotel_code, "", MappingKind::kReviewApproved, item.score, actor, now};
    Pin pin{item.supplier_code, item.hotel_code, PinKind::kMapTo, std::nullopt, review_id, actor, now};
    switch (decision) {
      case ReviewDecision::kApprove:
        mapping.master_id = item.master_id;
        break;
      case ReviewDecision::kRemap: {
        auto master = repo_.FindMaster(s, master_id.value_or(""));
        if (!master) return master.error();
        if (!*master) return Error::Validation("masterId", "no master hotel " + master_id.value_or("") + " exists");
        mapping.master_id = (*master)->id;
        mapping.kind = MappingKind::kManual;
        mapping.score.reset();
        break;
      }
      case ReviewDecision::kReject: {
        auto record = repo_.FindSupplierHotel(s, item.supplier_code, item.hotel_code);
        if (!record) return record.error();
        if (!*record) return Error::Internal("review " + review_id + " names a supplier hotel that is not stored");
        const CatalogMaster own{NewId("htl"), std::move(**record), item.supplier_code, now, now};
        if (auto ok = repo_.InsertMasters(s, {own}); !ok) return ok;
        mapping.master_id = own.id;
        mapping.kind = MappingKind::kNewMaster;
        mapping.score.reset();
        pin.kind = PinKind::kNotThisMaster;
        break;
      }
    }
    if (decision != ReviewDecision::kReject) pin.master_id = mapping.master_id;
    else pin.master_id = item.master_id;
    auto decided = repo_.DecideReview(s, review_id, target, actor, now, mapping.master_id);
    if (!decided) return decided.error();
    if (!*decided) return Error::Internal("review " + review_id + " changed under the catalog lock");
    if (auto ok = repo_.UpsertMappings(s, {mapping}, std::nullopt); !ok) return ok;
    return repo_.UpsertPin(s, pin);
  });
  if (!tx) return tx.error();
  return GetReview(review_id);
}

Result<Page<CatalogMaster>> CatalogService::SearchHotels(const MasterQuery& q) {
  MasterQuery one_more = q;
  one_more.limit = q.limit + 1;
  AutoCommitSession s(db_);
  auto rows = repo_.SearchMasters(s, one_more);
  if (!rows) return rows.error();
  return ToPage(std::move(*rows), q.limit, [](const CatalogMaster& m) { return m.id; });
}

Result<HotelDetail> CatalogService::GetHotel(const std::string& id) {
  AutoCommitSession s(db_);
  auto master = repo_.FindMaster(s, id);
  if (!master) return master.error();
  if (!*master) return Error::NotFound("No master hotel " + id + ".");
  auto members = repo_.MembersOf(s, id);
  if (!members) return members.error();
  return HotelDetail{std::move(**master), std::move(*members)};
}

Result<std::vector<std::string>> CatalogService::MappedHotelCodes(const std::string& supplier) {
  AutoCommitSession s(db_);
  return repo_.MappedHotelCodes(s, supplier);
}

}  // namespace hotel::matching
