// The order-service routes: /api/v1/quotes, /api/v1/orders, /api/v1/risk-reviews.
#pragma once

#include "modules/order-service/order_service.hpp"
#include "runtime/router.hpp"

#include <memory>

namespace hotel::orders {

void RegisterOrderRoutes(runtime::Router& router, std::shared_ptr<OrderService> service);

}  // namespace hotel::orders
