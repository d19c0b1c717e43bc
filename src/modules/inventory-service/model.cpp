// Hold state names (stay dates are core/date.hpp).
#include "modules/inventory-service/model.hpp"

#include <array>

namespace hotel::inventory {
namespace {

constexpr std::array<std::string_view, 4> kStatusNames{"held", "confirmed", "released", "expired"};

}  // namespace

std::string_view HoldStatusName(HoldStatus s) { return kStatusNames[static_cast<std::size_t>(s)]; }

std::optional<HoldStatus> ParseHoldStatus(std::string_view name) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
    if (kStatusNames[i] == name) return static_cast<HoldStatus>(i);
  }
  return std::nullopt;
}

}  // namespace hotel::inventory
