// See disassembler.h. Branch targets print as instruction indices.
#include "disassembler.h"

#include <cstdio>
#include <cstdint>
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
    names.emplace(uint64_t(reinterpret_cast<uintptr_t>(&state.globals[i]->bits)), "global " + std::to_string(i));
  for (size_t i = 0; i < state.tables.size(); ++i)
    names.emplace(uint64_t(reinterpret_cast<uintptr_t>(state.tables[i].get())), "table " + std::to_string(i));
  return names;
}

bool is_jump_table(const CompiledFunction& function, uint64_t c) {
  for (const auto& table : function.jump_tables)
    if (c == reinterpret_cast<uintptr_t>(table.get())) return true;
  return false;
}

// A br_table's targets, as instruction indices: "[t0 t1 ... default]".
std::string jump_table_text(const CompiledFunction& function, uint64_t c) {
  const auto* targets = reinterpret_cast<const Instr* const*>(c);
  const Instr* base = function.code.get();
  // The instruction's a is the count without the default; find it by scanning.
  for (size_t i = 0; i < function.code_size; ++i) {
    if (base[i].c != c) continue;
    std::string text = "[";
    for (uint32_t t = 0; t <= base[i].a; ++t)
      text += (t ? " " : "") + std::to_string(targets[t] - base);
    return text + "]";
  }
  return "(jump table)";
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
    char line[160];
    // A c that points into this function's code is a branch target.
    const auto* target = reinterpret_cast<const Instr*>(in.c);
    if (target >= base && target < base + function.code_size) {
      std::snprintf(line, sizeof line, "%5zu  %-24s a=%u b=%u -> %zu\n", i, name, in.a, in.b,
                    size_t(target - base));
    } else if (auto object = objects.find(in.c); object != objects.end()) {
      std::snprintf(line, sizeof line, "%5zu  %-24s a=%u b=%u c=%s\n", i, name, in.a, in.b,
                    object->second.c_str());
    } else if (is_jump_table(function, in.c)) {
      std::snprintf(line, sizeof line, "%5zu  %-24s a=%u b=%u c=%s\n", i, name, in.a, in.b,
                    jump_table_text(function, in.c).c_str());
    } else if (instance && !function.constants.empty() &&
               in.c == reinterpret_cast<uintptr_t>(function.constants.data())) {
      std::snprintf(line, sizeof line, "%5zu  %-24s a=%u b=%u c=(constants)\n", i, name, in.a, in.b);
    } else {
      std::snprintf(line, sizeof line, "%5zu  %-24s a=%u b=%u c=%llu\n", i, name, in.a, in.b,
                    (unsigned long long)in.c);
    }
    text += line;
  }
  return text;
}

}  // namespace gowasm::interp
