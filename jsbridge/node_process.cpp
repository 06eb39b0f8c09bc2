// process (pid, ppid, argv0, user and group ids, umask, cwd, chdir) and
// path.resolve, with Node's semantics. The working directory is the
// guest's own (GuestFileSystem::chdir): a directory, which it follows when
// the host renames it, as the kernel does for Node. process.cwd() caches its
// name as Node does, until the next chdir.
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <vector>

#include "host_objects.h"

namespace gowasm::js {

std::string resolve_path(const std::string& cwd, std::span<const std::string> segments) {
  // Right to left until a segment is absolute, then the working directory.
  std::string joined;
  for (size_t i = segments.size(); i-- > 0;) {
    if (segments[i].empty()) continue;
    joined = segments[i] + "/" + joined;
    if (segments[i][0] == '/') return normalise_path(joined);
  }
  return normalise_path(cwd + "/" + joined);
}

ObjectRef system_error(const Realm& realm, int error, const std::string& syscall,
                       const std::string& detail) {
  const std::string code = errno_code(error);
  ObjectRef e =
      realm.make_error(code + ": " + errno_description(error) + ", " + syscall + detail, code);
  e->set("errno", double(-error));
  e->set("syscall", syscall);
  return e;
}

bool names_cwd_itself(const std::string& path) {
  return !path.empty() && !path.starts_with('/') &&
         path.find_first_not_of("./") == std::string::npos && path.find("..") == std::string::npos;
}

std::string process_cwd(Realm& realm, HostEnvironment& host) {
  if (host.cwd.empty()) {
    try {
      host.cwd = host.fs->cwd();
    } catch (const FsError& e) {
      throw Exception{system_error(realm, e.error, "uv_cwd")};
    }
  }
  return host.cwd;
}

void install_path(Realm& realm, HostEnvironment& host) {
  ObjectRef path = realm.make_object();
  realm.define_method(path, "resolve", [&host, &realm](const Value&, std::span<const Value> args) {
    std::vector<std::string> segments;
    bool absolute = false;
    for (const Value& a : args) {
      if (!std::holds_alternative<std::string>(a)) {
        throw TypeError{"The \"paths[" + std::to_string(segments.size()) +
                        "]\" argument must be of type string."};
      }
      segments.push_back(std::get<std::string>(a));
      absolute = absolute || segments.back().starts_with('/');
    }
    // Node reads process.cwd() (and so fills its cache) only when no segment is absolute.
    return Value(resolve_path(absolute ? "/" : process_cwd(realm, host), segments));
  });
  realm.global()->set("path", path);
}

void install_process(Realm& realm, HostEnvironment& host, const std::string& argv0) {
  ObjectRef process = realm.make_object();
  process->set("pid", double(getpid()));
  process->set("ppid", double(getppid()));
  process->set("argv0", argv0);
  process->set("platform", std::string("linux"));
  const auto id_method = [&](const char* name, auto get) {
    realm.define_method(process, name, [get](const Value&, std::span<const Value>) {
      return Value(double(get()));
    });
  };
  id_method("getuid", [] { return getuid(); });
  id_method("getgid", [] { return getgid(); });
  id_method("geteuid", [] { return geteuid(); });
  id_method("getegid", [] { return getegid(); });
  realm.define_method(process, "getgroups", [&realm](const Value&, std::span<const Value>) {
    std::vector<gid_t> groups(size_t(std::max(getgroups(0, nullptr), 0)));
    groups.resize(size_t(std::max(getgroups(int(groups.size()), groups.data()), 0)));
    std::vector<Value> values;
    for (gid_t g : groups) values.emplace_back(double(g));
    return Value(realm.make_array(std::move(values)));
  });
  // umask(mask) sets the mask and returns the old one; umask() only reads
  // it. It is the process's own: it applies to the files the guest creates.
  realm.define_method(process, "umask", [](const Value&, std::span<const Value> args) {
    if (!args.empty() && !is_undefined(args[0])) {
      const double mask = to_number(args[0]);
      if (std::isnan(mask)) throw TypeError{"The \"mask\" argument must be of type number."};
      return Value(double(::umask(mode_t(mask) & 0777)));
    }
    const mode_t old = ::umask(0);
    ::umask(old);
    return Value(double(old));
  });
  // Where the guest starts: the host's directory when a mount shows it.
  for (const std::string& start : {host.cwd, std::string("/")}) {
    try {
      host.fs->chdir(start.empty() ? "/" : start);
      break;
    } catch (const FsError&) {
    }
  }
  host.cwd.clear();  // Node reads it on first use
  realm.define_method(process, "cwd", [&host, &realm](const Value&, std::span<const Value>) {
    return Value(process_cwd(realm, host));
  });
  realm.define_method(process, "chdir", [&host, &realm](const Value&, std::span<const Value> args) {
    if (args.empty() || !std::holds_alternative<std::string>(args[0])) {
      throw TypeError{"The \"directory\" argument must be of type string."};
    }
    const std::string& directory = std::get<std::string>(args[0]);
    try {
      // Relative to where the directory is now (the kernel's view), and as
      // written: the filesystem resolves ".." and symbolic links.
      std::string target = directory;
      // "." in a deleted directory: the kernel stays there (and Node forgets its name).
      if (names_cwd_itself(directory) && host.fs->cwd_deleted()) {
        host.cwd.clear();
        return Value(Undefined{});
      }
      if (!directory.starts_with('/')) {
        const std::string cwd = host.fs->cwd();
        target = (cwd == "/" ? "/" : cwd + "/") + directory;
      }
      host.fs->chdir(target);
    } catch (const FsError& e) {
      std::string from = host.cwd;
      if (from.empty()) try {
          from = host.fs->cwd();
        } catch (const FsError&) {
        }
      throw Exception{
          system_error(realm, e.error, "chdir", " " + from + " -> '" + directory + "'")};
    }
    host.cwd.clear();  // Node marks its cache stale; a failed chdir leaves it
    return Value(Undefined{});
  });
  realm.global()->set("process", process);
}

}  // namespace gowasm::js
