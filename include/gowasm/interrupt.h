// Stopping a running guest from another thread, without killing the
// process. Give an InterruptHandle to the instances (InstanceOptions) or the
// Go program (GoOptions::instance) to be stopped, and call interrupt() from
// anywhere: wasm code stops at its next loop back-edge or function entry
// with a trap of kind Interrupted, and a Go program's event loop stops
// waiting for its timers. The handle stays interrupted (and whatever runs
// under it keeps stopping) until reset().
//
//   auto stop = std::make_shared<gowasm::InterruptHandle>();
//   options.interrupt = stop;
//   gowasm::Deadline deadline(stop, std::chrono::seconds(2));  // or stop->interrupt() yourself
//   gowasm::CallResult r = instance->call("f", args);  // r.trap->kind == TrapKind::Interrupted
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace gowasm {

namespace detail {
// How many reasons there are right now, process-wide, for the interpreter
// to look closer at its taken branches: interrupted handles, and instances
// that run on fuel. The loops test this one word, and only when it is not
// zero their own instance's flag and fuel.
inline std::atomic<int> poll_requests{0};
}  // namespace detail

class InterruptHandle {
 public:
  void interrupt() { set(true); }
  bool interrupted() const { return flag_.load(std::memory_order_relaxed); }
  void reset() { set(false); }
  ~InterruptHandle() { set(false); }

  // Sleeps until `time`; returns early, true, when interrupted.
  bool wait_until(std::chrono::steady_clock::time_point time) {
    std::unique_lock lock(mutex_);
    return changed_.wait_until(lock, time, [this] { return interrupted(); });
  }

  // The flag the interpreter polls.
  const std::atomic<bool>& flag() const { return flag_; }

  // For engines: `on_change(interrupted)` runs now and at every interrupt()
  // and reset(), on the calling thread and under the handle's lock, until
  // forget(id). (The interpreter uses it to poison the limit its function
  // entries check anyway, so that calls cost nothing extra.)
  uint64_t listen(std::function<void(bool interrupted)> on_change) {
    std::lock_guard lock(mutex_);
    on_change(interrupted());
    listeners_.emplace_back(next_listener_, std::move(on_change));
    return next_listener_++;
  }
  void forget(uint64_t id) {
    std::lock_guard lock(mutex_);
    std::erase_if(listeners_, [id](const auto& l) { return l.first == id; });
  }

 private:
  void set(bool value) {
    {
      std::lock_guard lock(mutex_);
      if (flag_.exchange(value, std::memory_order_relaxed) != value)
        detail::poll_requests.fetch_add(value ? 1 : -1, std::memory_order_relaxed);
      for (const auto& [id, on_change] : listeners_) on_change(value);
    }
    changed_.notify_all();
  }

  std::atomic<bool> flag_{false};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::pair<uint64_t, std::function<void(bool)>>> listeners_;
  uint64_t next_listener_ = 1;
};

// Interrupts `handle` when `limit` has passed, unless destroyed first: a
// deadline for one call, or for a whole run.
class Deadline {
 public:
  Deadline(std::shared_ptr<InterruptHandle> handle, std::chrono::steady_clock::duration limit)
      : handle_(std::move(handle)), due_(std::chrono::steady_clock::now() + limit), thread_([this] {
          std::unique_lock lock(mutex_);
          if (!done_changed_.wait_until(lock, due_, [this] { return done_; })) {
            expired_ = true;
            handle_->interrupt();
          }
        }) {}
  ~Deadline() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    done_changed_.notify_one();
    thread_.join();
  }
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  // Whether the deadline passed (and interrupted the handle).
  bool expired() {
    std::lock_guard lock(mutex_);
    return expired_;
  }

 private:
  std::shared_ptr<InterruptHandle> handle_;
  std::chrono::steady_clock::time_point due_;
  std::mutex mutex_;
  std::condition_variable done_changed_;
  bool done_ = false;
  bool expired_ = false;
  std::thread thread_;  // last: it starts once the members above exist
};

}  // namespace gowasm
