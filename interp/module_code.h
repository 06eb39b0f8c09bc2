// A module's translated code, shared by all its instances (the
// interpreter's ModuleEngine). Functions are translated on their first
// call, by whichever instance and thread calls first; the code refers to
// globals, tables and functions by index, never by address, so one
// translation serves every instance.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "code.h"
#include "engine.h"
#include "gowasm/trap.h"
#include "native/fingerprint.h"

namespace gowasm::interp {

// One defined function's entry: what direct calls name (CALL's c), so a
// call finds its code with one load once it is translated.
struct FunctionCode {
  std::atomic<const CompiledFunction*> compiled{nullptr};
  uint32_t index = 0;  // in the module's function index space
};

class ModuleCode : public ModuleEngine {
 public:
  explicit ModuleCode(const Module& module);

  // The entry of function `function_index`, a defined function.
  FunctionCode& function_at(uint32_t function_index) {
    return functions_[function_index - imported_functions_];
  }

  // The code of `f`, translating it if no thread has yet; nullptr with
  // `failure` set when translation fails (the failure is not remembered:
  // every call reports it), or is interrupted by `interrupted` (an
  // Interrupted trap that says how long the translation had run).
  // Thread-safe.
  const CompiledFunction* get(const Module& module, FunctionCode& f,
                              const std::atomic<bool>& interrupted, std::optional<Trap>& failure);

  // How many functions have been translated, for tests and benchmarks.
  size_t translations() const { return translations_.load(std::memory_order_relaxed); }

  // What recognises the module's native routines (native/routines.h).
  const native::Fingerprinter& fingerprints() const { return fingerprints_; }

 private:
  uint32_t imported_functions_;
  native::Fingerprinter fingerprints_;
  std::unique_ptr<FunctionCode[]> functions_;
  std::mutex mutex_;  // held while translating; guards owned_
  std::vector<std::unique_ptr<CompiledFunction>> owned_;
  std::atomic<size_t> translations_{0};
};

}  // namespace gowasm::interp
