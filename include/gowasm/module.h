// The decoded module: everything a WebAssembly binary declares, in the order
// and with the indices the binary gives it. A Module is immutable once loaded
// and owns a copy of its bytes, so function bodies and data payloads are byte
// ranges into that copy rather than copies of their own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "gowasm/error.h"
#include "gowasm/types.h"

namespace gowasm {

class ModuleEngine;
struct Internals;

// A range of the module's bytes: [offset, offset + size).
struct ByteRange {
  uint32_t offset = 0;
  uint32_t size = 0;
};

// A constant expression (global initialiser, segment offset, element item):
// the instructions up to and including the closing `end`. The validator
// checks that they are constant; instantiation evaluates them.
struct ConstExpr {
  ByteRange code;
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Function;
  uint32_t function_type = 0;  // kind == Function: index into Module::types
  TableType table;             // kind == Table
  MemoryType memory;           // kind == Memory
  GlobalType global;           // kind == Global
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Function;
  uint32_t index = 0;  // into the function, table, memory or global index space
};

// A run of `count` locals of one type, as the code section declares them.
struct LocalRun {
  uint32_t count = 0;
  ValType type = ValType::I32;
};

// A function defined by the module (imports are not Functions).
struct Function {
  uint32_t type_index = 0;
  std::vector<LocalRun> locals;  // declared locals, after the parameters
  uint64_t local_count = 0;      // sum of the runs
  ByteRange body;                // instructions after the local declarations, final `end` included
};

struct GlobalDefinition {
  GlobalType type;
  ConstExpr init;
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElementSegment {
  SegmentMode mode = SegmentMode::Passive;
  uint32_t table = 0;  // Active only
  ConstExpr offset;    // Active only
  ValType type = ValType::FuncRef;
  // Encodings 0-3 list function indices, 4-7 list constant expressions.
  std::variant<std::vector<uint32_t>, std::vector<ConstExpr>> items;

  size_t size() const;
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Passive;  // never Declarative
  uint32_t memory = 0;                      // Active only
  ConstExpr offset;                         // Active only
  ByteRange bytes;
};

// A section as it stands in the binary, in file order.
struct Section {
  uint8_t id = 0;
  std::string name;  // "type", "code", ...; a custom section's own name
  ByteRange contents;
};

struct CustomSection {
  std::string name;
  ByteRange contents;
};

// The contents of the `name` custom section. A malformed name section is
// ignored, as the specification requires of custom sections.
struct Names {
  std::optional<std::string> module;
  std::map<uint32_t, std::string> functions;                   // by function index
  std::map<uint32_t, std::map<uint32_t, std::string>> locals;  // by function, then local
};

class Module {
 public:
  // Decodes `bytes` (copied) and validates the result. Throws LoadError with
  // ErrorKind::Malformed or ErrorKind::Invalid.
  static std::shared_ptr<const Module> compile(std::span<const std::byte> bytes);
  static std::shared_ptr<const Module> compile(std::span<const uint8_t> bytes);
  // Decoding only, for tools that inspect modules which may not validate.
  // Function bodies are decoded by validation, so a malformed instruction is
  // reported by compile(), still as ErrorKind::Malformed.
  static Module decode(std::span<const uint8_t> bytes);
  // Runs the validator over a decoded module and records what it learnt;
  // throws LoadError.
  void validate();
  // Whether the module uses fixed-width SIMD: a 0xFD instruction or a v128 anywhere.
  bool uses_simd() const { return uses_simd_; }

  std::span<const uint8_t> bytes() const { return bytes_; }
  std::span<const uint8_t> bytes(ByteRange range) const {
    return std::span(bytes_).subspan(range.offset, range.size);
  }

  // Index spaces: imports come first, then the module's own definitions.
  uint32_t imported_function_count() const { return imported_counts_[0]; }
  uint32_t imported_table_count() const { return imported_counts_[1]; }
  uint32_t imported_memory_count() const { return imported_counts_[2]; }
  uint32_t imported_global_count() const { return imported_counts_[3]; }
  uint32_t function_count() const { return imported_function_count() + uint32_t(functions.size()); }
  uint32_t table_count() const { return imported_table_count() + uint32_t(tables.size()); }
  uint32_t memory_count() const { return imported_memory_count() + uint32_t(memories.size()); }
  uint32_t global_count() const { return imported_global_count() + uint32_t(globals.size()); }

  // Types of entries in the index spaces (imports included).
  const FuncType& function_type(uint32_t function_index) const;
  uint32_t function_type_index(uint32_t function_index) const;
  TableType table_type(uint32_t table_index) const;
  MemoryType memory_type(uint32_t memory_index) const;
  GlobalType global_type(uint32_t global_index) const;

  // The name section's name for a function, or empty.
  std::string_view function_name(uint32_t function_index) const;
  const Export* find_export(std::string_view name) const;

  std::vector<FuncType> types;
  std::vector<Import> imports;
  std::vector<Function> functions;
  std::vector<TableType> tables;
  std::vector<MemoryType> memories;
  std::vector<GlobalDefinition> globals;
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElementSegment> elements;
  std::vector<DataSegment> data;
  std::optional<uint32_t> data_count;
  std::vector<CustomSection> custom_sections;
  std::vector<Section> sections;
  Names names;

 private:
  friend class ModuleReader;
  friend struct Internals;
  std::vector<uint8_t> bytes_;
  // The engine's code for the module (see src/engine.h), made when it
  // validates and shared by every instance: a module is translated once.
  std::shared_ptr<ModuleEngine> engine_code_;
  bool uses_simd_ = false;
  uint32_t imported_counts_[4] = {};
  std::vector<uint32_t> imported_function_types_;
  std::vector<TableType> imported_tables_;
  std::vector<MemoryType> imported_memories_;
  std::vector<GlobalType> imported_globals_;
};

}  // namespace gowasm
