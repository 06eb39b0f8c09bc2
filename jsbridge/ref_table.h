// The table of JavaScript values Go holds references to, with wasm_exec.js's
// exact encoding: a value crosses the bridge as 8 bytes that are either a
// float64 (numbers other than 0 and NaN), all-zero (undefined), or a NaN
// whose high word carries a type flag and whose low word is the value's id.
// Ids 0-6 are predefined; others are reference counted by Go's
// finalizeRef and reused, so a long-running program does not grow the table.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "js_value.h"

namespace gowasm::js {

class RefTable {
 public:
  static constexpr uint32_t kNaN = 0, kZero = 1, kNull = 2, kTrue = 3, kFalse = 4, kGlobal = 5,
                            kGo = 6;

  RefTable(ObjectRef global, ObjectRef go);

  // storeValue: the 8 bytes for `v`, taking a reference on it.
  uint64_t store(const Value& v);
  // loadValue
  Value load(uint64_t bits) const;
  // finalizeRef: drops one of Go's references to `id`.
  void finalize(uint32_t id);
  // Ids in use, predefined ones included.
  size_t live() const { return values_.size() - free_ids_.size(); }
  // Every id handed out, free ones included: the length of the glue's
  // go._values, which never shrinks; and the value of one (undefined if free).
  size_t slots() const { return values_.size(); }
  Value slot(size_t id) const { return id < values_.size() ? values_[id] : Value(Undefined{}); }

 private:
  struct KeyHash {
    size_t operator()(const Value& v) const;
  };
  struct KeyEqual {
    bool operator()(const Value& a, const Value& b) const { return same_value_zero(a, b); }
  };

  std::vector<Value> values_;
  std::vector<uint64_t> ref_counts_;  // UINT64_MAX for the predefined ids
  std::unordered_map<Value, uint32_t, KeyHash, KeyEqual> ids_;
  std::vector<uint32_t> free_ids_;
};

}  // namespace gowasm::js
