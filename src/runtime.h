// Runtime objects an instance is made of: function instances, linear
// memory, tables and globals, and the instance's engine-facing state. They
// are shared between instances through imports and exports.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "gowasm/instance.h"

namespace gowasm {

namespace interp {
struct CompiledFunction;
class CodeCache;
struct ExecutionStack;
}  // namespace interp

// A function in an instance's index space: defined by a module instance or
// provided by the host.
struct FunctionInstance {
  const FuncType* type = nullptr;
  uint32_t type_id = 0;          // equal ids ⇔ equal function types, across modules
  Instance* instance = nullptr;  // the defining instance; null for host functions
  uint32_t index = 0;            // in the defining instance's function index space
  HostFunction host;             // host functions only
  // Set on first call (lazy translation); mutable because a translated
  // function is still the same function.
  mutable const interp::CompiledFunction* code = nullptr;
};

// Structural identity of function types for call_indirect: interned once per
// distinct type, process-wide.
uint32_t intern_function_type(const FuncType& type);

constexpr uint64_t kPageSize = 65536;

// One contiguous byte span. Growing may move it: holders of data() re-read
// it after anything that can grow the memory.
class Memory {
 public:
  // `max_pages_cap` bounds growth beyond what the type allows.
  Memory(Limits limits, uint32_t max_pages_cap);
  ~Memory();
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  uint8_t* data() const { return data_; }
  uint64_t size() const { return uint64_t(pages_) * kPageSize; }
  uint32_t pages() const { return pages_; }
  Limits limits() const { return Limits{pages_, max_}; }
  // The old size in pages, or -1 when the memory cannot grow by `delta`.
  int32_t grow(uint32_t delta);

 private:
  uint8_t* data_ = nullptr;
  uint32_t pages_ = 0;
  std::optional<uint32_t> max_;  // the type's maximum, as imports see it
  uint32_t cap_;                 // the effective maximum
};

// Elements are raw reference bits: a FunctionInstance* for funcref, a host
// handle for externref, 0 for null.
class Table {
 public:
  Table(TableType type) : type_(type), elements_(type.limits.min, 0) {}
  ValType element_type() const { return type_.element; }
  Limits limits() const { return Limits{uint32_t(elements_.size()), type_.limits.max}; }
  uint32_t size() const { return uint32_t(elements_.size()); }
  uint64_t* data() { return elements_.data(); }
  const uint64_t* data() const { return elements_.data(); }
  // The old size, or -1 when the table cannot grow by `delta`.
  int32_t grow(uint32_t delta, uint64_t init);

 private:
  TableType type_;
  std::vector<uint64_t> elements_;
};

struct GlobalInstance {
  GlobalType type;
  uint64_t bits = 0;  // the value (the low half for v128)
  uint64_t high = 0;  // v128 only
};

struct Instance::State {
  std::vector<FunctionInstance*> functions;  // the function index space
  std::vector<std::unique_ptr<FunctionInstance>> own_functions;
  std::vector<std::shared_ptr<Table>> tables;
  std::vector<std::shared_ptr<GlobalInstance>> globals;
  // The import definitions this instance resolved: host functions live in
  // them, and they keep exporting instances alive.
  std::vector<std::shared_ptr<const void>> keep_alive;
  // Element and data segments that have been dropped (or applied, for active ones).
  std::vector<bool> dropped_elements;
  std::vector<bool> dropped_data;
  std::unique_ptr<interp::CodeCache> code;
  std::unique_ptr<interp::ExecutionStack> stack;

  State();
  ~State();
};

}  // namespace gowasm
