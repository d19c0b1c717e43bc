// Feeds arbitrary bytes to every ota-xml response parser and the HTTP status mapper: none may
// crash, hang, throw or leak; an error's detail stays bounded; what parses is well-formed money
// (a currency, no negative amount) with a sorted cancellation policy.
#include "modules/supplier-adapter/connectors/ota/ota_wire.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using namespace hotel;
using namespace hotel::supplier;

constexpr std::size_t kMaxDetail = kMaxExcerpt + 400;

void Require(bool ok) {
  if (!ok) std::abort();
}

bool GoodMoney(const Money& m) { return IsCurrencyCode(m.currency) && m.minor >= 0; }

bool GoodPolicy(const std::vector<CancellationPenalty>& points) {
  return std::is_sorted(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.from < b.from; }) &&
         std::all_of(points.begin(), points.end(), [](const auto& p) { return GoodMoney(p.penalty); });
}

template <class T>
bool Failed(const Result<T>& r) {
  if (r) return false;
  Require(r.error().detail.size() <= kMaxDetail);
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const ota::ParseContext ctx{*ParseDate("2026-12-01"), *ParseDate("2026-12-03"), *ParseIso8601("2026-11-20T10:00:00Z")};

  if (auto r = ota::ParseAvailRS(body, ctx); !Failed(r)) {
    for (const auto& hotel : r->hotels) {
      Require(!hotel.hotel_code.empty() && !hotel.rates.empty());
      for (const auto& rate : hotel.rates) {
        Require(GoodMoney(rate.net) && GoodPolicy(rate.cancellation) && ota::ParseRateToken(rate.rate_token));
        Require(rate.refundable || !rate.cancellation.empty());
      }
    }
  }
  if (auto r = ota::ParseReservationRS(body, ctx); !Failed(r)) {
    Require(!r->supplier_reference.empty() && GoodPolicy(r->cancellation));
    Require(!r->cancellation_penalty || GoodMoney(*r->cancellation_penalty));
  }
  if (auto r = ota::ParseCancelRS(body); !Failed(r)) Require(!r->penalty || GoodMoney(*r->penalty));
  if (auto r = ota::ParseDescriptiveInfoRS(body, 0, 100); !Failed(r)) {
    for (const auto& h : r->hotels) Require(!h.code.empty() && h.lat >= -180 && h.lat <= 180 && h.lon >= -180 && h.lon <= 180);
  }
  const int status = size > 0 ? 200 + data[0] % 400 : 500;
  if (auto e = ota::ErrorForHttpStatus(status, body, body.substr(0, 8))) Require(e->detail.size() <= kMaxDetail);
  return 0;
}
