// Supplier signals for the catalog's ranking, read from the supplier-adapter's state.
#include "commands/wiring.hpp"

#include "modules/supplier-adapter/registry.hpp"
#include "modules/supplier-adapter/repository.hpp"

namespace hotel::commands {

matching::SupplierSignalsFn RankingSignals(ports::Database& db, std::shared_ptr<supplier_adapter::SupplierRegistry> suppliers) {
  return [&db, suppliers](std::string_view supplier_code, std::string_view hotel_code) {
    matching::SupplierSignals signals;
    supplier_adapter::SupplierRepository repo(db);
    if (auto rows = repo.ListAvailability(std::string(supplier_code), std::string(hotel_code)); rows && !rows->empty()) {
      int with_rate = 0;
      for (const auto& row : *rows) {
        if (!row.min_net_minor) continue;
        ++with_rate;
        // Prices are only compared within one currency: the first one seen wins.
        if (!signals.cheapest_net) {
          signals.cheapest_net = Money{*row.min_net_minor, row.currency};
        } else if (signals.cheapest_net->currency == row.currency && *row.min_net_minor < signals.cheapest_net->minor) {
          signals.cheapest_net->minor = *row.min_net_minor;
        }
      }
      signals.availability = static_cast<double>(with_rate) / static_cast<double>(rows->size());
    }
    if (suppliers) {
      if (auto status = suppliers->Status(supplier_code); status && status->connector) {
        const auto health = status->connector->Health();
        std::uint64_t calls = 0, failures = 0;
        for (const auto& op : health.operations) {
          calls += op.calls;
          failures += op.failures;
        }
        if (calls > 0) signals.reliability = 1.0 - static_cast<double>(failures) / static_cast<double>(calls);
      }
    }
    return signals;
  };
}

}  // namespace hotel::commands
