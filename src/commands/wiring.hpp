// Glue between modules that do not know each other: what the supplier-adapter observes,
// handed to the catalog's supplier ranking.
#pragma once

#include "modules/matching-service/ranking.hpp"

#include <memory>

namespace hotel::ports {
class Database;
}
namespace hotel::supplier_adapter {
class SupplierRegistry;
}

namespace hotel::commands {

// Price and availability from the availability sync's snapshot (cheapest net over the synced
// stays; share of synced stays with a rate), reliability from the supplier's connector (share of
// calls without a transport failure). Blocking (a database read). `suppliers` may be null.
matching::SupplierSignalsFn RankingSignals(ports::Database& db, std::shared_ptr<supplier_adapter::SupplierRegistry> suppliers);

}  // namespace hotel::commands
