// The Go side of wasm_exec.js: the imports of modules "go" and "gojs", the
// argv/env block, callbacks through _makeFuncWrapper and resume, and the
// event loop (timers, deadlock). Every import follows the JavaScript glue
// line by line, including when it re-reads SP: any call that can run Go
// code may move the goroutine's stack.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <thread>

#include "gowasm/go.h"
#include "host_objects.h"
#include "go_memory.h"
#include "ref_table.h"

namespace gowasm {
namespace {

using js::Value;

// A trap (or exit) raised by Go code that ran inside a JavaScript function
// called from an import; it unwinds the JavaScript frames to the import.
struct GuestTrap {
  Trap trap;
};


void write_fd(int fd, std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // a closed pipe: the output has nowhere to go
    }
    bytes = bytes.subspan(size_t(n));
  }
}

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

class GoRuntime {
 public:
  GoRuntime(std::shared_ptr<const Module> module, GoOptions options);
  GoResult run();

 private:
  // --- calls into the guest ---
  uint32_t getsp();
  void resume();
  Value make_func_wrapper(double id);

  // --- JavaScript operations the imports use, as Reflect does them ---
  js::ObjectRef object_operand(const Value& v, const char* operation);
  Value reflect_get(const Value& target, const Value& key);
  Value reflect_apply(const Value& function, const Value& this_value, std::span<const Value> args);

  void register_imports(Imports& imports, const std::string& module);
  void register_test_imports(Imports& imports);
  void write_args_and_env(uint32_t& argc, uint32_t& argv);
  GoResult finish(const Trap& trap);
  std::optional<Trap> run_event_loop();

  std::shared_ptr<const Module> module_;
  GoOptions options_;
  js::Realm realm_;
  std::unique_ptr<js::GuestFileSystem> fs_;
  js::HostEnvironment host_;
  js::ObjectRef go_object_;
  std::unique_ptr<js::RefTable> refs_;
  std::shared_ptr<Instance> instance_;
  std::unique_ptr<js::GoMemory> memory_;  // instance_'s memory, refs_'s values
  const FunctionInstance* getsp_ = nullptr;
  const FunctionInstance* resume_ = nullptr;
  bool exited_ = false;
  int exit_code_ = 0;
  // The timer queue, as Node's: setTimeout from JavaScript and Go's timeout
  // events alike; fired in deadline order, then creation order.
  struct Timer {
    std::chrono::steady_clock::time_point due;
    std::function<void()> fire;
  };
  std::map<uint64_t, Timer> timers_;  // by creation number
  uint64_t next_timer_ = 1;
  uint64_t add_timer(double delay_ms, std::function<void()> fire);
  void install_timers();
  // Go's timeout events (the glue's _scheduledTimeouts): id -> its timer.
  std::map<int32_t, uint64_t> go_timeouts_;
  int32_t next_timeout_id_ = 1;
  std::chrono::system_clock::time_point wall_start_ = std::chrono::system_clock::now();
};

GoRuntime::GoRuntime(std::shared_ptr<const Module> module, GoOptions options)
    : module_(std::move(module)), options_(std::move(options)) {
  host_.write = options_.write ? options_.write : write_fd;
  std::vector<js::Mount> mounts;
  for (const GoMount& m : options_.mounts)
    mounts.push_back(js::Mount{m.host, m.guest, m.read_only});
  try {
    fs_ = std::make_unique<js::GuestFileSystem>(std::move(mounts));
  } catch (const js::FsError& e) {
    throw LinkError("cannot open a mounted directory: " + js::errno_description(e.error));
  }
  host_.fs = fs_.get();
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
  getsp_ = instance_->exported_function("getsp");
  resume_ = instance_->exported_function("resume");
  if (!getsp_ || !resume_ || !instance_->exported_function("run") || instance_->memory().empty()) {
    throw LinkError(
        "not a Go js/wasm program: the exports run, resume, getsp and mem are required");
  }
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
  if (auto* index = std::get_if<double>(&key)) return o->get_index(int64_t(*index));
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

void GoRuntime::register_imports(Imports& imports, const std::string& module) {
  const FuncType type{{ValType::I32}, {}};
  // Every import takes SP; JavaScript exceptions that escape an import end
  // the program as an uncaught exception does on Node.
  const auto add = [&](const char* name, std::function<void(js::GoCall call)> body) {
    imports.add_function(
        module, name, type, [this, name, body](HostCall& call) -> std::optional<Trap> {
          try {
            body(js::GoCall(*memory_, uint32_t(call.args[0].as_i32())));
            return std::nullopt;
          } catch (GuestTrap& t) {
            return std::move(t.trap);
          } catch (const js::Exception& e) {
            return Trap::host("uncaught JavaScript exception in " + std::string(name) + ": " +
                              js::to_string(e.value));
          } catch (const js::TypeError& e) {
            return Trap::host("uncaught JavaScript exception in " + std::string(name) +
                              ": TypeError: " + e.message);
          } catch (const js::BadAccess& e) {
            return Trap::host(std::string(name) + ": memory access out of bounds at " +
                              std::to_string(e.address));
          }
        });
  };
  // The value operations catch JavaScript exceptions and hand them to Go:
  // the result or the exception, then whether it succeeded, at the results
  // for the SP after the call (the call may have run Go code).
  const auto call_with_result = [this](js::GoCall& call, auto operation) {
    Value result;
    bool ok = true;
    try {
      result = operation();
    } catch (const js::Exception& e) {
      result = e.value;
      ok = false;
    } catch (const js::TypeError& e) {
      result = realm_.exception_value(e);
      ok = false;
    }
    const uint64_t out = call.results(getsp());
    memory_->set_value(out, result);
    memory_->put<uint8_t>(out + 8, ok ? 1 : 0);
  };

  add("runtime.wasmExit", [this](js::GoCall call) {
    exit_code_ = call.int32();
    exited_ = true;
    throw GuestTrap{Trap::exit(exit_code_)};
  });
  add("runtime.wasmWrite", [this](js::GoCall call) {
    const int64_t fd = call.int64(), p = call.int64();
    const int32_t n = call.int32();
    host_.write(int(fd), std::span<const uint8_t>(memory_->at(uint64_t(p), uint64_t(n)), size_t(n)));
  });
  add("runtime.resetMemoryDataView", [](js::GoCall) {});
  add("runtime.nanotime1", [this](js::GoCall call) {
    const auto now = wall_start_ + (std::chrono::steady_clock::now() - host_.start);
    memory_->put<int64_t>(call.results(),
                   std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count());
  });
  add("runtime.walltime", [this](js::GoCall call) {
    const int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    memory_->put<int64_t>(call.results(), ms / 1000);
    memory_->put<int32_t>(call.results() + 8, int32_t(ms % 1000 * 1000000));
  });
  add("runtime.scheduleTimeoutEvent", [this](js::GoCall call) {
    const int32_t id = next_timeout_id_++;
    // setTimeout has been seen to fire up to 1 millisecond early: the glue adds one.
    const double delay = double(call.int64() + 1);
    go_timeouts_[id] = add_timer(delay, [this, id] {
      resume();
      while (!exited_ && go_timeouts_.count(id)) {
        // Go failed to register the timeout event; the glue logs and retries.
        const std::string warning = "scheduleTimeoutEvent: missed timeout event\n";
        host_.write(2, std::span(reinterpret_cast<const uint8_t*>(warning.data()), warning.size()));
        resume();
      }
    });
    memory_->put<int32_t>(call.results(), id);
  });
  add("runtime.clearTimeoutEvent", [this](js::GoCall call) {
    if (auto it = go_timeouts_.find(call.int32()); it != go_timeouts_.end()) {
      timers_.erase(it->second);
      go_timeouts_.erase(it);
    }
  });
  add("runtime.getRandomData", [](js::GoCall call) { js::fill_random(call.bytes()); });
  add("syscall/js.finalizeRef", [this](js::GoCall call) { refs_->finalize(uint32_t(call.int32())); });
  add("syscall/js.stringVal", [this](js::GoCall call) {
    const std::string s = call.string();
    memory_->set_value(call.results(), s);
  });
  add("syscall/js.valueGet", [this](js::GoCall call) {
    const Value v = call.value();
    const Value result = reflect_get(v, call.string());
    memory_->set_value(call.results(getsp()), result);
  });
  add("syscall/js.valueSet", [this](js::GoCall call) {
    const Value v = call.value();
    const std::string key = call.string();
    object_operand(v, "Reflect.set")->set(key, call.value());
  });
  add("syscall/js.valueDelete", [this](js::GoCall call) {
    const Value v = call.value();
    object_operand(v, "Reflect.deleteProperty")->remove(call.string());
  });
  add("syscall/js.valueIndex", [this](js::GoCall call) {
    const Value v = call.value();
    const double index = double(call.int64());
    memory_->set_value(call.results(), reflect_get(v, index));
  });
  add("syscall/js.valueSetIndex", [this](js::GoCall call) {
    const Value v = call.value();
    const int64_t index = call.int64();
    object_operand(v, "Reflect.set")->set_index(index, call.value());
  });
  add("syscall/js.valueCall", [this, call_with_result](js::GoCall call) {
    const Value v = call.value();
    const std::string name = call.string();
    const std::vector<Value> args = call.values();
    call_with_result(call, [&] { return reflect_apply(reflect_get(v, name), v, args); });
  });
  add("syscall/js.valueInvoke", [this, call_with_result](js::GoCall call) {
    const Value v = call.value();
    const std::vector<Value> args = call.values();
    call_with_result(call, [&] { return reflect_apply(v, js::Undefined{}, args); });
  });
  add("syscall/js.valueNew", [call_with_result](js::GoCall call) {
    const Value v = call.value();
    const std::vector<Value> args = call.values();
    call_with_result(call, [&] {
      const js::ObjectRef* c = js::as_object(v);
      if (!c || !(*c)->is_constructor())
        throw js::TypeError{js::to_string(v) + " is not a constructor"};
      return (*c)->construct(args);
    });
  });
  add("syscall/js.valueLength", [this](js::GoCall call) {
    // parseInt(v.length)
    const Value v = call.value();
    Value length;
    if (auto* s = std::get_if<std::string>(&v)) {
      length = double(js::utf16_length(*s));
    } else if (auto* o = js::as_object(v)) {
      length = (*o)->get("length");
    } else if (js::is_undefined(v) || js::is_null(v)) {
      throw js::TypeError{"Cannot read properties of " + js::to_string(v) + " (reading 'length')"};
    }
    const double n = js::to_number(length);
    memory_->put<int64_t>(call.results(), std::isfinite(n) ? int64_t(n) : 0);
  });
  add("syscall/js.valuePrepareString", [this](js::GoCall call) {
    const std::string s = js::to_string(call.value());
    memory_->set_value(call.results(), realm_.make_bytes(std::vector<uint8_t>(s.begin(), s.end())));
    memory_->put<int64_t>(call.results() + 8, int64_t(s.size()));
  });
  add("syscall/js.valueLoadString", [](js::GoCall call) {
    js::ByteArray* bytes = js::as_bytes(call.value());
    if (!bytes) throw js::TypeError{"valueLoadString: not a Uint8Array"};
    const std::span<uint8_t> dst = call.bytes();
    std::copy_n(bytes->bytes().begin(), std::min(dst.size(), bytes->bytes().size()), dst.begin());
  });
  add("syscall/js.valueInstanceOf", [this](js::GoCall call) {
    const Value v = call.value();
    const Value t = call.value();
    memory_->put<uint8_t>(call.results(), js::instance_of(v, t) ? 1 : 0);
  });
  // copyBytesToGo(dst []byte, src ref) and copyBytesToJS(dst ref, src []byte)
  // return (n int, ok bool); ok is false when the JavaScript side is not a
  // Uint8Array.
  const auto copy_result = [this](const js::GoCall& call, std::optional<size_t> n) {
    if (n) memory_->put<int64_t>(call.results(), int64_t(*n));
    memory_->put<uint8_t>(call.results() + 8, n ? 1 : 0);
  };
  add("syscall/js.copyBytesToGo", [copy_result](js::GoCall call) {
    const std::span<uint8_t> dst = call.bytes();
    js::ByteArray* src = js::as_bytes(call.value());
    std::optional<size_t> n;
    if (src) {
      n = std::min(dst.size(), src->bytes().size());
      std::copy_n(src->bytes().begin(), *n, dst.begin());
    }
    copy_result(call, n);
  });
  add("syscall/js.copyBytesToJS", [copy_result](js::GoCall call) {
    js::ByteArray* dst = js::as_bytes(call.value());
    const std::span<uint8_t> src = call.bytes();
    std::optional<size_t> n;
    if (dst) {
      n = std::min(dst->bytes().size(), src.size());
      std::copy_n(src.begin(), *n, dst->bytes().begin());
    }
    copy_result(call, n);
  });
  add("debug", [this](js::GoCall call) {  // Go <= 1.20: its one argument is the value, not SP
    const std::string line = std::to_string(int32_t(call.sp())) + "\n";
    host_.write(1, std::span(reinterpret_cast<const uint8_t*>(line.data()), line.size()));
  });
}

// Module "_gotest", which Go's own wasm_exec.js defines since Go 1.24 for
// the tests of syscall/js (go:wasmimport and a go:wasmexport called back
// from inside an import): add(a, b) is JavaScript's a + b, callExport(a, b)
// calls the exports testExport0() and then testExport(a, b).
void GoRuntime::register_test_imports(Imports& imports) {
  imports.add_function("_gotest", "add", FuncType{{ValType::I32, ValType::I32}, {ValType::I32}},
                       [](HostCall& call) -> std::optional<Trap> {
                         call.results[0] = gowasm::Value::i32(
                             int32_t(uint32_t(call.args[0].as_i32()) + uint32_t(call.args[1].as_i32())));
                         return std::nullopt;
                       });
  imports.add_function(
      "_gotest", "callExport", FuncType{{ValType::I32, ValType::I64}, {ValType::I64}},
      [this](HostCall& call) -> std::optional<Trap> {
        CallResult r = instance_->call("testExport0", {});
        if (r.trap) return std::move(r.trap);
        r = instance_->call("testExport", call.args);
        if (r.trap) return std::move(r.trap);
        call.results[0] = r.results[0];
        return std::nullopt;
      });
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

GoResult GoRuntime::finish(const Trap& trap) {
  if (trap.kind == TrapKind::Exit)
    return GoResult{GoResult::Outcome::Exited, trap.exit_code, std::nullopt};
  return GoResult{GoResult::Outcome::Trapped, 0, trap};
}

uint64_t GoRuntime::add_timer(double delay_ms, std::function<void()> fire) {
  // Node: a delay that is not a number of at least 1 ms becomes 1 ms.
  if (!(delay_ms >= 1) || delay_ms > 2147483647) delay_ms = 1;
  const auto due = std::chrono::steady_clock::now() +
                   std::chrono::microseconds(int64_t(std::floor(delay_ms) * 1000));
  timers_[next_timer_] = Timer{due, std::move(fire)};
  return next_timer_++;
}

void GoRuntime::install_timers() {
  // setTimeout(f, delay, ...args) and clearTimeout(id); the id is a number.
  realm_.define_method(realm_.global(), "setTimeout", [this](const Value&, std::span<const Value> args) {
    const js::ObjectRef* f = args.empty() ? nullptr : js::as_object(args[0]);
    if (!f || !(*f)->is_callable())
      throw js::TypeError{"The \"callback\" argument must be of type function."};
    const double delay = args.size() > 1 ? js::to_number(args[1]) : 0;
    std::vector<Value> rest(args.size() > 2 ? args.begin() + 2 : args.end(), args.end());
    return Value(double(add_timer(delay, [function = *f, rest] {
      function->call(js::Undefined{}, rest);
    })));
  });
  realm_.define_method(realm_.global(), "clearTimeout", [this](const Value&, std::span<const Value> args) {
    if (!args.empty() && std::holds_alternative<double>(args[0]))
      timers_.erase(uint64_t(std::get<double>(args[0])));
    return Value(js::Undefined{});
  });
}

std::optional<Trap> GoRuntime::run_event_loop() {
  while (!exited_) {
    if (timers_.empty()) {
      // Nothing can wake the program: let Go report the deadlock (Node does
      // this in its exit handler, with a pending event of id 0).
      go_object_->set("_pendingEvent", [&] {
        js::ObjectRef event = realm_.make_object();
        event->set("id", 0.0);
        return event;
      }());
      resume();
      return std::nullopt;
    }
    const auto next =
        std::min_element(timers_.begin(), timers_.end(), [](const auto& a, const auto& b) {
          return a.second.due < b.second.due || (a.second.due == b.second.due && a.first < b.first);
        });
    Timer timer = std::move(next->second);
    timers_.erase(next);
    if (const auto& interrupt = options_.instance.interrupt) {
      if (interrupt->wait_until(timer.due)) throw GuestTrap{Trap::of(TrapKind::Interrupted)};
    } else {
      std::this_thread::sleep_until(timer.due);
    }
    timer.fire();
  }
  return std::nullopt;
}

GoResult GoRuntime::run() {
  try {
    uint32_t argc = 0, argv = 0;
    write_args_and_env(argc, argv);
    const gowasm::Value args[] = {gowasm::Value::i32(int32_t(argc)),
                                  gowasm::Value::i32(int32_t(argv))};
    CallResult r = instance_->call("run", args);
    if (r.trap) return finish(*r.trap);
    run_event_loop();
  } catch (GuestTrap& t) {
    return finish(t.trap);
  } catch (const js::Exception& e) {
    return finish(Trap::host("uncaught JavaScript exception: " + js::to_string(e.value)));
  } catch (const js::BadAccess& e) {
    return finish(Trap::host("memory access out of bounds at " + std::to_string(e.address)));
  }
  return GoResult{GoResult::Outcome::Exited, exit_code_, std::nullopt};
}

}  // namespace

GoResult run_go_program(std::shared_ptr<const Module> module, GoOptions options) {
  GoRuntime runtime(std::move(module), std::move(options));
  return runtime.run();
}

}  // namespace gowasm
