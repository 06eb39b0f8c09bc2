// Start-up cost of a Go module: decoding and validation, separately and
// together. Go binaries are 2-15 MB and start-up time is a headline
// feature, so this is held under 20 ms for the gobench module.
//
//   load_bench --module=PATH [benchmark flags]
// PATH defaults to $GOWASM_BENCH_MODULE, then to the gobench build that
// ../shared/bench/compare.py leaves in the temp directory.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "gowasm/file.h"
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
  std::string path = std::getenv("GOWASM_BENCH_MODULE") ? std::getenv("GOWASM_BENCH_MODULE") : "";
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--module=", 9) == 0) path = argv[i] + 9;
  }
  if (path.empty()) path = (std::filesystem::temp_directory_path() / "gobench-js.wasm").string();
  try {
    module_bytes() = gowasm::read_binary_file(path);
  } catch (const std::system_error& e) {
    std::fprintf(
        stderr,
        "load_bench: cannot read %s\n"
        "build one with: (cd ../shared/bench/gobench && GOOS=js GOARCH=wasm go build -o %s .)\n",
        e.what(), path.c_str());
    return 2;
  }
  benchmark::AddCustomContext("module", path);
  benchmark::AddCustomContext("module_bytes", std::to_string(module_bytes().size()));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
