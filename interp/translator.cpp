// Function body → threaded code; see translator.h for the scheme.
#include "translator.h"

#include <array>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

#include "byte_reader.h"
#include "code_reader.h"
#include "handlers.h"
#include "runtime.h"

namespace gowasm::interp {
namespace {

constexpr size_t kNone = std::numeric_limits<size_t>::max();
// Slot indices must fit the code's 32-bit fields with room to spare.
constexpr uint64_t kMaxFrameSlots = uint64_t(1) << 28;

// How the translator treats an instruction of ops.def.
enum class Shape : uint8_t { None, Unary, Binary, BinaryImm, Compare, Load, Store };

struct OpEntry {
  Shape shape = Shape::None;
  Handler handler{};
  // The form with a folded operand, where the shape has one: the _IMM form
  // (constant right operand) of BinaryImm and Compare, the _ADDR form
  // (Go's SP-relative address) of Load and Store.
  Handler folded{};
};

constexpr std::array<OpEntry, kOpcodeSpace> build_op_table() {
  std::array<OpEntry, kOpcodeSpace> t{};
#define UNARY(op, ...) t[size_t(Opcode::op)] = {Shape::Unary, Handler::op};
#define TRAPPING_UNARY(op, ...) t[size_t(Opcode::op)] = {Shape::Unary, Handler::op};
#define BINARY(op, ...) t[size_t(Opcode::op)] = {Shape::Binary, Handler::op};
#define TRAPPING_BINARY(op, ...) t[size_t(Opcode::op)] = {Shape::Binary, Handler::op};
#define BINARY_IMM(op, ...) \
  t[size_t(Opcode::op)] = {Shape::BinaryImm, Handler::op, Handler::op##_IMM};
#define COMPARE(op, ...) t[size_t(Opcode::op)] = {Shape::Compare, Handler::op, Handler::op##_IMM};
#define LOAD(op, ...) t[size_t(Opcode::op)] = {Shape::Load, Handler::op, Handler::op##_ADDR};
#define STORE(op, ...) t[size_t(Opcode::op)] = {Shape::Store, Handler::op, Handler::op##_ADDR};
#include "ops.def"
#undef UNARY
#undef TRAPPING_UNARY
#undef BINARY
#undef TRAPPING_BINARY
#undef BINARY_IMM
#undef COMPARE
#undef LOAD
#undef STORE
  return t;
}
constexpr std::array<OpEntry, kOpcodeSpace> kOps = build_op_table();

// The handler variants of one compare, for fusion and operand swapping.
struct CompareForms {
  Opcode opcode;
  Opcode inverse;  // !(x op y)
  Opcode mirror;   // y op x
  Handler imm, branch, branch_imm, select, select_imm;
};

constexpr CompareForms compare_forms(Opcode op) {
  switch (op) {
#define FORMS(OP, INV, MIR)                                  \
  case Opcode::OP:                                           \
    return {Opcode::OP,           Opcode::INV,               \
            Opcode::MIR,          Handler::OP##_IMM,         \
            Handler::BR_IF_##OP,  Handler::BR_IF_##OP##_IMM, \
            Handler::SELECT_##OP, Handler::SELECT_##OP##_IMM};
#define FORMS_FOR(W)                  \
  FORMS(W##_EQ, W##_NE, W##_EQ)       \
  FORMS(W##_NE, W##_EQ, W##_NE)       \
  FORMS(W##_LT_S, W##_GE_S, W##_GT_S) \
  FORMS(W##_LT_U, W##_GE_U, W##_GT_U) \
  FORMS(W##_GT_S, W##_LE_S, W##_LT_S) \
  FORMS(W##_GT_U, W##_LE_U, W##_LT_U) \
  FORMS(W##_LE_S, W##_GT_S, W##_GE_S) \
  FORMS(W##_LE_U, W##_GT_U, W##_GE_U) \
  FORMS(W##_GE_S, W##_LT_S, W##_LE_S) \
  FORMS(W##_GE_U, W##_LT_U, W##_LE_U)
    FORMS_FOR(I32)
    FORMS_FOR(I64)
#undef FORMS_FOR
#undef FORMS
    default: return {};
  }
}

bool is_i64_compare(Opcode op) {
  return op >= Opcode::I64_EQ && op <= Opcode::I64_GE_U;
}
bool is_commutative(Opcode op) {
  switch (op) {
    case Opcode::I32_ADD:
    case Opcode::I32_MUL:
    case Opcode::I32_AND:
    case Opcode::I32_OR:
    case Opcode::I32_XOR:
    case Opcode::I64_ADD:
    case Opcode::I64_MUL:
    case Opcode::I64_AND:
    case Opcode::I64_OR:
    case Opcode::I64_XOR: return true;
    default: return false;
  }
}

// Frame regions sized by a first translation pass: scratch slots for the
// parameters of if-blocks, and the constant pool.
struct FrameReservation {
  uint32_t scratch = 0;
  uint32_t constants = 0;
  bool operator==(const FrameReservation&) const = default;
};

// A simulated stack entry. Besides a temporary, a local's slot and a
// constant, it can be one of the steps of the address computation Go emits
// before nearly every memory access,
//   local.get sp; i64.extend_i32_u; i64.const k; i64.add; i32.wrap_i64,
// held lazily so that a load or store can take `u32(sp + k)` whole.
struct Operand {
  enum class Kind : uint8_t {
    Temp,          // in its canonical slot
    Slot,          // in `slot` (a local, or a saved parameter)
    Const,         // `bits`
    Extended,      // i64: extend_u(u32 in `slot`)
    ExtendedPlus,  // i64: extend_u(u32 in `slot`) + `bits`
    Address,       // i32: u32(`slot` + `bits`)
  } kind = Kind::Temp;
  uint32_t slot = 0;
  uint64_t bits = 0;

  // Whether the value is read from `s` when it is finally used.
  bool reads(uint32_t s) const { return kind != Kind::Temp && kind != Kind::Const && slot == s; }
};

struct Label {
  Opcode opcode;  // BLOCK (also the function body), LOOP, IF, ELSE
  uint32_t base;  // operand height below the block's parameters
  uint32_t param_count;
  uint32_t result_count;
  size_t loop_start = kNone;             // LOOP: code index of the header
  std::vector<size_t> forward_branches;  // code indices that jump to the end
  size_t else_branch = kNone;            // IF: the branch to the else part
  uint32_t saved_params = 0;             // IF with parameters: first scratch slot holding them
  uint32_t arity() const { return opcode == Opcode::LOOP ? param_count : result_count; }
};

// A compare whose result is the top temporary, emitted last: the candidate
// for fusion with a following br_if or if.
struct PendingCompare {
  size_t code_index = kNone;
  Opcode opcode{};
  uint32_t x = 0, y = 0;  // slots; y unused when has_imm
  uint64_t imm = 0;
  bool has_imm = false;
  bool is_eqz = false;  // i32.eqz / i64.eqz: x only
  bool eqz_64 = false;
};

class Translator {
 public:
  Translator(const Module& module, ModuleCode& code, uint32_t function_index,
             FrameReservation reserved)
      : module_(module),
        code_of_module_(code),
        function_index_(function_index),
        function_(module_.functions[function_index - module_.imported_function_count()]),
        type_(module_.function_type(function_index)),
        reserved_(reserved) {}

  std::unique_ptr<CompiledFunction> run();
  // What the body turned out to need; a translation is final when it got
  // what it needed.
  FrameReservation needed() const {
    return FrameReservation{scratch_used_, uint32_t(constant_list_.size())};
  }

 private:
  // --- emission ---
  size_t emit(Handler h, uint32_t a = 0, uint32_t b = 0, uint64_t c = 0) {
    code_.push_back(Instr{handler_address(h), a, b, c});
    last_def_ = kNone;
    compare_ = PendingCompare{};
    return code_.size() - 1;
  }
  // Emits an instruction whose result is the temporary at `height`, with an
  // optional operand cell after it.
  void emit_def(Handler h, uint32_t height, uint32_t b = 0, uint64_t c = 0,
                std::optional<uint64_t> operand_cell = std::nullopt) {
    const size_t index = emit(h, temp(height), b, c);
    if (operand_cell) emit(Handler::HALT, 0, 0, *operand_cell);  // never executed
    last_def_ = index;
    last_def_height_ = height;
    push_temp(height);
  }
  // Whether the instruction at last_def_ (and its operand cell) ends the
  // code and produced the temporary at `height`: it may then be rewritten.
  bool last_defines(uint32_t height) const {
    if (last_def_ == kNone || last_def_height_ != height) return false;
    const size_t cells = code_.size() - last_def_;
    return cells == 1 || (cells == 2 && code_.back().handler == handler_address(Handler::HALT));
  }
  void emit_branch(Handler h, uint32_t a, uint32_t b, Label& label) {
    const size_t index = emit(h, a, b, 0);
    target(index, label);
  }
  void target(size_t index, Label& label) {
    branch_sites_.push_back(index);
    if (label.opcode == Opcode::LOOP) {
      code_[index].c = label.loop_start;
    } else {
      label.forward_branches.push_back(index);
    }
  }
  // Whether `op`, standing at `height`, is the result of the compare (or
  // eqz) emitted last, which a branch or select may then absorb.
  bool compare_produced(const Operand& op, uint32_t height) const {
    return op.kind == Operand::Kind::Temp && compare_.code_index == code_.size() - 1 &&
           last_def_height_ == height;
  }
  // Ends a basic block: later instructions must not rewrite earlier ones.
  void barrier() {
    last_def_ = kNone;
    compare_ = PendingCompare{};
  }

  // --- the simulated operand stack ---
  uint32_t temp(uint32_t height) const { return temps_base_ + height; }
  uint32_t height() const { return uint32_t(stack_.size()); }
  void push(Operand op) {
    stack_.push_back(op);
    if (stack_.size() > max_height_) max_height_ = uint32_t(stack_.size());
  }
  void push_temp(uint32_t height) {
    stack_.resize(height);
    push(Operand{});
  }
  Operand pop() {
    const Operand op = stack_.back();
    stack_.pop_back();
    return op;
  }
  // The slot holding `op`, which stands at `height`; a constant is first
  // written to its canonical slot.
  uint32_t use(const Operand& op, uint32_t height) {
    switch (op.kind) {
      case Operand::Kind::Temp: return temp(height);
      case Operand::Kind::Slot: return op.slot;
      case Operand::Kind::Const: {
        auto [it, inserted] = constant_index_.try_emplace(op.bits, uint32_t(constant_list_.size()));
        if (inserted) constant_list_.push_back(op.bits);
        if (it->second < reserved_.constants) return constants_base_ + it->second;
        emit(Handler::CONST, temp(height), 0, op.bits);
        return temp(height);
      }
      default: emit_value(op, temp(height), height); return temp(height);
    }
  }
  // Writes the value of `op` (standing at `height`) into slot `dst`.
  void emit_value(const Operand& op, uint32_t dst, uint32_t height) {
    switch (op.kind) {
      case Operand::Kind::Temp:
        if (temp(height) != dst) emit(Handler::COPY, dst, temp(height));
        break;
      case Operand::Kind::Slot:
        if (op.slot != dst) emit(Handler::COPY, dst, op.slot);
        break;
      case Operand::Kind::Const: emit(Handler::CONST, dst, 0, op.bits); break;
      case Operand::Kind::Extended: emit(Handler::I64_EXTEND_I32_U, dst, op.slot); break;
      case Operand::Kind::ExtendedPlus:
        emit(Handler::I64_EXTEND_I32_U, dst, op.slot);
        emit(Handler::I64_ADD_IMM, dst, dst, op.bits);
        break;
      case Operand::Kind::Address:
        emit(Handler::I32_ADD_IMM, dst, op.slot, uint32_t(op.bits));
        break;
    }
  }
  // Moves the entry at `height` into its canonical slot.
  void materialize(uint32_t height) {
    Operand& op = stack_[height];
    if (op.kind != Operand::Kind::Temp) emit_value(op, temp(height), height);
    op = Operand{};
  }
  void materialize_all() {
    for (uint32_t h = 0; h < height(); ++h) materialize(h);
  }
  void materialize_from(uint32_t first) {
    for (uint32_t h = first; h < height(); ++h) materialize(h);
  }
  // Copies the top `count` entries to the slots starting at `dst`. Moving
  // temporaries down in increasing order never overwrites a pending source.
  void copy_top_to(uint32_t dst, uint32_t count) {
    const uint32_t first = height() - count;
    for (uint32_t i = 0; i < count; ++i) emit_value(stack_[first + i], dst + i, first + i);
  }
  bool values_in_place(const Label& label) const {
    const uint32_t n = label.arity();
    if (height() - n != label.base) return false;
    for (uint32_t i = 0; i < n; ++i) {
      if (stack_[label.base + i].kind != Operand::Kind::Temp) return false;
    }
    return true;
  }
  Label& label(uint32_t depth) { return labels_[labels_.size() - 1 - depth]; }

  // --- instruction families ---
  void translate(const Instruction& in);
  void translate_numeric(const Instruction& in, const OpEntry& entry);
  // Keeps a step of Go's address computation lazy; false if `op` on the
  // current operands is not one.
  bool fold_address_step(Opcode op);
  void translate_binary(Opcode op, const OpEntry& entry);
  void translate_compare(Opcode op);
  void translate_select();
  bool invert_pending_compare();
  struct BlockArity {
    uint32_t params, results;
  };
  BlockArity block_arity(const BlockType& type) const;
  size_t final_target(size_t target) const;
  void enter_block(Opcode opcode, const BlockType& type);
  void translate_if(const Instruction& in);
  void translate_else();
  void translate_end();
  void translate_br_if(uint32_t depth);
  void translate_br_table(const Instruction& in);
  void translate_return();
  void translate_call(uint32_t function_index);
  void translate_call_indirect(const Instruction& in);
  void set_local(uint32_t index, bool keep);
  void translate_bulk(const Instruction& in);
  // Emits the branch for a consumed condition: taken when the condition is
  // `when_true`, using a just-emitted compare when there is one.
  size_t emit_conditional_branch(const Operand& condition, uint32_t condition_height,
                                 bool when_true);

  const Module& module_;
  ModuleCode& code_of_module_;  // where direct calls find their callee
  const uint32_t function_index_;
  const Function& function_;
  const FuncType& type_;
  uint32_t locals_ = 0;          // parameters + declared locals
  uint32_t constants_base_ = 0;  // first slot of the constant pool
  uint32_t temps_base_ = 0;      // slot of operand height 0
  FrameReservation reserved_;
  uint32_t scratch_used_ = 0;
  std::unordered_map<uint64_t, uint32_t> constant_index_;  // bits -> pool index
  std::vector<uint64_t> constant_list_;
  uint32_t max_height_ = 0;
  std::vector<Operand> stack_;
  std::vector<Label> labels_;
  std::vector<Instr> code_;
  std::vector<size_t> branch_sites_;  // code indices whose c is a code index to turn into a pointer
  struct JumpTable {
    size_t instruction;           // the BR_TABLE
    std::vector<size_t> targets;  // code indices, the default last
  };
  std::vector<JumpTable> jump_tables_;
  bool unreachable_ = false;
  uint32_t skipped_depth_ = 0;  // blocks opened inside unreachable code
  size_t last_def_ = kNone;
  uint32_t last_def_height_ = 0;
  PendingCompare compare_;
};

std::unique_ptr<CompiledFunction> Translator::run() {
  const uint64_t locals = type_.params.size() + function_.local_count;
  if (locals + reserved_.scratch + reserved_.constants >= kMaxFrameSlots) {
    throw TranslationError("function " + std::to_string(function_index_) + " has too many locals");
  }
  // Frame: parameters, locals, scratch, constant pool, operand temporaries.
  locals_ = uint32_t(locals);
  constants_base_ = locals_ + reserved_.scratch;
  temps_base_ = constants_base_ + reserved_.constants;
  // One handler sets the frame up: the pool, when there is one, is
  // described by an operand cell after the ENTER_CONSTANTS instruction.
  if (reserved_.constants > 0) {
    emit(Handler::ENTER_CONSTANTS, 0, uint32_t(type_.params.size()), function_.local_count);
    emit(Handler::HALT, constants_base_, reserved_.constants);  // operand cell, never executed
  } else {
    emit(Handler::ENTER, 0, uint32_t(type_.params.size()), function_.local_count);
  }
  labels_.push_back(Label{Opcode::BLOCK, 0, 0, uint32_t(type_.results.size())});

  static const ReadContext context{"code", std::nullopt};
  ByteReader bytes(module_.bytes(), function_.body.offset,
                   size_t(function_.body.offset) + function_.body.size, context);
  CodeReader reader(bytes);
  Instruction in;
  while (!labels_.empty()) {
    reader.read(in);
    if (unreachable_) {
      switch (in.opcode) {
        case Opcode::BLOCK:
        case Opcode::LOOP:
        case Opcode::IF: ++skipped_depth_; continue;
        case Opcode::ELSE:
          if (skipped_depth_ == 0) break;
          continue;
        case Opcode::END:
          if (skipped_depth_ == 0) break;
          --skipped_depth_;
          continue;
        default: continue;
      }
    }
    translate(in);
    if (temps_base_ + uint64_t(max_height_) >= kMaxFrameSlots) {
      throw TranslationError("function " + std::to_string(function_index_) +
                             " has too deep a stack");
    }
  }

  auto compiled = std::make_unique<CompiledFunction>();
  // The frame: params, locals, scratch, pool, deepest operand stack; and
  // room for the results, which a callee writes to its first slots.
  code_[0].a = std::max<uint32_t>(temps_base_ + max_height_, uint32_t(type_.results.size()));
  compiled->constants.assign(constant_list_.begin(), constant_list_.end());
  if (reserved_.constants > 0) {
    code_[1].c = reinterpret_cast<uintptr_t>(compiled->constants.data());
  }
  compiled->code_size = code_.size();
  compiled->code = std::make_unique<Instr[]>(code_.size());
  Instr* base = compiled->code.get();
  std::copy(code_.begin(), code_.end(), base);
  for (size_t index : branch_sites_) {
    base[index].c = reinterpret_cast<uintptr_t>(base + final_target(code_[index].c));
  }
  for (const JumpTable& jump_table : jump_tables_) {
    auto table = std::make_unique<const Instr*[]>(jump_table.targets.size());
    for (size_t i = 0; i < jump_table.targets.size(); ++i) {
      table[i] = base + final_target(jump_table.targets[i]);
    }
    base[jump_table.instruction].c = reinterpret_cast<uintptr_t>(table.get());
    compiled->jump_tables.push_back(std::move(table));
  }
  return compiled;
}

// Jump threading: a branch to an unconditional branch goes straight to its
// target (loop back-edges after a skipped block exit, landing pads without
// copies). Bounded, in case of a cycle of branches (an empty infinite loop).
size_t Translator::final_target(size_t target) const {
  const void* br = handler_address(Handler::BR);
  for (int hops = 0; hops < 8 && code_[target].handler == br; ++hops) target = code_[target].c;
  return target;
}

Translator::BlockArity Translator::block_arity(const BlockType& type) const {
  switch (type.kind) {
    case BlockType::Kind::Empty: return {0, 0};
    case BlockType::Kind::Value: return {0, 1};
    case BlockType::Kind::TypeIndex:
      return {uint32_t(module_.types[type.type_index].params.size()),
              uint32_t(module_.types[type.type_index].results.size())};
  }
  return {0, 0};
}

void Translator::enter_block(Opcode opcode, const BlockType& type) {
  const auto [params, results] = block_arity(type);
  materialize_all();
  barrier();
  Label l{opcode, height() - params, params, results};
  if (opcode == Opcode::LOOP) l.loop_start = code_.size();
  labels_.push_back(std::move(l));
}

size_t Translator::emit_conditional_branch(const Operand& condition, uint32_t condition_height,
                                           bool when_true) {
  // Fuse with the compare that produced the condition, if it was the last
  // instruction emitted and its result is this operand.
  if (compare_produced(condition, condition_height)) {
    const PendingCompare c = compare_;
    code_.pop_back();
    barrier();
    if (c.is_eqz) {
      // eqz(x) is true when x is zero.
      const Handler h = when_true ? (c.eqz_64 ? Handler::BR_UNLESS_I64 : Handler::BR_UNLESS)
                                  : (c.eqz_64 ? Handler::BR_IF_I64 : Handler::BR_IF);
      return emit(h, 0, c.x);
    }
    const CompareForms forms =
        compare_forms(when_true ? c.opcode : compare_forms(c.opcode).inverse);
    if (c.has_imm) return emit(forms.branch_imm, c.x, uint32_t(c.imm));
    return emit(forms.branch, c.x, c.y);
  }
  if (condition.kind == Operand::Kind::Const && (uint32_t(condition.bits) != 0) == when_true) {
    return emit(Handler::BR);  // always taken
  }
  return emit(when_true ? Handler::BR_IF : Handler::BR_UNLESS, 0, use(condition, condition_height));
}

void Translator::translate_if(const Instruction& in) {
  const auto [params, results] = block_arity(in.block);
  const Operand condition = pop();
  const uint32_t condition_height = height();
  // The branch to the else part must come before the stack is made
  // canonical, or the compare feeding it would no longer be the last
  // instruction; canonicalising first is safe because it never writes the
  // compare's operand slots (they stand at or above the condition's height).
  const size_t else_branch = emit_conditional_branch(condition, condition_height, false);
  // Moving the branch after the canonicalisation: emit copies, then re-emit.
  const Instr branch = code_[else_branch];
  code_.pop_back();
  materialize_all();
  Label l{Opcode::IF, height() - params, params, results};
  if (params > 0) {
    // The else part needs the parameters after the then part has used their
    // slots: save them, on both paths, before branching.
    l.saved_params = locals_ + scratch_used_;
    scratch_used_ += params;
    if (scratch_used_ <= reserved_.scratch) {
      for (uint32_t i = 0; i < params; ++i) {
        emit(Handler::COPY, l.saved_params + i, temp(l.base + i));
      }
    }
  }
  code_.push_back(branch);
  barrier();
  l.else_branch = code_.size() - 1;
  branch_sites_.push_back(l.else_branch);
  labels_.push_back(std::move(l));
}

void Translator::translate_else() {
  Label& l = labels_.back();
  if (!unreachable_) {
    copy_top_to(temp(l.base), l.result_count);
    const size_t index = emit(Handler::BR);
    branch_sites_.push_back(index);
    l.forward_branches.push_back(index);
  }
  code_[l.else_branch].c = code_.size();
  stack_.resize(l.base);
  for (uint32_t i = 0; i < l.param_count; ++i) {
    push(Operand{Operand::Kind::Slot, l.saved_params + i, 0});
  }
  l.opcode = Opcode::ELSE;
  unreachable_ = false;
  barrier();
}

void Translator::translate_end() {
  Label l = std::move(labels_.back());
  labels_.pop_back();
  if (labels_.empty()) {
    // The function's own end: return. Branches to the function's label left
    // the results in the temporaries of heights 0..n-1; their landing moves
    // them to slots 0..n-1 and returns.
    if (!unreachable_) translate_return();
    if (!l.forward_branches.empty()) {
      for (size_t index : l.forward_branches) code_[index].c = code_.size();
      for (uint32_t i = 0; i < l.result_count; ++i) {
        if (temp(i) != i) emit(Handler::COPY, i, temp(i));
      }
      emit(Handler::RETURN);
    }
    return;
  }
  if (!unreachable_) copy_top_to(temp(l.base), l.result_count);
  const size_t end = code_.size();
  for (size_t index : l.forward_branches) code_[index].c = end;
  if (l.opcode == Opcode::IF) code_[l.else_branch].c = end;  // no else: parameters pass through
  stack_.resize(l.base);
  for (uint32_t i = 0; i < l.result_count; ++i) push(Operand{});
  unreachable_ = false;
  barrier();
}

void Translator::translate_br_if(uint32_t depth) {
  const Operand condition = pop();
  const uint32_t condition_height = height();
  Label& target_label = label(depth);
  if (values_in_place(target_label)) {
    const size_t index = emit_conditional_branch(condition, condition_height, true);
    target(index, target_label);
    return;
  }
  // Values must move first: skip the move and the branch when not taken.
  const size_t skip = emit_conditional_branch(condition, condition_height, false);
  branch_sites_.push_back(skip);
  copy_top_to(temp(target_label.base), target_label.arity());
  emit_branch(Handler::BR, 0, 0, target_label);
  code_[skip].c = code_.size();
  barrier();
}

void Translator::translate_br_table(const Instruction& in) {
  const Operand index = pop();
  const uint32_t index_slot = use(index, height());
  const size_t table_instr = emit(Handler::BR_TABLE, uint32_t(in.targets.size() - 1), index_slot);
  std::vector<size_t> targets(in.targets.size());
  for (size_t i = 0; i < in.targets.size(); ++i) {
    Label& l = label(in.targets[i]);
    if (values_in_place(l)) {
      if (l.opcode == Opcode::LOOP) {
        targets[i] = l.loop_start;
        continue;
      }
    }
    // A landing pad: move the values (if any) and branch.
    targets[i] = code_.size();
    copy_top_to(temp(l.base), l.arity());
    emit_branch(Handler::BR, 0, 0, l);
  }
  jump_tables_.push_back(JumpTable{table_instr, std::move(targets)});
  unreachable_ = true;
}

void Translator::translate_return() {
  const uint32_t n = uint32_t(type_.results.size());
  // Results go to slots 0..n-1; a source in one of those slots that an
  // earlier copy would overwrite is moved to its temporary first.
  for (uint32_t i = 0; i < n; ++i) {
    const Operand& op = stack_[height() - n + i];
    if (op.kind != Operand::Kind::Temp && op.kind != Operand::Kind::Const && op.slot < n &&
        !(op.kind == Operand::Kind::Slot && op.slot == i)) {
      materialize_from(height() - n);
      break;
    }
  }
  copy_top_to(0, n);
  emit(Handler::RETURN);
  unreachable_ = true;
}

void Translator::translate_call(uint32_t callee_index) {
  const FuncType& callee = module_.function_type(callee_index);
  const uint32_t args = uint32_t(callee.params.size());
  const uint32_t first = height() - args;
  materialize_from(first);
  // An imported function belongs to the host or another instance.
  if (callee_index < module_.imported_function_count()) {
    emit(Handler::CALL_EXTERNAL, temp(first), 0, callee_index);
  } else {
    emit(Handler::CALL, temp(first), 0,
         reinterpret_cast<uintptr_t>(&code_of_module_.function_at(callee_index)));
  }
  stack_.resize(first);
  for (size_t i = 0; i < callee.results.size(); ++i) push(Operand{});
}

void Translator::translate_call_indirect(const Instruction& in) {
  const FuncType& callee = module_.types[in.index];
  const uint32_t args = uint32_t(callee.params.size());
  const uint32_t first = height() - args - 1;
  materialize_from(first);
  emit(Handler::CALL_INDIRECT, temp(first), temp(first + args), in.index2);
  emit(Handler::HALT, intern_function_type(callee));  // operand cell, never executed
  stack_.resize(first);
  for (size_t i = 0; i < callee.results.size(); ++i) push(Operand{});
}

bool Translator::invert_pending_compare() {
  // eqz(x < y) is x >= y: rewrite the integer compare that was just emitted
  // for the top temporary, so that a branch or select can still fuse with it.
  const uint32_t h = height() - 1;
  if (!compare_produced(stack_.back(), h) || compare_.is_eqz) {
    return false;
  }
  const Opcode inverse = compare_forms(compare_.opcode).inverse;
  const CompareForms forms = compare_forms(inverse);
  code_.back().handler =
      handler_address(compare_.has_imm ? forms.imm : kOps[size_t(inverse)].handler);
  compare_.opcode = inverse;
  return true;
}

void Translator::translate_select() {
  Operand c = pop(), y = pop(), x = pop();
  const uint32_t h = height();
  // A condition computed by the instruction just emitted fuses with it.
  const bool fuse = compare_produced(c, h + 2);
  if (!fuse) {
    const uint32_t xs = use(x, h), ys = use(y, h + 1), cs = use(c, h + 2);
    emit_def(Handler::SELECT, h, cs, xs | uint64_t(ys) << 32);
    return;
  }
  const PendingCompare pending = compare_;
  code_.pop_back();
  barrier();
  if (pending.is_eqz) {
    // select(x, y, eqz(v)) is select(y, x, v).
    const uint32_t xs = use(x, h), ys = use(y, h + 1);
    emit_def(pending.eqz_64 ? Handler::SELECT_I64 : Handler::SELECT, h, pending.x,
             ys | uint64_t(xs) << 32);
    return;
  }
  const uint32_t xs = use(x, h), ys = use(y, h + 1);
  const CompareForms forms = compare_forms(pending.opcode);
  emit_def(pending.has_imm ? forms.select_imm : forms.select, h, pending.x,
           pending.has_imm ? pending.imm : pending.y, xs | uint64_t(ys) << 32);
}

void Translator::set_local(uint32_t index, bool keep) {
  const Operand value = pop();
  const uint32_t value_height = height();
  const bool retarget = value.kind == Operand::Kind::Temp && last_defines(value_height);
  // Entries that still read the local's old value get their own copy first.
  // When the value's producer is the last instruction, the copies go in
  // before it: they write temporaries below the value's height, which the
  // producer does not read, and the producer can then write the local.
  std::vector<Instr> producer;
  if (retarget) {
    producer.assign(code_.begin() + ptrdiff_t(last_def_), code_.end());
    code_.resize(last_def_);
  }
  for (uint32_t h = 0; h < height(); ++h) {
    if (stack_[h].reads(index)) materialize(h);
  }
  if (retarget) {
    producer.front().a = index;
    code_.insert(code_.end(), producer.begin(), producer.end());
    barrier();
  } else {
    emit_value(value, index, value_height);
  }
  if (keep) push(Operand{Operand::Kind::Slot, index, 0});
}

void Translator::translate_compare(Opcode op) {
  Operand y = pop(), x = pop();
  const uint32_t h = height();
  // Operands keep the height they stood at: a temporary's slot depends on it.
  uint32_t xh = h, yh = h + 1;
  const CompareForms forms = compare_forms(op);
  if (x.kind == Operand::Kind::Const && y.kind != Operand::Kind::Const) {
    std::swap(x, y);
    std::swap(xh, yh);
    op = forms.mirror;
  }
  const CompareForms f = compare_forms(op);
  PendingCompare pending{kNone, op};
  if (y.kind == Operand::Kind::Const) {
    const uint64_t imm = is_i64_compare(op) ? y.bits : uint32_t(y.bits);
    pending.x = use(x, xh);
    pending.imm = imm;
    // Fused branches carry the immediate in 32 bits: i64 constants must fit.
    pending.has_imm = !is_i64_compare(op) || int64_t(imm) == int64_t(int32_t(imm));
    if (pending.has_imm) {
      emit_def(f.imm, h, pending.x, imm);
    } else {
      pending.y = use(y, yh);
      emit_def(kOps[size_t(op)].handler, h, pending.x, pending.y);
    }
  } else {
    pending.x = use(x, xh);
    pending.y = use(y, yh);
    emit_def(kOps[size_t(op)].handler, h, pending.x, pending.y);
  }
  pending.code_index = code_.size() - 1;
  compare_ = pending;
}

void Translator::translate_binary(Opcode op, const OpEntry& entry) {
  const Operand y = pop(), x = pop();
  const uint32_t h = height();
  if (entry.shape == Shape::BinaryImm) {
    if (x.kind == Operand::Kind::Const && y.kind != Operand::Kind::Const && is_commutative(op)) {
      emit_def(entry.folded, h, use(y, h + 1), x.bits);
      return;
    }
    if (y.kind == Operand::Kind::Const) {
      const uint32_t xs = use(x, h);
      emit_def(entry.folded, h, xs, y.bits);
      return;
    }
  }
  const uint32_t xs = use(x, h);
  const uint32_t ys = use(y, h + 1);
  emit_def(entry.handler, h, xs, ys);
}

bool Translator::fold_address_step(Opcode op) {
  const uint32_t h = height() - 1;  // of the top entry
  Operand& top = stack_.back();
  switch (op) {
    case Opcode::I64_EXTEND_I32_U:
      if (top.kind == Operand::Kind::Const) {
        top.bits = uint32_t(top.bits);
      } else if (top.kind == Operand::Kind::Slot || top.kind == Operand::Kind::Temp) {
        top = Operand{Operand::Kind::Extended, top.kind == Operand::Kind::Slot ? top.slot : temp(h),
                      0};
      } else {
        return false;
      }
      return true;
    case Opcode::I64_ADD: {
      Operand& x = stack_[h - 1];
      const Operand& y = top;
      const bool x_const = x.kind == Operand::Kind::Const, y_const = y.kind == Operand::Kind::Const;
      const auto extended = [](const Operand& o) {
        return o.kind == Operand::Kind::Extended || o.kind == Operand::Kind::ExtendedPlus;
      };
      Operand sum;
      if (x_const && y_const) {
        sum = Operand{Operand::Kind::Const, 0, x.bits + y.bits};
      } else if (extended(x) && y_const) {
        sum = Operand{Operand::Kind::ExtendedPlus, x.slot, x.bits + y.bits};
      } else if (x_const && extended(y)) {
        sum = Operand{Operand::Kind::ExtendedPlus, y.slot, y.bits + x.bits};
      } else {
        return false;
      }
      stack_.pop_back();
      stack_.back() = sum;
      return true;
    }
    case Opcode::I32_WRAP_I64:
      if (top.kind == Operand::Kind::Const) {
        top.bits = uint32_t(top.bits);
      } else if (top.kind == Operand::Kind::Temp || top.kind == Operand::Kind::Slot) {
        // Every reader of an i32 reads the low half of its slot: the i64
        // wrapped in place is the i32.
      } else if (top.kind == Operand::Kind::Extended) {
        // wrap(extend_u(x)) is x.
        top = top.slot == temp(h) ? Operand{} : Operand{Operand::Kind::Slot, top.slot, 0};
      } else if (top.kind == Operand::Kind::ExtendedPlus) {
        // wrap(extend_u(x) + k) is u32(x + k).
        top = Operand{Operand::Kind::Address, top.slot, uint32_t(top.bits)};
      } else {
        return false;
      }
      return true;
    default: return false;
  }
}

void Translator::translate_numeric(const Instruction& in, const OpEntry& entry) {
  if (fold_address_step(in.opcode)) return;
  switch (entry.shape) {
    case Shape::Unary: {
      if (in.opcode == Opcode::I32_EQZ && invert_pending_compare()) break;
      const Operand x = pop();
      const uint32_t h = height();
      const uint32_t xs = use(x, h);
      const bool is_eqz = in.opcode == Opcode::I32_EQZ || in.opcode == Opcode::I64_EQZ;
      emit_def(entry.handler, h, xs);
      if (is_eqz) {
        compare_ = PendingCompare{
            code_.size() - 1, in.opcode, xs, 0, 0, false, true, in.opcode == Opcode::I64_EQZ};
      }
      break;
    }
    case Shape::Binary:
    case Shape::BinaryImm: translate_binary(in.opcode, entry); break;
    case Shape::Compare: translate_compare(in.opcode); break;
    case Shape::Load: {
      const Operand address = pop();
      const uint32_t h = height();
      if (address.kind == Operand::Kind::Address) {
        // The _ADDR form adds the constant itself.
        emit_def(entry.folded, h, address.slot,
                 uint32_t(address.bits) | uint64_t(in.memarg.offset) << 32);
      } else {
        emit_def(entry.handler, h, use(address, h), in.memarg.offset);
      }
      break;
    }
    case Shape::Store: {
      const Operand value = pop(), address = pop();
      const uint32_t h = height();
      const uint32_t vs = use(value, h + 1);
      if (address.kind == Operand::Kind::Address) {
        emit(entry.folded, address.slot, vs,
             uint32_t(address.bits) | uint64_t(in.memarg.offset) << 32);
      } else {
        emit(entry.handler, use(address, h), vs, in.memarg.offset);
      }
      break;
    }
    case Shape::None: break;
  }
}

void Translator::translate_bulk(const Instruction& in) {
  // Rare instructions take their operands in consecutive canonical slots.
  auto operands = [&](uint32_t count) {
    const uint32_t first = height() - count;
    materialize_from(first);
    stack_.resize(first);
    return first;
  };
  switch (in.opcode) {
    case Opcode::MEMORY_FILL: emit(Handler::MEMORY_FILL, temp(operands(3))); break;
    case Opcode::MEMORY_COPY: emit(Handler::MEMORY_COPY, temp(operands(3))); break;
    case Opcode::MEMORY_INIT: emit(Handler::MEMORY_INIT, temp(operands(3)), 0, in.index); break;
    case Opcode::DATA_DROP: emit(Handler::DATA_DROP, 0, 0, in.index); break;
    case Opcode::TABLE_SET:
      emit(Handler::TABLE_SET, temp(operands(2)), 0, in.index);
      break;
    case Opcode::TABLE_GROW: {
      // Not emit_def: the result slot is also an operand, so it must never
      // be retargeted to a local.
      const uint32_t first = operands(2);
      emit(Handler::TABLE_GROW, temp(first), 0, in.index);
      push_temp(first);
      break;
    }
    case Opcode::TABLE_FILL:
      emit(Handler::TABLE_FILL, temp(operands(3)), 0, in.index);
      break;
    case Opcode::TABLE_COPY:
      emit(Handler::TABLE_COPY, temp(operands(3)), 0, in.index);
      emit(Handler::HALT, 0, 0, in.index2);  // operand cell, never executed
      break;
    case Opcode::TABLE_INIT:
      emit(Handler::TABLE_INIT, temp(operands(3)), in.index, in.index2);
      break;
    case Opcode::ELEM_DROP: emit(Handler::ELEM_DROP, 0, 0, in.index); break;
    default: break;
  }
}

void Translator::translate(const Instruction& in) {
  const OpEntry& entry = kOps[size_t(in.opcode)];
  if (entry.shape != Shape::None) return translate_numeric(in, entry);

  switch (in.opcode) {
    case Opcode::NOP: break;
    case Opcode::UNREACHABLE:
      emit(Handler::UNREACHABLE);
      unreachable_ = true;
      break;
    case Opcode::BLOCK:
    case Opcode::LOOP: enter_block(in.opcode, in.block); break;
    case Opcode::IF: translate_if(in); break;
    case Opcode::ELSE: translate_else(); break;
    case Opcode::END: translate_end(); break;
    case Opcode::BR: {
      Label& l = label(in.index);
      copy_top_to(temp(l.base), l.arity());
      emit_branch(Handler::BR, 0, 0, l);
      unreachable_ = true;
      break;
    }
    case Opcode::BR_IF: translate_br_if(in.index); break;
    case Opcode::BR_TABLE: translate_br_table(in); break;
    case Opcode::RETURN: translate_return(); break;
    case Opcode::CALL: translate_call(in.index); break;
    case Opcode::CALL_INDIRECT: translate_call_indirect(in); break;
    case Opcode::DROP: pop(); break;
    case Opcode::SELECT:
    case Opcode::SELECT_T: translate_select(); break;
    case Opcode::LOCAL_GET: push(Operand{Operand::Kind::Slot, in.index, 0}); break;
    case Opcode::LOCAL_SET: set_local(in.index, false); break;
    case Opcode::LOCAL_TEE: set_local(in.index, true); break;
    case Opcode::GLOBAL_GET:
      emit_def(Handler::GLOBAL_GET, height(), 0, in.index);
      break;
    case Opcode::GLOBAL_SET: {
      const Operand v = pop();
      emit(Handler::GLOBAL_SET, 0, use(v, height()), in.index);
      break;
    }
    case Opcode::I32_CONST: push(Operand{Operand::Kind::Const, 0, uint32_t(in.bits)}); break;
    case Opcode::I64_CONST:
    case Opcode::F32_CONST:
    case Opcode::F64_CONST: push(Operand{Operand::Kind::Const, 0, in.bits}); break;
    case Opcode::REF_NULL: push(Operand{Operand::Kind::Const, 0, 0}); break;
    case Opcode::REF_FUNC: emit_def(Handler::REF_FUNC, height(), 0, in.index); break;
    case Opcode::MEMORY_SIZE: emit_def(Handler::MEMORY_SIZE, height()); break;
    case Opcode::MEMORY_GROW: {
      const Operand delta = pop();
      const uint32_t h = height();
      emit_def(Handler::MEMORY_GROW, h, use(delta, h));
      break;
    }
    case Opcode::TABLE_GET: {
      const Operand index = pop();
      const uint32_t h = height();
      emit_def(Handler::TABLE_GET, h, use(index, h), in.index);
      break;
    }
    case Opcode::TABLE_SIZE:
      emit_def(Handler::TABLE_SIZE, height(), 0, in.index);
      break;
    default: translate_bulk(in); break;
  }
}

}  // namespace

std::unique_ptr<CompiledFunction> translate_function(const Module& module, ModuleCode& code,
                                                     uint32_t function_index) {
  Translator first(module, code, function_index, FrameReservation{});
  auto compiled = first.run();
  const FrameReservation needed = first.needed();
  if (needed == FrameReservation{}) return compiled;
  // The frame's scratch and constant regions sit below the temporaries, so
  // their sizes must be known before any temporary gets a slot: translate
  // again with them reserved. Translation decisions do not depend on the
  // reservation, so the second pass needs exactly what the first found.
  Translator second(module, code, function_index, needed);
  compiled = second.run();
  if (!(second.needed() == needed)) {
    throw TranslationError("function " + std::to_string(function_index) +
                           ": translation is not deterministic");
  }
  return compiled;
}

}  // namespace gowasm::interp
