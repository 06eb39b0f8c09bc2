// fs: every function Go's syscall/fs_js.go calls, with Node's calling
// conventions (callback last, called with an error or null and a result;
// here always synchronously, which Go allows), Node's error objects (code,
// errno, syscall, path) and Node's constants for Linux. Paths are resolved
// against the guest's working directory and looked up in the guest's
// mounts; stdin, stdout and stderr are the process's own, or the host's
// callbacks (GoOptions::read and write).
#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <system_error>

#include "host_objects.h"

namespace gowasm::js {
namespace {

Value arg(std::span<const Value> args, size_t i) {
  return i < args.size() ? args[i] : Undefined{};
}

// Integer arguments (fds, modes, ids) through int64: Go passes uid -1 as
// 4294967295, which does not fit an int.
int int_arg(std::span<const Value> args, size_t i) {
  return int(to_integer<int64_t>(to_number(arg(args, i))));
}
uint32_t uint_arg(std::span<const Value> args, size_t i) {
  return uint32_t(to_integer<int64_t>(to_number(arg(args, i))));
}

// A trailing slash makes the last component resolve as a directory, even
// through a symbolic link (POSIX); normalisation would drop it.
bool has_trailing_slash(std::span<const Value> args, size_t i) {
  const auto* s = std::get_if<std::string>(&args[i]);
  return s && s->size() > 1 && s->back() == '/';
}

// The callback, always the last argument; Node checks it before anything.
ObjectRef callback_arg(std::span<const Value> args) {
  const ObjectRef* callback = args.empty() ? nullptr : as_object(args.back());
  if (!callback || !(*callback)->is_callable())
    throw TypeError{"The \"cb\" argument must be of type function."};
  return *callback;
}

class NodeFs {
 public:
  NodeFs(Realm& realm, HostEnvironment& host) : realm_(realm), host_(host) {}

  void install();

 private:
  GuestFileSystem& fs() { return *host_.fs; }

  // The descriptor in the first argument, one the guest may use.
  int fd_arg(std::span<const Value> args) {
    const int fd = int_arg(args, 0);
    fs().check_fd(fd);
    return fd;
  }

  std::string path_arg(std::span<const Value> args, size_t i) {
    const Value v = arg(args, i);
    if (!std::holds_alternative<std::string>(v)) {
      throw TypeError{"The \"path\" argument must be of type string. Received " + to_string(v)};
    }
    // Absolute, but otherwise as written: the filesystem resolves "..",
    // "." and a trailing slash as the kernel does for Node. A relative path
    // starts where the working directory is now (it follows the directory
    // when the host renames it, as the kernel's does; process.cwd() may
    // still give the old name, as Node's cache does); ENOENT when it is gone.
    const std::string& path = std::get<std::string>(v);
    if (path.starts_with('/')) return path;
    const std::string cwd = fs().cwd();
    return (cwd == "/" ? "/" : cwd + "/") + path;
  }

  // Whether the path argument is "." in a deleted working directory, which
  // the kernel still has (GuestFileSystem::cwd_deleted).
  bool deleted_cwd_itself(std::span<const Value> args) {
    const Value path = arg(args, 0);
    const auto* s = std::get_if<std::string>(&path);
    return s && names_cwd_itself(*s) && fs().cwd_deleted();
  }

  // Node's system error: "ENOENT: no such file or directory, open '/x'".
  ObjectRef error_object(const FsError& e, const std::string& path) {
    ObjectRef error =
        system_error(realm_, e.error, e.syscall, path.empty() ? "" : " '" + path + "'");
    if (!path.empty()) error->set("path", path);
    return error;
  }

  ObjectRef stats_object(const struct stat& st) {
    ObjectRef o = realm_.create<Object>(stats_prototype_);
    const auto ms = [](const timespec& t) {
      return double(t.tv_sec) * 1000 + double(t.tv_nsec) / 1e6;
    };
    o->set("dev", double(st.st_dev));
    o->set("mode", double(st.st_mode));
    o->set("nlink", double(st.st_nlink));
    o->set("uid", double(st.st_uid));
    o->set("gid", double(st.st_gid));
    o->set("rdev", double(st.st_rdev));
    o->set("blksize", double(st.st_blksize));
    o->set("ino", double(st.st_ino));
    o->set("size", double(st.st_size));
    o->set("blocks", double(st.st_blocks));
    o->set("atimeMs", ms(st.st_atim));
    o->set("mtimeMs", ms(st.st_mtim));
    o->set("ctimeMs", ms(st.st_ctim));
    o->set("birthtimeMs", ms(st.st_ctim));
    return o;
  }

  // An asynchronous function: runs `op`, then calls back with (null,
  // result) or (error); an `op` that returns several results (read and
  // write: the count and the buffer) calls back with (null, results...).
  // `path` names the file in error messages. As on Node, the callback runs
  // later, from the event loop, not inside the call: Go parks the calling
  // goroutine and the others run meanwhile (a callback made inside the
  // call would hold that goroutine until every other one is idle).
  template <class Op>
  void define(const char* name, Op op) {
    realm_.define_method(fs_, name, [this, op](const Value&, std::span<const Value> args) {
      const ObjectRef callback = callback_arg(args);
      std::string path;
      std::vector<Value> results{Null{}};
      try {
        if constexpr (std::is_same_v<decltype(op(args, path)), std::vector<Value>>) {
          for (Value& v : op(args, path)) results.push_back(std::move(v));
        } else {
          results.push_back(op(args, path));
        }
      } catch (const FsError& e) {
        results = {error_object(e, path)};
      }
      host_.defer(
          [callback, results = std::move(results)] { callback->call(Undefined{}, results); });
      return Value(Undefined{});
    });
  }

  // read and write: (fd, buffer, offset, length, position).
  double transfer(std::span<const Value> args, bool is_write) {
    const int fd = int_arg(args, 0);
    ByteArray* buffer = as_bytes(arg(args, 1));
    if (!buffer)
      throw TypeError{
          "The \"buffer\" argument must be an instance of Buffer, TypedArray, or DataView."};
    const size_t size = buffer->bytes().size();
    const double offset = is_undefined(arg(args, 2)) ? 0 : to_number(arg(args, 2));
    const double length =
        is_undefined(arg(args, 3)) ? double(size) - offset : to_number(arg(args, 3));
    if (!(offset >= 0) || !(length >= 0) || offset + length > double(size)) {
      throw Exception{
          realm_.make_error("The value of \"length\" is out of range.", "ERR_OUT_OF_RANGE")};
    }
    const Value position = arg(args, 4);
    const bool positioned = std::holds_alternative<double>(position);
    uint8_t* data = buffer->bytes().data() + size_t(offset);
    if (is_write && !positioned && (fd == 1 || fd == 2)) {
      try {
        host_.write(fd, std::span(data, size_t(length)));
      } catch (const std::system_error& e) {
        throw FsError{e.code().value(), "write"};
      }
      return length;
    }
    if (!is_write && !positioned && fd == 0 && host_.read_stdin) {
      try {
        return double(host_.read_stdin(std::span(data, size_t(length))));
      } catch (const std::system_error& e) {
        throw FsError{e.code().value(), "read"};
      }
    }
    fs().check_fd(fd);
    ssize_t n;
    do {
      if (is_write) {
        n = positioned ? pwrite(fd, data, size_t(length), off_t(std::get<double>(position)))
                       : ::write(fd, data, size_t(length));
      } else {
        n = positioned ? pread(fd, data, size_t(length), off_t(std::get<double>(position)))
                       : ::read(fd, data, size_t(length));
      }
    } while (n < 0 && errno == EINTR);
    if (n < 0) throw FsError{errno, is_write ? "write" : "read"};
    return double(n);
  }

  void check(int result, const char* syscall) {
    if (result != 0) throw FsError{errno, syscall};
  }

  Realm& realm_;
  HostEnvironment& host_;
  ObjectRef fs_;
  ObjectRef stats_prototype_;
};

void NodeFs::install() {
  fs_ = realm_.make_object();
  ObjectRef constants = realm_.make_object();
  for (const auto& [name, value] : {std::pair{"O_RDONLY", O_RDONLY},
                                    {"O_WRONLY", O_WRONLY},
                                    {"O_RDWR", O_RDWR},
                                    {"O_CREAT", O_CREAT},
                                    {"O_EXCL", O_EXCL},
                                    {"O_NOCTTY", O_NOCTTY},
                                    {"O_TRUNC", O_TRUNC},
                                    {"O_APPEND", O_APPEND},
                                    {"O_DIRECTORY", O_DIRECTORY},
                                    {"O_NOATIME", O_NOATIME},
                                    {"O_NOFOLLOW", O_NOFOLLOW},
                                    {"O_SYNC", O_SYNC},
                                    {"O_DSYNC", O_DSYNC},
                                    {"O_DIRECT", O_DIRECT},
                                    {"O_NONBLOCK", O_NONBLOCK},
                                    {"S_IFMT", S_IFMT},
                                    {"S_IFREG", S_IFREG},
                                    {"S_IFDIR", S_IFDIR},
                                    {"S_IFCHR", S_IFCHR},
                                    {"S_IFBLK", S_IFBLK},
                                    {"S_IFIFO", S_IFIFO},
                                    {"S_IFLNK", S_IFLNK},
                                    {"S_IFSOCK", S_IFSOCK}}) {
    constants->set(name, double(value));
  }
  fs_->set("constants", constants);

  stats_prototype_ = realm_.make_object();
  for (const auto& [name, type] :
       {std::pair{"isDirectory", S_IFDIR}, {"isFile", S_IFREG}, {"isSymbolicLink", S_IFLNK}}) {
    realm_.define_method(
        stats_prototype_, name, [type = type](const Value& self, std::span<const Value>) {
          const ObjectRef* o = as_object(self);
          return Value(o && (uint32_t(to_number((*o)->get("mode"))) & S_IFMT) == uint32_t(type));
        });
  }

  realm_.define_method(fs_, "writeSync", [this](const Value&, std::span<const Value> args) {
    try {
      return Value(transfer(args, true));
    } catch (const FsError& e) {
      throw Exception{error_object(e, "")};
    }
  });
  // Node calls back with (err, bytes, buffer); Go reads every argument.
  define("write", [this](std::span<const Value> args, std::string&) {
    return std::vector<Value>{transfer(args, true), arg(args, 1)};
  });
  define("read", [this](std::span<const Value> args, std::string&) {
    return std::vector<Value>{transfer(args, false), arg(args, 1)};
  });
  define("open", [this](std::span<const Value> args, std::string& path) {
    if (deleted_cwd_itself(args)) return Value(double(fs().open_deleted_cwd(int_arg(args, 1))));
    path = path_arg(args, 0);
    const Value mode = arg(args, 2);
    const uint32_t m =
        std::holds_alternative<double>(mode) ? uint32_t(std::get<double>(mode)) : 0666;
    return Value(double(fs().open(path, int_arg(args, 1), m)));
  });
  define("close", [this](std::span<const Value> args, std::string&) {
    fs().close(int_arg(args, 0));
    return Value(Undefined{});
  });
  define("fstat", [this](std::span<const Value> args, std::string&) {
    const int fd = fd_arg(args);
    struct stat st;
    check(fstat(fd, &st), "fstat");
    return Value(stats_object(st));
  });
  define("stat", [this](std::span<const Value> args, std::string& path) {
    if (deleted_cwd_itself(args)) return Value(stats_object(fs().stat_deleted_cwd()));
    path = path_arg(args, 0);
    return Value(stats_object(fs().stat(path)));
  });
  define("lstat", [this](std::span<const Value> args, std::string& path) {
    if (deleted_cwd_itself(args)) return Value(stats_object(fs().stat_deleted_cwd()));
    path = path_arg(args, 0);
    return Value(stats_object(has_trailing_slash(args, 0) ? fs().stat(path) : fs().lstat(path)));
  });
  define("readdir", [this](std::span<const Value> args, std::string& path) {
    std::vector<Value> names;
    if (deleted_cwd_itself(args)) return Value(realm_.make_array(std::move(names)));  // empty
    path = path_arg(args, 0);
    for (std::string& name : fs().readdir(path)) names.emplace_back(std::move(name));
    return Value(realm_.make_array(std::move(names)));
  });
  define("mkdir", [this](std::span<const Value> args, std::string& path) {
    path = path_arg(args, 0);
    const Value mode = arg(args, 1);
    fs().mkdir(path,
               std::holds_alternative<double>(mode) ? uint32_t(std::get<double>(mode)) : 0777);
    return Value(Undefined{});
  });
  define("rmdir", [this](std::span<const Value> args, std::string& path) {
    path = path_arg(args, 0);
    fs().rmdir(path);
    return Value(Undefined{});
  });
  define("unlink", [this](std::span<const Value> args, std::string& path) {
    path = path_arg(args, 0);
    fs().unlink(path);
    return Value(Undefined{});
  });
  define("rename", [this](std::span<const Value> args, std::string& path) {
    path = path_arg(args, 0);
    fs().rename(path, path_arg(args, 1));
    return Value(Undefined{});
  });
  define("chmod", [this](std::span<const Value> args, std::string& path) {
    path = path_arg(args, 0);
    fs().chmod(path, uint_arg(args, 1));
    return Value(Undefined{});
  });
  define("fchmod", [this](std::span<const Value> args, std::string&) {
    const int fd = fd_arg(args);
    check(fchmod(fd, mode_t(uint_arg(args, 1))), "fchmod");
    return Value(Undefined{});
  });
  define("chown", [this](std::span<const Value> args, std::string& path) {
    path = path_arg(args, 0);
    fs().chown(path, uint_arg(args, 1), uint_arg(args, 2), true);
    return Value(Undefined{});
  });
  define("lchown", [this](std::span<const Value> args, std::string& path) {
    path = path_arg(args, 0);
    fs().chown(path, uint_arg(args, 1), uint_arg(args, 2), false);
    return Value(Undefined{});
  });
  define("fchown", [this](std::span<const Value> args, std::string&) {
    const int fd = fd_arg(args);
    check(fchown(fd, uid_t(uint_arg(args, 1)), gid_t(uint_arg(args, 2))), "fchown");
    return Value(Undefined{});
  });
  define("truncate", [this](std::span<const Value> args, std::string& path) {
    path = path_arg(args, 0);
    fs().truncate(path, to_integer<int64_t>(to_number(arg(args, 1))));
    return Value(Undefined{});
  });
  define("ftruncate", [this](std::span<const Value> args, std::string&) {
    const int fd = fd_arg(args);
    check(ftruncate(fd, std::max<off_t>(off_t(to_number(arg(args, 1))), 0)), "ftruncate");
    return Value(Undefined{});
  });
  define("fsync", [this](std::span<const Value> args, std::string&) {
    const int fd = fd_arg(args);
    // Syncing a terminal or pipe is not an error worth reporting (Node's
    // glue without a filesystem succeeds too).
    if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS) throw FsError{errno, "fsync"};
    return Value(Undefined{});
  });
  define("readlink", [this](std::span<const Value> args, std::string& path) {
    path = path_arg(args, 0);
    return Value(fs().readlink(path));
  });
  define("symlink", [this](std::span<const Value> args, std::string& path) {
    const Value target = arg(args, 0);
    if (!std::holds_alternative<std::string>(target))
      throw TypeError{"The \"target\" argument must be of type string."};
    path = path_arg(args, 1);
    fs().symlink(std::get<std::string>(target), path);
    return Value(Undefined{});
  });
  define("link", [this](std::span<const Value> args, std::string& path) {
    path = path_arg(args, 0);
    fs().link(path, path_arg(args, 1));
    return Value(Undefined{});
  });
  define("utimes", [this](std::span<const Value> args, std::string& path) {
    path = path_arg(args, 0);
    fs().utimes(path, to_number(arg(args, 1)), to_number(arg(args, 2)));
    return Value(Undefined{});
  });
  realm_.global()->set("fs", fs_);
}

}  // namespace

void install_fs(Realm& realm, HostEnvironment& host) {
  auto fs = std::make_shared<NodeFs>(realm, host);
  fs->install();
  host.keep_alive.push_back(std::move(fs));  // its functions refer to it
}

// Node's names for errno values (libuv's wording where it differs from the C library's).
std::string errno_code(int error) {
  switch (error) {
#define CODE(name) \
  case name: return #name;
    CODE(EPERM)
    CODE(ENOENT)
    CODE(ESRCH)
    CODE(EINTR)
    CODE(EIO)
    CODE(ENXIO) CODE(E2BIG) CODE(EBADF) CODE(EAGAIN) CODE(ENOMEM) CODE(EACCES) CODE(EFAULT)
        CODE(EBUSY) CODE(EEXIST) CODE(EXDEV) CODE(ENODEV) CODE(ENOTDIR) CODE(EISDIR) CODE(EINVAL)
            CODE(ENFILE) CODE(EMFILE) CODE(ENOTTY) CODE(EFBIG) CODE(ENOSPC) CODE(ESPIPE) CODE(EROFS)
                CODE(EMLINK) CODE(EPIPE) CODE(ERANGE) CODE(ENAMETOOLONG) CODE(ENOSYS)
                    CODE(ENOTEMPTY) CODE(ELOOP) CODE(ENOTSUP) CODE(EOVERFLOW) CODE(ETXTBSY)
                        CODE(EDQUOT) CODE(ESTALE)
#undef CODE
                            default : return "EIO";
  }
}

std::string errno_description(int error) {
  // libuv's wording where it differs from the C library's.
  switch (error) {
    case EEXIST: return "file already exists";
    case EISDIR: return "illegal operation on a directory";
    case ELOOP: return "too many symbolic links encountered";
    case EXDEV: return "cross-device link not permitted";
    case EACCES: return "permission denied";
    case ENOTEMPTY: return "directory not empty";
    case ENAMETOOLONG: return "name too long";
    default: {
      std::string text = std::strerror(error);
      if (!text.empty()) text[0] = char(std::tolower(text[0]));
      return text;
    }
  }
}

}  // namespace gowasm::js
