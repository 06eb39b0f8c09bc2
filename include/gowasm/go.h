// Running a Go program compiled with GOOS=js GOARCH=wasm: the equivalent of
// `node wasm_exec_node.js module.wasm args...`, with no JavaScript engine.
// Both import ABIs are provided: module "go" (Go <= 1.20) and "gojs"
// (Go >= 1.21).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "gowasm/instance.h"

namespace gowasm {

// A host directory the guest sees at `guest` (absolute); nothing outside
// the mounts exists for the guest, and nothing inside can lead out of them.
struct GoMount {
  std::string host;
  std::string guest;  // absolute; "." and ".." in it are resolved
  bool read_only = false;
};

struct GoOptions {
  // The program's os.Args: argv[0] first (Node passes the module's path).
  std::vector<std::string> args;
  // The program's environment, exactly (nothing is inherited implicitly).
  std::vector<std::pair<std::string, std::string>> env;
  // The filesystem the guest sees; none by default. {"/", "/"} is the
  // whole host, as Node gives it.
  std::vector<GoMount> mounts;
  InstanceOptions instance;
  // Where the program's stdout (fd 1) and stderr (fd 2) go; by default
  // straight to this process's file descriptors, unbuffered, so that
  // interleaving matches Node's and nothing is lost at exit.
  std::function<void(int fd, std::span<const uint8_t> bytes)> write;
};

struct GoResult {
  // Exited: the program called os.Exit or returned from main (exit_code is
  // its status). Trapped: the module trapped or threw out of the bridge;
  // trap says how.
  enum class Outcome { Exited, Trapped } outcome = Outcome::Exited;
  int exit_code = 0;
  std::optional<Trap> trap;
};

// Instantiates `module` against the bridge and runs it to completion:
// run(), then timers and callbacks until the program exits or deadlocks.
// Throws LinkError when the module imports something the bridge lacks
// (all missing names listed) or lacks an export the protocol needs.
GoResult run_go_program(std::shared_ptr<const Module> module, GoOptions options);

}  // namespace gowasm
