// gowasm-run: runs Go programs compiled with GOOS=js GOARCH=wasm, as Node.js
// with Go's wasm_exec.js runs them, and WASI preview 1 commands (GOOS=wasip1,
// told apart by their imports); with --invoke, calls one export of a plain
// module and prints its results as Node.js prints them.
#include <limits.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "gowasm/file.h"
#include "gowasm/go.h"
#include "gowasm/instance.h"
#include "gowasm/profile.h"
#include "gowasm/wasi.h"
#include "tcp_listen.h"

extern char** environ;

namespace {

// Statuses of gowasm-run itself; a Go program's own exit status passes through.
constexpr int kExitOk = 0;
// --invoke: the module cannot be loaded, or the call trapped; a Go program
// that exited 0 but some of whose output could not be written
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitTimeout = 124;    // --timeout expired
constexpr int kExitCannotRun = 126;  // the module cannot be read, decoded, validated or linked
constexpr int kExitTrap = 134;       // the program trapped or threw out of the bridge
// SIGINT or SIGTERM stopped the program: gowasm-run then dies of that signal
// (see SignalStop), which a shell shows as 128 + the signal's number.

void usage(FILE* out) {
  std::fprintf(out,
               "usage: gowasm-run [options] module.wasm [args...]\n"
               "       gowasm-run --invoke NAME module.wasm [ARGS...]\n"
               "\n"
               "Runs a Go program built with GOOS=js GOARCH=wasm, as `node wasm_exec_node.js`\n"
               "would, with no JavaScript engine: os.Args[0] is the module path, the exit\n"
               "status is the program's. The guest sees only the environment variables given\n"
               "with --env (or all of this process's with --env-inherit).\n"
               "A module that imports wasi_snapshot_preview1 (GOOS=wasip1 GOARCH=wasm, or any\n"
               "WASI preview 1 command) runs its _start the same way, with the same options\n"
               "except --trace; each --dir is a preopened directory (fd 3, 4, ... in order)\n"
               "with the same sandbox. Go's wasip1 port starts in $PWD when set, else in the\n"
               "first --dir.\n"
               "\n"
               "options:\n"
               "  --env KEY=VALUE     add a variable to the guest's environment (repeatable)\n"
               "  --env-inherit       give the guest this process's environment as well\n"
               "  --timeout DURATION  stop the program after DURATION (e.g. 30s, 500ms, 2m)\n"
               "  --max-memory SIZE   cap the guest's linear memory (e.g. 512M, 2G; default 4G)\n"
               "  --fuel N            stop the guest after N units of work (one per function\n"
               "                      call and per loop iteration or other taken branch)\n"
               "  --trace             log every bridge call to stderr as [gojs] NAME \"property\"\n"
               "                      in the format of ../shared/tools/node-ref-run.js with\n"
               "                      GOJS_TRACE=1, to compare the two runners call by call\n"
               "  --cpuprofile FILE   write a CPU profile of the guest to FILE, by Go function,\n"
               "                      for `go tool pprof -top FILE` (or -web, -list ...)\n"
               "  --no-native-routines\n"
               "                      run Go's memory moves and math/big's vector arithmetic\n"
               "                      as their wasm, not as the native code that does the same\n"
               "                      (slower; to compare, or to rule that code out)\n"
               "  --deterministic     the same run every time: a virtual clock that starts at\n"
               "                      2000-01-01T00:00:00Z and jumps over every wait (time.Sleep\n"
               "                      takes no time), and randomness from a fixed seed (not\n"
               "                      for secrets)\n"
               "  --dir HOST[:GUEST][:ro]\n"
               "                      show host directory HOST to the guest at GUEST (default:\n"
               "                      the same path), read-only with :ro (repeatable). Nothing\n"
               "                      outside the mounted directories exists for the guest, and\n"
               "                      '..' or symbolic links never lead out of them. The guest\n"
               "                      starts in the current directory when it is mounted, else /\n"
               "  --listen HOST:PORT  (WASI) a listening TCP socket the program gets preopened\n"
               "                      after the --dir directories, for sock_accept (Go:\n"
               "                      net.FileListener(os.NewFile(3, \"\")) with no --dir);\n"
               "                      :PORT for every interface (repeatable)\n"
               "  --host-fs           the whole host filesystem and environment, as Node gives\n"
               "                      them: --dir /:/ --env-inherit (the default when this\n"
               "                      program is invoked as go_js_wasm_exec or\n"
               "                      go_wasip1_wasm_exec, for `go test` and `go run`)\n"
               "  --invoke NAME       call export NAME of a plain module instead; ARGS are\n"
               "                      parsed by its parameter types and each result is\n"
               "                      printed on its own line as Node.js prints it\n"
               "  --help              this text\n"
               "  --version           the gowasm version\n"
               "\n"
               "exit status: the Go program's own; 124 when --timeout expired; 126 when the\n"
               "module cannot be read, decoded, validated or linked (missing imports are\n"
               "listed); 134 when it trapped (the message and the guest call stack go to\n"
               "stderr); 2 for a usage error; 1 when the program exited 0 but stdout or\n"
               "stderr refused some of its output (a closed pipe, a full disk: the program's\n"
               "write got that error, as on Node, and it is named on stderr). With --invoke:\n"
               "0, or 1 on a load error or trap.\n"
               "SIGINT or SIGTERM stops the program between two of its steps (a write it\n"
               "has begun is finished), says 'gowasm-run: interrupted by SIGINT' on stderr\n"
               "and ends gowasm-run by that signal, as Node ends (a shell shows 130 or 143).\n"
               "A second signal, or 2 s in which the program stays inside one host call\n"
               "(reading stdin, writing to a pipe nobody reads), ends it at once.\n");
}

// A string as JSON.stringify writes it.
std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", c);
          out += escape;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// Reads, decodes and validates a module; null after saying why on stderr.
std::shared_ptr<const gowasm::Module> load_module(const char* path) {
  try {
    return gowasm::Module::compile(gowasm::read_binary_file(path));
  } catch (const std::system_error& e) {
    std::fprintf(stderr, "gowasm-run: cannot read %s\n", e.what());
  } catch (const gowasm::LoadError& e) {
    std::fprintf(stderr, "gowasm-run: %s: %s\n", path, e.what());
  }
  return nullptr;
}

// "30s", "500ms", "2m", "1h", or plain seconds.
bool parse_duration(std::string_view text, std::chrono::milliseconds& out) {
  char* end = nullptr;
  const std::string s(text);
  const double value = std::strtod(s.c_str(), &end);
  const std::string_view unit(end);
  double ms;
  if (unit.empty() || unit == "s") {
    ms = value * 1000;
  } else if (unit == "ms") {
    ms = value;
  } else if (unit == "m") {
    ms = value * 60000;
  } else if (unit == "h") {
    ms = value * 3600000;
  } else {
    return false;
  }
  if (!(ms > 0) || end == s.c_str()) return false;
  out = std::chrono::milliseconds(int64_t(ms));
  return true;
}

// "512M", "2G", "65536K", or bytes; returned in 64 KiB pages.
bool parse_size_pages(std::string_view text, uint32_t& pages) {
  char* end = nullptr;
  const std::string s(text);
  const double value = std::strtod(s.c_str(), &end);
  std::string unit(end);
  for (char& c : unit) c = char(std::toupper(c));
  double scale = 1;
  if (unit == "K" || unit == "KB" || unit == "KIB")
    scale = 1024;
  else if (unit == "M" || unit == "MB" || unit == "MIB")
    scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "GB" || unit == "GIB")
    scale = 1024.0 * 1024 * 1024;
  else if (!unit.empty())
    return false;
  const double bytes = value * scale;
  if (!(bytes >= 65536) || bytes > 4294967296.0 || end == s.c_str()) return false;
  pages = uint32_t(bytes / 65536);
  return true;
}

// HOST[:GUEST][:ro] -> a mount; empty with a message on error.
std::optional<gowasm::GoMount> parse_mount(std::string_view spec) {
  gowasm::GoMount mount;
  std::string_view rest = spec;
  if (rest.ends_with(":ro")) {
    mount.read_only = true;
    rest.remove_suffix(3);
  } else if (rest.ends_with(":rw")) {
    rest.remove_suffix(3);
  }
  const size_t colon = rest.find(':');
  const std::string host(rest.substr(0, colon));
  char resolved[PATH_MAX];
  struct stat st;
  if (host.empty() || !realpath(host.c_str(), resolved) || stat(resolved, &st) != 0 ||
      !S_ISDIR(st.st_mode)) {
    std::fprintf(stderr, "gowasm-run: --dir %.*s: '%s' is not a directory\n", int(spec.size()),
                 spec.data(), host.c_str());
    return std::nullopt;
  }
  mount.host = resolved;
  const std::string guest =
      colon == std::string_view::npos ? mount.host : std::string(rest.substr(colon + 1));
  if (guest.empty() || guest[0] != '/') {
    std::fprintf(stderr, "gowasm-run: --dir %.*s: the guest path must be absolute\n",
                 int(spec.size()), spec.data());
    return std::nullopt;
  }
  mount.guest = guest;
  return mount;
}

struct GoRunOptions {
  std::vector<gowasm::GoMount> mounts;
  std::vector<int> sockets;  // --listen: WASI programs only
  std::vector<std::pair<std::string, std::string>> env;
  bool env_inherit = false;
  std::optional<std::chrono::milliseconds> timeout;
  bool deterministic = false;
  bool trace = false;
  std::string cpuprofile;
  gowasm::InstanceOptions instance;
};

// --cpuprofile: samples the guest while it runs and writes the profile
// when the run ends, however it ends. The file is created first, so that
// a path that cannot be written fails before the run rather than after.
class CpuProfile {
 public:
  CpuProfile(const std::string& path, gowasm::InstanceOptions& options) : path_(path) {
    if (path.empty()) return;
    out_.open(path, std::ios::binary | std::ios::trunc);
    if (!out_) return;
    options.profiler = profiler_ = std::make_shared<gowasm::GuestProfiler>();
  }
  bool failed_to_open() const { return !path_.empty() && !out_.is_open(); }
  const std::string& path() const { return path_; }
  ~CpuProfile() {
    if (!profiler_) return;
    profiler_->write_pprof(out_);
    out_.close();
    if (!out_) std::fprintf(stderr, "gowasm-run: cannot write %s\n", path_.c_str());
  }

 private:
  std::string path_;
  std::ofstream out_;
  std::shared_ptr<gowasm::GuestProfiler> profiler_;
};

// SIGINT and SIGTERM: Node dies of them at once, in the middle of a write
// if it is in one (a big write to a pipe then arrives torn). gowasm-run stops
// the guest as --timeout does instead, through the interrupt handle that
// every run polls, so that what the guest wrote is whole writes, says so on
// stderr, and then dies of the same signal, which tells a shell or a parent
// what happened as Node's death does. The signals are blocked in every
// thread (set up before any other thread starts, which inherit the mask)
// and taken by one thread with sigwait, where interrupt() may run. Host
// calls are not cut short (no EINTR), so one that does not return (a read
// of stdin, a write to a pipe nobody reads) would keep the process alive:
// a second signal, or a grace period, ends it at once.
class SignalStop {
 public:
  static SignalStop& instance() {
    static SignalStop stop;
    return stop;
  }
  const std::shared_ptr<gowasm::InterruptHandle>& handle() const { return handle_; }
  // The signal received, or 0.
  int received() const { return received_.load(); }
  // Whether the guest stopped because of it (and gowasm-run is to die of it).
  bool stopped_guest = false;
  // Ends the process by `signal`, as its default action does.
  [[noreturn]] static void die_of(int signal) {
    std::signal(signal, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, signal);
    pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
    raise(signal);
    _exit(128 + signal);  // not reached
  }

 private:
  static constexpr timespec kGrace{2, 0};

  SignalStop() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    std::thread([this] { watch(); }).detach();
  }
  void watch() {
    int signal = 0;
    if (sigwait(&signals_, &signal) != 0) return;
    received_.store(signal);
    handle_->interrupt();
    const int again = sigtimedwait(&signals_, nullptr, &kGrace);
    die_of(again > 0 ? again : signal);
  }

  sigset_t signals_;
  std::shared_ptr<gowasm::InterruptHandle> handle_ = std::make_shared<gowasm::InterruptHandle>();
  std::atomic<int> received_{0};
};

// Whether `trap` is SIGINT's or SIGTERM's doing; says so on stderr.
bool signal_stopped(const gowasm::Trap& trap) {
  const int signal = SignalStop::instance().received();
  if (!signal || trap.kind != gowasm::TrapKind::Interrupted) return false;
  SignalStop::instance().stopped_guest = true;
  std::fprintf(stderr, "gowasm-run: interrupted by %s\n", signal == SIGINT ? "SIGINT" : "SIGTERM");
  return true;
}

// --timeout: a deadline on the interrupt handle that the guest's instance
// polls; the guest stops with an Interrupted trap and the process lives on
// to report it (and everything the guest wrote is already out).
class TimeLimit {
 public:
  TimeLimit(std::optional<std::chrono::milliseconds> limit, gowasm::InstanceOptions& options)
      : limit_(limit) {
    if (!limit) return;
    deadline_.emplace(options.interrupt, *limit);
  }
  // Whether `trap` is the limit's doing; says so on stderr.
  bool stopped(const gowasm::Trap& trap) {
    if (!deadline_ || !deadline_->expired() || trap.kind != gowasm::TrapKind::Interrupted)
      return false;
    // What the trap adds to "interrupted": where a translation was stopped.
    const std::string detail =
        trap.message.substr(gowasm::trap_message(gowasm::TrapKind::Interrupted).size());
    std::fprintf(stderr, "gowasm-run: timed out after %lld ms%s\n",
                 static_cast<long long>(limit_->count()), detail.c_str());
    return true;
  }

 private:
  std::optional<std::chrono::milliseconds> limit_;
  std::optional<gowasm::Deadline> deadline_;
};

// What every program gets from the command line, whichever its port:
// --env, --env-inherit, --timeout, --max-memory, --fuel, --deterministic,
// --cpuprofile, --no-native-routines, the signal handle, and its output
// watched for lost writes. Fills `options` (the ProgramOptions part of the
// port's options), then `start()` runs the program; returns gowasm-run's
// exit status for how it ended.
// The world a program sees from the command line: its arguments (argv[0]
// first), environment, files, sockets, clock and randomness.
void set_world(const GoRunOptions& run, std::vector<std::string> args,
               gowasm::ProgramOptions& options) {
  options.args = std::move(args);
  options.mounts = run.mounts;
  options.sockets = run.sockets;
  if (run.deterministic) {
    options.virtual_clock_start =
        std::chrono::system_clock::time_point(std::chrono::seconds(946684800));
    options.random_seed = 0;
  }
  if (run.env_inherit) {
    for (char** e = environ; *e; ++e) {
      const std::string_view entry(*e);
      const size_t eq = entry.find('=');
      if (eq != std::string_view::npos)
        options.env.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
    }
  }
  // Variables given with --env win over inherited ones.
  for (const auto& [key, value] : run.env) {
    std::erase_if(options.env, [&](const auto& kv) { return kv.first == key; });
    options.env.emplace_back(key, value);
  }
}

int run_program(const GoRunOptions& run, const char* path, int argc, char** argv,
                gowasm::ProgramOptions& options,
                const std::function<gowasm::ProgramResult()>& start) {
  options.instance = run.instance;
  options.instance.interrupt = SignalStop::instance().handle();
  set_world(run, std::vector<std::string>(argv, argv + argc), options);
  TimeLimit time_limit(run.timeout, options.instance);
  const CpuProfile profile(run.cpuprofile, options.instance);
  if (profile.failed_to_open()) {
    std::fprintf(stderr, "gowasm-run: cannot create %s: %s\n", profile.path().c_str(),
                 std::strerror(errno));
    return kExitUsage;
  }
  // A closed stdout or a full disk: the guest's write fails with EPIPE or
  // ENOSPC, as on Node (SIGPIPE is ignored, see main), and what the program
  // could not write is reported when it ends.
  std::optional<std::system_error> lost_output;
  options.write = [&lost_output](int fd, std::span<const uint8_t> bytes) {
    try {
      gowasm::write_to_descriptor(fd, bytes);
    } catch (const std::system_error& e) {
      if (!lost_output) lost_output = e;
      throw;
    }
  };
  gowasm::ProgramResult result;
  try {
    result = start();
  } catch (const gowasm::LinkError& e) {
    std::fprintf(stderr, "gowasm-run: %s: %s\n", path, e.what());
    return kExitCannotRun;
  } catch (const gowasm::InstantiationTrap& e) {
    std::fprintf(stderr, "gowasm-run: %s: trap during instantiation: %s\n", path, e.what());
    return kExitTrap;
  }
  if (result.outcome == gowasm::ProgramResult::Outcome::Trapped) {
    if (signal_stopped(*result.trap)) return 128 + SignalStop::instance().received();
    if (time_limit.stopped(*result.trap)) return kExitTimeout;
    std::fprintf(stderr, "gowasm-run: %s: %s\n", path, result.trap->to_string().c_str());
    return kExitTrap;
  }
  if (lost_output) {
    std::fprintf(stderr, "gowasm-run: %s: output lost: %s\n", path,
                 lost_output->code().message().c_str());
    if (result.exit_code == 0) return kExitFailure;
  }
  return result.exit_code;
}

// A WASI preview 1 command (gowasm/wasi.h): every mount a preopened
// directory.
int run_wasi(const GoRunOptions& run, const char* path, int argc, char** argv,
             std::shared_ptr<const gowasm::Module> module) {
  if (run.trace) {
    std::fprintf(stderr,
                 "gowasm-run: %s is a WASI program: --trace traces the Go/JS bridge, which it "
                 "does not use\n",
                 path);
    return kExitUsage;
  }
  gowasm::ProgramOptions options;
  return run_program(run, path, argc, argv, options, [&] {
    return gowasm::run_wasi_program(std::move(module), std::move(options));
  });
}

int run_go(const GoRunOptions& run, const char* path, int argc, char** argv) {
  const std::shared_ptr<const gowasm::Module> module = load_module(path);
  if (!module) return kExitCannotRun;
  if (gowasm::imports_wasi(*module)) return run_wasi(run, path, argc, argv, module);
  if (!run.sockets.empty()) {
    std::fprintf(stderr,
                 "gowasm-run: %s is a GOOS=js program: --listen gives sockets to WASI programs "
                 "only\n",
                 path);
    return kExitUsage;
  }
  gowasm::GoOptions options;
  if (run.trace) {
    options.trace = [](std::string_view name, std::optional<std::string_view> property) {
      std::string line = "[gojs] " + std::string(name);
      if (property) line += " " + json_string(*property);
      line += "\n";
      std::fputs(line.c_str(), stderr);
    };
  }
  return run_program(run, path, argc, argv, options,
                     [&] { return gowasm::run_go_program(module, std::move(options)); });
}

bool parse_argument(std::string_view text, gowasm::ValType type, gowasm::Value& out) {
  const std::string s(text);
  char* end = nullptr;
  errno = 0;
  switch (type) {
    case gowasm::ValType::I32: {
      const long long v = std::strtoll(s.c_str(), &end, 10);
      if (v < INT32_MIN || v > UINT32_MAX) return false;
      out = gowasm::Value::i32(int32_t(uint32_t(v)));
      break;
    }
    case gowasm::ValType::I64: {
      const bool negative = !s.empty() && s[0] == '-';
      const uint64_t v = negative ? uint64_t(std::strtoll(s.c_str(), &end, 10))
                                  : std::strtoull(s.c_str(), &end, 10);
      out = gowasm::Value::i64(int64_t(v));
      break;
    }
    case gowasm::ValType::F32: out = gowasm::Value::f32(std::strtof(s.c_str(), &end)); break;
    case gowasm::ValType::F64: out = gowasm::Value::f64(std::strtod(s.c_str(), &end)); break;
    default: return false;
  }
  return errno == 0 && end && *end == '\0' && !s.empty();
}

std::string format_result(const gowasm::Value& v) {
  switch (v.type()) {
    case gowasm::ValType::I32: return std::to_string(v.as_i32());
    case gowasm::ValType::I64: return std::to_string(v.as_i64());
    case gowasm::ValType::F32: return gowasm::format_number(double(v.as_f32()));
    case gowasm::ValType::F64: return gowasm::format_number(v.as_f64());
    default: return v.is_null() ? "null" : "[object Function]";
  }
}

// --invoke NAME: a plain module's export, or a WASI reactor's (after its
// _initialize), given the same world as a WASI command.
int invoke(const GoRunOptions& run, const std::string& name, const char* path,
           std::vector<std::string_view> args) {
  const std::shared_ptr<const gowasm::Module> module = load_module(path);
  if (!module) return kExitFailure;
  gowasm::InstanceOptions options = run.instance;
  options.interrupt = SignalStop::instance().handle();
  TimeLimit time_limit(run.timeout, options);
  const CpuProfile profile(run.cpuprofile, options);
  if (profile.failed_to_open()) {
    std::fprintf(stderr, "gowasm-run: cannot create %s: %s\n", profile.path().c_str(),
                 std::strerror(errno));
    return kExitUsage;
  }
  std::shared_ptr<gowasm::Instance> instance;
  try {
    if (gowasm::imports_wasi(*module)) {
      gowasm::ProgramOptions world;
      world.instance = options;
      set_world(run, {path}, world);
      instance = gowasm::instantiate_wasi(module, std::move(world));
    } else {
      instance = gowasm::Instance::instantiate(module, gowasm::Imports{}, options);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gowasm-run: %s: %s\n", path, e.what());
    return kExitFailure;
  }
  const gowasm::FunctionInstance* f = instance->exported_function(name);
  if (!f) {
    std::fprintf(stderr, "gowasm-run: %s has no exported function '%s'\n", path, name.c_str());
    return kExitFailure;
  }
  const gowasm::FuncType& type = instance->function_type(*f);
  if (args.size() != type.params.size()) {
    std::fprintf(stderr, "gowasm-run: %s takes %zu arguments %s, got %zu\n", name.c_str(),
                 type.params.size(), type.to_string().c_str(), args.size());
    return kExitUsage;
  }
  std::vector<gowasm::Value> values(args.size());
  for (size_t i = 0; i < args.size(); ++i) {
    if (!parse_argument(args[i], type.params[i], values[i])) {
      std::fprintf(stderr, "gowasm-run: argument %zu ('%.*s') is not a valid %s\n", i + 1,
                   int(args[i].size()), args[i].data(),
                   std::string(gowasm::to_string(type.params[i])).c_str());
      return kExitUsage;
    }
  }
  const gowasm::CallResult result = instance->call(*f, values);
  if (result.trap && signal_stopped(*result.trap)) return 128 + SignalStop::instance().received();
  if (result.trap && time_limit.stopped(*result.trap)) return kExitTimeout;
  if (result.trap && result.trap->kind == gowasm::TrapKind::Exit) return result.trap->exit_code;
  if (result.trap) {
    std::fprintf(stderr, "gowasm-run: trap: %s\n", result.trap->to_string().c_str());
    return kExitFailure;
  }
  for (const gowasm::Value& v : result.results) std::printf("%s\n", format_result(v).c_str());
  return kExitOk;
}

}  // namespace

// What Node gives a program: the whole filesystem and environment.
void host_mode(GoRunOptions& run) {
  run.mounts.push_back(gowasm::GoMount{"/", "/", false});
  run.env_inherit = true;
}

int main(int argc, char** argv) {
  // A closed stdout is an error the guest's write returns (EPIPE), as Node
  // has it, not a signal that ends gowasm-run in the middle of the program.
  std::signal(SIGPIPE, SIG_IGN);
  std::string invoke_name;
  GoRunOptions run;
  // `go test` and `go run` look for a runner named go_GOOS_GOARCH_exec:
  // go_js_wasm_exec, or go_wasip1_wasm_exec (a WASI module is told apart by
  // its imports, so both names run the same code).
  const std::string_view self = argv[0];
  const std::string_view name = self.substr(self.rfind('/') + 1);
  if (name == "go_js_wasm_exec" || name == "go_wasip1_wasm_exec") host_mode(run);
  int i = 1;
  const auto value_of = [&](std::string_view option) -> const char* {
    const std::string_view arg = argv[i];
    if (arg.size() > option.size() && arg[option.size()] == '=') return argv[i] + option.size() + 1;
    if (i + 1 >= argc) {
      std::fprintf(stderr, "gowasm-run: %.*s needs a value (see --help)\n", int(option.size()),
                   option.data());
      std::exit(kExitUsage);
    }
    return argv[++i];
  };
  const auto is = [&](std::string_view option) {
    const std::string_view arg = argv[i];
    return arg == option ||
           (arg.starts_with(option) && arg.size() > option.size() && arg[option.size()] == '=');
  };
  for (; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      usage(stdout);
      return kExitOk;
    }
    if (arg == "--version") {
      std::printf("gowasm-run %s\n", GOWASM_VERSION);
      return kExitOk;
    }
    if (arg == "--") {
      ++i;
      break;
    }
    if (is("--invoke")) {
      invoke_name = value_of("--invoke");
    } else if (is("--env")) {
      const std::string_view kv = value_of("--env");
      const size_t eq = kv.find('=');
      if (eq == std::string_view::npos || eq == 0) {
        std::fprintf(stderr, "gowasm-run: --env takes KEY=VALUE, got '%.*s'\n", int(kv.size()),
                     kv.data());
        return kExitUsage;
      }
      run.env.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    } else if (arg == "--env-inherit") {
      run.env_inherit = true;
    } else if (is("--dir")) {
      const std::optional<gowasm::GoMount> mount = parse_mount(value_of("--dir"));
      if (!mount) return kExitUsage;
      run.mounts.push_back(*mount);
    } else if (is("--listen")) {
      const char* address = value_of("--listen");
      const auto socket = gowasm::tools::tcp_listen(address);
      if (const std::string* reason = std::get_if<std::string>(&socket)) {
        std::fprintf(stderr, "gowasm-run: --listen %s: %s\n", address, reason->c_str());
        return kExitUsage;
      }
      run.sockets.push_back(std::get<int>(socket));
    } else if (arg == "--host-fs") {
      host_mode(run);
    } else if (is("--timeout")) {
      std::chrono::milliseconds limit;
      const char* text = value_of("--timeout");
      if (!parse_duration(text, limit)) {
        std::fprintf(stderr, "gowasm-run: --timeout takes a duration like 30s or 500ms, got '%s'\n",
                     text);
        return kExitUsage;
      }
      run.timeout = limit;
    } else if (is("--max-memory")) {
      const char* text = value_of("--max-memory");
      if (!parse_size_pages(text, run.instance.max_memory_pages)) {
        std::fprintf(stderr,
                     "gowasm-run: --max-memory takes a size from 64K to 4G like 512M, got '%s'\n",
                     text);
        return kExitUsage;
      }
    } else if (is("--fuel")) {
      const char* text = value_of("--fuel");
      char* end = nullptr;
      errno = 0;
      const unsigned long long fuel = std::strtoull(text, &end, 10);
      if (!*text || *end || errno || text[0] == '-') {
        std::fprintf(stderr, "gowasm-run: --fuel takes a number of units like 1000000, got '%s'\n",
                     text);
        return kExitUsage;
      }
      run.instance.fuel = fuel;
    } else if (is("--cpuprofile")) {
      run.cpuprofile = value_of("--cpuprofile");
    } else if (arg == "--no-native-routines") {
      run.instance.native_routines = false;
    } else if (arg == "--trace") {
      run.trace = true;
    } else if (arg == "--deterministic") {
      run.deterministic = true;
    } else if (arg.starts_with("-") && arg != "-") {
      std::fprintf(stderr, "gowasm-run: unknown option %s (see --help)\n", argv[i]);
      return kExitUsage;
    } else {
      break;
    }
  }
  if (i >= argc) {
    usage(stderr);
    return kExitUsage;
  }
  const char* path = argv[i];
  // Before the run starts any thread (--timeout, --cpuprofile), which
  // inherit the blocked SIGINT and SIGTERM.
  SignalStop::instance();
  const int status = invoke_name.empty()
                         ? run_go(run, path, argc - i, argv + i)
                         : invoke(run, invoke_name, path,
                                  std::vector<std::string_view>(argv + i + 1, argv + argc));
  // Stopped by a signal: die of it, now that everything is written.
  if (SignalStop::instance().stopped_guest) SignalStop::die_of(SignalStop::instance().received());
  return status;
}
