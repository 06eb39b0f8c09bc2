// The guest's view of the host filesystem: a set of mounts, each a host
// directory shown at a guest path, optionally read-only. A path outside
// every mount does not exist.
// Paths are absolute and taken as the guest wrote them: the mount is chosen
// by the lexically normalised path, and inside it the kernel resolves the
// rest, so "link/../x" climbs from the link's target and "file/." is
// ENOTDIR, as on Node. Every lookup goes through openat2 with
// RESOLVE_IN_ROOT, so '..' and symbolic links (absolute or relative)
// resolve inside the mount and can never reach the rest of the host.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gowasm::host {

struct Mount {
  std::string host;   // an existing host directory
  std::string guest;  // where the guest sees it: absolute (normalised here)
  bool read_only = false;
};

// A failed operation: the errno, and the name of the system call (as Node
// names it in its errors).
struct FsError {
  int error;
  const char* syscall;
};

class GuestFileSystem {
 public:
  // Throws FsError when a mount's host directory cannot be opened.
  explicit GuestFileSystem(std::vector<Mount> mounts);
  ~GuestFileSystem();
  GuestFileSystem(const GuestFileSystem&) = delete;
  GuestFileSystem& operator=(const GuestFileSystem&) = delete;

  // The guest path of a host path, when some mount shows it.
  std::optional<std::string> guest_path_of(const std::string& host_path) const;

  // Path operations take absolute guest paths; all throw FsError.
  int open(const std::string& path, int flags, uint32_t mode);
  struct stat stat(const std::string& path) const;
  struct stat lstat(const std::string& path) const;
  std::vector<std::string> readdir(const std::string& path) const;
  void mkdir(const std::string& path, uint32_t mode);
  void rmdir(const std::string& path);
  void unlink(const std::string& path);
  void rename(const std::string& from, const std::string& to);
  void chmod(const std::string& path, uint32_t mode);
  void chown(const std::string& path, uint32_t uid, uint32_t gid, bool follow);
  void truncate(const std::string& path, int64_t length);
  std::string readlink(const std::string& path) const;
  void symlink(const std::string& target, const std::string& path);
  // link(2); with `follow` (linkat's AT_SYMLINK_FOLLOW), when `existing` is
  // a symbolic link, the new name links to its target (resolved inside the
  // mount, like every other lookup) instead of to the link itself.
  void link(const std::string& existing, const std::string& path, bool follow = false);
  // Node's utimes: seconds, a negative or non-finite time meaning now.
  void utimes(const std::string& path, double atime_seconds, double mtime_seconds);
  // utimensat(2) on a guest path: each time exact to the nanosecond, or
  // UTIME_NOW or UTIME_OMIT in tv_nsec as there; `follow`: whether a final
  // symbolic link is followed (else the link's own times change).
  void utimens(const std::string& path, const timespec times[2], bool follow);
  // Whether `path` (absolute) lies where writes are refused: in a read-only
  // mount, or in the guest directories above the mounts. ENOENT outside
  // every mount.
  bool read_only(const std::string& path) const;

  // Descriptor operations, on descriptors this object opened (and 0-2).
  void close(int fd);
  void check_fd(int fd) const;

  // The working directory, as the kernel keeps Node's: the directory an
  // absolute guest path named when the guest changed to it, followed
  // wherever the host renames it. chdir fails as chdir(2) does (ENOENT,
  // ENOTDIR, EACCES without search permission). cwd() is that directory's
  // guest path now (its real path, as getcwd gives it), verified to name
  // the same directory through the sandbox; ENOENT (syscall "uv_cwd") when
  // it was deleted or no mount shows it any more. Nothing outside the
  // mounts is ever reached through it: relative paths are resolved by the
  // guest path cwd() gives, like any other path.
  void chdir(const std::string& path);
  std::string cwd() const;
  // The guest path that `directory` (a descriptor of a directory) has now,
  // found as cwd() finds the working directory's: `guest` is its path when
  // last seen and `host_seen` where it was on the host then (both updated
  // when it has moved). ENOENT (as `syscall`) when it was deleted or no
  // mount shows it any more. WASI's directory descriptors use it: a path
  // below one is below the directory, wherever it has gone.
  std::string current_path(int directory, std::string& guest, std::string& host_seen,
                           const char* syscall) const;
  // A deleted working directory has no path, yet the kernel still has it:
  // under Node "." is that empty directory (stat, open and list it).
  // open_deleted_cwd and stat_deleted_cwd reach it only when it is deleted
  // (ENOENT otherwise): it holds nothing and cannot gain entries.
  bool cwd_deleted() const;
  int open_deleted_cwd(int flags);
  struct stat stat_deleted_cwd() const;

 private:
  struct Location {
    const Mount* mount;
    int root;          // O_PATH descriptor of the mount's host directory
    std::string rest;  // path inside the mount, "." for its root
  };
  // A descriptor the filesystem opens for a moment, for a lookup that Node
  // makes without one; closing it refills the reserve.
  class OwnFd {
   public:
    OwnFd(const GuestFileSystem& fs, int fd) : fs_(&fs), fd_(fd) {}
    OwnFd(OwnFd&& other) : fs_(other.fs_), fd_(std::exchange(other.fd_, -1)) {}
    OwnFd& operator=(OwnFd&&) = delete;
    ~OwnFd();
    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }

   private:
    const GuestFileSystem* fs_;
    int fd_;
  };
  // The parent directory of a location, opened, and the last component.
  struct Parent {
    OwnFd dir;
    std::string name;
    int fd() const { return dir.get(); }
  };

  bool covered(const std::string& normal) const;  // whether some mount shows it
  Location locate(const std::string& path, const char* syscall) const;
  int open_in(const Location& where, int flags, uint32_t mode, const char* syscall) const;
  OwnFd open_own(const Location& where, int flags, const char* syscall) const;
  void refill_reserve() const;
  bool names_directory(const std::string& path, const struct stat& want) const;
  Parent parent_of(const Location& where, const char* syscall) const;
  void require_writable(const Location& where, const char* syscall) const;

  // "/" and the guest directories above mount points exist even where no
  // mount shows them: read-only, empty but for the way to the mounts.
  // Both take normalised paths; is_virtual(path) asks it of path's normal form.
  bool is_virtual_directory(const std::string& normal) const;
  bool is_virtual(const std::string& path) const;
  std::vector<std::string> virtual_entries(const std::string& normal) const;
  struct stat virtual_stat() const;
  int open_virtual_directory();

  std::vector<Mount> mounts_;
  std::vector<int> roots_;
  std::set<int> open_fds_;
  std::string empty_directory_;  // host stand-in for opened virtual directories
  // Descriptors kept for the filesystem's own lookups (stat, mkdir, rename,
  // ...: two at most at once), so that they work as on Node, which needs
  // none, when the guest has opened all the process may have (EMFILE).
  mutable std::vector<int> reserve_;
  // The working directory: an O_PATH descriptor (-1 for a virtual
  // directory, which never moves), its guest path when last seen, and its
  // host path then (readlink of the descriptor), to notice a move.
  int cwd_fd_ = -1;
  mutable std::string cwd_path_ = "/";
  mutable std::string cwd_host_;
};

// `path` (absolute) with ".", ".." and repeated slashes resolved lexically.
std::string normalise_path(std::string_view path);

}  // namespace gowasm::host
