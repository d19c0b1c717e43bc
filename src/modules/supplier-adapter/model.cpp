// Names and predicates of the supplier-adapter's domain types.
#include "modules/supplier-adapter/model.hpp"

#include <algorithm>

namespace hotel::supplier_adapter {
namespace {

constexpr std::array<std::string_view, 8> kOperationNames{"search",   "recheck",      "book",   "commit",
                                                          "retrieve", "quote_cancel", "cancel", "content"};
constexpr std::array<std::string_view, 3> kOutcomes{"ok", "partial", "failed"};

}  // namespace

bool IsProtocol(std::string_view name) { return std::find(kProtocols.begin(), kProtocols.end(), name) != kProtocols.end(); }

bool IsSupplierCode(std::string_view code) {
  return code.size() >= 2 && code.size() <= 16 && std::all_of(code.begin(), code.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
         });
}

std::string_view OperationName(Operation op) { return kOperationNames[static_cast<std::size_t>(op)]; }

std::string_view PoolOf(Operation op) {
  switch (op) {
    case Operation::kBook:
    case Operation::kCommit:
    case Operation::kRetrieve:
    case Operation::kQuoteCancel:
    case Operation::kCancel:
      return kBookingPool;
    case Operation::kSearch:
    case Operation::kRecheck:
    case Operation::kContent:
      return "";
  }
  return "";
}

bool IsRetrySafe(Operation op) {
  switch (op) {
    case Operation::kSearch:
    case Operation::kRecheck:
    case Operation::kRetrieve:
    case Operation::kQuoteCancel:
    case Operation::kContent:
      return true;
    case Operation::kBook:
    case Operation::kCommit:
    case Operation::kCancel:
      return false;
  }
  return false;
}

std::chrono::milliseconds Timeouts::For(Operation op) const {
  switch (op) {
    case Operation::kSearch: return std::chrono::milliseconds(search_ms);
    case Operation::kRecheck: return std::chrono::milliseconds(quote_ms);
    case Operation::kBook:
    case Operation::kCommit: return std::chrono::milliseconds(book_ms);
    case Operation::kRetrieve: return std::chrono::milliseconds(retrieve_ms);
    case Operation::kQuoteCancel:
    case Operation::kCancel: return std::chrono::milliseconds(cancel_ms);
    case Operation::kContent: return std::chrono::milliseconds(content_ms);
  }
  return std::chrono::milliseconds(search_ms);
}

std::string_view SyncOutcomeName(SyncOutcome o) { return kOutcomes[static_cast<std::size_t>(o)]; }

std::optional<SyncOutcome> ParseSyncOutcome(std::string_view name) {
  for (std::size_t i = 0; i < kOutcomes.size(); ++i) {
    if (kOutcomes[i] == name) return static_cast<SyncOutcome>(i);
  }
  return std::nullopt;
}

}  // namespace hotel::supplier_adapter
