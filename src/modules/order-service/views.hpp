// Order-service JSON: request bodies in, quotes and orders out, shaped by who asks: agents and
// finance never see the supplier, its references, the net or the breakdown; a distributor
// admin sees its own tier's markup lines; platform staff see everything.
#pragma once

#include "core/principal.hpp"
#include "modules/order-service/order_service.hpp"
#include "runtime/http.hpp"

#include <boost/json/object.hpp>

namespace hotel::orders::views {

Result<std::string> ParseOfferId(std::string_view body);
Result<NewOrder> ParseNewOrder(std::string_view body);
// ?status, clientReference, hotelId, checkInFrom, checkInTo, createdFrom, createdTo, limit, cursor.
Result<OrderFilter> ParseFilter(const runtime::Request& req);
Result<std::pair<int, std::optional<std::string>>> ParsePage(const runtime::Request& req);

boost::json::object QuoteJson(const QuoteRecord& q);
boost::json::object OrderJson(const OrderRecord& o, const Principal& viewer);
boost::json::object DetailJson(const OrderDetail& d, const Principal& viewer);
boost::json::object ListJson(std::vector<OrderRecord> orders, int limit, const Principal& viewer);
boost::json::object ReviewJson(const OrderRecord& o);
boost::json::object CancelQuoteJson(const CancelQuote& q);

}  // namespace hotel::orders::views
