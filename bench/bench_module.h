// The Go module a benchmark loads: --module=PATH, else the source's
// environment variable, else its default file in the temp directory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gowasm::bench {

// Where a benchmark's module comes from by default, and how to build it.
struct ModuleSource {
  const char* env_var;       // may be null
  const char* default_file;  // in the temp directory
  const char* build;         // a shell command; %s is the path
};
// gobench, which ../shared/bench/compare.py leaves in the temp directory.
inline constexpr ModuleSource kGobench{
    "GOWASM_BENCH_MODULE", "gobench-js.wasm",
    "(cd ../shared/bench/gobench && GOOS=js GOARCH=wasm go build -o %s .)"};
// testdata/go/plugin.
inline constexpr ModuleSource kPlugin{
    nullptr, "plugin.wasm", "(cd testdata/go && GOOS=js GOARCH=wasm go build -o %s ./plugin)"};

struct BenchModule {
  std::string path;
  std::vector<uint8_t> bytes;
};

// Reads the module named by argv or the environment; on failure prints how
// to build one and exits with status 2. Records the path and size in the
// benchmark context.
BenchModule load_bench_module(int argc, char** argv, const char* program,
                              const ModuleSource& source = kGobench);

}  // namespace gowasm::bench
