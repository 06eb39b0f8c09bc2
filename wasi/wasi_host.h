// The host side of WASI preview 1 (module `wasi_snapshot_preview1`): one
// program's view of the world (arguments, environment, clock, randomness,
// standard streams) and the functions the guest imports to reach it.
//
//   auto host = std::make_shared<WasiHost>(options);
//   Imports imports;
//   host->add_imports(imports);                // all 46 functions of preview 1
//   auto instance = Instance::instantiate(module, imports, options.instance);
//   instance->call("_start", {});              // run_wasi_program does this
//
// Every function reads and writes the memory of the instance that calls it
// (memory 0), little-endian, and checks every pointer and length against
// it first: an access outside is EFAULT, never a host crash.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "clock.h"
#include "gowasm/instance.h"
#include "gowasm/program.h"
#include "random.h"

namespace gowasm::wasi {

// wasi_snapshot_preview1's errno (witx `errno`, u16), the numbers of the
// spec; the ones this layer returns and those tests name.
enum Errno : uint16_t {
  kSuccess = 0,
  k2Big = 1,
  kAcces = 2,
  kAgain = 6,
  kBadf = 8,
  kConnreset = 15,
  kDquot = 19,
  kFault = 21,
  kFbig = 22,
  kIntr = 27,
  kInval = 28,
  kIo = 29,
  kIsdir = 31,
  kNomem = 48,
  kNospc = 51,
  kNosys = 52,
  kNotsup = 58,
  kOverflow = 61,
  kPerm = 63,
  kPipe = 64,
  kSpipe = 70,
  kNotcapable = 76,
};
// A host errno (EPIPE, ENOSPC ...) as the WASI errno of the same name; EIO
// for the few that WASI has no name for.
Errno from_host_errno(int error);

// witx `clockid`.
enum ClockId : uint32_t {
  kRealtime = 0,
  kMonotonic = 1,
  kProcessCputime = 2,
  kThreadCputime = 3,
};

// The names of the functions of wasi_snapshot_preview1 that are there only
// so that a module importing them links: each returns ENOSYS.
std::span<const std::string_view> unimplemented_functions();

class WasiHost : public std::enable_shared_from_this<WasiHost> {
 public:
  // Owned by a shared_ptr: the imported functions keep their host alive.
  explicit WasiHost(const ProgramOptions& options);
  WasiHost(const WasiHost&) = delete;
  WasiHost& operator=(const WasiHost&) = delete;

  // Offers every function of wasi_snapshot_preview1 under that module name;
  // they keep this host alive as long as an instance (or the Imports) holds
  // them.
  void add_imports(Imports& imports);

  const host::Clock& clock() const { return clock_; }

 private:
  struct Call;  // one host call: its arguments and its memory (wasi_host.cpp)
  // Runs `function` for a call of import `name`: its errno as the result,
  // EFAULT for a pointer out of memory, or the trap that ends the run.
  std::optional<Trap> dispatch(HostCall& call, std::string_view name,
                               Errno (WasiHost::*function)(Call&), bool returns_errno);
  Errno args_get(Call& call);
  Errno args_sizes_get(Call& call);
  Errno environ_get(Call& call);
  Errno environ_sizes_get(Call& call);
  Errno clock_res_get(Call& call);
  Errno clock_time_get(Call& call);
  Errno random_get(Call& call);
  Errno fd_write(Call& call);
  Errno fd_read(Call& call);
  Errno fd_close(Call& call);
  Errno fd_fdstat_get(Call& call);
  Errno fd_fdstat_set_flags(Call& call);
  Errno fd_prestat_get(Call& call);
  Errno fd_prestat_dir_name(Call& call);
  Errno fd_seek(Call& call);
  Errno poll_oneoff(Call& call);
  Errno sched_yield(Call& call);
  Errno proc_exit(Call& call);
  Errno proc_raise(Call& call);

  // The time on `clock` in nanoseconds, or nothing for an unknown clock.
  std::optional<uint64_t> now(uint32_t clock) const;
  // Whether `fd` is one of the standard descriptors and still open.
  bool is_open_stdio(int32_t fd) const { return fd >= 0 && fd < 3 && open_[size_t(fd)]; }
  // Sleeps until the clock's elapsed() reaches `due` (a virtual clock jumps);
  // a trap when the instance's interrupt handle stops the wait.
  void sleep_until(std::chrono::nanoseconds due);

  std::vector<std::string> args_;
  std::vector<std::string> environ_;  // "KEY=VALUE", in the order given
  std::function<void(int, std::span<const uint8_t>)> write_;
  std::function<size_t(std::span<uint8_t>)> read_;
  std::shared_ptr<InterruptHandle> interrupt_;
  host::Clock clock_;
  host::RandomSource random_;
  // fd 0-2: open (fd_close closes them for the guest, never for the host),
  // and the fdflags the guest set (recorded and reported; see fd_fdstat_set_flags).
  std::array<bool, 3> open_{true, true, true};
  std::array<uint16_t, 3> fdflags_{0, 0, 0};
};

}  // namespace gowasm::wasi
