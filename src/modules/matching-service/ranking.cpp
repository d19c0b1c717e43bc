// Supplier ranking: signals per supplier hotel, weighted by the config center's weights.
#include "modules/matching-service/ranking.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

namespace hotel::matching {
namespace {

double Clamp01(double v) { return std::clamp(v, 0.0, 1.0); }

}  // namespace

double StarsAgreement(int master_stars, int supplier_stars) {
  if (master_stars <= 0 || supplier_stars <= 0) return kNeutralSignal;
  const int diff = std::abs(master_stars - supplier_stars);
  return diff == 0 ? 1.0 : diff == 1 ? 0.5 : 0.0;
}

std::vector<RankedSupplier> RankSuppliers(const HotelRecord& master, const std::vector<MemberView>& members,
                                          const SupplierSignalsFn& signals, const config::MatchingWeights& weights) {
  std::vector<RankedSupplier> out;
  std::vector<SupplierSignals> known;
  for (const auto& m : members) {
    SupplierSignals s = signals ? signals(m.mapping.supplier_code, m.mapping.hotel_code) : SupplierSignals{};
    if (s.cheapest_net && s.cheapest_net->minor <= 0) s.cheapest_net.reset();
    known.push_back(std::move(s));
  }
  // The currency most nets are in (ties: the alphabetically first), and its cheapest net.
  std::map<std::string, int> per_currency;
  for (const auto& s : known) {
    if (s.cheapest_net) ++per_currency[s.cheapest_net->currency];
  }
  std::string currency;
  int most = 0;
  for (const auto& [c, n] : per_currency) {
    if (n > most) currency = c, most = n;
  }
  std::int64_t cheapest = 0;
  for (const auto& s : known) {
    if (s.cheapest_net && s.cheapest_net->currency == currency && (cheapest == 0 || s.cheapest_net->minor < cheapest)) {
      cheapest = s.cheapest_net->minor;
    }
  }

  const double wp = std::max(0.0, weights.price), wr = std::max(0.0, weights.rating),
               wa = std::max(0.0, weights.availability), wl = std::max(0.0, weights.supplier_reliability);
  const double sum = wp + wr + wa + wl;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& s = known[i];
    RankedSupplier r;
    r.supplier_code = members[i].mapping.supplier_code;
    r.hotel_code = members[i].mapping.hotel_code;
    r.cheapest_net = s.cheapest_net;
    if (s.cheapest_net && s.cheapest_net->currency == currency) {
      r.price = static_cast<double>(cheapest) / static_cast<double>(s.cheapest_net->minor);
    }
    r.rating = StarsAgreement(master.stars, members[i].content.stars);
    if (s.availability) r.availability = Clamp01(*s.availability);
    if (s.reliability) r.reliability = Clamp01(*s.reliability);
    r.score = sum > 0 ? (wp * r.price + wr * r.rating + wa * r.availability + wl * r.reliability) / sum : kNeutralSignal;
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](const RankedSupplier& a, const RankedSupplier& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.supplier_code != b.supplier_code) return a.supplier_code < b.supplier_code;
    return a.hotel_code < b.hotel_code;
  });
  return out;
}

}  // namespace hotel::matching
