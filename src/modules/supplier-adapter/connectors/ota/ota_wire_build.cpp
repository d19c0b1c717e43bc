// ota-xml request messages, rate tokens and meal plan codes (see ota_wire.hpp).
#include "modules/supplier-adapter/connectors/ota/ota_wire.hpp"

#include "modules/supplier-adapter/connectors/ota/ota_xml.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace hotel::supplier::ota {
namespace {

using xml::Add;
using xml::Set;

constexpr std::string_view kTokenPrefix = "ota1;";

// OTA AgeQualifyingCode (AQC): 10 adult, 8 child.
constexpr std::string_view kAdult = "10";
constexpr std::string_view kChild = "8";

std::string EscapePart(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == ';') out += "%3B";
    else out.push_back(c);
  }
  return out;
}

std::optional<std::string> UnescapePart(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
    } else if (s.substr(i, 3) == "%25") {
      out.push_back('%');
      i += 2;
    } else if (s.substr(i, 3) == "%3B") {
      out.push_back(';');
      i += 2;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

void AddGuestCounts(pugi::xml_node parent, int adults, const std::vector<int>& child_ages) {
  pugi::xml_node counts = Add(parent, "GuestCounts");
  pugi::xml_node a = Add(counts, "GuestCount");
  Set(a, "AgeQualifyingCode", kAdult);
  Set(a, "Count", std::to_string(adults));
  for (int age : child_ages) {
    pugi::xml_node c = Add(counts, "GuestCount");
    Set(c, "AgeQualifyingCode", kChild);
    Set(c, "Count", "1");
    Set(c, "Age", std::to_string(age));
  }
}

void AddReservationIds(pugi::xml_node parent, std::string_view supplier_reference, std::string_view client_reference) {
  pugi::xml_node ids = Add(parent, "HotelReservationIDs");
  // ResID_Type (UIT): 14 the supplier's reservation, 16 ours.
  if (!supplier_reference.empty()) {
    pugi::xml_node id = Add(ids, "HotelReservationID");
    Set(id, "ResID_Type", "14");
    Set(id, "ResID_Value", supplier_reference);
  }
  if (!client_reference.empty()) {
    pugi::xml_node id = Add(ids, "HotelReservationID");
    Set(id, "ResID_Type", "16");
    Set(id, "ResID_Value", client_reference);
  }
}

// UniqueID Type 14 (the supplier's reference) when known, else 16 (ours).
void AddUniqueId(pugi::xml_node parent, std::string_view supplier_reference, std::string_view client_reference) {
  pugi::xml_node id = Add(parent, "UniqueID");
  if (!supplier_reference.empty()) {
    Set(id, "Type", "14");
    Set(id, "ID", supplier_reference);
  } else {
    Set(id, "Type", "16");
    Set(id, "ID", client_reference);
  }
}

pugi::xml_node Message(pugi::xml_document& doc, const char* root, const Credentials& c) {
  pugi::xml_node r = xml::NewMessage(doc, root);
  xml::AddPos(r, c.api_key, c.secret);
  return r;
}

}  // namespace

std::string MakeRateToken(const RateRef& ref) {
  return std::string(kTokenPrefix) + EscapePart(ref.room_code) + ";" + EscapePart(ref.plan_code) + ";" +
         ref.booking_code;
}

std::optional<RateRef> ParseRateToken(std::string_view token) {
  if (token.substr(0, kTokenPrefix.size()) != kTokenPrefix) return std::nullopt;
  token.remove_prefix(kTokenPrefix.size());
  const auto first = token.find(';');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = token.find(';', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  auto room = UnescapePart(token.substr(0, first));
  auto plan = UnescapePart(token.substr(first + 1, second - first - 1));
  std::string_view code = token.substr(second + 1);
  if (!room || !plan || room->empty() || plan->empty() || code.empty()) return std::nullopt;
  return RateRef{std::move(*room), std::move(*plan), std::string(code)};
}

std::optional<Board> BoardFromMealPlanCodes(std::string_view codes) {
  constexpr std::array<std::pair<std::string_view, Board>, 6> kCodes{{{"14", Board::kRoomOnly},
                                                                      {"3", Board::kBedAndBreakfast},
                                                                      {"19", Board::kBedAndBreakfast},
                                                                      {"12", Board::kHalfBoard},
                                                                      {"10", Board::kFullBoard},
                                                                      {"1", Board::kAllInclusive}}};
  std::size_t i = 0;
  while (i < codes.size()) {
    while (i < codes.size() && codes[i] == ' ') ++i;
    std::size_t end = codes.find(' ', i);
    if (end == std::string_view::npos) end = codes.size();
    const std::string_view code = codes.substr(i, end - i);
    for (const auto& [c, b] : kCodes) {
      if (c == code) return b;
    }
    i = end;
  }
  return std::nullopt;
}

std::string_view MealPlanCode(Board board) {
  switch (board) {
    case Board::kRoomOnly: return "14";
    case Board::kBedAndBreakfast: return "3";
    case Board::kHalfBoard: return "12";
    case Board::kFullBoard: return "10";
    case Board::kAllInclusive: return "1";
  }
  return "14";
}

std::string BuildAvailRQ(const SearchRequest& request, const Credentials& credentials) {
  pugi::xml_document doc;
  pugi::xml_node root = Message(doc, "OTA_HotelAvailRQ", credentials);
  if (!request.currency.empty()) Set(root, "RequestedCurrency", request.currency);
  // The guests' nationality sits on the POS source, where OTA keeps the requester's country.
  if (!request.nationality.empty()) Set(xml::Path(root, {"POS", "Source"}), "ISOCountry", request.nationality);
  pugi::xml_node segment = Add(Add(root, "AvailRequestSegments"), "AvailRequestSegment");
  pugi::xml_node stay = Add(segment, "StayDateRange");
  Set(stay, "Start", FormatDate(request.check_in));
  Set(stay, "End", FormatDate(request.check_out));
  // Identical rooms become one candidate with a Quantity, as OTA clients send them.
  std::vector<std::pair<RoomOccupancy, int>> groups;
  for (const RoomOccupancy& room : request.rooms) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == room; });
    if (it == groups.end()) groups.emplace_back(room, 1);
    else ++it->second;
  }
  pugi::xml_node candidates = Add(segment, "RoomStayCandidates");
  for (const auto& [room, quantity] : groups) {
    pugi::xml_node candidate = Add(candidates, "RoomStayCandidate");
    Set(candidate, "Quantity", std::to_string(quantity));
    AddGuestCounts(candidate, room.adults, room.child_ages);
  }
  pugi::xml_node criteria = Add(segment, "HotelSearchCriteria");
  for (const std::string& code : request.hotel_codes) {
    Set(Add(Add(criteria, "Criterion"), "HotelRef"), "HotelCode", code);
  }
  return xml::ToString(doc);
}

std::string BuildInitiateRQ(const BookRequest& request, const RateRef& rate, const Credentials& credentials) {
  pugi::xml_document doc;
  pugi::xml_node root = Message(doc, "OTA_HotelResRQ", credentials);
  Set(root, "ResStatus", "Initiate");
  pugi::xml_node reservation = Add(Add(root, "HotelReservations"), "HotelReservation");
  Set(reservation, "RoomStayReservation", "true");
  pugi::xml_node stay = Add(Add(reservation, "RoomStays"), "RoomStay");
  const std::string units = std::to_string(request.rooms.size());
  if (!rate.room_code.empty()) {
    pugi::xml_node type = Add(Add(stay, "RoomTypes"), "RoomType");
    Set(type, "RoomTypeCode", rate.room_code);
    Set(type, "NumberOfUnits", units);
  }
  if (!rate.plan_code.empty()) Set(Add(Add(stay, "RatePlans"), "RatePlan"), "RatePlanCode", rate.plan_code);
  pugi::xml_node room_rate = Add(Add(stay, "RoomRates"), "RoomRate");
  if (!rate.room_code.empty()) Set(room_rate, "RoomTypeCode", rate.room_code);
  if (!rate.plan_code.empty()) Set(room_rate, "RatePlanCode", rate.plan_code);
  Set(room_rate, "BookingCode", rate.booking_code);
  Set(room_rate, "NumberOfUnits", units);
  int adults = 0;
  std::vector<int> children;
  for (const RoomOccupancy& room : request.rooms) {
    adults += room.adults;
    children.insert(children.end(), room.child_ages.begin(), room.child_ages.end());
  }
  AddGuestCounts(stay, adults, children);
  pugi::xml_node span = Add(stay, "TimeSpan");
  Set(span, "Start", FormatDate(request.check_in));
  Set(span, "End", FormatDate(request.check_out));
  if (IsCurrencyCode(request.expected_net.currency)) {
    // The price we agreed to: a supplier whose price moved refuses (Error 189) instead of
    // booking at another one.
    pugi::xml_node total = Add(stay, "Total");
    Set(total, "AmountAfterTax", FormatDecimal(request.expected_net));
    Set(total, "CurrencyCode", request.expected_net.currency);
  }
  Set(Add(stay, "BasicPropertyInfo"), "HotelCode", request.hotel_code);

  pugi::xml_node guests = Add(reservation, "ResGuests");
  int rph = 1;
  for (const auto& room_guests : request.guests) {
    for (const Guest& g : room_guests) {
      pugi::xml_node guest = Add(guests, "ResGuest");
      Set(guest, "ResGuestRPH", std::to_string(rph));
      Set(guest, "AgeQualifyingCode", g.child ? kChild : kAdult);
      if (g.child) Set(guest, "Age", std::to_string(g.age));
      if (rph == 1) Set(guest, "PrimaryIndicator", "true");
      pugi::xml_node customer = Add(Add(Add(Add(guest, "Profiles"), "ProfileInfo"), "Profile"), "Customer");
      pugi::xml_node name = Add(customer, "PersonName");
      xml::SetText(Add(name, "GivenName"), g.first_name);
      xml::SetText(Add(name, "Surname"), g.last_name);
      ++rph;
    }
  }
  pugi::xml_node global = Add(reservation, "ResGlobalInfo");
  if (!request.remark.empty()) xml::SetText(Add(Add(Add(global, "Comments"), "Comment"), "Text"), request.remark);
  AddReservationIds(global, {}, request.client_reference);
  return xml::ToString(doc);
}

std::string BuildCommitRQ(std::string_view supplier_reference, std::string_view client_reference,
                          const Credentials& credentials) {
  pugi::xml_document doc;
  pugi::xml_node root = Message(doc, "OTA_HotelResRQ", credentials);
  Set(root, "ResStatus", "Commit");
  pugi::xml_node reservation = Add(Add(root, "HotelReservations"), "HotelReservation");
  AddReservationIds(Add(reservation, "ResGlobalInfo"), supplier_reference, client_reference);
  return xml::ToString(doc);
}

std::string BuildIgnoreRQ(std::string_view supplier_reference, const Credentials& credentials) {
  pugi::xml_document doc;
  pugi::xml_node root = Message(doc, "OTA_HotelResRQ", credentials);
  Set(root, "ResStatus", "Ignore");
  pugi::xml_node reservation = Add(Add(root, "HotelReservations"), "HotelReservation");
  AddReservationIds(Add(reservation, "ResGlobalInfo"), supplier_reference, {});
  return xml::ToString(doc);
}

std::string BuildReadRQ(const RetrieveRequest& request, const Credentials& credentials) {
  pugi::xml_document doc;
  pugi::xml_node root = Message(doc, "OTA_ReadRQ", credentials);
  pugi::xml_node read = Add(Add(root, "ReadRequests"), "ReadRequest");
  AddUniqueId(read, request.supplier_reference, request.client_reference);
  return xml::ToString(doc);
}

std::string BuildCancelRQ(const CancelRequest& request, bool commit, const Credentials& credentials) {
  pugi::xml_document doc;
  pugi::xml_node root = Message(doc, "OTA_CancelRQ", credentials);
  Set(root, "CancelType", commit ? "Commit" : "Quote");
  AddUniqueId(root, request.supplier_reference, request.client_reference);
  return xml::ToString(doc);
}

std::string BuildDescriptiveInfoRQ(std::int64_t start, int max, const Credentials& credentials) {
  pugi::xml_document doc;
  pugi::xml_node root = Message(doc, "OTA_HotelDescriptiveInfoRQ", credentials);
  // Paging over the whole portfolio is this supplier's extension: Start/Max on the list.
  pugi::xml_node infos = Add(root, "HotelDescriptiveInfos");
  Set(infos, "Start", std::to_string(start));
  Set(infos, "Max", std::to_string(max));
  return xml::ToString(doc);
}

}  // namespace hotel::supplier::ota
