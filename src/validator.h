// The specification's validation algorithm: module-level rules (indices,
// limits, constant expressions, exports, start function, segments) and, per
// function body, the operand- and control-stack type checker. Function
// bodies are decoded here, instruction by instruction.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "code_reader.h"
#include "gowasm/module.h"

namespace gowasm {

// What validation learns about a module on the way.
struct ValidationFacts {
  bool uses_simd = false;
};

// Throws LoadError (Invalid, or Malformed for undecodable bodies).
ValidationFacts validate_module(const Module& module);

// The operand type the validator uses for "any type" in unreachable code.
inline constexpr ValType kUnknownType = ValType(0);

// Type-checks one function body as its instructions are fed in. Kept apart
// from the module walk so that a translator can drive it instruction by
// instruction and read the stack shape it needs.
class FunctionValidator {
 public:
  // `declared_refs[i]`: function i may be named by ref.func.
  FunctionValidator(const Module& module, const std::vector<bool>& declared_refs,
                    const ReadContext& context);

  // Starts a function body; storage is reused from one body to the next.
  void begin(uint32_t function_index);
  // Validates one decoded instruction.
  void step(const Instruction& instruction);
  // True once the function's closing `end` has been validated.
  bool finished() const { return controls_.empty(); }
  // Whether any instruction stepped so far was a SIMD one.
  bool saw_simd() const { return saw_simd_; }

  size_t operand_height() const { return operands_.size(); }
  size_t control_depth() const { return controls_.size(); }
  ValType local_type(uint32_t index) const;  // throws "unknown local"

 private:
  struct Control {
    Opcode opcode;
    std::span<const ValType> params;
    std::span<const ValType> results;
    size_t height;
    bool unreachable;
  };

  [[noreturn]] void fail(std::string reason) const;
  void push(ValType type) { operands_.push_back(type); }
  void push(std::span<const ValType> types);
  ValType pop();
  ValType pop(ValType expected);
  void pop(std::span<const ValType> expected);
  // Checks that the top operands match `expected` without consuming them.
  void peek(std::span<const ValType> expected) const;
  void push_control(Opcode opcode, std::span<const ValType> params,
                    std::span<const ValType> results);
  Control pop_control();
  std::span<const ValType> label_types(const Control& frame) const;
  void mark_unreachable();

  const Control& label(uint32_t depth) const;
  void block_signature(const BlockType& type, std::span<const ValType>& params,
                       std::span<const ValType>& results) const;
  void check_memory(uint32_t index) const;
  void check_memarg(const Instruction& instruction) const;
  void check_lane(const Instruction& instruction) const;
  TableType table(uint32_t index) const;
  void check_data_index(uint32_t index) const;
  void check_element_index(uint32_t index) const;
  void validate_special(const Instruction& instruction);
  void validate_branch(const Instruction& instruction);
  void validate_table_or_bulk(const Instruction& instruction);

  const Module& module_;
  const std::vector<bool>& declared_refs_;
  const FuncType* type_ = nullptr;
  const ReadContext& context_;
  // Local types one per local, or for functions with very many locals as
  // runs, where entry i covers the locals below local_ends_[i].
  std::vector<ValType> local_types_;
  std::vector<uint64_t> local_ends_;
  std::vector<ValType> local_run_types_;
  std::vector<ValType> operands_;
  std::vector<Control> controls_;
  size_t offset_ = 0;  // of the instruction being validated
  bool saw_simd_ = false;
};

}  // namespace gowasm
