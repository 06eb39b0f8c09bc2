// Module: loading entry points and index-space look-ups.
#include "gowasm/module.h"

#include "engine.h"
#include "module_reader.h"
#include "validator.h"

namespace gowasm {

size_t ElementSegment::size() const {
  return std::visit([](const auto& list) { return list.size(); }, items);
}

std::shared_ptr<const Module> Module::compile(std::span<const std::byte> bytes) {
  return compile(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
}

std::shared_ptr<const Module> Module::compile(std::span<const uint8_t> bytes) {
  auto module = std::make_shared<Module>(decode(bytes));
  module->validate();
  return module;
}

void Module::validate() {
  uses_simd_ = validate_module(*this).uses_simd;
  engine_code_ = default_engine().compile(*this);
}

Module Module::decode(std::span<const uint8_t> bytes) {
  return ModuleReader::read(std::vector<uint8_t>(bytes.begin(), bytes.end()));
}

uint32_t Module::function_type_index(uint32_t index) const {
  if (index < imported_function_count()) return imported_function_types_[index];
  return functions[index - imported_function_count()].type_index;
}

const FuncType& Module::function_type(uint32_t index) const {
  return types[function_type_index(index)];
}

TableType Module::table_type(uint32_t index) const {
  if (index < imported_table_count()) return imported_tables_[index];
  return tables[index - imported_table_count()];
}

MemoryType Module::memory_type(uint32_t index) const {
  if (index < imported_memory_count()) return imported_memories_[index];
  return memories[index - imported_memory_count()];
}

GlobalType Module::global_type(uint32_t index) const {
  if (index < imported_global_count()) return imported_globals_[index];
  return globals[index - imported_global_count()].type;
}

std::string_view Module::function_name(uint32_t index) const {
  auto it = names.functions.find(index);
  return it == names.functions.end() ? std::string_view() : std::string_view(it->second);
}

const Export* Module::find_export(std::string_view name) const {
  for (const Export& e : exports) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

}  // namespace gowasm
