// Start-up cost of a Go module: decoding and validation, separately and
// together. Go binaries are 2-15 MB and start-up time is a headline
// feature, so this is held under 20 ms for the gobench module.
//
//   load_bench --module=PATH [benchmark flags]
// PATH defaults to $GOWASM_BENCH_MODULE, then to the gobench build that
// ../shared/bench/compare.py leaves in the temp directory.
#include <benchmark/benchmark.h>

#include "bench_module.h"
#include "gowasm/module.h"

namespace {

std::vector<uint8_t>& module_bytes() {
  static std::vector<uint8_t> bytes;
  return bytes;
}

void BM_Decode(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(gowasm::Module::decode(module_bytes()));
  state.SetBytesProcessed(int64_t(state.iterations() * module_bytes().size()));
}
BENCHMARK(BM_Decode)->Unit(benchmark::kMillisecond);

void BM_Validate(benchmark::State& state) {
  gowasm::Module module = gowasm::Module::decode(module_bytes());
  for (auto _ : state) module.validate();
  state.SetBytesProcessed(int64_t(state.iterations() * module_bytes().size()));
}
BENCHMARK(BM_Validate)->Unit(benchmark::kMillisecond);

void BM_DecodeAndValidate(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(gowasm::Module::compile(std::span<const uint8_t>(module_bytes())));
  state.SetBytesProcessed(int64_t(state.iterations() * module_bytes().size()));
}
BENCHMARK(BM_DecodeAndValidate)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  module_bytes() = gowasm::bench::load_bench_module(argc, argv, "load_bench").bytes;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
