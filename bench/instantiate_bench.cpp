// Many instances of one Go module, as an embedder running one plugin many
// times has them: the module is translated once, so the 2nd to 100th run
// costs no translation, and an extra instance costs its linear memory plus
// a little bookkeeping.
//
//   instantiate_bench --module=PATH [benchmark flags]   (see bench_module.h)
//
// BM_HundredRuns runs gobench's `hello` 100 times on one compiled module
// and reports the first, second and 100th run and what each translated.
// BM_HundredInstances keeps 100 instances alive (imports are stand-ins, as
// nothing runs) and reports what each extra one adds to the process.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

#include "bench_module.h"
#include "gowasm/go.h"
#include "gowasm/inspect.h"
#include "gowasm/instance.h"

namespace {

using namespace gowasm;

std::vector<uint8_t>& module_bytes() {
  static std::vector<uint8_t> bytes;
  return bytes;
}

// One `gobench hello` run; its output is dropped.
void run_hello(const std::shared_ptr<const Module>& module) {
  GoOptions options;
  options.args = {"gobench", "hello"};
  options.write = [](int, std::span<const uint8_t>) {};
  const GoResult result = run_go_program(module, options);
  if (result.outcome != GoResult::Outcome::Exited || result.exit_code != 0) {
    std::fprintf(stderr, "instantiate_bench: gobench hello failed\n");
    std::exit(1);
  }
}

void BM_HundredRuns(benchmark::State& state) {
  for (auto _ : state) {
    const auto module = Module::compile(std::span<const uint8_t>(module_bytes()));
    std::vector<double> milliseconds;
    std::vector<size_t> translated;
    for (int run = 0; run < 100; ++run) {
      const size_t before = translated_function_count(*module);
      const auto start = std::chrono::steady_clock::now();
      run_hello(module);
      milliseconds.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
      translated.push_back(translated_function_count(*module) - before);
    }
    state.counters["first_ms"] = milliseconds[0];
    state.counters["second_ms"] = milliseconds[1];
    state.counters["100th_ms"] = milliseconds[99];
    state.counters["first_translations"] = double(translated[0]);
    state.counters["2nd_to_100th_translations"] =
        double(translated_function_count(*module) - translated[0]);
  }
}
BENCHMARK(BM_HundredRuns)->Iterations(1)->Unit(benchmark::kMillisecond);

size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  size_t total = 0, resident = 0;
  statm >> total >> resident;
  return resident * size_t(sysconf(_SC_PAGESIZE));
}

size_t heap_bytes() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

void BM_HundredInstances(benchmark::State& state) {
  const auto module = Module::compile(std::span<const uint8_t>(module_bytes()));
  Imports imports;
  for (const Import& import : module->imports) {
    if (import.kind != ExternKind::Function) continue;
    imports.add_function(import.module, import.name, module->types[import.function_type],
                         [](HostCall&) { return Trap::host("stand-in import"); });
  }
  for (auto _ : state) {
    std::vector<std::shared_ptr<Instance>> instances;
    instances.push_back(Instance::instantiate(module, imports));  // the first one
    const size_t resident_before = resident_bytes(), heap_before = heap_bytes();
    for (int i = 1; i < 100; ++i) instances.push_back(Instance::instantiate(module, imports));
    const double extra = 99;
    state.counters["resident_KiB_per_instance"] =
        double(resident_bytes() - resident_before) / extra / 1024;
    state.counters["heap_KiB_per_instance"] = double(heap_bytes() - heap_before) / extra / 1024;
    state.counters["linear_memory_KiB"] = double(instances.back()->memory().size()) / 1024;
    state.counters["functions"] = double(module->function_count());
  }
}
BENCHMARK(BM_HundredInstances)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  module_bytes() = gowasm::bench::load_bench_module(argc, argv, "instantiate_bench").bytes;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
