// The order-service module: quotes, orders, cancellations, the risk review queue, and the
// background poller. Wiring (in `hotel serve`, beside the supplier registry and pricing):
//   orders::Spec(orders::OrderDeps{suppliers, pricing, config_client, outbox_relay, ""})
#pragma once

#include "modules/order-service/order_service.hpp"
#include "runtime/module.hpp"

namespace hotel::orders {

// Options from the settings: ORDER_EXPIRY_MINUTES, RISK_SCORE_THRESHOLD.
OrderOptions OptionsFrom(const runtime::Settings& settings);

runtime::ModuleSpec Spec(OrderDeps deps);

}  // namespace hotel::orders
