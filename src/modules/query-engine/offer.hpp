// An offer as search returns it and quote/order take it back: everything needed to re-check
// and book it with its supplier, sealed into the opaque offerId (libsodium secretbox under a
// key derived from ENCRYPTION_SECRET) so that the platform keeps no per-search state, any
// replica can quote any offer, and an agent never sees the supplier, its hotel code, the rate
// token or the net price. An offer is bound to the tenant that searched and expires.
#pragma once

#include "core/clock.hpp"
#include "core/date.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "ports/supplier_connector.hpp"

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::query {

// Offers are quotable for this long after the search (the simulators' rate tokens live 30 min).
inline constexpr std::chrono::minutes kOfferLifetime{30};

struct Offer {
  std::string tenant_id;          // the searching tenant; another tenant's offerId is not_found
  std::string master_hotel_id;    // htl_…
  std::string supplier;           // supplier code
  std::string hotel_code;         // the supplier's hotel code
  std::string country, city;      // the master's, for pricing rules
  Date check_in, check_out;
  std::vector<supplier::RoomOccupancy> rooms;
  std::string nationality;
  supplier::Rate rate;            // token, room, board, net, floor, refundable, cancellation, payment
  std::string currency;           // the caller's currency at search
  Money price;                    // what the caller was shown (final, caller's currency)
  Instant expires_at{};
};

class OfferCodec {
 public:
  // An empty secret makes a codec that refuses to seal (search then fails with internal and
  // says ENCRYPTION_SECRET is missing); tests pass any non-empty secret.
  explicit OfferCodec(std::string_view encryption_secret);
  bool available() const { return key_.has_value(); }
  // "ofr_" + base64url(nonce || secretbox(the offer in a compact binary form)): ~500 characters.
  Result<std::string> Seal(const Offer& offer) const;
  // The same id for `offer` with `rate` in place of offer.rate, appended to `out` without the
  // "ofr_" prefix's own string (a city answer seals hundreds); false without a key.
  bool SealInto(const Offer& offer, const supplier::Rate& rate, std::string& out) const;
  // validation_failed (field "offerId") when malformed, altered or sealed under another key;
  // not_found when sealed for another tenant; gone when expired at `now`.
  Result<Offer> Open(std::string_view offer_id, std::string_view tenant_id, Instant now) const;

 private:
  std::optional<std::array<unsigned char, 32>> key_;
};

}  // namespace hotel::query
