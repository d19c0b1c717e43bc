// The pricing service: the price chain and currency conversion over rules and rates stored in
// the database (migration 009_pricing), cached in memory so that pricing an offer never
// touches the database. Used in-process by query-engine (every offer of a search) and
// order-service (quotes, orders, credit amounts). Rules and rates are managed through
// /api/v1/markup-rules and /api/v1/fx-rates (pricing_module.hpp).
#pragma once

#include "core/error.hpp"
#include "core/money.hpp"
#include "modules/pricing-service/fx.hpp"
#include "modules/pricing-service/price_chain.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace hotel::pricing {

// The tenants of a caller's chain from its tenant path "/tnt_platform/tnt_d/tnt_s/":
// segment 1 the platform, 2 the distributor, 3 the sub-agent (missing tiers empty).
struct TenantChain {
  std::string platform, distributor, subagent;
};
TenantChain ChainFromTenantPath(std::string_view tenant_path);

struct PriceRequest {
  Money net;                          // the supplier's net, in the supplier's currency
  std::optional<Money> selling_floor; // the supplier's mandatory minimum (rate parity)
  std::string target_currency;        // the caller's currency; empty: DEFAULT_CURRENCY
  std::string supplier, country, city, hotel_id;  // hotel_id: the master hotel (htl_…)
  Date check_in;
  TenantChain chain;
};

// Everything in the target currency: the net converted first, then the chain applied, then
// the floor (converted too). Fixed-amount rules in another currency are converted with the
// same table before they apply.
struct PricedRate {
  Money net_converted;        // net in the target currency
  PriceBreakdown breakdown;   // breakdown.net == net_converted; final_price is what the caller pays
  std::int64_t fx_rate_e10 = 0;  // net.currency → target (10^10 when the same)
  // The price each tier sells at, for the credit holds of a B2B2B booking: the platform's
  // selling price (what the distributor owes), the distributor's (what the sub-agent owes).
  // Equal to the running price after that tier's line (or the previous price when the tier
  // has no line).
  Money price_after_platform, price_after_distributor;
};

// The prices of many rates of one context (caller chain, supplier, hotel, stay, currency):
// what a search asks for every rate of a hotel. Each result equals Price() with the context
// and that rate's net and floor. One thread at a time (it remembers its last FX rate).
class RatePricer {
 public:
  virtual ~RatePricer() = default;
  virtual Result<PricedRate> Price(const Money& net, const std::optional<Money>& selling_floor) const = 0;
};

class PricingService {
 public:
  virtual ~PricingService() = default;
  // Pure computation over the cached rules and rates: thread-safe, no I/O, microseconds.
  // not_found when no FX rate links the currencies; validation_failed from the chain.
  virtual Result<PricedRate> Price(const PriceRequest& request) const = 0;
  // A pricer for `context` (its net and floor are ignored). This default calls Price() per
  // rate; an implementation resolves the context's rules once. The pricer keeps the rules
  // and rates it started with.
  virtual std::unique_ptr<RatePricer> PricerFor(const PriceRequest& context) const {
    struct PerRate final : RatePricer {
      PerRate(const PricingService& s, PriceRequest c) : service(s), context(std::move(c)) {}
      Result<PricedRate> Price(const Money& net, const std::optional<Money>& floor) const override {
        PriceRequest r = context;
        r.net = net;
        r.selling_floor = floor;
        return service.Price(r);
      }
      const PricingService& service;
      PriceRequest context;
    };
    return std::make_unique<PerRate>(*this, context);
  }
  // One amount into another currency with the documented rule (fx.hpp).
  virtual Result<Money> Convert(const Money& amount, std::string_view to_currency) const = 0;
  virtual std::string DefaultCurrency() const = 0;
};

}  // namespace hotel::pricing
