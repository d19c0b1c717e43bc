// Accuracy of the master catalog against the ground truth.
#include "modules/matching-service/accuracy.hpp"

#include <unordered_map>

namespace hotel::matching {

Accuracy MeasureAccuracy(const Matcher& matcher, const std::vector<SupplierRun>& runs,
                         const std::vector<std::vector<HotelRecord>>& inputs, const GroundTruth& truth) {
  const auto& masters = matcher.Masters();
  std::vector<std::uint64_t> master_truth(masters.size() + 1, ~std::uint64_t{0});
  std::unordered_map<std::uint64_t, MasterId> first_master;
  for (const auto& m : masters) {
    const auto it = truth.find(m.seed);
    if (it == truth.end()) continue;
    master_truth[m.id] = it->second;
    first_master.try_emplace(it->second, m.id);
  }
  Accuracy a;
  std::size_t auto_correct_positive = 0;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const auto& run = runs[r];
    for (std::size_t i = 0; i < run.decisions.size(); ++i) {
      const SupplierHotelKey key{run.supplier, inputs[r][i].code};
      const auto t = truth.find(key);
      if (t == truth.end()) continue;
      ++a.records;
      const std::uint64_t real = t->second;
      const auto f = first_master.find(real);
      const bool positive =
          f != first_master.end() && f->second <= run.masters_after && !(masters[f->second - 1].seed == key);
      a.positives += positive;
      const Decision& d = run.decisions[i];
      const bool same = d.master != 0 && master_truth[d.master] == real;
      switch (d.kind) {
        case DecisionKind::kAutoMapped:
        case DecisionKind::kDuplicate:
          ++a.auto_mapped;
          a.auto_correct += same;
          auto_correct_positive += same && positive;
          break;
        case DecisionKind::kReview:
          ++a.review;
          if (same && positive) ++a.review_correct;
          break;
        case DecisionKind::kNewMaster: ++a.new_masters; break;
        case DecisionKind::kPinned: break;
      }
    }
  }
  a.precision = a.auto_mapped ? static_cast<double>(a.auto_correct) / a.auto_mapped : 1.0;
  a.recall_auto = a.positives ? static_cast<double>(auto_correct_positive) / a.positives : 1.0;
  a.recall_with_review =
      a.positives ? static_cast<double>(auto_correct_positive + a.review_correct) / a.positives : 1.0;
  return a;
}

}  // namespace hotel::matching
