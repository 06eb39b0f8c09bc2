// Running a WASI preview 1 command: a module that imports
// `wasi_snapshot_preview1` and exports `_start`, such as a Go program built
// with GOOS=wasip1 GOARCH=wasm (or a Rust or C program for wasm32-wasip1).
//
//   gowasm::ProgramOptions options;
//   options.args = {"app.wasm", "input"};
//   gowasm::ProgramResult r = gowasm::run_wasi_program(module, std::move(options));
//
// The program gets the command line and environment, clocks
// (ProgramOptions::virtual_clock_start makes the run reproducible and its
// sleeps instant), randomness, stdin, stdout and stderr (through
// ProgramOptions::read and write, as Go js/wasm programs have them),
// sleeping with poll_oneoff, proc_exit, and files: every
// ProgramOptions::mounts entry is a preopened directory (fds 3, 4, ... in
// that order, fd_prestat_dir_name its guest path) on the sandbox the Go/JS
// bridge uses, so '..', absolute paths and symbolic links never lead out of
// the mounts and a read-only mount refuses writes (EROFS); rights, as
// path_open and fd_fdstat_set_rights give them, are checked on every call;
// and sockets: every ProgramOptions::sockets entry is a preopened listening
// socket (after the directories) for sock_accept, sock_recv, sock_send and
// sock_shutdown. Every function of preview 1 is there; only proc_raise
// returns ENOSYS (52), as in other runtimes. The official WASI test suite
// passes (tests/wasi/run_wasi_testsuite.py).
#pragma once

#include <memory>

#include "gowasm/module.h"
#include "gowasm/program.h"

namespace gowasm {

// Whether `module` imports anything from wasi_snapshot_preview1.
bool imports_wasi(const Module& module);

// Whether `module` is a WASI command: it imports from wasi_snapshot_preview1
// and exports a function `_start` of type () -> ().
bool is_wasi_command(const Module& module);

// Instantiates `module` against wasi_snapshot_preview1 and calls its
// `_start`. The run ends Exited when _start returns (status 0) or the
// program calls proc_exit (its status), and Trapped on a trap, an interrupt
// (InstanceOptions::interrupt, also while the program sleeps in
// poll_oneoff) or running out of fuel.
// Throws LinkError (not a WASI command, or imports that are missing or
// of the wrong type, all named), InstantiationTrap, and std::system_error
// when a mount's host directory cannot be opened.
ProgramResult run_wasi_program(std::shared_ptr<const Module> module, ProgramOptions options);

// A WASI reactor (or any module that imports wasi_snapshot_preview1): the
// instance, against the same host as a command gets, after its
// `_initialize` () -> () when it exports one; the caller then calls its
// exports (Instance::call). A proc_exit in a call ends that call with a
// Trap of kind Exit. Throws as run_wasi_program does, and
// InstantiationTrap when _initialize traps.
//
//   auto reactor = gowasm::instantiate_wasi(module, options);   // go build -buildmode=c-shared
//   gowasm::CallResult sum = reactor->call("add", {gowasm::Value::i32(2), gowasm::Value::i32(3)});
std::shared_ptr<Instance> instantiate_wasi(std::shared_ptr<const Module> module,
                                           ProgramOptions options);

}  // namespace gowasm
