// The protocol connectors (one per supplier protocol), each translating the canonical model
// (ports/supplier_connector.hpp) to and from its wire format. One attempt per call: the
// supplier-adapter adds retries, the breaker and metrics around them.
#pragma once

#include "ports/supplier_connector.hpp"
#include "runtime/http_client.hpp"

#include <memory>

namespace hotel::supplier {

// `http` is the supplier's own pool (ADAPTER_POOL_SIZE connections).
std::unique_ptr<SupplierConnector> MakeHbxConnector(ConnectorConfig config, std::shared_ptr<runtime::HttpClient> http);
std::unique_ptr<SupplierConnector> MakeOtaConnector(ConnectorConfig config, std::shared_ptr<runtime::HttpClient> http);
std::unique_ptr<SupplierConnector> MakeRapidConnector(ConnectorConfig config, std::shared_ptr<runtime::HttpClient> http);

}  // namespace hotel::supplier
