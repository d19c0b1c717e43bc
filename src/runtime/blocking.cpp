// BlockingPool: co_spawn onto an asio::thread_pool and await completion.
#include "runtime/blocking.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>

namespace hotel::runtime {

struct BlockingPool::Impl {
  explicit Impl(int threads) : pool(static_cast<std::size_t>(threads)) {}
  boost::asio::thread_pool pool;
  std::atomic<int> pending{0};
};

BlockingPool::BlockingPool(int threads) : impl_(std::make_unique<Impl>(threads)) {}

BlockingPool::~BlockingPool() { Join(); }

void BlockingPool::Join() { impl_->pool.join(); }

int BlockingPool::Pending() const { return impl_->pending.load(); }

boost::asio::awaitable<void> BlockingPool::RunErased(std::function<void()> fn) {
  ++impl_->pending;
  struct Done {
    std::atomic<int>& p;
    ~Done() { --p; }
  } done{impl_->pending};
  auto task = [fn = std::move(fn)]() -> boost::asio::awaitable<void> {
    fn();
    co_return;
  };
  co_await boost::asio::co_spawn(impl_->pool.get_executor(), std::move(task), boost::asio::use_awaitable);
}

}  // namespace hotel::runtime
