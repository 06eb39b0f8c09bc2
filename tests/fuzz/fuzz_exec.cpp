// libFuzzer entry point for the translator and the executor: every input
// becomes a valid module (module_generator.h), which must load, and whose
// exports all run (export_transcript.h) under fuel and a small call depth
// without a crash, a sanitizer report or a hang; and two instances of it
// must do exactly the same, which catches reads of memory the engine never
// wrote.
//
//   CXX=clang++ cmake -S . -B build-fuzz -DGOWASM_FUZZ=ON -DBUILD_TESTING=OFF
//   cmake --build build-fuzz --target fuzz_exec
//   build-fuzz/bin/fuzz_exec -max_total_time=3600 -rss_limit_mb=2048 CORPUS_DIR
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "export_transcript.h"
#include "gowasm/error.h"
#include "module_generator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> wasm = gowasm::fuzz::generate_module(std::span(data, size));
  std::shared_ptr<const gowasm::Module> module;
  try {
    module = gowasm::Module::compile(wasm);
  } catch (const gowasm::LoadError& e) {
    // The generator makes valid modules only: either it or the validator is wrong.
    std::fprintf(stderr, "generated module rejected: %s\n", e.what());
    std::abort();
  }
  gowasm::fuzz::TranscriptLimits limits;
  limits.fuel = 20000;
  limits.max_call_depth = 1000;
  limits.value_stack_slots =
      1 << 16;  // not the default 128 MiB: ASan would clear its shadow per run
  const std::string first = gowasm::fuzz::transcribe_exports(module, limits);
  if (gowasm::fuzz::transcribe_exports(module, limits) != first) {
    std::fprintf(stderr, "two instances of one module differ; the first did:\n%s", first.c_str());
    std::abort();
  }
  return 0;
}
