// The fan-out's coroutines: see fan_out.hpp. Everything of one search runs on one strand, so
// the shared state needs no lock; only the process-wide semaphore crosses strands.
#include "modules/query-engine/fan_out.hpp"

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace hotel::query {
namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;

asio::awaitable<bool> AsyncSemaphore::Acquire(SteadyClock::time_point deadline) {
  auto timer = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor, deadline);
  {
    std::lock_guard lock(mutex_);
    if (available_ > 0) {
      --available_;
      co_return true;
    }
    waiters_.push_back(timer);
  }
  co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
  std::lock_guard lock(mutex_);
  auto it = std::find(waiters_.begin(), waiters_.end(), timer);
  if (it != waiters_.end()) {  // the deadline (or a cancellation) came first
    waiters_.erase(it);
    co_return false;
  }
  co_return true;  // a Release handed its slot over
}

void AsyncSemaphore::Release() {
  std::shared_ptr<asio::steady_timer> next;
  {
    std::lock_guard lock(mutex_);
    if (waiters_.empty()) {
      ++available_;
      return;
    }
    next = std::move(waiters_.front());
    waiters_.pop_front();
  }
  // The waiter's timer belongs to its own strand: cancel it there.
  asio::post(next->get_executor(), [next] { next->cancel(); });
}

int AsyncSemaphore::Waiting() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(waiters_.size());
}

namespace {

using Outcomes = std::vector<CallOutcome>;

// Everything of one search's fan-out, touched only on its strand. The waiting search is
// resumed by whoever finishes the fan-out (the last call, or the deadline) directly, not by
// cancelling a timer: a timer's completion, like any posted handler, waits for the thread's
// next turn through its queue, which under load is milliseconds of the search's own time.
struct FanOutState {
  FanOutState(asio::strand<asio::any_io_executor> s, FanOutRequest r)
      : strand(s), request(std::move(r)), outcomes(request.calls.size()), deadline(s) {}
  asio::strand<asio::any_io_executor> strand;
  FanOutRequest request;
  Outcomes outcomes;
  std::size_t next = 0, done = 0;
  bool finished = false;  // the search has its outcomes; later calls are abandoned
  bool starting = true;   // still inside the initiation: a completion there is posted
  asio::steady_timer deadline;
  std::optional<asio::any_completion_handler<void(Outcomes)>> waiter;
  // Per worker: its cancellation (emitted at the deadline to the workers still calling) and
  // whether it still runs.
  std::vector<asio::cancellation_signal> cancel;
  std::vector<bool> running;
};

void Finish(const std::shared_ptr<FanOutState>& st) {
  if (st->finished || !st->waiter) return;
  st->finished = true;
  st->deadline.cancel();
  // A call that ends after this writes nothing into the state: the outcomes (every supplier's
  // parsed answer) are moved out.
  Outcomes result = std::move(st->outcomes);
  if (st->done < st->request.calls.size()) {
    // The deadline: the calls still running are told to stop (a connector that ignores its
    // timeout must not outlive the search).
    for (std::size_t w = 0; w < st->cancel.size(); ++w) {
      if (st->running[w]) st->cancel[w].emit(asio::cancellation_type::terminal);
    }
  }
  auto waiter = std::move(*st->waiter);
  st->waiter.reset();
  // Resumed here and now, unless every call failed before the fan-out was even started (a
  // breaker open on each): a coroutine is not resumed from inside its own suspension.
  if (st->starting) {
    asio::post(st->strand, asio::append(std::move(waiter), std::move(result)));
  } else {
    asio::dispatch(asio::append(std::move(waiter), std::move(result)));
  }
}

asio::awaitable<void> Worker(std::shared_ptr<FanOutState> st, std::size_t w, std::shared_ptr<AsyncSemaphore> bound) {
  // Cancelled at the deadline: the calls see it as an error value, never as an exception that
  // would skip the slot's release.
  co_await asio::this_coro::throw_if_cancelled(false);
  while (!st->finished && st->next < st->request.calls.size()) {
    const std::size_t i = st->next++;
    const auto& call = st->request.calls[i];
    if (SteadyClock::now() >= st->request.deadline) break;
    if (!co_await bound->Acquire(st->request.deadline)) break;
    // The supplier's latency starts when its call does: the wait for a slot of the process
    // bound is the platform's own time, not the supplier's.
    const auto started = SteadyClock::now();
    supplier::SearchRequest req = st->request.base;
    req.hotel_codes = call.hotel_codes;
    supplier::CallOptions options;
    options.timeout = std::max(std::chrono::milliseconds(1), std::chrono::duration_cast<std::chrono::milliseconds>(
                                                                 st->request.deadline - SteadyClock::now()));
    options.trace = &st->request.trace;
    Result<supplier::SearchResult> result = Error::Internal("supplier call failed");
    try {
      result = co_await call.connector->Search(req, options);
    } catch (const std::exception& e) {
      result = Error::Internal(std::string("supplier call failed: ") + e.what());
    } catch (...) {
      result = Error::Internal("supplier call failed");
    }
    bound->Release();
    if (st->finished) break;  // past the deadline: the search went on without it
    auto& out = st->outcomes[i];
    out.latency = std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started);
    out.finished = true;
    out.result.emplace(std::move(result));
    if (++st->done == st->request.calls.size()) Finish(st);
  }
  st->running[w] = false;
}

// Starts the workers and the deadline on the strand; completes with the outcomes when every
// call is done or at the deadline, whichever comes first.
template <typename Token>
auto AsyncFanOut(std::shared_ptr<FanOutState> st, std::shared_ptr<AsyncSemaphore> bound, Token&& token) {
  return asio::async_initiate<Token, void(Outcomes)>(
      [](auto handler, std::shared_ptr<FanOutState> st, std::shared_ptr<AsyncSemaphore> bound) {
        auto strand = st->strand;
        asio::dispatch(strand, [st = std::move(st), bound = std::move(bound), h = std::move(handler)]() mutable {
          st->waiter.emplace(std::move(h));
          const std::size_t workers =
              std::min<std::size_t>(std::max(1, st->request.per_search), st->request.calls.size());
          st->cancel = std::vector<asio::cancellation_signal>(workers);
          st->running.assign(workers, true);
          st->deadline.expires_at(st->request.deadline);
          st->deadline.async_wait([st](boost::system::error_code ec) {
            if (!ec) Finish(st);
          });
          for (std::size_t w = 0; w < workers && !st->finished; ++w) {
            asio::co_spawn(st->strand, Worker(st, w, bound), asio::bind_cancellation_slot(st->cancel[w].slot(), asio::detached));
          }
          st->starting = false;
        });
      },
      token, std::move(st), std::move(bound));
}

}  // namespace

asio::awaitable<std::vector<CallOutcome>> FanOut(asio::any_io_executor executor, FanOutRequest request,
                                                 std::shared_ptr<AsyncSemaphore> process_bound) {
  if (request.calls.empty()) co_return std::vector<CallOutcome>{};
  auto st = std::make_shared<FanOutState>(asio::make_strand(executor), std::move(request));
  co_return co_await AsyncFanOut(std::move(st), std::move(process_bound), asio::use_awaitable);
}

}  // namespace hotel::query
