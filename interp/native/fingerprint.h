// What a function body computes, as one number: how native routines are
// recognised (routines.h), by content and never by name.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "gowasm/module.h"
#include "instruction.h"

namespace gowasm::interp::native {

// Fingerprints the functions of one module: 16 bits that hash a function's
// type, local declarations and size class (signature_key(), read without
// decoding the body, so most functions are ruled out at once), then 48 bits
// of an FNV-1a hash of its instructions, normalised so that
// the same Go source compiled by the same Go release into another program
// hashes the same:
//   - a call contributes its callee's type, not its index (which callees a
//     routine's native code stands for, routines.h checks by position);
//   - the return address Go stores before each call
//     (`i64.const PC; i64.store; i32.const 0; call`), which encodes the
//     caller's index, contributes nothing;
//   - an i64 constant that lies where the module's data segments are
//     contributes nothing: it is the address of a table, a string or a type
//     descriptor, which moves with everything else the program holds (a
//     routine that reads such a table is given its address).
// Everything else (opcodes, locals, other constants, offsets, labels, the
// globals Go keeps SP and g in) is hashed as encoded.
class Fingerprinter {
 public:
  explicit Fingerprinter(const Module& module) : module_(module) {}

  struct Body {
    uint64_t fingerprint = 0;              // 0 for a body larger than kMaxBody
    std::vector<uint32_t> callees;         // of its direct calls, in body order
    std::vector<uint64_t> data_addresses;  // the constants left out as such, in body order
  };
  // What the body of defined function `function_index` is, by one pass
  // over it (nothing for bodies larger than kMaxBody: no routine is).
  Body read(uint32_t function_index) const;

  const Module& module() const { return module_; }

  // The fingerprint's top 16 bits, from the type, the locals and the body's
  // size in kSizeClass bytes (plus `size_class_offset`: the same function
  // in another program can be a few bytes longer or shorter, its indices
  // and addresses encoded in more or fewer bytes, so a lookup tries the
  // neighbouring classes too).
  uint16_t signature_key(uint32_t function_index, int size_class_offset) const;

  static constexpr uint32_t kMaxBody = 2048;
  static constexpr uint64_t kBodyBits = (uint64_t(1) << 48) - 1;
  static constexpr uint32_t kSizeClass = 128;

 private:
  // Sets the span of the active data segments, on the first read(): only
  // functions that may be routines are read, and a module needs it only then
  // (a Go module has tens of thousands of segments).
  void find_data() const;

  const Module& module_;
  mutable std::once_flag data_found_;
  mutable uint64_t data_begin_ = 0, data_end_ = 0;
};

}  // namespace gowasm::interp::native
