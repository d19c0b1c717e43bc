// Precision and recall of a matching run against a known ground truth (simulators, benchmark).
#pragma once

#include "modules/matching-service/matcher.hpp"

#include <cstdint>
#include <map>
#include <vector>

namespace hotel::matching {

// supplier hotel → the real hotel it lists (the generator's ground truth).
using GroundTruth = std::map<SupplierHotelKey, std::uint64_t>;

struct Accuracy {
  std::size_t records = 0;
  // Records whose real hotel already had a master (created from another record) when their
  // run ended: the ones that should have been mapped.
  std::size_t positives = 0;
  std::size_t auto_mapped = 0;    // kAutoMapped + kDuplicate
  std::size_t auto_correct = 0;   // ... onto a master of the same real hotel
  std::size_t review = 0;
  std::size_t review_correct = 0; // review candidate is the same real hotel
  std::size_t new_masters = 0;
  double precision = 0;           // auto_correct / auto_mapped
  double recall_auto = 0;         // correct auto among positives / positives
  double recall_with_review = 0;  // (correct auto + correct review) among positives / positives
};

// `runs` in the order they were added to `matcher`.
Accuracy MeasureAccuracy(const Matcher& matcher, const std::vector<SupplierRun>& runs,
                         const std::vector<std::vector<HotelRecord>>& inputs, const GroundTruth& truth);

}  // namespace hotel::matching
