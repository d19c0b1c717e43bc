// Sealed offer ids: an Offer serialised as compact JSON, boxed with libsodium's secretbox
// under a key derived from ENCRYPTION_SECRET, and written as "ofr_" + base64url (no padding).
#include "modules/query-engine/offer.hpp"

#include "runtime/json.hpp"

#include <boost/json.hpp>
#include <sodium.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <cstring>
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

// Random nonces drawn 128 at a time: libsodium's randombytes_buf is a getrandom() system call
// per call, and a city search seals hundreds of offers.
void NextNonce(unsigned char* out) {
  constexpr std::size_t kBatch = 128;
  thread_local std::array<unsigned char, kBatch * crypto_secretbox_NONCEBYTES> pool;
  thread_local std::size_t used = kBatch;
  thread_local pid_t owner = 0;
  if (used == kBatch || owner != ::getpid()) {  // a forked child never reuses its parent's
    owner = ::getpid();
    randombytes_buf(pool.data(), pool.size());
    used = 0;
  }
  unsigned char* nonce = pool.data() + used * crypto_secretbox_NONCEBYTES;
  std::memcpy(out, nonce, crypto_secretbox_NONCEBYTES);
  sodium_memzero(nonce, crypto_secretbox_NONCEBYTES);  // each nonce is handed out once
  ++used;
}

Error BadId(std::string why) { return Error::Validation("offerId", "is not a valid offer id (" + why + ")"); }


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

// The offer as compact JSON, written straight into one string (no JSON tree: a city search
// seals hundreds of offers). Deserialise reads it with boost::json.
void Num(std::string& out, std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void Key(std::string& out, std::string_view key) {
  out += '"';
  out += key;
  out += "\":";
}

void MoneyText(std::string& out, const Money& m) {
  out += "{\"a\":";
  Num(out, m.minor);
  out += ",\"c\":";
  runtime::AppendJsonString(out, m.currency);
  out += '}';
}

std::string Serialise(const Offer& o) {
  std::string out;
  out.reserve(400 + o.rate.rate_token.size() + o.rate.room_name.size());
  out += "{\"v\":1,";
  const auto text = [&](std::string_view key, std::string_view value) {
    Key(out, key);
    runtime::AppendJsonString(out, value);
    out += ',';
  };
  const auto number = [&](std::string_view key, std::int64_t value) {
    Key(out, key);
    Num(out, value);
    out += ',';
  };
  text("t", o.tenant_id);
  text("h", o.master_hotel_id);
  text("s", o.supplier);
  text("hc", o.hotel_code);
  text("co", o.country);
  text("ci", o.city);
  number("in", o.check_in.days);
  number("out", o.check_out.days);
  Key(out, "rm");
  out += '[';
  for (std::size_t i = 0; i < o.rooms.size(); ++i) {
    if (i) out += ',';
    out += "{\"a\":";
    Num(out, o.rooms[i].adults);
    out += ",\"k\":[";
    for (std::size_t k = 0; k < o.rooms[i].child_ages.size(); ++k) {
      if (k) out += ',';
      Num(out, o.rooms[i].child_ages[k]);
    }
    out += "]}";
  }
  out += "],";
  text("na", o.nationality);
  Key(out, "rt");
  out += '{';
  text("tk", o.rate.rate_token);
  text("rc", o.rate.room_code);
  text("rn", o.rate.room_name);
  number("b", static_cast<int>(o.rate.board));
  Key(out, "n");
  MoneyText(out, o.rate.net);
  out += ',';
  Key(out, "r");
  out += o.rate.refundable ? "true," : "false,";
  Key(out, "x");
  out += '[';
  for (std::size_t i = 0; i < o.rate.cancellation.size(); ++i) {
    if (i) out += ',';
    out += "{\"f\":";
    Num(out, MillisOf(o.rate.cancellation[i].from));
    out += ",\"p\":";
    MoneyText(out, o.rate.cancellation[i].penalty);
    out += '}';
  }
  out += "],";
  number("l", o.rate.rooms_left);
  Key(out, "rr");
  out += o.rate.recheck_required ? "true," : "false,";
  if (o.rate.selling_floor) {
    Key(out, "fl");
    MoneyText(out, *o.rate.selling_floor);
    out += ',';
  }
  Key(out, "pt");
  Num(out, static_cast<int>(o.rate.payment));
  out += "},";
  text("cu", o.currency);
  Key(out, "pr");
  MoneyText(out, o.price);
  out += ',';
  Key(out, "ex");
  Num(out, MillisOf(o.expires_at));
  out += '}';
  return out;
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
  NextNonce(nonce);
  crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), nonce, key_->data());
  // base64url without padding, by table: the box is public (libsodium's constant-time encoder
  // guards secrets, and costs a third of sealing).
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out(kPrefix);
  out.reserve(kPrefix.size() + (box.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= box.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t(box[i]) << 16) | (std::uint32_t(box[i + 1]) << 8) | box[i + 2];
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (const std::size_t left = box.size() - i; left > 0) {
    const std::uint32_t v = (std::uint32_t(box[i]) << 16) | (left == 2 ? std::uint32_t(box[i + 1]) << 8 : 0);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    if (left == 2) out += kAlphabet[(v >> 6) & 63];
  }
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
