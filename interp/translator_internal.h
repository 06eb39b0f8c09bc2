// The translator's declarations, shared by its files (see translator.h for
// the scheme). One class, Translator, translates one function; its member
// functions are grouped by concern:
//   translator.cpp          the driver: frame layout, the instruction loop,
//                           resolving branch targets
//   translate_control.cpp   blocks, labels, branches, br_table, calls, return
//   translate_fusion.cpp    compare+branch, compare+select, eqz inversion,
//                           results written straight into locals
//   translate_memory.cpp    loads, stores, Go's SP-relative address folding,
//                           bulk memory and tables
// The emission helpers and the simulated operand stack are small and live
// in the class below.
#pragma once

#include <array>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

#include "code.h"
#include "handlers.h"
#include "instruction.h"
#include "module_code.h"
#include "native/routines.h"
#include "translator.h"

namespace gowasm::interp {

inline constexpr size_t kNone = std::numeric_limits<size_t>::max();
// Slot indices must fit the code's 32-bit fields with room to spare.
inline constexpr uint64_t kMaxFrameSlots = uint64_t(1) << 28;

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
inline constexpr std::array<OpEntry, kOpcodeSpace> kOps = build_op_table();

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

inline bool is_i64_compare(Opcode op) {
  return op >= Opcode::I64_EQ && op <= Opcode::I64_GE_U;
}
inline bool is_commutative(Opcode op) {
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
    Local,         // in `slot` (a local, or a saved parameter)
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
  // `native`: the native routine the function is, if any (native/routines.h).
  Translator(const Module& module, ModuleCode& code, uint32_t function_index,
             const NativeEntry& native, FrameReservation reserved,
             const std::atomic<bool>* interrupted)
      : module_(module),
        code_of_module_(code),
        function_index_(function_index),
        interrupted_(interrupted),
        function_(module_.functions[function_index - module_.imported_function_count()]),
        type_(module_.function_type(function_index)),
        native_(native),
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
  // Later instructions must not rewrite earlier ones.
  void seal() {
    last_def_ = kNone;
    compare_ = PendingCompare{};
  }
  // Ends a basic block (a branch may land here): sealed, and no fusion
  // across it.
  void barrier() {
    seal();
    block_start_ = code_.size();
  }
  // Operand b of GLOBAL_GET_BR_IF and GLOBAL_GET_BR_UNLESS: the condition's
  // slot and the global, when both fit their 16 bits.
  static std::optional<uint32_t> slot_and_global(uint32_t slot, uint64_t global) {
    if (slot > 0xFFFF || global > 0xFFFF) return std::nullopt;
    return slot | uint32_t(global) << 16;
  }
  // Whether code_[index] is in the current basic block.
  bool in_block(size_t index) const { return index >= block_start_ && index < code_.size(); }
  // The last instruction if it is `h` in the current basic block.
  Instr* last_if(Handler h) {
    return !code_.empty() && in_block(code_.size() - 1) &&
                   code_.back().handler == handler_address(h)
               ? &code_.back()
               : nullptr;
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
      case Operand::Kind::Local: return op.slot;
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
      case Operand::Kind::Local:
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
  void fuse_pairs();
  void enter_block(Opcode opcode, const BlockType& type);
  void translate_if(const Instruction& in);
  void translate_else();
  void translate_end();
  void translate_br(uint32_t depth);
  void translate_global_set(uint32_t global);
  bool emit_go_call(uint32_t frame, const FunctionCode& callee);
  bool fuse_stack_check(uint32_t sp, uint32_t limit);
  bool emit_static_jump(const Label& loop);
  void translate_br_if(uint32_t depth);
  void translate_br_table(const Instruction& in);
  void skip_resume_table(size_t table_instr, size_t first_target);
  void translate_return();
  void emit_return();
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
  const std::atomic<bool>* interrupted_;  // polled while translating, when given
  const Function& function_;
  const FuncType& type_;
  const NativeEntry& native_;
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
  size_t block_start_ = 0;  // no branch lands inside code_[block_start_..]: see barrier()
  bool unreachable_ = false;
  uint32_t skipped_depth_ = 0;  // blocks opened inside unreachable code
  size_t last_def_ = kNone;
  uint32_t last_def_height_ = 0;
  PendingCompare compare_;
};

}  // namespace gowasm::interp
