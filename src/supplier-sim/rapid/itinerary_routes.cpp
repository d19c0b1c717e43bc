// rapid-json simulator: itineraries (book, optionally on hold → resume or release; retrieve by
// id or by affiliate reference + email; cancel per room), with the booking scenarios of the
// `Test` header (a booking that times out or fails with 500 but IS made, on request, unknown).
#include "supplier-sim/rapid/rapid_sim.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <variant>

namespace hotel::sim::rapid {
namespace {

namespace asio = boost::asio;

json::object Link(std::string_view method, std::string href) { return {{"method", method}, {"href", std::move(href)}}; }

bool ValidReference(std::string_view ref) {
  return ref.size() >= 3 && ref.size() <= 28 && std::all_of(ref.begin(), ref.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
         });
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// nullopt when the request carries the itinerary's own token; else the 400 to answer.
std::optional<runtime::Response> CheckToken(const RapidState& state, const runtime::Request& req, std::string_view id) {
  const auto token = req.QueryParam("token");
  if (token && *token == state.ItineraryToken(id)) return std::nullopt;
  return RapidError(400, "invalid_input", "The itinerary token is missing or invalid.",
                    {{"token", "querystring", token.value_or("")}});
}

struct BookBody {
  std::string reference, email, given, family;
  std::size_t rooms = 0;
  bool hold = false;
};

// The fields of POST /v3/itineraries that this simulator uses, checked as Rapid would.
std::variant<BookBody, runtime::Response> ReadBookBody(std::string_view text) {
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  const json::object* o = ec ? nullptr : v.if_object();
  if (!o) return RapidError(400, "invalid_input", "The request body is not a JSON object.", {{"body", "body", ""}});
  std::vector<FieldProblem> problems;
  BookBody b;
  auto str = [&](const json::object& obj, std::string_view name, const std::string& field) -> std::string {
    const auto* f = obj.if_contains(name);
    if (!f || !f->is_string() || f->get_string().empty()) {
      problems.push_back({field, "body", ""});
      return {};
    }
    return std::string(f->get_string());
  };
  b.reference = str(*o, "affiliate_reference_id", "affiliate_reference_id");
  if (!b.reference.empty() && !ValidReference(b.reference)) {
    problems.push_back({"affiliate_reference_id", "body", b.reference});
  }
  b.email = str(*o, "email", "email");
  if (!b.email.empty() && b.email.find('@') == std::string::npos) problems.push_back({"email", "body", b.email});
  if (const auto* h = o->if_contains("hold")) {
    if (!h->is_bool()) problems.push_back({"hold", "body", ""});
    else b.hold = h->get_bool();
  }
  const auto* rooms = o->if_contains("rooms");
  if (!rooms || !rooms->is_array() || rooms->get_array().empty()) {
    problems.push_back({"rooms", "body", ""});
  } else {
    const auto& list = rooms->get_array();
    b.rooms = list.size();
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string p = "rooms[" + std::to_string(i) + "]";
      const auto* room = list[i].if_object();
      if (!room) {
        problems.push_back({p, "body", ""});
        continue;
      }
      auto given = str(*room, "given_name", p + ".given_name");
      auto family = str(*room, "family_name", p + ".family_name");
      if (i == 0) {
        b.given = std::move(given);
        b.family = std::move(family);
      }
    }
  }
  if (!problems.empty()) {
    std::string message = "Invalid or missing fields:";
    for (const auto& p : problems) message += " " + p.name;
    return RapidError(400, "invalid_input", message, std::move(problems));
  }
  return b;
}

asio::awaitable<runtime::Response> Book(std::shared_ptr<RapidState> state, runtime::Request& req) {
  SimCore& core = *state->core;
  if (auto denied = CheckAuth(core, req)) co_return *denied;
  const Scenario scenario = RequestScenario(req, "Test").value_or(Scenario::kNone);
  const auto token = req.QueryParam("token");
  if (!token || token->empty()) co_return RapidError(400, "invalid_input", "token is required", {{"token", "querystring", ""}});
  auto body = ReadBookBody(req.body);
  if (auto* error = std::get_if<runtime::Response>(&body)) co_return std::move(*error);
  const BookBody& b = std::get<BookBody>(body);
  auto key = core.Decode(*token);
  if (!key) co_return RapidErrorOf(key.error(), "duplicate_itinerary");
  if (b.rooms != key->rooms.size()) {
    co_return RapidError(400, "invalid_input", "One room per occupancy of the rate is required.",
                         {{"rooms", "body", std::to_string(b.rooms)}});
  }
  // Rapid's price_mismatch test: the price moved between the price check and the booking.
  if (scenario == Scenario::kPriceChanged) {
    co_return RapidError(409, "price_mismatch", "The price of the rate changed since the price check.");
  }
  BookInput input;
  input.token = *token;
  input.client_reference = b.reference;
  input.holder_first = b.given;
  input.holder_last = b.family;
  input.hold = b.hold;
  input.scenario = scenario;
  auto booking = core.Book(input);
  if (!booking) co_return RapidErrorOf(booking.error(), "duplicate_itinerary");
  {
    std::lock_guard lock(state->mutex);
    state->emails[booking->reference] = Lower(b.email);
  }
  if (scenario == Scenario::kBookingTimeoutConfirmed && !b.hold) {
    // The booking is made; the answer never comes in time (the client must time out and find
    // it later by its affiliate reference).
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(core.options().hang_ms));
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    auto r = runtime::Response::Text(504, "Gateway Timeout");
    r.close = true;
    co_return r;
  }
  if (scenario == Scenario::kBookingErrorConfirmed) {
    co_return RapidError(500, "unknown_internal_error", "An internal server error has occurred.");
  }
  const std::string base = "/v3/itineraries/" + booking->reference;
  const std::string itoken = state->ItineraryToken(booking->reference);
  json::object links{{"retrieve", Link("GET", base + "?token=" + itoken)}};
  if (b.hold) {
    links["resume"] = Link("PUT", base + "?token=" + itoken);
    links["cancel"] = Link("DELETE", base + "?token=" + itoken);
  }
  json::object out{{"itinerary_id", booking->reference}, {"links", std::move(links)}};
  // An undecided booking is accepted (202), not created: only a retrieve will tell.
  co_return runtime::Response::Json(booking->state == BookingState::kUnknown ? 202 : 201, json::serialize(out));
}

runtime::Response RetrieveById(RapidState& state, const runtime::Request& req) {
  if (auto denied = CheckAuth(*state.core, req)) return *denied;
  const std::string id(req.Param("itinerary_id"));
  if (auto bad = CheckToken(state, req, id)) return *bad;
  auto b = state.core->Retrieve(id);
  if (!b) return RapidErrorOf(b.error(), "conflict");
  return runtime::Response::Json(200, json::serialize(RenderItinerary(state, *b)));
}

runtime::Response RetrieveByReference(RapidState& state, const runtime::Request& req) {
  if (auto denied = CheckAuth(*state.core, req)) return *denied;
  const auto reference = req.QueryParam("affiliate_reference_id");
  const auto email = req.QueryParam("email");
  std::vector<FieldProblem> problems;
  if (!reference || reference->empty()) problems.push_back({"affiliate_reference_id", "querystring", ""});
  if (!email || email->empty()) problems.push_back({"email", "querystring", ""});
  if (!problems.empty()) return RapidError(400, "invalid_input", "affiliate_reference_id and email are required", problems);
  auto b = state.core->Retrieve({}, *reference);
  if (!b) return RapidErrorOf(b.error(), "conflict");
  {
    std::lock_guard lock(state.mutex);
    auto it = state.emails.find(b->reference);
    if (it == state.emails.end() || it->second != Lower(*email)) {
      return RapidError(404, "resource_not_found", "No itinerary for this affiliate_reference_id and email.");
    }
  }
  return runtime::Response::Json(200, json::serialize(json::array{RenderItinerary(state, *b)}));
}

runtime::Response Resume(RapidState& state, const runtime::Request& req) {
  if (auto denied = CheckAuth(*state.core, req)) return *denied;
  const std::string id(req.Param("itinerary_id"));
  if (auto bad = CheckToken(state, req, id)) return *bad;
  auto b = state.core->Commit(id);
  if (!b) return RapidErrorOf(b.error(), "itinerary_not_on_hold");
  return runtime::Response::NoContent();
}

runtime::Response ReleaseHold(RapidState& state, const runtime::Request& req) {
  if (auto denied = CheckAuth(*state.core, req)) return *denied;
  const std::string id(req.Param("itinerary_id"));
  if (auto bad = CheckToken(state, req, id)) return *bad;
  auto b = state.core->Release(id);
  if (!b) return RapidErrorOf(b.error(), "itinerary_not_on_hold");
  return runtime::Response::NoContent();
}

runtime::Response CancelRoom(RapidState& state, const runtime::Request& req) {
  if (auto denied = CheckAuth(*state.core, req)) return *denied;
  const std::string id(req.Param("itinerary_id"));
  if (auto bad = CheckToken(state, req, id)) return *bad;
  auto b = state.core->Retrieve(id);
  if (!b) return RapidErrorOf(b.error(), "conflict");
  bool known_room = false;
  for (std::size_t i = 0; i < b->key.rooms.size(); ++i) known_room |= req.Param("room_id") == id + "-" + std::to_string(i + 1);
  if (!known_room) return RapidError(404, "resource_not_found", "No such room in this itinerary.");
  // SimCore cancels a booking whole: the first room's cancel cancels every room, and the
  // other rooms' cancels then find them cancelled already, which is not an error.
  if (b->state == BookingState::kCancelled) return runtime::Response::NoContent();
  if (b->state == BookingState::kHeld) {
    return RapidError(409, "itinerary_on_hold", "A held itinerary is released with DELETE /v3/itineraries/{id}.");
  }
  auto cancelled = state.core->Cancel(id);
  if (!cancelled) return RapidErrorOf(cancelled.error(), "room_already_canceled");
  return runtime::Response::NoContent();
}

}  // namespace

void RegisterItineraryRoutes(runtime::Router& router, std::shared_ptr<RapidState> state) {
  router.Post("/v3/itineraries",
              [state](runtime::Request& req) -> asio::awaitable<runtime::Response> { return Book(state, req); });
  router.Get("/v3/itineraries", runtime::Sync([state](runtime::Request& req) { return RetrieveByReference(*state, req); }));
  router.Get("/v3/itineraries/{itinerary_id}", runtime::Sync([state](runtime::Request& req) { return RetrieveById(*state, req); }));
  router.Put("/v3/itineraries/{itinerary_id}", runtime::Sync([state](runtime::Request& req) { return Resume(*state, req); }));
  router.Delete("/v3/itineraries/{itinerary_id}",
                runtime::Sync([state](runtime::Request& req) { return ReleaseHold(*state, req); }));
  router.Delete("/v3/itineraries/{itinerary_id}/rooms/{room_id}",
                runtime::Sync([state](runtime::Request& req) { return CancelRoom(*state, req); }));
}

}  // namespace hotel::sim::rapid
