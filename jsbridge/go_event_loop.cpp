// Timers (setTimeout and Go's timeout events, one queue as in Node) and the
// event loop that fires them, and runs tasks posted from other threads, until
// the program exits or nothing is left that could wake it.
#include <algorithm>
#include <cmath>
#include <thread>

#include "go_runtime.h"

namespace gowasm::js {

uint64_t GoRuntime::add_timer(double delay_ms, std::function<void()> fire) {
  // Node: a delay that is not a number of at least 1 ms becomes 1 ms.
  if (!(delay_ms >= 1) || delay_ms > 2147483647) delay_ms = 1;
  const auto due =
      host_.clock.elapsed() + std::chrono::microseconds(int64_t(std::floor(delay_ms) * 1000));
  timers_[next_timer_] = Timer{due, std::move(fire)};
  return next_timer_++;
}

void GoRuntime::install_timers() {
  // setTimeout(f, delay, ...args) and clearTimeout(id); the id is a number.
  realm_.define_method(
      realm_.global(), "setTimeout", [this](const Value&, std::span<const Value> args) {
        const js::ObjectRef* f = args.empty() ? nullptr : js::as_object(args[0]);
        if (!f || !(*f)->is_callable())
          throw js::TypeError{"The \"callback\" argument must be of type function."};
        const double delay = args.size() > 1 ? js::to_number(args[1]) : 0;
        std::vector<Value> rest(args.size() > 2 ? args.begin() + 2 : args.end(), args.end());
        return Value(double(
            add_timer(delay, [function = *f, rest] { function->call(js::Undefined{}, rest); })));
      });
  realm_.define_method(realm_.global(), "clearTimeout",
                       [this](const Value&, std::span<const Value> args) {
                         if (!args.empty() && std::holds_alternative<double>(args[0]))
                           timers_.erase(js::to_integer<uint64_t>(std::get<double>(args[0])));
                         return Value(js::Undefined{});
                       });
}

GoState GoRuntime::drive(std::chrono::steady_clock::time_point deadline,
                         const std::function<bool()>& until) {
  if (state_ != GoState::Blocked) return state_;
  const auto& interrupt = options_.instance.interrupt;
  return guarded([&] {
    const auto done = [&] { return until && until(); };
    while (!exited_ && !done()) {
      run_io_callbacks();
      if (exited_ || done()) return;
      for (auto& task : tasks_->take()) {
        task();
        if (exited_ || state_ != GoState::Blocked || done()) return;
      }
      if (interrupt && interrupt->interrupted()) throw GuestTrap{Trap::of(TrapKind::Interrupted)};
      if (timers_.empty() && !tasks_->expecting()) return;  // nothing can wake it
      auto wake = deadline;
      if (!timers_.empty()) {
        const auto next =
            std::min_element(timers_.begin(), timers_.end(), [](const auto& a, const auto& b) {
              return a.second.due < b.second.due ||
                     (a.second.due == b.second.due && a.first < b.first);
            });
        if (next->second.due <= host_.clock.elapsed()) {
          Timer timer = std::move(next->second);
          timers_.erase(next);
          timer.fire();
          continue;
        }
        if (host_.clock.is_virtual() && !tasks_->queued()) {
          // Nothing to do but wait: virtual time jumps to the timer.
          host_.clock.advance_to(next->second.due);
          continue;
        }
        wake = std::min(wake, host_.clock.real_time_of(next->second.due));
      }
      // The host's time is up; timers and tasks wait for the next drive().
      if (std::chrono::steady_clock::now() >= deadline) return;
      tasks_->wait_until(wake);
    }
  });
}

}  // namespace gowasm::js
