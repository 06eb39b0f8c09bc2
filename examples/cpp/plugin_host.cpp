// A Go program as a plugin: the host gives it a configuration, calls the
// functions it registers with js.FuncOf, lets it call a host function
// back, waits for its timers, and calls its //go:wasmexport function.
// The guest is testdata/go/plugin:
//   (cd testdata/go && GOOS=js GOARCH=wasm go build -o plugin.wasm ./plugin)
//   plugin_host plugin.wasm
#include <gowasm/file.h>
#include <gowasm/go.h>

#include <cstdio>
#include <string>

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

  gowasm::GoOptions options;
  options.args = {"plugin"};
  // The guest's stdout and stderr, through the host's own streams.
  options.write = [](int fd, std::span<const uint8_t> bytes) {
    std::fwrite(bytes.data(), 1, bytes.size(), fd == 1 ? stdout : stderr);
  };
  gowasm::GoProgram program(module, options);

  // Globals defined before start() are there when the guest's main runs.
  gowasm::JsValue config = program.make_object();
  config.set("user", "the host");
  program.global().set("pluginConfig", config);

  // A host function the guest calls through js.Global().Call("greet", ...).
  program.global().set("greet",
                       program.make_function("greet", [](gowasm::GoProgram&, const gowasm::JsValue&,
                                                         std::span<const gowasm::JsValue> args) {
                         return gowasm::JsValue("hello, " + args[0].as_string());
                       }));
  program.global().set("done",
                       program.make_function("done", [](gowasm::GoProgram&, const gowasm::JsValue&,
                                                        std::span<const gowasm::JsValue> args) {
                         std::printf("the guest says: %s\n", args[0].as_string().c_str());
                         return gowasm::JsValue();
                       }));

  // main runs until it blocks, waiting for the host.
  if (program.start() != gowasm::GoState::Blocked) {
    std::fprintf(stderr, "plugin_host: the plugin ended early\n");
    return 1;
  }

  const gowasm::GoCallResult sum = program.call("add", {40, 2});
  std::printf("add(40, 2) = %g\n", sum.value->as_number());

  const gowasm::GoCallResult greeting = program.call("callHost", {"greet", "plugin"});
  std::printf("callHost(greet) = %s\n", greeting.value->as_string().c_str());

  const gowasm::GoCallResult missing = program.call("noSuchFunction", {});
  std::printf("noSuchFunction: %s\n", missing.error->message.c_str());

  // The guest starts a timer; drive() runs the event loop until it fires.
  program.call("later", {10});
  program.drive();

  const gowasm::Value factors[] = {gowasm::Value::i32(6), gowasm::Value::i32(7)};
  const gowasm::CallResult product = program.call_export("multiply", factors);
  std::printf("multiply(6, 7) = %d\n", product.results.at(0).as_i32());

  // A call that ends the program says how it ended.
  const gowasm::GoCallResult exit = program.call("exitWith", {3});
  std::printf("exitWith(3): %s\n", exit.error->message.c_str());
  return 0;
}
