// See module_code.h.
#include "module_code.h"

#include "translator.h"

namespace gowasm::interp {

ModuleCode::ModuleCode(const Module& module)
    : imported_functions_(module.imported_function_count()),
      fingerprints_(module),
      functions_(new FunctionCode[module.functions.size()]) {
  for (uint32_t i = 0; i < module.functions.size(); ++i)
    functions_[i].index = imported_functions_ + i;
}

const CompiledFunction* ModuleCode::get(const Module& module, FunctionCode& f, std::string& error) {
  if (const CompiledFunction* code = f.compiled.load(std::memory_order_acquire)) return code;
  std::lock_guard lock(mutex_);
  // Another thread may have translated it while this one waited.
  if (const CompiledFunction* code = f.compiled.load(std::memory_order_relaxed)) return code;
  try {
    owned_.push_back(translate_function(module, *this, f.index));
  } catch (const TranslationError& e) {
    error = e.what();
    return nullptr;
  }
  translations_.fetch_add(1, std::memory_order_relaxed);
  f.compiled.store(owned_.back().get(), std::memory_order_release);
  return owned_.back().get();
}

}  // namespace gowasm::interp
