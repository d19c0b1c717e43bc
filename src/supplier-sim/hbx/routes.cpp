// The hbx-json front-end of `hotel supplier-sim` (modelled on Hotelbeds APItude): its routes,
// credentials (Api-key + X-Signature), business scenarios and 410 on repeated failures, over
// SimCore. Transport faults are FaultMiddleware's, around these routes.
#include "runtime/json.hpp"
#include "supplier-sim/core/sim_core.hpp"
#include "supplier-sim/hbx/hbx_render.hpp"
#include "supplier-sim/hbx/repeat_guard.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace hotel::sim {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using hbx::ErrorResponse;
using runtime::Request;
using runtime::Response;

constexpr std::string_view kScenarioHeader = "X-Sim-Scenario";
constexpr int kSignatureSkewS = 300;
constexpr int kMaxDaysAhead = 730;

struct HbxState {
  std::shared_ptr<SimCore> core;
  hbx::RepeatGuard failures;
};

std::string Sha256Hex(std::string_view input) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(input.data(), input.size(), md, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  return out;
}

// Api-key must match; with a secret, X-Signature = sha256(key + secret + unix seconds) for a
// second within ±300 s of the simulator's clock (APItude sends no timestamp: the server tries).
std::optional<Response> Authenticate(const SimCore& core, const Request& req) {
  const auto& o = core.options();
  if (o.api_key.empty()) return std::nullopt;
  if (req.Header("Api-key") != o.api_key) {
    return ErrorResponse(core, 401, "INVALID_CREDENTIALS", "Api-key header missing or not valid");
  }
  if (o.secret.empty()) return std::nullopt;
  std::string signature(req.Header("X-Signature"));
  std::transform(signature.begin(), signature.end(), signature.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (signature.size() == 64) {
    const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(core.Now().time_since_epoch()).count();
    const std::string prefix = o.api_key + o.secret;
    for (std::int64_t s = now_s - kSignatureSkewS; s <= now_s + kSignatureSkewS; ++s) {
      if (Sha256Hex(prefix + std::to_string(s)) == signature) return std::nullopt;
    }
  }
  return ErrorResponse(core, 401, "INVALID_CREDENTIALS", "X-Signature missing or not valid");
}

// SimCore's errors in the protocol's words. `conflict` depends on the operation.
Response ErrorFor(const SimCore& core, const Error& e, std::string_view conflict_code = "DUPLICATED_BOOKING") {
  std::string message = e.detail;
  for (const auto& f : e.fields) message += (message.empty() ? "" : "; ") + f.field + ": " + f.message;
  switch (e.code) {
    case Errc::validation_failed: return ErrorResponse(core, 400, "INVALID_DATA", message);
    case Errc::sold_out: return ErrorResponse(core, 409, "PRODUCT_NOT_AVAILABLE", message);
    case Errc::conflict: return ErrorResponse(core, 409, conflict_code, message);
    case Errc::price_changed: return ErrorResponse(core, 409, "PRICE_CHANGED", message);
    case Errc::not_found: return ErrorResponse(core, 404, "BOOKING_NOT_FOUND", message);
    default: return ErrorResponse(core, 500, "SYSTEM_ERROR", message);
  }
}

Response BadRequest(const SimCore& core, const Error& e) {
  std::string message = e.fields.empty() ? e.detail : "";
  for (const auto& f : e.fields) message += (message.empty() ? "" : "; ") + f.field + " " + f.message;
  return ErrorResponse(core, 400, "INVALID_REQUEST", message);
}

std::optional<std::int64_t> QueryInt(const Request& req, std::string_view name, std::int64_t fallback) {
  auto text = req.QueryParam(name);
  if (!text) return fallback;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc{} || p != text->data() + text->size()) return std::nullopt;
  return v;
}

using Body = std::function<asio::awaitable<Response>(HbxState&, Request&, Scenario)>;

// Every route: credentials, the scenario header, and (for requests that change or search
// something) the 410 answer to a repeat of a recently failed request. GETs are exempt: a read
// polled until a late booking shows up must keep answering.
runtime::Handler Route(std::shared_ptr<HbxState> state, Body body) {
  return [state = std::move(state), body = std::move(body)](Request& req) -> asio::awaitable<Response> {
    auto s = state;
    auto& core = *s->core;
    if (auto denied = Authenticate(core, req)) co_return std::move(*denied);
    const auto scenario = RequestScenario(req, kScenarioHeader);
    if (!scenario) co_return ErrorResponse(core, 400, "INVALID_REQUEST", "unknown X-Sim-Scenario");
    const bool guarded = req.method != "GET" && req.method != "HEAD";
    const auto key = hbx::RepeatGuard::Key(req.method, req.target, req.body);
    if (guarded && s->failures.RecentlyFailed(key, core.Now())) {
      co_return ErrorResponse(core, 410, "REPEATED_FAILED_REQUEST",
                              "this request failed recently; repeating it is refused for a while");
    }
    Response response = co_await body(*s, req, *scenario);
    if (guarded && response.status >= 400) {
      s->failures.RememberFailure(key, core.Now() + std::chrono::seconds(core.options().gone_window_s));
    }
    co_return response;
  };
}

// occupancies[{rooms, adults, children, paxes[{type, age}]}] → one Occupancy per room. Child
// ages come from the CH paxes: one set for all the rooms, or one per room in order.
std::vector<Occupancy> ReadOccupancies(runtime::JsonReader& r) {
  std::vector<Occupancy> rooms;
  r.Array("occupancies", true, [&](runtime::JsonReader& o) {
    const int count = o.Required<int>("rooms");
    const int adults = o.Required<int>("adults");
    const int children = o.Optional<int>("children").value_or(0);
    std::vector<int> ages;
    o.Array("paxes", false, [&](runtime::JsonReader& p) {
      const auto type = p.Required<std::string>("type");
      const auto age = p.Optional<int>("age");
      p.Check("type", type == "AD" || type == "CH", "must be AD or CH");
      if (type == "CH") {
        p.Check("age", age.has_value(), "is required for a child");
        ages.push_back(age.value_or(0));
      }
    });
    o.Check("rooms", count >= 1 && count <= 9, "must be between 1 and 9");
    o.Check("children", children >= 0 && children <= 6, "must be between 0 and 6");
    const bool per_room = count > 0 && static_cast<int>(ages.size()) == children * count;
    o.Check("paxes", static_cast<int>(ages.size()) == children || per_room, "needs one CH pax with an age per child");
    if (!o.ok()) return;
    for (int i = 0; i < count; ++i) {
      Occupancy occ{adults, {}};
      if (children > 0) {
        const auto first = ages.begin() + (per_room ? i * children : 0);
        occ.child_ages.assign(first, first + children);
      }
      rooms.push_back(std::move(occ));
    }
  });
  return rooms;
}

asio::awaitable<Response> Availability(HbxState& s, Request& req, Scenario) {
  const auto& core = *s.core;
  auto parsed = runtime::ParseJson(req.body);
  if (!parsed) co_return BadRequest(core, parsed.error());
  runtime::JsonReader r(*parsed);
  std::string check_in, check_out;
  r.Object("stay", true, [&](runtime::JsonReader& stay) {
    check_in = stay.Required<std::string>("checkIn");
    check_out = stay.Required<std::string>("checkOut");
  });
  auto rooms = ReadOccupancies(r);
  std::vector<std::string> codes;
  r.Object("hotels", true, [&](runtime::JsonReader& hotels) {
    const auto* list = parsed->get_object().at("hotels").get_object().if_contains("hotel");
    const auto* arr = list ? list->if_array() : nullptr;
    for (std::size_t i = 0; arr && i < arr->size(); ++i) {
      if (const auto* code = (*arr)[i].if_string()) codes.emplace_back(code->data(), code->size());
    }
    hotels.Check("hotel", arr && codes.size() == arr->size() && !codes.empty() && codes.size() <= 250,
                 "must list 1 to 250 hotel codes");
  });
  if (auto error = r.Finish()) co_return BadRequest(core, *error);
  const auto ci = ParseDate(check_in), co = ParseDate(check_out);
  if (!ci || !co) co_return ErrorResponse(core, 400, "INVALID_DATA", "stay dates must be YYYY-MM-DD");
  // Suppliers sell about a year ahead; far dates would also overflow the simulator's instants.
  if (*ci > DateOf(core.Now()) + kMaxDaysAhead) {
    co_return ErrorResponse(core, 400, "INVALID_DATA", "checkIn is too far in the future");
  }

  json::array hotels;
  for (const auto& code : codes) {
    auto rates = s.core->Availability(code, *ci, *co, rooms);
    if (!rates) co_return ErrorFor(core, rates.error());
    if (rates->empty()) continue;
    hotels.push_back(hbx::HotelJson(core, *core.FindHotel(code), *rates));
  }
  const auto total = static_cast<std::int64_t>(hotels.size());
  co_return hbx::Answer(core, json::object{{"hotels", json::object{{"hotels", std::move(hotels)},
                                                                   {"checkIn", check_in},
                                                                   {"checkOut", check_out},
                                                                   {"total", total}}}});
}

asio::awaitable<Response> CheckRates(HbxState& s, Request& req, Scenario scenario) {
  const auto& core = *s.core;
  auto parsed = runtime::ParseJson(req.body);
  if (!parsed) co_return BadRequest(core, parsed.error());
  runtime::JsonReader r(*parsed);
  std::vector<std::string> keys;
  r.Array("rooms", true, [&](runtime::JsonReader& room) { keys.push_back(room.Required<std::string>("rateKey")); });
  r.Check("rooms", keys.size() == 1, "the simulator re-checks exactly one rateKey per request");
  if (auto error = r.Finish()) co_return BadRequest(core, *error);
  auto checked = s.core->Recheck(keys.front(), scenario);
  if (!checked) co_return ErrorFor(core, checked.error());
  if (checked->outcome == RecheckOutcome::kSoldOut) {
    co_return ErrorResponse(core, 409, "PRODUCT_NOT_AVAILABLE", "the rate is no longer available");
  }
  const auto* hotel = core.FindHotel(checked->rate.key.hotel_code);
  if (!hotel) co_return ErrorResponse(core, 400, "INVALID_DATA", "invalid rate key");
  // The price answered is the one to book at; APItude does not say whether it changed.
  co_return hbx::Answer(core, json::object{{"hotel", hbx::HotelJson(core, *hotel, {checked->rate})}});
}

asio::awaitable<Response> Book(HbxState& s, Request& req, Scenario scenario) {
  const auto& core = *s.core;
  auto parsed = runtime::ParseJson(req.body);
  if (!parsed) co_return BadRequest(core, parsed.error());
  runtime::JsonReader r(*parsed);
  BookInput input;
  r.Object("holder", true, [&](runtime::JsonReader& h) {
    input.holder_first = h.Required<std::string>("name");
    input.holder_last = h.Required<std::string>("surname");
  });
  std::vector<std::string> keys;
  r.Array("rooms", true, [&](runtime::JsonReader& room) {
    keys.push_back(room.Required<std::string>("rateKey"));
    room.Array("paxes", false, [&](runtime::JsonReader& pax) {
      pax.Required<int>("roomId");
      pax.Required<std::string>("type");
    });
  });
  input.client_reference = r.Required<std::string>("clientReference");
  r.Optional<std::string>("remark");
  r.Optional<double>("tolerance");
  r.Check("rooms", !keys.empty() && std::all_of(keys.begin(), keys.end(), [&](const auto& k) { return k == keys[0]; }),
          "the simulator books one rateKey per booking (every room entry carries it)");
  r.Check("clientReference", input.client_reference.size() <= 28, "at most 28 characters");
  if (auto error = r.Finish()) co_return BadRequest(core, *error);
  input.token = keys.front();
  // The rateKey carries its price: APItude books at it, there is no expected price to compare.
  input.scenario = scenario;
  auto booking = s.core->Book(input);
  if (!booking) co_return ErrorFor(core, booking.error());
  if (scenario == Scenario::kBookingTimeoutConfirmed) {
    // Booked, but the answer never comes in time: the client's deadline fires first and the
    // booking shows up to Retrieve only after late_confirm_ms.
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(core.options().hang_ms));
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    auto r504 = ErrorResponse(core, 504, "SYSTEM_ERROR", "timeout");
    r504.close = true;
    co_return r504;
  }
  if (scenario == Scenario::kBookingErrorConfirmed) {
    co_return ErrorResponse(core, 500, "SYSTEM_ERROR", "internal error while confirming the booking");
  }
  co_return hbx::Answer(core, json::object{{"booking", hbx::BookingJson(core, *booking)}});
}

asio::awaitable<Response> BookingDetail(HbxState& s, Request& req, Scenario) {
  auto booking = s.core->Retrieve(req.Param("reference"));
  if (!booking) co_return ErrorFor(*s.core, booking.error());
  co_return hbx::Answer(*s.core, json::object{{"booking", hbx::BookingJson(*s.core, *booking)}});
}

// The booking list, by clientReference only (APItude also filters by dates; the simulator's
// clients look a lost booking up by their own reference).
asio::awaitable<Response> BookingList(HbxState& s, Request& req, Scenario) {
  const auto& core = *s.core;
  const auto client_reference = req.QueryParam("clientReference");
  const auto from = QueryInt(req, "from", 1), to = QueryInt(req, "to", 25);
  if (!client_reference || client_reference->empty()) {
    co_return ErrorResponse(core, 400, "INVALID_REQUEST", "clientReference is required");
  }
  if (!from || !to || *from < 1 || *to < *from || *to - *from >= 100) {
    co_return ErrorResponse(core, 400, "INVALID_REQUEST", "from/to must be 1 <= from <= to, at most 100 apart");
  }
  json::array list;
  auto booking = s.core->Retrieve({}, *client_reference);
  if (booking && *from == 1) list.push_back(hbx::BookingJson(core, *booking));
  if (!booking && booking.error().code != Errc::not_found) co_return ErrorFor(core, booking.error());
  const auto total = static_cast<std::int64_t>(list.size());
  co_return hbx::Answer(core, json::object{{"bookings", json::object{{"from", *from},
                                                                     {"to", std::min(*to, total)},
                                                                     {"total", total},
                                                                     {"bookings", std::move(list)}}}});
}

asio::awaitable<Response> CancelBooking(HbxState& s, Request& req, Scenario) {
  const auto& core = *s.core;
  const auto reference = req.Param("reference");
  const auto flag = req.QueryParam("cancellationFlag").value_or("CANCELLATION");
  if (flag == "SIMULATION") {
    auto cost = s.core->CancelQuote(reference);
    if (!cost) co_return ErrorFor(core, cost.error(), "BOOKING_ALREADY_CANCELLED");
    auto booking = s.core->Retrieve(reference);
    if (!booking) co_return ErrorFor(core, booking.error());
    co_return hbx::Answer(core, json::object{{"booking", hbx::BookingJson(core, *booking, *cost)}});
  }
  if (flag != "CANCELLATION") {
    co_return ErrorResponse(core, 400, "INVALID_REQUEST", "cancellationFlag must be SIMULATION or CANCELLATION");
  }
  auto cancelled = s.core->Cancel(reference);
  if (!cancelled) co_return ErrorFor(core, cancelled.error(), "BOOKING_ALREADY_CANCELLED");
  co_return hbx::Answer(core, json::object{{"booking", hbx::BookingJson(core, *cancelled)}});
}

// Content API paging: from/to are 1-based and inclusive, at most 1000 hotels per page.
asio::awaitable<Response> Content(HbxState& s, Request& req, Scenario) {
  const auto& core = *s.core;
  const auto from = QueryInt(req, "from", 1);
  const auto to = from ? QueryInt(req, "to", *from + 99) : std::nullopt;
  if (!from || !to || *from < 1 || *to < *from || *to - *from >= 1000) {
    co_return ErrorResponse(core, 400, "INVALID_REQUEST", "from/to must be 1 <= from <= to, at most 1000 apart");
  }
  const auto total = static_cast<std::int64_t>(core.Hotels().size());
  json::array hotels;
  for (const auto& h :
       core.ContentPage(static_cast<std::size_t>(*from - 1), static_cast<std::size_t>(*to - *from + 1))) {
    hotels.push_back(hbx::ContentHotelJson(h));
  }
  co_return hbx::Answer(
      core,
      json::object{{"from", *from}, {"to", std::min(*to, total)}, {"total", total}, {"hotels", std::move(hotels)}});
}

}  // namespace

void RegisterHbxRoutes(runtime::Router& router, std::shared_ptr<SimCore> core) {
  auto state = std::make_shared<HbxState>();
  state->core = std::move(core);
  router.Post("/hotel-api/1.0/hotels", Route(state, Availability));
  router.Post("/hotel-api/1.0/checkrates", Route(state, CheckRates));
  router.Post("/hotel-api/1.0/bookings", Route(state, Book));
  router.Get("/hotel-api/1.0/bookings", Route(state, BookingList));
  router.Get("/hotel-api/1.0/bookings/{reference}", Route(state, BookingDetail));
  router.Delete("/hotel-api/1.0/bookings/{reference}", Route(state, CancelBooking));
  router.Get("/hotel-content-api/1.0/hotels", Route(state, Content));
}

}  // namespace hotel::sim
