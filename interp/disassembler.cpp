// See disassembler.h. Branch targets print as instruction indices.
#include "disassembler.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

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

// Address -> what it is, for the objects of `instance` code may point at.
std::map<uint64_t, std::string> object_names(const Instance* instance) {
  std::map<uint64_t, std::string> names;
  if (!instance) return names;
  Instance::State& state = const_cast<Instance*>(instance)->state();
  for (size_t i = 0; i < state.functions.size(); ++i) {
    std::string name = "func " + std::to_string(i);
    const std::string_view debug = instance->module().function_name(uint32_t(i));
    if (!debug.empty()) name += " (" + std::string(debug) + ")";
    names.emplace(uint64_t(reinterpret_cast<uintptr_t>(state.functions[i])), name);
  }
  for (size_t i = 0; i < state.globals.size(); ++i)
    names.emplace(uint64_t(reinterpret_cast<uintptr_t>(&state.globals[i]->bits)),
                  "global " + std::to_string(i));
  for (size_t i = 0; i < state.tables.size(); ++i)
    names.emplace(uint64_t(reinterpret_cast<uintptr_t>(state.tables[i].get())),
                  "table " + std::to_string(i));
  return names;
}

// How an instruction's c reads: a branch target ("-> 4"), br_table's
// targets ("c=[8 8 31 37]"), the constant pool, an object of the instance
// ("func 2 (callee)", "global 0"), or else the number itself.
std::string operand_c(const CompiledFunction& function, const Instr& in,
                      const std::map<uint64_t, std::string>& objects) {
  const Instr* base = function.code.get();
  const auto* target = reinterpret_cast<const Instr*>(in.c);
  if (target >= base && target < base + function.code_size)
    return "-> " + std::to_string(target - base);
  for (const auto& table : function.jump_tables) {
    if (in.c != reinterpret_cast<uintptr_t>(table.get())) continue;
    std::string text = "c=[";  // a: the target count, the default not included
    for (uint32_t t = 0; t <= in.a; ++t) text += (t ? " " : "") + std::to_string(table[t] - base);
    return text + "]";
  }
  if (!function.constants.empty() && in.c == reinterpret_cast<uintptr_t>(function.constants.data()))
    return "c=(constants)";
  if (auto object = objects.find(in.c); object != objects.end()) return "c=" + object->second;
  return "c=" + std::to_string(in.c);
}

}  // namespace

std::string disassemble(const CompiledFunction& function, const Instance* instance) {
  std::string text;
  const Instr* base = function.code.get();
  const auto& names = handler_names();
  const std::map<uint64_t, std::string> objects = object_names(instance);
  for (size_t i = 0; i < function.code_size; ++i) {
    const Instr& in = base[i];
    auto it = names.find(in.handler);
    const char* name = it == names.end() ? "(operand)" : it->second;
    char head[80];
    std::snprintf(head, sizeof head, "%5zu  %-24s a=%u b=%u ", i, name, in.a, in.b);
    text += head + operand_c(function, in, objects) + "\n";
  }
  return text;
}

}  // namespace gowasm::interp
