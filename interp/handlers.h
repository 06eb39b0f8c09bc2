// Names for every executor handler, so that the translator can ask for a
// handler's address (direct threading stores addresses in the code).
#pragma once

#include <cstdint>

namespace gowasm::interp {

enum class Handler : uint16_t {
#define HANDLER(name) name,
#include "handler_list.def"
#undef HANDLER
  kCount
};

// The handler addresses, indexed by Handler.
const void* const* handler_addresses();
inline const void* handler_address(Handler h) {
  return handler_addresses()[size_t(h)];
}

}  // namespace gowasm::interp
