// Bounding a guest that does not stop by itself: fuel, an interrupt from
// another thread, a deadline on one call, a memory cap. A program stopped
// so stays stopped and says why; the process goes on running new ones.
// The guest is testdata/go/plugin, whose `spin` loops forever:
//   (cd testdata/go && GOOS=js GOARCH=wasm go build -o plugin.wasm ./plugin)
//   limits plugin.wasm
#include <gowasm/file.h>
#include <gowasm/go.h>

#include <chrono>
#include <cstdio>
#include <thread>

namespace {

using Clock = std::chrono::steady_clock;

// A plugin started with `limits`, its output dropped.
struct Plugin {
  explicit Plugin(std::shared_ptr<const gowasm::Module> module, gowasm::InstanceOptions limits)
      : program(std::move(module), options(limits)) {
    program.global().set("pluginConfig", program.make_object());
    program.start();
  }
  static gowasm::GoOptions options(gowasm::InstanceOptions limits) {
    gowasm::GoOptions o;
    o.instance = limits;
    o.write = [](int, std::span<const uint8_t>) {};
    return o;
  }
  gowasm::GoProgram program;
};

void show(const char* what, const gowasm::GoCallResult& r) {
  if (r.ok()) {
    std::printf("%s returned\n", what);
  } else {
    std::printf("%s: error: %s\n", what, r.error->message.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: limits plugin.wasm\n");
    return 2;
  }
  const auto module = gowasm::Module::compile(gowasm::read_binary_file(argv[1]));

  // Fuel: one unit per call and per taken branch; spin's loop spends it.
  {
    gowasm::InstanceOptions limits;
    limits.fuel = 50'000'000;
    Plugin plugin(module, limits);
    show("spin() on 50,000,000 units of fuel", plugin.program.call("spin", {}));
    show("add(1, 1) afterwards", plugin.program.call("add", {1, 1}));
  }

  // An interrupt from another thread: spin stops at its next iteration.
  {
    gowasm::InstanceOptions limits;
    limits.interrupt = std::make_shared<gowasm::InterruptHandle>();
    Plugin plugin(module, limits);
    Clock::time_point interrupted_at;
    std::thread stopper([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      interrupted_at = Clock::now();
      limits.interrupt->interrupt();
    });
    const gowasm::GoCallResult r = plugin.program.call("spin", {});
    const auto reaction = Clock::now() - interrupted_at;
    stopper.join();
    show("spin() interrupted by another thread", r);
    std::printf("stopped within 100 ms of the interrupt: %s\n",
                reaction < std::chrono::milliseconds(100) ? "yes" : "no");
  }

  // A deadline on one call: a thread that interrupts unless the call
  // returns first.
  {
    gowasm::InstanceOptions limits;
    limits.interrupt = std::make_shared<gowasm::InterruptHandle>();
    Plugin plugin(module, limits);
    {
      gowasm::Deadline deadline(limits.interrupt, std::chrono::milliseconds(100));
      show("add(2, 2) with 100 ms allowed", plugin.program.call("add", {2, 2}));
    }
    gowasm::Deadline deadline(limits.interrupt, std::chrono::milliseconds(100));
    show("spin() with 100 ms allowed", plugin.program.call("spin", {}));
    std::printf("deadline expired: %s\n", deadline.expired() ? "yes" : "no");
  }

  // A memory cap: the guest's allocation fails inside Go, which ends the
  // program the way Go ends on running out of memory.
  {
    gowasm::InstanceOptions limits;
    limits.max_memory_pages = 1024;  // 64 MiB
    Plugin plugin(module, limits);
    const gowasm::Value size[] = {gowasm::Value::i32(256 << 20)};
    const gowasm::CallResult r = plugin.program.call_export("allocate", size);
    std::printf("allocate(256 MiB) under a 64 MiB cap: %s\n",
                r.ok() ? "succeeded" : r.trap->message.c_str());
    std::printf("the program %s with status %d\n",
                plugin.program.state() == gowasm::GoState::Exited ? "exited" : "is still running",
                plugin.program.result().exit_code);
  }

  // None of that harmed the process: a new program runs as usual.
  Plugin fresh(module, {});
  std::printf("a new program: add(1, 1) = %g\n",
              fresh.program.call("add", {1, 1}).value->as_number());
  return 0;
}
