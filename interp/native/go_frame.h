// The Go calling convention as native routines see it (routines.h).
//
// A Go function compiled to wasm takes one i32 parameter, nonzero when it
// is resumed after its goroutine unwound, and returns an i32, nonzero when
// it unwinds. Its arguments and results are 8-byte words on the goroutine's
// stack in linear memory from SP + 8, SP (global 0) pointing at the return
// address its caller stored; it returns by adding 8 to SP. Before using
// stack of its own it compares SP with the stack guard of the running
// goroutine (g, global 2, at offset 16) and calls morestack when SP is at
// or below it.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>

#include "routines.h"

namespace gowasm::interp::native {

class GoFrame {
 public:
  // Room the native path leaves below SP for the frames the wasm would have
  // made (the routine's and those of the callees it stands for: a few
  // hundred bytes at most). The goroutine's stack must extend that far
  // above its guard, so no frame the wasm would make could reach it.
  static constexpr uint32_t kStackRoom = 1024;

  // The frame of a plain call with `words` argument and result words, or
  // nothing when the routine must decline: a resume, the argument words
  // outside memory, or a stack within kStackRoom of its guard. (Declining
  // is always exact, so routines whose wasm never checks the guard decline
  // there too, for one rule.)
  static std::optional<GoFrame> enter(const NativeCall& call, uint32_t words) {
    if (uint32_t(call.params[0]) != 0) return std::nullopt;  // a resume
    const uint32_t sp = uint32_t(*call.globals[kSpGlobal]);
    if (uint64_t(sp) + 8 + 8 * uint64_t(words) > call.mem_size) return std::nullopt;
    if (sp < kStackRoom) return std::nullopt;
    const uint64_t guard_address = uint64_t(uint32_t(*call.globals[kGGlobal])) + 16;
    if (guard_address + 4 > call.mem_size) return std::nullopt;
    uint32_t guard;
    std::memcpy(&guard, call.mem + guard_address, 4);
    if (uint64_t(sp) <= uint64_t(guard) + kStackRoom) return std::nullopt;
    return GoFrame(call, sp, words, uint32_t(guard_address));
  }

  uint64_t word(uint32_t index) const {
    uint64_t value;
    std::memcpy(&value, call_.mem + sp_ + 8 + 8 * uint64_t(index), 8);
    return value;
  }
  void set_word(uint32_t index, uint64_t value) const {
    std::memcpy(call_.mem + sp_ + 8 + 8 * uint64_t(index), &value, 8);
  }

  // The length word of the slice whose header starts at word `index`.
  int64_t length(uint32_t index) const { return int64_t(word(index + 1)); }
  // Where the first `count` elements of that slice are, when the routine
  // may touch them natively (see bytes()).
  std::optional<uint32_t> elements(uint32_t index, int64_t count) const {
    if (count < 0 || uint64_t(count) > call_.mem_size / 8) return std::nullopt;
    const uint64_t address = word(index);
    if (!bytes(address, 8 * uint64_t(count))) return std::nullopt;
    return uint32_t(address);
  }

  // Whether the routine may touch `size` bytes at `address` natively:
  // inside memory, below 4 GiB (the wasm wraps addresses to 32 bits), and
  // clear of the stack the wasm would use (the room below SP, the argument
  // words, g's stack guard), which the wasm may read again as it goes.
  bool bytes(uint64_t address, uint64_t size) const {
    if (size > call_.mem_size || address > call_.mem_size - size) return false;
    if (size == 0) return true;
    const uint64_t end = address + size;
    const auto overlaps = [&](uint64_t begin, uint64_t stop) {
      return address < stop && begin < end;
    };
    return !overlaps(sp_ - kStackRoom, sp_ + 8 + 8 * uint64_t(words_)) &&
           !overlaps(guard_address_, guard_address_ + 4);
  }

  uint64_t load(uint32_t address) const {
    uint64_t value;
    std::memcpy(&value, call_.mem + address, 8);
    return value;
  }
  void store(uint32_t address, uint64_t value) const {
    std::memcpy(call_.mem + address, &value, 8);
  }

  // Returns as the wasm's RET does: SP past the return address, result 0.
  void finish() const {
    *call_.globals[kSpGlobal] = uint32_t(sp_ + 8);
    call_.params[0] = 0;
  }

 private:
  static constexpr uint32_t kSpGlobal = 0, kGGlobal = 2;
  GoFrame(const NativeCall& call, uint32_t sp, uint32_t words, uint32_t guard_address)
      : call_(call), sp_(sp), words_(words), guard_address_(guard_address) {}

  const NativeCall& call_;
  uint32_t sp_;
  uint32_t words_;
  uint32_t guard_address_;
};

}  // namespace gowasm::interp::native
