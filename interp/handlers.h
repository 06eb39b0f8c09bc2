// Names for every executor handler, so that the translator can ask for a
// handler's address (direct threading stores addresses in the code).
#pragma once

#include <cstddef>
#include <cstdint>

namespace gowasm::interp {

enum class Handler : uint16_t {
#define HANDLER(name) name,
#include "handler_list.def"
#undef HANDLER
  kCount
};

// What c holds, for the handlers of control.def (its second column). Those
// that name an object of the instance (Function, Global, Table, the
// segments) hold its index: code is shared by all instances of a module.
enum class CRole : uint8_t {
  None,
  Bits,            // a constant
  Count,           // a number of slots
  SlotPair,        // two slot indices, first | second << 32
  Target,          // const Instr*: a branch target in the same function
  JumpTable,       // const Instr* const*: br_table's targets
  Callee,          // FunctionCode*: a function of the same module
  Function,        // a function index
  Global,          // a global index
  Table,           // a table index
  DataSegment,     // a data segment index
  ElementSegment,  // an element segment index
  Native,          // const NativeEntry*
};

// The handler addresses, indexed by Handler.
const void* const* handler_addresses();
inline const void* handler_address(Handler h) {
  return handler_addresses()[size_t(h)];
}
// The handler's name as handler_list.def spells it.
const char* handler_name(Handler h);
// The handler whose address `address` is; kCount for none (an operand
// word of a longer instruction).
Handler handler_at(const void* address);

}  // namespace gowasm::interp
