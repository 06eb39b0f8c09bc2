// process (pid, ppid, argv0, user and group ids, umask, cwd, chdir) and
// path.resolve, with Node's semantics. The working directory is the
// guest's own: chdir changes what cwd() and path.resolve see.
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

void install_path(Realm& realm, HostEnvironment& host) {
  ObjectRef path = realm.make_object();
  realm.define_method(path, "resolve", [&host](const Value&, std::span<const Value> args) {
    std::vector<std::string> segments;
    for (const Value& a : args) {
      if (!std::holds_alternative<std::string>(a)) {
        throw TypeError{"The \"paths[" + std::to_string(segments.size()) +
                        "]\" argument must be of type string."};
      }
      segments.push_back(std::get<std::string>(a));
    }
    return Value(resolve_path(host.cwd, segments));
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
  realm.define_method(process, "cwd",
                      [&host](const Value&, std::span<const Value>) { return Value(host.cwd); });
  realm.define_method(process, "chdir", [&host, &realm](const Value&, std::span<const Value> args) {
    if (args.empty() || !std::holds_alternative<std::string>(args[0])) {
      throw TypeError{"The \"directory\" argument must be of type string."};
    }
    const std::string target =
        resolve_path(host.cwd, std::span(&std::get<std::string>(args[0]), 1));
    int error = 0;
    try {
      if (!S_ISDIR(host.fs->stat(target).st_mode)) error = ENOTDIR;
    } catch (const FsError& e) {
      error = e.error;
    }
    if (error) {
      const std::string code = errno_code(error);
      throw Exception{realm.make_error(code + ": " + errno_description(error) + ", chdir " +
                                           host.cwd + " -> '" + std::get<std::string>(args[0]) +
                                           "'",
                                       code)};
    }
    host.cwd = target;
    return Value(Undefined{});
  });
  realm.global()->set("process", process);
}

}  // namespace gowasm::js
