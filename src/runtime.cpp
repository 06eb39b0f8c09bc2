// Memories, tables, globals (gowasm/objects.h), type interning and traps.
#include "runtime.h"

#include <sys/mman.h>

#include <array>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <stdexcept>

#if defined(__SANITIZE_ADDRESS__)
#define GOWASM_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GOWASM_ADDRESS_SANITIZER 1
#endif
#endif
#ifdef GOWASM_ADDRESS_SANITIZER
#include <sanitizer/asan_interface.h>
#endif

namespace gowasm {
namespace {

// Under ASan, linear memory is followed by a poisoned guard, so that host
// code reading or writing past its end (a bounds check in the bridge gone
// wrong) is reported, rather than done to whatever mapping lies next.
#ifdef GOWASM_ADDRESS_SANITIZER
constexpr size_t kGuardSize = kPageSize;
void poison_guard(uint8_t* end) {
  ASAN_POISON_MEMORY_REGION(end, kGuardSize);
}
void unpoison_guard(uint8_t* end) {
  ASAN_UNPOISON_MEMORY_REGION(end, kGuardSize);
}
#else
constexpr size_t kGuardSize = 0;
void poison_guard(uint8_t*) {}
void unpoison_guard(uint8_t*) {}
#endif

}  // namespace

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
  if (!data_) return;
  unpoison_guard(data_ + size());
  munmap(data_, size() + kGuardSize);
}

int32_t Memory::grow(uint32_t delta) {
  const uint32_t old_pages = pages_;
  if (delta == 0) return int32_t(old_pages);
  if (uint64_t(pages_) + delta > cap_) return -1;
  const uint64_t new_size = (uint64_t(pages_) + delta) * kPageSize;
  // Anonymous mappings are zero-filled, and mremap moves pages instead of
  // copying them, so growing a large memory costs no copy.
  if (data_) unpoison_guard(data_ + size());
  void* p = data_ ? mremap(data_, size() + kGuardSize, new_size + kGuardSize, MREMAP_MAYMOVE)
                  : mmap(nullptr, new_size + kGuardSize, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    if (data_) poison_guard(data_ + size());
    return -1;
  }
  data_ = static_cast<uint8_t*>(p);
  pages_ += delta;
  poison_guard(data_ + size());
  return int32_t(old_pages);
}

std::optional<Value> Table::get(uint32_t index) const {
  if (index >= size()) return std::nullopt;
  return Value::from_bits(type_.element, elements_[index]);
}

bool Table::set(uint32_t index, const Value& value) {
  if (index >= size() || value.type() != type_.element) return false;
  elements_[index] = value.bits();
  return true;
}

int32_t Table::grow(uint32_t delta, const Value& init) {
  if (init.type() != type_.element) return -1;
  return grow_raw(delta, init.bits());
}

int32_t Table::grow_raw(uint32_t delta, uint64_t init) {
  const uint32_t old_size = size();
  const uint64_t new_size = uint64_t(old_size) + delta;
  if (new_size > type_.limits.max.value_or(UINT32_MAX) || new_size > (uint64_t(1) << 24)) return -1;
  elements_.resize(size_t(new_size), init);
  return int32_t(old_size);
}

Global::Global(GlobalType type, const Value& initial)
    : type_(type), bits_(initial.bits()), high_(0) {
  if (initial.type() != type.type) {
    throw std::invalid_argument("a global of type " + std::string(to_string(type.type)) +
                                " cannot hold " + initial.to_string());
  }
  if (type.type == ValType::V128) std::memcpy(&high_, initial.as_v128().data() + 8, 8);
}

Value Global::get() const {
  if (type_.type == ValType::V128) {
    std::array<uint8_t, 16> bytes;
    std::memcpy(bytes.data(), &bits_, 8);
    std::memcpy(bytes.data() + 8, &high_, 8);
    return Value::v128(bytes);
  }
  return Value::from_bits(type_.type, bits_);
}

bool Global::set(const Value& value) {
  if (!type_.is_mutable || value.type() != type_.type) return false;
  bits_ = value.bits();
  if (type_.type == ValType::V128) std::memcpy(&high_, value.as_v128().data() + 8, 8);
  return true;
}

std::string Trap::to_string() const {
  // A guest that recursed until "call stack exhausted" leaves up to
  // max_call_depth frames (200,000 by default): printed one per line, that
  // was megabytes of "at func 0". So a run of one frame is one line with its
  // count, and of more lines than 2 * kEnds only the innermost and outermost
  // kEnds are shown, as Go elides the middle of a long traceback.
  constexpr size_t kEnds = 10;
  std::vector<std::pair<size_t, size_t>> runs;  // (first frame, length)
  for (size_t i = 0, j; i < stack.size(); i = j) {
    for (j = i + 1; j < stack.size() && stack[j] == stack[i];) ++j;
    runs.emplace_back(i, j - i);
  }
  std::string text = message;
  for (size_t r = 0; r < runs.size(); ++r) {
    if (r == kEnds && runs.size() > 2 * kEnds) {
      const size_t resume = runs.size() - kEnds;
      text += "\n    ... " + std::to_string(runs[resume].first - runs[r].first) + " frames elided";
      r = resume;
    }
    const auto [first, length] = runs[r];
    text += "\n    at " + stack[first];
    if (length > 1) text += ", " + std::to_string(length) + " frames";
  }
  return text;
}

}  // namespace gowasm
