// Traps: the ways WebAssembly execution can stop abnormally, as values that
// carry what happened and the guest call stack at that point. Each kind has
// the wording of the WebAssembly reference interpreter, because the official
// spec tests compare `assert_trap` messages against it and because users
// searching for an error find that wording elsewhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gowasm {

enum class TrapKind : uint8_t {
  Unreachable,                 // the `unreachable` instruction
  IntegerDivideByZero,         // div_s/div_u/rem_s/rem_u with a zero divisor
  IntegerOverflow,             // div_s(MIN, -1); trapping float-to-int truncation out of range
  InvalidConversionToInteger,  // trapping float-to-int truncation of a NaN
  OutOfBoundsMemoryAccess,     // loads, stores, memory.fill/copy/init outside the memory
  OutOfBoundsTableAccess,      // table.get/set/fill/copy/init outside the table
  UndefinedElement,            // call_indirect with an index past the table's end
  UninitializedElement,        // call_indirect through a null table entry
  IndirectCallTypeMismatch,    // call_indirect whose callee has another type
  CallStackExhausted,          // the configured call depth or value stack is used up
  // Not WebAssembly traps: ways the embedding stops a guest.
  Interrupted,  // stopped through an InterruptHandle (or a Deadline on it)
  OutOfFuel,    // InstanceOptions::fuel is used up
  Host,         // raised by a host function; the message says why
  Exit,         // a host function ended the program (Go's wasmExit); not an error
};

// Lets tests and tables walk every kind; keep it equal to the last enumerator + 1.
inline constexpr size_t kTrapKindCount = size_t(TrapKind::Exit) + 1;

constexpr std::string_view trap_message(TrapKind kind) {
  switch (kind) {
    case TrapKind::Unreachable: return "unreachable executed";
    case TrapKind::IntegerDivideByZero: return "integer divide by zero";
    case TrapKind::IntegerOverflow: return "integer overflow";
    case TrapKind::InvalidConversionToInteger: return "invalid conversion to integer";
    case TrapKind::OutOfBoundsMemoryAccess: return "out of bounds memory access";
    case TrapKind::OutOfBoundsTableAccess: return "out of bounds table access";
    case TrapKind::UndefinedElement: return "undefined element";
    case TrapKind::UninitializedElement: return "uninitialized element";
    case TrapKind::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapKind::CallStackExhausted: return "call stack exhausted";
    case TrapKind::Interrupted: return "interrupted";
    case TrapKind::OutOfFuel: return "out of fuel";
    case TrapKind::Host: return "host error";
    case TrapKind::Exit: return "exit";
  }
  return "unknown trap";  // no `default:` above: a new kind without a message is flagged
}

struct Trap {
  TrapKind kind = TrapKind::Host;
  std::string message;             // trap_message(kind), or the host's text
  std::vector<std::string> stack;  // innermost frame first: "func 12 (main.main)"
  int32_t exit_code = 0;           // TrapKind::Exit only

  static Trap of(TrapKind kind) { return Trap{kind, std::string(trap_message(kind)), {}, 0}; }
  static Trap host(std::string message) { return Trap{TrapKind::Host, std::move(message), {}, 0}; }
  static Trap exit(int32_t code) { return Trap{TrapKind::Exit, "exit", {}, code}; }
  // The message and then one line per frame: a run of one frame (recursion)
  // as one line with its count, the middle of a long stack elided.
  std::string to_string() const;
};

}  // namespace gowasm
