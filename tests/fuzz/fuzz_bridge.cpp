// libFuzzer entry point for the JavaScript bridge: every input becomes a
// fake Go program (bridge_program.h) whose calls of the gojs imports carry
// whatever the input chose, run as a Go program is run. Every run must end
// as a Go program can (an exit, a trap, an uncaught JavaScript exception),
// with no crash, no sanitizer report and no escaping C++ exception. Under
// ASan, linear memory is followed by a poisoned guard (src/runtime.cpp), so
// a host access past its end is reported too.
//
//   CXX=clang++ cmake -S . -B build-fuzz -DGOWASM_FUZZ=ON -DBUILD_TESTING=OFF
//   cmake --build build-fuzz --target fuzz_bridge
//   build-fuzz/bin/fuzz_bridge -max_total_time=1800 -rss_limit_mb=4096 CORPUS_DIR
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>

#include "bridge_program.h"
#include "gowasm/error.h"

namespace {

// The guest's /tmp: one directory for the process, emptied after each run.
const std::filesystem::path& scratch_directory() {
  static const std::filesystem::path path = [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "fuzz_bridge.XXXXXX").string();
    if (!mkdtemp(pattern.data())) std::abort();
    return std::filesystem::path(pattern);
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> wasm = gowasm::fuzz::generate_bridge_program(std::span(data, size));
  std::shared_ptr<const gowasm::Module> module;
  try {
    module = gowasm::Module::compile(wasm);
  } catch (const gowasm::LoadError& e) {
    std::fprintf(stderr, "generated program rejected: %s\n", e.what());
    std::abort();
  }
  const std::filesystem::path& directory = scratch_directory();
  gowasm::fuzz::run_bridge_program(module, directory.string());
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    std::filesystem::remove_all(entry.path());
  }
  return 0;
}
