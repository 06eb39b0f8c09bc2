// Section-level decoding of a WebAssembly binary; see module_reader.h.
#include "module_reader.h"

#include "code_reader.h"

namespace gowasm {
namespace {

enum SectionId : uint8_t {
  kCustom = 0,
  kType = 1,
  kImport = 2,
  kFunction = 3,
  kTable = 4,
  kMemory = 5,
  kGlobal = 6,
  kExport = 7,
  kStart = 8,
  kElement = 9,
  kCode = 10,
  kData = 11,
  kDataCount = 12,
};

const char* section_name(uint8_t id) {
  static constexpr const char* kNames[] = {"custom", "type",   "import",    "function", "table",
                                           "memory", "global", "export",    "start",    "element",
                                           "code",   "data",   "data count"};
  return kNames[id];
}

// Non-custom sections must appear in this order (data count sits before code).
int section_rank(uint8_t id) {
  static constexpr int kRank[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};
  return kRank[id];
}

// Element segment flags: bit 0 passive/declarative, bit 1 explicit table
// index (active) or declarative, bit 2 expressions instead of function indices.
constexpr uint32_t kElemPassiveOrDeclarative = 1, kElemExplicit = 2, kElemExpressions = 4;

}  // namespace

Module ModuleReader::read(std::vector<uint8_t> bytes) {
  Module module;
  module.bytes_ = std::move(bytes);
  ModuleReader reader(module);
  const std::span<const uint8_t> all = module.bytes_;
  ByteReader in(all, 0, all.size(), reader.context_);
  reader.read_header(in);

  int last_rank = 0;
  while (!in.at_end()) {
    reader.context_ = ReadContext{"header", std::nullopt};
    const size_t id_offset = in.offset();
    const uint8_t id = in.u8();
    if (id > kDataCount) in.fail_at("malformed section id", id_offset);
    const uint32_t size = in.u32();
    if (size > in.remaining()) in.fail("length out of bounds");
    if (id != kCustom) {
      if (section_rank(id) <= last_rank)
        in.fail_at("unexpected content after last section", id_offset);
      last_rank = section_rank(id);
    }
    const size_t begin = in.offset(), end = begin + size;
    reader.context_.section = section_name(id);
    ByteReader section(all, begin, end, reader.context_);
    reader.read_section(id, section);
    module.sections.push_back(
        Section{id, id == kCustom ? module.custom_sections.back().name : section_name(id),
                ByteRange{uint32_t(begin), size}});
    if (!section.at_end()) section.fail("section size mismatch");
    in.skip_to(end);
  }
  reader.context_ = ReadContext{"module", std::nullopt};
  reader.check_consistency(in);
  return module;
}

void ModuleReader::read_header(ByteReader& in) {
  static constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6D};
  if (in.remaining() < 4) in.fail("unexpected end");
  if (!std::equal(kMagic, kMagic + 4, in.take(4))) in.fail_at("magic header not detected", 0);
  if (in.remaining() < 4) in.fail("unexpected end");
  if (in.fixed32() != 1) in.fail_at("unknown binary version", 4);
}

void ModuleReader::read_section(uint8_t id, ByteReader& in) {
  switch (id) {
    case kCustom: read_custom(in); break;
    case kType: read_types(in); break;
    case kImport: read_imports(in); break;
    case kFunction: read_functions(in); break;
    case kTable: read_tables(in); break;
    case kMemory: read_memories(in); break;
    case kGlobal: read_globals(in); break;
    case kExport: read_exports(in); break;
    case kStart: read_start(in); break;
    case kElement: read_elements(in); break;
    case kCode: read_code(in); break;
    case kData: read_data(in); break;
    case kDataCount: read_data_count(in); break;
  }
}

void ModuleReader::read_types(ByteReader& in) {
  const uint32_t n = in.count();
  module_.types.reserve(in.reservable(n));
  for (uint32_t i = 0; i < n; ++i) {
    const size_t at = in.offset();
    if (in.u8() != 0x60) in.fail_at("integer representation too long", at);
    FuncType type;
    read_value_types(in, type.params);
    read_value_types(in, type.results);
    module_.types.push_back(std::move(type));
  }
}

Limits ModuleReader::read_limits(ByteReader& in) {
  // The flag is a one-bit LEB128: 0x81 0x00 is too long, 0x02 too large.
  const bool has_max = in.u1();
  Limits limits;
  limits.min = in.u32();
  if (has_max) limits.max = in.u32();
  return limits;
}

TableType ModuleReader::read_table_type(ByteReader& in) {
  TableType type;
  type.element = read_reference_type(in);
  type.limits = read_limits(in);
  return type;
}

GlobalType ModuleReader::read_global_type(ByteReader& in) {
  GlobalType type;
  type.type = read_value_type(in);
  const size_t at = in.offset();
  const uint8_t mutability = in.u8();
  if (mutability > 1) in.fail_at("malformed mutability", at);
  type.is_mutable = mutability == 1;
  return type;
}

void ModuleReader::read_value_types(ByteReader& in, std::vector<ValType>& types) {
  const uint32_t n = in.count();
  types.reserve(in.reservable(n));
  for (uint32_t i = 0; i < n; ++i) types.push_back(read_value_type(in));
}

ConstExpr ModuleReader::read_const_expr(ByteReader& in) {
  // Decode up to the `end` that closes the expression; blocks are not
  // constant, but a block's own `end` must not be taken for the closing one.
  const size_t begin = in.offset();
  CodeReader code(in);
  Instruction instruction;
  for (int depth = 0;;) {
    code.read(instruction);
    const Opcode op = instruction.opcode;
    if (op == Opcode::BLOCK || op == Opcode::LOOP || op == Opcode::IF) ++depth;
    if (op == Opcode::END && depth-- == 0) break;
  }
  return ConstExpr{ByteRange{uint32_t(begin), uint32_t(in.offset() - begin)}};
}

void ModuleReader::read_imports(ByteReader& in) {
  const uint32_t n = in.count();
  module_.imports.reserve(in.reservable(n));
  for (uint32_t i = 0; i < n; ++i) {
    Import import;
    import.module = in.name();
    import.name = in.name();
    const size_t at = in.offset();
    const uint8_t kind = in.u8();
    switch (kind) {
      case 0:
        import.function_type = in.u32();
        module_.imported_function_types_.push_back(import.function_type);
        break;
      case 1:
        import.table = read_table_type(in);
        module_.imported_tables_.push_back(import.table);
        break;
      case 2:
        import.memory.limits = read_limits(in);
        module_.imported_memories_.push_back(import.memory);
        break;
      case 3:
        import.global = read_global_type(in);
        module_.imported_globals_.push_back(import.global);
        break;
      default: in.fail_at("malformed import kind", at);
    }
    import.kind = ExternKind(kind);
    ++module_.imported_counts_[kind];
    module_.imports.push_back(std::move(import));
  }
}

void ModuleReader::read_functions(ByteReader& in) {
  const uint32_t n = in.count();
  module_.functions.reserve(in.reservable(n));
  for (uint32_t i = 0; i < n; ++i) module_.functions.push_back(Function{in.u32(), {}, 0, {}});
}

void ModuleReader::read_tables(ByteReader& in) {
  const uint32_t n = in.count();
  module_.tables.reserve(in.reservable(n));
  for (uint32_t i = 0; i < n; ++i) module_.tables.push_back(read_table_type(in));
}

void ModuleReader::read_memories(ByteReader& in) {
  const uint32_t n = in.count();
  module_.memories.reserve(in.reservable(n));
  for (uint32_t i = 0; i < n; ++i) module_.memories.push_back(MemoryType{read_limits(in)});
}

void ModuleReader::read_globals(ByteReader& in) {
  const uint32_t n = in.count();
  module_.globals.reserve(in.reservable(n));
  for (uint32_t i = 0; i < n; ++i) {
    GlobalDefinition global;
    global.type = read_global_type(in);
    global.init = read_const_expr(in);
    module_.globals.push_back(global);
  }
}

void ModuleReader::read_exports(ByteReader& in) {
  const uint32_t n = in.count();
  module_.exports.reserve(in.reservable(n));
  for (uint32_t i = 0; i < n; ++i) {
    Export e;
    e.name = in.name();
    const size_t at = in.offset();
    const uint8_t kind = in.u8();
    if (kind > 3) in.fail_at("malformed export kind", at);
    e.kind = ExternKind(kind);
    e.index = in.u32();
    module_.exports.push_back(std::move(e));
  }
}

void ModuleReader::read_start(ByteReader& in) {
  module_.start = in.u32();
}

void ModuleReader::read_elements(ByteReader& in) {
  const uint32_t n = in.count();
  module_.elements.reserve(in.reservable(n));
  for (uint32_t i = 0; i < n; ++i) {
    const size_t at = in.offset();
    const uint32_t flags = in.u32();
    if (flags > 7) in.fail_at("malformed elements segment kind", at);
    ElementSegment segment;
    if (flags & kElemPassiveOrDeclarative) {
      segment.mode = (flags & kElemExplicit) ? SegmentMode::Declarative : SegmentMode::Passive;
    } else {
      segment.mode = SegmentMode::Active;
      if (flags & kElemExplicit) segment.table = in.u32();
      segment.offset = read_const_expr(in);
    }
    // Encodings 0 and 4 imply funcref; the others state the kind or type.
    const bool states_type = (flags & (kElemPassiveOrDeclarative | kElemExplicit)) != 0;
    if (flags & kElemExpressions) {
      if (states_type) segment.type = read_reference_type(in);
      std::vector<ConstExpr> items;
      const uint32_t n_items = in.count();
      items.reserve(in.reservable(n_items));
      for (uint32_t k = 0; k < n_items; ++k) items.push_back(read_const_expr(in));
      segment.items = std::move(items);
    } else {
      if (states_type) {
        const size_t kind_at = in.offset();
        if (in.u8() != 0x00) in.fail_at("malformed element kind", kind_at);
      }
      std::vector<uint32_t> items;
      const uint32_t n_items = in.count();
      items.reserve(in.reservable(n_items));
      for (uint32_t k = 0; k < n_items; ++k) items.push_back(in.u32());
      segment.items = std::move(items);
    }
    module_.elements.push_back(std::move(segment));
  }
}

void ModuleReader::read_code(ByteReader& in) {
  saw_code_section_ = true;
  const size_t count_at = in.offset();
  const uint32_t n = in.count();
  if (n != module_.functions.size()) {
    in.fail_at("function and code section have inconsistent lengths", count_at);
  }
  const std::span<const uint8_t> all = module_.bytes_;
  for (uint32_t i = 0; i < n; ++i) {
    Function& f = module_.functions[i];
    context_.function_index = module_.imported_function_count() + i;
    const uint32_t size = in.u32();
    if (size > in.remaining()) in.fail("length out of bounds");
    const size_t begin = in.offset(), end = begin + size;
    ByteReader body(all, begin, end, context_);
    const uint32_t runs = body.count();
    f.locals.reserve(body.reservable(runs));
    for (uint32_t r = 0; r < runs; ++r) {
      const size_t at = body.offset();
      LocalRun& run = f.locals.emplace_back();
      run.count = body.u32();
      run.type = read_value_type(body);
      f.local_count += run.count;
      if (f.local_count > UINT32_MAX) body.fail_at("too many locals", at);
    }
    f.body = ByteRange{uint32_t(body.offset()), uint32_t(end - body.offset())};
    in.skip_to(end);
  }
  context_.function_index.reset();
}

void ModuleReader::read_data(ByteReader& in) {
  const size_t count_at = in.offset();
  const uint32_t n = in.count();
  if (module_.data_count && *module_.data_count != n) {
    in.fail_at("data count and data section have inconsistent lengths", count_at);
  }
  module_.data.reserve(in.reservable(n));
  for (uint32_t i = 0; i < n; ++i) {
    const size_t at = in.offset();
    const uint32_t flags = in.u32();
    DataSegment segment;
    switch (flags) {
      case 0: segment.mode = SegmentMode::Active; break;
      case 1: segment.mode = SegmentMode::Passive; break;
      case 2:
        segment.mode = SegmentMode::Active;
        segment.memory = in.u32();
        break;
      default: in.fail_at("malformed data segment kind", at);
    }
    if (segment.mode == SegmentMode::Active) segment.offset = read_const_expr(in);
    const uint32_t size = in.u32();
    if (size > in.remaining()) in.fail("unexpected end of section or function");
    segment.bytes = ByteRange{uint32_t(in.offset()), size};
    in.take(size);
    module_.data.push_back(segment);
  }
}

void ModuleReader::read_data_count(ByteReader& in) {
  module_.data_count = in.u32();
}

void ModuleReader::read_custom(ByteReader& in) {
  CustomSection section;
  section.name = in.name();
  const size_t begin = in.offset();
  section.contents = ByteRange{uint32_t(begin), uint32_t(in.remaining())};
  in.take(in.remaining());
  if (section.name == "name") read_name_section(module_.bytes_, section.contents, module_.names);
  module_.custom_sections.push_back(std::move(section));
}

void ModuleReader::check_consistency(ByteReader& in) {
  if (!module_.functions.empty() && !saw_code_section_) {
    in.fail("function and code section have inconsistent lengths");
  }
  if (module_.data_count && *module_.data_count != module_.data.size()) {
    in.fail("data count and data section have inconsistent lengths");
  }
}

void read_name_section(std::span<const uint8_t> bytes, ByteRange contents, Names& names) {
  const ReadContext context{"custom \"name\"", std::nullopt};
  ByteReader in(bytes, contents.offset, size_t(contents.offset) + contents.size, context);
  try {
    while (!in.at_end()) {
      const uint8_t id = in.u8();
      const uint32_t size = in.u32();
      if (size > in.remaining()) return;
      ByteReader sub(bytes, in.offset(), in.offset() + size, context);
      in.take(size);
      switch (id) {
        case 0: names.module = sub.name(); break;
        case 1:
          for (uint32_t n = sub.count(); n > 0; --n) {
            const uint32_t index = sub.u32();
            names.functions[index] = sub.name();
          }
          break;
        case 2:
          for (uint32_t n = sub.count(); n > 0; --n) {
            auto& locals = names.locals[sub.u32()];
            for (uint32_t m = sub.count(); m > 0; --m) {
              const uint32_t index = sub.u32();
              locals[index] = sub.name();
            }
          }
          break;
        default: break;  // other subsections (labels, types, ...) are not used
      }
    }
  } catch (const LoadError&) {
    // Custom sections never make a module malformed: keep what was read.
  }
}

}  // namespace gowasm
