// Sealed offer ids: an Offer serialised as compact JSON, boxed with libsodium's secretbox
// under a key derived from ENCRYPTION_SECRET, and written as "ofr_" + base64url (no padding).
#include "modules/query-engine/offer.hpp"

#include <boost/json.hpp>
#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace hotel::query {
namespace {

namespace json = boost::json;

constexpr std::string_view kPrefix = "ofr_";
// The context keeps this key apart from every other key derived from the same secret.
constexpr std::string_view kKeyContext = "offer-v1";
// An offer is a few hundred bytes; anything far larger is not one of ours.
constexpr std::size_t kMaxIdChars = 16 * 1024;

void EnsureSodium() {
  static const int rc = sodium_init();
  if (rc < 0) throw std::runtime_error("libsodium failed to initialise");
}

Error BadId(std::string why) { return Error::Validation("offerId", "is not a valid offer id (" + why + ")"); }

json::object MoneyJson(const Money& m) { return {{"a", m.minor}, {"c", m.currency}}; }

Money MoneyOf(const json::value& v) {
  const auto& o = v.as_object();
  return Money{o.at("a").to_number<std::int64_t>(), std::string(o.at("c").as_string())};
}

std::int64_t MillisOf(Instant t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

Instant InstantOfMillis(std::int64_t ms) {
  return Instant(std::chrono::duration_cast<Instant::duration>(std::chrono::milliseconds(ms)));
}

std::string Serialise(const Offer& o) {
  json::array rooms;
  for (const auto& r : o.rooms) {
    json::array ages;
    for (int a : r.child_ages) ages.push_back(a);
    rooms.push_back(json::object{{"a", r.adults}, {"k", std::move(ages)}});
  }
  json::array cancellation;
  for (const auto& p : o.rate.cancellation) {
    cancellation.push_back(json::object{{"f", MillisOf(p.from)}, {"p", MoneyJson(p.penalty)}});
  }
  json::object rate{{"tk", o.rate.rate_token},
                    {"rc", o.rate.room_code},
                    {"rn", o.rate.room_name},
                    {"b", static_cast<int>(o.rate.board)},
                    {"n", MoneyJson(o.rate.net)},
                    {"r", o.rate.refundable},
                    {"x", std::move(cancellation)},
                    {"l", o.rate.rooms_left},
                    {"rr", o.rate.recheck_required},
                    {"pt", static_cast<int>(o.rate.payment)}};
  if (o.rate.selling_floor) rate["fl"] = MoneyJson(*o.rate.selling_floor);
  json::object root{{"v", 1},
                    {"t", o.tenant_id},
                    {"h", o.master_hotel_id},
                    {"s", o.supplier},
                    {"hc", o.hotel_code},
                    {"co", o.country},
                    {"ci", o.city},
                    {"in", o.check_in.days},
                    {"out", o.check_out.days},
                    {"rm", std::move(rooms)},
                    {"na", o.nationality},
                    {"rt", std::move(rate)},
                    {"cu", o.currency},
                    {"pr", MoneyJson(o.price)},
                    {"ex", MillisOf(o.expires_at)}};
  return json::serialize(root);
}

// Only ever called on plaintext that authenticated under our key, so a shape error means a
// different version of this code sealed it: reported as a bad id, never thrown.
Result<Offer> Deserialise(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return BadId("unreadable contents");
  try {
    const auto& o = v.as_object();
    if (o.at("v").to_number<int>() != 1) return BadId("unknown version");
    Offer offer;
    offer.tenant_id = o.at("t").as_string();
    offer.master_hotel_id = o.at("h").as_string();
    offer.supplier = o.at("s").as_string();
    offer.hotel_code = o.at("hc").as_string();
    offer.country = o.at("co").as_string();
    offer.city = o.at("ci").as_string();
    offer.check_in = Date{o.at("in").to_number<std::int64_t>()};
    offer.check_out = Date{o.at("out").to_number<std::int64_t>()};
    for (const auto& rv : o.at("rm").as_array()) {
      supplier::RoomOccupancy room;
      room.adults = rv.at("a").to_number<int>();
      for (const auto& age : rv.at("k").as_array()) room.child_ages.push_back(age.to_number<int>());
      offer.rooms.push_back(std::move(room));
    }
    offer.nationality = o.at("na").as_string();
    const auto& r = o.at("rt").as_object();
    offer.rate.rate_token = r.at("tk").as_string();
    offer.rate.room_code = r.at("rc").as_string();
    offer.rate.room_name = r.at("rn").as_string();
    offer.rate.board = static_cast<supplier::Board>(r.at("b").to_number<int>());
    offer.rate.net = MoneyOf(r.at("n"));
    if (const auto* fl = r.if_contains("fl")) offer.rate.selling_floor = MoneyOf(*fl);
    offer.rate.refundable = r.at("r").as_bool();
    for (const auto& pv : r.at("x").as_array()) {
      offer.rate.cancellation.push_back(
          supplier::CancellationPenalty{InstantOfMillis(pv.at("f").to_number<std::int64_t>()), MoneyOf(pv.at("p"))});
    }
    offer.rate.rooms_left = r.at("l").to_number<int>();
    offer.rate.recheck_required = r.at("rr").as_bool();
    offer.rate.payment = static_cast<supplier::PaymentType>(r.at("pt").to_number<int>());
    offer.currency = o.at("cu").as_string();
    offer.price = MoneyOf(o.at("pr"));
    offer.expires_at = InstantOfMillis(o.at("ex").to_number<std::int64_t>());
    return offer;
  } catch (const std::exception&) {
    return BadId("unreadable contents");
  }
}

}  // namespace

OfferCodec::OfferCodec(std::string_view encryption_secret) {
  EnsureSodium();
  if (encryption_secret.empty()) return;
  static_assert(crypto_secretbox_KEYBYTES == 32);
  std::array<unsigned char, 32> key{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, key.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kKeyContext.data()), kKeyContext.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(encryption_secret.data()),
                            encryption_secret.size());
  crypto_generichash_final(&state, key.data(), key.size());
  key_ = key;
  sodium_memzero(key.data(), key.size());
}

Result<std::string> OfferCodec::Seal(const Offer& offer) const {
  if (!key_) return Error::Internal("offers cannot be sealed: the server has no ENCRYPTION_SECRET (set it and restart)");
  const std::string plain = Serialise(offer);
  std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
  unsigned char* nonce = box.data();
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), nonce, key_->data());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(kPrefix);
  const std::size_t encoded = sodium_base64_ENCODED_LEN(box.size(), kVariant);
  out.resize(kPrefix.size() + encoded);
  sodium_bin2base64(out.data() + kPrefix.size(), encoded, box.data(), box.size(), kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

Result<Offer> OfferCodec::Open(std::string_view offer_id, std::string_view tenant_id, Instant now) const {
  if (!key_) return Error::Internal("offers cannot be opened: the server has no ENCRYPTION_SECRET");
  if (offer_id.substr(0, kPrefix.size()) != kPrefix) return BadId("must start with ofr_");
  const std::string_view text = offer_id.substr(kPrefix.size());
  if (text.empty() || text.size() > kMaxIdChars) return BadId("wrong length");
  std::vector<unsigned char> box(text.size());
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(box.data(), box.size(), text.data(), text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return BadId("not base64url");
  }
  if (len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return BadId("too short");
  const std::size_t cipher_len = len - crypto_secretbox_NONCEBYTES;
  std::string plain(cipher_len - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), box.data() + crypto_secretbox_NONCEBYTES,
                                 cipher_len, box.data(), key_->data()) != 0) {
    return BadId("altered, or issued by another server");
  }
  auto offer = Deserialise(plain);
  if (!offer) return offer.error();
  // Another tenant's offer is "not found": its existence is not revealed.
  if (offer->tenant_id != tenant_id) return Error::NotFound("offer not found");
  if (now >= offer->expires_at) {
    return Error{Errc::gone, "the offer expired at " + FormatIso8601(offer->expires_at) + "; search again", {}};
  }
  return offer;
}

}  // namespace hotel::query
