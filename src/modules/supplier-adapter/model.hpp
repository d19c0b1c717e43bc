// The supplier-adapter's domain types: supplier rows (credentials only ever as stored
// ciphertext here), per-operation timeouts, sync state and availability snapshot rows.
#pragma once

#include "core/date.hpp"
#include "core/error.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::supplier_adapter {

// The protocols a connector exists for (connectors/connectors.hpp).
inline constexpr std::array<std::string_view, 3> kProtocols{"hbx-json", "ota-xml", "rapid-json"};
bool IsProtocol(std::string_view name);

// [A-Z0-9_]{2,16}
bool IsSupplierCode(std::string_view code);

// What one call to a supplier is: the decorator's retry policy and timeout depend on it.
enum class Operation { kSearch, kRecheck, kBook, kCommit, kRetrieve, kQuoteCancel, kCancel, kContent };
inline constexpr std::array<Operation, 8> kOperations{Operation::kSearch,   Operation::kRecheck,     Operation::kBook,
                                                      Operation::kCommit,   Operation::kRetrieve,    Operation::kQuoteCancel,
                                                      Operation::kCancel,   Operation::kContent};
std::string_view OperationName(Operation op);  // search | recheck | book | commit | retrieve | quote_cancel | cancel | content
// Repeating it cannot book, cancel or charge anything twice.
bool IsRetrySafe(Operation op);
// The HTTP connection pool (bulkhead) of an operation: "booking" for book, commit, retrieve
// and cancellations, so that searches never take the connections bookings need nor the
// other way round; "" (the default pool) for search, re-check and content.
std::string_view PoolOf(Operation op);
inline constexpr std::string_view kBookingPool = "booking";

// Per-call deadlines of one supplier, in milliseconds (kMinTimeoutMs..kMaxTimeoutMs).
inline constexpr int kMinTimeoutMs = 100;
inline constexpr int kMaxTimeoutMs = 300000;
struct Timeouts {
  int search_ms = 10000;    // the seed's QUERY_TIMEOUT_MS
  int quote_ms = 20000;     // recheck
  int book_ms = 60000;      // book and commit: suppliers ask for 30–120 s
  int retrieve_ms = 20000;
  int cancel_ms = 20000;    // quote-cancel and cancel
  int content_ms = 20000;
  bool operator==(const Timeouts&) const = default;
  std::chrono::milliseconds For(Operation op) const;
};

struct Supplier {
  std::string id;        // "sup_…"
  std::string code;      // "HBX"
  std::string name;
  std::string protocol;  // hbx-json | ota-xml | rapid-json
  std::string endpoint;  // http://host:port[/path], no trailing slash
  std::optional<std::string> api_key_sealed;  // CredentialsCipher output; never plaintext
  std::optional<std::string> secret_sealed;
  bool enabled = true;
  Timeouts timeouts;
  std::string currency;
  std::int64_t version = 1;  // +1 on every change: registries rebuild what changed
  std::string created_at;
  std::string updated_at;
};

// What a PATCH may change; absent fields stay. For credentials, an empty optional inside
// means "clear it".
struct SupplierPatch {
  std::optional<std::string> name;
  std::optional<std::string> endpoint;
  std::optional<std::string> currency;
  std::optional<std::optional<std::string>> api_key;  // plaintext, sealed by the service
  std::optional<std::optional<std::string>> secret;
  // Only the given ones change.
  std::optional<int> search_ms, quote_ms, book_ms, retrieve_ms, cancel_ms, content_ms;
};

struct NewSupplier {
  std::string code, name, protocol, endpoint, currency;
  std::optional<std::string> api_key, secret;  // plaintext
  bool enabled = true;
  Timeouts timeouts;
};

struct PageRequest {
  int limit = 50;
  std::optional<std::string> cursor;  // the last code of the previous page
};
template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

// ok: every batch answered; partial: some did; failed: none did (error_code says why).
enum class SyncOutcome { kOk, kPartial, kFailed };
std::string_view SyncOutcomeName(SyncOutcome o);
std::optional<SyncOutcome> ParseSyncOutcome(std::string_view name);

struct SyncState {
  std::string supplier_code;
  std::optional<std::string> running_since;  // set while a sync holds the claim
  std::optional<std::string> last_started_at;
  std::optional<std::string> last_finished_at;
  std::optional<SyncOutcome> last_outcome;
  std::optional<std::string> last_error;      // an Errc name, for partial and failed
  std::int64_t hotels_synced = 0;
};

// The cheapest rate one supplier had for one hotel and check-in (one night, 2 adults).
struct AvailabilityRow {
  std::string supplier_code;
  std::string hotel_code;
  Date check_in;
  int nights = 1;
  std::optional<std::int64_t> min_net_minor;  // null: no rate
  std::string currency;                       // empty when no rate
  int rate_count = 0;
  std::string synced_at;
};

}  // namespace hotel::supplier_adapter
