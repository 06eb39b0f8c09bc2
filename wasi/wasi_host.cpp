// See wasi_host.h. The functions follow the witx definition of
// wasi_snapshot_preview1 (WebAssembly/WASI, legacy/preview1): their core
// wasm signatures, errno numbers and the byte layouts of fdstat, prestat,
// iovec, subscription and event.
#include "wasi_host.h"

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <system_error>
#include <thread>

#include "output.h"

namespace gowasm::wasi {
namespace {

// A pointer or length outside linear memory: the call returns EFAULT.
struct Fault {};
// The call ends the run (proc_exit) or stops it (an interrupt while asleep).
struct Ended {
  Trap trap;
};

// witx filetype, fdflags and rights bits this layer reports.
constexpr uint8_t kFiletypeCharacterDevice = 2;
constexpr uint16_t kFdflagsValid = 0x1f;  // append, dsync, nonblock, rsync, sync
constexpr uint64_t kRightFdRead = 1ull << 1;
constexpr uint64_t kRightFdFdstatSetFlags = 1ull << 3;
constexpr uint64_t kRightFdWrite = 1ull << 6;
constexpr uint64_t kRightPollFdReadwrite = 1ull << 27;

// witx eventtype and subclockflags.
constexpr uint8_t kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2;
constexpr uint16_t kSubclockAbstime = 1;
// Sizes of witx `subscription` and `event`, and of `iovec`/`ciovec`.
constexpr uint64_t kSubscriptionSize = 48, kEventSize = 32, kIovecSize = 8;
// fd_write gathers at most this much from several buffers into one write
// (a guest's iovecs may name the same memory over and over); past it the
// write is short, as writev's may be, and the guest writes the rest next.
constexpr uint64_t kGatherLimit = uint64_t(16) << 20;

// The functions of wasi_snapshot_preview1 this layer does not implement
// yet (files, directories, sockets and the rest of the descriptor calls):
// each is provided with its exact signature, so that every WASI module
// links, and returns ENOSYS. Not yet implemented: none of them pretends to
// work. The signature: one letter per parameter, i = i32, I = i64; every
// one returns an errno (i32).
struct Unimplemented {
  std::string_view name;
  std::string_view params;
};
constexpr Unimplemented kUnimplemented[] = {
    {"fd_advise", "iIIi"},
    {"fd_allocate", "iII"},
    {"fd_datasync", "i"},
    {"fd_fdstat_set_rights", "iII"},
    {"fd_filestat_get", "ii"},
    {"fd_filestat_set_size", "iI"},
    {"fd_filestat_set_times", "iIIi"},
    {"fd_pread", "iiiIi"},
    {"fd_pwrite", "iiiIi"},
    {"fd_readdir", "iiiIi"},
    {"fd_renumber", "ii"},
    {"fd_sync", "i"},
    {"fd_tell", "ii"},
    {"path_create_directory", "iii"},
    {"path_filestat_get", "iiiii"},
    {"path_filestat_set_times", "iiiiIIi"},
    {"path_link", "iiiiiii"},
    {"path_open", "iiiiiIIii"},
    {"path_readlink", "iiiiii"},
    {"path_remove_directory", "iii"},
    {"path_rename", "iiiiii"},
    {"path_symlink", "iiiii"},
    {"path_unlink_file", "iii"},
    {"sock_accept", "iii"},
    {"sock_recv", "iiiiii"},
    {"sock_send", "iiiii"},
    {"sock_shutdown", "ii"},
};

FuncType signature(std::string_view params, bool returns_errno = true) {
  FuncType type;
  for (const char p : params) type.params.push_back(p == 'I' ? ValType::I64 : ValType::I32);
  if (returns_errno) type.results.push_back(ValType::I32);
  return type;
}

// This process's stdin, when ProgramOptions::read is not set.
size_t read_host_stdin(std::span<uint8_t> buffer) {
  for (;;) {
    const ssize_t n = ::read(0, buffer.data(), buffer.size());
    if (n >= 0) return size_t(n);
    if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "read");
  }
}

uint64_t cpu_time(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return uint64_t(t.tv_sec) * 1000000000u + uint64_t(t.tv_nsec);
}

}  // namespace

Errno from_host_errno(int error) {
  // witx errno 1 to 75 are the POSIX errors of the same names, in this
  // order (76, notcapable, has no POSIX counterpart). Linux's EWOULDBLOCK
  // and EOPNOTSUPP are EAGAIN and ENOTSUP.
  static constexpr int kByWasiErrno[] = {
      E2BIG,        EACCES,          EADDRINUSE, EADDRNOTAVAIL, EAFNOSUPPORT, EAGAIN,
      EALREADY,     EBADF,           EBADMSG,    EBUSY,         ECANCELED,    ECHILD,
      ECONNABORTED, ECONNREFUSED,    ECONNRESET, EDEADLK,       EDESTADDRREQ, EDOM,
      EDQUOT,       EEXIST,          EFAULT,     EFBIG,         EHOSTUNREACH, EIDRM,
      EILSEQ,       EINPROGRESS,     EINTR,      EINVAL,        EIO,          EISCONN,
      EISDIR,       ELOOP,           EMFILE,     EMLINK,        EMSGSIZE,     EMULTIHOP,
      ENAMETOOLONG, ENETDOWN,        ENETRESET,  ENETUNREACH,   ENFILE,       ENOBUFS,
      ENODEV,       ENOENT,          ENOEXEC,    ENOLCK,        ENOLINK,      ENOMEM,
      ENOMSG,       ENOPROTOOPT,     ENOSPC,     ENOSYS,        ENOTCONN,     ENOTDIR,
      ENOTEMPTY,    ENOTRECOVERABLE, ENOTSOCK,   ENOTSUP,       ENOTTY,       ENXIO,
      EOVERFLOW,    EOWNERDEAD,      EPERM,      EPIPE,         EPROTO,       EPROTONOSUPPORT,
      EPROTOTYPE,   ERANGE,          EROFS,      ESPIPE,        ESRCH,        ESTALE,
      ETIMEDOUT,    ETXTBSY,         EXDEV,
  };
  for (size_t i = 0; i < std::size(kByWasiErrno); ++i) {
    if (kByWasiErrno[i] == error) return Errno(i + 1);
  }
  return kIo;  // an error WASI has no name for
}

std::span<const std::string_view> unimplemented_functions() {
  static const auto names = [] {
    std::vector<std::string_view> v;
    for (const Unimplemented& u : kUnimplemented) v.push_back(u.name);
    return v;
  }();
  return names;
}

// One host call: its arguments, and the caller's memory as it is now (a
// host function never grows it, so the span stays valid for the call).
struct WasiHost::Call {
  HostCall& host;
  std::span<std::byte> memory;

  uint32_t u32(size_t i) const { return uint32_t(host.args[i].as_i32()); }
  uint64_t u64(size_t i) const { return uint64_t(host.args[i].as_i64()); }

  // `size` bytes at `address`, all inside memory, or Fault.
  uint8_t* at(uint64_t address, uint64_t size) const {
    if (address > memory.size() || size > memory.size() - address) throw Fault{};
    return reinterpret_cast<uint8_t*>(memory.data()) + address;
  }
  template <class T>
  void put(uint64_t address, T value) const {
    uint8_t* p = at(address, sizeof(T));
    for (size_t i = 0; i < sizeof(T); ++i) p[i] = uint8_t(uint64_t(value) >> (8 * i));
  }
  template <class T>
  T get(uint64_t address) const {
    const uint8_t* p = at(address, sizeof(T));
    uint64_t v = 0;
    for (size_t i = 0; i < sizeof(T); ++i) v |= uint64_t(p[i]) << (8 * i);
    return T(v);
  }
};

WasiHost::WasiHost(const ProgramOptions& options)
    : args_(options.args),
      write_(options.write ? options.write : host::write_all),
      read_(options.read ? options.read : read_host_stdin),
      interrupt_(options.instance.interrupt) {
  for (const auto& [key, value] : options.env) environ_.push_back(key + "=" + value);
  if (options.virtual_clock_start) clock_ = host::Clock(*options.virtual_clock_start);
  if (options.random_seed) random_ = host::RandomSource(*options.random_seed);
}

std::optional<Trap> WasiHost::dispatch(HostCall& host_call, std::string_view name,
                                       Errno (WasiHost::*function)(Call&), bool returns_errno) {
  Call call{host_call, host_call.instance ? host_call.instance->memory() : std::span<std::byte>()};
  Errno result;
  try {
    result = (this->*function)(call);
  } catch (const Fault&) {
    result = kFault;
  } catch (Ended& e) {
    return std::move(e.trap);
  } catch (const std::system_error& e) {
    result = from_host_errno(e.code().value());
  } catch (const std::bad_alloc&) {
    result = kNomem;
  } catch (const std::exception& e) {
    // Anything else a host callback (ProgramOptions::write, read) throws
    // stops the program, as a trap that says where.
    return Trap::host("wasi_snapshot_preview1." + std::string(name) + ": " + e.what());
  }
  if (returns_errno) host_call.results[0] = Value::i32(int32_t(result));
  return std::nullopt;
}

void WasiHost::add_imports(Imports& imports) {
  const auto add = [&](std::string_view name, std::string_view params,
                       Errno (WasiHost::*function)(Call&)) {
    const bool is_exit = name == "proc_exit";
    imports.add_function("wasi_snapshot_preview1", std::string(name), signature(params, !is_exit),
                         [self = shared_from_this(), name, function, is_exit](HostCall& call) {
                           return self->dispatch(call, name, function, !is_exit);
                         });
  };
  add("args_get", "ii", &WasiHost::args_get);
  add("args_sizes_get", "ii", &WasiHost::args_sizes_get);
  add("environ_get", "ii", &WasiHost::environ_get);
  add("environ_sizes_get", "ii", &WasiHost::environ_sizes_get);
  add("clock_res_get", "ii", &WasiHost::clock_res_get);
  add("clock_time_get", "iIi", &WasiHost::clock_time_get);
  add("random_get", "ii", &WasiHost::random_get);
  add("fd_write", "iiii", &WasiHost::fd_write);
  add("fd_read", "iiii", &WasiHost::fd_read);
  add("fd_close", "i", &WasiHost::fd_close);
  add("fd_fdstat_get", "ii", &WasiHost::fd_fdstat_get);
  add("fd_fdstat_set_flags", "ii", &WasiHost::fd_fdstat_set_flags);
  add("fd_prestat_get", "ii", &WasiHost::fd_prestat_get);
  add("fd_prestat_dir_name", "iii", &WasiHost::fd_prestat_dir_name);
  add("fd_seek", "iIii", &WasiHost::fd_seek);
  add("poll_oneoff", "iiii", &WasiHost::poll_oneoff);
  add("sched_yield", "", &WasiHost::sched_yield);
  add("proc_exit", "i", &WasiHost::proc_exit);
  add("proc_raise", "i", &WasiHost::proc_raise);
  for (const Unimplemented& u : kUnimplemented) {
    imports.add_function("wasi_snapshot_preview1", std::string(u.name), signature(u.params),
                         [](HostCall& call) -> std::optional<Trap> {
                           call.results[0] = Value::i32(kNosys);
                           return std::nullopt;
                         });
  }
}

// --- arguments and environment ---
// Both are a list of NUL-terminated strings: *_sizes_get says how many and
// how many bytes they take; *_get writes the strings one after another from
// `buf` and a u32 pointer to each into the array at `list`.
namespace {
Errno list_sizes(const std::vector<std::string>& list, const auto& call) {
  uint64_t bytes = 0;
  for (const std::string& s : list) bytes += s.size() + 1;
  if (bytes > UINT32_MAX) return kOverflow;
  call.template put<uint32_t>(call.u32(0), uint32_t(list.size()));
  call.template put<uint32_t>(call.u32(1), uint32_t(bytes));
  return kSuccess;
}
Errno list_get(const std::vector<std::string>& list, const auto& call) {
  const uint32_t pointers = call.u32(0);
  uint64_t buffer = call.u32(1);
  uint64_t bytes = 0;
  for (const std::string& s : list) bytes += s.size() + 1;
  call.at(pointers, uint64_t(list.size()) * 4);  // both areas whole before writing anything
  call.at(buffer, bytes);
  for (size_t i = 0; i < list.size(); ++i) {
    call.template put<uint32_t>(pointers + 4 * i, uint32_t(buffer));
    std::memcpy(call.at(buffer, list[i].size() + 1), list[i].c_str(), list[i].size() + 1);
    buffer += list[i].size() + 1;
  }
  return kSuccess;
}
}  // namespace

Errno WasiHost::args_get(Call& call) {
  return list_get(args_, call);
}
Errno WasiHost::args_sizes_get(Call& call) {
  return list_sizes(args_, call);
}
Errno WasiHost::environ_get(Call& call) {
  return list_get(environ_, call);
}
Errno WasiHost::environ_sizes_get(Call& call) {
  return list_sizes(environ_, call);
}

// --- clocks and randomness ---

std::optional<uint64_t> WasiHost::now(uint32_t clock) const {
  switch (clock) {
    case kRealtime:
      return uint64_t(
          std::chrono::duration_cast<std::chrono::nanoseconds>(clock_.wall().time_since_epoch())
              .count());
    // The same count as the Go/JS bridge's nanotime1: start's wall time
    // plus the time since (on a virtual clock, the virtual time).
    case kMonotonic: return uint64_t(clock_.since_epoch().count());
    // CPU time: the host's for this process and thread; on a virtual clock,
    // the virtual time since the start, so that a run repeats exactly.
    case kProcessCputime:
      if (clock_.is_virtual()) return uint64_t(clock_.elapsed().count());
      return cpu_time(CLOCK_PROCESS_CPUTIME_ID);
    case kThreadCputime:
      if (clock_.is_virtual()) return uint64_t(clock_.elapsed().count());
      return cpu_time(CLOCK_THREAD_CPUTIME_ID);
    default: return std::nullopt;
  }
}

Errno WasiHost::clock_res_get(Call& call) {
  if (call.u32(0) > kThreadCputime) return kInval;
  // Every clock counts nanoseconds.
  call.put<uint64_t>(call.u32(1), 1);
  return kSuccess;
}

Errno WasiHost::clock_time_get(Call& call) {
  // The precision (parameter 1) is a hint: the time is always exact.
  const std::optional<uint64_t> time = now(call.u32(0));
  if (!time) return kInval;
  call.put<uint64_t>(call.u32(2), *time);
  return kSuccess;
}

Errno WasiHost::random_get(Call& call) {
  uint8_t* p = call.at(call.u32(0), call.u32(1));
  random_.fill(std::span(p, call.u32(1)));
  return kSuccess;
}

// --- the standard descriptors ---

Errno WasiHost::fd_write(Call& call) {
  const int32_t fd = int32_t(call.u32(0));
  const uint32_t iovs = call.u32(1), count = call.u32(2), nwritten = call.u32(3);
  call.at(iovs, uint64_t(count) * kIovecSize);
  call.at(nwritten, 4);
  // Every buffer is checked before anything is written.
  uint64_t total = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t entry = iovs + uint64_t(i) * kIovecSize;
    const uint32_t length = call.get<uint32_t>(entry + 4);
    call.at(call.get<uint32_t>(entry), length);
    total += length;
  }
  if (!is_open_stdio(fd) || fd == 0) return kBadf;
  // One write of everything, so that a write stays whole in the output as
  // the guest made it: a single buffer straight from memory, several
  // gathered first (up to kGatherLimit; a first buffer larger than that
  // goes alone, whole).
  uint64_t written = 0;
  if (count == 1 || (count > 0 && call.get<uint32_t>(iovs + 4) >= kGatherLimit)) {
    const uint32_t length = call.get<uint32_t>(iovs + 4);
    if (length > 0) write_(fd, std::span(call.at(call.get<uint32_t>(iovs), length), length));
    written = length;
  } else if (total > 0) {
    std::vector<uint8_t> bytes;
    bytes.reserve(std::min(total, kGatherLimit));
    for (uint32_t i = 0; i < count; ++i) {
      const uint64_t entry = iovs + uint64_t(i) * kIovecSize;
      const uint32_t length = call.get<uint32_t>(entry + 4);
      if (bytes.size() + length > kGatherLimit) break;
      const uint8_t* p = call.at(call.get<uint32_t>(entry), length);
      bytes.insert(bytes.end(), p, p + length);
    }
    write_(fd, bytes);
    written = bytes.size();
  }
  call.put<uint32_t>(nwritten, uint32_t(written));
  return kSuccess;
}

Errno WasiHost::fd_read(Call& call) {
  const int32_t fd = int32_t(call.u32(0));
  const uint32_t iovs = call.u32(1), count = call.u32(2), nread = call.u32(3);
  call.at(iovs, uint64_t(count) * kIovecSize);
  call.at(nread, 4);
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t entry = iovs + uint64_t(i) * kIovecSize;
    call.at(call.get<uint32_t>(entry), call.get<uint32_t>(entry + 4));
  }
  if (fd != 0 || !is_open_stdio(fd)) return kBadf;
  // One read, into the first buffer that can take bytes: what a read of a
  // pipe or terminal gives (fewer bytes than asked is not the end; 0 is).
  size_t n = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t entry = iovs + uint64_t(i) * kIovecSize;
    const uint32_t length = call.get<uint32_t>(entry + 4);
    if (length == 0) continue;
    n = read_(std::span(call.at(call.get<uint32_t>(entry), length), length));
    n = std::min<size_t>(n, length);
    break;
  }
  call.put<uint32_t>(nread, uint32_t(n));
  return kSuccess;
}

Errno WasiHost::fd_close(Call& call) {
  const int32_t fd = int32_t(call.u32(0));
  if (!is_open_stdio(fd)) return kBadf;
  // Closed for the guest only: the host's descriptor stays open.
  open_[size_t(fd)] = false;
  return kSuccess;
}

Errno WasiHost::fd_fdstat_get(Call& call) {
  const int32_t fd = int32_t(call.u32(0));
  const uint32_t out = call.u32(1);
  call.at(out, 24);
  if (!is_open_stdio(fd)) return kBadf;
  // fdstat: filetype u8 @0, fdflags u16 @2, rights_base u64 @8,
  // rights_inheriting u64 @16 (24 bytes, alignment 8).
  const uint64_t rights =
      kRightFdFdstatSetFlags | kRightPollFdReadwrite | (fd == 0 ? kRightFdRead : kRightFdWrite);
  std::memset(call.at(out, 24), 0, 24);
  call.put<uint8_t>(out, kFiletypeCharacterDevice);
  call.put<uint16_t>(out + 2, fdflags_[size_t(fd)]);
  call.put<uint64_t>(out + 8, rights);
  call.put<uint64_t>(out + 16, 0);
  return kSuccess;
}

Errno WasiHost::fd_fdstat_set_flags(Call& call) {
  const int32_t fd = int32_t(call.u32(0));
  const uint32_t flags = call.u32(1);
  if (!is_open_stdio(fd)) return kBadf;
  if (flags & ~uint32_t(kFdflagsValid)) return kInval;
  // Recorded and reported by fd_fdstat_get, nothing more: reads and writes
  // of the standard descriptors always complete (a nonblocking guest never
  // sees EAGAIN), and poll_oneoff reports them ready. Go's wasip1 runtime
  // sets nonblock on 0-2 at start-up and works either way.
  fdflags_[size_t(fd)] = uint16_t(flags);
  return kSuccess;
}

Errno WasiHost::fd_prestat_get(Call& call) {
  call.at(call.u32(1), 8);
  // No directory is preopened yet: every descriptor says "not a preopen".
  return kBadf;
}

Errno WasiHost::fd_prestat_dir_name(Call& call) {
  call.at(call.u32(1), call.u32(2));
  return kBadf;
}

Errno WasiHost::fd_seek(Call& call) {
  const int32_t fd = int32_t(call.u32(0));
  call.at(call.u32(3), 8);
  if (!is_open_stdio(fd)) return kBadf;
  if (call.u32(2) > 2) return kInval;  // whence: set, cur, end
  return kSpipe;                       // a character device has no position
}

// --- waiting ---

void WasiHost::sleep_until(std::chrono::nanoseconds due) {
  if (interrupt_ && interrupt_->interrupted()) throw Ended{Trap::of(TrapKind::Interrupted)};
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
    uint64_t userdata;
    uint16_t error;
    uint8_t type;
  };
  std::vector<Event> ready;  // events that need no wait
  struct Timeout {
    uint64_t userdata;
    std::chrono::nanoseconds due;  // on clock_.elapsed()
  };
  std::vector<Timeout> timeouts;
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
        ready.push_back({userdata, kNotsup, tag});  // no waiting on CPU time
        continue;
      }
      if ((id != kRealtime && id != kMonotonic) || (flags & ~kSubclockAbstime)) {
        ready.push_back({userdata, kInval, tag});
        continue;
      }
      uint64_t wait = timeout;
      if (flags & kSubclockAbstime) {
        const uint64_t current = *now(id);
        wait = timeout > current ? timeout - current : 0;
      }
      timeouts.push_back({userdata, elapsed + std::chrono::nanoseconds(std::min(wait, kLongest))});
    } else if (tag == kEventFdRead || tag == kEventFdWrite) {
      const int32_t fd = int32_t(call.get<uint32_t>(s + 16));
      const bool usable = is_open_stdio(fd) && (tag == kEventFdRead) == (fd == 0);
      // The standard descriptors are always ready: a read or write of them
      // completes (blocking the guest until it does).
      ready.push_back({userdata, usable ? kSuccess : kBadf, tag});
    } else {
      return kInval;
    }
  }
  if (ready.empty()) {
    // Only timeouts: sleep until the first is due.
    const auto first = std::min_element(timeouts.begin(), timeouts.end(),
                                        [](const auto& a, const auto& b) { return a.due < b.due; });
    sleep_until(first->due);
  }
  const std::chrono::nanoseconds after = clock_.elapsed();
  for (const Timeout& t : timeouts) {
    if (t.due <= after) ready.push_back({t.userdata, kSuccess, kEventClock});
  }
  for (size_t i = 0; i < ready.size(); ++i) {
    const uint64_t e = out + i * kEventSize;
    std::memset(call.at(e, kEventSize), 0, kEventSize);
    call.put<uint64_t>(e, ready[i].userdata);
    call.put<uint16_t>(e + 8, ready[i].error);
    call.put<uint8_t>(e + 10, ready[i].type);
    // fd_readwrite.nbytes stays 0: how many bytes a read or write of a
    // standard descriptor would take is not known here.
  }
  call.put<uint32_t>(nevents, uint32_t(ready.size()));
  return kSuccess;
}

Errno WasiHost::sched_yield(Call&) {
  // One thread: nothing else to run. An interrupt still stops a guest that
  // spins on this.
  if (interrupt_ && interrupt_->interrupted()) throw Ended{Trap::of(TrapKind::Interrupted)};
  return kSuccess;
}

// --- the process ---

Errno WasiHost::proc_exit(Call& call) {
  throw Ended{Trap::exit(int32_t(call.u32(0)))};
}

Errno WasiHost::proc_raise(Call&) {
  // Signals are not supported (as in most WASI runtimes, and removed from
  // later WASI): not yet implemented, ENOSYS.
  return kNosys;
}

}  // namespace gowasm::wasi
