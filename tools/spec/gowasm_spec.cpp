// gowasm-spec: runs the official WebAssembly spec tests, as converted by
// wabt's wast2json, against gowasm. Arguments name scripts or folders of
// them; the exit status is 0 only when no command failed, so that CTest and
// CI can use it directly. Bad arguments exit with 2 to tell them apart from
// test failures.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string_view>
#include <vector>

#include "spec/spec_runner.h"

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kUsage = R"(usage: gowasm-spec [--verbose] [--timeout SECONDS] PATH...

Runs WebAssembly spec-test scripts written by wabt's wast2json against gowasm.
Each PATH is a script (.json, with the .wasm files it names beside it) or a
folder, in which every *.json file is run, searching subfolders, in sorted order.

Make the scripts with:  wast2json test.wast -o OUT/test/test.json

Every command kind is run. Each script gets a fresh `spectest` host module
and a fresh registry of modules. Modules that use SIMD are not executed yet:
they and the commands acting on them count as skipped, as does every command
on a module that failed to load (the failure is counted at the module).
Text-form modules count as not applicable.

  -v, --verbose  print every file's counts, every failure and every differing
                 error message as SOURCE.wast:LINE: COMMAND: WHAT
  -t, --timeout SECONDS
                 run each script in a child process and fail a command that
                 gives no result within SECONDS (default 10) as hung; a
                 command that crashes the child fails too, and the script
                 carries on after it. 0 runs everything in this process.
  -h, --help     print this help

The last line of output is "spec: N passed, M failed, K skipped".
Exit status: 0 when nothing failed, 1 when something failed, 2 on bad arguments.
)";

// The scripts a PATH argument stands for; throws on a PATH that yields none.
std::vector<fs::path> scripts_in(const fs::path& path) {
  if (!fs::exists(path)) throw std::runtime_error("no such file or folder: " + path.string());
  if (!fs::is_directory(path)) return {path};
  std::vector<fs::path> scripts;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(path))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      scripts.push_back(entry.path());
  if (scripts.empty()) throw std::runtime_error("no .json scripts in " + path.string());
  std::sort(scripts.begin(), scripts.end());
  return scripts;
}

// A whole number of seconds, at most a day; throws on anything else.
long parse_seconds(std::string_view text) {
  long seconds = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || seconds < 0 ||
      seconds > 86400)
    throw std::runtime_error("bad number of seconds \"" + std::string(text) + "\"");
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  bool verbose = false;
  std::chrono::seconds timeout(10);
  std::vector<fs::path> scripts;
  try {
    for (int i = 1; i < argc; ++i) {
      std::string_view arg = argv[i];
      if (arg == "-h" || arg == "--help") {
        std::cout << kUsage;
        return 0;
      }
      if (arg == "-v" || arg == "--verbose") {
        verbose = true;
      } else if (arg == "-t" || arg == "--timeout") {
        if (++i == argc) throw std::runtime_error(std::string(arg) + " needs a number of seconds");
        timeout = std::chrono::seconds(parse_seconds(argv[i]));
      } else if (arg.starts_with("-")) {
        throw std::runtime_error("unknown option " + std::string(arg) + " (see --help)");
      } else {
        for (fs::path& script : scripts_in(arg)) scripts.push_back(std::move(script));
      }
    }
    if (scripts.empty()) throw std::runtime_error("no scripts given (see --help)");
  } catch (const std::exception& e) {
    // fs::filesystem_error (an unreadable folder) lands here too.
    std::cerr << "gowasm-spec: " << e.what() << "\n";
    return 2;
  }

  gowasm::spec::SpecRunner runner(std::cout, verbose, timeout);
  for (const fs::path& script : scripts) runner.run_file(script);
  runner.print_summary();
  return runner.totals().failed == 0 ? 0 : 1;
}
