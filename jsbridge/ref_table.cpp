// See ref_table.h; the logic follows storeValue, loadValue and finalizeRef
// in wasm_exec.js.
#include "ref_table.h"

#include <bit>
#include <cmath>
#include <functional>

namespace gowasm::js {
namespace {

constexpr uint64_t kNanHead = 0x7FF80000;
constexpr uint64_t kPermanent = UINT64_MAX;

// typeof flags in the high word.
uint64_t type_flag(const Value& v) {
  if (auto* o = as_object(v)) return (*o)->is_callable() ? 4 : 1;
  if (std::holds_alternative<std::string>(v)) return 2;
  if (std::holds_alternative<SymbolRef>(v)) return 3;
  return 0;
}

}  // namespace

size_t RefTable::KeyHash::operator()(const Value& v) const {
  switch (v.index()) {
    case 2: return std::hash<bool>()(std::get<bool>(v));
    case 3: return std::hash<double>()(std::get<double>(v) == 0 ? 0.0 : std::get<double>(v));
    case 4: return std::hash<std::string>()(std::get<std::string>(v));
    case 5: return std::hash<const void*>()(std::get<SymbolRef>(v).get());
    case 6: return std::hash<const void*>()(std::get<ObjectRef>(v).get());
    default: return v.index();
  }
}

RefTable::RefTable(ObjectRef global, ObjectRef go)
    : values_{std::nan(""), 0.0, Null{}, true, false, global, go}, ref_counts_(7, kPermanent) {
  for (uint32_t id = kZero; id <= kGo; ++id) ids_.emplace(values_[id], id);
}

uint64_t RefTable::store(const Value& v) {
  if (auto* n = std::get_if<double>(&v); n && *n != 0) {
    if (std::isnan(*n)) return kNanHead << 32;
    return std::bit_cast<uint64_t>(*n);
  }
  if (is_undefined(v)) return 0;
  auto [it, inserted] = ids_.try_emplace(v, 0);
  if (inserted) {
    uint32_t id;
    if (!free_ids_.empty()) {
      id = free_ids_.back();
      free_ids_.pop_back();
      values_[id] = v;
      ref_counts_[id] = 0;
    } else {
      id = uint32_t(values_.size());
      values_.push_back(v);
      ref_counts_.push_back(0);
    }
    it->second = id;
  }
  const uint32_t id = it->second;
  if (ref_counts_[id] != kPermanent) ++ref_counts_[id];
  return (kNanHead | type_flag(v)) << 32 | id;
}

Value RefTable::load(uint64_t bits) const {
  const double f = std::bit_cast<double>(bits);
  if (f == 0) return Undefined{};
  if (!std::isnan(f)) return f;
  const uint32_t id = uint32_t(bits);
  return id < values_.size() ? values_[id] : Value(Undefined{});
}

void RefTable::finalize(uint32_t id) {
  if (id >= values_.size() || ref_counts_[id] == kPermanent || ref_counts_[id] == 0) return;
  if (--ref_counts_[id] == 0) {
    ids_.erase(values_[id]);
    values_[id] = Null{};
    free_ids_.push_back(id);
  }
}

}  // namespace gowasm::js
