// Go's side of the bridge's memory traffic: linear memory as Go lays values
// out in it, and the parameters of an import read in the order of its Go
// signature rather than at hand-counted offsets from SP.
//
// Every import of wasm_exec.js receives SP; its parameters follow at SP + 8,
// each aligned to 8 bytes, and its results follow the parameters, also
// aligned. A JavaScript value crosses as the 8 bytes of the reference table's
// encoding (ref_table.h); a string is (pointer, length), a slice (pointer,
// length, capacity), each word 8 bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "gowasm/instance.h"
#include "js_value.h"
#include "ref_table.h"

namespace gowasm::js {

// An access by an import outside linear memory.
struct BadAccess {
  uint64_t address;
};

class GoMemory {
 public:
  // `instance` is the owner's pointer, read at every access: it is set once
  // the module is instantiated (an access before then is out of bounds).
  GoMemory(const std::shared_ptr<Instance>& instance, RefTable& refs)
      : instance_(instance), refs_(refs) {}

  // The memory, re-read on every access: it moves when it grows.
  std::span<uint8_t> bytes() {
    if (!instance_) return {};
    const std::span<std::byte> m = instance_->memory();
    return {reinterpret_cast<uint8_t*>(m.data()), m.size()};
  }
  // `size` bytes at `address`; throws BadAccess past the end.
  uint8_t* at(uint64_t address, uint64_t size) {
    const std::span<uint8_t> m = bytes();
    if (address > m.size() || size > m.size() - address) throw BadAccess{address};
    return m.data() + address;
  }
  template <class T>
  T get(uint64_t address) {
    T v;
    std::memcpy(&v, at(address, sizeof(T)), sizeof(T));
    return v;
  }
  template <class T>
  void put(uint64_t address, T v) {
    std::memcpy(at(address, sizeof(T)), &v, sizeof(T));
  }

  Value value(uint64_t address) { return refs_.load(get<uint64_t>(address)); }
  void set_value(uint64_t address, const Value& v) { put<uint64_t>(address, refs_.store(v)); }
  // A Go slice's or string's bytes (pointer and length at `address`).
  std::span<uint8_t> slice(uint64_t address) {
    const int64_t pointer = get<int64_t>(address), length = get<int64_t>(address + 8);
    return {at(uint64_t(pointer), uint64_t(length)), size_t(length)};
  }
  std::string string(uint64_t address) {
    const std::span<uint8_t> b = slice(address);
    return std::string(b.begin(), b.end());
  }
  // A []js.Value's elements.
  std::vector<Value> values(uint64_t address) {
    const int64_t pointer = get<int64_t>(address), length = get<int64_t>(address + 8);
    at(uint64_t(pointer), uint64_t(length) * 8);
    std::vector<Value> result;
    result.reserve(size_t(length));
    for (int64_t i = 0; i < length; ++i) result.push_back(value(uint64_t(pointer + i * 8)));
    return result;
  }

 private:
  const std::shared_ptr<Instance>& instance_;
  RefTable& refs_;
};

// An import's parameters, read in order, and where its results go:
//   GoCall call(memory, sp);
//   const Value v = call.value();            // the first parameter
//   const std::string name = call.string();  // the second
//   ... then results at call.results(sp) for the (possibly moved) SP.
class GoCall {
 public:
  GoCall(GoMemory& memory, uint32_t sp) : memory_(memory), sp_(sp) {}

  int64_t int64() { return memory_.get<int64_t>(next(8)); }
  int32_t int32() { return memory_.get<int32_t>(next(8)); }  // padded to 8 bytes
  Value value() { return memory_.value(next(8)); }
  std::string string() { return memory_.string(next(16)); }
  std::span<uint8_t> bytes() { return memory_.slice(next(24)); }  // a []byte
  std::vector<Value> values() { return memory_.values(next(24)); }

  // The address of the results, after every parameter read so far, for the
  // SP the import reads now (Go code it ran may have moved its stack).
  uint64_t results(uint32_t sp) const { return uint64_t(sp) + offset_; }
  uint64_t results() const { return results(sp_); }
  uint32_t sp() const { return sp_; }

 private:
  uint64_t next(uint32_t size) {
    const uint64_t address = uint64_t(sp_) + offset_;
    offset_ += size;
    return address;
  }

  GoMemory& memory_;
  uint32_t sp_;
  uint32_t offset_ = 8;  // the first parameter follows Go's return address
};

}  // namespace gowasm::js
