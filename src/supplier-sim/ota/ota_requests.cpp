// Reading OTA requests for the ota-xml simulator, and SimCore errors as OTA faults.
#include "supplier-sim/ota/ota_messages.hpp"
#include "supplier-sim/ota/ota_xml.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace hotel::sim::ota {
namespace {

using xml::Attr;
using xml::Child;
using xml::ForEach;
using xml::Path;

constexpr std::size_t kMaxHotelsPerSearch = 250;

// EWT (error/warning type) and ERR codes used here.
constexpr int kBizRule = 3, kAuthentication = 4, kProtocolViolation = 7, kRequiredMissing = 10, kUnknown = 1;

OtaFault Missing(std::string_view what) { return {kRequiredMissing, 321, "Required field missing: " + std::string(what)}; }
OtaFault Invalid(std::string_view what) { return {kBizRule, 320, "Invalid value: " + std::string(what)}; }

std::optional<std::int64_t> Int(std::string_view s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// An amount in the supplier's currency: decimal text, or implied decimals (DecimalPlaces).
std::optional<std::int64_t> Amount(const pugi::xml_node& node, std::string_view currency) {
  std::string text(Attr(node, "AmountAfterTax"));
  if (Attr(node, "CurrencyCode") != currency) return std::nullopt;
  if (auto places = Int(Attr(node, "DecimalPlaces")); places && text.find('.') == std::string::npos) {
    if (*places < 0 || *places > 18 || !Int(text)) return std::nullopt;
    const auto p = static_cast<std::size_t>(*places);
    if (p > 0) {
      if (text.size() <= p) text.insert(0, p + 1 - text.size(), '0');
      text.insert(text.size() - p, 1, '.');
    }
  }
  return ParseDecimalMinor(text, currency);
}

std::optional<OtaFault> ParseAvail(const pugi::xml_node& root, AvailRQ* out) {
  std::optional<OtaFault> fault;
  std::size_t hotels = 0;
  ForEach(Child(root, "AvailRequestSegments"), "AvailRequestSegment", [&](const pugi::xml_node& seg) {
    if (fault) return;
    AvailSegment s;
    pugi::xml_node range = Child(seg, "StayDateRange");
    auto start = ParseDate(Attr(range, "Start"));
    auto end = ParseDate(Attr(range, "End"));
    if (!range) {
      fault = Missing("StayDateRange");
      return;
    }
    if (!start || !end) {
      fault = OtaFault{kBizRule, 15, "Invalid date: StayDateRange Start/End must be YYYY-MM-DD"};
      return;
    }
    s.check_in = *start;
    s.check_out = *end;
    ForEach(Child(seg, "RoomStayCandidates"), "RoomStayCandidate", [&](const pugi::xml_node& c) {
      if (fault) return;
      const std::string_view q = Attr(c, "Quantity");
      const auto quantity = q.empty() ? std::optional<std::int64_t>(1) : Int(q);
      if (!quantity || *quantity < 1 || *quantity > 9) {
        fault = Invalid("RoomStayCandidate Quantity (1..9)");
        return;
      }
      Occupancy occ;
      occ.adults = 0;
      ForEach(Child(c, "GuestCounts"), "GuestCount", [&](const pugi::xml_node& g) {
        if (fault) return;
        const auto aqc = Int(Attr(g, "AgeQualifyingCode"));
        const auto count = Int(Attr(g, "Count"));
        if (!aqc || !count || *count < 0 || *count > 9) {
          fault = Invalid("GuestCount AgeQualifyingCode/Count");
          return;
        }
        if (*aqc == 10) {
          occ.adults += static_cast<int>(*count);
        } else if (*aqc == 8 || *aqc == 7) {  // child, infant
          const auto age = Int(Attr(g, "Age"));
          if (!age) {
            fault = Missing("GuestCount Age of a child");
            return;
          }
          for (std::int64_t i = 0; i < *count; ++i) occ.child_ages.push_back(static_cast<int>(std::clamp<std::int64_t>(*age, -1, 99)));
        } else {
          fault = Invalid("GuestCount AgeQualifyingCode (10 adult, 8 child)");
        }
      });
      for (std::int64_t i = 0; i < *quantity && !fault; ++i) s.rooms.push_back(occ);
      if (s.rooms.size() > 9) fault = Invalid("at most 9 rooms per segment");
    });
    if (fault) return;
    if (s.rooms.empty()) {
      fault = Missing("RoomStayCandidate");
      return;
    }
    ForEach(Child(seg, "HotelSearchCriteria"), "Criterion", [&](const pugi::xml_node& crit) {
      ForEach(crit, "HotelRef", [&](const pugi::xml_node& ref) {
        if (std::string_view code = Attr(ref, "HotelCode"); !code.empty()) s.hotel_codes.emplace_back(code);
      });
    });
    if (s.hotel_codes.empty()) {
      fault = Missing("HotelSearchCriteria Criterion HotelRef HotelCode");
      return;
    }
    hotels += s.hotel_codes.size();
    if (hotels > kMaxHotelsPerSearch) {
      fault = Invalid("at most 250 hotels per request");
      return;
    }
    out->segments.push_back(std::move(s));
  });
  if (!fault && out->segments.empty()) fault = Missing("AvailRequestSegment");
  return fault;
}

void TakeIds(const pugi::xml_node& reservation, std::string* supplier, std::string* client) {
  const auto take = [&](std::string_view type, std::string_view value) {
    if (type == "14" && supplier->empty()) *supplier = std::string(value);
    if (type == "16" && client->empty()) *client = std::string(value);
  };
  ForEach(Path(reservation, {"ResGlobalInfo", "HotelReservationIDs"}), "HotelReservationID",
          [&](const pugi::xml_node& id) { take(Attr(id, "ResID_Type"), Attr(id, "ResID_Value")); });
  ForEach(reservation, "UniqueID", [&](const pugi::xml_node& id) { take(Attr(id, "Type"), Attr(id, "ID")); });
}

std::optional<OtaFault> ParseRes(const pugi::xml_node& root, std::string_view currency, ResRQ* out) {
  out->res_status = std::string(Attr(root, "ResStatus"));
  if (out->res_status.empty()) return Missing("ResStatus");
  pugi::xml_node reservation = Path(root, {"HotelReservations", "HotelReservation"});
  if (!reservation) return Missing("HotelReservations HotelReservation");
  TakeIds(reservation, &out->supplier_reference, &out->client_reference);
  pugi::xml_node stay = Path(reservation, {"RoomStays", "RoomStay"});
  out->booking_code = std::string(Attr(Path(stay, {"RoomRates", "RoomRate"}), "BookingCode"));
  out->hotel_code = std::string(Attr(Child(stay, "BasicPropertyInfo"), "HotelCode"));
  pugi::xml_node total = Child(stay, "Total");
  if (!total) total = Path(reservation, {"ResGlobalInfo", "Total"});
  if (total) {
    out->expected_net = Amount(total, currency);
    if (!out->expected_net) return Invalid("Total AmountAfterTax/CurrencyCode (in " + std::string(currency) + ")");
  }
  // The holder: the primary guest, else the first.
  pugi::xml_node holder, primary;
  ForEach(Child(reservation, "ResGuests"), "ResGuest", [&](const pugi::xml_node& g) {
    if (!holder) holder = g;
    if (!primary && Attr(g, "PrimaryIndicator") == "true") primary = g;
  });
  if (primary) holder = primary;
  pugi::xml_node name = Path(holder, {"Profiles", "ProfileInfo", "Profile", "Customer", "PersonName"});
  out->holder_first = std::string(xml::Text(Child(name, "GivenName")));
  out->holder_last = std::string(xml::Text(Child(name, "Surname")));
  return std::nullopt;
}

void ParseUniqueId(const pugi::xml_node& parent, std::string* supplier, std::string* client) {
  ForEach(parent, "UniqueID", [&](const pugi::xml_node& id) {
    if (Attr(id, "Type") == "14" && supplier->empty()) *supplier = std::string(Attr(id, "ID"));
    if (Attr(id, "Type") == "16" && client->empty()) *client = std::string(Attr(id, "ID"));
  });
}

}  // namespace

OtaFault OtaFaultFor(const Error& error, int conflict_code) {
  switch (error.code) {
    case Errc::unauthenticated:
    case Errc::forbidden: return {kAuthentication, 497, "Authorization error"};
    case Errc::sold_out: return {kBizRule, 322, "No availability: " + error.detail};
    case Errc::price_changed: return {kBizRule, 189, "Price has been changed: " + error.detail};
    case Errc::conflict: return {kBizRule, conflict_code, error.detail};
    case Errc::not_found: return {kBizRule, 245, "Invalid confirmation number: " + error.detail};
    case Errc::gone: return {kBizRule, 450, "Unable to process: " + error.detail};
    case Errc::validation_failed: {
      const std::string field = error.fields.empty() ? "" : error.fields[0].field;
      const std::string text = error.fields.empty() ? error.detail : error.fields[0].message;
      if (field == "rateKey") return {kBizRule, 249, "Invalid rate code: " + text};
      if (field == "checkIn" || field == "checkOut") return {kBizRule, 15, "Invalid date: " + field + " " + text};
      if (field == "clientReference") return Missing("client reference (ResID_Type 16)");
      return {kBizRule, 320, "Invalid value: " + field + " " + text};
    }
    default: return {kUnknown, 448, "System error"};
  }
}

std::string_view ResponseRoot(std::string_view request) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kRoots{{
      {"OTA_HotelAvailRQ", "OTA_HotelAvailRS"},
      {"OTA_HotelResRQ", "OTA_HotelResRS"},
      {"OTA_ReadRQ", "OTA_ResRetrieveRS"},
      {"OTA_CancelRQ", "OTA_CancelRS"},
      {"OTA_HotelDescriptiveInfoRQ", "OTA_HotelDescriptiveInfoRS"},
  }};
  for (const auto& [rq, rs] : kRoots) {
    if (rq == request) return rs;
  }
  return {};
}

std::optional<OtaFault> ParseMessage(std::string_view name, std::string_view body, std::string_view currency,
                                     Message* out) {
  pugi::xml_document doc;
  // No parse_doctype: DTDs and their entities are skipped, never expanded or fetched.
  const auto parsed = doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return OtaFault{kProtocolViolation, 320, std::string("Invalid value: the body is not XML (") + parsed.description() + ")"};
  }
  pugi::xml_node root = doc.document_element();
  if (xml::LocalName(root) != name) {
    return OtaFault{kProtocolViolation, 320, "Invalid value: expected a " + std::string(name) + " message"};
  }
  const std::string_view qname = root.name();
  const auto colon = qname.rfind(':');
  const std::string ns_attr = colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(qname.substr(0, colon));
  if (auto ns = root.attribute(ns_attr.c_str()); ns && std::string_view(ns.value()) != xml::kNamespace) {
    return OtaFault{kProtocolViolation, 320, "Invalid value: not in the OpenTravel namespace"};
  }
  pugi::xml_node requestor = Path(root, {"POS", "Source", "RequestorID"});
  out->requestor = {std::string(Attr(requestor, "ID")), std::string(Attr(requestor, "MessagePassword"))};

  if (name == "OTA_HotelAvailRQ") return ParseAvail(root, &out->avail);
  if (name == "OTA_HotelResRQ") return ParseRes(root, currency, &out->res);
  if (name == "OTA_ReadRQ") {
    ParseUniqueId(Path(root, {"ReadRequests", "ReadRequest"}), &out->read.supplier_reference,
                  &out->read.client_reference);
    if (out->read.supplier_reference.empty() && out->read.client_reference.empty()) {
      return Missing("ReadRequest UniqueID (Type 14 or 16)");
    }
    return std::nullopt;
  }
  if (name == "OTA_CancelRQ") {
    const std::string_view type = Attr(root, "CancelType");
    if (type != "Quote" && type != "Initiate" && type != "Commit") return Invalid("CancelType (Quote, Commit)");
    out->cancel.commit = type == "Commit";
    ParseUniqueId(root, &out->cancel.supplier_reference, &out->cancel.client_reference);
    if (out->cancel.supplier_reference.empty() && out->cancel.client_reference.empty()) {
      return Missing("UniqueID (Type 14 or 16)");
    }
    return std::nullopt;
  }
  if (name == "OTA_HotelDescriptiveInfoRQ") {
    pugi::xml_node infos = Child(root, "HotelDescriptiveInfos");
    if (std::string_view s = Attr(infos, "Start"); !s.empty()) {
      auto v = Int(s);
      if (!v || *v < 0) return Invalid("HotelDescriptiveInfos Start");
      out->content.start = *v;
    }
    if (std::string_view m = Attr(infos, "Max"); !m.empty()) {
      auto v = Int(m);
      if (!v || *v < 1 || *v > 5000) return Invalid("HotelDescriptiveInfos Max (1..5000)");
      out->content.max = *v;
    }
    return std::nullopt;
  }
  return OtaFault{2, 320, "Invalid value: " + std::string(name) + " is not implemented"};
}

}  // namespace hotel::sim::ota
