// A Go program as a plugin: the host gives it a configuration, calls the
// functions it registers with js.FuncOf with every kind of value, lets it
// call host functions back (which may call into it again), waits for its
// timers, calls its //go:wasmexport functions with bytes in its memory,
// and sees each way a call can end: a released function, an exit, a panic.
// The guest is testdata/go/plugin:
//   (cd testdata/go && GOOS=js GOARCH=wasm go build -o plugin.wasm ./plugin)
//   plugin_host plugin.wasm
#include <gowasm/file.h>
#include <gowasm/go.h>

#include <cstdio>
#include <cstring>
#include <string>

namespace {

using gowasm::GoProgram;
using gowasm::JsValue;

// The guest's stdout on ours; its stderr too, each write marked as such,
// or (`keep_stderr` false) nowhere.
gowasm::GoOptions plugin_options(bool keep_stderr) {
  gowasm::GoOptions options;
  options.args = {"plugin"};
  options.write = [keep_stderr](int fd, std::span<const uint8_t> bytes) {
    if (fd == 2 && !keep_stderr) return;
    if (fd == 2) std::fputs("[guest stderr] ", stdout);
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
  };
  return options;
}

// Globals defined before start() are there when the guest's main runs.
void define_host_globals(GoProgram& program) {
  JsValue config = program.make_object();
  config.set("user", "the host");
  program.global().set("pluginConfig", config);

  // A host function the guest calls through js.Global().Call("greet", ...).
  program.global().set("greet", program.make_function("greet", [](GoProgram&, const JsValue&,
                                                                  std::span<const JsValue> args) {
    if (args.empty()) throw gowasm::JsError("greet needs a name");
    return JsValue("hello, " + args[0].as_string());
  }));
  // One that calls back into the guest while the guest is calling it.
  program.global().set(
      "double", program.make_function(
                    "double", [](GoProgram& guest, const JsValue&, std::span<const JsValue> args) {
                      return guest.call("add", {args[0], args[0]}).value.value_or(JsValue());
                    }));
  program.global().set("done", program.make_function("done", [](GoProgram&, const JsValue&,
                                                                std::span<const JsValue> args) {
    std::printf("the guest says: %s\n", args[0].as_string().c_str());
    return JsValue();
  }));
}

// Prints what a call returned (as the guest's `describe` sees it, when
// that is not a string) or how it failed.
void show(GoProgram& program, const char* what, const gowasm::GoCallResult& r) {
  if (!r.ok()) {
    std::printf("%s: error: %s\n", what, r.error->message.c_str());
  } else if (r.value->type() == JsValue::Type::String) {
    std::printf("%s = %s\n", what, r.value->as_string().c_str());
  } else {
    std::printf("%s = %s\n", what, program.call("describe", {*r.value}).value->as_string().c_str());
  }
}

// Bytes by address: the guest allocates a buffer, the host writes into it,
// the guest's `upper` changes it in place, the host reads it back.
void upper_through_guest_memory(GoProgram& program, const std::string& text) {
  const gowasm::Value size[] = {gowasm::Value::i32(int32_t(text.size()))};
  const gowasm::Value address = program.call_export("allocate", size).results.at(0);
  // memory() is valid until the guest runs again: take it after each call.
  std::memcpy(program.memory().data() + uint32_t(address.as_i32()), text.data(), text.size());
  const gowasm::Value args[] = {address, size[0]};
  const int changed = program.call_export("upper", args).results.at(0).as_i32();
  const std::string result(
      reinterpret_cast<const char*>(program.memory().data() + uint32_t(address.as_i32())),
      text.size());
  const gowasm::Value release[] = {address};
  program.call_export("release", release);
  std::printf("upper(\"%s\") in guest memory = \"%s\" (%d letters changed)\n", text.c_str(),
              result.c_str(), changed);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: plugin_host plugin.wasm\n");
    return 2;
  }
  // Compile once; a module can serve any number of programs.
  std::shared_ptr<const gowasm::Module> module;
  try {
    module = gowasm::Module::compile(gowasm::read_binary_file(argv[1]));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "plugin_host: %s\n", e.what());
    return 1;
  }

  GoProgram program(module, plugin_options(true));
  define_host_globals(program);
  // main runs until it blocks, waiting for the host.
  if (program.start() != gowasm::GoState::Blocked) {
    std::fprintf(stderr, "plugin_host: the plugin ended early\n");
    return 1;
  }

  // Every kind of value the host can pass, as the guest sees them.
  const uint8_t four_bytes[] = {1, 2, 3, 4};
  JsValue record = program.make_object();
  record.set("name", "rec");
  show(program, "describe(...)",
       program.call("describe",
                    {"text", 1.5, true, JsValue::null(), JsValue(), program.make_array({1, "two"}),
                     program.make_bytes(four_bytes), record, program.global().get("greet")}));
  show(program, "add(40, 2)", program.call("add", {40, 2}));
  show(program, "makeRecord(\"x\")", program.call("makeRecord", {"x"}));
  // Bytes both ways: a Uint8Array in, one out, read in place.
  const gowasm::GoCallResult reversed =
      program.call("reverseBytes", {program.make_bytes(four_bytes)});
  const std::span<uint8_t> out = *reversed.value->bytes();
  std::printf("reverseBytes(1 2 3 4) = %d %d %d %d\n", out[0], out[1], out[2], out[3]);

  // Host functions: an answer, a JavaScript error the guest recovers, and
  // one that calls back into the guest.
  show(program, "callHost(greet, plugin)", program.call("callHost", {"greet", "plugin"}));
  show(program, "callHost(greet)", program.call("callHost", {"greet"}));
  show(program, "callHost(double, 21)", program.call("callHost", {"double", 21}));
  show(program, "noSuchFunction()", program.call("noSuchFunction", {}));

  // A function the guest released answers undefined (Go says why on stderr).
  show(program, "once()", program.call("once", {}));
  show(program, "once() again", program.call("once", {}));

  // The guest starts a timer; drive() runs the event loop until it fires.
  program.call("later", {10});
  program.drive();

  const gowasm::Value factors[] = {gowasm::Value::i32(6), gowasm::Value::i32(7)};
  std::printf("multiply(6, 7) = %d\n",
              program.call_export("multiply", factors).results.at(0).as_i32());
  upper_through_guest_memory(program, "bytes by address");

  // A call that ends the program says how it ended, and so do later ones.
  show(program, "exitWith(3)", program.call("exitWith", {3}));
  show(program, "add(1, 1) afterwards", program.call("add", {1, 1}));

  // A panic ends a program too (a fresh one: the first has exited). Its
  // trace goes to stderr, which this one drops: the error has the panic.
  GoProgram second(module, plugin_options(false));
  define_host_globals(second);
  second.start();
  show(second, "panicWith(\"oops\")", second.call("panicWith", {"oops"}));
  std::printf("exit status %d\n", second.result().exit_code);
  return 0;
}
