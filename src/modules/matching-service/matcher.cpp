// Matcher: grid blocking, greedy best-first assignment, review queue, duplicates and pins.
#include "modules/matching-service/matcher.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace hotel::matching {
namespace {

struct Candidate {
  std::size_t record;
  MasterId master;
  double score;
};

}  // namespace

Matcher::Matcher(MatchSettings settings) : settings_(settings) {}

const MasterHotel* Matcher::FindMaster(MasterId id) const {
  return id >= 1 && id <= masters_.size() ? &masters_[id - 1] : nullptr;
}

std::int64_t Matcher::CellKey(std::int64_t lat_cell, std::int64_t lon_cell) const {
  return (lat_cell << 32) ^ (lon_cell & 0xffffffffLL);
}

void Matcher::CollectBox(double lat, double lon, double dlat, double dlon, std::vector<MasterId>& out) const {
  if (std::abs(lat) > 180 || std::abs(lon) > 180) return;
  const double cell = settings_.cell_deg;
  const auto lat0 = static_cast<std::int64_t>(std::floor((lat - dlat) / cell));
  const auto lat1 = static_cast<std::int64_t>(std::floor((lat + dlat) / cell));
  const auto lon0 = static_cast<std::int64_t>(std::floor((lon - dlon) / cell));
  const auto lon1 = static_cast<std::int64_t>(std::floor((lon + dlon) / cell));
  for (auto i = lat0; i <= lat1; ++i) {
    for (auto j = lon0; j <= lon1; ++j) {
      if (auto it = grid_.find(CellKey(i, j)); it != grid_.end()) {
        out.insert(out.end(), it->second.begin(), it->second.end());
      }
    }
  }
}

std::vector<MasterId> Matcher::Candidates(const PreparedHotel& h) const {
  constexpr double kRadPerDegree = 3.14159265358979323846 / 180.0;
  auto cos_of = [&](double deg) { return std::max(0.05, std::abs(std::cos(deg * kRadPerDegree))); };
  const double r = settings_.block_radius_m / 111320.0;
  std::vector<MasterId> out;
  // As given: a latitude above 90 can only be a longitude, so the other value is the latitude.
  const double cos_lat = cos_of(std::abs(h.lat) <= 90 ? h.lat : h.lon);
  CollectBox(h.lat, h.lon, r, r / cos_lat, out);
  // Swapped (the record's or the master's lat/lon: a swapped master sits at the record's
  // swapped position). Which axis is the longitude is unknown, so both get the wider half-width.
  const double wide = r / std::min(cos_of(h.lat), cos_of(h.lon));
  CollectBox(h.lon, h.lat, wide, wide, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

MasterId Matcher::CreateMaster(SupplierHotelKey seed, const HotelRecord& record, PreparedHotel prepared) {
  MasterHotel m;
  m.id = masters_.size() + 1;
  m.seed = std::move(seed);
  m.record = record;
  m.members.push_back(m.seed);
  const double cell = settings_.cell_deg;
  const auto key = CellKey(static_cast<std::int64_t>(std::floor(prepared.lat / cell)),
                           static_cast<std::int64_t>(std::floor(prepared.lon / cell)));
  m.prepared = std::move(prepared);
  grid_[key].push_back(m.id);
  masters_.push_back(std::move(m));
  return masters_.back().id;
}

MasterId Matcher::AddMaster(const SupplierHotelKey& seed, const HotelRecord& record,
                            std::vector<SupplierHotelKey> members) {
  const MasterId id = CreateMaster(seed, record, Prepare(record));
  auto& m = masters_[id - 1];
  for (auto& k : members) {
    if (k != m.seed) m.members.push_back(std::move(k));
  }
  return id;
}

Result<SupplierRun> Matcher::AddSupplier(const std::string& supplier, const std::vector<HotelRecord>& hotels,
                                         const PinnedDecisions& pins) {
  if (std::find(suppliers_.begin(), suppliers_.end(), supplier) != suppliers_.end()) {
    return Error::Conflict("supplier " + supplier + " was already matched by this run");
  }
  for (const auto& [key, pin] : pins) {
    if (key.supplier == supplier && pin.kind != PinnedDecision::Kind::kNewMaster && !FindMaster(pin.master)) {
      return Error::Validation("pins", "pin of " + key.code + " names unknown master " + std::to_string(pin.master));
    }
  }
  suppliers_.push_back(supplier);
  const MasterId first_new = masters_.size() + 1;  // masters below this existed before this run

  SupplierRun run;
  run.supplier = supplier;
  run.decisions.resize(hotels.size());
  std::vector<PreparedHotel> prepared;
  prepared.reserve(hotels.size());
  for (const auto& h : hotels) prepared.push_back(Prepare(h));

  std::vector<bool> decided(hotels.size(), false);
  std::vector<std::optional<std::size_t>> holder(masters_.size() + 1);  // master → record of this run
  std::vector<const PinnedDecision*> pin_of(hotels.size(), nullptr);
  for (std::size_t i = 0; i < hotels.size(); ++i) {
    if (auto it = pins.find({supplier, hotels[i].code}); it != pins.end()) pin_of[i] = &it->second;
  }

  // 1. Pinned map-to decisions first: they hold their masters before any automatic choice.
  for (std::size_t i = 0; i < hotels.size(); ++i) {
    if (!pin_of[i] || pin_of[i]->kind != PinnedDecision::Kind::kMapTo) continue;
    const MasterId m = pin_of[i]->master;
    run.decisions[i] = {DecisionKind::kPinned, m, 1.0};
    decided[i] = true;
    holder[m] = i;
    masters_[m - 1].members.push_back({supplier, hotels[i].code});
    ++run.pinned;
  }

  // 2. Score every record against the masters its block offers.
  std::vector<Candidate> candidates;
  std::vector<double> best_score(hotels.size(), 0);
  std::vector<MasterId> best_master(hotels.size(), 0);
  for (std::size_t i = 0; i < hotels.size(); ++i) {
    if (decided[i] || (pin_of[i] && pin_of[i]->kind == PinnedDecision::Kind::kNewMaster)) continue;
    for (MasterId m : Candidates(prepared[i])) {
      if (pin_of[i] && pin_of[i]->kind == PinnedDecision::Kind::kNotThisMaster && pin_of[i]->master == m) continue;
      const MasterHotel& master = masters_[m - 1];
      if (DistanceWithSwap(prepared[i], master.prepared, nullptr) > settings_.block_radius_m) continue;
      const PairScore s = ScorePair(prepared[i], master.prepared, settings_);
      ++run.pairs_scored;
      run.max_compared_distance_m = std::max(run.max_compared_distance_m, s.distance_m);
      if (s.total > best_score[i]) {
        best_score[i] = s.total;
        best_master[i] = m;
      }
      if (s.total >= settings_.high && s.name >= settings_.auto_min_name) candidates.push_back({i, m, s.total});
    }
  }

  // 3. Auto-map best-first, one record per master per supplier (duplicates excepted).
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.record != b.record ? a.record < b.record : a.master < b.master;
  });
  for (const Candidate& c : candidates) {
    if (decided[c.record]) continue;
    if (const auto& h = holder[c.master]) {
      if (ScorePair(prepared[c.record], prepared[*h], settings_).total < settings_.duplicate) continue;
      run.decisions[c.record] = {DecisionKind::kDuplicate, c.master, c.score};
      ++run.duplicates;
    } else {
      holder[c.master] = c.record;
      run.decisions[c.record] = {DecisionKind::kAutoMapped, c.master, c.score};
      ++run.auto_mapped;
    }
    decided[c.record] = true;
    masters_[c.master - 1].members.push_back({supplier, hotels[c.record].code});
  }

  // 4. The rest: review when something scored >= low, else a new master (or a duplicate of a
  //    master this run just created from another of its records).
  for (std::size_t i = 0; i < hotels.size(); ++i) {
    if (decided[i]) continue;
    decided[i] = true;
    const bool pinned_new = pin_of[i] && pin_of[i]->kind == PinnedDecision::Kind::kNewMaster;
    if (!pinned_new && best_score[i] >= settings_.low) {
      run.decisions[i] = {DecisionKind::kReview, best_master[i], best_score[i]};
      ++run.review;
      continue;
    }
    if (!pinned_new) {
      std::optional<Candidate> twin;
      for (MasterId m : Candidates(prepared[i])) {
        if (m < first_new) continue;
        if (DistanceWithSwap(prepared[i], masters_[m - 1].prepared, nullptr) > settings_.block_radius_m) continue;
        const double s = ScorePair(prepared[i], masters_[m - 1].prepared, settings_).total;
        ++run.pairs_scored;
        if (s >= settings_.duplicate && (!twin || s > twin->score)) twin = Candidate{i, m, s};
      }
      if (twin) {
        run.decisions[i] = {DecisionKind::kDuplicate, twin->master, twin->score};
        masters_[twin->master - 1].members.push_back({supplier, hotels[i].code});
        ++run.duplicates;
        continue;
      }
    }
    const MasterId m = CreateMaster({supplier, hotels[i].code}, hotels[i], prepared[i]);
    run.decisions[i] = {pinned_new ? DecisionKind::kPinned : DecisionKind::kNewMaster, m, 0};
    if (pinned_new) ++run.pinned;
    else ++run.new_masters;
  }
  run.masters_after = masters_.size();
  return run;
}

}  // namespace hotel::matching
