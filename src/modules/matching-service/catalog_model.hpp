// The master catalog's records as stored: masters, supplier hotels, mappings, review items,
// pins and content-import jobs, with the text helpers the catalog keys on (content hash,
// search tokens, city key).
#pragma once

#include "modules/matching-service/pair_scorer.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::matching {

// How a supplier hotel came to be a member of its master.
enum class MappingKind {
  kAuto,            // an import scored it >= high
  kReviewApproved,  // a reviewer approved the review item's candidate
  kManual,          // a reviewer remapped it to a master of their choice
  kNewMaster,       // it seeded its master (an import found none; or a reviewer rejected the candidate)
  kDuplicate,       // a second code of its supplier for a hotel the supplier already listed
};
std::string_view MappingKindName(MappingKind k);  // auto | review_approved | manual | new_master | duplicate
std::optional<MappingKind> ParseMappingKind(std::string_view name);

enum class ReviewStatus { kOpen, kApproved, kRejected, kRemapped };
std::string_view ReviewStatusName(ReviewStatus s);  // open | approved | rejected | remapped
std::optional<ReviewStatus> ParseReviewStatus(std::string_view name);

enum class PinKind { kMapTo, kNewMaster, kNotThisMaster };
std::string_view PinKindName(PinKind k);  // map_to | new_master | not_this_master
std::optional<PinKind> ParsePinKind(std::string_view name);

enum class ImportStatus { kQueued, kRunning, kSucceeded, kFailed };
std::string_view ImportStatusName(ImportStatus s);  // queued | running | succeeded | failed
std::optional<ImportStatus> ParseImportStatus(std::string_view name);

// Who the automatic decisions are by (hotel_mappings.decided_by).
inline constexpr std::string_view kMatcherActor = "matcher";

struct CatalogMaster {
  std::string id;             // "htl_…"
  HotelRecord content;        // content.code: the seed's hotel code
  std::string seed_supplier;  // with content.code: the supplier hotel it was created from
  std::string created_at;
  std::string updated_at;
};

struct Mapping {
  std::string supplier_code;
  std::string hotel_code;
  std::string master_id;
  MappingKind kind = MappingKind::kAuto;
  std::optional<double> score;
  std::string decided_by;
  std::string decided_at;
};

// A mapping with the supplier hotel's own content, for a master's page.
struct MemberView {
  Mapping mapping;
  HotelRecord content;
};

// The parts of a pair's score (PairScore) as kept with a review item.
struct ScoreParts {
  double name = 0;
  double distance_m = 0;
  bool swapped = false;
  std::optional<double> address, phone, stars, chain;  // nullopt: a side lacks the field
};
ScoreParts PartsOf(const PairScore& s);

struct ReviewItem {
  std::string id;  // "mrv_…"
  std::string supplier_code;
  std::string hotel_code;
  std::string master_id;  // the candidate
  double score = 0;
  ScoreParts parts;
  ReviewStatus status = ReviewStatus::kOpen;
  std::string import_id;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> decided_by;
  std::optional<std::string> decided_at;
  std::optional<std::string> decided_master_id;  // where the supplier hotel went
};

// A review item with both sides, for the queue.
struct ReviewView {
  ReviewItem item;
  HotelRecord supplier_hotel;
  CatalogMaster candidate;
};

struct Pin {
  std::string supplier_code;
  std::string hotel_code;
  PinKind kind = PinKind::kMapTo;
  std::optional<std::string> master_id;  // none for kNewMaster
  std::optional<std::string> review_id;
  std::string decided_by;
  std::string decided_at;
};

struct ImportCounts {
  int auto_mapped = 0, review = 0, new_masters = 0, duplicates = 0;
  int unchanged = 0;  // seen before with the same content, or decided by a person: left as they were
  int pinned = 0;     // of those, decided by a person (a pin)
  int skipped = 0;    // records without a code or a name
};

struct ImportJob {
  std::string id;  // "imp_…"
  std::string supplier_code;
  ImportStatus status = ImportStatus::kQueued;
  int page_size = 0;
  int pages = 0;
  int hotels_fetched = 0;
  std::optional<std::int64_t> total;
  ImportCounts counts;
  std::string created_by;
  std::string created_at;
  std::optional<std::string> started_at;
  std::optional<std::string> finished_at;
  std::string updated_at;
  std::optional<std::string> error;
};

// Field limits (bytes; cut on a UTF-8 boundary) and the code shapes the catalog accepts.
inline constexpr std::size_t kMaxNameBytes = 300, kMaxAddressBytes = 300, kMaxCityBytes = 100,
                             kMaxPostcodeBytes = 20, kMaxPhoneBytes = 50, kMaxChainBytes = 100,
                             kMaxHotelCodeBytes = 64;
// The supplier-adapter's codes: 2..16 of A-Z, 0-9, '_'.
bool IsSupplierCode(std::string_view code);

// The record as the catalog stores it: fields cut to their limits, country upper-cased
// (anything but two letters dropped), stars outside 0..7 → 0, non-finite coordinates → 0.
// nullopt when it has no code (or one too long) or no name.
std::optional<HotelRecord> CleanRecord(const HotelRecord& raw);

// FNV-1a 64 over every content field, 16 hex digits: equal for equal content in any process.
std::string ContentHash(const HotelRecord& r);

// Normalised words of a master's name and city (NameTokens), each at most 64 bytes, unique:
// what search words are matched against.
std::vector<std::string> SearchTokensOf(const HotelRecord& r);
// The words of a search (`q`): NameTokens, unique, at most 8; words the normaliser drops
// ("hotel", "the") are not searched for.
std::vector<std::string> QueryTokens(std::string_view q);
// A city's key ("München", "Munich", "MUENCHEN" → "munchen"), for the city filter.
std::string CityKey(std::string_view city);

}  // namespace hotel::matching
