// Reads the sections of a WebAssembly binary into a Module: header, section
// order and sizes, and every section's contents. Function bodies are only
// delimited here; their instructions are decoded by the validator, which
// needs to walk them anyway.
#pragma once

#include <span>

#include "byte_reader.h"
#include "gowasm/module.h"

namespace gowasm {

class ModuleReader {
 public:
  // Takes the module's bytes; throws a Malformed LoadError.
  static Module read(std::vector<uint8_t> bytes);

 private:
  explicit ModuleReader(Module& module) : module_(module) {}

  void read_header(ByteReader& in);
  void read_section(uint8_t id, ByteReader& in);
  void read_types(ByteReader& in);
  void read_imports(ByteReader& in);
  void read_functions(ByteReader& in);
  void read_tables(ByteReader& in);
  void read_memories(ByteReader& in);
  void read_globals(ByteReader& in);
  void read_exports(ByteReader& in);
  void read_start(ByteReader& in);
  void read_elements(ByteReader& in);
  void read_code(ByteReader& in);
  void read_data(ByteReader& in);
  void read_data_count(ByteReader& in);
  void read_custom(ByteReader& in);
  void check_consistency(ByteReader& in);

  Limits read_limits(ByteReader& in);
  TableType read_table_type(ByteReader& in);
  GlobalType read_global_type(ByteReader& in);
  ConstExpr read_const_expr(ByteReader& in);
  static void read_value_types(ByteReader& in, std::vector<ValType>& types);

  Module& module_;
  ReadContext context_;
  bool saw_code_section_ = false;
};

// Fills `names` from a `name` section's contents; a malformed section leaves
// whatever was read before the fault and is otherwise ignored.
void read_name_section(std::span<const uint8_t> module_bytes, ByteRange contents, Names& names);

}  // namespace gowasm
