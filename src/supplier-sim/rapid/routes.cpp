// rapid-json simulator front-end (modelled on Expedia Rapid v3): shopping, price check and
// content here; itineraries in itinerary_routes.cpp. Transport faults come from FaultMiddleware
// around these routes; business scenarios from the `Test` header are handled by the routes.
#include "supplier-sim/rapid/rapid_sim.hpp"

#include <boost/json/serialize.hpp>

#include <charconv>
#include <set>

namespace hotel::sim {
namespace rapid {
namespace {

// Rapid's documented limits on one availability request.
constexpr std::size_t kMaxProperties = 250;
constexpr std::size_t kMaxRooms = 8;
constexpr std::int64_t kMaxNights = 28;
constexpr std::int64_t kMaxDaysAhead = 365;

std::optional<std::int64_t> Int(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

json::object Link(std::string_view method, std::string href) { return {{"method", method}, {"href", std::move(href)}}; }

std::string RateId(const RateKey& k) {
  return k.room_code + "-" + k.board + (k.rate_class == RateClass::kRefundable ? "-NOR" : "-NRF");
}

// The shop link a sold-out price check hands back: the same stay, searched again.
std::string ShopHref(const RateKey& k, std::string_view currency) {
  std::string href = "/v3/properties/availability?checkin=" + FormatDate(k.check_in) + "&checkout=" +
                     FormatDate(k.check_out) + "&currency=" + std::string(currency) + "&country_code=GB&language=en-US";
  for (const auto& room : k.rooms) href += "&occupancy=" + OccupancyKey(room);
  return href + "&property_id=" + k.hotel_code;
}

runtime::Response Invalid(std::vector<FieldProblem> problems) {
  std::string message = "Invalid or missing query parameters:";
  for (const auto& p : problems) message += " " + p.name;
  return RapidError(400, "invalid_input", message, std::move(problems));
}

runtime::Response Availability(RapidState& state, const runtime::Request& req) {
  SimCore& core = *state.core;
  if (auto denied = CheckAuth(core, req)) return *denied;
  const auto params = QueryParams(req.query);
  std::vector<FieldProblem> problems;
  auto one = [&](const char* name) -> std::string {
    auto it = params.find(name);
    if (it == params.end() || it->second.empty()) {
      problems.push_back({name, "querystring", ""});
      return {};
    }
    return it->second;
  };
  const std::string checkin = one("checkin"), checkout = one("checkout"), currency = one("currency");
  one("country_code");
  one("language");
  const auto ci = ParseDate(checkin), co = ParseDate(checkout);
  if (!checkin.empty() && !ci) problems.push_back({"checkin", "querystring", checkin});
  if (!checkout.empty() && !co) problems.push_back({"checkout", "querystring", checkout});
  if (!currency.empty() && !IsCurrencyCode(currency)) problems.push_back({"currency", "querystring", currency});

  std::vector<Occupancy> rooms;
  bool bad_room = false;
  for (auto [it, end] = params.equal_range("occupancy"); it != end && !bad_room; ++it) {
    if (auto o = ParseOccupancy(it->second)) {
      rooms.push_back(*o);
    } else {
      problems.push_back({"occupancy", "querystring", it->second});
      bad_room = true;
    }
  }
  if (!bad_room && (rooms.empty() || rooms.size() > kMaxRooms)) {
    problems.push_back({"occupancy", "querystring", "between 1 and " + std::to_string(kMaxRooms) + " rooms"});
  }
  std::vector<std::string> properties;
  std::set<std::string> seen;
  for (auto [it, end] = params.equal_range("property_id"); it != end; ++it) {
    if (seen.insert(it->second).second) properties.push_back(it->second);
  }
  if (properties.empty() || properties.size() > kMaxProperties) {
    problems.push_back({"property_id", "querystring", "between 1 and " + std::to_string(kMaxProperties) + " properties"});
  }
  std::size_t plan_limit = 250;
  if (auto it = params.find("rate_plan_count"); it != params.end()) {
    auto n = Int(it->second);
    if (!n || *n < 1 || *n > 250) problems.push_back({"rate_plan_count", "querystring", it->second});
    else plan_limit = static_cast<std::size_t>(*n);
  }
  if (ci && co) {
    const Date today = DateOf(core.Now());
    if (*ci < today) problems.push_back({"checkin", "querystring", checkin + " is in the past"});
    if (*ci - today > kMaxDaysAhead) problems.push_back({"checkin", "querystring", checkin + " is more than 365 days ahead"});
    if (*co <= *ci) problems.push_back({"checkout", "querystring", checkout + " is not after checkin"});
    else if (*co - *ci > kMaxNights) problems.push_back({"checkout", "querystring", "stays are at most 28 nights"});
  }
  if (!problems.empty()) return Invalid(std::move(problems));

  json::array out;
  for (const auto& property_id : properties) {
    auto rates = core.Availability(property_id, *ci, *co, rooms);
    if (!rates) return RapidErrorOf(rates.error(), "invalid_input");
    const auto* hotel = core.FindHotel(property_id);
    if (rates->empty() || !hotel) continue;
    json::array room_list;
    std::map<std::string, std::size_t> room_index;
    for (std::size_t i = 0; i < rates->size() && i < plan_limit; ++i) {
      const SimRate& rate = (*rates)[i];
      auto [pos, fresh] = room_index.emplace(rate.key.room_code, room_list.size());
      if (fresh) {
        room_list.push_back(json::object{{"id", rate.key.room_code}, {"room_name", rate.room_name}, {"rates", json::array{}}});
      }
      const std::string rate_id = RateId(rate.key);
      json::object r{{"id", rate_id},
                     {"status", "available"},
                     {"available_rooms", rate.rooms_left},
                     {"merchant_of_record", "expedia"},
                     {"sale_scenario", {{"package", false}, {"member", false}, {"corporate", false}, {"distribution", false}}}};
      RenderRateTerms(r, core, *hotel, rate);
      const std::string href =
          "/v3/properties/" + property_id + "/rooms/" + rate.key.room_code + "/rates/" + rate_id + "?token=" + rate.token;
      r["bed_groups"] = json::object{
          {std::to_string(37000 + pos->second),
           {{"id", std::to_string(37000 + pos->second)},
            {"description", rate.room_name},
            {"links", {{"price_check", Link("GET", href)}}},
            {"configuration", json::array{json::object{{"type", "DoubleBed"}, {"size", "Queen"}, {"quantity", 1}}}}}}};
      room_list[pos->second].as_object()["rates"].as_array().push_back(std::move(r));
    }
    out.push_back(json::object{{"property_id", property_id}, {"status", "available"}, {"rooms", std::move(room_list)}});
  }
  // Nothing available is an empty array, not a 404.
  return runtime::Response::Json(200, json::serialize(out));
}

runtime::Response PriceCheck(RapidState& state, const runtime::Request& req) {
  SimCore& core = *state.core;
  if (auto denied = CheckAuth(core, req)) return *denied;
  const Scenario scenario = RequestScenario(req, "Test").value_or(Scenario::kNone);
  const auto token = req.QueryParam("token");
  if (!token || token->empty()) return Invalid({{"token", "querystring", ""}});
  auto key = core.Decode(*token);
  if (!key) return RapidErrorOf(key.error(), "invalid_input");
  const auto* hotel = core.FindHotel(key->hotel_code);
  if (!hotel || key->hotel_code != req.Param("property_id") || key->room_code != req.Param("room_id") ||
      RateId(*key) != req.Param("rate_id")) {
    return RapidError(404, "resource_not_found", "No such rate for this property and room.");
  }
  auto result = core.Recheck(*token, scenario);
  if (!result) return RapidErrorOf(result.error(), "invalid_input");
  json::object out;
  if (result->outcome == RecheckOutcome::kSoldOut) {
    out["status"] = "sold_out";
    out["links"] = json::object{{"shop", Link("GET", ShopHref(*key, core.currency()))}};
    return runtime::Response::Json(200, json::serialize(out));
  }
  out["status"] = result->outcome == RecheckOutcome::kAvailable ? "available" : "price_changed";
  // Beyond Rapid's price check: the rate's terms again, so a quote is complete on its own.
  RenderRateTerms(out, core, *hotel, result->rate);
  out["room_name"] = result->rate.room_name;
  out["available_rooms"] = result->rate.rooms_left;
  out["merchant_of_record"] = "expedia";
  out["links"] = json::object{{"book", Link("POST", "/v3/itineraries?token=" + result->rate.token)}};
  return runtime::Response::Json(200, json::serialize(out));
}

json::object ContentOf(const world::SupplierHotel& h) {
  json::object address{{"city", h.city}, {"postal_code", h.postcode}, {"country_code", h.country}};
  if (!h.address.empty()) address["line_1"] = h.address;
  json::object out{{"property_id", h.code},
                   {"name", h.name},
                   {"address", std::move(address)},
                   {"location", {{"coordinates", {{"latitude", h.lat}, {"longitude", h.lon}}}}}};
  if (!h.phone.empty()) out["phone"] = h.phone;
  if (h.stars > 0) {
    out["ratings"] = json::object{{"property", {{"rating", std::to_string(h.stars) + ".0"}, {"type", "Star"}}}};
  }
  if (!h.chain.empty()) {
    out["chain"] = json::object{{"id", h.chain}, {"name", h.chain}};
    out["brand"] = json::object{{"id", h.chain}, {"name", h.chain}};
  }
  return out;
}

runtime::Response Content(RapidState& state, const runtime::Request& req) {
  SimCore& core = *state.core;
  if (auto denied = CheckAuth(core, req)) return *denied;
  const auto params = QueryParams(req.query);
  std::size_t limit = 250;
  if (auto it = params.find("limit"); it != params.end()) {
    auto n = Int(it->second);
    if (!n || *n < 1 || *n > 1000) return Invalid({{"limit", "querystring", it->second}});
    limit = static_cast<std::size_t>(*n);
  }
  std::size_t offset = 0;
  if (auto it = params.find("token"); it != params.end()) {
    auto o = state.ContentOffset(it->second);
    if (!o) return Invalid({{"token", "querystring", it->second}});
    offset = *o;
  }
  const auto page = core.ContentPage(offset, limit);
  json::object out;
  for (const auto& h : page) out[h.code] = ContentOf(h);
  auto response = runtime::Response::Json(200, json::serialize(out));
  const std::size_t total = core.Hotels().size();
  response.SetHeader("Pagination-Total-Results", std::to_string(total));
  if (offset + page.size() < total) {
    const std::string next = "http://" + std::string(req.Header("Host")) + "/v3/properties/content?token=" +
                             state.ContentToken(offset + page.size()) +
                             "&language=en-US&supply_source=expedia&limit=" + std::to_string(limit);
    response.SetHeader("Link", "<" + next + ">; rel=\"next\"");
  }
  return response;
}

}  // namespace

void RegisterShoppingRoutes(runtime::Router& router, std::shared_ptr<RapidState> state) {
  router.Get("/v3/properties/availability", runtime::Sync([state](runtime::Request& req) { return Availability(*state, req); }));
  router.Get("/v3/properties/{property_id}/rooms/{room_id}/rates/{rate_id}",
             runtime::Sync([state](runtime::Request& req) { return PriceCheck(*state, req); }));
  router.Get("/v3/properties/content", runtime::Sync([state](runtime::Request& req) { return Content(*state, req); }));
}

}  // namespace rapid

void RegisterRapidRoutes(runtime::Router& router, std::shared_ptr<SimCore> core) {
  auto state = std::make_shared<rapid::RapidState>(std::move(core));
  rapid::RegisterShoppingRoutes(router, state);
  rapid::RegisterItineraryRoutes(router, state);
}

}  // namespace hotel::sim
