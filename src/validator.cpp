// Validation; see validator.h. The structure follows the algorithm in the
// specification's appendix, and the error texts follow the reference
// interpreter so that the official suite can check them.
#include "validator.h"

#include <algorithm>
#include <set>
#include <string>

namespace gowasm {
namespace {

constexpr uint32_t kMaxPages = 65536;

// Block types that are a single value type point into this table, so that
// control frames can hold spans without owning storage.
std::span<const ValType> single_type(ValType type) {
  static constexpr ValType kTypes[] = {ValType::I32,      ValType::I64,  ValType::F32,
                                       ValType::F64,      ValType::V128, ValType::FuncRef,
                                       ValType::ExternRef};
  for (const ValType& t : kTypes) {
    if (t == type) return std::span(&t, 1);
  }
  return {};
}

bool is_numeric_or_vector(ValType type) {
  return !is_reference(type) && type != kUnknownType;
}

[[noreturn]] void fail_invalid(std::string reason, const char* section, size_t offset,
                               std::optional<uint32_t> function = std::nullopt) {
  throw LoadError(ErrorKind::Invalid, std::move(reason), ErrorLocation{section, function, offset});
}

std::string indexed(const char* what, uint32_t index) {
  return std::string(what) + " " + std::to_string(index);
}

// Module-level rules. Section offsets stand in for the location of entries
// that the model does not place individually.
class ModuleValidator {
 public:
  explicit ModuleValidator(const Module& module) : module_(module) {
    for (const Section& s : module.sections) section_offsets_.emplace(s.name, s.contents.offset);
  }

  ValidationFacts run() {
    validate_imports();
    for (uint32_t i = 0; i < module_.functions.size(); ++i) {
      if (module_.functions[i].type_index >= module_.types.size()) {
        fail("function", indexed("unknown type", module_.functions[i].type_index));
      }
    }
    for (const TableType& t : module_.tables) validate_table_type(t, "table");
    for (const MemoryType& m : module_.memories) validate_memory_type(m, "memory");
    if (module_.memory_count() > 1) fail("memory", "multiple memories");
    collect_declared_refs();
    for (const GlobalDefinition& g : module_.globals)
      validate_const_expr(g.init, g.type.type, "global");
    validate_exports();
    validate_start();
    validate_elements();
    validate_data();
    const bool simd_code = validate_code();
    return ValidationFacts{simd_code || declares_v128()};
  }

 private:
  [[noreturn]] void fail(const char* section, std::string reason) const {
    auto it = section_offsets_.find(section);
    fail_invalid(std::move(reason), section, it == section_offsets_.end() ? 0 : it->second);
  }

  void validate_limits(const Limits& limits, uint64_t bound, const char* section,
                       const char* too_large) const {
    if (limits.min > bound || (limits.max && *limits.max > bound)) fail(section, too_large);
    if (limits.max && limits.min > *limits.max) {
      fail(section, "size minimum must not be greater than maximum");
    }
  }
  void validate_table_type(const TableType& t, const char* section) const {
    validate_limits(t.limits, UINT32_MAX, section, "table size must be at most 2^32-1");
  }
  void validate_memory_type(const MemoryType& m, const char* section) const {
    validate_limits(m.limits, kMaxPages, section, "memory size must be at most 65536 pages (4GiB)");
  }

  void validate_imports() const {
    for (const Import& import : module_.imports) {
      switch (import.kind) {
        case ExternKind::Function:
          if (import.function_type >= module_.types.size()) {
            fail("import", indexed("unknown type", import.function_type));
          }
          break;
        case ExternKind::Table: validate_table_type(import.table, "import"); break;
        case ExternKind::Memory: validate_memory_type(import.memory, "import"); break;
        case ExternKind::Global: break;
      }
    }
  }

  void check_function_index(uint32_t index, const char* section) const {
    if (index >= module_.function_count()) fail(section, indexed("unknown function", index));
  }

  // C.refs of the specification: functions named outside function bodies.
  void collect_declared_refs() {
    declared_refs_.assign(module_.function_count(), false);
    auto note_expr = [&](const ConstExpr& expr) {
      ByteReader in(module_.bytes(), expr.code.offset, expr.code.offset + expr.code.size, context_);
      CodeReader code(in);
      Instruction instruction;
      while (!code.at_end()) {
        code.read(instruction);
        if (instruction.opcode == Opcode::REF_FUNC && instruction.index < declared_refs_.size()) {
          declared_refs_[instruction.index] = true;
        }
      }
    };
    for (const GlobalDefinition& g : module_.globals) note_expr(g.init);
    for (const ElementSegment& segment : module_.elements) {
      if (auto* indices = std::get_if<std::vector<uint32_t>>(&segment.items)) {
        for (uint32_t index : *indices) {
          if (index < declared_refs_.size()) declared_refs_[index] = true;
        }
      } else {
        for (const ConstExpr& expr : std::get<std::vector<ConstExpr>>(segment.items))
          note_expr(expr);
      }
    }
    for (const Export& e : module_.exports) {
      if (e.kind == ExternKind::Function && e.index < declared_refs_.size()) {
        declared_refs_[e.index] = true;
      }
    }
  }

  // Constant expressions: one constant instruction producing `expected`.
  // In WebAssembly 2.0 they may read imported globals only.
  void validate_const_expr(const ConstExpr& expr, ValType expected, const char* section) const {
    const ReadContext context{section, std::nullopt};
    ByteReader in(module_.bytes(), expr.code.offset, expr.code.offset + expr.code.size, context);
    CodeReader code(in);
    Instruction instruction;
    std::vector<ValType> stack;
    for (;;) {
      code.read(instruction);
      const auto fail_here = [&](std::string reason) {
        fail_invalid(std::move(reason), section, instruction.offset);
      };
      switch (instruction.opcode) {
        case Opcode::I32_CONST: stack.push_back(ValType::I32); break;
        case Opcode::I64_CONST: stack.push_back(ValType::I64); break;
        case Opcode::F32_CONST: stack.push_back(ValType::F32); break;
        case Opcode::F64_CONST: stack.push_back(ValType::F64); break;
        case Opcode::V128_CONST: stack.push_back(ValType::V128); break;
        case Opcode::REF_NULL: stack.push_back(instruction.type); break;
        case Opcode::REF_FUNC:
          if (instruction.index >= module_.function_count()) {
            fail_here(indexed("unknown function", instruction.index));
          }
          stack.push_back(ValType::FuncRef);
          break;
        case Opcode::GLOBAL_GET: {
          if (instruction.index >= module_.imported_global_count()) {
            fail_here(indexed("unknown global", instruction.index));
          }
          const GlobalType g = module_.global_type(instruction.index);
          if (g.is_mutable) fail_here("constant expression required");
          stack.push_back(g.type);
          break;
        }
        case Opcode::END:
          if (stack.size() != 1 || stack[0] != expected) fail_here("type mismatch");
          return;
        default: fail_here("constant expression required");
      }
    }
  }

  void validate_exports() const {
    std::set<std::string_view> names;
    for (const Export& e : module_.exports) {
      if (!names.insert(e.name).second) fail("export", "duplicate export name");
      switch (e.kind) {
        case ExternKind::Function: check_function_index(e.index, "export"); break;
        case ExternKind::Table:
          if (e.index >= module_.table_count()) fail("export", indexed("unknown table", e.index));
          break;
        case ExternKind::Memory:
          if (e.index >= module_.memory_count()) fail("export", indexed("unknown memory", e.index));
          break;
        case ExternKind::Global:
          if (e.index >= module_.global_count()) fail("export", indexed("unknown global", e.index));
          break;
      }
    }
  }

  void validate_start() const {
    if (!module_.start) return;
    check_function_index(*module_.start, "start");
    const FuncType& type = module_.function_type(*module_.start);
    if (!type.params.empty() || !type.results.empty()) fail("start", "start function");
  }

  void validate_elements() const {
    for (const ElementSegment& segment : module_.elements) {
      if (segment.mode == SegmentMode::Active) {
        if (segment.table >= module_.table_count()) {
          fail("element", indexed("unknown table", segment.table));
        }
        if (module_.table_type(segment.table).element != segment.type)
          fail("element", "type mismatch");
        validate_const_expr(segment.offset, ValType::I32, "element");
      }
      if (auto* indices = std::get_if<std::vector<uint32_t>>(&segment.items)) {
        for (uint32_t index : *indices) check_function_index(index, "element");
      } else {
        for (const ConstExpr& expr : std::get<std::vector<ConstExpr>>(segment.items)) {
          validate_const_expr(expr, segment.type, "element");
        }
      }
    }
  }

  void validate_data() const {
    for (const DataSegment& segment : module_.data) {
      if (segment.mode != SegmentMode::Active) continue;
      if (segment.memory >= module_.memory_count()) {
        fail("data", indexed("unknown memory", segment.memory));
      }
      validate_const_expr(segment.offset, ValType::I32, "data");
    }
  }

  // Whether any type, global or local holds a v128, which needs SIMD support
  // to run even without a SIMD instruction.
  bool declares_v128() const {
    auto has = [](const std::vector<ValType>& types) {
      return std::find(types.begin(), types.end(), ValType::V128) != types.end();
    };
    for (const FuncType& t : module_.types) {
      if (has(t.params) || has(t.results)) return true;
    }
    for (uint32_t i = 0; i < module_.global_count(); ++i) {
      if (module_.global_type(i).type == ValType::V128) return true;
    }
    for (const Function& f : module_.functions) {
      for (const LocalRun& run : f.locals) {
        if (run.type == ValType::V128) return true;
      }
    }
    return false;
  }

  // Returns whether any body uses SIMD.
  bool validate_code() {
    Instruction instruction;
    FunctionValidator validator(module_, declared_refs_, context_);
    for (uint32_t i = 0; i < module_.functions.size(); ++i) {
      const Function& f = module_.functions[i];
      const uint32_t index = module_.imported_function_count() + i;
      context_ = ReadContext{"code", index};
      validator.begin(index);
      ByteReader in(module_.bytes(), f.body.offset, size_t(f.body.offset) + f.body.size, context_);
      CodeReader code(in);
      while (!validator.finished()) {
        if (code.at_end()) {
          // The reference decoder reads a body up to a closing `end`: short
          // of it at the function's own level it reports the missing `end`.
          in.fail(validator.control_depth() == 1 ? "END opcode expected" : "unexpected end");
        }
        code.read(instruction);
        validator.step(instruction);
      }
      if (!code.at_end()) in.fail("section size mismatch");
    }
    return validator.saw_simd();
  }

  const Module& module_;
  std::map<std::string, uint32_t> section_offsets_;
  std::vector<bool> declared_refs_;
  ReadContext context_{"module", std::nullopt};
};

}  // namespace

// Decodes every function body without validating it, throwing the first
// decoding error. The reference interpreter decodes the whole module before
// validating any of it, so a malformed body must win over an invalid one
// found earlier by the single validating pass.
void check_bodies_decode(const Module& module) {
  Instruction instruction;
  for (uint32_t i = 0; i < module.functions.size(); ++i) {
    const Function& f = module.functions[i];
    const ReadContext context{"code", module.imported_function_count() + i};
    ByteReader in(module.bytes(), f.body.offset, size_t(f.body.offset) + f.body.size, context);
    CodeReader code(in);
    std::vector<bool> is_if{false};  // per open construct; the function body is not an `if`
    while (!is_if.empty()) {
      if (code.at_end()) in.fail(is_if.size() == 1 ? "END opcode expected" : "unexpected end");
      code.read(instruction);
      switch (instruction.opcode) {
        case Opcode::BLOCK:
        case Opcode::LOOP: is_if.push_back(false); break;
        case Opcode::IF: is_if.push_back(true); break;
        case Opcode::ELSE:
          if (!is_if.back()) in.fail_at("END opcode expected", instruction.offset);
          is_if.back() = false;
          break;
        case Opcode::END: is_if.pop_back(); break;
        default: break;
      }
    }
    if (!code.at_end()) in.fail("section size mismatch");
  }
}

ValidationFacts validate_module(const Module& module) {
  try {
    return ModuleValidator(module).run();
  } catch (const LoadError& e) {
    if (e.kind() == ErrorKind::Invalid) check_bodies_decode(module);
    throw;
  }
}

FunctionValidator::FunctionValidator(const Module& module, const std::vector<bool>& declared_refs,
                                     const ReadContext& context)
    : module_(module), declared_refs_(declared_refs), context_(context) {}

void FunctionValidator::begin(uint32_t function_index) {
  // One type per local makes local.get a plain index; past this many locals
  // the runs are searched instead so that a hostile count cannot allocate.
  constexpr uint64_t kFlatLocalsLimit = 1 << 16;
  type_ = &module_.function_type(function_index);
  std::span<const LocalRun> runs;
  uint64_t count = type_->params.size();
  if (function_index >= module_.imported_function_count()) {
    const Function& f = module_.functions[function_index - module_.imported_function_count()];
    runs = f.locals;
    count += f.local_count;
  }
  local_types_.assign(type_->params.begin(), type_->params.end());
  local_ends_.clear();
  local_run_types_.clear();
  if (count <= kFlatLocalsLimit) {
    for (const LocalRun& run : runs) local_types_.insert(local_types_.end(), run.count, run.type);
  } else {
    uint64_t end = 0;
    for (ValType t : local_types_) {
      local_ends_.push_back(++end);
      local_run_types_.push_back(t);
    }
    local_types_.clear();
    for (const LocalRun& run : runs) {
      if (run.count == 0) continue;
      end += run.count;
      local_ends_.push_back(end);
      local_run_types_.push_back(run.type);
    }
  }
  operands_.clear();
  controls_.clear();
  push_control(Opcode::BLOCK, {}, type_->results);
}

void FunctionValidator::fail(std::string reason) const {
  fail_invalid(std::move(reason), context_.section, offset_, context_.function_index);
}

ValType FunctionValidator::local_type(uint32_t index) const {
  if (index < local_types_.size()) return local_types_[index];
  auto it = std::upper_bound(local_ends_.begin(), local_ends_.end(), uint64_t(index));
  if (it == local_ends_.end()) fail(indexed("unknown local", index));
  return local_run_types_[size_t(it - local_ends_.begin())];
}

void FunctionValidator::push(std::span<const ValType> types) {
  operands_.insert(operands_.end(), types.begin(), types.end());
}

ValType FunctionValidator::pop() {
  const Control& frame = controls_.back();
  if (operands_.size() == frame.height) {
    if (frame.unreachable) return kUnknownType;
    fail("type mismatch");
  }
  const ValType t = operands_.back();
  operands_.pop_back();
  return t;
}

ValType FunctionValidator::pop(ValType expected) {
  const ValType actual = pop();
  if (actual != expected && actual != kUnknownType && expected != kUnknownType)
    fail("type mismatch");
  return actual == kUnknownType ? expected : actual;
}

void FunctionValidator::pop(std::span<const ValType> expected) {
  for (size_t i = expected.size(); i-- > 0;) pop(expected[i]);
}

void FunctionValidator::peek(std::span<const ValType> expected) const {
  const Control& frame = controls_.back();
  for (size_t k = 0; k < expected.size(); ++k) {
    const ValType want = expected[expected.size() - 1 - k];
    if (operands_.size() - frame.height <= k) {
      if (frame.unreachable) return;  // everything further down is unknown
      fail("type mismatch");
    }
    const ValType have = operands_[operands_.size() - 1 - k];
    if (have != want && have != kUnknownType) fail("type mismatch");
  }
}

void FunctionValidator::push_control(Opcode opcode, std::span<const ValType> params,
                                     std::span<const ValType> results) {
  controls_.push_back(Control{opcode, params, results, operands_.size(), false});
  push(params);
}

FunctionValidator::Control FunctionValidator::pop_control() {
  const Control frame = controls_.back();
  pop(frame.results);
  if (operands_.size() != frame.height) fail("type mismatch");
  controls_.pop_back();
  return frame;
}

std::span<const ValType> FunctionValidator::label_types(const Control& frame) const {
  return frame.opcode == Opcode::LOOP ? frame.params : frame.results;
}

void FunctionValidator::mark_unreachable() {
  operands_.resize(controls_.back().height);
  controls_.back().unreachable = true;
}

const FunctionValidator::Control& FunctionValidator::label(uint32_t depth) const {
  if (depth >= controls_.size()) fail(indexed("unknown label", depth));
  return controls_[controls_.size() - 1 - depth];
}

void FunctionValidator::block_signature(const BlockType& type, std::span<const ValType>& params,
                                        std::span<const ValType>& results) const {
  params = {};
  results = {};
  switch (type.kind) {
    case BlockType::Kind::Empty: break;
    case BlockType::Kind::Value: results = single_type(type.value); break;
    case BlockType::Kind::TypeIndex:
      if (type.type_index >= module_.types.size()) fail(indexed("unknown type", type.type_index));
      params = module_.types[type.type_index].params;
      results = module_.types[type.type_index].results;
      break;
  }
}

void FunctionValidator::check_memory(uint32_t index) const {
  if (index >= module_.memory_count()) fail(indexed("unknown memory", index));
}

void FunctionValidator::check_memarg(const Instruction& instruction) const {
  check_memory(0);
  if (instruction.memarg.align_log2 > opcode_info(instruction.opcode).align_log2) {
    fail("alignment must not be larger than natural");
  }
}

void FunctionValidator::check_lane(const Instruction& instruction) const {
  if (instruction.lane >= opcode_info(instruction.opcode).lane_count) fail("invalid lane index");
}

TableType FunctionValidator::table(uint32_t index) const {
  if (index >= module_.table_count()) fail(indexed("unknown table", index));
  return module_.table_type(index);
}

void FunctionValidator::check_data_index(uint32_t index) const {
  if (index >= module_.data_count.value_or(module_.data.size())) {
    fail(indexed("unknown data segment", index));
  }
  if (!module_.data_count) {
    // The binary format needs the data count to decode these in one pass.
    throw LoadError(ErrorKind::Malformed, "data count section required",
                    ErrorLocation{context_.section, context_.function_index, offset_});
  }
}

void FunctionValidator::check_element_index(uint32_t index) const {
  if (index >= module_.elements.size()) fail(indexed("unknown elem segment", index));
}

void FunctionValidator::step(const Instruction& instruction) {
  offset_ = instruction.offset;
  saw_simd_ |= uint16_t(instruction.opcode) >= opcode_key(0xFD, 0);
  const OpcodeInfo& info = opcode_info(instruction.opcode);
  if (!info.signature.is_fixed) return validate_special(instruction);

  switch (info.immediate) {
    case Immediate::MemArg: check_memarg(instruction); break;
    case Immediate::MemArgLane:
      check_memarg(instruction);
      check_lane(instruction);
      break;
    case Immediate::MemoryByte: check_memory(0); break;
    case Immediate::Lane: check_lane(instruction); break;
    case Immediate::Shuffle:
      for (uint8_t lane : instruction.bytes) {
        if (lane >= info.lane_count) fail("invalid lane index");
      }
      break;
    default: break;
  }
  const Signature& sig = info.signature;
  for (size_t i = sig.param_count; i-- > 0;) pop(sig.params[i]);
  if (sig.result_count) push(sig.result);
}

void FunctionValidator::validate_branch(const Instruction& instruction) {
  switch (instruction.opcode) {
    case Opcode::BR:
      pop(label_types(label(instruction.index)));
      mark_unreachable();
      break;
    case Opcode::BR_IF: {
      pop(ValType::I32);
      const auto types = label_types(label(instruction.index));
      pop(types);
      push(types);
      break;
    }
    case Opcode::BR_TABLE: {
      pop(ValType::I32);
      const uint32_t default_depth = instruction.targets.back();
      const size_t arity = label_types(label(default_depth)).size();
      for (uint32_t depth : instruction.targets.first(instruction.targets.size() - 1)) {
        const auto types = label_types(label(depth));
        if (types.size() != arity) fail("type mismatch");
        peek(types);
      }
      pop(label_types(label(default_depth)));
      mark_unreachable();
      break;
    }
    default: break;
  }
}

void FunctionValidator::validate_table_or_bulk(const Instruction& instruction) {
  switch (instruction.opcode) {
    case Opcode::TABLE_GET:
      pop(ValType::I32);
      push(table(instruction.index).element);
      break;
    case Opcode::TABLE_SET:
      pop(table(instruction.index).element);
      pop(ValType::I32);
      break;
    case Opcode::TABLE_SIZE:
      table(instruction.index);
      push(ValType::I32);
      break;
    case Opcode::TABLE_GROW:
      pop(ValType::I32);
      pop(table(instruction.index).element);
      push(ValType::I32);
      break;
    case Opcode::TABLE_FILL:
      pop(ValType::I32);
      pop(table(instruction.index).element);
      pop(ValType::I32);
      break;
    case Opcode::TABLE_COPY:
      if (table(instruction.index).element != table(instruction.index2).element) {
        fail("type mismatch");
      }
      pop(ValType::I32), pop(ValType::I32), pop(ValType::I32);
      break;
    case Opcode::TABLE_INIT: {
      const TableType t = table(instruction.index2);
      check_element_index(instruction.index);
      if (module_.elements[instruction.index].type != t.element) fail("type mismatch");
      pop(ValType::I32), pop(ValType::I32), pop(ValType::I32);
      break;
    }
    case Opcode::ELEM_DROP: check_element_index(instruction.index); break;
    case Opcode::MEMORY_INIT:
      check_memory(0);
      check_data_index(instruction.index);
      pop(ValType::I32), pop(ValType::I32), pop(ValType::I32);
      break;
    case Opcode::DATA_DROP: check_data_index(instruction.index); break;
    case Opcode::MEMORY_COPY:
    case Opcode::MEMORY_FILL:
      check_memory(0);
      pop(ValType::I32), pop(ValType::I32), pop(ValType::I32);
      break;
    default: break;
  }
}

void FunctionValidator::validate_special(const Instruction& instruction) {
  std::span<const ValType> params, results;
  switch (instruction.opcode) {
    case Opcode::UNREACHABLE: mark_unreachable(); break;
    case Opcode::NOP: break;
    case Opcode::BLOCK:
    case Opcode::LOOP:
      block_signature(instruction.block, params, results);
      pop(params);
      push_control(instruction.opcode, params, results);
      break;
    case Opcode::IF:
      block_signature(instruction.block, params, results);
      pop(ValType::I32);
      pop(params);
      push_control(Opcode::IF, params, results);
      break;
    case Opcode::ELSE: {
      if (controls_.back().opcode != Opcode::IF) {
        // The binary decoder only accepts `else` inside `if`.
        throw LoadError(ErrorKind::Malformed, "END opcode expected",
                        ErrorLocation{context_.section, context_.function_index, offset_});
      }
      const Control frame = pop_control();
      push_control(Opcode::ELSE, frame.params, frame.results);
      break;
    }
    case Opcode::END: {
      const Control frame = pop_control();
      // An `if` without `else` passes its parameters through the empty branch.
      if (frame.opcode == Opcode::IF && !std::equal(frame.params.begin(), frame.params.end(),
                                                    frame.results.begin(), frame.results.end())) {
        fail("type mismatch");
      }
      push(frame.results);
      break;
    }
    case Opcode::BR:
    case Opcode::BR_IF:
    case Opcode::BR_TABLE: validate_branch(instruction); break;
    case Opcode::RETURN:
      pop(type_->results);
      mark_unreachable();
      break;
    case Opcode::CALL: {
      if (instruction.index >= module_.function_count()) {
        fail(indexed("unknown function", instruction.index));
      }
      const FuncType& callee = module_.function_type(instruction.index);
      pop(callee.params);
      push(callee.results);
      break;
    }
    case Opcode::CALL_INDIRECT: {
      if (table(instruction.index2).element != ValType::FuncRef) fail("type mismatch");
      if (instruction.index >= module_.types.size())
        fail(indexed("unknown type", instruction.index));
      const FuncType& callee = module_.types[instruction.index];
      pop(ValType::I32);
      pop(callee.params);
      push(callee.results);
      break;
    }
    case Opcode::DROP: pop(); break;
    case Opcode::SELECT: {
      pop(ValType::I32);
      const ValType a = pop(), b = pop();
      if ((a != kUnknownType && !is_numeric_or_vector(a)) ||
          (b != kUnknownType && !is_numeric_or_vector(b))) {
        fail("type mismatch");
      }
      if (a != b && a != kUnknownType && b != kUnknownType) fail("type mismatch");
      push(a == kUnknownType ? b : a);
      break;
    }
    case Opcode::SELECT_T:
      if (instruction.type_count != 1) fail("invalid result arity");
      pop(ValType::I32);
      pop(instruction.type);
      pop(instruction.type);
      push(instruction.type);
      break;
    case Opcode::LOCAL_GET: push(local_type(instruction.index)); break;
    case Opcode::LOCAL_SET: pop(local_type(instruction.index)); break;
    case Opcode::LOCAL_TEE: {
      const ValType t = local_type(instruction.index);
      pop(t);
      push(t);
      break;
    }
    case Opcode::GLOBAL_GET:
      if (instruction.index >= module_.global_count())
        fail(indexed("unknown global", instruction.index));
      push(module_.global_type(instruction.index).type);
      break;
    case Opcode::GLOBAL_SET: {
      if (instruction.index >= module_.global_count())
        fail(indexed("unknown global", instruction.index));
      const GlobalType g = module_.global_type(instruction.index);
      if (!g.is_mutable) fail("global is immutable");
      pop(g.type);
      break;
    }
    case Opcode::REF_NULL: push(instruction.type); break;
    case Opcode::REF_IS_NULL: {
      const ValType t = pop();
      if (t != kUnknownType && !is_reference(t)) fail("type mismatch");
      push(ValType::I32);
      break;
    }
    case Opcode::REF_FUNC:
      if (instruction.index >= module_.function_count()) {
        fail(indexed("unknown function", instruction.index));
      }
      if (!declared_refs_[instruction.index]) fail("undeclared function reference");
      push(ValType::FuncRef);
      break;
    default: validate_table_or_bulk(instruction); break;
  }
}

}  // namespace gowasm
