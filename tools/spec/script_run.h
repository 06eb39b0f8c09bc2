// Runs the commands of one wast2json script in order, against the state the
// earlier ones left: the modules defined and registered so far. Each command
// gives an Outcome; nothing a command or the engine does escapes as an
// exception, so the caller only counts.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "spec/json.h"

namespace gowasm::spec {

struct Outcome {
  enum class Status { Passed, Failed, Skipped, NotApplicable };
  Status status = Status::Passed;
  // Failed: what happened. Skipped: why. Passed: set only when the error message differs.
  std::string detail;
  bool message_differs = false;
};

class ScriptRun {
 public:
  // `folder` holds the .wasm files the commands name.
  explicit ScriptRun(std::filesystem::path folder);
  ~ScriptRun();
  ScriptRun(const ScriptRun&) = delete;
  ScriptRun& operator=(const ScriptRun&) = delete;

  Outcome run(const JsonValue& command);
  // Passes over a command that crashed or hung in an earlier attempt: a
  // module it would define, or a registration it would make, counts as one
  // that failed, so later commands do not act on an older module instead.
  void abandon(const JsonValue& command);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gowasm::spec
