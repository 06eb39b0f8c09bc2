// The cost of a host's call into a Go plugin: GoProgram::call on a trivial
// js.FuncOf function (testdata/go/plugin's `add`), and whether 100,000
// calls leave memory behind (the bridge's reference table, the realm, the
// heap).
//
//   go_call_bench --module=PLUGIN.wasm [benchmark flags]
// (by default $TMPDIR/plugin.wasm; see bench_module.h for how to build it)
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cstdio>
#include <fstream>

#include "bench_module.h"
#include "gowasm/go.h"

namespace {

using namespace gowasm;

std::shared_ptr<const Module>& plugin() {
  static std::shared_ptr<const Module> module;
  return module;
}

std::unique_ptr<GoProgram> started_plugin() {
  GoOptions options;
  options.args = {"plugin"};
  options.write = [](int, std::span<const uint8_t>) {};
  auto program = std::make_unique<GoProgram>(plugin(), options);
  JsValue config = program->make_object();
  config.set("user", "bench");
  program->global().set("pluginConfig", config);
  if (program->start() != GoState::Blocked) {
    std::fprintf(stderr, "go_call_bench: the plugin did not start\n");
    std::exit(1);
  }
  return program;
}

void BM_CallTrivialFunction(benchmark::State& state) {
  auto program = started_plugin();
  const JsValue add = program->global().get("add");
  for (auto _ : state) {
    GoCallResult r = program->call_function(add, {40, 2});
    if (!r.ok() || r.value->as_number() != 42) state.SkipWithError("wrong result");
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}
BENCHMARK(BM_CallTrivialFunction)->Iterations(1000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CallTrivialFunction)->Unit(benchmark::kMicrosecond);

size_t heap_bytes() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  size_t total = 0, resident = 0;
  statm >> total >> resident;
  return resident * 4096;
}

// 100,000 calls after 100,000 to warm up: what the heap and the process
// hold afterwards, compared with before. The warm-up is long because the
// bridge's references to call events are released by Go's finalizers,
// which run only after a garbage collection: the reference table grows
// until the first collections (to ~100,000 entries here), then its free
// entries are reused.
void BM_MemoryAcross100000Calls(benchmark::State& state) {
  auto program = started_plugin();
  const JsValue add = program->global().get("add");
  const auto calls = [&](int n) {
    for (int i = 0; i < n; ++i) program->call_function(add, {i, 1});
  };
  for (auto _ : state) {
    calls(100000);
    const size_t heap = heap_bytes(), resident = resident_bytes();
    calls(100000);
    state.counters["heap_growth_KiB"] = (double(heap_bytes()) - double(heap)) / 1024;
    state.counters["resident_growth_KiB"] = (double(resident_bytes()) - double(resident)) / 1024;
    // Three more rounds: growth that is the collector's timing levels off.
    for (int round = 3; round <= 5; ++round) {
      calls(100000);
      state.counters["heap_KiB_after_" + std::to_string(round) + "00k"] =
          (double(heap_bytes()) - double(heap)) / 1024;
    }
  }
}
BENCHMARK(BM_MemoryAcross100000Calls)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const bench::BenchModule source =
      bench::load_bench_module(argc, argv, "go_call_bench", bench::kPlugin);
  try {
    plugin() = Module::compile(source.bytes);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "go_call_bench: %s: %s\n", source.path.c_str(), e.what());
    return 2;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
