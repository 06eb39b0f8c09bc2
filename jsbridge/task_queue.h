// Tasks posted from any thread for the thread that drives a Go program, and
// the holds by which the host says more are coming (like Node's ref'd
// handles: while one is alive, the event loop waits instead of ending).
// Shared by pointer, so that a hold or a post may outlive the program.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

namespace gowasm::js {

class TaskQueue : public std::enable_shared_from_this<TaskQueue> {
 public:
  void post(std::function<void()> task);
  // Keeps expecting() true until the returned token is dropped.
  std::shared_ptr<void> hold();
  // The tasks posted so far, in order; the queue is left empty.
  std::deque<std::function<void()>> take();
  // Tasks are queued, or a hold is alive.
  bool expecting() const;
  // Tasks are queued.
  bool queued() const;
  // Waits until `until`, a post, a dropped hold or wake().
  void wait_until(std::chrono::steady_clock::time_point until);
  void wake();

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> tasks_;
  size_t holds_ = 0;
  uint64_t events_ = 0;  // counts posts, drops and wakes, for wait_until
};

}  // namespace gowasm::js
