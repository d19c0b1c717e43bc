// Supplier ranking for a master hotel (issue 4 §3): each supplier hotel mapped to the master
// scored with the config center's matching.algorithm.weights (price, rating, availability,
// supplier_reliability), each signal in [0, 1], 0.5 where nothing is known.
#pragma once

#include "core/money.hpp"
#include "modules/config/config_keys.hpp"
#include "modules/matching-service/catalog_model.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::matching {

// What the platform knows about one supplier hotel besides its content. The supplier-adapter
// publishes these (availability sync, breaker and call outcomes); nullopt: unknown.
struct SupplierSignals {
  std::optional<Money> cheapest_net;   // the cheapest recent net of a sample stay
  std::optional<double> availability;  // share of recent searches with a rate, 0..1
  std::optional<double> reliability;   // share of recent calls that succeeded, 0..1
};
// May block (a database read): called on the BlockingPool.
using SupplierSignalsFn = std::function<SupplierSignals(std::string_view supplier_code, std::string_view hotel_code)>;

inline constexpr double kNeutralSignal = 0.5;

struct RankedSupplier {
  std::string supplier_code;
  std::string hotel_code;
  double score = 0;
  double price = kNeutralSignal;         // the cheapest net / this one's (1 for the cheapest)
  double rating = kNeutralSignal;        // stars agreement with the master
  double availability = kNeutralSignal;
  double reliability = kNeutralSignal;
  std::optional<Money> cheapest_net;
};

// 1 for equal stars, 0.5 one apart, 0 further; 0.5 when either is unknown (0).
double StarsAgreement(int master_stars, int supplier_stars);

// Best first (ties: supplier code, hotel code). Prices compare only within one currency: the
// one most of the members quote in; a net in another currency counts as unknown. `signals`
// may be empty (every signal but the rating neutral).
std::vector<RankedSupplier> RankSuppliers(const HotelRecord& master, const std::vector<MemberView>& members,
                                          const SupplierSignalsFn& signals, const config::MatchingWeights& weights);

}  // namespace hotel::matching
