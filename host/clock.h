// The one clock a guest sees: wall time (Date, runtime.walltime), time
// since start (runtime.nanotime1, performance.now) and the time its timers
// wait for.
//
// A real clock reads the host's clocks. A virtual clock starts at a fixed
// wall time and moves only when the event loop advances it, which it does
// when the guest has nothing to do but wait for a timer: an hour of
// time.Sleep takes no time, and two runs see the same times.
#pragma once

#include <chrono>

namespace gowasm::host {

class Clock {
 public:
  // The host's clocks, from now on.
  Clock();
  // A virtual clock whose wall time starts at `wall_start`.
  explicit Clock(std::chrono::system_clock::time_point wall_start);

  bool is_virtual() const { return virtual_; }
  // Time since the clock started; never goes back.
  std::chrono::nanoseconds elapsed() const;
  // Wall time: the host's (as Node's Date.now), or the virtual start plus elapsed().
  std::chrono::system_clock::time_point wall() const;
  // Wall time at the start plus elapsed(), as Go's nanotime1 counts (the
  // glue's timeOrigin + performance.now()).
  std::chrono::nanoseconds since_epoch() const;
  // When elapsed() reaches `elapsed` on the host's steady clock (a virtual
  // clock: now, since it does not wait).
  std::chrono::steady_clock::time_point real_time_of(std::chrono::nanoseconds elapsed) const;
  // A virtual clock jumps forward to `elapsed` (never back).
  void advance_to(std::chrono::nanoseconds elapsed);

 private:
  bool virtual_ = false;
  std::chrono::system_clock::time_point wall_start_;
  std::chrono::steady_clock::time_point real_start_;
  std::chrono::nanoseconds virtual_elapsed_{0};
};

}  // namespace gowasm::host
