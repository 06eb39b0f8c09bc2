// waPC (bytes-in, bytes-out RPC) with a Go guest, as the Go library
// wasmexec carries it over syscall/js: the guest registers operations in
// its `wapc` package and the host invokes them; the guest calls the host
// back with wapc.HostCall(binding, namespace, operation, payload).
//
//   gowasm::GoProgram program(module, options);
//   gowasm::WapcHost wapc(program, [](const gowasm::WapcHostCall& call) {
//     return std::vector<uint8_t>(...);   // or throw gowasm::WapcError("why")
//   });
//   program.start();
//   gowasm::WapcResult r = wapc.invoke("hello", bytes, std::chrono::seconds(5));
//   // r.response, or r.error: the guest's error or why there is no answer
//
// The protocol: the host defines the global object `wapc` with
// __guest_response(payload), __guest_error(message) and
// __host_call(binding, namespace, operation, payload) -> [response, error];
// the guest defines the global function __guest_call(operation, payload),
// which returns true and answers later (from a goroutine), or returns
// false after reporting an error. Payloads and names travel as Uint8Arrays.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "gowasm/go.h"

namespace gowasm {

// What the guest asks of the host.
struct WapcHostCall {
  std::string binding, namespace_, operation;
  std::span<const uint8_t> payload;
};

// Thrown by a host-call handler: the guest's HostCall returns it as an error.
class WapcError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using WapcHostHandler = std::function<std::vector<uint8_t>(const WapcHostCall& call)>;

struct WapcResult {
  std::vector<uint8_t> response;
  // Unset on success. Otherwise the guest's own error, or why no answer
  // came: the operation is unknown, the deadline passed, the guest can no
  // longer answer, or the program ended (then it says how).
  std::optional<std::string> error;
  bool ok() const { return !error; }
};

class WapcHost {
 public:
  // Defines the `wapc` global on `program`; call before start(). Without a
  // handler, every host call fails with "no waPC host call handler".
  explicit WapcHost(GoProgram& program, WapcHostHandler handler = nullptr);
  // The program's `wapc` functions refer to this object: it stays put.
  WapcHost(const WapcHost&) = delete;
  WapcHost& operator=(const WapcHost&) = delete;

  // Invokes `operation` and drives the program until the guest answers, the
  // timeout passes, or nothing is left that could make it answer. Never
  // hangs. The program must be started and blocked.
  WapcResult invoke(std::string_view operation, std::span<const uint8_t> payload,
                    std::chrono::steady_clock::duration timeout = std::chrono::seconds(10));

 private:
  GoProgram& program_;
  WapcHostHandler handler_;
  // The answer to the invocation in progress.
  struct Answer {
    bool arrived = false;
    std::vector<uint8_t> response;
    std::optional<std::string> error;
  } answer_;
};

}  // namespace gowasm
