// The search pipeline: see search_engine.hpp. Ranking ("recommended"): a hotel's score is
// 0.6 × (the answer's cheapest price / this hotel's cheapest) + 0.25 × stars / 5 + 0.15 × the
// success rate of the supplier of its cheapest offer (recent calls, decayed): cheapness first,
// then quality, then how reliably the offer will book.
#include "modules/query-engine/search_engine.hpp"

#include "core/ids.hpp"
#include "events/events.hpp"
#include "modules/matching-service/normalise.hpp"
#include "runtime/json.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <set>
#include <unordered_map>

namespace hotel::query {
namespace {

namespace json = boost::json;
using SteadyClock = std::chrono::steady_clock;


// What a caller sees of an offer: by its role AND its tenant's tier (Principal::SeesMarkupLine):
// a distributor_admin of a sub-agent sees its own tier's line only.
enum class Audience { kStaff, kDistributor, kSubAgentAdmin, kAgent };

Audience AudienceOf(const Principal& p) {
  if (p.IsPlatformStaff()) return Audience::kStaff;
  if (p.role == Role::distributor_admin) {
    return p.tier == TenantTier::distributor ? Audience::kDistributor : Audience::kSubAgentAdmin;
  }
  return Audience::kAgent;
}

std::string_view AudienceName(Audience a) {
  switch (a) {
    case Audience::kStaff: return "staff";
    case Audience::kDistributor: return "distributor";
    case Audience::kSubAgentAdmin: return "subagent_admin";
    case Audience::kAgent: return "agent";
  }
  return "agent";
}

std::string OutcomeOf(const CallOutcome& c) {
  if (!c.finished) return "timeout";
  if (*c.result) return "ok";
  const Error& e = c.result->error();
  switch (e.code) {
    case Errc::upstream_timeout: return "timeout";
    case Errc::rate_limited: return "rate_limited";
    case Errc::upstream_unavailable:
      // ResilientConnector's refusal while its breaker is open.
      return e.detail.rfind("circuit open", 0) == 0 ? "breaker_open" : "error";
    default: return "error";
  }
}

// Duplicates are the same room (folded name), board, refundability and cancellation shape:
// deadlines to the hour and penalties as a share of the net, so suppliers in different
// currencies still compare. `folded` keeps each room name's folding for the search (a city
// search has hundreds of rates and a few dozen names).
using FoldedNames = std::unordered_map<std::string_view, std::string>;

std::string MergeKey(const supplier::Rate& r, FoldedNames& folded) {
  auto name = folded.find(r.room_name);
  if (name == folded.end()) name = folded.emplace(r.room_name, matching::FoldText(r.room_name)).first;
  std::string key;
  key.reserve(name->second.size() + 8 + 24 * r.cancellation.size());
  key += name->second;
  key += '|';
  key += supplier::BoardCode(r.board);
  key += r.refundable ? "|R" : "|N";
  char buf[24];
  for (const auto& p : r.cancellation) {
    const auto hours = std::chrono::duration_cast<std::chrono::hours>(p.from.time_since_epoch()).count();
    const auto share = r.net.minor > 0 ? ScaleRounded(p.penalty.minor, 1000, r.net.minor) : 0;
    key += '|';
    key.append(buf, std::to_chars(buf, buf + sizeof buf, hours).ptr);
    key += ':';
    key.append(buf, std::to_chars(buf, buf + sizeof buf, share).ptr);
  }
  return key;
}

// Views into the fan-out's calls and outcomes, which outlive the answer: merging, sorting and
// sealing a city's few hundred offers copy no strings.
struct PricedOffer {
  const CatalogHotel* hotel = nullptr;
  const std::string* supplier = nullptr;
  const std::string* hotel_code = nullptr;
  const supplier::Rate* rate = nullptr;
  pricing::PricedRate priced;
};

struct HotelResult {
  const CatalogHotel* hotel = nullptr;
  std::vector<const PricedOffer*> offers;  // by price, in `merged`
  double score = 0;
};

std::string HexDigest(std::string_view text) {
  unsigned char out[16];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : out) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return hex;
}

// JSON written straight into the answer string: a city search answer has hundreds of offers,
// and a value tree for them cost more than composing everything else. Key() writes the comma
// before every key but an object's first (the character before it is then '{', or the ','
// that kNotCached ends with).
struct AnswerWriter {
  std::string& out;
  void Key(std::string_view key) {
    if (out.back() != '{' && out.back() != ',') out += ',';
    out += '"';
    out += key;
    out += "\":";
  }
  void Text(std::string_view text) { runtime::AppendJsonString(out, text); }
  void Int(std::int64_t v) {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  }
  void Double(double v) {
    if (!std::isfinite(v)) return Null();
    char buf[32];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);  // shortest that reads back
  }
  void Bool(bool v) { out += v ? "true" : "false"; }
  void Null() { out += "null"; }
  void MoneyValue(const Money& m) {
    out += "{\"amount\":";
    Int(m.minor);
    out += ",\"currency\":";
    Text(m.currency);
    out += '}';
  }
  void Close(char c) { out += c; }
};

constexpr std::string_view kNotCached = "{\"cached\":false,";
constexpr std::string_view kCached = "{\"cached\":true,";

}  // namespace

SearchEngine::SearchEngine(SearchDeps deps, QueryOptions options) : deps_(std::move(deps)), options_(options) {
  if (options_.concurrency <= 0) options_.concurrency = 20;
  if (options_.process_concurrency <= 0) options_.process_concurrency = 8 * options_.concurrency;
  if (options_.timeout.count() <= 0) options_.timeout = std::chrono::milliseconds(10000);
  process_bound_ = std::make_shared<AsyncSemaphore>(options_.process_concurrency);
  auto& m = *deps_.metrics;
  requests_ = &m.AddCounter("search_requests_total", "Searches answered, by outcome (complete|partial|cached|error) and cache (hit|miss).",
                            {"outcome", "cache"});
  duration_ = &m.AddHistogram("search_duration_seconds", "Time to answer a search.", {});
  compose_ = &m.AddHistogram("search_compose_seconds",
                             "Time from a search's last supplier answer to its answer composed (price, merge, sort, "
                             "seal, serialise): the platform's own work after the fan-out, cache misses only.",
                             {});
  // Fine buckets around the 5 ms the platform aims at.
  overhead_ = &m.AddHistogram("search_overhead_seconds",
                              "A cache-miss search's own time in the process: from its start to its answer composed, "
                              "minus its slowest supplier call (which includes parsing that supplier's answer).",
                              {}, {0.0005, 0.001, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1});
  supplier_calls_ = &m.AddCounter("search_supplier_calls_total", "Supplier search calls of searches, by outcome.",
                                  {"supplier", "outcome"});
  cache_entries_ = &m.AddGauge("search_cache_entries", "Entries in the search result cache.", {});
  calls_waiting_ = &m.AddGauge("search_calls_waiting",
                               "Supplier search calls waiting for a slot of SEARCH_CALLS_MAX (sampled as searches start "
                               "and end).",
                               {});
  offers_ = &m.AddCounter("search_offers_total", "Offers returned by searches (cache misses).", {});
  unpriced_ = &m.AddCounter("search_rates_unpriced_total", "Supplier rates dropped because they could not be priced.",
                            {"supplier"});
}

bool SearchEngine::KnownCurrency(std::string_view currency) const {
  return deps_.pricing->Convert(Money{100, deps_.pricing->DefaultCurrency()}, currency).has_value();
}

double SearchEngine::SuccessRate(const std::string& supplier) const {
  std::lock_guard lock(mutex_);
  auto it = success_.find(supplier);
  if (it == success_.end() || it->second.second <= 0) return 1.0;
  return it->second.first / it->second.second;
}

void SearchEngine::RecordSupplier(const std::string& supplier, bool ok) {
  std::lock_guard lock(mutex_);
  auto& [oks, calls] = success_[supplier];
  // Decayed so the rate follows the last ~50 calls.
  oks = oks * 0.98 + (ok ? 1 : 0);
  calls = calls * 0.98 + 1;
}

boost::asio::awaitable<Result<std::shared_ptr<const std::string>>> SearchEngine::Search(const SearchQuery& query,
                                                                                       const Principal& caller,
                                                                  const runtime::TraceContext& trace) {
  const auto started = SteadyClock::now();
  if (!deps_.codec->available()) {
    co_return Error::Internal("search cannot seal offer ids: the server has no ENCRYPTION_SECRET");
  }
  const Audience audience = AudienceOf(caller);
  // The catalog's version is part of the key: answers computed from an older catalog (or
  // before the first load) are never served after it changed.
  const std::string key = "search:" + HexDigest(CanonicalQuery(query) + "\n" + caller.tenant_id + "\n" +
                                                std::string(AudienceName(audience)) + "\n" +
                                                std::to_string(deps_.catalog->Current()->version()));
  if (deps_.cache) {
    if (auto hit = deps_.cache->Get(key)) {
      // A hit is counted in metrics only: an outbox row per hit would cost more than the hit
      // (tens of thousands a second); search.completed events describe searches that ran.
      requests_->WithLabels({"cached", "hit"}).Inc();
      duration_->WithLabels({}).Observe(std::chrono::duration<double>(SteadyClock::now() - started).count());
      co_return hit;
    }
  }
  bool complete = true;
  std::string body = co_await Compute(query, caller, trace, complete);
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
  requests_->WithLabels({complete ? "complete" : "partial", "miss"}).Inc();
  duration_->WithLabels({}).Observe(seconds);
  if (deps_.cache) {
    // Kept as a hit will be served: `"cached":true`, the rest byte for byte.
    std::string cached;
    cached.reserve(body.size() + 1);
    cached.append(kCached).append(std::string_view(body).substr(kNotCached.size()));
    deps_.cache->Put(key, std::make_shared<const std::string>(std::move(cached)),
                     complete ? options_.complete_ttl : options_.partial_ttl);
    cache_entries_->WithLabels({}).Set(static_cast<double>(deps_.cache->GetStats().entries));
  }
  co_return std::make_shared<const std::string>(std::move(body));
}

boost::asio::awaitable<std::string> SearchEngine::Compute(const SearchQuery& query, const Principal& caller,
                                                          const runtime::TraceContext& trace, bool& complete) {
  const auto started = SteadyClock::now();
  const auto deadline = started + options_.timeout;
  const std::string currency = query.currency.empty() ? deps_.pricing->DefaultCurrency() : query.currency;
  const Audience audience = AudienceOf(caller);
  // Which tiers' markup lines the caller sees, decided once per answer, not per offer line.
  const std::array<bool, 3> sees_line{caller.SeesMarkupLine(pricing::TierName(pricing::Tier::kPlatform)),
                                      caller.SeesMarkupLine(pricing::TierName(pricing::Tier::kDistributor)),
                                      caller.SeesMarkupLine(pricing::TierName(pricing::Tier::kSubAgent))};
  const auto catalog = deps_.catalog->Current();
  const std::string search_id = NewId("srch");

  // Masters of the destination.
  std::vector<const CatalogHotel*> masters;
  if (query.city) {
    masters = catalog->InCity(*query.city, query.country);
  } else if (query.lat) {
    masters = catalog->Near(*query.lat, *query.lon, *query.radius_km);
  } else {
    for (const auto& id : query.hotel_ids) {
      if (const auto* h = catalog->Find(id)) masters.push_back(h);
    }
  }
  // Candidates beyond what can be shown are not asked: a few more than maxHotels, since some
  // hotels have nothing available.
  if (query.hotel_ids.empty() && masters.size() > std::size_t(query.max_hotels) * 2) {
    masters.resize(std::size_t(query.max_hotels) * 2);
  }

  // Calls per enabled supplier, ≤ 250 codes each.
  std::map<std::string, std::vector<std::string>> codes_by_supplier;
  std::map<std::pair<std::string, std::string>, const CatalogHotel*> master_of;
  std::set<std::string> enabled;
  for (const auto& s : deps_.directory->List()) {
    if (s.enabled) enabled.insert(s.code);
  }
  for (const auto* h : masters) {
    for (const auto& [sup, code] : h->mappings) {
      if (!enabled.contains(sup)) continue;
      if (master_of.emplace(std::pair{sup, code}, h).second) codes_by_supplier[sup].push_back(code);
    }
  }
  FanOutRequest fan;
  fan.base.check_in = query.check_in;
  fan.base.check_out = query.check_out;
  fan.base.rooms = query.rooms;
  fan.base.currency = currency;
  fan.base.nationality = query.nationality;
  fan.deadline = deadline;
  fan.trace = trace;
  fan.per_search = options_.concurrency;
  for (auto& [sup, codes] : codes_by_supplier) {
    auto connector = deps_.directory->Connector(sup);
    if (!connector) continue;
    for (std::size_t i = 0; i < codes.size(); i += kMaxCodesPerCall) {
      const auto end = std::min(codes.size(), i + kMaxCodesPerCall);
      fan.calls.push_back(SupplierCall{sup, connector, std::vector<std::string>(codes.begin() + i, codes.begin() + end)});
    }
  }
  const auto calls = fan.calls;  // supplier names per outcome (the request moves)
  auto executor = co_await boost::asio::this_coro::executor;
  calls_waiting_->WithLabels({}).Set(static_cast<double>(process_bound_->Waiting()));
  auto outcomes = co_await FanOut(executor, std::move(fan), process_bound_);
  calls_waiting_->WithLabels({}).Set(static_cast<double>(process_bound_->Waiting()));
  const auto composing = SteadyClock::now();

  // Per supplier: its outcome (the first failure of its calls), latency (the slowest call).
  struct SupplierSummary {
    std::string outcome = "ok";
    std::int64_t latency_ms = 0;
    int offers = 0;
  };
  std::map<std::string, SupplierSummary> summary;
  std::chrono::microseconds slowest{0};  // the slowest supplier call of this search
  const pricing::TenantChain chain = pricing::ChainFromTenantPath(caller.tenant_path);
  std::map<const CatalogHotel*, std::map<std::string, PricedOffer>> merged;
  FoldedNames folded;  // views of room names in `outcomes`, which outlive it
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const auto& call = calls[i];
    const auto& out = outcomes[i];
    const std::string outcome = OutcomeOf(out);
    auto& s = summary[call.supplier];
    if (s.outcome == "ok" && outcome != "ok") s.outcome = outcome;
    const auto latency = out.finished ? out.latency
                                      : std::chrono::duration_cast<std::chrono::microseconds>(options_.timeout);
    slowest = std::max(slowest, latency);
    s.latency_ms = std::max<std::int64_t>(s.latency_ms, std::chrono::duration_cast<std::chrono::milliseconds>(latency).count());
    supplier_calls_->WithLabels({call.supplier, outcome}).Inc();
    RecordSupplier(call.supplier, outcome == "ok");
    if (outcome != "ok") complete = false;
    if (outcome != "ok") continue;
    for (const auto& h : (*out.result)->hotels) {
      auto m = master_of.find({call.supplier, h.hotel_code});
      if (m == master_of.end()) continue;  // a code we did not ask for
      const CatalogHotel* hotel = m->second;
      if (h.rates.empty()) continue;
      // The rules of this (caller, supplier, hotel, stay) are resolved once for all its rates.
      pricing::PriceRequest pr;
      pr.target_currency = currency;
      pr.supplier = call.supplier;
      pr.country = hotel->country;
      pr.city = hotel->city;
      pr.hotel_id = hotel->id;
      pr.check_in = query.check_in;
      pr.chain = chain;
      const auto pricer = deps_.pricing->PricerFor(pr);
      for (const auto& rate : h.rates) {
        auto priced = pricer->Price(rate.net, rate.selling_floor);
        if (!priced) {
          unpriced_->WithLabels({call.supplier}).Inc();
          continue;
        }
        ++s.offers;
        auto& slot = merged[hotel][MergeKey(rate, folded)];
        if (!slot.hotel || priced->breakdown.final_price.minor < slot.priced.breakdown.final_price.minor) {
          slot = PricedOffer{hotel, &call.supplier, &h.hotel_code, &rate, std::move(*priced)};
        }
      }
    }
  }

  std::vector<HotelResult> hotels;
  for (auto& [hotel, by_key] : merged) {
    HotelResult hr{hotel, {}, 0};
    hr.offers.reserve(by_key.size());
    for (const auto& [k, offer] : by_key) hr.offers.push_back(&offer);
    std::sort(hr.offers.begin(), hr.offers.end(), [](const PricedOffer* a, const PricedOffer* b) {
      return a->priced.breakdown.final_price.minor < b->priced.breakdown.final_price.minor;
    });
    hotels.push_back(std::move(hr));
  }
  auto cheapest = [](const HotelResult& h) { return h.offers.front()->priced.breakdown.final_price.minor; };
  if (query.sort == SortOrder::kRecommended && !hotels.empty()) {
    std::int64_t lowest = cheapest(hotels.front());
    for (const auto& h : hotels) lowest = std::min(lowest, cheapest(h));
    for (auto& h : hotels) {
      const double cheapness = cheapest(h) > 0 ? double(lowest) / double(cheapest(h)) : 1.0;
      h.score = 0.6 * cheapness + 0.25 * std::min(h.hotel->stars, 5) / 5.0 + 0.15 * SuccessRate(*h.offers.front()->supplier);
    }
    std::stable_sort(hotels.begin(), hotels.end(), [](const auto& a, const auto& b) {
      return a.score != b.score ? a.score > b.score : a.hotel->id < b.hotel->id;
    });
  } else {
    std::stable_sort(hotels.begin(), hotels.end(), [&](const auto& a, const auto& b) {
      return cheapest(a) != cheapest(b) ? cheapest(a) < cheapest(b) : a.hotel->id < b.hotel->id;
    });
  }
  if (hotels.size() > std::size_t(query.max_hotels)) hotels.resize(query.max_hotels);

  // Aliases keep suppliers anonymous to tenants, stable within one answer.
  std::map<std::string, std::string> alias;
  for (const auto& [sup, s] : summary) alias[sup] = "supplier-" + std::to_string(alias.size() + 1);

  const Instant now = deps_.clock->Now();
  // The answer is written straight into its string, "cached" first so that a cache hit
  // patches the prefix instead of re-serialising the body.
  std::size_t offers_total = 0;
  for (const auto& h : hotels) offers_total += h.offers.size();
  std::string body;
  body.reserve(1024 + offers_total * 900);
  AnswerWriter w{body};
  body.append(kNotCached);
  w.Key("searchId");
  w.Text(search_id);
  w.Key("currency");
  w.Text(currency);
  w.Key("checkIn");
  w.Text(FormatDate(query.check_in));
  w.Key("checkOut");
  w.Text(FormatDate(query.check_out));
  w.Key("complete");
  w.Bool(complete);
  w.Key("hotels");
  body += '[';
  std::int64_t offer_count = 0, hotel_count = 0;
  // One Offer reused for every seal: its strings keep their capacity between offers.
  Offer sealed;
  sealed.tenant_id = caller.tenant_id;
  sealed.check_in = query.check_in;
  sealed.check_out = query.check_out;
  sealed.rooms = query.rooms;
  sealed.nationality = query.nationality;
  sealed.currency = currency;
  sealed.expires_at = now + kOfferLifetime;
  for (const auto& h : hotels) {
    const std::size_t hotel_start = body.size();
    if (hotel_count > 0) body += ',';
    body += '{';
    w.Key("hotelId");
    w.Text(h.hotel->id);
    w.Key("name");
    w.Text(h.hotel->name);
    w.Key("city");
    w.Text(h.hotel->city);
    w.Key("country");
    w.Text(h.hotel->country);
    w.Key("stars");
    w.Int(h.hotel->stars);
    w.Key("lat");
    w.Double(h.hotel->lat);
    w.Key("lon");
    w.Double(h.hotel->lon);
    w.Key("cheapest");
    w.MoneyValue(h.offers.front()->priced.breakdown.final_price);
    w.Key("offers");
    body += '[';
    int written = 0;
    sealed.master_hotel_id = h.hotel->id;
    sealed.country = h.hotel->country;
    sealed.city = h.hotel->city;
    for (const PricedOffer* offer : h.offers) {
      const PricedOffer& o = *offer;
      sealed.supplier = *o.supplier;
      sealed.hotel_code = *o.hotel_code;
      sealed.price = o.priced.breakdown.final_price;
      const std::size_t offer_start = body.size();
      if (written > 0) body += ',';
      body += '{';
      w.Key("offerId");
      body += '"';
      if (!deps_.codec->SealInto(sealed, *o.rate, body)) {  // only without a key, refused before
        body.resize(offer_start);
        continue;
      }
      body += '"';  // base64url: nothing to escape
      ++written;
      const Money& price = o.priced.breakdown.final_price;
      w.Key("roomName");
      w.Text(o.rate->room_name);
      w.Key("board");
      w.Text(supplier::BoardCode(o.rate->board));
      w.Key("refundable");
      w.Bool(o.rate->refundable);
      // The caller's penalty is the supplier's in the same proportion of the price.
      w.Key("cancellationPolicy");
      body += '[';
      for (std::size_t i = 0; i < o.rate->cancellation.size(); ++i) {
        const auto& p = o.rate->cancellation[i];
        const std::int64_t share = o.rate->net.minor > 0 ? ScaleRounded(price.minor, p.penalty.minor, o.rate->net.minor)
                                                        : price.minor;
        body += i > 0 ? ",{" : "{";
        w.Key("from");
        body += '"';
        AppendIso8601(body, p.from);
        body += '"';
        w.Key("penalty");
        w.MoneyValue(Money{std::min(share, price.minor), currency});
        w.Close('}');
      }
      w.Close(']');
      w.Key("price");
      w.MoneyValue(price);
      w.Key("paymentType");
      w.Text(o.rate->payment == supplier::PaymentType::kAtHotel ? "at_hotel" : "at_web");
      w.Key("roomsLeft");
      if (o.rate->rooms_left >= 0) {
        w.Int(o.rate->rooms_left);
      } else {
        w.Null();
      }
      if (audience != Audience::kAgent) {
        w.Key("breakdown");
        body += '[';
        bool first = true;
        for (const auto& line : o.priced.breakdown.lines) {
          if (!sees_line[static_cast<std::size_t>(line.tier)]) continue;
          body += first ? "{" : ",{";
          first = false;
          w.Key("tier");
          w.Text(pricing::TierName(line.tier));
          w.Key("amount");
          w.MoneyValue(line.amount);
          w.Key("priceAfter");
          w.MoneyValue(line.price_after);
          w.Close('}');
        }
        w.Close(']');
      }
      if (audience == Audience::kStaff) {
        w.Key("supplier");
        w.Text(*o.supplier);
        w.Key("supplierHotelCode");
        w.Text(*o.hotel_code);
        w.Key("net");
        w.MoneyValue(o.rate->net);
      }
      w.Close('}');
    }
    if (written == 0) {
      body.resize(hotel_start);
      continue;
    }
    body += "]}";
    offer_count += written;
    ++hotel_count;
  }
  body += ']';
  json::array supplier_events;
  w.Key("suppliers");
  body += '[';
  bool first_supplier = true;
  for (const auto& [sup, s] : summary) {
    body += first_supplier ? "{" : ",{";
    first_supplier = false;
    w.Key("supplier");
    w.Text(audience == Audience::kStaff ? sup : alias[sup]);
    w.Key("outcome");
    w.Text(s.outcome);
    w.Key("latencyMs");
    w.Int(s.latency_ms);
    w.Key("offers");
    w.Int(s.offers);
    w.Close('}');
    supplier_events.push_back(
        json::object{{"supplier", sup}, {"outcome", s.outcome}, {"latencyMs", s.latency_ms}, {"offers", s.offers}});
  }
  body += "]}";
  offers_->WithLabels({}).Inc(static_cast<double>(offer_count));
  const auto duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started).count();

  if (deps_.events) {
    const std::string trace_id(trace.TraceId());
    for (const auto& [sup, s] : summary) {
      deps_.events->Add(events::MakeEvent(
          "supplier.call", "supplier", sup, caller.tenant_id,
          json::object{{"searchId", search_id}, {"operation", "search"}, {"supplier", sup}, {"outcome", s.outcome},
                       {"latencyMs", s.latency_ms}, {"offers", s.offers}},
          *deps_.clock, trace_id));
    }
    deps_.events->Add(events::MakeEvent(
        "search.completed", "search", search_id, caller.tenant_id,
        json::object{{"searchId", search_id}, {"destination", DestinationSummary(query)},
                     {"checkIn", FormatDate(query.check_in)}, {"checkOut", FormatDate(query.check_out)},
                     {"rooms", query.rooms.size()}, {"hotels", hotel_count}, {"offers", offer_count},
                     {"suppliers", std::move(supplier_events)}, {"durationMs", duration_ms}, {"cached", false},
                     {"complete", complete}},
        *deps_.clock, trace_id));
  }
  const auto composed = SteadyClock::now();
  compose_->WithLabels({}).Observe(std::chrono::duration<double>(composed - composing).count());
  overhead_->WithLabels({}).Observe(
      std::max(0.0, std::chrono::duration<double>(composed - started).count() - std::chrono::duration<double>(slowest).count()));
  co_return body;
}

}  // namespace hotel::query
