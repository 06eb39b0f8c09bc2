// See fingerprint.h.
#include "fingerprint.h"

#include <algorithm>
#include <vector>

#include "byte_reader.h"
#include "code_reader.h"
#include "routines.h"

namespace gowasm::interp::native {
namespace {

class Fnv1a {
 public:
  void add(uint64_t value) {
    for (int i = 0; i < 8; ++i) add_byte(uint8_t(value >> (8 * i)));
  }
  void add(std::span<const uint8_t> bytes) {
    for (uint8_t b : bytes) add_byte(b);
  }
  uint64_t value() const { return hash_; }

 private:
  void add_byte(uint8_t b) { hash_ = (hash_ ^ b) * 0x100000001b3ull; }
  uint64_t hash_ = 0xcbf29ce484222325ull;
};

uint64_t type_fingerprint(const FuncType& type) {
  Fnv1a h;
  h.add(type.params.size());
  for (ValType t : type.params) h.add(uint64_t(t));
  h.add(type.results.size());
  for (ValType t : type.results) h.add(uint64_t(t));
  return h.value();
}

struct Decoded {
  Instruction in;
  std::span<const uint8_t> bytes;  // the whole encoded instruction
};

// Go's store of a return address before a call: `i64.const PC; i64.store
// offset=0; i32.const 0; call`, with `i` at the i64.const.
bool is_return_address(const std::vector<Decoded>& code, size_t i) {
  return i + 3 < code.size() && code[i].in.opcode == Opcode::I64_CONST &&
         code[i + 1].in.opcode == Opcode::I64_STORE && code[i + 1].in.memarg.offset == 0 &&
         code[i + 2].in.opcode == Opcode::I32_CONST && code[i + 2].in.bits == 0 &&
         code[i + 3].in.opcode == Opcode::CALL;
}

// The body's instructions, each with its encoding.
std::vector<Decoded> decode(const Module& module, const Function& function) {
  static const ReadContext context{"code", std::nullopt};
  ByteReader bytes(module.bytes(), function.body.offset,
                   size_t(function.body.offset) + function.body.size, context);
  CodeReader reader(bytes);
  std::vector<Decoded> code;
  while (!reader.at_end()) {
    Decoded d;
    reader.read(d.in);
    d.bytes = module.bytes().subspan(d.in.offset, reader.offset() - d.in.offset);
    code.push_back(d);
  }
  return code;
}

}  // namespace

Fingerprinter::Fingerprinter(const Module& module) : module_(module) {
  static const ReadContext context{"data", std::nullopt};
  bool first = true;
  for (const DataSegment& segment : module.data) {
    if (segment.mode != SegmentMode::Active || segment.offset.code.size < 2) continue;
    ByteReader offset(module.bytes(), segment.offset.code.offset,
                      size_t(segment.offset.code.offset) + segment.offset.code.size, context);
    if (offset.u8() != 0x41) continue;  // not i32.const
    const uint64_t begin = uint32_t(offset.s32()), end = begin + segment.bytes.size;
    data_begin_ = first ? begin : std::min(data_begin_, begin);
    data_end_ = first ? end : std::max(data_end_, end);
    first = false;
  }
}

uint64_t Fingerprinter::operator()(uint32_t function_index) const {
  return fingerprint(function_index, kCallDepth);
}

uint64_t Fingerprinter::callee_identity(uint32_t function_index, int depth) const {
  if (depth > 0 && function_index >= module_.imported_function_count()) {
    const uint64_t callee = fingerprint(function_index, depth - 1);
    if (native_routine_with(callee)) return callee;
  }
  return type_fingerprint(module_.function_type(function_index));
}

uint64_t Fingerprinter::fingerprint(uint32_t function_index, int depth) const {
  const Module& module = module_;
  const Function& function = module.functions[function_index - module.imported_function_count()];
  if (function.body.size > kMaxBody) return 0;
  const size_t defined = function_index - module.imported_function_count();
  {
    std::lock_guard lock(mutex_);
    if (memo_.empty()) memo_.resize(module.functions.size());
    if (memo_[defined][depth] != 0) return memo_[defined][depth];
  }

  const std::vector<Decoded> code = decode(module, function);
  Fnv1a h;
  h.add(type_fingerprint(module.function_type(function_index)));
  for (const LocalRun& run : function.locals) {
    h.add(run.count);
    h.add(uint64_t(run.type));
  }
  for (size_t i = 0; i < code.size(); ++i) {
    const Decoded& d = code[i];
    if (d.in.opcode == Opcode::CALL) {
      h.add(uint64_t(Opcode::CALL));
      h.add(callee_identity(d.in.index, depth));
    } else if (is_return_address(code, i) || is_data_address(d.in)) {
      h.add(uint64_t(Opcode::I64_CONST));
    } else {
      h.add(d.bytes);
    }
  }
  std::lock_guard lock(mutex_);
  memo_[defined][depth] = h.value();
  return h.value();
}

bool Fingerprinter::is_data_address(const Instruction& in) const {
  return in.opcode == Opcode::I64_CONST && in.bits >= data_begin_ && in.bits < data_end_;
}

std::vector<uint64_t> Fingerprinter::data_addresses(uint32_t function_index) const {
  const Function& function = module_.functions[function_index - module_.imported_function_count()];
  std::vector<uint64_t> addresses;
  for (const Decoded& d : decode(module_, function)) {
    if (is_data_address(d.in)) addresses.push_back(d.in.bits);
  }
  return addresses;
}

}  // namespace gowasm::interp::native
