// See task_queue.h.
#include "task_queue.h"

#include <utility>

namespace gowasm::js {

void TaskQueue::post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
    ++events_;
  }
  changed_.notify_all();
}

std::shared_ptr<void> TaskQueue::hold() {
  {
    std::lock_guard lock(mutex_);
    ++holds_;
  }
  return std::shared_ptr<void>(nullptr, [queue = shared_from_this()](void*) {
    {
      std::lock_guard lock(queue->mutex_);
      --queue->holds_;
      ++queue->events_;
    }
    queue->changed_.notify_all();
  });
}

std::deque<std::function<void()>> TaskQueue::take() {
  std::lock_guard lock(mutex_);
  return std::exchange(tasks_, {});
}

bool TaskQueue::expecting() const {
  std::lock_guard lock(mutex_);
  return !tasks_.empty() || holds_ > 0;
}

bool TaskQueue::queued() const {
  std::lock_guard lock(mutex_);
  return !tasks_.empty();
}

void TaskQueue::wait_until(std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(mutex_);
  const uint64_t seen = events_;
  if (!tasks_.empty()) return;
  changed_.wait_until(lock, until, [&] { return events_ != seen; });
}

void TaskQueue::wake() {
  {
    std::lock_guard lock(mutex_);
    ++events_;
  }
  changed_.notify_all();
}

}  // namespace gowasm::js
