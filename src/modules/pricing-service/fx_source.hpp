// Where exchange rates come from: a port, so that a real provider (ECB, a bank's feed, a
// paid API) can replace the fx_rates table. The table is the only source today.
//
// Plugging in a provider: implement FxRateSource::Load() (blocking is fine: it runs on the
// pricing reload thread every EXCHANGE_RATE_CACHE_TTL seconds, never on a request) returning
// the rates it quotes, and pass it to MakePricingService(). To keep operators' overrides,
// wrap both: load the provider, then apply the table's rows with source "api" over it.
#pragma once

#include "core/error.hpp"
#include "modules/pricing-service/fx.hpp"

#include <string>
#include <vector>

namespace hotel::pricing {

class PricingStore;

class FxRateSource {
 public:
  virtual ~FxRateSource() = default;
  virtual std::string Name() const = 0;  // for logs
  // Every rate the source knows now. An error keeps the previous snapshot in use.
  virtual Result<std::vector<FxRate>> Load() = 0;
};

// The fx_rates table (migration 009), written through PUT /api/v1/fx-rates.
class TableFxRateSource final : public FxRateSource {
 public:
  explicit TableFxRateSource(PricingStore& store) : store_(store) {}
  std::string Name() const override { return "fx_rates table"; }
  Result<std::vector<FxRate>> Load() override;

 private:
  PricingStore& store_;
};

}  // namespace hotel::pricing
