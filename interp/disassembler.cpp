// See disassembler.h. Branch targets print as instruction indices.
#include "disassembler.h"

#include <cstdio>
#include <map>

#include "handlers.h"

namespace gowasm::interp {
namespace {

const std::map<const void*, const char*>& handler_names() {
  static const std::map<const void*, const char*> names = [] {
    static const char* const kNames[] = {
#define HANDLER(name) #name,
#include "handler_list.def"
#undef HANDLER
    };
    static_assert(sizeof(kNames) / sizeof(kNames[0]) == size_t(Handler::kCount));
    std::map<const void*, const char*> m;
    for (size_t i = 0; i < size_t(Handler::kCount); ++i)
      m.emplace(handler_addresses()[i], kNames[i]);
    return m;
  }();
  return names;
}

}  // namespace

std::string disassemble(const CompiledFunction& function) {
  std::string text;
  const Instr* base = function.code.get();
  const auto& names = handler_names();
  for (size_t i = 0; i < function.code_size; ++i) {
    const Instr& in = base[i];
    auto it = names.find(in.handler);
    const char* name = it == names.end() ? "(operand)" : it->second;
    char line[160];
    // A c that points into this function's code is a branch target.
    const auto* target = reinterpret_cast<const Instr*>(in.c);
    if (target >= base && target < base + function.code_size) {
      std::snprintf(line, sizeof line, "%5zu  %-24s a=%u b=%u -> %zu\n", i, name, in.a, in.b,
                    size_t(target - base));
    } else {
      std::snprintf(line, sizeof line, "%5zu  %-24s a=%u b=%u c=%llu\n", i, name, in.a, in.b,
                    (unsigned long long)in.c);
    }
    text += line;
  }
  return text;
}

}  // namespace gowasm::interp
