// Inside wasi/: what every group of wasi_snapshot_preview1's functions
// (wasi_host.cpp, wasi_poll.cpp, wasi_sockets.cpp) shares: how a call
// fails, the witx constants and layouts, and WasiHost::Call, a call's view
// of its arguments and of the guest's memory.
#pragma once

#include <sys/stat.h>
#include <sys/uio.h>

#include <cerrno>
#include <climits>
#include <cstdint>
#include <span>
#include <system_error>
#include <vector>

#include "wasi_host.h"

namespace gowasm::wasi {

// A pointer or length outside linear memory: the call returns EFAULT.
struct Fault {};
// The call fails with this errno (thrown from deep inside one).
struct Failed {
  Errno error;
};
// The call ends the run (proc_exit) or stops it (an interrupt while asleep).
struct Ended {
  Trap trap;
};

// witx filetype, fdflags, oflags, lookupflags, fstflags, whence and rights.
constexpr uint8_t kFiletypeUnknown = 0, kFiletypeBlockDevice = 1, kFiletypeCharacterDevice = 2,
                  kFiletypeDirectory = 3, kFiletypeRegularFile = 4, kFiletypeSocketStream = 6,
                  kFiletypeSymbolicLink = 7;
constexpr uint16_t kFdflagAppend = 1, kFdflagDsync = 2, kFdflagNonblock = 4, kFdflagRsync = 8,
                   kFdflagSync = 16;
constexpr uint16_t kFdflagsValid = 0x1f;  // append, dsync, nonblock, rsync, sync
constexpr uint16_t kOflagCreat = 1, kOflagDirectory = 2, kOflagExcl = 4, kOflagTrunc = 8;
constexpr uint32_t kLookupSymlinkFollow = 1;
constexpr uint16_t kFstAtim = 1, kFstAtimNow = 2, kFstMtim = 4, kFstMtimNow = 8;
constexpr uint64_t kRightFdDatasync = 1ull << 0, kRightFdRead = 1ull << 1, kRightFdSeek = 1ull << 2,
                   kRightFdFdstatSetFlags = 1ull << 3, kRightFdSync = 1ull << 4,
                   kRightFdTell = 1ull << 5, kRightFdWrite = 1ull << 6, kRightFdAdvise = 1ull << 7,
                   kRightFdAllocate = 1ull << 8, kRightPathCreateDirectory = 1ull << 9,
                   kRightPathCreateFile = 1ull << 10, kRightPathLinkSource = 1ull << 11,
                   kRightPathLinkTarget = 1ull << 12, kRightPathOpen = 1ull << 13,
                   kRightFdReaddir = 1ull << 14, kRightPathReadlink = 1ull << 15,
                   kRightPathRenameSource = 1ull << 16, kRightPathRenameTarget = 1ull << 17,
                   kRightPathFilestatGet = 1ull << 18, kRightPathFilestatSetSize = 1ull << 19,
                   kRightPathFilestatSetTimes = 1ull << 20, kRightFdFilestatGet = 1ull << 21,
                   kRightFdFilestatSetSize = 1ull << 22, kRightFdFilestatSetTimes = 1ull << 23,
                   kRightPathSymlink = 1ull << 24, kRightPathRemoveDirectory = 1ull << 25,
                   kRightPathUnlinkFile = 1ull << 26, kRightPollFdReadwrite = 1ull << 27,
                   kRightSockShutdown = 1ull << 28, kRightSockAccept = 1ull << 29;
// The rights that mean something for each kind of descriptor. A
// descriptor has at most these; path_open gives what the guest asks for
// within them and within the directory's inheriting rights, and
// fd_fdstat_set_rights can only take rights away. Every call checks its
// descriptor's (the table in add_imports), with POSIX's errno where there
// is one: ENOTDIR for a path below a file, ENOTSOCK for sock_* of anything
// but a socket, EBADF for a write of what is not open for writing (a
// directory too, as write(2) says), EISDIR for a read, seek ... of a
// directory, EBADF for a read of what is not open for reading; any other
// missing right is ENOTCAPABLE.
constexpr uint64_t kFileRights =
    kRightFdDatasync | kRightFdRead | kRightFdSeek | kRightFdFdstatSetFlags | kRightFdSync |
    kRightFdTell | kRightFdWrite | kRightFdAdvise | kRightFdAllocate | kRightFdFilestatGet |
    kRightFdFilestatSetSize | kRightFdFilestatSetTimes | kRightPollFdReadwrite;
constexpr uint64_t kDirectoryRights =
    kRightPathCreateDirectory | kRightPathCreateFile | kRightPathLinkSource | kRightPathLinkTarget |
    kRightPathOpen | kRightFdReaddir | kRightPathReadlink | kRightPathRenameSource |
    kRightPathRenameTarget | kRightPathFilestatGet | kRightPathFilestatSetTimes |
    kRightFdFilestatGet | kRightFdFilestatSetTimes | kRightPathSymlink | kRightPathRemoveDirectory |
    kRightPathUnlinkFile | kRightFdFdstatSetFlags | kRightFdSync | kRightFdDatasync;
// (Directories have no path_filestat_set_size: O_TRUNC is a write of the
// file, not of its directory; see path_open.)
// A listening socket and a connection have the same: what is not for its
// kind fails in the kernel (reading a listener: ENOTCONN).
constexpr uint64_t kSocketRights = kRightFdRead | kRightFdWrite | kRightFdFdstatSetFlags |
                                   kRightFdFilestatGet | kRightPollFdReadwrite |
                                   kRightSockShutdown | kRightSockAccept;
// witx sizes: filestat, dirent (before its name), prestat.
constexpr uint64_t kFilestatSize = 64, kDirentSize = 24, kPrestatSize = 8;

// witx eventtype and subclockflags.
constexpr uint8_t kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2;
constexpr uint16_t kSubclockAbstime = 1;
// Sizes of witx `subscription` and `event`, and of `iovec`/`ciovec`.
constexpr uint64_t kSubscriptionSize = 48, kEventSize = 32, kIovecSize = 8;
// fd_write gathers at most this much from several buffers into one write
// (a guest's iovecs may name the same memory over and over); past it the
// write is short, as writev's may be, and the guest writes the rest next.
constexpr uint64_t kGatherLimit = uint64_t(16) << 20;

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
  // Buffer `i` of the iovec array at `iovs` (pointer, length), inside
  // memory, or Fault.
  std::span<uint8_t> buffer(uint32_t iovs, uint32_t i) const {
    const uint64_t entry = iovs + uint64_t(i) * kIovecSize;
    const uint32_t length = get<uint32_t>(entry + 4);
    return {at(get<uint32_t>(entry), length), length};
  }
  // The non-empty buffers of the iovec array at `iovs`[count], as readv and
  // recvmsg take them (at most IOV_MAX: a longer list is a short read or
  // write, as the kernel's own would be).
  std::vector<iovec> iovecs(uint32_t iovs, uint32_t count) const {
    std::vector<iovec> buffers;
    for (uint32_t i = 0; i < count && buffers.size() < IOV_MAX; ++i) {
      const std::span<uint8_t> b = buffer(iovs, i);
      if (!b.empty()) buffers.push_back({b.data(), b.size()});
    }
    return buffers;
  }
};

inline struct stat fstat_of(int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0) throw std::system_error(errno, std::generic_category(), "fstat");
  return st;
}

// The result of a call that returns -1 and sets errno.
template <class T>
T checked(T result) {
  if (result < 0) throw std::system_error(errno, std::generic_category());
  return result;
}

}  // namespace gowasm::wasi
