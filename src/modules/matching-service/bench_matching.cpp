// Matching benchmark (bench/matching.sh): accuracy against the world's ground truth and
// throughput, at N suppliers × H hotels. Plain main: prints figures, exits 1 below target.
#include "modules/matching-service/accuracy.hpp"
#include "modules/matching-service/matcher.hpp"
#include "modules/matching-service/world_records.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
  using namespace hotel;
  std::uint64_t seed = 42;
  std::size_t hotels = 5000;
  int suppliers = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--seed")) seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--hotels")) hotels = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--suppliers")) suppliers = std::atoi(argv[i + 1]);
  }
  using Clock = std::chrono::steady_clock;
  const auto g0 = Clock::now();
  const auto w = world::GenerateWorld({.seed = seed, .hotels = hotels, .supplier_slots = suppliers});
  matching::GroundTruth truth;
  std::vector<std::vector<matching::HotelRecord>> inputs;
  std::vector<std::string> codes;
  std::size_t records = 0, generated_duplicates = 0;
  for (int s = 0; s < suppliers; ++s) {
    world::SupplierProfile p;
    p.code = "S" + std::to_string(s + 1) + "-";
    p.seed = seed * 1000 + static_cast<std::uint64_t>(s);
    p.slot = s;
    const auto view = world::MakeSupplierView(w, p);
    matching::AddTruth(view, truth);
    inputs.push_back(matching::ToRecords(view));
    codes.push_back(view.supplier);
    records += view.hotels.size();
    generated_duplicates += view.noise.duplicates;
  }
  const double gen_s = std::chrono::duration<double>(Clock::now() - g0).count();

  const auto t0 = Clock::now();
  matching::Matcher matcher;
  std::vector<matching::SupplierRun> runs;
  std::size_t pairs = 0, duplicates = 0;
  for (int s = 0; s < suppliers; ++s) {
    auto run = matcher.AddSupplier(codes[s], inputs[s]);
    if (!run) {
      std::fprintf(stderr, "matching failed: %s\n", run.error().detail.c_str());
      return 2;
    }
    pairs += run->pairs_scored;
    duplicates += run->duplicates;
    runs.push_back(std::move(*run));
  }
  const double match_s = std::chrono::duration<double>(Clock::now() - t0).count();
  const auto a = matching::MeasureAccuracy(matcher, runs, inputs, truth);
  const double throughput = records / match_s;

  std::printf("matching  seed=%llu suppliers=%d world_hotels=%zu supplier_hotels=%zu (generated in %.0f ms)\n",
              static_cast<unsigned long long>(seed), suppliers, hotels, records, gen_s * 1000);
  std::printf("  precision (auto)            %.4f   (target >= 0.98; %zu of %zu auto-mapped correct)\n", a.precision,
              a.auto_correct, a.auto_mapped);
  std::printf("  recall (auto)               %.4f\n", a.recall_auto);
  std::printf("  recall (auto + review)      %.4f   (target >= 0.95; %zu positives)\n", a.recall_with_review,
              a.positives);
  std::printf("  review queue                %zu   (%zu with the right candidate first)\n", a.review,
              a.review_correct);
  std::printf("  in-supplier duplicates      %zu found   (%zu generated)\n", duplicates, generated_duplicates);
  std::printf("  master hotels               %zu\n", matcher.Masters().size());
  std::printf("  pairs scored                %zu   (%.1f per supplier hotel)\n", pairs,
              static_cast<double>(pairs) / records);
  std::printf("  throughput                  %.0f supplier hotels/s   (target >= 10000; %.0f ms)\n", throughput,
              match_s * 1000);
  const bool ok = a.precision >= 0.98 && a.recall_with_review >= 0.95 && throughput >= 10000;
  return ok ? 0 : 1;
}
