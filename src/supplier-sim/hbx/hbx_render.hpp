// hbx-json answers of the simulator: SimCore's rates, bookings and hotels in APItude's shapes,
// and the protocol's error body.
#pragma once

#include "runtime/http.hpp"
#include "supplier-sim/core/sim_core.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::sim::hbx {

// "2026-11-29T23:59:00+01:00": an instant in a hotel's local time, with its offset.
std::string LocalTime(Instant t, int offset_minutes);

// {"auditData":{…},"error":{"code","message"}} with `status`.
runtime::Response ErrorResponse(const SimCore& core, int status, std::string_view code, std::string_view message);

// A 200 answer: `body` with auditData added.
runtime::Response Answer(const SimCore& core, boost::json::object body);

// An availability / checkrates hotel: the hotel's fields and its rates grouped by room type.
boost::json::object HotelJson(const SimCore& core, const world::SupplierHotel& hotel,
                              const std::vector<SimRate>& rates);

// A booking in APItude's booking shape. For a cancelled booking the hotel's totalNet is the
// penalty charged; `hotel_total` overrides it (a cancellation SIMULATION's cost).
boost::json::object BookingJson(const SimCore& core, const SimBooking& booking,
                                std::optional<std::int64_t> hotel_total = std::nullopt);

// One hotel of the content API.
boost::json::object ContentHotelJson(const world::SupplierHotel& hotel);

}  // namespace hotel::sim::hbx
