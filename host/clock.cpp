// See clock.h.
#include "clock.h"

#include <algorithm>

namespace gowasm::host {

Clock::Clock()
    : wall_start_(std::chrono::system_clock::now()),
      real_start_(std::chrono::steady_clock::now()) {}

Clock::Clock(std::chrono::system_clock::time_point wall_start)
    : virtual_(true), wall_start_(wall_start), real_start_(std::chrono::steady_clock::now()) {}

std::chrono::nanoseconds Clock::elapsed() const {
  if (virtual_) return virtual_elapsed_;
  return std::chrono::steady_clock::now() - real_start_;
}

std::chrono::system_clock::time_point Clock::wall() const {
  if (virtual_) {
    return wall_start_ +
           std::chrono::duration_cast<std::chrono::system_clock::duration>(virtual_elapsed_);
  }
  return std::chrono::system_clock::now();
}

std::chrono::nanoseconds Clock::since_epoch() const {
  return wall_start_.time_since_epoch() + elapsed();
}

std::chrono::steady_clock::time_point Clock::real_time_of(std::chrono::nanoseconds elapsed) const {
  if (virtual_) return std::chrono::steady_clock::now();
  return real_start_ + elapsed;
}

void Clock::advance_to(std::chrono::nanoseconds elapsed) {
  if (virtual_) virtual_elapsed_ = std::max(virtual_elapsed_, elapsed);
}

}  // namespace gowasm::host
