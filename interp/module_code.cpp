// See module_code.h.
#include "module_code.h"

#include <chrono>

#include "translator.h"

namespace gowasm::interp {

ModuleCode::ModuleCode(const Module& module)
    : imported_functions_(module.imported_function_count()),
      fingerprints_(module),
      functions_(new FunctionCode[module.functions.size()]) {
  for (uint32_t i = 0; i < module.functions.size(); ++i)
    functions_[i].index = imported_functions_ + i;
}

const CompiledFunction* ModuleCode::get(const Module& module, FunctionCode& f,
                                        const std::atomic<bool>& interrupted,
                                        std::optional<Trap>& failure) {
  if (const CompiledFunction* code = f.compiled.load(std::memory_order_acquire)) return code;
  std::lock_guard lock(mutex_);
  // Another thread may have translated it while this one waited.
  if (const CompiledFunction* code = f.compiled.load(std::memory_order_relaxed)) return code;
  const auto start = std::chrono::steady_clock::now();
  try {
    owned_.push_back(translate_function(module, *this, f.index, &interrupted));
  } catch (const TranslationInterrupted& e) {
    const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    failure = Trap::of(TrapKind::Interrupted);
    failure->message += ": " + std::string(e.what()) + ", after " + std::to_string(spent.count()) +
                        " ms of translation";
    return nullptr;
  } catch (const TranslationError& e) {
    failure = Trap::host(e.what());
    return nullptr;
  }
  translations_.fetch_add(1, std::memory_order_relaxed);
  f.compiled.store(owned_.back().get(), std::memory_order_release);
  return owned_.back().get();
}

}  // namespace gowasm::interp
