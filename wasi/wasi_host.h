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

#include <poll.h>
#include <sys/uio.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "clock.h"
#include "gowasm/instance.h"
#include "gowasm/program.h"
#include "guest_fs.h"
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
  kExist = 20,
  kFault = 21,
  kFbig = 22,
  kIntr = 27,
  kInval = 28,
  kIo = 29,
  kIsdir = 31,
  kLoop = 32,
  kNametoolong = 37,
  kNoent = 44,
  kNomem = 48,
  kNospc = 51,
  kNosys = 52,
  kNotdir = 54,
  kNotempty = 55,
  kNotsock = 57,
  kNotsup = 58,
  kOverflow = 61,
  kPerm = 63,
  kPipe = 64,
  kRofs = 69,
  kSpipe = 70,
  kXdev = 75,
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

class WasiHost : public std::enable_shared_from_this<WasiHost> {
 public:
  // Owned by a shared_ptr: the imported functions keep their host alive.
  explicit WasiHost(const ProgramOptions& options);
  ~WasiHost();
  WasiHost(const WasiHost&) = delete;
  WasiHost& operator=(const WasiHost&) = delete;

  // Offers every function of wasi_snapshot_preview1 under that module name;
  // they keep this host alive as long as an instance (or the Imports) holds
  // them.
  void add_imports(Imports& imports);

  const host::Clock& clock() const { return clock_; }

 private:
  struct Call;  // one host call: its arguments and its memory (wasi_host.cpp)
  // Runs `function` for a call of import `name` whose first parameter is a
  // descriptor that must have `rights` (none: 0): its errno as the result,
  // EFAULT for a pointer out of memory, or the trap that ends the run.
  std::optional<Trap> dispatch(HostCall& call, std::string_view name,
                               Errno (WasiHost::*function)(Call&), uint64_t rights,
                               bool returns_errno);
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
  Errno fd_tell(Call& call);
  Errno fd_pread(Call& call);
  Errno fd_pwrite(Call& call);
  Errno positioned_io(Call& call, bool write);
  Errno fd_sync(Call& call);
  Errno fd_datasync(Call& call);
  Errno fd_advise(Call& call);
  Errno fd_allocate(Call& call);
  Errno fd_fdstat_set_rights(Call& call);
  Errno fd_filestat_get(Call& call);
  Errno fd_filestat_set_size(Call& call);
  Errno fd_filestat_set_times(Call& call);
  Errno fd_readdir(Call& call);
  Errno fd_renumber(Call& call);
  Errno path_open(Call& call);
  Errno path_filestat_get(Call& call);
  Errno path_filestat_set_times(Call& call);
  Errno path_create_directory(Call& call);
  Errno path_remove_directory(Call& call);
  Errno path_unlink_file(Call& call);
  Errno path_rename(Call& call);
  Errno path_symlink(Call& call);
  Errno path_readlink(Call& call);
  Errno path_link(Call& call);
  Errno poll_oneoff(Call& call);
  Errno sock_accept(Call& call);
  Errno sock_recv(Call& call);
  Errno sock_send(Call& call);
  Errno sock_shutdown(Call& call);
  Errno sched_yield(Call& call);
  Errno proc_exit(Call& call);
  Errno proc_raise(Call& call);

  // The time on `clock` in nanoseconds, or nothing for an unknown clock.
  std::optional<uint64_t> now(uint32_t clock) const;
  // One guest descriptor.
  struct Descriptor {
    enum class Kind { Stdio, File, Directory, Socket } kind = Kind::Stdio;
    int stdio = -1;  // Stdio: the stream (0-2) of ProgramOptions::read/write
    // File, Directory: GuestFileSystem's descriptor; Socket: this host's
    // own (non-blocking, whatever the guest's fdflags say).
    int host = -1;
    // File, Directory: its guest path when opened; a directory's follows it
    // wherever the host moves it (GuestFileSystem::current_path), with
    // `host_seen` its host path when last looked at.
    std::string path;
    std::string host_seen;
    std::optional<std::string> preopen;  // a preopened directory: its name
    bool read_only = false;              // in a read-only mount
    uint16_t fdflags = 0;                // Stdio, Socket: as the guest set them; else rsync only
    uint64_t rights_base = 0, rights_inheriting = 0;
    struct Entry {
      std::string name;
      uint64_t ino;
      uint8_t type;
    };
    std::vector<Entry> listing;  // Directory: fd_readdir's, made at cookie 0
    bool listed = false;
  };
  // The descriptor `fd` names, which must have `rights`: EBADF (thrown)
  // when there is none, else the errno of the first right it lacks (see
  // kFileRights in wasi_host.cpp).
  Descriptor& descriptor(uint32_t fd, uint64_t rights = 0);
  // The guest path that `path` (the guest's bytes at `address`) names
  // below directory descriptor `fd`; ENOTDIR when it is not a directory,
  // ENOTCAPABLE for an absolute path or one that climbs above it.
  std::string resolve(Call& call, uint32_t fd, uint32_t address, uint32_t length);
  uint32_t add_descriptor(Descriptor descriptor);
  void release(Descriptor& descriptor);
  void read_listing(Descriptor& descriptor);
  // Reads into or writes from the guest's iovecs `iovs`[count] at `offset`
  // (none: the descriptor's position); the bytes done.
  uint64_t file_io(Call& call, const Descriptor& d, uint32_t iovs, uint32_t count, bool write,
                   std::optional<int64_t> offset);
  // witx fstflags as utimensat's times, "now" from the guest's clock.
  std::optional<std::array<timespec, 2>> times_of(uint64_t atim, uint64_t mtim,
                                                  uint32_t flags) const;
  // Ended (thrown) once the instance's interrupt handle has fired.
  void stop_if_interrupted() const;
  // Sleeps until the clock's elapsed() reaches `due` (a virtual clock jumps);
  // a trap when the instance's interrupt handle stops the wait.
  void sleep_until(std::chrono::nanoseconds due);
  // Waits until one of `fds` is ready (poll(2) sets its revents), or until
  // the clock's elapsed() reaches `due` (none: no limit); whether one is.
  // It polls in slices, so that the interrupt handle stops the wait.
  bool poll_until(std::span<pollfd> fds, std::optional<std::chrono::nanoseconds> due);
  // poll_until for one host descriptor and poll(2)'s `events`, no limit.
  void wait_for(int host, short events);
  // recvmsg or sendmsg (with these MSG_ flags; MSG_WAITALL fills the
  // buffers) on a socket, waiting while the guest's descriptor is blocking:
  // the bytes done; EAGAIN (thrown) for a non-blocking one;
  // `message_flags` gets recvmsg's msg_flags.
  uint64_t socket_io(const Descriptor& d, const std::vector<iovec>& buffers, bool write, int flags,
                     int* message_flags = nullptr);

  std::vector<std::string> args_;
  std::vector<std::string> environ_;  // "KEY=VALUE", in the order given
  std::function<void(int, std::span<const uint8_t>)> write_;
  std::function<size_t(std::span<uint8_t>)> read_;
  std::shared_ptr<InterruptHandle> interrupt_;
  host::Clock clock_;
  host::RandomSource random_;
  std::array<bool, 3> host_stdio_{};           // fd 0-2: this process's own, as given
  std::unique_ptr<host::GuestFileSystem> fs_;  // none without mounts
  // Every open guest descriptor: 0-2 are the standard streams (fd_close
  // closes them for the guest, never for the host), 3... the preopens.
  std::map<uint32_t, Descriptor> fds_;
};

}  // namespace gowasm::wasi
