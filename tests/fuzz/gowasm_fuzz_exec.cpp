// gowasm-fuzz-exec: prints the transcript (export_transcript.h) of a module,
// or of the module the generator makes from a fuzzer input, for the
// differential test and for reproducing what a fuzz target found; and runs
// the fake Go program that bridge_program makes from a fuzz_bridge input.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "bridge_program.h"
#include "export_transcript.h"
#include "gowasm/error.h"
#include "module_generator.h"

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: gowasm-fuzz-exec [--fuel N] module.wasm\n"
               "       gowasm-fuzz-exec --generate INPUT [--emit OUT.wasm] [--fuel N]\n"
               "       gowasm-fuzz-exec --bridge INPUT [--emit OUT.wasm]\n"
               "Calls every exported function with zero arguments, in export order, in one\n"
               "instance, as `wasm-opt --fuzz-exec` does, and prints what happened: calls,\n"
               "results (floats as bits), traps and calls of binaryen's fuzzing-support\n"
               "log imports. With --generate, INPUT is a fuzzer input (say, a crash file of\n"
               "fuzz_exec) and the module is the one tests/fuzz/module_generator makes of it;\n"
               "--emit writes that module out.\n"
               "With --bridge, INPUT is an input of fuzz_bridge: the fake Go program that\n"
               "tests/fuzz/bridge_program makes of it runs as fuzz_bridge runs it (a fresh\n"
               "directory as its /tmp) and how it ended is printed; --emit writes the\n"
               "program out, for gowasm-run or Node.\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  gowasm::fuzz::TranscriptLimits limits;
  bool generate = false, bridge = false;
  const char* emit = nullptr;
  const char* path = nullptr;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--generate") {
      generate = true;
    } else if (arg == "--bridge") {
      bridge = true;
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
  if (!path || (generate && bridge)) return usage();
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::fprintf(stderr, "gowasm-fuzz-exec: cannot read %s\n", path);
    return 1;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), {});
  if (generate) bytes = gowasm::fuzz::generate_module(bytes);
  if (bridge) bytes = gowasm::fuzz::generate_bridge_program(bytes);
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
    if (bridge) {
      std::string directory = (std::filesystem::temp_directory_path() / "bridge.XXXXXX").string();
      if (!mkdtemp(directory.data())) {
        std::perror("gowasm-fuzz-exec: mkdtemp");
        return 1;
      }
      const gowasm::fuzz::BridgeRun run = gowasm::fuzz::run_bridge_program(module, directory);
      std::filesystem::remove_all(directory);
      std::printf("%s\n%zu bridge calls\n", run.outcome.c_str(), run.calls);
      return 0;
    }
    std::fputs(gowasm::fuzz::transcribe_exports(module, limits).c_str(), stdout);
  } catch (const gowasm::LoadError& e) {
    std::fprintf(stderr, "gowasm-fuzz-exec: %s: %s\n", path, e.what());
    return 1;
  }
  return 0;
}
