// gowasm-fuzz-exec: prints the transcript (export_transcript.h) of a module,
// or of the module the generator makes from a fuzzer input, for the
// differential test and for reproducing what a fuzz target found.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "export_transcript.h"
#include "gowasm/error.h"
#include "module_generator.h"

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: gowasm-fuzz-exec [--fuel N] module.wasm\n"
               "       gowasm-fuzz-exec --generate INPUT [--emit OUT.wasm] [--fuel N]\n"
               "Calls every exported function with zero arguments, in export order, in one\n"
               "instance, as `wasm-opt --fuzz-exec` does, and prints what happened: calls,\n"
               "results (floats as bits), traps and calls of binaryen's fuzzing-support\n"
               "log imports. With --generate, INPUT is a fuzzer input (say, a crash file of\n"
               "fuzz_exec) and the module is the one tests/fuzz/module_generator makes of it;\n"
               "--emit writes that module out.\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  gowasm::fuzz::TranscriptLimits limits;
  bool generate = false;
  const char* emit = nullptr;
  const char* path = nullptr;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--generate") {
      generate = true;
    } else if (arg == "--emit" && i + 1 < argc) {
      emit = argv[++i];
    } else if (arg == "--fuel" && i + 1 < argc) {
      limits.fuel = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg.starts_with("-") || path) {
      return usage();
    } else {
      path = argv[i];
    }
  }
  if (!path) return usage();
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::fprintf(stderr, "gowasm-fuzz-exec: cannot read %s\n", path);
    return 1;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), {});
  if (generate) bytes = gowasm::fuzz::generate_module(bytes);
  if (emit) {
    std::ofstream out(emit, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    if (!out) {
      std::fprintf(stderr, "gowasm-fuzz-exec: cannot write %s\n", emit);
      return 1;
    }
  }
  try {
    const auto module = gowasm::Module::compile(bytes);
    std::fputs(gowasm::fuzz::transcribe_exports(module, limits).c_str(), stdout);
  } catch (const gowasm::LoadError& e) {
    std::fprintf(stderr, "gowasm-fuzz-exec: %s: %s\n", path, e.what());
    return 1;
  }
  return 0;
}
