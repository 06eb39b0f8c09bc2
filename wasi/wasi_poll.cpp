// Waiting: poll_oneoff (clocks, and descriptors ready to read or write),
// sched_yield, and the sleep both use. The guest's only thread waits here,
// so every wait ends when the instance's interrupt handle fires.
#include <poll.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <cstring>
#include <thread>

#include "wasi_call.h"

namespace gowasm::wasi {
namespace {

// witx eventrwflags.
constexpr uint16_t kEventFdReadwriteHangup = 1;
// How late a wait on host descriptors sees an interrupt (it polls in slices).
constexpr std::chrono::milliseconds kPollSlice{50};

}  // namespace

void WasiHost::stop_if_interrupted() const {
  if (interrupt_ && interrupt_->interrupted()) throw Ended{Trap::of(TrapKind::Interrupted)};
}

void WasiHost::sleep_until(std::chrono::nanoseconds due) {
  stop_if_interrupted();
  if (clock_.is_virtual()) {
    clock_.advance_to(due);
    return;
  }
  const auto wake = clock_.real_time_of(due);
  if (interrupt_) {
    if (interrupt_->wait_until(wake)) throw Ended{Trap::of(TrapKind::Interrupted)};
  } else {
    std::this_thread::sleep_until(wake);
  }
}

bool WasiHost::poll_until(std::span<pollfd> fds, std::optional<std::chrono::nanoseconds> due) {
  for (;;) {
    stop_if_interrupted();
    std::chrono::milliseconds wait = kPollSlice;
    bool last = false;  // the deadline has come: one look, no wait
    if (due) {
      const auto left = *due - clock_.elapsed();
      last = left <= left.zero();
      wait =
          last ? wait.zero() : std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(left));
    }
    const int n = ::poll(fds.data(), fds.size(), int(wait.count()));
    if (n < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category(), "poll");
    if (n > 0) return true;
    if (last) return false;
  }
}

Errno WasiHost::poll_oneoff(Call& call) {
  const uint32_t in = call.u32(0), out = call.u32(1), count = call.u32(2), nevents = call.u32(3);
  call.at(in, uint64_t(count) * kSubscriptionSize);
  call.at(out, uint64_t(count) * kEventSize);
  call.at(nevents, 4);
  if (count == 0) return kInval;
  // subscription: userdata u64 @0, tag u8 @8, then at 16 either
  //   clock: id u32 @16, timeout u64 @24, precision u64 @32, flags u16 @40
  //   fd_read / fd_write: fd u32 @16
  // event: userdata u64 @0, error u16 @8, type u8 @10,
  //   fd_readwrite: nbytes u64 @16, flags u16 @24 (32 bytes)
  struct Event {
    uint32_t subscription;  // events come out in the subscriptions' order
    uint64_t userdata;
    uint16_t error;
    uint8_t type;
    uint64_t nbytes = 0;
    uint16_t flags = 0;
  };
  std::vector<Event> ready;  // events that need no wait
  struct Timeout {
    uint32_t subscription;
    uint64_t userdata;
    std::chrono::nanoseconds due;  // on clock_.elapsed()
  };
  std::vector<Timeout> timeouts;
  // Sockets, and the standard streams when they are this process's own (a
  // pipe, a terminal): ready when the host's poll(2) says so.
  std::vector<pollfd> watched;
  std::vector<Event> watched_events;  // one per entry of `watched`
  const std::chrono::nanoseconds elapsed = clock_.elapsed();
  // A wait is at most ~146 years, so that no deadline overflows.
  constexpr uint64_t kLongest = uint64_t(1) << 62;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t s = in + uint64_t(i) * kSubscriptionSize;
    const uint64_t userdata = call.get<uint64_t>(s);
    const uint8_t tag = call.get<uint8_t>(s + 8);
    if (tag == kEventClock) {
      const uint32_t id = call.get<uint32_t>(s + 16);
      const uint64_t timeout = call.get<uint64_t>(s + 24);
      const uint16_t flags = call.get<uint16_t>(s + 40);
      if (id == kProcessCputime || id == kThreadCputime) {
        ready.push_back({i, userdata, kNotsup, tag});  // no waiting on CPU time
        continue;
      }
      if ((id != kRealtime && id != kMonotonic) || (flags & ~kSubclockAbstime)) {
        ready.push_back({i, userdata, kInval, tag});
        continue;
      }
      uint64_t wait = timeout;
      if (flags & kSubclockAbstime) {
        const uint64_t current = *now(id);
        wait = timeout > current ? timeout - current : 0;
      }
      timeouts.push_back(
          {i, userdata, elapsed + std::chrono::nanoseconds(std::min(wait, kLongest))});
    } else if (tag == kEventFdRead || tag == kEventFdWrite) {
      const auto it = fds_.find(call.get<uint32_t>(s + 16));
      const bool usable =
          it != fds_.end() && it->second.kind != Descriptor::Kind::Directory &&
          (it->second.rights_base & (tag == kEventFdRead ? kRightFdRead : kRightFdWrite));
      const Descriptor* d = usable ? &it->second : nullptr;
      const int host = !d                                    ? -1
                       : d->kind == Descriptor::Kind::Socket ? d->host
                       : d->kind == Descriptor::Kind::Stdio && host_stdio_[size_t(d->stdio)]
                           ? d->stdio
                           : -1;
      if (host >= 0) {
        watched.push_back({host, short(tag == kEventFdRead ? POLLIN : POLLOUT), 0});
        watched_events.push_back({i, userdata, kSuccess, tag});
        continue;
      }
      // A regular file is always ready, and so is a stream that goes
      // through ProgramOptions::read or write: its read or write completes
      // (blocking the guest until it does).
      ready.push_back({i, userdata, usable ? kSuccess : kBadf, tag});
    } else {
      return kInval;
    }
  }
  const auto first = std::min_element(timeouts.begin(), timeouts.end(),
                                      [](const auto& a, const auto& b) { return a.due < b.due; });
  // Ready now (a look at the watched descriptors), else wait.
  const bool ready_now = !watched.empty() && poll_until(watched, clock_.elapsed());
  if (!ready_now && ready.empty()) {
    if (watched.empty() || (clock_.is_virtual() && first != timeouts.end())) {
      // Only timeouts (or a virtual clock, which never waits for the
      // outside world): sleep until the first is due.
      sleep_until(first->due);
    } else {
      // Until a descriptor is ready or the first timeout is due.
      poll_until(watched, first != timeouts.end() ? std::optional(first->due) : std::nullopt);
    }
  }
  for (size_t i = 0; i < watched.size(); ++i) {
    const short revents = watched[i].revents;
    if (!revents) continue;
    Event e = watched_events[i];
    if (revents & POLLHUP) e.flags = kEventFdReadwriteHangup;
    if (revents & POLLNVAL) e.error = kBadf;  // the host's stream is closed
    int available = 0;
    if (e.type == kEventFdRead && ::ioctl(watched[i].fd, FIONREAD, &available) == 0) {
      e.nbytes = uint64_t(std::max(available, 0));
    }
    ready.push_back(e);
  }
  const std::chrono::nanoseconds after = clock_.elapsed();
  for (const Timeout& t : timeouts) {
    if (t.due <= after) ready.push_back({t.subscription, t.userdata, kSuccess, kEventClock});
  }
  std::stable_sort(ready.begin(), ready.end(),
                   [](const Event& a, const Event& b) { return a.subscription < b.subscription; });
  for (size_t i = 0; i < ready.size(); ++i) {
    const uint64_t e = out + i * kEventSize;
    std::memset(call.at(e, kEventSize), 0, kEventSize);
    call.put<uint64_t>(e, ready[i].userdata);
    call.put<uint16_t>(e + 8, ready[i].error);
    call.put<uint8_t>(e + 10, ready[i].type);
    // fd_readwrite.nbytes: what a watched descriptor has to read; 0 for
    // files and the streams of ProgramOptions::read (not known here).
    call.put<uint64_t>(e + 16, ready[i].nbytes);
    call.put<uint16_t>(e + 24, ready[i].flags);
  }
  call.put<uint32_t>(nevents, uint32_t(ready.size()));
  return kSuccess;
}

Errno WasiHost::sched_yield(Call&) {
  // One thread: nothing else to run. An interrupt still stops a guest that
  // spins on this.
  stop_if_interrupted();
  return kSuccess;
}

}  // namespace gowasm::wasi
