// Feeds arbitrary bytes to every hbx-json response parser and the error mapper: none may
// crash, hang, throw or leak, and an error's detail stays bounded.
#include "modules/supplier-adapter/connectors/hbx/hbx_wire.hpp"

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  Check(hbx::ParseAvailability(body));
  Check(hbx::ParseCheckRates(body));
  Check(hbx::ParseBooking(body));
  Check(hbx::ParseBookingList(body, "ord_1"));
  Check(hbx::ParseCancellationCost(body));
  Check(hbx::ParseContent(body));
  const auto status = size > 0 ? 400 + data[0] % 200 : 500;
  const auto e = hbx::ErrorFromResponse(status, body, body.substr(0, 8));
  if (e.detail.size() > 3 * kMaxExcerpt + 200) std::abort();
  return 0;
}
