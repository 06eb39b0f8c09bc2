// See go_runtime.h: setting a Go program up, its argv/env block, calls into
// it (getsp, resume, callbacks through _makeFuncWrapper) and running it.
#include "go_runtime.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "js_handle.h"
#include "output.h"

namespace gowasm {
namespace js {
namespace {

// go._values, the glue's table of the values Go references, which Go's own
// tests of syscall/js read (its length must not grow without bound).
class ValuesView : public js::Object {
 public:
  ValuesView(js::ObjectRef prototype, const js::RefTable& refs)
      : Object(std::move(prototype)), refs_(refs) {}
  Value get(const std::string& key) const override {
    return key == "length" ? Value(double(refs_.slots())) : Object::get(key);
  }
  Value get_index(int64_t index) const override {
    return index < 0 ? Value(js::Undefined{}) : refs_.slot(size_t(index));
  }
  std::string class_name() const override { return "Array"; }

 private:
  const js::RefTable& refs_;
};

}  // namespace

GoRuntime::GoRuntime(std::shared_ptr<const Module> module, GoOptions options)
    : module_(std::move(module)), options_(std::move(options)) {
  // What reaches stderr is also kept, briefly: a panic says there what it was.
  host_.write = [this, write = options_.write ? options_.write : host::write_all](
                    int fd, std::span<const uint8_t> bytes) {
    if (fd == 2) {
      stderr_tail_.append(bytes.begin(), bytes.end());
      if (stderr_tail_.size() > 8192) stderr_tail_.erase(0, stderr_tail_.size() - 4096);
    }
    write(fd, bytes);
  };
  host_.read_stdin = options_.read;
  host_.defer = [this](std::function<void()> callback) {
    io_callbacks_.push_back(std::move(callback));
  };
  std::vector<js::Mount> mounts;
  for (const GoMount& m : options_.mounts)
    mounts.push_back(js::Mount{m.host, m.guest, m.read_only});
  try {
    fs_ = std::make_unique<js::GuestFileSystem>(std::move(mounts));
  } catch (const js::FsError& e) {
    throw LinkError("cannot open a mounted directory: " + js::errno_description(e.error));
  }
  host_.fs = fs_.get();
  if (options_.virtual_clock_start) host_.clock = host::Clock(*options_.virtual_clock_start);
  if (options_.random_seed) host_.random = host::RandomSource(*options_.random_seed);
  realm_.set_date_clock([this] {
    return double(
        std::chrono::duration_cast<std::chrono::milliseconds>(host_.clock.wall().time_since_epoch())
            .count());
  });
  // The guest starts where the host is, when the host's directory is mounted.
  char cwd[4096];
  host_.cwd = getcwd(cwd, sizeof cwd) ? fs_->guest_path_of(cwd).value_or("/") : "/";
  js::install_console(realm_, host_);
  js::install_process(realm_, host_, "node");
  js::install_path(realm_, host_);
  js::install_fs(realm_, host_);
  js::install_crypto_and_performance(realm_, host_);
  js::install_eval(realm_);
  install_timers();

  go_object_ = realm_.make_object();
  go_object_->set("_pendingEvent", js::Null{});
  realm_.define_method(go_object_, "_makeFuncWrapper",
                       [this](const Value&, std::span<const Value> args) {
                         return make_func_wrapper(args.empty() ? 0 : js::to_number(args[0]));
                       });
  refs_ = std::make_unique<js::RefTable>(realm_.global(), go_object_);
  memory_ = std::make_unique<js::GoMemory>(instance_, *refs_);
  go_object_->set("_values", realm_.create<ValuesView>(realm_.make_array({})->prototype(), *refs_));

  Imports imports;
  register_imports(imports, "go");
  register_imports(imports, "gojs");
  register_test_imports(imports);
  instance_ = Instance::instantiate(module_, imports, options_.instance);
  if (const auto& interrupt = options_.instance.interrupt) {
    // An interrupt wakes the event loop from its wait.
    interrupt_listener_ = interrupt->listen([tasks = tasks_](bool) { tasks->wake(); });
  }
  getsp_ = instance_->exported_function("getsp");
  resume_ = instance_->exported_function("resume");
  if (!getsp_ || !resume_ || !instance_->exported_function("run") || instance_->memory().empty()) {
    throw LinkError(
        "not a Go js/wasm program: the exports run, resume, getsp and mem are required");
  }
}

GoRuntime::~GoRuntime() {
  if (const auto& interrupt = options_.instance.interrupt) interrupt->forget(interrupt_listener_);
}

uint32_t GoRuntime::getsp() {
  CallResult r = instance_->call(*getsp_, {});
  if (r.trap) throw GuestTrap{std::move(*r.trap)};
  return uint32_t(r.results[0].as_i32());
}

void GoRuntime::resume() {
  if (exited_) throw js::Exception{realm_.make_error("Go program has already exited")};
  CallResult r = instance_->call(*resume_, {});
  if (r.trap) throw GuestTrap{std::move(*r.trap)};
}

Value GoRuntime::make_func_wrapper(double id) {
  // Calling the wrapper raises a pending event for Go's handleEvent, resumes
  // Go to run it, and returns what the Go function set as the result.
  return realm_.make_function("", [this, id](const Value& this_value, std::span<const Value> args) {
    js::ObjectRef event = realm_.make_object();
    event->set("id", id);
    event->set("this", this_value);
    event->set("args", realm_.make_array(std::vector<Value>(args.begin(), args.end())));
    go_object_->set("_pendingEvent", event);
    resume();
    return event->get("result");
  });
}

js::ObjectRef GoRuntime::object_operand(const Value& v, const char* operation) {
  const js::ObjectRef* o = js::as_object(v);
  if (!o) throw js::TypeError{std::string(operation) + " called on non-object"};
  return *o;
}

Value GoRuntime::reflect_get(const Value& target, const Value& key) {
  const js::ObjectRef o = object_operand(target, "Reflect.get");
  // A number names an element when it is an integer that can index one
  // (-0 too); any other number names the property of its string form.
  if (auto* n = std::get_if<double>(&key);
      n && *n >= 0 && *n <= 9007199254740991.0 && *n == std::trunc(*n)) {
    return o->get_index(int64_t(*n));
  }
  return o->get(js::to_string(key));
}

Value GoRuntime::reflect_apply(const Value& function, const Value& this_value,
                               std::span<const Value> args) {
  const js::ObjectRef* f = js::as_object(function);
  if (!f || !(*f)->is_callable()) {
    throw js::TypeError{"Function.prototype.apply was called on " + js::to_string(function) +
                        ", which is " + js::type_of(function) + " and not a function"};
  }
  return (*f)->call(this_value, args);
}

void GoRuntime::write_args_and_env(uint32_t& argc, uint32_t& argv) {
  // The block at 4096: NUL-terminated strings, each 8-aligned, then argv
  // and the environment (sorted by key) as 8-byte pointers, each list
  // ended by 0; it must end below Go's data at 4096 + 8192.
  uint32_t offset = 4096;
  const auto string_at = [&](const std::string& s) {
    const uint32_t pointer = offset;
    std::memcpy(memory_->at(offset, s.size() + 1), s.c_str(), s.size() + 1);
    offset += uint32_t(s.size() + 1);
    offset = (offset + 7) & ~7u;
    return pointer;
  };
  std::vector<uint32_t> pointers;
  for (const std::string& a : options_.args) pointers.push_back(string_at(a));
  pointers.push_back(0);
  std::vector<std::pair<std::string, std::string>> env = options_.env;
  std::stable_sort(env.begin(), env.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [key, value] : env) pointers.push_back(string_at(key + "=" + value));
  pointers.push_back(0);
  argv = offset;
  for (uint32_t p : pointers) {
    memory_->put<uint64_t>(offset, p);
    offset += 8;
  }
  if (offset >= 4096 + 8192) {
    throw LinkError("total length of command line and environment variables exceeds limit");
  }
  argc = uint32_t(options_.args.size());
}

std::optional<Trap> GoRuntime::uncaught_as_trap(const std::function<void()>& body,
                                                const std::string& where) {
  const std::string in = where.empty() ? "" : " in " + where;
  const auto uncaught = [&](const std::string& what) {
    return Trap::host("uncaught JavaScript exception" + in + ": " + what);
  };
  try {
    body();
    return std::nullopt;
  } catch (GuestTrap& t) {
    return std::move(t.trap);
  } catch (const js::Exception& e) {
    return uncaught(js::to_string(e.value));
  } catch (const js::TypeError& e) {
    return uncaught("TypeError: " + e.message);
  } catch (const js::RangeError& e) {
    return uncaught("RangeError: " + e.message);
  } catch (const js::BadAccess& e) {
    return Trap::host((where.empty() ? "" : where + ": ") + "memory access out of bounds at " +
                      std::to_string(e.address));
  }
}

GoState GoRuntime::guarded(const std::function<void()>& step) {
  if (state_ == GoState::Exited || state_ == GoState::Trapped) return state_;
  std::optional<Trap> trap = uncaught_as_trap(
      [&] {
        step();
        run_io_callbacks();
      },
      "");
  if (exited_) {
    state_ = GoState::Exited;
  } else if (trap) {
    state_ = GoState::Trapped;
    trap_ = std::move(trap);
  } else {
    state_ = GoState::Blocked;
  }
  return state_;
}

void GoRuntime::run_io_callbacks() {
  while (!exited_ && !io_callbacks_.empty()) {
    const std::function<void()> callback = std::move(io_callbacks_.front());
    io_callbacks_.pop_front();
    callback();
  }
}

GoState GoRuntime::start() {
  if (state_ != GoState::NotStarted) return state_;
  return guarded([&] {
    uint32_t argc = 0, argv = 0;
    write_args_and_env(argc, argv);
    const gowasm::Value args[] = {gowasm::Value::i32(int32_t(argc)),
                                  gowasm::Value::i32(int32_t(argv))};
    CallResult r = instance_->call("run", args);
    if (r.trap) throw GuestTrap{std::move(*r.trap)};
  });
}

GoState GoRuntime::report_deadlock() {
  if (state_ != GoState::Blocked) return state_;
  guarded([&] {
    js::ObjectRef event = realm_.make_object();
    event->set("id", 0.0);
    go_object_->set("_pendingEvent", event);
    resume();
  });
  if (state_ == GoState::Blocked) {
    exited_ = true;
    state_ = GoState::Exited;
  }
  return state_;
}

GoResult GoRuntime::run() {
  start();
  drive();
  report_deadlock();
  return result();
}

GoCallResult GoRuntime::call(const Value& function, const Value& this_value,
                             std::span<const Value> args) {
  GoCallResult result;
  if (state_ != GoState::Blocked) {
    result.error = ended_error();
    return result;
  }
  std::optional<Value> returned, thrown;
  guarded([&] {
    thrown = realm_.thrown_by([&] { returned = reflect_apply(function, this_value, args); });
  });
  if (state_ != GoState::Blocked) {
    result.error = ended_error();
  } else if (thrown) {
    GoCallError error;
    error.kind = GoCallError::Kind::Exception;
    error.message = js::to_string(*thrown);
    error.exception = to_public(*thrown);
    result.error = std::move(error);
  } else {
    result.value = to_public(returned.value_or(js::Undefined{}));
  }
  return result;
}

CallResult GoRuntime::call_export(std::string_view name, std::span<const gowasm::Value> args) {
  CallResult result;
  if (state_ != GoState::Blocked) {
    result.trap = Trap::host("the Go program is not running: " + ended_error().message);
    return result;
  }
  if (!instance_->exported_function(name)) {
    result.trap = Trap::host("no exported function named " + std::string(name));
    return result;
  }
  guarded([&] {
    result = instance_->call(name, args);
    if (result.trap) throw GuestTrap{*result.trap};
  });
  // A call that ended the program says how, as call() does: "exit status
  // 3", "panic: ...", "fatal error: out of memory".
  if (result.trap && result.trap->kind == TrapKind::Exit)
    result.trap->message = ended_error().message;
  return result;
}

GoCallError GoRuntime::ended_error() const {
  GoCallError error;
  switch (state_) {
    case GoState::NotStarted:
      error.kind = GoCallError::Kind::NotRunning;
      error.message = "the Go program has not been started";
      break;
    case GoState::Blocked: break;
    case GoState::Trapped:
      error.kind = GoCallError::Kind::Trap;
      error.trap = trap_;
      error.message = trap_ ? trap_->message : "trapped";
      break;
    case GoState::Exited: {
      error.exit_code = exit_code_;
      // Go's runtime exits with 2 after printing "panic: ..." or "fatal error: ...".
      size_t line = std::string::npos;
      for (const char* start : {"panic: ", "fatal error: "}) {
        const size_t at = stderr_tail_.rfind(start);
        if (at != std::string::npos && (at == 0 || stderr_tail_[at - 1] == '\n')) {
          line = line == std::string::npos ? at : std::min(line, at);
        }
      }
      if (exit_code_ == 2 && line != std::string::npos) {
        error.kind = GoCallError::Kind::Panic;
        error.message = stderr_tail_.substr(line, stderr_tail_.find('\n', line) - line);
      } else {
        error.kind = GoCallError::Kind::Exit;
        error.message = "exit status " + std::to_string(exit_code_);
      }
      break;
    }
  }
  return error;
}

GoResult GoRuntime::result() const {
  if (state_ == GoState::Trapped) return GoResult{GoResult::Outcome::Trapped, 0, trap_};
  return GoResult{GoResult::Outcome::Exited, exit_code_, std::nullopt};
}

}  // namespace js

}  // namespace gowasm
