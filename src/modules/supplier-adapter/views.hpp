// The suppliers API's JSON: bodies and query strings in (validated, every bad field named),
// suppliers, health and sync state out. Credentials are never written out: only whether each
// one is set.
#pragma once

#include "modules/supplier-adapter/model.hpp"
#include "modules/supplier-adapter/registry.hpp"
#include "runtime/http.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string_view>

namespace hotel::supplier_adapter::views {

// `defaults` fills the timeouts a body leaves out.
Result<NewSupplier> ParseNewSupplier(std::string_view body, const Timeouts& defaults);
Result<SupplierPatch> ParseSupplierPatch(std::string_view body);
// ?limit (1..200, default 50) and ?cursor.
Result<PageRequest> ParsePage(const runtime::Request& req);

// "http://host[:port][/path]": http only (the client has no TLS yet), no credentials, query
// or fragment; a trailing '/' is dropped. nullopt when acceptable, else the message.
std::optional<std::string> CheckEndpoint(std::string& endpoint);

boost::json::object SupplierJson(const Supplier& s);
boost::json::object PageJson(const Page<Supplier>& page);
boost::json::object SyncJson(const std::optional<SyncState>& state);
// `status` null: the supplier is not (yet) in this process's registry.
boost::json::object HealthJson(const Supplier& row, const std::optional<SupplierStatus>& status,
                               const std::optional<SyncState>& sync);

}  // namespace hotel::supplier_adapter::views
