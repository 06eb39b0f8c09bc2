// See module_generator.h. Every value is generated for a type that is known
// where it is needed (gen_value), and every statement leaves the operand
// stack as it found it (gen_statement), so validity holds by construction.
// When the choices run out every choice reads as 0, which is always the
// simplest form (a constant, no statement): generation ends.
#include "module_generator.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "generator_support.h"

namespace gowasm::fuzz {
namespace {

enum Type : uint8_t { I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C };
constexpr std::array<Type, 4> kTypes{I32, I64, F32, F64};
using Types = std::vector<Type>;

struct FuncType {
  Types params, results;
  bool operator<(const FuncType& o) const {
    return std::tie(params, results) < std::tie(o.params, o.results);
  }
};

struct Op {
  std::vector<uint8_t> code;  // the opcode bytes
  Type from, to;
};

// Operators by shape. Unary and binary keep the type; compares give i32.
const std::map<Type, std::vector<uint8_t>> kUnary{
    {I32, {0x67, 0x68, 0x69, 0xC0, 0xC1}},
    {I64, {0x79, 0x7A, 0x7B, 0xC2, 0xC3, 0xC4}},
    {F32, {0x8B, 0x8C, 0x8D, 0x8E, 0x8F, 0x90, 0x91}},
    {F64, {0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F}},
};
const std::map<Type, std::pair<uint8_t, uint8_t>> kBinary{
    {I32, {0x6A, 0x78}}, {I64, {0x7C, 0x8A}}, {F32, {0x92, 0x98}}, {F64, {0xA0, 0xA6}}};
const std::map<Type, std::pair<uint8_t, uint8_t>> kCompare{
    {I32, {0x45, 0x4F}}, {I64, {0x50, 0x5A}}, {F32, {0x5B, 0x60}}, {F64, {0x61, 0x66}}};
const std::vector<Op> kConversions{
    {{0xA7}, I64, I32},    {{0xA8}, F32, I32},    {{0xA9}, F32, I32},    {{0xAA}, F64, I32},
    {{0xAB}, F64, I32},    {{0xAC}, I32, I64},    {{0xAD}, I32, I64},    {{0xAE}, F32, I64},
    {{0xAF}, F32, I64},    {{0xB0}, F64, I64},    {{0xB1}, F64, I64},    {{0xB2}, I32, F32},
    {{0xB3}, I32, F32},    {{0xB4}, I64, F32},    {{0xB5}, I64, F32},    {{0xB6}, F64, F32},
    {{0xB7}, I32, F64},    {{0xB8}, I32, F64},    {{0xB9}, I64, F64},    {{0xBA}, I64, F64},
    {{0xBB}, F32, F64},    {{0xBC}, F32, I32},    {{0xBD}, F64, I64},    {{0xBE}, I32, F32},
    {{0xBF}, I64, F64},    {{0xFC, 0}, F32, I32}, {{0xFC, 1}, F32, I32}, {{0xFC, 2}, F64, I32},
    {{0xFC, 3}, F64, I32}, {{0xFC, 4}, F32, I64}, {{0xFC, 5}, F32, I64}, {{0xFC, 6}, F64, I64},
    {{0xFC, 7}, F64, I64},
};
struct Access {
  uint8_t opcode, natural_align;
  Type type;
};
const std::vector<Access> kLoads{
    {0x28, 2, I32}, {0x29, 3, I64}, {0x2A, 2, F32}, {0x2B, 3, F64}, {0x2C, 0, I32},
    {0x2D, 0, I32}, {0x2E, 1, I32}, {0x2F, 1, I32}, {0x30, 0, I64}, {0x31, 0, I64},
    {0x32, 1, I64}, {0x33, 1, I64}, {0x34, 2, I64}, {0x35, 2, I64},
};
const std::vector<Access> kStores{
    {0x36, 2, I32}, {0x37, 3, I64}, {0x38, 2, F32}, {0x39, 3, F64}, {0x3A, 0, I32},
    {0x3B, 1, I32}, {0x3C, 0, I64}, {0x3D, 1, I64}, {0x3E, 2, I64},
};

constexpr int kMaxDepth = 6;
constexpr uint32_t kMemoryMaxPages = 4;

class Generator {
 public:
  explicit Generator(std::span<const uint8_t> input) : in_(input) {}

  Bytes run() {
    plan();
    std::vector<Bytes> bodies;
    for (size_t f = 0; f < functions_.size(); ++f) bodies.push_back(gen_function(f));
    return assemble(bodies);
  }

 private:
  struct Global {
    Type type;
    bool mutable_;
  };
  // The branch types of an enclosing label: a loop's parameters, or a
  // block's or if's results.
  using Label = Types;

  void plan() {
    const uint32_t function_count = 1 + in_.below(5);
    for (uint32_t f = 0; f < function_count; ++f) {
      FuncType type;
      for (uint32_t n = in_.below(4); n > 0; --n) type.params.push_back(any_type());
      for (uint32_t n = in_.below(3); n > 0; --n) type.results.push_back(any_type());
      functions_.push_back(intern(type));
    }
    for (uint32_t g = in_.below(5); g > 0; --g) globals_.push_back({any_type(), in_.below(4) != 0});
    memory_min_ = in_.below(8) == 0 ? 0 : 1 + in_.below(2);
    data_ = Bytes(memory_min_ > 0 ? in_.below(64) : 0);  // no memory, no data that fits
    for (uint8_t& b : data_) b = uint8_t(in_.bits(1));
  }

  uint32_t intern(const FuncType& type) {
    auto [it, added] = type_index_.emplace(type, uint32_t(types_.size()));
    if (added) types_.push_back(type);
    return it->second;
  }

  Bytes gen_function(size_t f) {
    const FuncType& type = types_[functions_[f]];
    locals_ = type.params;
    Types declared;
    for (uint32_t n = in_.below(5); n > 0; --n) declared.push_back(any_type());
    locals_.insert(locals_.end(), declared.begin(), declared.end());
    // One more i32 local, not for gen_value: the budget of loop iterations
    // of this call (gen_loop_condition).
    counter_ = uint32_t(locals_.size());
    declared.push_back(I32);
    results_ = type.results;
    labels_ = {type.results};
    code_.clear();
    code_.push_back(0x41);
    put_s(code_, 1 + in_.below(16));
    code_.push_back(0x21);
    put_u(code_, counter_);
    for (uint32_t n = 1 + in_.below(6); n > 0; --n) gen_statement(0);
    for (Type t : type.results) gen_value(t, 0);
    code_.push_back(0x0B);
    Bytes body;
    put_u(body, declared.size());
    for (Type t : declared) {
      put_u(body, 1);
      body.push_back(t);
    }
    put_bytes(body, code_);
    Bytes sized;
    put_u(sized, body.size());
    put_bytes(sized, body);
    return sized;
  }

  // --- values: each leaves one value of type t on the stack.

  void gen_value(Type t, int depth) {
    if (depth >= kMaxDepth || in_.empty()) return gen_const(t);
    switch (in_.below(20)) {
      case 0: return gen_const(t);
      case 1: return gen_local_get(t, depth);
      case 2: return gen_global_get(t, depth);
      case 3: return gen_unary(t, depth);
      case 4:
      case 5: return gen_binary(t, depth);
      case 6: return t == I32 ? gen_compare(depth) : gen_conversion(t, depth);
      case 7: return gen_conversion(t, depth);
      case 8: return gen_load(t, depth);
      case 9: return gen_select(t, depth);
      case 10: return gen_block_value(t, depth);
      case 11: return gen_if_value(t, depth);
      case 12: return gen_loop_value(t, depth);
      case 13: return gen_call_value(t, depth);
      case 14: return gen_call_indirect_value(t, depth);
      case 15: return gen_local_tee(t, depth);
      case 16: return gen_br_table_value(t, depth);
      case 17: return gen_multivalue_block(t, depth);
      case 18: return t == I32 ? gen_memory_value(depth) : gen_const(t);
      default: return gen_leave(t, depth);
    }
  }

  void gen_const(Type t) {
    // Mostly small numbers and edges; sometimes any bits.
    static constexpr std::array<uint64_t, 8> kEdges{
        0, 1, 2, 0xFFFFFFFFFFFFFFFF, 0x80000000, 0x7FFFFFFF, 0x8000000000000000, 65536};
    const uint64_t bits = in_.below(2) ? kEdges[in_.below(8)] : in_.bits(8);
    switch (t) {
      case I32: code_.push_back(0x41), put_s(code_, int32_t(uint32_t(bits))); break;
      case I64: code_.push_back(0x42), put_s(code_, int64_t(bits)); break;
      case F32: {
        code_.push_back(0x43);
        const uint32_t b = uint32_t(bits);
        for (int i = 0; i < 4; ++i) code_.push_back(uint8_t(b >> (8 * i)));
        break;
      }
      case F64:
        code_.push_back(0x44);
        for (int i = 0; i < 8; ++i) code_.push_back(uint8_t(bits >> (8 * i)));
        break;
    }
  }

  // A local of type t, if the function has one.
  std::optional<uint32_t> local_of(Type t) {
    std::vector<uint32_t> matches;
    for (uint32_t i = 0; i < locals_.size(); ++i)
      if (locals_[i] == t) matches.push_back(i);
    if (matches.empty()) return std::nullopt;
    return matches[in_.below(uint32_t(matches.size()))];
  }
  std::optional<uint32_t> global_of(Type t, bool must_be_mutable) {
    std::vector<uint32_t> matches;
    for (uint32_t i = 0; i < globals_.size(); ++i)
      if (globals_[i].type == t && (globals_[i].mutable_ || !must_be_mutable)) matches.push_back(i);
    if (matches.empty()) return std::nullopt;
    return matches[in_.below(uint32_t(matches.size()))];
  }

  void gen_local_get(Type t, int) {
    const auto local = local_of(t);
    if (!local) return gen_const(t);
    code_.push_back(0x20);
    put_u(code_, *local);
  }
  void gen_local_tee(Type t, int depth) {
    const auto local = local_of(t);
    if (!local) return gen_const(t);
    gen_value(t, depth + 1);
    code_.push_back(0x22);
    put_u(code_, *local);
  }
  void gen_global_get(Type t, int) {
    const auto global = global_of(t, false);
    if (!global) return gen_const(t);
    code_.push_back(0x23);
    put_u(code_, *global);
  }
  void gen_unary(Type t, int depth) {
    gen_value(t, depth + 1);
    const std::vector<uint8_t>& ops = kUnary.at(t);
    code_.push_back(ops[in_.below(uint32_t(ops.size()))]);
  }
  void gen_binary(Type t, int depth) {
    gen_value(t, depth + 1);
    gen_value(t, depth + 1);
    const auto [first, last] = kBinary.at(t);
    code_.push_back(uint8_t(first + in_.below(last - first + 1)));
  }
  void gen_compare(int depth) {
    const Type operand = any_type();
    const auto [first, last] = kCompare.at(operand);
    const uint8_t op = uint8_t(first + in_.below(last - first + 1));
    gen_value(operand, depth + 1);
    if (op != 0x45 && op != 0x50) gen_value(operand, depth + 1);  // eqz is unary
    code_.push_back(op);
  }
  void gen_conversion(Type t, int depth) {
    std::vector<const Op*> into;
    for (const Op& op : kConversions)
      if (op.to == t) into.push_back(&op);
    const Op& op = *into[in_.below(uint32_t(into.size()))];
    gen_value(op.from, depth + 1);
    put_bytes(code_, op.code);
  }
  void gen_address(int depth) {
    // Mostly inside the first page, so that most accesses land; sometimes
    // anywhere.
    switch (in_.below(8)) {
      case 0: return gen_value(I32, depth + 1);
      case 1:
        gen_value(I32, depth + 1);
        code_.insert(code_.end(), {0x41, 0xFF, 0xFF, 0x03, 0x71});  // i32.and 0xFFFF
        return;
      default: code_.push_back(0x41), put_s(code_, in_.below(65536 - 64));
    }
  }
  void put_memarg(const Access& access) {
    put_u(code_, in_.below(access.natural_align + 1));
    put_u(code_, in_.below(8) ? in_.below(64) : in_.bits(4));
  }
  void gen_load(Type t, int depth) {
    std::vector<const Access*> loads;
    for (const Access& a : kLoads)
      if (a.type == t) loads.push_back(&a);
    const Access& load = *loads[in_.below(uint32_t(loads.size()))];
    gen_address(depth);
    code_.push_back(load.opcode);
    put_memarg(load);
  }
  void gen_select(Type t, int depth) {
    gen_value(t, depth + 1);
    gen_value(t, depth + 1);
    gen_value(I32, depth + 1);
    code_.push_back(0x1B);
  }
  void put_block_type(const Types& params, const Types& results) {
    if (params.empty() && results.empty()) {
      code_.push_back(0x40);
    } else if (params.empty() && results.size() == 1) {
      code_.push_back(results[0]);
    } else {
      put_s(code_, intern(FuncType{params, results}));
    }
  }
  void gen_statements(int depth) {
    for (uint32_t n = in_.below(3); n > 0; --n) gen_statement(depth + 1);
  }
  // A block, loop or if (`opcode`) of that type around `body`, which sees
  // its label: a branch to a loop carries its parameters, to the others
  // their results.
  template <class Body>
  void structured(uint8_t opcode, const Types& params, const Types& results, Body body) {
    code_.push_back(opcode);
    put_block_type(params, results);
    labels_.push_back(opcode == 0x03 ? params : results);
    body();
    labels_.pop_back();
    code_.push_back(0x0B);
  }
  void gen_block_value(Type t, int depth) {
    structured(0x02, {}, {t}, [&] {
      gen_statements(depth);
      gen_value(t, depth + 1);
    });
  }
  void gen_if_value(Type t, int depth) {
    gen_value(I32, depth + 1);
    structured(0x04, {}, {t}, [&] {
      gen_statements(depth);
      gen_value(t, depth + 1);
      code_.push_back(0x05);
      gen_statements(depth);
      gen_value(t, depth + 1);
    });
  }
  // loop (param t) (result t): the back-edge carries a new value of t.
  void gen_loop_value(Type t, int depth) {
    gen_value(t, depth + 1);
    structured(0x03, {t}, {t}, [&] {
      gen_statements(depth);
      gen_value(t, depth + 1);
      gen_loop_condition(depth);
      code_.push_back(0x0D);  // br_if 0: around again with the new value
      put_u(code_, 0);
      code_.push_back(0x1A);  // not taken: drop it, leave the parameter
    });
  }
  std::vector<uint32_t> functions_returning(const Types& results) {
    std::vector<uint32_t> matches;
    for (uint32_t f = 0; f < functions_.size(); ++f)
      if (types_[functions_[f]].results == results) matches.push_back(f);
    return matches;
  }
  void gen_arguments(const FuncType& type, int depth) {
    for (Type p : type.params) gen_value(p, depth + 1);
  }
  void gen_call_value(Type t, int depth) {
    const std::vector<uint32_t> callees = functions_returning({t});
    if (callees.empty()) return gen_const(t);
    const uint32_t callee = callees[in_.below(uint32_t(callees.size()))];
    gen_arguments(types_[functions_[callee]], depth);
    code_.push_back(0x10);
    put_u(code_, callee);
  }
  void gen_call_indirect_value(Type t, int depth) {
    const std::vector<uint32_t> callees = functions_returning({t});
    // Mostly a function of the right type (the table holds function i at
    // i); sometimes any index and a type of its own, which may trap.
    if (!callees.empty() && in_.below(4)) {
      const uint32_t callee = callees[in_.below(uint32_t(callees.size()))];
      gen_arguments(types_[functions_[callee]], depth);
      code_.push_back(0x41);
      put_s(code_, callee);
      code_.push_back(0x11);
      put_u(code_, functions_[callee]);
    } else {
      const uint32_t type = intern(FuncType{{}, {t}});
      gen_value(I32, depth + 1);
      code_.push_back(0x11);
      put_u(code_, type);
    }
    code_.push_back(0x00);
  }
  // block $outer (result t) block $inner (result t) t i32 br_table ... end end
  void gen_br_table_value(Type t, int depth) {
    structured(0x02, {}, {t}, [&] {
      structured(0x02, {}, {t}, [&] {
        gen_value(t, depth + 1);
        gen_value(I32, depth + 1);
        code_.push_back(0x0E);
        const uint32_t count = in_.below(6);
        put_u(code_, count);
        for (uint32_t i = 0; i <= count; ++i)
          put_u(code_, in_.below(2));  // the targets, then the default
      });
    });
  }
  // A block with parameters and two results: (param u) (result t v), v dropped.
  void gen_multivalue_block(Type t, int depth) {
    const Type u = any_type(), v = any_type();
    gen_value(u, depth + 1);
    structured(0x02, {u}, {t, v}, [&] {
      code_.push_back(0x1A);  // the parameter
      gen_statements(depth);
      gen_value(t, depth + 1);
      gen_value(v, depth + 1);
    });
    code_.push_back(0x1A);
  }
  void gen_memory_value(int depth) {
    if (in_.below(2)) {
      code_.insert(code_.end(), {0x3F, 0x00});  // memory.size
    } else {
      gen_value(I32, depth + 1);
      code_.insert(code_.end(), {0x40, 0x00});  // memory.grow
    }
  }
  // Control that does not fall through: br to an enclosing label, return,
  // or unreachable. The stack is then polymorphic and satisfies any type.
  void gen_leave(Type t, int depth) {
    switch (in_.below(4)) {
      case 0: code_.push_back(0x00); return;  // unreachable
      case 1:
        for (Type r : results_) gen_value(r, depth + 1);
        code_.push_back(0x0F);  // return
        return;
      case 2: {
        const uint32_t target = in_.below(uint32_t(labels_.size()));
        const Label label = labels_[labels_.size() - 1 - target];  // a copy: labels_ grows
        for (Type r : label) gen_value(r, depth + 1);
        code_.push_back(0x0C);
        put_u(code_, target);
        return;
      }
      default: return gen_const(t);
    }
  }

  // --- statements: each leaves the stack as it was.

  void gen_statement(int depth) {
    if (depth >= kMaxDepth || in_.empty()) return;
    switch (in_.below(12)) {
      case 0: return;
      case 1: return gen_local_set(depth);
      case 2: return gen_global_set(depth);
      case 3:
      case 4: return gen_store(depth);
      case 5: {
        gen_value(any_type(), depth + 1);
        code_.push_back(0x1A);
        return;
      }
      case 6: return gen_call_statement(depth);
      case 7: return gen_if_statement(depth);
      case 8: return gen_loop_statement(depth);
      case 9: return gen_br_if_statement(depth);
      case 10: return gen_bulk_memory(depth);
      default: return gen_block_statement(depth);
    }
  }
  void gen_local_set(int depth) {
    if (locals_.empty()) return;
    const uint32_t local = in_.below(uint32_t(locals_.size()));
    gen_value(locals_[local], depth + 1);
    code_.push_back(0x21);
    put_u(code_, local);
  }
  void gen_global_set(int depth) {
    const Type t = any_type();
    const auto global = global_of(t, true);
    if (!global) return;
    gen_value(t, depth + 1);
    code_.push_back(0x24);
    put_u(code_, *global);
  }
  void gen_store(int depth) {
    const Access& store = kStores[in_.below(uint32_t(kStores.size()))];
    gen_address(depth);
    gen_value(store.type, depth + 1);
    code_.push_back(store.opcode);
    put_memarg(store);
  }
  void gen_call_statement(int depth) {
    const uint32_t callee = in_.below(uint32_t(functions_.size()));
    const FuncType& type = types_[functions_[callee]];
    gen_arguments(type, depth);
    code_.push_back(0x10);
    put_u(code_, callee);
    for (size_t i = 0; i < type.results.size(); ++i) code_.push_back(0x1A);
  }
  void gen_if_statement(int depth) {
    gen_value(I32, depth + 1);
    structured(0x04, {}, {}, [&] {
      gen_statements(depth);
      if (in_.below(2)) {
        code_.push_back(0x05);
        gen_statements(depth);
      }
    });
  }
  void gen_loop_statement(int depth) {
    structured(0x03, {}, {}, [&] {
      gen_statements(depth);
      gen_loop_condition(depth);
      code_.push_back(0x0D);
      put_u(code_, 0);
    });
  }
  // Whether a loop goes around again: mostly while the call's budget of
  // iterations lasts (counter_ = counter_ - 1, then > 0), so that most
  // calls finish; sometimes any condition, which may loop until the fuel
  // runs out.
  void gen_loop_condition(int depth) {
    if (in_.one_in(4)) return gen_value(I32, depth + 1);
    code_.push_back(0x20);
    put_u(code_, counter_);
    code_.insert(code_.end(), {0x41, 0x01, 0x6B, 0x22});  // i32.const 1, i32.sub, local.tee
    put_u(code_, counter_);
    code_.insert(code_.end(), {0x41, 0x00, 0x4A});  // i32.const 0, i32.gt_s
  }
  void gen_block_statement(int depth) {
    structured(0x02, {}, {}, [&] { gen_statements(depth); });
  }
  // br_if to any enclosing label: its values, the condition; when not
  // taken the values stay, and are dropped.
  void gen_br_if_statement(int depth) {
    const uint32_t target = in_.below(uint32_t(labels_.size()));
    const Label label = labels_[labels_.size() - 1 - target];  // a copy: labels_ grows
    for (Type t : label) gen_value(t, depth + 1);
    gen_value(I32, depth + 1);
    code_.push_back(0x0D);
    put_u(code_, target);
    for (size_t i = 0; i < label.size(); ++i) code_.push_back(0x1A);
  }
  void gen_bulk_memory(int depth) {
    gen_address(depth);
    if (in_.below(2)) {
      gen_value(I32, depth + 1);  // the byte
      gen_value(I32, depth + 1);  // the count
      code_.insert(code_.end(), {0xFC, 11, 0x00});
    } else {
      gen_address(depth);
      gen_value(I32, depth + 1);
      code_.insert(code_.end(), {0xFC, 10, 0x00, 0x00});
    }
  }

  // --- the module

  Bytes assemble(const std::vector<Bytes>& bodies) {
    Bytes out{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    Bytes types;
    put_u(types, types_.size());
    for (const FuncType& type : types_) {
      types.push_back(0x60);
      put_u(types, type.params.size());
      for (Type t : type.params) types.push_back(t);
      put_u(types, type.results.size());
      for (Type t : type.results) types.push_back(t);
    }
    put_section(out, 1, types);
    Bytes functions;
    put_u(functions, functions_.size());
    for (uint32_t type : functions_) put_u(functions, type);
    put_section(out, 3, functions);
    Bytes table{0x01, 0x70, 0x00};  // one funcref table, min = the function count
    put_u(table, functions_.size());
    put_section(out, 4, table);
    Bytes memory{0x01, 0x01};  // one memory with a maximum
    put_u(memory, memory_min_);
    put_u(memory, kMemoryMaxPages);
    put_section(out, 5, memory);
    Bytes globals;
    put_u(globals, globals_.size());
    for (const Global& g : globals_) {
      globals.push_back(g.type);
      globals.push_back(g.mutable_ ? 1 : 0);
      code_.clear();
      gen_const(g.type);
      put_bytes(globals, code_);
      globals.push_back(0x0B);
    }
    put_section(out, 6, globals);
    Bytes exports;
    put_u(exports, functions_.size() + 2);
    for (uint32_t f = 0; f < functions_.size(); ++f) {
      put_name(exports, "f" + std::to_string(f));
      exports.push_back(0x00);
      put_u(exports, f);
    }
    put_name(exports, "memory");
    exports.insert(exports.end(), {0x02, 0x00});
    put_name(exports, "table");
    exports.insert(exports.end(), {0x01, 0x00});
    put_section(out, 7, exports);
    Bytes elements{0x01, 0x00, 0x41, 0x00, 0x0B};  // active, table 0, offset 0: every function
    put_u(elements, functions_.size());
    for (uint32_t f = 0; f < functions_.size(); ++f) put_u(elements, f);
    put_section(out, 9, elements);
    Bytes code;
    put_u(code, bodies.size());
    for (const Bytes& body : bodies) put_bytes(code, body);
    put_section(out, 10, code);
    if (!data_.empty()) {
      Bytes data{0x01, 0x00, 0x41};  // active, memory 0, at a small offset
      put_s(data, in_.below(64));
      data.push_back(0x0B);
      put_u(data, data_.size());
      put_bytes(data, data_);
      put_section(out, 11, data);
    }
    return out;
  }

  Type any_type() { return kTypes[in_.below(4)]; }

  Choices in_;
  std::deque<FuncType> types_;  // grows while bodies hold references into it
  std::map<FuncType, uint32_t> type_index_;
  std::vector<uint32_t> functions_;  // type index of each function
  std::vector<Global> globals_;
  uint32_t memory_min_ = 0;
  Bytes data_;
  // The function being generated.
  Types locals_, results_;
  uint32_t counter_ = 0;
  std::vector<Label> labels_;
  Bytes code_;
};

}  // namespace

std::vector<uint8_t> generate_module(std::span<const uint8_t> choices) {
  return Generator(choices).run();
}

}  // namespace gowasm::fuzz
