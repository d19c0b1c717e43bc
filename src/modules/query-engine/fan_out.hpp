// Calling many suppliers for one search under a deadline: chunks of hotel codes, at most
// `per_search` calls in flight for the search and a process-wide bound across searches. At the
// deadline the caller gets what arrived; calls still running are abandoned (they hold shared
// state only and stop at the same deadline).
#pragma once

#include "ports/supplier_connector.hpp"
#include "runtime/trace.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hotel::query {

// A counting semaphore for coroutines on any executors: Acquire waits (until a deadline)
// without blocking a thread; Release hands the slot straight to the oldest waiter.
class AsyncSemaphore {
 public:
  explicit AsyncSemaphore(int slots) : available_(slots) {}
  // false when the deadline passed first (no slot taken).
  boost::asio::awaitable<bool> Acquire(std::chrono::steady_clock::time_point deadline);
  void Release();
  int Waiting() const;  // coroutines queued for a slot (for tests and gauges)

 private:
  mutable std::mutex mutex_;
  int available_;
  std::deque<std::shared_ptr<boost::asio::steady_timer>> waiters_;
};

struct SupplierCall {
  std::string supplier;
  std::shared_ptr<supplier::SupplierConnector> connector;
  std::vector<std::string> hotel_codes;  // at most kMaxCodesPerCall
};

inline constexpr std::size_t kMaxCodesPerCall = 250;

struct CallOutcome {
  bool finished = false;                           // false: still running at the deadline
  std::optional<Result<supplier::SearchResult>> result;
  std::chrono::microseconds latency{0};            // from the call's start to its answer parsed
};

struct FanOutRequest {
  std::vector<SupplierCall> calls;
  supplier::SearchRequest base;  // everything but hotel_codes
  std::chrono::steady_clock::time_point deadline;
  runtime::TraceContext trace;
  int per_search = 20;
};

// One outcome per call, in the order of `request.calls`. Runs the calls on a strand of
// `executor`; returns at the deadline at the latest (plus scheduling).
boost::asio::awaitable<std::vector<CallOutcome>> FanOut(boost::asio::any_io_executor executor, FanOutRequest request,
                                                        std::shared_ptr<AsyncSemaphore> process_bound);

}  // namespace hotel::query
