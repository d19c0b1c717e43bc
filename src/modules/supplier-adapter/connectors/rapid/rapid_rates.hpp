// Rates in the rapid wire format, shared by the availability, price check and itinerary
// parsers: the price of a set of rooms from occupancy_pricing, the meal plan from amenities,
// and the cancellation policy from cancel_penalties + nonrefundable_date_ranges.
#pragma once

#include "modules/supplier-adapter/connectors/rapid/rapid_json.hpp"
#include "ports/supplier_connector.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hotel::supplier::rapid {

// A stay's price: the billable total, each night's total (all components, all rooms), and the
// minimum selling price when every room states one.
struct Pricing {
  Money total;
  std::vector<std::int64_t> nightly;  // empty when the supplier sent no nightly breakdown
  std::optional<Money> minimum_selling;
};

// One room's (or one occupancy's) pricing object: {"nightly": [[{type, value, currency}]],
// "totals": {"inclusive": {"billable_currency": {value, currency}}, "minimum_selling_price": …}}.
std::optional<Pricing> ReadPricing(JsonWalk& w, const json::object& pricing, const JsonPath& path);

// Adds `part` (times `count`) to `sum`; false (and a problem recorded) on a currency mismatch
// or overflow.
bool AddPricing(JsonWalk& w, Pricing& sum, const Pricing& part, std::int64_t count, const JsonPath& path);

// The richest meal plan among the amenities (an object keyed by id, or an array of {id});
// room only when none is a meal.
Board BoardFromAmenities(const json::value* amenities);

// cancel_penalties and nonrefundable_date_ranges of a rate priced at `price` for a stay from
// `check_in`, as canonical points sorted by time. Non-refundable with no penalties: the whole
// price from the start.
std::optional<std::vector<CancellationPenalty>> ReadPolicy(JsonWalk& w, const json::object& rate, const Pricing& price,
                                                           Date check_in, bool refundable, const JsonPath& path);

// The policy of several rooms cancelled together: at each point in time, the sum of theirs.
std::vector<CancellationPenalty> MergePolicies(const std::vector<std::vector<CancellationPenalty>>& rooms,
                                               std::string_view currency);

}  // namespace hotel::supplier::rapid
