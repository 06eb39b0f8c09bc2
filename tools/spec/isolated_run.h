// Runs a script's commands in a child process, so that an engine that
// crashes or loops forever on one command costs that command and not the
// whole suite. A command that crashes the child, or gives no result within
// the timeout, fails with what happened; a new child then replays the
// commands before it (to rebuild the modules they define, without counting
// them again) and carries on after it.
#pragma once

#include <chrono>
#include <filesystem>
#include <vector>

#include "spec/json.h"
#include "spec/script_run.h"

namespace gowasm::spec {

// One outcome per command, in order. Throws std::runtime_error when no child
// process can be made.
std::vector<Outcome> run_isolated(const std::filesystem::path& folder,
                                  const JsonValue::Array& commands, std::chrono::seconds timeout);

}  // namespace gowasm::spec
