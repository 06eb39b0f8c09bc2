// See wasi_host.h. The functions follow the witx definition of
// wasi_snapshot_preview1 (WebAssembly/WASI, legacy/preview1): their core
// wasm signatures, errno numbers and the byte layouts of fdstat, filestat,
// prestat, dirent, iovec, subscription and event. Files are
// host::GuestFileSystem's (see wasi_host.h): this layer turns a guest's
// path into a guest path below its directory descriptor and never looks a
// path up itself.
#include "wasi_host.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>
#include <system_error>
#include <utility>

#include "output.h"
#include "wasi_call.h"

namespace gowasm::wasi {
namespace {

// A function's core wasm type from its witx parameters: one letter per
// parameter, i = i32, I = i64; every function but proc_exit returns an
// errno (i32).
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

WasiHost::WasiHost(const ProgramOptions& options)
    : args_(options.args),
      write_(options.write ? options.write : host::write_all),
      read_(options.read ? options.read : read_host_stdin),
      interrupt_(options.instance.interrupt) {
  for (const auto& [key, value] : options.env) environ_.push_back(key + "=" + value);
  if (options.virtual_clock_start) clock_ = host::Clock(*options.virtual_clock_start);
  if (options.random_seed) random_ = host::RandomSource(*options.random_seed);
  host_stdio_ = {!options.read, !options.write, !options.write};
  for (int stream = 0; stream < 3; ++stream) {
    Descriptor d;
    d.stdio = stream;
    d.rights_base = kFileRights & ~(stream == 0 ? kRightFdWrite : kRightFdRead);
    fds_[uint32_t(stream)] = std::move(d);
  }
  // Every mount a preopened directory, in the order given, then every
  // socket.
  std::vector<host::Mount> mounts;
  for (const ProgramMount& m : options.mounts) mounts.push_back({m.host, m.guest, m.read_only});
  try {
    if (!mounts.empty()) fs_ = std::make_unique<host::GuestFileSystem>(std::move(mounts));
    for (const ProgramMount& m : options.mounts) {
      Descriptor d;
      d.kind = Descriptor::Kind::Directory;
      d.path = host::normalise_path(m.guest);
      d.preopen = d.path;
      d.host = fs_->open(d.path, O_RDONLY | O_DIRECTORY, 0);
      d.read_only = fs_->read_only(d.path);
      d.rights_base = kDirectoryRights;
      d.rights_inheriting = kDirectoryRights | kFileRights;
      add_descriptor(std::move(d));
    }
  } catch (const host::FsError& e) {
    throw std::system_error(e.error, std::generic_category(), "cannot open a mounted directory");
  }
  for (const int socket : options.sockets) {
    Descriptor d;
    d.kind = Descriptor::Kind::Socket;
    d.host = ::fcntl(socket, F_DUPFD_CLOEXEC, 0);
    if (d.host < 0 || ::fcntl(d.host, F_SETFL, ::fcntl(d.host, F_GETFL) | O_NONBLOCK) != 0) {
      const int error = errno;
      for (auto& [fd, open] : fds_) release(open);
      if (d.host >= 0) ::close(d.host);
      throw std::system_error(error, std::generic_category(), "cannot take a preopened socket");
    }
    d.rights_base = kSocketRights;
    add_descriptor(std::move(d));
  }
}

WasiHost::~WasiHost() {
  // GuestFileSystem closes its own; sockets are this host's.
  for (auto& [fd, d] : fds_) {
    if (d.kind == Descriptor::Kind::Socket) release(d);
  }
}

std::optional<Trap> WasiHost::dispatch(HostCall& host_call, std::string_view name,
                                       Errno (WasiHost::*function)(Call&), uint64_t rights,
                                       bool returns_errno) {
  Call call{host_call, host_call.instance ? host_call.instance->memory() : std::span<std::byte>()};
  Errno result;
  try {
    if (rights) descriptor(call.u32(0), rights);
    result = (this->*function)(call);
  } catch (const Fault&) {
    result = kFault;
  } catch (const Failed& e) {
    result = e.error;
  } catch (const host::FsError& e) {
    result = from_host_errno(e.error);
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
  // Each function with its signature and the rights its descriptor (the
  // first parameter) must have.
  const auto add = [&](std::string_view name, std::string_view params,
                       Errno (WasiHost::*function)(Call&), uint64_t rights = 0) {
    const bool is_exit = name == "proc_exit";
    imports.add_function(
        "wasi_snapshot_preview1", std::string(name), signature(params, !is_exit),
        [self = shared_from_this(), name, function, rights, is_exit](HostCall& call) {
          return self->dispatch(call, name, function, rights, !is_exit);
        });
  };
  add("args_get", "ii", &WasiHost::args_get);
  add("args_sizes_get", "ii", &WasiHost::args_sizes_get);
  add("environ_get", "ii", &WasiHost::environ_get);
  add("environ_sizes_get", "ii", &WasiHost::environ_sizes_get);
  add("clock_res_get", "ii", &WasiHost::clock_res_get);
  add("clock_time_get", "iIi", &WasiHost::clock_time_get);
  add("random_get", "ii", &WasiHost::random_get);
  add("fd_write", "iiii", &WasiHost::fd_write, kRightFdWrite);
  add("fd_read", "iiii", &WasiHost::fd_read, kRightFdRead);
  add("fd_close", "i", &WasiHost::fd_close);
  add("fd_fdstat_get", "ii", &WasiHost::fd_fdstat_get);
  add("fd_fdstat_set_flags", "ii", &WasiHost::fd_fdstat_set_flags, kRightFdFdstatSetFlags);
  add("fd_prestat_get", "ii", &WasiHost::fd_prestat_get);
  add("fd_prestat_dir_name", "iii", &WasiHost::fd_prestat_dir_name);
  add("fd_seek", "iIii", &WasiHost::fd_seek, kRightFdSeek);
  add("fd_tell", "ii", &WasiHost::fd_tell, kRightFdTell);
  add("fd_pread", "iiiIi", &WasiHost::fd_pread, kRightFdRead | kRightFdSeek);
  add("fd_pwrite", "iiiIi", &WasiHost::fd_pwrite, kRightFdWrite | kRightFdSeek);
  add("fd_sync", "i", &WasiHost::fd_sync, kRightFdSync);
  add("fd_datasync", "i", &WasiHost::fd_datasync, kRightFdDatasync);
  add("fd_advise", "iIIi", &WasiHost::fd_advise, kRightFdAdvise);
  add("fd_allocate", "iII", &WasiHost::fd_allocate, kRightFdAllocate);
  add("fd_fdstat_set_rights", "iII", &WasiHost::fd_fdstat_set_rights);
  add("fd_filestat_get", "ii", &WasiHost::fd_filestat_get, kRightFdFilestatGet);
  add("fd_filestat_set_size", "iI", &WasiHost::fd_filestat_set_size, kRightFdFilestatSetSize);
  add("fd_filestat_set_times", "iIIi", &WasiHost::fd_filestat_set_times, kRightFdFilestatSetTimes);
  add("fd_readdir", "iiiIi", &WasiHost::fd_readdir, kRightFdReaddir);
  add("fd_renumber", "ii", &WasiHost::fd_renumber);
  add("path_open", "iiiiiIIii", &WasiHost::path_open, kRightPathOpen);
  add("path_filestat_get", "iiiii", &WasiHost::path_filestat_get, kRightPathFilestatGet);
  add("path_filestat_set_times", "iiiiIIi", &WasiHost::path_filestat_set_times,
      kRightPathFilestatSetTimes);
  add("path_create_directory", "iii", &WasiHost::path_create_directory, kRightPathCreateDirectory);
  add("path_remove_directory", "iii", &WasiHost::path_remove_directory, kRightPathRemoveDirectory);
  add("path_unlink_file", "iii", &WasiHost::path_unlink_file, kRightPathUnlinkFile);
  add("path_rename", "iiiiii", &WasiHost::path_rename, kRightPathRenameSource);
  add("path_symlink", "iiiii", &WasiHost::path_symlink);
  add("path_readlink", "iiiiii", &WasiHost::path_readlink, kRightPathReadlink);
  add("path_link", "iiiiiii", &WasiHost::path_link, kRightPathLinkSource);
  add("poll_oneoff", "iiii", &WasiHost::poll_oneoff);
  add("sched_yield", "", &WasiHost::sched_yield);
  add("proc_exit", "i", &WasiHost::proc_exit);
  add("proc_raise", "i", &WasiHost::proc_raise);
  add("sock_accept", "iii", &WasiHost::sock_accept, kRightSockAccept);
  add("sock_recv", "iiiiii", &WasiHost::sock_recv, kRightFdRead);
  add("sock_send", "iiiii", &WasiHost::sock_send, kRightFdWrite);
  add("sock_shutdown", "ii", &WasiHost::sock_shutdown, kRightSockShutdown);
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
  for (uint32_t i = 0; i < count; ++i) total += call.buffer(iovs, i).size();
  const auto it = fds_.find(uint32_t(fd));
  if (it == fds_.end()) return kBadf;
  if (it->second.kind != Descriptor::Kind::Stdio) {
    call.put<uint32_t>(nwritten, uint32_t(file_io(call, it->second, iovs, count, true, {})));
    return kSuccess;
  }
  const int stream = it->second.stdio;  // 1 or 2: stdin has no fd_write right
  // One write of everything, so that a write stays whole in the output as
  // the guest made it: a single buffer straight from memory, several
  // gathered first (up to kGatherLimit; a first buffer larger than that
  // goes alone, whole).
  uint64_t written = 0;
  if (count == 1 || (count > 0 && call.buffer(iovs, 0).size() >= kGatherLimit)) {
    const std::span<uint8_t> first = call.buffer(iovs, 0);
    if (!first.empty()) write_(stream, first);
    written = first.size();
  } else if (total > 0) {
    std::vector<uint8_t> bytes;
    bytes.reserve(std::min(total, kGatherLimit));
    for (uint32_t i = 0; i < count; ++i) {
      const std::span<uint8_t> b = call.buffer(iovs, i);
      if (bytes.size() + b.size() > kGatherLimit) break;
      bytes.insert(bytes.end(), b.begin(), b.end());
    }
    write_(stream, bytes);
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
  for (uint32_t i = 0; i < count; ++i) call.buffer(iovs, i);
  const auto it = fds_.find(uint32_t(fd));
  if (it == fds_.end()) return kBadf;
  if (it->second.kind != Descriptor::Kind::Stdio) {
    call.put<uint32_t>(nread, uint32_t(file_io(call, it->second, iovs, count, false, {})));
    return kSuccess;
  }
  // Stdin (the only stream with the fd_read right). One read, into the first buffer that can take
  // bytes: what a read of a pipe or terminal gives (fewer bytes than asked is not the end; 0 is).
  size_t n = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const std::span<uint8_t> b = call.buffer(iovs, i);
    if (b.empty()) continue;
    n = std::min(read_(b), b.size());
    break;
  }
  call.put<uint32_t>(nread, uint32_t(n));
  return kSuccess;
}

// --- descriptors ---

WasiHost::Descriptor& WasiHost::descriptor(uint32_t fd, uint64_t rights) {
  const auto it = fds_.find(fd);
  if (it == fds_.end()) throw Failed{kBadf};
  const uint64_t missing = rights & ~it->second.rights_base;
  if (!missing) return it->second;
  // What no descriptor of its kind can do says why: a path below a file,
  // a read of a directory.
  const Descriptor::Kind kind = it->second.kind;
  const bool directory = kind == Descriptor::Kind::Directory;
  if (!directory && (missing & kDirectoryRights & ~kFileRights)) throw Failed{kNotdir};
  if (kind != Descriptor::Kind::Socket && (missing & (kRightSockShutdown | kRightSockAccept))) {
    throw Failed{kNotsock};
  }
  if (missing & kRightFdWrite) throw Failed{kBadf};  // write(2) of a directory too
  if (directory && (missing & kFileRights & ~kDirectoryRights)) throw Failed{kIsdir};
  throw Failed{missing & kRightFdRead ? kBadf : kNotcapable};
}

uint32_t WasiHost::add_descriptor(Descriptor descriptor) {
  // The lowest free number, as POSIX gives them.
  uint32_t fd = 0;
  for (const auto& [number, _] : fds_) {
    if (number != fd) break;
    ++fd;
  }
  fds_.emplace(fd, std::move(descriptor));
  return fd;
}

void WasiHost::release(Descriptor& d) {
  // The standard streams stay open on the host.
  if (d.host < 0) return;
  if (d.kind == Descriptor::Kind::Socket) {
    ::close(std::exchange(d.host, -1));
  } else {
    fs_->close(std::exchange(d.host, -1));
  }
}

std::string WasiHost::resolve(Call& call, uint32_t fd, uint32_t address, uint32_t length) {
  const uint8_t* bytes = call.at(address, length);
  std::string path(reinterpret_cast<const char*>(bytes), length);
  Descriptor& dir = descriptor(fd);
  if (dir.kind != Descriptor::Kind::Directory) throw Failed{kNotdir};
  if (path.empty()) throw Failed{kNoent};
  if (path.find('\0') != std::string::npos) throw Failed{kInval};
  // Relative to the directory, never above it: the sandbox then resolves
  // the rest (symbolic links, '..' after one) inside the mount.
  if (path[0] == '/') throw Failed{kNotcapable};
  int depth = 0;
  for (size_t start = 0; start <= path.size();) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string_view part(path.data() + start, end - start);
    if (part == "..") {
      if (--depth < 0) throw Failed{kNotcapable};
    } else if (!part.empty() && part != ".") {
      ++depth;
    }
    start = end + 1;
  }
  const std::string& where = fs_->current_path(dir.host, dir.path, dir.host_seen, "open");
  return (where == "/" ? "" : where) + "/" + path;
}

namespace {

uint8_t filetype_of(mode_t mode) {
  if (S_ISREG(mode)) return kFiletypeRegularFile;
  if (S_ISDIR(mode)) return kFiletypeDirectory;
  if (S_ISLNK(mode)) return kFiletypeSymbolicLink;
  if (S_ISCHR(mode)) return kFiletypeCharacterDevice;
  if (S_ISBLK(mode)) return kFiletypeBlockDevice;
  if (S_ISSOCK(mode)) return kFiletypeSocketStream;
  return kFiletypeUnknown;  // a FIFO: preview 1 has no name for it
}

uint64_t nanoseconds(const timespec& t) {
  return uint64_t(t.tv_sec) * 1000000000u + uint64_t(t.tv_nsec);
}

// witx filestat (64 bytes, alignment 8): dev u64 @0, ino u64 @8,
// filetype u8 @16, nlink u64 @24, size u64 @32, atim @40, mtim @48,
// ctim @56 (timestamps in nanoseconds).
void put_filestat(const auto& call, uint64_t out, const struct stat& st) {
  std::memset(call.at(out, kFilestatSize), 0, kFilestatSize);
  call.template put<uint64_t>(out, uint64_t(st.st_dev));
  call.template put<uint64_t>(out + 8, uint64_t(st.st_ino));
  call.template put<uint8_t>(out + 16, filetype_of(st.st_mode));
  call.template put<uint64_t>(out + 24, uint64_t(st.st_nlink));
  call.template put<uint64_t>(out + 32, uint64_t(st.st_size));
  call.template put<uint64_t>(out + 40, nanoseconds(st.st_atim));
  call.template put<uint64_t>(out + 48, nanoseconds(st.st_mtim));
  call.template put<uint64_t>(out + 56, nanoseconds(st.st_ctim));
}

}  // namespace

uint64_t WasiHost::file_io(Call& call, const Descriptor& d, uint32_t iovs, uint32_t count,
                           bool write, std::optional<int64_t> offset) {
  if (d.kind == Descriptor::Kind::Directory) throw Failed{write ? kBadf : kIsdir};
  if (d.kind == Descriptor::Kind::Socket) {
    return socket_io(d, call.iovecs(iovs, count), write, 0);
  }
  if (offset && *offset < 0) throw Failed{kInval};
  std::vector<iovec> buffers = call.iovecs(iovs, count);
  if (buffers.empty()) return 0;
  ssize_t n;
  do {
    if (offset) {
      n = write ? ::pwritev(d.host, buffers.data(), int(buffers.size()), *offset)
                : ::preadv(d.host, buffers.data(), int(buffers.size()), *offset);
    } else {
      n = write ? ::writev(d.host, buffers.data(), int(buffers.size()))
                : ::readv(d.host, buffers.data(), int(buffers.size()));
    }
  } while (n < 0 && errno == EINTR);
  return uint64_t(checked(n));
}

Errno WasiHost::fd_close(Call& call) {
  const uint32_t fd = call.u32(0);
  Descriptor d = std::move(descriptor(fd));
  fds_.erase(fd);
  release(d);
  return kSuccess;
}

Errno WasiHost::fd_renumber(Call& call) {
  const uint32_t from = call.u32(0), to = call.u32(1);
  descriptor(from);
  Descriptor& target = descriptor(to);
  if (from == to) return kSuccess;
  Descriptor replaced = std::exchange(target, std::move(fds_.at(from)));
  fds_.erase(from);
  release(replaced);
  return kSuccess;
}

Errno WasiHost::fd_fdstat_get(Call& call) {
  const uint32_t out = call.u32(1);
  call.at(out, 24);
  const Descriptor& d = descriptor(call.u32(0));
  // fdstat: filetype u8 @0, fdflags u16 @2, rights_base u64 @8,
  // rights_inheriting u64 @16 (24 bytes, alignment 8).
  uint8_t filetype = kFiletypeCharacterDevice;
  uint16_t flags = d.fdflags;
  if (d.kind == Descriptor::Kind::Socket) {
    filetype = kFiletypeSocketStream;
  } else if (d.kind != Descriptor::Kind::Stdio) {
    filetype = filetype_of(fstat_of(d.host).st_mode);
    const int host = checked(::fcntl(d.host, F_GETFL));
    if (host & O_APPEND) flags |= kFdflagAppend;
    if (host & O_NONBLOCK) flags |= kFdflagNonblock;
    if ((host & O_SYNC) == O_SYNC) {
      flags |= kFdflagSync;
    } else if (host & O_DSYNC) {
      flags |= kFdflagDsync;
    }
  }
  std::memset(call.at(out, 24), 0, 24);
  call.put<uint8_t>(out, filetype);
  call.put<uint16_t>(out + 2, flags);
  call.put<uint64_t>(out + 8, d.rights_base);
  call.put<uint64_t>(out + 16, d.rights_inheriting);
  return kSuccess;
}

Errno WasiHost::fd_fdstat_set_flags(Call& call) {
  const uint32_t flags = call.u32(1);
  Descriptor& d = descriptor(call.u32(0));
  if (flags & ~uint32_t(kFdflagsValid)) return kInval;
  if (d.kind == Descriptor::Kind::Stdio) {
    // Recorded and reported by fd_fdstat_get, nothing more: reads and
    // writes of the standard descriptors always complete (a nonblocking
    // guest never sees EAGAIN), and poll_oneoff reports them ready. Go's
    // wasip1 runtime sets nonblock on 0-2 at start-up and works either way.
    d.fdflags = uint16_t(flags);
    return kSuccess;
  }
  if (d.kind == Descriptor::Kind::Socket) {
    d.fdflags = uint16_t(flags);  // nonblock: EAGAIN instead of a wait (socket_io)
    return kSuccess;
  }
  // append and nonblock change as fcntl changes them; Linux cannot change
  // the synchronisation of an open file (F_SETFL ignores it): ENOTSUP.
  const int host = checked(::fcntl(d.host, F_GETFL));
  const bool sync = (host & O_SYNC) == O_SYNC, dsync = !sync && (host & O_DSYNC);
  if (bool(flags & kFdflagSync) != sync || bool(flags & kFdflagDsync) != dsync) return kNotsup;
  int wanted = host & ~(O_APPEND | O_NONBLOCK);
  if (flags & kFdflagAppend) wanted |= O_APPEND;
  if (flags & kFdflagNonblock) wanted |= O_NONBLOCK;
  checked(::fcntl(d.host, F_SETFL, wanted));
  d.fdflags = uint16_t(flags & kFdflagRsync);
  return kSuccess;
}

Errno WasiHost::fd_fdstat_set_rights(Call& call) {
  const uint64_t base = call.u64(1), inheriting = call.u64(2);
  Descriptor& d = descriptor(call.u32(0));
  // Rights can only be dropped.
  if ((base & ~d.rights_base) || (inheriting & ~d.rights_inheriting)) return kNotcapable;
  d.rights_base = base;
  d.rights_inheriting = inheriting;
  return kSuccess;
}

Errno WasiHost::fd_prestat_get(Call& call) {
  const uint32_t out = call.u32(1);
  call.at(out, kPrestatSize);
  const auto it = fds_.find(call.u32(0));
  if (it == fds_.end() || !it->second.preopen) return kBadf;  // not a preopen
  // prestat: tag u8 @0 (0: a directory), pr_name_len u32 @4.
  std::memset(call.at(out, kPrestatSize), 0, kPrestatSize);
  call.put<uint32_t>(out + 4, uint32_t(it->second.preopen->size()));
  return kSuccess;
}

Errno WasiHost::fd_prestat_dir_name(Call& call) {
  const uint32_t out = call.u32(1), length = call.u32(2);
  uint8_t* buffer = call.at(out, length);
  const auto it = fds_.find(call.u32(0));
  if (it == fds_.end() || !it->second.preopen) return kBadf;
  const std::string& name = *it->second.preopen;
  if (length < name.size()) return kNametoolong;
  std::memcpy(buffer, name.data(), name.size());  // not NUL-terminated
  return kSuccess;
}

Errno WasiHost::fd_seek(Call& call) {
  const int64_t offset = int64_t(call.u64(1));
  const uint32_t whence = call.u32(2), out = call.u32(3);
  call.at(out, 8);
  const Descriptor& d = descriptor(call.u32(0));
  if (whence > 2) return kInval;                         // whence: set, cur, end
  if (d.kind == Descriptor::Kind::Stdio) return kSpipe;  // a character device has no position
  static constexpr int kWhence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
  call.put<uint64_t>(out, uint64_t(checked(::lseek(d.host, offset, kWhence[whence]))));
  return kSuccess;
}

Errno WasiHost::fd_tell(Call& call) {
  const uint32_t out = call.u32(1);
  call.at(out, 8);
  const Descriptor& d = descriptor(call.u32(0));
  if (d.kind == Descriptor::Kind::Stdio) return kSpipe;
  call.put<uint64_t>(out, uint64_t(checked(::lseek(d.host, 0, SEEK_CUR))));
  return kSuccess;
}

// fd_pread and fd_pwrite: (fd, iovs, iovs_len, offset, out nread/nwritten).
Errno WasiHost::positioned_io(Call& call, bool write) {
  const uint32_t iovs = call.u32(1), count = call.u32(2), out = call.u32(4);
  call.at(iovs, uint64_t(count) * kIovecSize);
  call.at(out, 4);
  const Descriptor& d = descriptor(call.u32(0));
  if (d.kind == Descriptor::Kind::Stdio) return kSpipe;
  call.put<uint32_t>(out, uint32_t(file_io(call, d, iovs, count, write, int64_t(call.u64(3)))));
  return kSuccess;
}

Errno WasiHost::fd_pread(Call& call) {
  return positioned_io(call, false);
}

Errno WasiHost::fd_pwrite(Call& call) {
  return positioned_io(call, true);
}

Errno WasiHost::fd_sync(Call& call) {
  const Descriptor& d = descriptor(call.u32(0));
  if (d.kind == Descriptor::Kind::Stdio) return kInval;  // as fsync(2) of a pipe or terminal
  checked(::fsync(d.host));
  return kSuccess;
}

Errno WasiHost::fd_datasync(Call& call) {
  const Descriptor& d = descriptor(call.u32(0));
  if (d.kind == Descriptor::Kind::Stdio) return kInval;
  checked(::fdatasync(d.host));
  return kSuccess;
}

Errno WasiHost::fd_advise(Call& call) {
  const uint32_t advice = call.u32(3);
  const Descriptor& d = descriptor(call.u32(0));
  if (advice > 5) return kInval;
  if (d.kind == Descriptor::Kind::Stdio) return kSpipe;
  if (d.kind == Descriptor::Kind::Directory) return kBadf;
  // witx advice: normal, sequential, random, willneed, dontneed, noreuse.
  static constexpr int kAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                    POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
  const int r = ::posix_fadvise(d.host, off_t(call.u64(1)), off_t(call.u64(2)), kAdvice[advice]);
  return r == 0 ? kSuccess : from_host_errno(r);
}

Errno WasiHost::fd_allocate(Call& call) {
  const Descriptor& d = descriptor(call.u32(0));
  if (d.kind == Descriptor::Kind::Stdio) return kSpipe;
  if (d.kind == Descriptor::Kind::Directory) return kBadf;
  const int64_t offset = int64_t(call.u64(1)), length = int64_t(call.u64(2));
  if (offset < 0 || length <= 0) return kInval;
  const int r = ::posix_fallocate(d.host, offset, length);
  return r == 0 ? kSuccess : from_host_errno(r);
}

Errno WasiHost::fd_filestat_get(Call& call) {
  const uint32_t out = call.u32(1);
  call.at(out, kFilestatSize);
  const Descriptor& d = descriptor(call.u32(0));
  if (d.kind == Descriptor::Kind::Stdio) {
    // This process's own stream (no ProgramOptions::read or write for it):
    // what it is on the host, as Node's fstat shows the Go/JS bridge (a
    // file given as stdin is a regular file).
    struct stat st;
    if (host_stdio_[size_t(d.stdio)] && ::fstat(d.stdio, &st) == 0) {
      put_filestat(call, out, st);
      return kSuccess;
    }
    // Otherwise a character device (the stream goes through
    // ProgramOptions::read or write): nothing else is known of it.
    std::memset(call.at(out, kFilestatSize), 0, kFilestatSize);
    call.put<uint8_t>(out + 16, kFiletypeCharacterDevice);
    return kSuccess;
  }
  put_filestat(call, out, fstat_of(d.host));
  return kSuccess;
}

Errno WasiHost::fd_filestat_set_size(Call& call) {
  const Descriptor& d = descriptor(call.u32(0));
  const int64_t size = int64_t(call.u64(1));
  if (d.kind == Descriptor::Kind::Stdio) return kInval;  // as ftruncate(2) of a pipe
  if (size < 0) return kInval;
  // A descriptor not open for writing (as every one in a read-only mount
  // is): the kernel refuses, EINVAL, as it does the Go/JS bridge.
  checked(::ftruncate(d.host, size));
  return kSuccess;
}

std::optional<std::array<timespec, 2>> WasiHost::times_of(uint64_t atim, uint64_t mtim,
                                                          uint32_t flags) const {
  if ((flags & ~uint32_t(0xf)) || ((flags & kFstAtim) && (flags & kFstAtimNow)) ||
      ((flags & kFstMtim) && (flags & kFstMtimNow)))
    return std::nullopt;
  // "Now" is the guest's wall clock (the virtual one under
  // ProgramOptions::virtual_clock_start), as fd_filestat_get would show it.
  const uint64_t current = *now(kRealtime);
  const auto time = [&](bool set, bool set_now, uint64_t ns) {
    if (set_now) ns = current;
    if (!set && !set_now) return timespec{0, UTIME_OMIT};
    return timespec{time_t(ns / 1000000000u), long(ns % 1000000000u)};
  };
  return std::array<timespec, 2>{time(flags & kFstAtim, flags & kFstAtimNow, atim),
                                 time(flags & kFstMtim, flags & kFstMtimNow, mtim)};
}

Errno WasiHost::fd_filestat_set_times(Call& call) {
  const Descriptor& d = descriptor(call.u32(0));
  const auto times = times_of(call.u64(1), call.u64(2), call.u32(3));
  if (!times) return kInval;
  if (d.kind == Descriptor::Kind::Stdio) return kBadf;
  if (d.read_only) return kRofs;
  checked(::futimens(d.host, times->data()));
  return kSuccess;
}

void WasiHost::read_listing(Descriptor& d) {
  // The directory's entries now, "." and ".." first, then by name (as Node
  // lists them to the Go/JS bridge), read from its own descriptor.
  struct LinuxDirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[1];
  };
  std::vector<Descriptor::Entry> entries, dots;
  checked(::lseek(d.host, 0, SEEK_SET));
  alignas(8) char buffer[16384];
  for (;;) {
    const long n = ::syscall(SYS_getdents64, d.host, buffer, sizeof buffer);
    // A directory removed while open: Linux says ENOENT; it has no entries.
    if (n < 0 && errno == ENOENT) break;
    if (checked(n) == 0) break;
    for (long at = 0; at < n;) {
      const auto* e = reinterpret_cast<const LinuxDirent64*>(buffer + at);
      at += e->d_reclen;
      const std::string name = e->d_name;
      uint8_t type;
      switch (e->d_type) {
        case DT_REG: type = kFiletypeRegularFile; break;
        case DT_DIR: type = kFiletypeDirectory; break;
        case DT_LNK: type = kFiletypeSymbolicLink; break;
        case DT_CHR: type = kFiletypeCharacterDevice; break;
        case DT_BLK: type = kFiletypeBlockDevice; break;
        case DT_SOCK: type = kFiletypeSocketStream; break;
        case DT_UNKNOWN: {
          // One name in this directory, the link itself: nothing is followed.
          struct stat st;
          type = ::fstatat(d.host, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0
                     ? filetype_of(st.st_mode)
                     : kFiletypeUnknown;
          break;
        }
        default: type = kFiletypeUnknown;
      }
      (name == "." || name == ".." ? dots : entries).push_back({name, e->d_ino, type});
    }
  }
  std::sort(dots.begin(), dots.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  dots.insert(dots.end(), entries.begin(), entries.end());
  d.listing = std::move(dots);
  d.listed = true;
}

Errno WasiHost::fd_readdir(Call& call) {
  const uint32_t buf = call.u32(1), length = call.u32(2), out = call.u32(4);
  const uint64_t cookie = call.u64(3);
  uint8_t* buffer = call.at(buf, length);
  call.at(out, 4);
  Descriptor& d = descriptor(call.u32(0));
  if (d.kind != Descriptor::Kind::Directory) return kNotdir;
  // Cookie 0 lists the directory afresh; the others continue that list.
  // An entry's d_next is the cookie of the one after it.
  if (cookie == 0 || !d.listed) read_listing(d);
  // dirent: d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20
  // (24 bytes), then the name (not NUL-terminated). The last entry is cut
  // where the buffer ends: a full buffer tells the guest to read on.
  uint64_t used = 0;
  for (uint64_t i = cookie; i < d.listing.size() && used < length; ++i) {
    const Descriptor::Entry& e = d.listing[i];
    uint8_t entry[kDirentSize] = {};
    for (int b = 0; b < 8; ++b) entry[b] = uint8_t((i + 1) >> (8 * b));
    for (int b = 0; b < 8; ++b) entry[8 + b] = uint8_t(e.ino >> (8 * b));
    for (int b = 0; b < 4; ++b) entry[16 + b] = uint8_t(e.name.size() >> (8 * b));
    entry[20] = e.type;
    const uint64_t header = std::min<uint64_t>(kDirentSize, length - used);
    std::memcpy(buffer + used, entry, header);
    used += header;
    const uint64_t name = std::min<uint64_t>(e.name.size(), length - used);
    std::memcpy(buffer + used, e.name.data(), name);
    used += name;
  }
  call.put<uint32_t>(out, uint32_t(used));
  return kSuccess;
}

// --- paths ---

Errno WasiHost::path_open(Call& call) {
  const uint32_t lookup = call.u32(1), oflags = call.u32(4), fdflags = call.u32(7),
                 out = call.u32(8);
  const uint64_t rights = call.u64(5), inheriting = call.u64(6);
  call.at(out, 4);
  std::string path = resolve(call, call.u32(0), call.u32(2), call.u32(3));
  if (oflags & ~uint32_t(0xf) || fdflags & ~uint32_t(kFdflagsValid)) return kInval;
  // O_TRUNC needs no right of the directory: Go's wasip1 port opens
  // directories read-only without path_filestat_set_size (which it counts
  // among the write rights), then truncates files below them.
  const Descriptor& dir =
      descriptor(call.u32(0), (oflags & kOflagCreat) ? kRightPathCreateFile : 0);
  // Opened for what its rights ask: fd_read, fd_write, or both (neither:
  // for reading, as a directory is), within what the directory passes on.
  const uint64_t granted = rights & dir.rights_inheriting;
  const uint64_t granted_inheriting = inheriting & dir.rights_inheriting;
  const bool read = granted & kRightFdRead, write = granted & kRightFdWrite;
  int flags = read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY;
  if (oflags & kOflagCreat) flags |= O_CREAT;
  if (oflags & kOflagDirectory) flags |= O_DIRECTORY;
  if (oflags & kOflagExcl) flags |= O_EXCL;
  if (oflags & kOflagTrunc) flags |= O_TRUNC;
  if (!(lookup & kLookupSymlinkFollow)) flags |= O_NOFOLLOW;
  if (fdflags & kFdflagAppend) flags |= O_APPEND;
  if (fdflags & kFdflagDsync) flags |= O_DSYNC;
  if (fdflags & kFdflagNonblock) flags |= O_NONBLOCK;
  if (fdflags & kFdflagRsync) flags |= O_RSYNC;
  if (fdflags & kFdflagSync) flags |= O_SYNC;
  Descriptor d;
  d.host = fs_->open(path, flags, (flags & O_CREAT) ? 0666 : 0);
  try {
    d.kind =
        S_ISDIR(fstat_of(d.host).st_mode) ? Descriptor::Kind::Directory : Descriptor::Kind::File;
    d.read_only = fs_->read_only(path);
  } catch (...) {
    fs_->close(d.host);
    throw;
  }
  d.path = std::move(path);
  d.fdflags = uint16_t(fdflags & kFdflagRsync);
  d.rights_base =
      granted & (d.kind == Descriptor::Kind::Directory ? kDirectoryRights : kFileRights);
  d.rights_inheriting = granted_inheriting;
  call.put<uint32_t>(out, add_descriptor(std::move(d)));
  return kSuccess;
}

Errno WasiHost::path_filestat_get(Call& call) {
  const uint32_t out = call.u32(4);
  call.at(out, kFilestatSize);
  const std::string path = resolve(call, call.u32(0), call.u32(2), call.u32(3));
  put_filestat(call, out, call.u32(1) & kLookupSymlinkFollow ? fs_->stat(path) : fs_->lstat(path));
  return kSuccess;
}

Errno WasiHost::path_filestat_set_times(Call& call) {
  const std::string path = resolve(call, call.u32(0), call.u32(2), call.u32(3));
  const auto times = times_of(call.u64(4), call.u64(5), call.u32(6));
  if (!times) return kInval;
  fs_->utimens(path, times->data(), call.u32(1) & kLookupSymlinkFollow);
  return kSuccess;
}

Errno WasiHost::path_create_directory(Call& call) {
  fs_->mkdir(resolve(call, call.u32(0), call.u32(1), call.u32(2)), 0777);
  return kSuccess;
}

Errno WasiHost::path_remove_directory(Call& call) {
  fs_->rmdir(resolve(call, call.u32(0), call.u32(1), call.u32(2)));
  return kSuccess;
}

Errno WasiHost::path_unlink_file(Call& call) {
  fs_->unlink(resolve(call, call.u32(0), call.u32(1), call.u32(2)));
  return kSuccess;
}

Errno WasiHost::path_rename(Call& call) {
  const std::string from = resolve(call, call.u32(0), call.u32(1), call.u32(2));
  descriptor(call.u32(3), kRightPathRenameTarget);
  const std::string to = resolve(call, call.u32(3), call.u32(4), call.u32(5));
  fs_->rename(from, to);
  return kSuccess;
}

Errno WasiHost::path_symlink(Call& call) {
  const uint32_t target_at = call.u32(0), target_length = call.u32(1);
  const uint8_t* bytes = call.at(target_at, target_length);
  const std::string target(reinterpret_cast<const char*>(bytes), target_length);
  descriptor(call.u32(2), kRightPathSymlink);
  const std::string path = resolve(call, call.u32(2), call.u32(3), call.u32(4));
  if (target.empty()) return kNoent;
  if (target.find('\0') != std::string::npos) return kInval;
  // A relative target only, as in other WASI runtimes: the guest's own
  // lookups through any link stay in the mount, but the link is also a
  // file on the host, where a program that follows "/etc/passwd" would
  // leave the directory it was given. (The Go/JS bridge allows them, as
  // Node does.) Relative targets may still climb with '..'.
  if (target[0] == '/') return kPerm;
  fs_->symlink(target, path);
  return kSuccess;
}

Errno WasiHost::path_readlink(Call& call) {
  const uint32_t buf = call.u32(3), length = call.u32(4), out = call.u32(5);
  uint8_t* buffer = call.at(buf, length);
  call.at(out, 4);
  const std::string target = fs_->readlink(resolve(call, call.u32(0), call.u32(1), call.u32(2)));
  // A target longer than the buffer is cut to it.
  const size_t n = std::min<size_t>(target.size(), length);
  std::memcpy(buffer, target.data(), n);
  call.put<uint32_t>(out, uint32_t(n));
  return kSuccess;
}

Errno WasiHost::path_link(Call& call) {
  const std::string existing = resolve(call, call.u32(0), call.u32(2), call.u32(3));
  descriptor(call.u32(4), kRightPathLinkTarget);
  const std::string path = resolve(call, call.u32(4), call.u32(5), call.u32(6));
  fs_->link(existing, path, call.u32(1) & kLookupSymlinkFollow);
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
