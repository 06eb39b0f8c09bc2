// Runs the command scripts that wabt's wast2json makes of the official
// WebAssembly spec tests against gowasm and counts the outcome of every
// command. A command gowasm cannot run yet is counted as skipped with the
// reason, never as passed, so the totals say how much of the suite is really
// covered. A script that cannot be read or parsed counts as a failure rather
// than stopping the run, so one damaged file does not hide the rest.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "spec/json.h"
#include "spec/script_run.h"

namespace gowasm::spec {

struct SpecCounts {
  size_t passed = 0;
  size_t failed = 0;
  size_t skipped = 0;
  // Commands outside what a binary-only engine can check: text-form modules
  // that only a .wat parser could reject. Neither passed nor skipped.
  size_t not_applicable = 0;
  // Passed commands whose error reason does not start with the text the
  // script expects; the spec leaves wording to the engine, so this is not a failure.
  size_t message_differs = 0;
  std::map<std::string, size_t> skip_reasons;

  SpecCounts& operator+=(const SpecCounts& other);
};

class SpecRunner {
 public:
  // Results go to `out`; `verbose` adds a line per file and a line per
  // failure or differing message. With a `timeout`, each script runs in a
  // child process and a command without a result within it fails as hung;
  // zero runs the scripts in this process, for debuggers.
  SpecRunner(std::ostream& out, bool verbose, std::chrono::seconds timeout)
      : out_(out), verbose_(verbose), timeout_(timeout) {}

  // Runs one wast2json script (the .wasm files it names lie beside it) and
  // adds its counts to totals(). Prints the file's line when verbose or when
  // something failed.
  void run_file(const std::filesystem::path& json_path);

  const SpecCounts& totals() const { return totals_; }
  // The summary, ending with the line "spec: N passed, M failed, K skipped".
  void print_summary() const;

 private:
  std::vector<Outcome> run_commands(const std::filesystem::path& folder,
                                    const JsonValue::Array& commands) const;

  std::ostream& out_;
  bool verbose_;
  std::chrono::seconds timeout_;
  SpecCounts totals_;
};

}  // namespace gowasm::spec
