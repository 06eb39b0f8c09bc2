// Handler names, and handlers by address (handlers.h).
#include "handlers.h"

#include <unordered_map>

namespace gowasm::interp {

const char* handler_name(Handler h) {
  static const char* const kNames[] = {
#define HANDLER(name) #name,
#include "handler_list.def"
#undef HANDLER
  };
  static_assert(sizeof(kNames) / sizeof(kNames[0]) == size_t(Handler::kCount));
  return kNames[size_t(h)];
}

Handler handler_at(const void* address) {
  static const std::unordered_map<const void*, Handler> handlers = [] {
    std::unordered_map<const void*, Handler> m;
    for (size_t i = 0; i < size_t(Handler::kCount); ++i)
      m.emplace(handler_addresses()[i], Handler(i));
    return m;
  }();
  const auto it = handlers.find(address);
  return it == handlers.end() ? Handler::kCount : it->second;
}

}  // namespace gowasm::interp
