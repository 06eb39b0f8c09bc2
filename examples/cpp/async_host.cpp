// An asynchronous host API: the guest calls a host function with a
// callback; the host does the work on a thread of its own and posts the
// result back to the thread that drives the program, which calls the
// guest's callback with it, as Node calls back after its own I/O.
// The guest is testdata/go/plugin (its `multiplyLater`):
//   (cd testdata/go && GOOS=js GOARCH=wasm go build -o plugin.wasm ./plugin)
//   async_host plugin.wasm
#include <gowasm/file.h>
#include <gowasm/go.h>

#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

using gowasm::GoProgram;
using gowasm::JsValue;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: async_host plugin.wasm\n");
    return 2;
  }
  gowasm::GoOptions options;
  options.write = [](int fd, std::span<const uint8_t> bytes) {
    std::fwrite(bytes.data(), 1, bytes.size(), fd == 1 ? stdout : stderr);
  };
  GoProgram program(gowasm::Module::compile(gowasm::read_binary_file(argv[1])), options);
  JsValue config = program.make_object();
  config.set("user", "an async host");
  program.global().set("pluginConfig", config);
  program.global().set("done", program.make_function("done", [](GoProgram&, const JsValue&,
                                                                std::span<const JsValue> args) {
    std::printf("the guest says: %s\n", args[0].as_string().c_str());
    return JsValue();
  }));

  // compute(a, b, callback): returns at once; the product arrives later.
  std::vector<std::thread> workers;
  program.global().set(
      "compute", program.make_function("compute", [&workers](GoProgram& guest, const JsValue&,
                                                             std::span<const JsValue> args) {
        const double a = args[0].as_number(), b = args[1].as_number();
        // JsValues belong to the driving thread: the worker only moves the
        // callback along (never copying it), and the posted task uses it.
        auto callback = std::make_shared<JsValue>(args[2]);
        // While the hold lives, drive() waits for the worker's post instead
        // of returning because nothing else is pending.
        workers.emplace_back(
            [&guest, a, b, callback = std::move(callback), hold = guest.hold()]() mutable {
              const double product = a * b;  // the slow work, off the guest's thread
              guest.post([callback = std::move(callback), product](GoProgram& program) {
                program.call_function(*callback, {product});
              });
            });
        return JsValue();
      }));

  program.start();
  for (const auto& [a, b] : {std::pair{6, 7}, std::pair{12, 12}}) {
    program.call("multiplyLater", {a, b});
    std::printf("multiplyLater(%d, %d) returned; the product is on its way\n", a, b);
    // The event loop: runs the posted result on this thread, then returns
    // once no hold is left and nothing else is pending.
    program.drive();
  }
  for (std::thread& worker : workers) worker.join();
  std::printf("all results delivered\n");
  return 0;
}
