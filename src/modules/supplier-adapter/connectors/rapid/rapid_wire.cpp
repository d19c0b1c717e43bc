// rapid-json requests, error answers, itineraries and content (rates: rapid_rates.cpp).
#include "modules/supplier-adapter/connectors/rapid/rapid_wire.hpp"

#include "modules/supplier-adapter/connectors/rapid/rapid_json.hpp"
#include "modules/supplier-adapter/connectors/rapid/rapid_rates.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <openssl/evp.h>

#include <algorithm>
#include <array>

namespace hotel::supplier::rapid {
namespace {

std::string Hex(const unsigned char* data, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0xF]);
  }
  return out;
}

std::string Sha512Hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int n = 0;
  EVP_Digest(text.data(), text.size(), md.data(), &n, EVP_sha512(), nullptr);
  return Hex(md.data(), n);
}

// Query values: unreserved characters and ',' (Rapid's occupancy "2-9,4") as they are.
std::string Encode(std::string_view s) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~' || c == ',') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0xF]);
    }
  }
  return out;
}

std::string Decode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

bool ValidReference(std::string_view ref) {
  if (ref.size() < 3 || ref.size() > 28) return false;
  return std::all_of(ref.begin(), ref.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::optional<std::string> LinkHref(JsonWalk& w, const json::object* links, std::string_view name,
                                     std::string_view prefix, const JsonPath& path, bool required) {
  const json::object* link = links ? w.Object(*links, name, path, required) : nullptr;
  if (!link) {
    if (!links && required) w.Fail(path, "missing");
    return std::nullopt;
  }
  const JsonPath link_path = path.Key(name);
  const auto href = w.String(*link, "href", link_path, true);
  if (!href) return std::nullopt;
  if (!IsRapidPath(*href, prefix)) {
    w.Fail(link_path.Key("href"), "not a rapid path");
    return std::nullopt;
  }
  return std::string(*href);
}

BookingStatus StatusOfRooms(const std::vector<Itinerary::Room>& rooms) {
  bool all_cancelled = true, held = false, pending = false, booked = false;
  for (const auto& r : rooms) {
    all_cancelled &= r.status == "canceled" || r.status == "cancelled";
    held |= r.status == "on_hold";
    pending |= r.status == "pending";
    booked |= r.status == "booked";
  }
  if (all_cancelled) return BookingStatus::kCancelled;
  if (held) return BookingStatus::kHeld;
  if (pending) return BookingStatus::kOnRequest;
  if (booked) return BookingStatus::kConfirmed;  // some rooms may be cancelled: still a booking
  return BookingStatus::kUnknown;
}

std::optional<Itinerary> ReadItinerary(JsonWalk& w, const json::object& o, const JsonPath& path) {
  Itinerary it;
  const auto id = w.String(o, "itinerary_id", path, true);
  const auto reference = w.String(o, "affiliate_reference_id", path, false);
  const auto property = w.String(o, "property_id", path, false);
  const json::array* rooms = w.Array(o, "rooms", path, true);
  if (!id || !rooms) return std::nullopt;
  if (rooms->empty()) {
    w.Fail(path.Key("rooms"), "no rooms");
    return std::nullopt;
  }
  Booking& b = it.booking;
  b.supplier_reference = std::string(*id);
  b.client_reference = std::string(reference.value_or(""));
  b.hotel_code = std::string(property.value_or(""));
  const json::object* links = w.Object(o, "links", path, false);
  const JsonPath links_path = path.Key("links");
  it.resume_href = LinkHref(w, links, "resume", "/v3/itineraries/", links_path, false).value_or("");
  it.cancel_href = LinkHref(w, links, "cancel", "/v3/itineraries/", links_path, false).value_or("");

  Pricing total;
  std::vector<std::vector<CancellationPenalty>> policies;
  Money refund;
  bool every_refund = true;
  const JsonPath rooms_path = path.Key("rooms");
  for (std::size_t i = 0; i < rooms->size(); ++i) {
    const JsonPath rp = rooms_path.At(i);
    const json::object* room = w.AsObject((*rooms)[i], rp);
    if (!room) return std::nullopt;
    Itinerary::Room r;
    const auto room_id = w.String(*room, "id", rp, true);
    const auto status = w.String(*room, "status", rp, true);
    const auto checkin = w.String(*room, "checkin", rp, true);
    const auto checkout = w.String(*room, "checkout", rp, true);
    const json::object* rate = w.Object(*room, "rate", rp, true);
    if (!room_id || !status || !checkin || !checkout || !rate) return std::nullopt;
    const auto ci = ParseDate(*checkin), co = ParseDate(*checkout);
    if (!ci || !co || *co <= *ci) {
      w.Fail(rp, "checkin/checkout are not a stay");
      return std::nullopt;
    }
    if (i == 0) {
      b.check_in = *ci;
      b.check_out = *co;
    }
    const JsonPath ratep = rp.Key("rate");
    const json::object* pricing = w.Object(*rate, "pricing", ratep, true);
    if (!pricing) return std::nullopt;
    auto price = ReadPricing(w, *pricing, ratep.Key("pricing"));
    if (!price || !AddPricing(w, total, *price, 1, ratep)) return std::nullopt;
    const bool refundable = w.Bool(*rate, "refundable", ratep, false).value_or(true);
    auto policy = ReadPolicy(w, *rate, *price, *ci, refundable, ratep);
    if (!policy) return std::nullopt;
    policies.push_back(std::move(*policy));
    if (auto r_refund = w.Amount(*rate, "cancel_refund", ratep, false)) {
      if (refund.currency.empty()) refund.currency = r_refund->currency;
      if (r_refund->currency != refund.currency || r_refund->minor < 0 ||
          __builtin_add_overflow(refund.minor, r_refund->minor, &refund.minor)) {
        every_refund = false;
      }
    } else {
      every_refund = false;
    }
    r.id = std::string(*room_id);
    r.status = std::string(*status);
    const json::object* room_links = w.Object(*room, "links", rp, false);
    r.cancel_href = LinkHref(w, room_links, "cancel", "/v3/itineraries/", rp.Key("links"), false).value_or("");
    if (w.failed()) return std::nullopt;
    it.rooms.push_back(std::move(r));
  }
  b.net = total.total;
  b.cancellation = MergePolicies(policies, b.net.currency);
  b.status = StatusOfRooms(it.rooms);
  if (every_refund) it.refund = refund;
  // What was not refunded was charged (both are non-negative, so the difference cannot overflow).
  if (b.status == BookingStatus::kCancelled && it.refund && it.refund->currency == b.net.currency) {
    b.cancellation_penalty = Money{std::max<std::int64_t>(0, b.net.minor - it.refund->minor), b.net.currency};
  }
  return it;
}

}  // namespace

std::string AuthorizationHeader(std::string_view api_key, std::string_view secret, std::int64_t unix_seconds) {
  const std::string ts = std::to_string(unix_seconds);
  std::string material;
  material.append(api_key).append(secret).append(ts);
  return "EAN APIKey=" + std::string(api_key) + ",Signature=" + Sha512Hex(material) + ",timestamp=" + ts;
}

std::string OccupancyParam(const RoomOccupancy& room) {
  std::string out = std::to_string(room.adults);
  for (std::size_t i = 0; i < room.child_ages.size(); ++i) {
    out += (i == 0 ? '-' : ',');
    out += std::to_string(room.child_ages[i]);
  }
  return out;
}

std::string AvailabilityTarget(const SearchRequest& request, std::string_view currency) {
  std::string t = "/v3/properties/availability?checkin=" + FormatDate(request.check_in) +
                  "&checkout=" + FormatDate(request.check_out) + "&currency=" + Encode(currency) +
                  "&country_code=" + Encode(request.nationality) + "&language=en-US";
  for (const auto& room : request.rooms) t += "&occupancy=" + Encode(OccupancyParam(room));
  for (const auto& code : request.hotel_codes) t += "&property_id=" + Encode(code);
  t += "&rate_plan_count=250&sales_channel=agent_tool&sales_environment=hotel_only";
  return t;
}

std::size_t PropertiesPerRequest(const SearchRequest& request) {
  std::vector<std::string> keys;
  for (const auto& room : request.rooms) {
    auto key = OccupancyParam(room);
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  }
  const auto nights = static_cast<std::size_t>(std::max<std::int64_t>(request.check_out - request.check_in, 1));
  // Measured on the simulator: about 15 rates a property, each ~800 bytes plus ~300 per
  // occupancy plus ~140 per night and occupancy; the estimate errs on the large side.
  const std::size_t per_property = 15 * (800 + std::max<std::size_t>(keys.size(), 1) * (300 + nights * 140));
  return std::clamp<std::size_t>(kMaxBody / 2 / per_property, 1, 250);
}

bool IsRapidPath(std::string_view href, std::string_view prefix) {
  if (href.size() > 4096 || href.substr(0, prefix.size()) != prefix) return false;
  if (href.find("..") != std::string_view::npos || href.find('#') != std::string_view::npos) return false;
  return std::none_of(href.begin(), href.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f || c == '\\';
  });
}

Result<std::string> ItineraryBody(const BookRequest& request, std::string_view email) {
  if (!ValidReference(request.client_reference)) {
    return Error::Validation("client_reference", "3 to 28 characters of A-Z a-z 0-9 _ -");
  }
  if (request.rooms.empty()) return Error::Validation("rooms", "at least one room");
  if (request.guests.empty() || request.guests[0].empty() || request.guests[0][0].first_name.empty() ||
      request.guests[0][0].last_name.empty()) {
    return Error::Validation("guests[0][0]", "the lead guest's first and last name are required");
  }
  const Guest& holder = request.guests[0][0];
  json::array rooms;
  for (std::size_t i = 0; i < request.rooms.size(); ++i) {
    const Guest& g = i < request.guests.size() && !request.guests[i].empty() && !request.guests[i][0].first_name.empty()
                         ? request.guests[i][0]
                         : holder;
    json::object room{{"given_name", g.first_name}, {"family_name", g.last_name}, {"smoking", false}};
    if (i == 0 && !request.remark.empty()) room["special_request"] = request.remark;
    rooms.push_back(std::move(room));
  }
  json::object contact{{"given_name", holder.first_name},
                       {"family_name", holder.last_name},
                       {"address", {{"line_1", "1 Platform Street"}, {"city", "London"}, {"country_code", "GB"}}}};
  json::object body{{"affiliate_reference_id", request.client_reference},
                    {"hold", request.hold_only},
                    {"email", email},
                    {"phone", {{"country_code", "44"}, {"area_code", "20"}, {"number", "70000000"}}},
                    {"rooms", std::move(rooms)},
                    {"payments", json::array{json::object{{"type", "affiliate_collect"},
                                                          {"billing_contact", std::move(contact)}}}}};
  return json::serialize(body);
}

std::string ItinerarySearchTarget(std::string_view client_reference, std::string_view email) {
  return "/v3/itineraries?affiliate_reference_id=" + Encode(client_reference) + "&email=" + Encode(email);
}

std::string ContentTarget(const ContentRequest& request) {
  const int limit = std::clamp(request.page_size, 1, 1000);
  std::string t = "/v3/properties/content?language=en-US&supply_source=expedia&limit=" + std::to_string(limit);
  if (!request.cursor.empty()) t += "&token=" + Encode(request.cursor);
  return t;
}

Error ErrorFromResponse(int status, std::string_view body, std::string_view retry_after, bool booking_lookup) {
  // Rapid's error shape: {"type": "...", "message": "...", "fields": [{name, type, value}]}.
  std::string type, message;
  std::vector<FieldError> fields;
  if (body.size() <= 64 * 1024) {
    boost::system::error_code ec;
    json::parse_options options;
    options.max_depth = 8;
    const json::value v = json::parse(body, ec, {}, options);
    if (const auto* o = ec ? nullptr : v.if_object()) {
      if (const auto* t = o->if_contains("type"); t && t->is_string()) type = Excerpt(t->get_string());
      if (const auto* m = o->if_contains("message"); m && m->is_string()) message = Excerpt(m->get_string());
      if (const auto* f = o->if_contains("fields"); f && f->is_array()) {
        for (const auto& field : f->get_array()) {
          const auto* fo = field.if_object();
          const auto* name = fo ? fo->if_contains("name") : nullptr;
          if (name && name->is_string() && fields.size() < 16) {
            fields.push_back({Excerpt(name->get_string()), message.empty() ? "rejected by the supplier" : message});
          }
        }
      }
    }
  }
  std::string detail = "rapid answered " + std::to_string(status);
  if (!type.empty()) detail += " " + type;
  detail += ": " + (message.empty() ? Excerpt(body) : message);

  if (status == 429 || (status == 403 && (type.find("throttl") != std::string::npos ||
                                          body.find("Over QPS") != std::string_view::npos))) {
    std::int64_t seconds = 0;
    bool digits = !retry_after.empty() && retry_after.size() <= 6;
    for (char c : retry_after) {
      if (c < '0' || c > '9') digits = false;
      else seconds = seconds * 10 + (c - '0');
    }
    if (digits) detail += "; retry after " + std::to_string(seconds * 1000) + " ms";
    return Error{Errc::rate_limited, detail, {}};
  }
  if (status == 401 || status == 403) {
    // Our credentials are wrong: nothing the caller can fix per request, and every call fails
    // until an operator does, so the breaker should see it.
    return Error::Unavailable("rapid refused our credentials: " + detail);
  }
  if (status == 400 || status == 422) {
    Error e{Errc::validation_failed, detail, std::move(fields)};
    return e;
  }
  if (status == 404) {
    if (booking_lookup) return Error::NotFound(detail);
    return Error{Errc::validation_failed, detail + " (the link is unknown or stale)", {}};
  }
  if (status == 409) {
    if (type == "rooms_unavailable" || type == "sold_out") return Error{Errc::sold_out, detail, {}};
    if (type == "price_mismatch" || type == "price_changed") return Error{Errc::price_changed, detail, {}};
    return Error::Conflict(detail);  // duplicate_itinerary and other state conflicts
  }
  if (status == 410) {
    if (type == "rooms_unavailable" || type == "sold_out") return Error{Errc::sold_out, detail, {}};
    return Error{Errc::gone, detail, {}};
  }
  return Error::Unavailable(detail);  // 5xx, and statuses Rapid does not use
}

Result<ItineraryCreated> ParseItineraryCreated(std::string_view body) {
  auto root = ParseBody(body);
  if (!root) return root.error();
  const json::object* o = (*root)->if_object();
  if (!o) return Malformed("itinerary: expected an object", body);
  JsonWalk w(body);
  ItineraryCreated out;
  const JsonPath document, links_path("links");
  const auto id = w.String(*o, "itinerary_id", document, true);
  const json::object* links = w.Object(*o, "links", document, true);
  auto retrieve = LinkHref(w, links, "retrieve", "/v3/itineraries/", links_path, true);
  auto resume = LinkHref(w, links, "resume", "/v3/itineraries/", links_path, false);
  auto cancel = LinkHref(w, links, "cancel", "/v3/itineraries/", links_path, false);
  if (w.failed() || !id || !retrieve) return w.error();
  if (id->empty()) return Malformed("itinerary: empty itinerary_id", body);
  out.itinerary_id = std::string(*id);
  out.retrieve_href = std::move(*retrieve);
  out.resume_href = resume.value_or("");
  out.cancel_href = cancel.value_or("");
  return out;
}

Result<Itinerary> ParseItinerary(std::string_view body) {
  auto root = ParseBody(body);
  if (!root) return root.error();
  const json::object* o = (*root)->if_object();
  if (!o) return Malformed("itinerary: expected an object", body);
  JsonWalk w(body);
  auto it = ReadItinerary(w, *o, JsonPath());
  if (w.failed() || !it) return w.error();
  return std::move(*it);
}

Result<std::vector<Itinerary>> ParseItineraryList(std::string_view body) {
  auto root = ParseBody(body);
  if (!root) return root.error();
  JsonWalk w(body);
  std::vector<Itinerary> out;
  if (const json::object* o = (*root)->if_object()) {
    auto it = ReadItinerary(w, *o, JsonPath());
    if (w.failed() || !it) return w.error();
    out.push_back(std::move(*it));
    return out;
  }
  const json::array* a = (*root)->if_array();
  if (!a) return Malformed("itineraries: expected an array", body);
  const JsonPath document;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const JsonPath ip = document.At(i);
    const json::object* o = w.AsObject((*a)[i], ip);
    auto it = o ? ReadItinerary(w, *o, ip) : std::nullopt;
    if (w.failed() || !it) return w.error();
    out.push_back(std::move(*it));
  }
  return out;
}

Result<ContentPage> ParseContent(std::string_view body, std::string_view link_header, std::string_view total_header) {
  auto root = ParseBody(body);
  if (!root) return root.error();
  const json::object* o = (*root)->if_object();
  if (!o) return Malformed("content: expected an object keyed by property_id", body);
  JsonWalk w(body);
  ContentPage page;
  for (const auto& kv : *o) {
    const JsonPath p{std::string_view(kv.key())};
    const json::object* h = w.AsObject(kv.value(), p);
    if (!h) break;
    ContentHotel hotel;
    hotel.code = std::string(w.String(*h, "property_id", p, false).value_or(std::string_view(kv.key())));
    hotel.name = std::string(w.String(*h, "name", p, true).value_or(""));
    hotel.phone = std::string(w.String(*h, "phone", p, false).value_or(""));
    if (const json::object* a = w.Object(*h, "address", p, false)) {
      const JsonPath ap = p.Key("address");
      hotel.address = std::string(w.String(*a, "line_1", ap, false).value_or(""));
      if (auto line2 = w.String(*a, "line_2", ap, false); line2 && !line2->empty()) {
        hotel.address += (hotel.address.empty() ? "" : ", ") + std::string(*line2);
      }
      hotel.city = std::string(w.String(*a, "city", ap, false).value_or(""));
      hotel.postcode = std::string(w.String(*a, "postal_code", ap, false).value_or(""));
      hotel.country = std::string(w.String(*a, "country_code", ap, false).value_or(""));
    }
    if (const json::object* loc = w.Object(*h, "location", p, false)) {
      if (const json::object* c = w.Object(*loc, "coordinates", p.Key("location"), false)) {
        const JsonPath cp = p.Key("location.coordinates");
        hotel.lat = w.Number(*c, "latitude", cp, true).value_or(0);
        hotel.lon = w.Number(*c, "longitude", cp, true).value_or(0);
      }
    }
    if (const json::object* ratings = w.Object(*h, "ratings", p, false)) {
      if (const json::object* prop = w.Object(*ratings, "property", p.Key("ratings"), false)) {
        if (auto rating = w.String(*prop, "rating", p.Key("ratings.property"), false)) {
          // "4.0", "3.5": whole stars (a half star rounds down).
          if (rating->empty() || (*rating)[0] < '0' || (*rating)[0] > '5') {
            w.Fail(p.Key("ratings.property.rating"), "expected 0.0 to 5.0");
          } else {
            hotel.stars = (*rating)[0] - '0';
          }
        }
      }
    }
    for (const char* key : {"chain", "brand"}) {
      if (!hotel.chain.empty()) break;
      if (const json::object* c = w.Object(*h, key, p, false)) {
        hotel.chain = std::string(w.String(*c, "name", p.Key(key), false).value_or(""));
      }
    }
    if (w.failed()) break;
    page.hotels.push_back(std::move(hotel));
  }
  if (w.failed()) return w.error();

  // Link: <https://…/v3/properties/content?token=abc&…>; rel="next"[, <…>; rel="prev"]
  std::size_t pos = 0;
  while ((pos = link_header.find('<', pos)) != std::string_view::npos) {
    const auto close = link_header.find('>', pos);
    if (close == std::string_view::npos) break;
    const auto url = link_header.substr(pos + 1, close - pos - 1);
    const auto next_lt = link_header.find('<', close);
    const auto params = link_header.substr(close + 1, next_lt == std::string_view::npos ? std::string_view::npos
                                                                                        : next_lt - close - 1);
    pos = close + 1;
    if (params.find("rel=\"next\"") == std::string_view::npos && params.find("rel=next") == std::string_view::npos) {
      continue;
    }
    const auto q = url.find('?');
    if (q == std::string_view::npos) break;
    std::string_view query = url.substr(q + 1);
    while (!query.empty()) {
      const auto amp = query.find('&');
      const auto param = query.substr(0, amp);
      if (param.substr(0, 6) == "token=") page.next_cursor = Decode(param.substr(6));
      query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    }
    break;
  }
  if (!total_header.empty() && total_header.size() <= 12 &&
      std::all_of(total_header.begin(), total_header.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    page.total = std::stoll(std::string(total_header));
  }
  return page;
}

}  // namespace hotel::supplier::rapid
