// Internals of the rapid-json simulator front-end (modelled on Expedia Rapid v3): its state
// beside SimCore, authentication, Rapid-shaped errors, and the JSON renderings of rates and
// itineraries shared by the shopping and booking routes.
#pragma once

#include "supplier-sim/core/sim_core.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::sim::rapid {

namespace json = boost::json;

// Meal plans as amenities (Rapid has no board code); no meal amenity means room only.
// The connector (supplier-adapter/connectors/rapid) reads the same ids.
std::string_view BoardAmenity(std::string_view board);  // "BB" → "free_breakfast", "RO" → ""

// What the front-end keeps beside SimCore: the booking emails (Rapid finds itineraries by
// affiliate reference AND email) and the key of its itinerary and content tokens.
struct RapidState {
  explicit RapidState(std::shared_ptr<SimCore> c);

  std::shared_ptr<SimCore> core;
  std::string token_key;

  std::mutex mutex;
  std::map<std::string, std::string> emails;  // booking reference → email

  // The token of an itinerary's links (deterministic: no table to keep).
  std::string ItineraryToken(std::string_view reference) const;
  // Content paging cursor for an offset, and back (nullopt when forged).
  std::string ContentToken(std::size_t offset) const;
  std::optional<std::size_t> ContentOffset(std::string_view token) const;
};

// Rapid's error body: {"type", "message", "fields": [{"name", "type", "value"}]}.
struct FieldProblem {
  std::string name;
  std::string type = "querystring";  // querystring | body | path | header
  std::string value;
};
runtime::Response RapidError(int status, std::string_view type, std::string_view message,
                             std::vector<FieldProblem> fields = {});
// A SimCore error as Rapid would answer it; `conflict_type` names this call's 409.
runtime::Response RapidErrorOf(const Error& e, std::string_view conflict_type);

// nullopt when the request's `Authorization: EAN APIKey=…,Signature=…,timestamp=…` is
// acceptable (or no api key is configured); else the 401 to answer.
std::optional<runtime::Response> CheckAuth(const SimCore& core, const runtime::Request& req);

// Every value of every query parameter, percent-decoded, in order.
std::multimap<std::string, std::string> QueryParams(std::string_view query);

// "2-9,4" ↔ occupancy.
std::optional<Occupancy> ParseOccupancy(std::string_view text);
std::string OccupancyKey(const Occupancy& o);

// A rate's terms rendered into `out`: occupancy_pricing (per room of each occupancy),
// refundable, amenities, cancel_penalties and nonrefundable_date_ranges.
void RenderRateTerms(json::object& out, const SimCore& core, const world::SupplierHotel& hotel, const SimRate& rate);

// The itinerary of one booking, with its links (token-bearing) and per-room pricing.
json::object RenderItinerary(RapidState& state, const SimBooking& booking);

// "2026-11-29T23:59:00.000-05:00": an instant in a hotel's local time.
std::string FormatLocal(Instant t, int offset_minutes);

// The route groups (routes.cpp: shopping, price check, content; itinerary_routes.cpp: booking).
void RegisterShoppingRoutes(runtime::Router& router, std::shared_ptr<RapidState> state);
void RegisterItineraryRoutes(runtime::Router& router, std::shared_ptr<RapidState> state);

}  // namespace hotel::sim::rapid
