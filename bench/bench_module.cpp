// See bench_module.h.
#include "bench_module.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "gowasm/file.h"

namespace gowasm::bench {

BenchModule load_bench_module(int argc, char** argv, const char* program,
                              const ModuleSource& source) {
  BenchModule module;
  if (const char* env = source.env_var ? std::getenv(source.env_var) : nullptr) module.path = env;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--module=", 9) == 0) module.path = argv[i] + 9;
  }
  if (module.path.empty())
    module.path = (std::filesystem::temp_directory_path() / source.default_file).string();
  try {
    module.bytes = read_binary_file(module.path);
  } catch (const std::system_error& e) {
    std::fprintf(stderr, "%s: cannot read %s\nbuild one with: ", program, e.what());
    std::fprintf(stderr, source.build, module.path.c_str());
    std::fputc('\n', stderr);
    std::exit(2);
  }
  benchmark::AddCustomContext("module", module.path);
  benchmark::AddCustomContext("module_bytes", std::to_string(module.bytes.size()));
  return module;
}

}  // namespace gowasm::bench
