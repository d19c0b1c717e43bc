// The fan-out's coroutines: see fan_out.hpp. Everything of one search runs on one strand, so
// the shared state needs no lock; only the process-wide semaphore crosses strands.
#include "modules/query-engine/fan_out.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace hotel::query {
namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;
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

struct FanOutState {
  FanOutState(asio::strand<asio::any_io_executor> s, FanOutRequest r)
      : strand(s), request(std::move(r)), outcomes(request.calls.size()), wake(s) {}
  asio::strand<asio::any_io_executor> strand;
  FanOutRequest request;
  std::vector<CallOutcome> outcomes;
  std::size_t next = 0, done = 0;
  bool abandoned = false;
  asio::steady_timer wake;
};

asio::awaitable<void> Worker(std::shared_ptr<FanOutState> st, std::shared_ptr<AsyncSemaphore> bound) {
  while (!st->abandoned && st->next < st->request.calls.size()) {
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
    // The connector honours its timeout, but a call that ignores it must not outlive the
    // search: the race cancels it at the deadline.
    asio::steady_timer deadline(st->strand, st->request.deadline);
    auto raced = co_await (call.connector->Search(req, options) || deadline.async_wait(asio::as_tuple(asio::use_awaitable)));
    bound->Release();
    auto& out = st->outcomes[i];
    out.latency = std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started);
    if (raced.index() == 0) {
      out.finished = true;
      out.result.emplace(std::get<0>(std::move(raced)));
    }
    if (++st->done == st->request.calls.size()) st->wake.cancel();
  }
}

asio::awaitable<std::vector<CallOutcome>> RunOnStrand(std::shared_ptr<FanOutState> st,
                                                      std::shared_ptr<AsyncSemaphore> bound) {
  const std::size_t workers =
      std::min<std::size_t>(std::max(1, st->request.per_search), st->request.calls.size());
  for (std::size_t w = 0; w < workers; ++w) asio::co_spawn(st->strand, Worker(st, bound), asio::detached);
  if (st->done < st->request.calls.size()) {
    st->wake.expires_at(st->request.deadline);
    co_await st->wake.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  st->abandoned = true;
  // Every call done: nothing writes into the state any more, its outcomes (every supplier's
  // parsed answer) are moved out. Otherwise a copy: the calls still running write into the
  // state, which they keep alive.
  if (st->done == st->request.calls.size()) co_return std::move(st->outcomes);
  co_return st->outcomes;
}

}  // namespace

asio::awaitable<std::vector<CallOutcome>> FanOut(asio::any_io_executor executor, FanOutRequest request,
                                                 std::shared_ptr<AsyncSemaphore> process_bound) {
  if (request.calls.empty()) co_return std::vector<CallOutcome>{};
  auto strand = asio::make_strand(executor);
  auto st = std::make_shared<FanOutState>(strand, std::move(request));
  co_return co_await asio::co_spawn(strand, RunOnStrand(st, std::move(process_bound)), asio::use_awaitable);
}

}  // namespace hotel::query
