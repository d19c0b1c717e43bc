// Feeds arbitrary bytes to every rapid-json response parser and the error mapper: none may
// crash, hang, throw or leak; a parse error is upstream_unavailable with a bounded detail.
#include "modules/supplier-adapter/connectors/rapid/rapid_wire.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using namespace hotel;
using namespace hotel::supplier;

template <class T>
void Check(const Result<T>& r) {
  if (!r && (r.error().code != Errc::upstream_unavailable || r.error().detail.size() > kMaxExcerpt + 400)) std::abort();
}

// The requests the parsers are given: one room and two (the second with children), so the
// occupancy_pricing keys of a seed ("2", "1-5") are found.
SearchRequest Search() {
  SearchRequest s;
  s.hotel_codes = {"RPD1"};
  s.check_in = *ParseDate("2026-12-01");
  s.check_out = *ParseDate("2026-12-03");
  s.rooms = {RoomOccupancy{2, {}}, RoomOccupancy{1, {5}}};
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  static const SearchRequest two_rooms = Search();
  static const SearchRequest one_room = [] {
    auto s = Search();
    s.rooms.resize(1);
    return s;
  }();
  Check(rapid::ParseAvailability(body, two_rooms));
  Check(rapid::ParseAvailability(body, one_room));
  QuoteRequest q{"RPD1", "/v3/properties/RPD1/rooms/DBL.ST/rates/x?token=t", one_room.check_in, one_room.check_out,
                 one_room.rooms, Money{100, "USD"}};
  Check(rapid::ParsePriceCheck(body, q));
  q.rooms = two_rooms.rooms;
  Check(rapid::ParsePriceCheck(body, q));
  Check(rapid::ParseItineraryCreated(body));
  Check(rapid::ParseItinerary(body));
  Check(rapid::ParseItineraryList(body));
  // The content parser also reads two headers: let the input's first line be them.
  const auto nl = body.find('\n');
  const auto header = nl == std::string_view::npos ? std::string_view{} : body.substr(0, nl);
  Check(rapid::ParseContent(body, header, header.substr(0, 12)));
  const int status = size > 0 ? 400 + data[0] % 200 : 500;
  const auto e = rapid::ErrorFromResponse(status, body, body.substr(0, 8), size % 2 == 0);
  if (e.detail.size() > 3 * kMaxExcerpt + 200 || e.fields.size() > 16) std::abort();
  return 0;
}
