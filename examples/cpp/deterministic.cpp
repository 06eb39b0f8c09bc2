// Deterministic runs: a virtual clock and seeded randomness make a Go
// program print the same bytes every time, and its waits take no time.
// The guest is testdata/go/deterministic, which prints the time, random
// numbers, and how long an hour's sleep and a 90-minute timer took:
//   (cd testdata/go && GOOS=js GOARCH=wasm go build -o deterministic.wasm ./deterministic)
//   deterministic deterministic.wasm
#include <gowasm/file.h>
#include <gowasm/go.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace {

// One run, its stdout and stderr kept.
std::string run(std::shared_ptr<const gowasm::Module> module) {
  std::string output;
  gowasm::GoOptions options;
  options.args = {"deterministic"};
  // The guest's clock starts at 2000-01-01T00:00:00Z and jumps over waits.
  options.virtual_clock_start =
      std::chrono::system_clock::time_point(std::chrono::seconds(946684800));
  options.random_seed = 42;
  options.write = [&output](int, std::span<const uint8_t> bytes) {
    output.append(bytes.begin(), bytes.end());
  };
  const gowasm::GoResult result = gowasm::run_go_program(std::move(module), std::move(options));
  output += "exit status " + std::to_string(result.exit_code) + "\n";
  return output;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: deterministic deterministic.wasm\n");
    return 2;
  }
  const auto module = gowasm::Module::compile(gowasm::read_binary_file(argv[1]));
  const auto start = std::chrono::steady_clock::now();
  const std::string first = run(module), second = run(module);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  std::fputs(first.c_str(), stdout);
  std::printf("second run identical: %s\n", first == second ? "yes" : "no");
  std::printf("both runs, 2h30m of guest waiting, under a second: %s\n",
              elapsed < std::chrono::seconds(1) ? "yes" : "no");
  return 0;
}
