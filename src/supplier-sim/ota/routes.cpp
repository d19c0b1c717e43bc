// The ota-xml simulator's HTTP front-end: POST /ota/{MessageName} with an OpenTravel message,
// translated to SimCore calls (transport faults are FaultMiddleware's, around these routes).
//
// Business scenarios (X-Sim-Scenario):
// - price_changed / sold_out on OTA_HotelAvailRQ: OTA has no re-check message, so a client
//   re-checks by asking availability for that one hotel again. This supplier answers
//   multi-hotel searches from its "cache" (SimCore::Availability) and single-hotel requests
//   live: every rate goes through SimCore::Recheck, where the scenario (and the per-process
//   price_change_rate) moves the price or sells the room out.
// - sold_out on OTA_HotelResRQ: Error 322.
// - booking_timeout_confirmed, booking_error_confirmed, on_request, unknown on an Initiate:
//   this supplier cannot hold then, and books at once (like partners that only know
//   single-phase booking); the answer then never comes (hang_ms, then 504 and close), or
//   comes as a 500, or says OnRequest / Unknown. On a Commit the same hang / 500 follows the
//   commit.
#include "supplier-sim/core/sim_core.hpp"
#include "supplier-sim/ota/ota_messages.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace hotel::sim {
namespace {

namespace asio = boost::asio;
using ota::OtaFault;

constexpr std::string_view kScenarioHeader = "X-Sim-Scenario";
constexpr std::string_view kXml = "text/xml; charset=utf-8";

runtime::Response Xml(int status, std::string body) { return runtime::Response::Text(status, std::move(body), std::string(kXml)); }

// OTA reports errors in a 200 answer.
runtime::Response Fault(std::string_view root, const OtaFault& fault) { return Xml(200, ota::ErrorRS(root, fault)); }

bool ConfirmsAtOnce(Scenario s) {
  return s == Scenario::kBookingTimeoutConfirmed || s == Scenario::kBookingErrorConfirmed || s == Scenario::kOnRequest ||
         s == Scenario::kUnknown;
}

// The booking is made; whether its answer arrives depends on the scenario.
asio::awaitable<runtime::Response> Booked(SimCore& core, const SimBooking& booking, Scenario scenario) {
  if (scenario == Scenario::kBookingTimeoutConfirmed) {
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(core.options().hang_ms));
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    auto r = runtime::Response::Text(504, "Gateway Timeout");
    r.close = true;
    co_return r;
  }
  if (scenario == Scenario::kBookingErrorConfirmed) {
    co_return Xml(500, ota::ErrorRS("OTA_HotelResRS", {1, 448, "System error"}));
  }
  co_return Xml(200, ota::ReservationRS(core, booking, false));
}

runtime::Response Availability(SimCore& core, const ota::AvailRQ& rq, Scenario scenario) {
  std::size_t requested = 0;
  for (const auto& s : rq.segments) requested += s.hotel_codes.size();
  const bool live = requested == 1;
  std::vector<ota::HotelRates> hotels;
  std::vector<OtaFault> warnings;
  for (const auto& segment : rq.segments) {
    for (const std::string& code : segment.hotel_codes) {
      const world::SupplierHotel* hotel = core.FindHotel(code);
      if (!hotel) {
        warnings.push_back({3, 392, "Invalid hotel code: " + code});
        continue;
      }
      auto rates = core.Availability(code, segment.check_in, segment.check_out, segment.rooms);
      if (!rates) return Fault("OTA_HotelAvailRS", ota::OtaFaultFor(rates.error()));
      ota::HotelRates h{hotel, {}};
      for (SimRate& rate : *rates) {
        if (!live) {
          h.rates.push_back(std::move(rate));
          continue;
        }
        auto now = core.Recheck(rate.token, scenario);
        if (now && now->outcome != RecheckOutcome::kSoldOut) h.rates.push_back(std::move(now->rate));
      }
      if (!h.rates.empty()) hotels.push_back(std::move(h));
    }
  }
  if (hotels.empty()) warnings.push_back({3, 322, "No availability"});
  return Xml(200, ota::AvailRS(core, hotels, warnings));
}

asio::awaitable<runtime::Response> Reservation(SimCore& core, const ota::ResRQ& rq, Scenario scenario) {
  constexpr std::string_view root = "OTA_HotelResRS";
  const bool initiate = rq.res_status == "Initiate";
  const bool commit = rq.res_status == "Commit";
  if (rq.res_status == "Ignore") {
    if (rq.supplier_reference.empty()) co_return Fault(root, {10, 321, "Required field missing: ResID_Type 14"});
    auto released = core.Release(rq.supplier_reference);
    if (!released) co_return Fault(root, ota::OtaFaultFor(released.error(), 356));
    co_return Xml(200, ota::ReservationRS(core, *released, false));
  }
  if (!initiate && !commit) co_return Fault(root, {3, 320, "Invalid value: ResStatus (Initiate, Commit, Ignore)"});
  if (commit && !rq.supplier_reference.empty()) {
    auto committed = core.Commit(rq.supplier_reference);
    if (!committed) co_return Fault(root, ota::OtaFaultFor(committed.error(), 356));
    co_return co_await Booked(core, *committed, scenario);
  }
  // Initiate, or a single-phase Commit without a prior hold.
  if (rq.booking_code.empty()) co_return Fault(root, {10, 321, "Required field missing: RoomRate BookingCode"});
  if (rq.client_reference.empty()) co_return Fault(root, {10, 321, "Required field missing: ResID_Type 16"});
  if (!rq.hotel_code.empty()) {
    auto key = core.Decode(rq.booking_code);
    if (key && key->hotel_code != rq.hotel_code) {
      co_return Fault(root, {3, 249, "Invalid rate code: the BookingCode is for another hotel"});
    }
  }
  BookInput input;
  input.token = rq.booking_code;
  input.client_reference = rq.client_reference;
  input.holder_first = rq.holder_first;
  input.holder_last = rq.holder_last;
  input.expected_net = rq.expected_net;
  input.hold = initiate && !ConfirmsAtOnce(scenario);
  input.scenario = scenario;
  auto booking = core.Book(input);
  if (!booking) co_return Fault(root, ota::OtaFaultFor(booking.error(), 95));
  co_return co_await Booked(core, *booking, scenario);
}

runtime::Response Cancellation(SimCore& core, const ota::CancelRQ& rq) {
  constexpr std::string_view root = "OTA_CancelRS";
  std::string reference = rq.supplier_reference;
  if (reference.empty()) {
    auto found = core.Retrieve({}, rq.client_reference);
    if (!found) return Fault(root, ota::OtaFaultFor(found.error(), 16));
    reference = found->reference;
  }
  if (!rq.commit) {
    auto penalty = core.CancelQuote(reference);
    if (!penalty) return Fault(root, ota::OtaFaultFor(penalty.error(), 16));
    return Xml(200, ota::CancelRS(core, reference, false, *penalty));
  }
  auto cancelled = core.Cancel(reference);
  if (!cancelled) return Fault(root, ota::OtaFaultFor(cancelled.error(), 16));
  return Xml(200, ota::CancelRS(core, reference, true, std::max<std::int64_t>(cancelled->cancellation_penalty, 0)));
}

asio::awaitable<runtime::Response> Handle(SimCore& core, runtime::Request& req) {
  const std::string_view message = req.Param("message");
  const std::string_view root = ota::ResponseRoot(message);
  if (root.empty()) co_return Xml(404, ota::ErrorRS({}, {2, 320, "Invalid value: unknown OTA message"}));
  const auto scenario = RequestScenario(req, kScenarioHeader);
  if (!scenario) co_return Fault(root, {3, 320, "Invalid value: X-Sim-Scenario"});

  ota::Message rq;
  if (auto fault = ota::ParseMessage(message, req.body, core.currency(), &rq)) co_return Fault(root, *fault);
  const auto& o = core.options();
  if ((!o.api_key.empty() && rq.requestor.id != o.api_key) || (!o.secret.empty() && rq.requestor.password != o.secret)) {
    co_return Fault(root, {4, 497, "Authorization error: unknown RequestorID or MessagePassword"});
  }

  if (message == "OTA_HotelAvailRQ") co_return Availability(core, rq.avail, *scenario);
  if (message == "OTA_HotelResRQ") co_return co_await Reservation(core, rq.res, *scenario);
  if (message == "OTA_ReadRQ") {
    auto booking = core.Retrieve(rq.read.supplier_reference, rq.read.client_reference);
    if (!booking) co_return Fault(root, ota::OtaFaultFor(booking.error()));
    co_return Xml(200, ota::ReservationRS(core, *booking, true));
  }
  if (message == "OTA_CancelRQ") co_return Cancellation(core, rq.cancel);
  const auto& c = rq.content;
  auto page = core.ContentPage(static_cast<std::size_t>(c.start), static_cast<std::size_t>(c.max));
  co_return Xml(200, ota::DescriptiveInfoRS(core, c.start, page));
}

}  // namespace

void RegisterOtaRoutes(runtime::Router& router, std::shared_ptr<SimCore> core) {
  router.Post("/ota/{message}", [core](runtime::Request& req) -> asio::awaitable<runtime::Response> {
    co_return co_await Handle(*core, req);
  });
}

}  // namespace hotel::sim
