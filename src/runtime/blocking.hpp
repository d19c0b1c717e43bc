// A bounded thread pool for blocking calls (SQLite, libpq): coroutines await the result
// without ever blocking an I/O thread.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace hotel::runtime {

class BlockingPool {
 public:
  explicit BlockingPool(int threads);
  ~BlockingPool();  // waits for running calls
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // Runs `f` on a pool thread and resumes the caller on its own executor with the result.
  // An exception thrown by `f` is rethrown in the caller.
  template <class F>
  boost::asio::awaitable<std::invoke_result_t<F&>> Run(F f) {
    using R = std::invoke_result_t<F&>;
    if constexpr (std::is_void_v<R>) {
      co_await RunErased([&f] { f(); });
    } else {
      std::optional<R> out;
      co_await RunErased([&f, &out] { out.emplace(f()); });
      co_return std::move(*out);
    }
  }

  // Calls not yet started plus those running (a gauge for /metrics).
  int Pending() const;

  // Waits for every call to finish and the threads to end. Call it after the io_contexts that
  // awaited calls have stopped and before they are destroyed: a finishing call still holds its
  // caller's executor for a moment. Idempotent; the destructor joins too.
  void Join();

 private:
  boost::asio::awaitable<void> RunErased(std::function<void()> fn);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotel::runtime
