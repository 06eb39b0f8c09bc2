// The Go module the start-up benchmarks load: --module=PATH, else
// $GOWASM_BENCH_MODULE, else the gobench build that
// ../shared/bench/compare.py leaves in the temp directory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gowasm::bench {

struct BenchModule {
  std::string path;
  std::vector<uint8_t> bytes;
};

// Reads the module named by argv or the environment; on failure prints how
// to build one and exits with status 2. Records the path and size in the
// benchmark context.
BenchModule load_bench_module(int argc, char** argv, const char* program);

}  // namespace gowasm::bench
