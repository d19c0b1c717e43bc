// Test-only helpers shared by identity's tests: running a coroutine to completion.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <optional>
#include <string>

namespace hotel::identity::testing {

inline const std::string kTestSecret = "identity-test-secret-0123456789abcdef";

// Runs one coroutine to completion on a private io_context (exceptions are rethrown).
template <class T>
T RunAwaitable(boost::asio::awaitable<T> a) {
  boost::asio::io_context io;
  std::optional<T> out;
  boost::asio::co_spawn(
      io, [&]() -> boost::asio::awaitable<void> { out.emplace(co_await std::move(a)); },
      [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
  io.run();
  return std::move(*out);
}

}  // namespace hotel::identity::testing
