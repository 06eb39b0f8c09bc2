// Names for every executor handler, so that the translator can ask for a
// handler's address (direct threading stores addresses in the code).
#pragma once

#include <cstdint>

namespace gowasm::interp {

enum class Handler : uint16_t {
#define UNARY(op, ...) op,
#define BINARY(op, ...) op,
#define BINARY_IMM(op, ...) op, op##_IMM,
#define COMPARE(op, ...) op, op##_IMM, BR_IF_##op, BR_IF_##op##_IMM, SELECT_##op, SELECT_##op##_IMM,
#define TRAPPING_BINARY(op, ...) op,
#define TRAPPING_UNARY(op, ...) op,
#define LOAD(op, ...) op, op##_ADDR,
#define STORE(op, ...) op, op##_ADDR,
#include "ops.def"
#undef UNARY
#undef BINARY
#undef BINARY_IMM
#undef COMPARE
#undef TRAPPING_BINARY
#undef TRAPPING_UNARY
#undef LOAD
#undef STORE
#define HANDLER(name) name,
#include "control.def"
#undef HANDLER
  kCount
};

// The handler addresses, indexed by Handler.
const void* const* handler_addresses();
inline const void* handler_address(Handler h) {
  return handler_addresses()[size_t(h)];
}

}  // namespace gowasm::interp
