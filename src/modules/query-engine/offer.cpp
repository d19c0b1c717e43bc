// Sealed offer ids: an Offer serialised in a compact binary form, boxed with libsodium's secretbox
// under a key derived from ENCRYPTION_SECRET, and written as "ofr_" + base64url (no padding).
#include "modules/query-engine/offer.hpp"

#include <pthread.h>
#include <sodium.h>

#include <array>
#include <atomic>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace hotel::query {
namespace {

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
// per call, and a city search seals hundreds of offers. A forked child never reuses its
// parent's: fork bumps the generation (getpid() per seal would be a system call each).
std::atomic<std::uint64_t> fork_generation{0};

void NextNonce(unsigned char* out) {
  static const bool registered = [] {
    pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1, std::memory_order_relaxed); });
    return true;
  }();
  (void)registered;
  constexpr std::size_t kBatch = 128;
  thread_local std::array<unsigned char, kBatch * crypto_secretbox_NONCEBYTES> pool;
  thread_local std::size_t used = kBatch;
  thread_local std::uint64_t generation = 0;
  const std::uint64_t now = fork_generation.load(std::memory_order_relaxed);
  if (used == kBatch || generation != now) {
    generation = now;
    randombytes_buf(pool.data(), pool.size());
    used = 0;
  }
  unsigned char* nonce = pool.data() + used * crypto_secretbox_NONCEBYTES;
  std::memcpy(out, nonce, crypto_secretbox_NONCEBYTES);
  sodium_memzero(nonce, crypto_secretbox_NONCEBYTES);  // each nonce is handed out once
  ++used;
}

Error BadId(std::string why) { return Error::Validation("offerId", "is not a valid offer id (" + why + ")"); }


std::int64_t MillisOf(Instant t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// An instant out of range (never written by this code) reads as the epoch, and the offer's
// amounts out of the one bound fail the read below.
Instant InstantOfMillis(std::int64_t ms) { return InstantFromUnixMillis(ms).value_or(Instant{}); }

// The offer in a compact binary form (version 2): fields in a fixed order, integers as
// zigzag varints, text as a varint length and its bytes, a penalty's or floor's currency left
// empty when it is the net's. About half the bytes of the JSON it replaced (a city search
// answer is mostly offer ids). Only ever read back from plaintext that authenticated under our
// key, so a shape error means another version of this code sealed it.
constexpr unsigned char kVersion = 2;

void PutVarint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

void PutInt(std::string& out, std::int64_t v) {
  PutVarint(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}

void PutText(std::string& out, std::string_view text) {
  PutVarint(out, text.size());
  out.append(text);
}

void PutCurrency(std::string& out, std::string_view currency, std::string_view usual) {
  PutText(out, currency == usual ? std::string_view{} : currency);
}

void Serialise(const Offer& o, const supplier::Rate& r, std::string& out) {
  out.clear();
  out += static_cast<char>(kVersion);
  PutText(out, o.tenant_id);
  PutText(out, o.master_hotel_id);
  PutText(out, o.supplier);
  PutText(out, o.hotel_code);
  PutText(out, o.country);
  PutText(out, o.city);
  PutInt(out, o.check_in.days);
  PutInt(out, o.check_out.days);
  PutVarint(out, o.rooms.size());
  for (const auto& room : o.rooms) {
    PutInt(out, room.adults);
    PutVarint(out, room.child_ages.size());
    for (int age : room.child_ages) PutInt(out, age);
  }
  PutText(out, o.nationality);
  PutText(out, r.rate_token);
  PutText(out, r.room_code);
  PutText(out, r.room_name);
  PutInt(out, static_cast<int>(r.board));
  PutText(out, r.net.currency);
  PutInt(out, r.net.minor);
  out += static_cast<char>((r.refundable ? 1 : 0) | (r.recheck_required ? 2 : 0) | (r.selling_floor ? 4 : 0));
  PutVarint(out, r.cancellation.size());
  for (const auto& p : r.cancellation) {
    PutInt(out, MillisOf(p.from));
    PutCurrency(out, p.penalty.currency, r.net.currency);
    PutInt(out, p.penalty.minor);
  }
  PutInt(out, r.rooms_left);
  if (r.selling_floor) {
    PutCurrency(out, r.selling_floor->currency, r.net.currency);
    PutInt(out, r.selling_floor->minor);
  }
  PutInt(out, static_cast<int>(r.payment));
  PutText(out, o.currency);
  PutCurrency(out, o.price.currency, o.currency);
  PutInt(out, o.price.minor);
  PutInt(out, MillisOf(o.expires_at));
}

// Reads what Serialise wrote; any read past the end or a count beyond what is left makes it
// !ok() and every later read a zero.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return ok_ && pos_ == in_.size(); }
  std::uint64_t Varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return Fail();
      const auto byte = static_cast<unsigned char>(in_[pos_++]);
      v |= std::uint64_t(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
    }
    return Fail();
  }
  std::int64_t Int() {
    const std::uint64_t v = Varint();
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
  }
  std::size_t Count() {  // of items of at least one byte each
    const std::uint64_t n = Varint();
    return n <= in_.size() - pos_ ? static_cast<std::size_t>(n) : static_cast<std::size_t>(Fail());
  }
  std::string Text() {
    const std::size_t n = Count();
    if (!ok_) return {};
    std::string out(in_.substr(pos_, n));
    pos_ += n;
    return out;
  }
  std::string Currency(const std::string& usual) {
    std::string c = Text();
    return c.empty() ? usual : c;
  }
  unsigned char Byte() {
    if (pos_ >= in_.size()) return static_cast<unsigned char>(Fail());
    return static_cast<unsigned char>(in_[pos_++]);
  }

 private:
  std::uint64_t Fail() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

Result<Offer> Deserialise(std::string_view plain) {
  Reader in(plain);
  if (in.Byte() != kVersion) return BadId("unknown version");
  Offer o;
  o.tenant_id = in.Text();
  o.master_hotel_id = in.Text();
  o.supplier = in.Text();
  o.hotel_code = in.Text();
  o.country = in.Text();
  o.city = in.Text();
  o.check_in = Date{in.Int()};
  o.check_out = Date{in.Int()};
  o.rooms.resize(in.Count());
  for (auto& room : o.rooms) {
    room.adults = static_cast<int>(in.Int());
    room.child_ages.resize(in.Count());
    for (int& age : room.child_ages) age = static_cast<int>(in.Int());
  }
  o.nationality = in.Text();
  auto& r = o.rate;
  r.rate_token = in.Text();
  r.room_code = in.Text();
  r.room_name = in.Text();
  r.board = static_cast<supplier::Board>(in.Int());
  r.net.currency = in.Text();
  r.net.minor = in.Int();
  const unsigned char flags = in.Byte();
  r.refundable = flags & 1;
  r.recheck_required = flags & 2;
  r.cancellation.resize(in.Count());
  for (auto& p : r.cancellation) {
    p.from = InstantOfMillis(in.Int());
    p.penalty.currency = in.Currency(r.net.currency);
    p.penalty.minor = in.Int();
  }
  r.rooms_left = static_cast<int>(in.Int());
  if (flags & 4) {
    Money floor;
    floor.currency = in.Currency(r.net.currency);
    floor.minor = in.Int();
    r.selling_floor = std::move(floor);
  }
  r.payment = static_cast<supplier::PaymentType>(in.Int());
  o.currency = in.Text();
  o.price.currency = in.Currency(o.currency);
  o.price.minor = in.Int();
  o.expires_at = InstantOfMillis(in.Int());
  if (!in.done()) return BadId("unreadable contents");
  bool bounded = AmountInBounds(r.net.minor) && AmountInBounds(o.price.minor) &&
                 (!r.selling_floor || AmountInBounds(r.selling_floor->minor));
  for (const auto& p : r.cancellation) bounded = bounded && AmountInBounds(p.penalty.minor);
  if (!bounded) return BadId("an amount out of range");
  return o;
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
  std::string out;
  if (!SealInto(offer, offer.rate, out)) {
    return Error::Internal("offers cannot be sealed: the server has no ENCRYPTION_SECRET (set it and restart)");
  }
  return out;
}

bool OfferCodec::SealInto(const Offer& offer, const supplier::Rate& rate, std::string& out) const {
  if (!key_) return false;
  // Per-thread buffers: a city search seals hundreds of offers.
  thread_local std::string plain;
  thread_local std::vector<unsigned char> box;
  Serialise(offer, rate, plain);
  box.resize(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
  unsigned char* nonce = box.data();
  NextNonce(nonce);
  crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), nonce, key_->data());
  // base64url without padding, by table, straight into `out`: the box is public (libsodium's
  // constant-time encoder guards secrets, and costs a third of sealing).
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const std::size_t start = out.size();
  out.resize(start + kPrefix.size() + (box.size() * 4 + 2) / 3);
  char* p = out.data() + start;
  p = std::copy(kPrefix.begin(), kPrefix.end(), p);
  std::size_t i = 0;
  for (; i + 3 <= box.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t(box[i]) << 16) | (std::uint32_t(box[i + 1]) << 8) | box[i + 2];
    *p++ = kAlphabet[v >> 18];
    *p++ = kAlphabet[(v >> 12) & 63];
    *p++ = kAlphabet[(v >> 6) & 63];
    *p++ = kAlphabet[v & 63];
  }
  if (const std::size_t left = box.size() - i; left > 0) {
    const std::uint32_t v = (std::uint32_t(box[i]) << 16) | (left == 2 ? std::uint32_t(box[i + 1]) << 8 : 0);
    *p++ = kAlphabet[v >> 18];
    *p++ = kAlphabet[(v >> 12) & 63];
    if (left == 2) *p++ = kAlphabet[(v >> 6) & 63];
  }
  out.resize(static_cast<std::size_t>(p - out.data()));
  return true;
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
