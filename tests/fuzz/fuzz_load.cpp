// libFuzzer entry point for the reader and validator: any input must be
// accepted or rejected with a LoadError, never crash, hang or exhaust memory.
//
//   CXX=clang++ cmake -S . -B build-fuzz -DGOWASM_FUZZ=ON && cmake --build build-fuzz --target
//   fuzz_load build-fuzz/bin/fuzz_load -max_total_time=600 -rss_limit_mb=2048 CORPUS_DIR
#include <cstddef>
#include <cstdint>
#include <span>

#include "gowasm/module.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    gowasm::Module::compile(std::span<const uint8_t>(data, size));
  } catch (const gowasm::LoadError&) {
  }
  return 0;
}
