// The strand and timer of a background loop (the outbox relay's, the buffered writer's).
// They belong to the io_context, so the slot holds them only while the loop runs: the loop
// drops them when it ends, Stop drops them at once, and what is left goes with the
// io_context at the latest — never destroyed after it.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <memory>
#include <mutex>

namespace hotel::events {

class LoopSlot {
 public:
  struct Ctx {
    explicit Ctx(boost::asio::any_io_executor ex) : strand(boost::asio::make_strand(ex)), timer(strand) {}
    boost::asio::strand<boost::asio::any_io_executor> strand;
    boost::asio::steady_timer timer;  // used on the strand only
  };

  // Spawns make_loop(ctx) on a new strand unless a loop is running. The loop waits on
  // ctx->timer and calls Reset() when it ends.
  template <class MakeLoop>
  void Start(boost::asio::any_io_executor executor, MakeLoop make_loop) {
    std::lock_guard lock(mutex_);
    if (ctx_) return;
    ctx_ = std::make_shared<Ctx>(executor);
    boost::asio::co_spawn(ctx_->strand, make_loop(ctx_), boost::asio::detached);
  }

  // Cancels the loop's wait (on its strand); nothing before Start or after the loop ended.
  void Wake() {
    std::lock_guard lock(mutex_);
    if (!ctx_) return;
    boost::asio::post(ctx_->strand, [ctx = ctx_] { ctx->timer.cancel(); });
  }

  void Reset() {
    std::lock_guard lock(mutex_);
    ctx_.reset();
  }

 private:
  std::mutex mutex_;
  std::shared_ptr<Ctx> ctx_;  // null before Start and after the loop
};

}  // namespace hotel::events
