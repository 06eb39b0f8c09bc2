// The Node.js host objects a Go program reaches through the global object:
// console, process, path, fs, crypto, performance. Each installer adds its
// object to the realm's global object, backed by the host environment.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include "clock.h"
#include "guest_fs.h"
#include "random.h"
#include "realm.h"

namespace gowasm::js {

// The host-system layer (host/) as the bridge uses it.
using host::FsError;
using host::GuestFileSystem;
using host::Mount;
using host::normalise_path;

// What the host objects share: output, the clock, randomness, the process
// state a guest can change (working directory, umask).
struct HostEnvironment {
  std::function<void(int fd, std::span<const uint8_t> bytes)> write;
  // Reads of fd 0 when set; otherwise the process's stdin.
  std::function<size_t(std::span<uint8_t> buffer)> read_stdin;
  // Output that has no one to report a failure to (console.log, Go's
  // runtime prints): a refused write is dropped.
  void write_text(int fd, std::string_view text) const {
    write_or_drop(fd, std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  }
  void write_or_drop(int fd, std::span<const uint8_t> bytes) const {
    try {
      write(fd, bytes);
    } catch (const std::system_error&) {
    }
  }
  host::Clock clock;
  host::RandomSource random;
  GuestFileSystem* fs = nullptr;  // the guest's mounts, and its working directory
  // process.cwd()'s answer, a guest path, cached as Node caches it: set on
  // first use after each chdir, while the directory itself may move (paths
  // relative to it follow the directory: fs->cwd()). Empty: not yet known.
  // Its value when install_process runs is where the guest starts.
  std::string cwd;
  // Queues `callback` for the event loop, as Node queues an I/O callback:
  // it runs once the current call into the host has returned.
  std::function<void(std::function<void()> callback)> defer;
  // State the installed objects' functions refer to.
  std::vector<std::shared_ptr<void>> keep_alive;
};

void install_console(Realm& realm, HostEnvironment& host);
void install_process(Realm& realm, HostEnvironment& host, const std::string& argv0);
void install_path(Realm& realm, HostEnvironment& host);
void install_fs(Realm& realm, HostEnvironment& host);
void install_crypto_and_performance(Realm& realm, HostEnvironment& host);
// The global eval, for a small subset of JavaScript (js_eval.cpp).
void install_eval(Realm& realm);
Value eval_script(Realm& realm, const std::string& source);

// Node's util.format for console.log's arguments (util.inspect for
// non-strings).
std::string format_for_console(std::span<const Value> args);
// process.cwd(): host.cwd, found first when not known (a JavaScript error
// with Node's code when the directory is gone).
std::string process_cwd(Realm& realm, HostEnvironment& host);
// Whether a relative path names the working directory itself ("." "./." ...).
bool names_cwd_itself(const std::string& path);
// Node's path.resolve against `cwd`.
std::string resolve_path(const std::string& cwd, std::span<const std::string> segments);
// Node's code for an errno ("ENOENT") and its description ("no such file or directory").
std::string errno_code(int error);
std::string errno_description(int error);
// Node's error for a failed system call: "ENOENT: no such file or
// directory, open" + `detail`, with code, errno and syscall set (fs errors
// add their path).
ObjectRef system_error(const Realm& realm, int error, const std::string& syscall,
                       const std::string& detail = "");

}  // namespace gowasm::js
