// fs: the constants Go's syscall package reads (Node's values on Linux),
// writeSync and write for stdout and stderr, and every other function Go's
// syscall/fs_js.go calls, answering ENOSYS through its callback as the
// glue does when there is no filesystem.
#include <fcntl.h>

#include <cmath>

#include "host_objects.h"

namespace gowasm::js {
namespace {

Value arg(std::span<const Value> args, size_t i) {
  return i < args.size() ? args[i] : Undefined{};
}

// The callback is always the last argument.
void call_back(std::span<const Value> args, std::vector<Value> results) {
  if (args.empty()) return;
  const ObjectRef* callback = as_object(args.back());
  if (!callback || !(*callback)->is_callable())
    throw TypeError{"The \"cb\" argument must be of type function."};
  (*callback)->call(Undefined{}, results);
}

// Writes buffer[offset, offset + length) to fd 1 or 2; the count written.
double write_bytes(HostEnvironment& host, Realm& realm, std::span<const Value> args) {
  const double fd = to_number(arg(args, 0));
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
        realm.make_error("The value of \"length\" is out of range.", "ERR_OUT_OF_RANGE")};
  }
  if (fd != 1 && fd != 2)
    throw Exception{realm.make_error("EBADF: bad file descriptor, write", "EBADF")};
  host.write(int(fd), buffer->bytes().subspan(size_t(offset), size_t(length)));
  return length;
}

}  // namespace

void install_fs(Realm& realm, HostEnvironment& host) {
  ObjectRef fs = realm.make_object();
  ObjectRef constants = realm.make_object();
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
  fs->set("constants", constants);

  realm.define_method(fs, "writeSync", [&host, &realm](const Value&, std::span<const Value> args) {
    return Value(write_bytes(host, realm, args.subspan(0, std::min<size_t>(args.size(), 4))));
  });
  realm.define_method(fs, "write", [&host, &realm](const Value&, std::span<const Value> args) {
    // fs.write(fd, buffer, offset, length, position, callback); errors go
    // to the callback, as with Node's asynchronous functions.
    Value n;
    try {
      n = write_bytes(host, realm, args.subspan(0, std::min<size_t>(args.size(), 4)));
    } catch (const Exception& e) {
      call_back(args, {e.value});
      return Value(Undefined{});
    }
    call_back(args, {Null{}, n});
    return Value(Undefined{});
  });
  for (const char* name :
       {"chmod", "chown", "close",   "fchmod",   "fchown", "fstat",   "ftruncate", "lchown",
        "link",  "lstat", "mkdir",   "open",     "read",   "readdir", "readlink",  "rename",
        "rmdir", "stat",  "symlink", "truncate", "unlink", "utimes"}) {
    realm.define_method(fs, name, [&realm](const Value&, std::span<const Value> args) {
      call_back(args, {realm.make_error("not implemented", "ENOSYS")});
      return Value(Undefined{});
    });
  }
  realm.define_method(fs, "fsync", [](const Value&, std::span<const Value> args) {
    call_back(args, {Null{}});
    return Value(Undefined{});
  });
  realm.global()->set("fs", fs);
}

}  // namespace gowasm::js
