// Memory, tables, type interning and traps; see runtime.h.
#include "runtime.h"

#include <sys/mman.h>

#include <map>
#include <mutex>
#include <new>

namespace gowasm {

uint32_t intern_function_type(const FuncType& type) {
  static std::mutex mutex;
  static std::map<std::pair<std::vector<ValType>, std::vector<ValType>>, uint32_t> ids;
  std::lock_guard lock(mutex);
  auto [it, inserted] = ids.try_emplace({type.params, type.results}, uint32_t(ids.size()) + 1);
  return it->second;
}

Memory::Memory(Limits limits, uint32_t max_pages_cap)
    : pages_(0), max_(limits.max), cap_(std::min(limits.max.value_or(65536), max_pages_cap)) {
  if (limits.min > cap_ || grow(limits.min) < 0) throw std::bad_alloc();
}

Memory::~Memory() {
  if (data_) munmap(data_, size());
}

int32_t Memory::grow(uint32_t delta) {
  const uint32_t old_pages = pages_;
  if (delta == 0) return int32_t(old_pages);
  if (uint64_t(pages_) + delta > cap_) return -1;
  const uint64_t new_size = (uint64_t(pages_) + delta) * kPageSize;
  // Anonymous mappings are zero-filled, and mremap moves pages instead of
  // copying them, so growing a large memory costs no copy.
  void* p =
      data_ ? mremap(data_, size(), new_size, MREMAP_MAYMOVE)
            : mmap(nullptr, new_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return -1;
  data_ = static_cast<uint8_t*>(p);
  pages_ += delta;
  return int32_t(old_pages);
}

int32_t Table::grow(uint32_t delta, uint64_t init) {
  const uint32_t old_size = size();
  const uint64_t new_size = uint64_t(old_size) + delta;
  if (new_size > type_.limits.max.value_or(UINT32_MAX) || new_size > (uint64_t(1) << 24)) return -1;
  elements_.resize(size_t(new_size), init);
  return int32_t(old_size);
}

std::string Trap::to_string() const {
  std::string text = message;
  for (const std::string& frame : stack) text += "\n    at " + frame;
  return text;
}

}  // namespace gowasm
