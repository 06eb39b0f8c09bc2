// Decodes instructions one at a time from a function body or a constant
// expression. Decoding only: whether the instruction is allowed where it
// stands is the validator's question.
#pragma once

#include <vector>

#include "byte_reader.h"
#include "instruction.h"

namespace gowasm {

class CodeReader {
 public:
  explicit CodeReader(ByteReader& in) : in_(in) {}

  bool at_end() const { return in_.at_end(); }
  size_t offset() const { return in_.offset(); }
  // Decodes the next instruction into `out`; throws a Malformed LoadError.
  void read(Instruction& out);

 private:
  ValType read_value_type();
  ValType read_reference_type();
  void read_memarg(Instruction& out);
  void expect_zero_byte();

  ByteReader& in_;
  std::vector<uint32_t> targets_;
};

// Decodes a value type byte, or fails with the reference interpreter's wording.
ValType read_value_type(ByteReader& in);
ValType read_reference_type(ByteReader& in);

}  // namespace gowasm
