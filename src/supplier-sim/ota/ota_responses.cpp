// Writing OTA answers for the ota-xml simulator (see ota_messages.hpp for the wire choices).
#include "supplier-sim/ota/ota_messages.hpp"
#include "supplier-sim/ota/ota_xml.hpp"

#include <fmt/format.h>

#include <array>
#include <map>

namespace hotel::sim::ota {
namespace {

using xml::Add;
using xml::Set;

struct BoardInfo {
  std::string_view code, meal_plan, name;
};
constexpr std::array<BoardInfo, 5> kBoards{{{"RO", "14", "Room only"},
                                            {"BB", "3", "Bed and breakfast"},
                                            {"HB", "12", "Half board"},
                                            {"FB", "10", "Full board"},
                                            {"AI", "1", "All inclusive"}}};

const BoardInfo& BoardOf(std::string_view code) {
  for (const auto& b : kBoards) {
    if (b.code == code) return b;
  }
  return kBoards[0];
}

void SetAmount(pugi::xml_node node, const char* attribute, const SimCore& core, std::int64_t minor) {
  Set(node, attribute, core.FormatMoney(minor));
  Set(node, "CurrencyCode", core.currency());
}

// "2026-11-29T23:59:00": the hotel's wall clock, without an offset, as many OTA suppliers send it.
std::string LocalTime(const SimCore& core, const world::SupplierHotel* hotel, Instant t) {
  const int offset = hotel ? core.UtcOffsetMinutes(*hotel) : 0;
  return FormatIso8601(t + std::chrono::minutes(offset)).substr(0, 19);
}

void AddRatePlan(pugi::xml_node plans, const SimCore& core, const world::SupplierHotel* hotel, const RateKey& key,
                 const std::vector<PenaltyPoint>& cancellation) {
  const BoardInfo& board = BoardOf(key.board);
  const bool nrf = key.rate_class == RateClass::kNonRefundable;
  pugi::xml_node plan = Add(plans, "RatePlan");
  Set(plan, "RatePlanCode", RatePlanCode(key.board, key.rate_class));
  Set(plan, "RatePlanName", fmt::format("{}, {}", board.name, nrf ? "non-refundable" : "flexible"));
  Set(Add(plan, "MealsIncluded"), "MealPlanCodes", board.meal_plan);
  pugi::xml_node penalties = Add(plan, "CancelPenalties");
  for (const PenaltyPoint& p : cancellation) {
    pugi::xml_node penalty = Add(penalties, "CancelPenalty");
    Set(penalty, "NonRefundable", nrf ? "true" : "false");
    Set(Add(penalty, "Deadline"), "AbsoluteDeadline", LocalTime(core, hotel, p.from));
    SetAmount(Add(penalty, "AmountPercent"), "Amount", core, p.amount);
  }
}

// One Rate per run of nights at the same price.
void AddNightlyRates(pugi::xml_node room_rate, const SimCore& core, const SimRate& rate) {
  pugi::xml_node rates = Add(room_rate, "Rates");
  std::size_t i = 0;
  while (i < rate.nightly.size()) {
    std::size_t j = i + 1;
    while (j < rate.nightly.size() && rate.nightly[j] == rate.nightly[i]) ++j;
    pugi::xml_node r = Add(rates, "Rate");
    Set(r, "EffectiveDate", FormatDate(rate.key.check_in + static_cast<std::int64_t>(i)));
    Set(r, "ExpireDate", FormatDate(rate.key.check_in + static_cast<std::int64_t>(j)));
    SetAmount(Add(r, "Base"), "AmountAfterTax", core, rate.nightly[i]);
    i = j;
  }
}

void AddProperty(pugi::xml_node stay, const world::SupplierHotel* hotel, std::string_view code) {
  pugi::xml_node info = Add(stay, "BasicPropertyInfo");
  Set(info, "HotelCode", code);
  if (hotel) Set(info, "HotelName", hotel->name);
}

void AddTimeSpan(pugi::xml_node stay, const RateKey& key) {
  pugi::xml_node span = Add(stay, "TimeSpan");
  Set(span, "Start", FormatDate(key.check_in));
  Set(span, "End", FormatDate(key.check_out));
}

void AddIds(pugi::xml_node parent, const SimBooking& b) {
  pugi::xml_node ids = Add(Add(parent, "ResGlobalInfo"), "HotelReservationIDs");
  pugi::xml_node ours = Add(ids, "HotelReservationID");
  Set(ours, "ResID_Type", "14");
  Set(ours, "ResID_Value", b.reference);
  pugi::xml_node theirs = Add(ids, "HotelReservationID");
  Set(theirs, "ResID_Type", "16");
  Set(theirs, "ResID_Value", b.client_reference);
}

}  // namespace

std::string_view ResStatusName(BookingState state) {
  switch (state) {
    case BookingState::kHeld: return "Pending";
    case BookingState::kConfirmed: return "Committed";
    case BookingState::kOnRequest: return "OnRequest";
    case BookingState::kUnknown: return "Unknown";
    case BookingState::kCancelled: return "Cancelled";
    case BookingState::kReleased: return "Ignored";
  }
  return "Unknown";
}

std::string RatePlanCode(std::string_view board, RateClass rate_class) {
  return fmt::format("{}-{}", board, rate_class == RateClass::kNonRefundable ? "NRF" : "FLX");
}

std::string ErrorRS(std::string_view root, const OtaFault& fault) {
  pugi::xml_document doc;
  pugi::xml_node error = Add(Add(xml::NewMessage(doc, root.empty() ? "OTA_ErrorRS" : root), "Errors"), "Error");
  Set(error, "Type", std::to_string(fault.type));
  Set(error, "Code", std::to_string(fault.code));
  Set(error, "ShortText", fault.text);
  return xml::ToString(doc);
}

std::string AvailRS(const SimCore& core, const std::vector<HotelRates>& hotels, const std::vector<OtaFault>& warnings) {
  pugi::xml_document doc;
  pugi::xml_node root = xml::NewMessage(doc, "OTA_HotelAvailRS");
  Add(root, "Success");
  if (!warnings.empty()) {
    pugi::xml_node list = Add(root, "Warnings");
    for (const OtaFault& w : warnings) {
      pugi::xml_node warning = Add(list, "Warning");
      Set(warning, "Type", std::to_string(w.type));
      Set(warning, "Code", std::to_string(w.code));
      Set(warning, "ShortText", w.text);
    }
  }
  pugi::xml_node stays = Add(root, "RoomStays");
  for (const HotelRates& h : hotels) {
    // One RoomStay per room type, in the order the rates came.
    std::vector<std::string> rooms;
    std::map<std::string, std::vector<const SimRate*>> by_room;
    for (const SimRate& r : h.rates) {
      auto& list = by_room[r.key.room_code];
      if (list.empty()) rooms.push_back(r.key.room_code);
      list.push_back(&r);
    }
    for (const std::string& room : rooms) {
      const auto& rates = by_room[room];
      pugi::xml_node stay = Add(stays, "RoomStay");
      pugi::xml_node type = Add(Add(stay, "RoomTypes"), "RoomType");
      Set(type, "RoomTypeCode", room);
      Set(Add(type, "RoomDescription"), "Name", rates.front()->room_name);
      pugi::xml_node plans = Add(stay, "RatePlans");
      for (const SimRate* r : rates) AddRatePlan(plans, core, h.hotel, r->key, r->cancellation);
      pugi::xml_node room_rates = Add(stay, "RoomRates");
      for (const SimRate* r : rates) {
        pugi::xml_node rr = Add(room_rates, "RoomRate");
        Set(rr, "RoomTypeCode", room);
        Set(rr, "RatePlanCode", RatePlanCode(r->key.board, r->key.rate_class));
        Set(rr, "BookingCode", r->token);
        Set(rr, "NumberOfUnits", std::to_string(r->rooms_left));
        AddNightlyRates(rr, core, *r);
        SetAmount(Add(rr, "Total"), "AmountAfterTax", core, r->net);
      }
      AddTimeSpan(stay, rates.front()->key);
      AddProperty(stay, h.hotel, h.hotel ? std::string_view(h.hotel->code) : std::string_view());
    }
  }
  return xml::ToString(doc);
}

std::string ReservationRS(const SimCore& core, const SimBooking& b, bool retrieve) {
  pugi::xml_document doc;
  pugi::xml_node root = xml::NewMessage(doc, retrieve ? "OTA_ResRetrieveRS" : "OTA_HotelResRS");
  const std::string_view status = ResStatusName(b.state);
  if (!retrieve) Set(root, "ResResStatus", status);
  Add(root, "Success");
  pugi::xml_node reservation = Add(Add(root, retrieve ? "ReservationsList" : "HotelReservations"), "HotelReservation");
  Set(reservation, "ResStatus", status);
  Set(reservation, "CreateDateTime", FormatIso8601(b.created_at));
  const world::SupplierHotel* hotel = core.FindHotel(b.key.hotel_code);
  pugi::xml_node stay = Add(Add(reservation, "RoomStays"), "RoomStay");
  pugi::xml_node type = Add(Add(stay, "RoomTypes"), "RoomType");
  Set(type, "RoomTypeCode", b.key.room_code);
  Set(type, "NumberOfUnits", std::to_string(b.key.rooms.size()));
  Set(Add(type, "RoomDescription"), "Name", b.room_name);
  AddRatePlan(Add(stay, "RatePlans"), core, hotel, b.key, b.cancellation);
  AddTimeSpan(stay, b.key);
  SetAmount(Add(stay, "Total"), "AmountAfterTax", core, b.net);
  AddProperty(stay, hotel, b.key.hotel_code);
  if (!b.holder_first.empty() || !b.holder_last.empty()) {
    pugi::xml_node guest = Add(Add(reservation, "ResGuests"), "ResGuest");
    Set(guest, "PrimaryIndicator", "true");
    pugi::xml_node name = Add(Add(Add(Add(Add(guest, "Profiles"), "ProfileInfo"), "Profile"), "Customer"), "PersonName");
    xml::SetText(Add(name, "GivenName"), b.holder_first);
    xml::SetText(Add(name, "Surname"), b.holder_last);
  }
  AddIds(reservation, b);
  if (b.state == BookingState::kCancelled && b.cancellation_penalty >= 0) {
    // What the cancellation cost has no place in OTA 2019A's reservation: the extension point.
    SetAmount(Add(Add(reservation, "TPA_Extensions"), "CancellationCharge"), "Amount", core, b.cancellation_penalty);
  }
  return xml::ToString(doc);
}

std::string CancelRS(const SimCore& core, std::string_view reference, bool cancelled, std::int64_t penalty) {
  pugi::xml_document doc;
  pugi::xml_node root = xml::NewMessage(doc, "OTA_CancelRS");
  Set(root, "Status", cancelled ? "Cancelled" : "Pending");
  Add(root, "Success");
  pugi::xml_node id = Add(root, "UniqueID");
  Set(id, "Type", "14");
  Set(id, "ID", reference);
  pugi::xml_node rule = Add(Add(Add(root, "CancelInfoRS"), "CancelRules"), "CancelRule");
  SetAmount(rule, "Amount", core, penalty);
  return xml::ToString(doc);
}

std::string DescriptiveInfoRS(const SimCore& core, std::int64_t start, const std::vector<world::SupplierHotel>& hotels) {
  pugi::xml_document doc;
  pugi::xml_node root = xml::NewMessage(doc, "OTA_HotelDescriptiveInfoRS");
  Add(root, "Success");
  pugi::xml_node list = Add(root, "HotelDescriptiveContents");
  Set(list, "Start", std::to_string(start));
  Set(list, "Total", std::to_string(core.Hotels().size()));
  for (const world::SupplierHotel& h : hotels) {
    pugi::xml_node content = Add(list, "HotelDescriptiveContent");
    Set(content, "HotelCode", h.code);
    Set(content, "HotelName", h.name);
    if (!h.chain.empty()) Set(content, "ChainCode", h.chain);
    pugi::xml_node info = Add(content, "HotelInfo");
    if (h.stars > 0) Set(Add(Add(info, "CategoryCodes"), "HotelCategory"), "Code", std::to_string(h.stars));
    pugi::xml_node position = Add(info, "Position");
    Set(position, "Latitude", fmt::format("{:.6f}", h.lat));
    Set(position, "Longitude", fmt::format("{:.6f}", h.lon));
    pugi::xml_node contact = Add(Add(content, "ContactInfos"), "ContactInfo");
    pugi::xml_node address = Add(Add(contact, "Addresses"), "Address");
    if (!h.address.empty()) xml::SetText(Add(address, "AddressLine"), h.address);
    xml::SetText(Add(address, "CityName"), h.city);
    if (!h.postcode.empty()) xml::SetText(Add(address, "PostalCode"), h.postcode);
    Set(Add(address, "CountryName"), "Code", h.country);
    if (!h.phone.empty()) Set(Add(Add(contact, "Phones"), "Phone"), "PhoneNumber", h.phone);
  }
  return xml::ToString(doc);
}

}  // namespace hotel::sim::ota
