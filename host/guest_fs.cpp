// See guest_fs.h. Every path lookup inside a mount is openat2 with
// RESOLVE_IN_ROOT on the mount's directory descriptor; operations on a
// name (unlink, mkdir, rename, ...) run on the opened parent directory.
#include "guest_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstring>
#include <optional>
#include <string_view>

namespace gowasm::host {
namespace {

int openat2_in_root(int root, const std::string& path, int flags, uint32_t mode) {
  open_how how{};
  how.flags = uint64_t(flags) | O_CLOEXEC;
  // O_TMPFILE includes O_DIRECTORY's bit: test it whole.
  how.mode = ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) ? mode : 0;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  int fd;
  do {
    fd = int(syscall(SYS_openat2, root, path.c_str(), &how, sizeof how));
  } while (fd < 0 && errno == EAGAIN);
  return fd;
}

[[noreturn]] void fail(const char* syscall, int error = errno) {
  throw FsError{error, syscall};
}

std::string proc_path(int fd) {
  return "/proc/self/fd/" + std::to_string(fd);
}

bool writes(int flags) {
  return (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC | O_APPEND)) != 0;
}

std::vector<std::string_view> components(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// The part of `path` below the directory `dir` (both absolute and
// normalised, guest or host paths alike): "" for `dir` itself, nothing when
// `path` is not inside it.
std::optional<std::string_view> below(std::string_view path, std::string_view dir) {
  if (dir == "/") return path.substr(1);
  if (!path.starts_with(dir)) return std::nullopt;
  if (path.size() == dir.size()) return std::string_view();
  if (path[dir.size()] != '/') return std::nullopt;
  return path.substr(dir.size() + 1);
}

// The part of `path` inside the mount shown at `guest`, as the guest wrote
// it, when `path` names the mount point plainly and the rest never climbs
// above it ("a/../b" but not "../b"); the kernel then resolves it.
std::optional<std::string> rest_as_written(std::string_view path, std::string_view guest) {
  const std::vector<std::string_view> mount = components(guest), parts = components(path);
  if (parts.size() < mount.size() || !std::equal(mount.begin(), mount.end(), parts.begin()))
    return std::nullopt;
  std::string rest;
  int depth = 0;
  for (size_t i = mount.size(); i < parts.size(); ++i) {
    depth += parts[i] == ".." ? -1 : parts[i] == "." ? 0 : 1;
    if (depth < 0) return std::nullopt;
    if (!rest.empty()) rest += '/';
    rest += parts[i];
  }
  if (rest.empty()) return ".";
  if (path.back() == '/' && parts.back() != "." && parts.back() != "..")
    rest += '/';  // the last component must be a directory
  return rest;
}

}  // namespace

GuestFileSystem::GuestFileSystem(std::vector<Mount> mounts) : mounts_(std::move(mounts)) {
  for (Mount& m : mounts_) m.guest = normalise_path(m.guest);
  // The longest guest prefix wins: a mount inside another shadows it there.
  std::stable_sort(mounts_.begin(), mounts_.end(),
                   [](const Mount& a, const Mount& b) { return a.guest.size() > b.guest.size(); });
  for (const Mount& m : mounts_) {
    const int fd = ::open(m.host.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      for (int root : roots_) ::close(root);
      fail("open");
    }
    roots_.push_back(fd);
  }
  refill_reserve();
}

GuestFileSystem::~GuestFileSystem() {
  for (int root : roots_) ::close(root);
  for (int fd : open_fds_) ::close(fd);
  for (int fd : reserve_) ::close(fd);
  if (cwd_fd_ >= 0) ::close(cwd_fd_);
  if (!empty_directory_.empty()) ::rmdir(empty_directory_.c_str());
}

bool GuestFileSystem::is_virtual(const std::string& path) const {
  const std::string normal = normalise_path(path);
  return !covered(normal) && is_virtual_directory(normal);
}

bool GuestFileSystem::is_virtual_directory(const std::string& path) const {
  if (path == "/") return true;
  return std::any_of(mounts_.begin(), mounts_.end(), [&](const Mount& m) {
    const auto rest = below(m.guest, path);
    return rest && !rest->empty();
  });
}

std::vector<std::string> GuestFileSystem::virtual_entries(const std::string& path) const {
  // The next component of every mount point below `path`, sorted.
  std::set<std::string> names;
  for (const Mount& m : mounts_) {
    if (const auto rest = below(m.guest, path); rest && !rest->empty())
      names.emplace(rest->substr(0, rest->find('/')));
  }
  return {names.begin(), names.end()};
}

struct stat GuestFileSystem::virtual_stat() const {
  struct stat st {};
  st.st_mode = S_IFDIR | 0555;
  st.st_nlink = 2;
  st.st_blksize = 4096;
  return st;
}

int GuestFileSystem::open_virtual_directory() {
  if (empty_directory_.empty()) {
    std::string pattern = "/tmp/gowasm-empty-XXXXXX";
    if (!mkdtemp(pattern.data())) fail("open");
    empty_directory_ = pattern;
  }
  const int fd = ::open(empty_directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("open");
  open_fds_.insert(fd);
  return fd;
}

GuestFileSystem::OwnFd::~OwnFd() {
  if (fd_ < 0) return;
  ::close(fd_);
  fs_->refill_reserve();
}

void GuestFileSystem::refill_reserve() const {
  while (reserve_.size() < 2) {
    const int fd = ::open("/", O_PATH | O_CLOEXEC);
    if (fd < 0) return;
    reserve_.push_back(fd);
  }
}

std::optional<std::string> GuestFileSystem::guest_path_of(const std::string& host_path) const {
  for (const Mount& m : mounts_) {
    const auto rest = below(host_path, m.host);
    if (!rest) continue;
    if (rest->empty()) return m.guest;
    return (m.guest == "/" ? "" : m.guest) + "/" + std::string(*rest);
  }
  return std::nullopt;
}

bool GuestFileSystem::covered(const std::string& path) const {
  return std::any_of(mounts_.begin(), mounts_.end(),
                     [&](const Mount& m) { return below(path, m.guest).has_value(); });
}

GuestFileSystem::Location GuestFileSystem::locate(const std::string& path,
                                                  const char* syscall) const {
  if (path.empty() || path[0] != '/') fail(syscall, ENOENT);
  if (path.find('\0') != std::string::npos) fail(syscall, EINVAL);
  const std::string normal = normalise_path(path);
  for (size_t i = 0; i < mounts_.size(); ++i) {
    const std::string& g = mounts_[i].guest;
    const auto rest = below(normal, g);
    if (!rest) continue;
    return {&mounts_[i], roots_[i],
            rest_as_written(path, g).value_or(rest->empty() ? "." : std::string(*rest))};
  }
  fail(syscall, ENOENT);
}

void GuestFileSystem::require_writable(const Location& where, const char* syscall) const {
  if (where.mount->read_only) fail(syscall, EROFS);
}

int GuestFileSystem::open_in(const Location& where, int flags, uint32_t mode,
                             const char* syscall) const {
  const int fd = openat2_in_root(where.root, where.rest, flags, mode);
  if (fd < 0) fail(syscall);
  return fd;
}

GuestFileSystem::OwnFd GuestFileSystem::open_own(const Location& where, int flags,
                                                 const char* syscall) const {
  int fd = openat2_in_root(where.root, where.rest, flags, 0);
  // The guest holds every descriptor the process may have: Node would not
  // need one here, so take one from the reserve (closing it frees its number).
  while (fd < 0 && errno == EMFILE && !reserve_.empty()) {
    ::close(reserve_.back());
    reserve_.pop_back();
    fd = openat2_in_root(where.root, where.rest, flags, 0);
  }
  if (fd < 0) {
    const int error = errno;
    refill_reserve();
    fail(syscall, error);
  }
  return OwnFd(*this, fd);
}

GuestFileSystem::Parent GuestFileSystem::parent_of(const Location& where,
                                                   const char* syscall) const {
  // A trailing slash stays with the name, for the kernel to judge ("new/"
  // for mkdir, "file/" is ENOTDIR).
  const std::string_view rest = where.rest;
  const size_t end = rest.find_last_not_of('/');
  const size_t slash = end == std::string_view::npos ? end : rest.rfind('/', end);
  const std::string dir(slash == std::string::npos ? "." : rest.substr(0, slash));
  std::string name(slash == std::string::npos ? rest : rest.substr(slash + 1));
  // The mount's own root has no parent inside the mount.
  if (rest == ".") fail(syscall, EBUSY);
  return Parent{open_own(Location{where.mount, where.root, dir}, O_PATH | O_DIRECTORY, syscall),
                std::move(name)};
}

int GuestFileSystem::open(const std::string& path, int flags, uint32_t mode) {
  if (is_virtual(path)) {
    if (writes(flags)) fail("open", EROFS);
    return open_virtual_directory();
  }
  const Location where = locate(path, "open");
  if (writes(flags)) require_writable(where, "open");
  const int fd = open_in(where, flags, mode, "open");
  open_fds_.insert(fd);
  return fd;
}

struct stat GuestFileSystem::stat(const std::string& path) const {
  if (is_virtual(path)) return virtual_stat();
  const OwnFd fd = open_own(locate(path, "stat"), O_PATH, "stat");
  struct stat st;
  if (fstat(fd.get(), &st) != 0) fail("stat");
  return st;
}

struct stat GuestFileSystem::lstat(const std::string& path) const {
  if (is_virtual(path)) return virtual_stat();
  const Location where = locate(path, "lstat");
  struct stat st;
  if (where.rest == ".") {
    if (fstat(where.root, &st) != 0) fail("lstat");
    return st;
  }
  const Parent parent = parent_of(where, "lstat");
  if (fstatat(parent.fd(), parent.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) fail("lstat");
  return st;
}

std::vector<std::string> GuestFileSystem::readdir(const std::string& path) const {
  if (is_virtual(path)) return virtual_entries(normalise_path(path));
  const int fd = open_in(locate(path, "scandir"), O_RDONLY | O_DIRECTORY, 0, "scandir");
  DIR* dir = fdopendir(fd);
  if (!dir) {
    const int error = errno;
    ::close(fd);
    fail("scandir", error);
  }
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(dir);
  // libuv's scandir sorts, so Node lists entries in byte order.
  std::sort(names.begin(), names.end());
  return names;
}

void GuestFileSystem::mkdir(const std::string& path, uint32_t mode) {
  const Location where = locate(path, "mkdir");
  require_writable(where, "mkdir");
  const Parent parent = parent_of(where, "mkdir");
  if (mkdirat(parent.fd(), parent.name.c_str(), mode) != 0) fail("mkdir");
}

void GuestFileSystem::rmdir(const std::string& path) {
  const Location where = locate(path, "rmdir");
  require_writable(where, "rmdir");
  const Parent parent = parent_of(where, "rmdir");
  if (unlinkat(parent.fd(), parent.name.c_str(), AT_REMOVEDIR) != 0) fail("rmdir");
}

void GuestFileSystem::unlink(const std::string& path) {
  const Location where = locate(path, "unlink");
  require_writable(where, "unlink");
  const Parent parent = parent_of(where, "unlink");
  if (unlinkat(parent.fd(), parent.name.c_str(), 0) != 0) fail("unlink");
}

void GuestFileSystem::rename(const std::string& from, const std::string& to) {
  const Location a = locate(from, "rename"), b = locate(to, "rename");
  require_writable(a, "rename");
  require_writable(b, "rename");
  if (a.mount != b.mount) fail("rename", EXDEV);
  const Parent pa = parent_of(a, "rename"), pb = parent_of(b, "rename");
  if (renameat(pa.fd(), pa.name.c_str(), pb.fd(), pb.name.c_str()) != 0) fail("rename");
}

void GuestFileSystem::chmod(const std::string& path, uint32_t mode) {
  const Location where = locate(path, "chmod");
  require_writable(where, "chmod");
  const OwnFd fd = open_own(where, O_PATH, "chmod");
  if (::chmod(proc_path(fd.get()).c_str(), mode) != 0) fail("chmod");
}

void GuestFileSystem::chown(const std::string& path, uint32_t uid, uint32_t gid, bool follow) {
  const char* syscall = follow ? "chown" : "lchown";
  const Location where = locate(path, syscall);
  require_writable(where, syscall);
  if (follow || where.rest == ".") {
    const OwnFd fd = open_own(where, O_PATH, syscall);
    if (fchownat(fd.get(), "", uid, gid, AT_EMPTY_PATH) != 0) fail(syscall);
    return;
  }
  const Parent parent = parent_of(where, syscall);
  if (fchownat(parent.fd(), parent.name.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW) != 0) fail(syscall);
}

void GuestFileSystem::truncate(const std::string& path, int64_t length) {
  const Location where = locate(path, "open");
  require_writable(where, "open");
  const int fd = open_in(where, O_WRONLY, 0, "open");
  const int r = ftruncate(fd, std::max<int64_t>(length, 0));  // Node clamps a negative length
  const int error = errno;
  ::close(fd);
  if (r != 0) fail("ftruncate", error);
}

std::string GuestFileSystem::readlink(const std::string& path) const {
  const Location where = locate(path, "readlink");
  if (where.rest == ".") fail("readlink", EINVAL);
  const Parent parent = parent_of(where, "readlink");
  char buffer[4096];
  const ssize_t n = readlinkat(parent.fd(), parent.name.c_str(), buffer, sizeof buffer);
  if (n < 0) fail("readlink");
  return std::string(buffer, size_t(n));
}

void GuestFileSystem::symlink(const std::string& target, const std::string& path) {
  const Location where = locate(path, "symlink");
  require_writable(where, "symlink");
  const Parent parent = parent_of(where, "symlink");
  if (symlinkat(target.c_str(), parent.fd(), parent.name.c_str()) != 0) fail("symlink");
}

void GuestFileSystem::link(const std::string& existing, const std::string& path, bool follow) {
  const Location a = locate(existing, "link"), b = locate(path, "link");
  require_writable(b, "link");
  if (a.mount != b.mount) fail("link", EXDEV);
  const Parent pb = parent_of(b, "link");
  if (follow) {
    // The target, found inside the mount; linked through its /proc name
    // (the kernel follows that magic link to the very file).
    const OwnFd target = open_own(a, O_PATH, "link");
    if (linkat(AT_FDCWD, proc_path(target.get()).c_str(), pb.fd(), pb.name.c_str(),
               AT_SYMLINK_FOLLOW) != 0)
      fail("link");
    return;
  }
  const Parent pa = parent_of(a, "link");
  if (linkat(pa.fd(), pa.name.c_str(), pb.fd(), pb.name.c_str(), 0) != 0) fail("link");
}

void GuestFileSystem::utimes(const std::string& path, double atime_seconds, double mtime_seconds) {
  // Node replaces a time that is negative or not finite with now.
  const auto to_timespec = [](double seconds) {
    if (!(seconds >= 0) || !std::isfinite(seconds)) return timespec{0, UTIME_NOW};
    timespec t;
    t.tv_sec = time_t(std::floor(seconds));
    t.tv_nsec = long((seconds - std::floor(seconds)) * 1e9);
    return t;
  };
  const timespec times[2] = {to_timespec(atime_seconds), to_timespec(mtime_seconds)};
  utimens(path, times, true);
}

void GuestFileSystem::utimens(const std::string& path, const timespec times[2], bool follow) {
  const char* syscall = "utime";
  const Location where = locate(path, syscall);
  require_writable(where, syscall);
  if (follow || where.rest == ".") {
    const OwnFd fd = open_own(where, O_PATH, syscall);
    if (utimensat(AT_FDCWD, proc_path(fd.get()).c_str(), times, 0) != 0) fail(syscall);
    return;
  }
  const Parent parent = parent_of(where, syscall);
  if (utimensat(parent.fd(), parent.name.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) fail(syscall);
}

bool GuestFileSystem::read_only(const std::string& path) const {
  if (is_virtual(path)) return true;
  return locate(path, "open").mount->read_only;
}

void GuestFileSystem::check_fd(int fd) const {
  if (fd < 0 || (fd > 2 && !open_fds_.count(fd))) fail("fd", EBADF);
}

void GuestFileSystem::close(int fd) {
  if (fd <= 2 || !open_fds_.count(fd)) fail("close", EBADF);
  open_fds_.erase(fd);
  const int r = ::close(fd);
  const int error = errno;
  refill_reserve();  // when it was short, the guest may just have freed what it needs
  if (r != 0) fail("close", error);
}

void GuestFileSystem::chdir(const std::string& path) {
  if (is_virtual(path)) {
    if (cwd_fd_ >= 0) ::close(cwd_fd_);
    cwd_fd_ = -1;
    cwd_path_ = normalise_path(path);
    refill_reserve();
    return;
  }
  OwnFd fd = open_own(locate(path, "chdir"), O_PATH | O_DIRECTORY, "chdir");
  // An O_PATH open needs search permission on the way only; chdir(2) also
  // on the directory itself.
  if (faccessat(AT_FDCWD, proc_path(fd.get()).c_str(), X_OK, AT_EACCESS) != 0) fail("chdir");
  if (cwd_fd_ >= 0) ::close(cwd_fd_);
  cwd_fd_ = fd.release();
  cwd_host_.clear();  // cwd() finds the guest path
  cwd_path_ = normalise_path(path);
  refill_reserve();
}

bool GuestFileSystem::cwd_deleted() const {
  struct stat st;
  return cwd_fd_ >= 0 && fstat(cwd_fd_, &st) == 0 && st.st_nlink == 0;
}

struct stat GuestFileSystem::stat_deleted_cwd() const {
  struct stat st;
  if (!cwd_deleted() || fstat(cwd_fd_, &st) != 0) fail("stat", ENOENT);
  return st;
}

int GuestFileSystem::open_deleted_cwd(int flags) {
  if (!cwd_deleted()) fail("open", ENOENT);
  // "." beneath the directory itself: the kernel answers (EISDIR for a write).
  open_how how{};
  how.flags = uint64_t(flags) | O_CLOEXEC;
  how.mode = (flags & O_CREAT) ? 0666 : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS;
  const int fd = int(syscall(SYS_openat2, cwd_fd_, ".", &how, sizeof how));
  if (fd < 0) fail("open");
  open_fds_.insert(fd);
  return fd;
}

namespace {
std::optional<std::string> readlink_fd(int fd) {
  char buffer[PATH_MAX];
  const ssize_t n = ::readlink(proc_path(fd).c_str(), buffer, sizeof buffer);
  if (n <= 0 || size_t(n) >= sizeof buffer) return std::nullopt;
  return std::string(buffer, size_t(n));
}
}  // namespace

bool GuestFileSystem::names_directory(const std::string& path, const struct stat& want) const {
  try {
    const struct stat st = stat(path);
    return st.st_dev == want.st_dev && st.st_ino == want.st_ino;
  } catch (const FsError&) {
    return false;
  }
}

std::string GuestFileSystem::cwd() const {
  if (cwd_fd_ < 0) return cwd_path_;
  return current_path(cwd_fd_, cwd_path_, cwd_host_, "uv_cwd");
}

std::string GuestFileSystem::current_path(int directory, std::string& guest, std::string& host_seen,
                                          const char* syscall) const {
  // Where the directory is on the host now. Unchanged since last time: the
  // guest path found then still holds.
  const std::optional<std::string> host = readlink_fd(directory);
  if (host && *host == host_seen) return guest;
  struct stat want;
  if (fstat(directory, &want) != 0 || want.st_nlink == 0) fail(syscall, ENOENT);  // deleted
  // The guest path of that host path in some mount (the real path, as
  // getcwd gives Node), taken only when the sandbox resolves it to this very
  // directory: another mount may shadow it. Then the last path known (where
  // /proc is missing, or the mount is reached through another path).
  std::vector<std::string> candidates;
  for (size_t i = 0; host && i < mounts_.size(); ++i) {
    const std::optional<std::string> root = readlink_fd(roots_[i]);
    if (!root) continue;
    if (const auto rest = below(*host, *root)) {
      const std::string& mount = mounts_[i].guest;
      candidates.push_back(rest->empty() ? mount
                                         : (mount == "/" ? "" : mount) + "/" + std::string(*rest));
    }
  }
  candidates.push_back(guest);
  for (const std::string& candidate : candidates) {
    if (names_directory(candidate, want)) {
      guest = candidate;
      host_seen = host.value_or("");
      return guest;
    }
  }
  // Moved where no mount shows it: gone, as far as the guest can tell.
  fail(syscall, ENOENT);
}

std::string normalise_path(std::string_view path) {
  std::vector<std::string_view> parts;
  for (std::string_view part : components(path)) {
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (part != ".") {
      parts.push_back(part);
    }
  }
  std::string normal;
  for (std::string_view part : parts) (normal += '/') += part;
  return normal.empty() ? "/" : normal;
}

}  // namespace gowasm::host
