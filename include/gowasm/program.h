// What every kind of program gowasm runs is given, and how it ends: the
// configuration shared by Go's js/wasm port (gowasm/go.h, GoOptions) and by
// WASI preview 1 modules (gowasm/wasi.h), so that a host sets up either the
// same way.
//
//   gowasm::ProgramOptions options;
//   options.args = {"app.wasm", "--verbose"};      // argv[0] first
//   options.env = {{"HOME", "/home/me"}};          // nothing is inherited
//   options.virtual_clock_start = std::chrono::system_clock::time_point{};  // reproducible
//   options.random_seed = 42;
//   gowasm::ProgramResult r = gowasm::run_wasi_program(module, options);  // or run_go_program
//   if (r.outcome == gowasm::ProgramResult::Outcome::Exited) return r.exit_code;
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "gowasm/instance.h"
#include "gowasm/trap.h"

namespace gowasm {

// A host directory the guest sees at `guest` (absolute); nothing outside
// the mounts exists for the guest, and nothing inside can lead out of them.
struct ProgramMount {
  std::string host;
  std::string guest;  // absolute; "." and ".." in it are resolved
  bool read_only = false;
};

// Everything a program sees of the world: its command line and
// environment, its files, its clock and randomness, and where its standard
// streams lead. Every field has a safe default: no files, no environment,
// the host's clocks, the operating system's randomness, this process's
// stdin, stdout and stderr.
struct ProgramOptions {
  // The program's command line (os.Args): argv[0] first. gowasm-run, like
  // Node and wasmtime, passes the module's path there.
  std::vector<std::string> args;
  // The program's environment, exactly (nothing is inherited implicitly).
  std::vector<std::pair<std::string, std::string>> env;
  // The filesystem the guest sees; none by default. {"/", "/"} is the
  // whole host, as Node gives it. A WASI program gets each mount as a
  // preopened directory, fds 3, 4, ... in this order, named by its guest
  // path; both ports share one sandbox (host::GuestFileSystem).
  std::vector<ProgramMount> mounts;
  // WASI only: listening sockets (host descriptors, TCP or Unix) the program
  // gets preopened after the mounts' directories, for sock_accept; its
  // connections are sock_recv/fd_read, sock_send/fd_write, sock_shutdown.
  // The program gets a duplicate of each, set non-blocking (a flag shared
  // with the caller's descriptor); the caller keeps and closes its own.
  // gowasm-run --listen makes them.
  std::vector<int> sockets;
  // Resource bounds, an interrupt handle, fuel, a profiler.
  InstanceOptions instance;
  // Time as the guest sees it (Date, time.Now, timers, sleeps): the host's
  // clocks, or, when set, a virtual clock that starts at this wall time and
  // jumps over every wait: an hour of time.Sleep takes no time.
  std::optional<std::chrono::system_clock::time_point> virtual_clock_start;
  // Seeds the guest's randomness (crypto/rand, crypto.getRandomValues,
  // WASI's random_get): the same seed gives the same bytes. Unset: the
  // operating system's CSPRNG.
  std::optional<uint64_t> random_seed;
  // Where the program's stdout (fd 1) and stderr (fd 2) go; by default
  // straight to this process's file descriptors, unbuffered, so that
  // interleaving is the program's own and nothing is lost at exit. May throw
  // std::system_error, which the guest's write sees as that error (a closed
  // pipe, a full disk); the Go runtime's own prints (panics) drop it.
  std::function<void(int fd, std::span<const uint8_t> bytes)> write;
  // Where the program's stdin (fd 0) comes from: fills the start of
  // `buffer` and returns how many bytes it filled, 0 at the end of the
  // input; or throws std::system_error, which the guest sees as that
  // error. By default this process's stdin.
  std::function<size_t(std::span<uint8_t> buffer)> read;
};

// How a program ended.
struct ProgramResult {
  // Exited: the program exited (os.Exit, proc_exit, or main / _start
  // returned: exit_code is its status). Trapped: the module trapped, was
  // interrupted or ran out of fuel, or (Go's js/wasm port) threw out of the
  // bridge; trap says how.
  enum class Outcome { Exited, Trapped } outcome = Outcome::Exited;
  int exit_code = 0;
  std::optional<Trap> trap;
};

}  // namespace gowasm
