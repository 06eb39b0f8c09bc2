// Memories, tables and globals: the objects an instance is made of besides
// its functions. An embedder can create them, give the same one to several
// instances through Imports, and read or change them between calls:
//
//   auto memory = std::make_shared<gowasm::Memory>(gowasm::Limits{1, 16});
//   auto counter = std::make_shared<gowasm::Global>(
//       gowasm::GlobalType{gowasm::ValType::I32, true}, gowasm::Value::i32(0));
//   gowasm::Imports imports;
//   imports.add_memory("env", "memory", memory);
//   imports.add_global("env", "counter", counter);
//
// They are not synchronised: an object shared by instances that run on
// different threads needs the embedder's own locking, as in any engine.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "gowasm/types.h"
#include "gowasm/value.h"

namespace gowasm {

constexpr uint64_t kPageSize = 65536;

// A linear memory: one contiguous byte span of whole 64 KiB pages.
class Memory {
 public:
  // Starts at limits.min pages; growth stops at limits.max and at
  // `max_pages_cap`, whichever is lower. Throws std::bad_alloc when the
  // initial pages exceed the cap or cannot be mapped.
  explicit Memory(Limits limits, uint32_t max_pages_cap = 65536);
  ~Memory();
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  // Growing may move the bytes: re-read data() after anything that can
  // grow the memory (a call into the guest, grow()).
  uint8_t* data() const { return data_; }
  std::span<std::byte> bytes() const {
    return {reinterpret_cast<std::byte*>(data_), size_t(size())};
  }
  uint64_t size() const { return uint64_t(pages_) * kPageSize; }
  uint32_t pages() const { return pages_; }
  // The current size and the declared maximum, as imports are matched.
  Limits limits() const { return Limits{pages_, max_}; }
  // The old size in pages, or -1 when the memory cannot grow by `delta`.
  int32_t grow(uint32_t delta);

 private:
  uint8_t* data_ = nullptr;
  uint32_t pages_ = 0;
  std::optional<uint32_t> max_;  // the declared maximum
  uint32_t cap_;                 // the effective maximum
};

// A table of references: funcref (functions of any instance) or externref
// (opaque host handles).
class Table {
 public:
  // limits.min elements, all null.
  explicit Table(TableType type) : type_(type), elements_(type.limits.min, 0) {}
  ValType element_type() const { return type_.element; }
  Limits limits() const { return Limits{uint32_t(elements_.size()), type_.limits.max}; }
  uint32_t size() const { return uint32_t(elements_.size()); }
  // nullopt when `index` is out of bounds.
  std::optional<Value> get(uint32_t index) const;
  // false when `index` is out of bounds or `value` is not of the element type.
  bool set(uint32_t index, const Value& value);
  // The old size, or -1 when the table cannot grow by `delta` (or `init`
  // is not of the element type). New elements are `init`.
  int32_t grow(uint32_t delta, const Value& init);

  // The elements as the engine reads them: Value::bits() of each.
  uint64_t* raw() { return elements_.data(); }
  const uint64_t* raw() const { return elements_.data(); }
  int32_t grow_raw(uint32_t delta, uint64_t init);

 private:
  TableType type_;
  std::vector<uint64_t> elements_;
};

// A global variable. Immutable globals can still be shared: a module that
// imports one reads the value it had when the module was instantiated.
class Global {
 public:
  // Throws std::invalid_argument when `initial` is not of type.type.
  Global(GlobalType type, const Value& initial);
  GlobalType type() const { return type_; }
  Value get() const;
  // false when the global is immutable or `value` has another type.
  bool set(const Value& value);

  // The value's bits as the engine reads and writes them (the low half of
  // a v128; high_bits() is the other).
  uint64_t& raw() { return bits_; }
  uint64_t raw() const { return bits_; }
  uint64_t& high_bits() { return high_; }

 private:
  GlobalType type_;
  uint64_t bits_ = 0;
  uint64_t high_ = 0;
};

}  // namespace gowasm
