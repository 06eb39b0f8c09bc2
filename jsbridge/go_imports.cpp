// The imports of modules "go" (Go <= 1.20) and "gojs" (Go >= 1.21), and
// "_gotest". Every import follows the JavaScript glue line by line,
// including when it re-reads SP: any call that can run Go code may move the
// goroutine's stack.
#include <algorithm>
#include <cmath>
#include <optional>

#include "go_runtime.h"

namespace gowasm::js {

void GoRuntime::trace(const char* name, bool names_property, uint32_t sp) {
  if (!names_property) return options_.trace(name, std::nullopt);
  // The value is at sp + 8, the name (pointer, length) after it.
  const uint64_t pointer = memory_->get<uint64_t>(sp + 16),
                 length = memory_->get<uint64_t>(sp + 24);
  options_.trace(name, std::string_view(reinterpret_cast<const char*>(memory_->at(pointer, length)),
                                        size_t(length)));
}

void GoRuntime::register_imports(Imports& imports, const std::string& module) {
  const FuncType type{{ValType::I32}, {}};
  // Every import takes SP; JavaScript exceptions that escape an import end
  // the program as an uncaught exception does on Node.
  const auto add = [&](const char* name, std::function<void(js::GoCall call)> body) {
    // The imports whose (SP-relative) second parameter names a property or method.
    const std::string_view n(name);
    const bool names_property = n == "syscall/js.valueGet" || n == "syscall/js.valueSet" ||
                                n == "syscall/js.valueDelete" || n == "syscall/js.valueCall";
    imports.add_function(module, name, type,
                         [this, name, names_property, body](HostCall& call) -> std::optional<Trap> {
                           const uint32_t sp = uint32_t(call.args[0].as_i32());
                           return uncaught_as_trap(
                               [&] {
                                 if (options_.trace) trace(name, names_property, sp);
                                 body(js::GoCall(*memory_, sp));
                               },
                               name);
                         });
  };
  // The value operations catch JavaScript exceptions and hand them to Go:
  // the result or the exception, then whether it succeeded, at the results
  // for the SP after the call (the call may have run Go code).
  const auto call_with_result = [this](js::GoCall& call, auto operation) {
    Value result;
    const std::optional<Value> thrown = realm_.thrown_by([&] { result = operation(); });
    const bool ok = !thrown;
    if (thrown) result = *thrown;
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
    host_.write_or_drop(int(fd),
                        std::span<const uint8_t>(memory_->at(uint64_t(p), uint64_t(n)), size_t(n)));
  });
  add("runtime.resetMemoryDataView", [](js::GoCall) {});
  add("runtime.nanotime1", [this](js::GoCall call) {
    memory_->put<int64_t>(call.results(), host_.clock.since_epoch().count());
  });
  add("runtime.walltime", [this](js::GoCall call) {
    const int64_t ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(host_.clock.wall().time_since_epoch())
            .count();
    memory_->put<int64_t>(call.results(), ms / 1000);
    memory_->put<int32_t>(call.results() + 8, int32_t(ms % 1000 * 1000000));
  });
  add("runtime.scheduleTimeoutEvent", [this](js::GoCall call) {
    const int32_t id = next_timeout_id_++;
    // setTimeout has been seen to fire up to 1 millisecond early: the glue
    // adds one, to the delay as a double (no overflow at INT64_MAX).
    const double delay = double(call.int64()) + 1;
    go_timeouts_[id] = add_timer(delay, [this, id] {
      resume();
      while (!exited_ && go_timeouts_.count(id)) {
        // Go failed to register the timeout event; the glue logs and retries.
        host_.write_text(2, "scheduleTimeoutEvent: missed timeout event\n");
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
  add("runtime.getRandomData", [this](js::GoCall call) { host_.random.fill(call.bytes()); });
  add("syscall/js.finalizeRef",
      [this](js::GoCall call) { refs_->finalize(uint32_t(call.int32())); });
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
    call_with_result(call, [&] { return js::construct(v, args); });
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
    host_.write_text(1, std::to_string(int32_t(call.sp())) + "\n");
  });
}

// Module "_gotest", which Go's own wasm_exec.js defines since Go 1.24 for
// the tests of syscall/js (go:wasmimport and a go:wasmexport called back
// from inside an import): add(a, b) is JavaScript's a + b, callExport(a, b)
// calls the exports testExport0() and then testExport(a, b).
void GoRuntime::register_test_imports(Imports& imports) {
  imports.add_function("_gotest", "add", FuncType{{ValType::I32, ValType::I32}, {ValType::I32}},
                       [](HostCall& call) -> std::optional<Trap> {
                         call.results[0] = gowasm::Value::i32(int32_t(
                             uint32_t(call.args[0].as_i32()) + uint32_t(call.args[1].as_i32())));
                         return std::nullopt;
                       });
  imports.add_function("_gotest", "callExport",
                       FuncType{{ValType::I32, ValType::I64}, {ValType::I64}},
                       [this](HostCall& call) -> std::optional<Trap> {
                         CallResult r = instance_->call("testExport0", {});
                         if (r.trap) return std::move(r.trap);
                         r = instance_->call("testExport", call.args);
                         if (r.trap) return std::move(r.trap);
                         call.results[0] = r.results[0];
                         return std::nullopt;
                       });
}

}  // namespace gowasm::js
