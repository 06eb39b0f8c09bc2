// The executor; see executor.h. Handlers are labels inside run(); the code
// stores their addresses (GCC/Clang "labels as values"), so dispatch is one
// indirect jump at the end of each handler.
#include "executor.h"

#include <atomic>
#include <cstring>
#include <string>

#include "dispatch_counts.h"
#include "handlers.h"
#include "native/routines.h"
#include "numeric.h"
#include "translator.h"

namespace gowasm::interp {

ExecutionStack::ExecutionStack(size_t slot_count, uint32_t max_depth_,
                               std::shared_ptr<InterruptHandle> interrupt_,
                               std::optional<uint64_t> fuel,
                               std::shared_ptr<GuestProfiler> profiler_)
    : slots(new Slot[slot_count]),
      end(slots.get() + slot_count),
      entry_limit(fuel ? nullptr : end),
      interrupt(std::move(interrupt_)),
      top(slots.get()),
      frames(new Frame[size_t(max_depth_) + 1]),
      max_depth(max_depth_),
      fueled(fuel.has_value()),
      fuel_left(fuel.value_or(0)),
      profiler(std::move(profiler_)) {
  if (fueled) detail::poll_requests.fetch_add(1, std::memory_order_relaxed);
  if (interrupt) {
    interrupt_listener = interrupt->listen([this](bool interrupted) {
      entry_limit.store(interrupted || fueled ? nullptr : end, std::memory_order_relaxed);
    });
  }
}

ExecutionStack::~ExecutionStack() {
  if (interrupt) interrupt->forget(interrupt_listener);
  if (fueled) detail::poll_requests.fetch_sub(1, std::memory_order_relaxed);
}

InstanceCode::InstanceCode(Instance& instance_)
    : instance(instance_),
      code(static_cast<ModuleCode&>(Internals::code(instance_.module()))),
      native_routines(instance_.options().native_routines) {
  for (const std::shared_ptr<Global>& global : Internals::state(instance).globals)
    global_cells.push_back(&global->raw());
}

InstanceCode::~InstanceCode() {
#ifdef GOWASM_COUNT_DISPATCH
  dispatch_counts::forget(module());
#endif
}

ExecutionStack& InstanceCode::stack() {
  if (!stack_) {
    const InstanceOptions& options = instance.options();
    stack_ = std::make_unique<ExecutionStack>(options.value_stack_slots, options.max_call_depth,
                                              options.interrupt, options.fuel, options.profiler);
  }
  return *stack_;
}

namespace {

template <class T>
inline T read(const Slot* fp, uint64_t index) {
  T value;
  std::memcpy(&value, &fp[index], sizeof(T));
  return value;
}

template <class T>
inline void write(Slot* fp, uint64_t index, T value) {
  Slot slot = 0;  // narrower values are stored zero-extended
  std::memcpy(&slot, &value, sizeof(T));
  fp[index] = slot;
}

// select: both values are loaded and the choice is a mask, never a branch:
// a select's condition is typically unpredictable (that is why the compiler
// that made the wasm used select), and a mispredicted branch costs more
// than the whole handler.
inline void select_into(Slot* fp, uint32_t dst, bool condition, uint64_t packed_slots) {
  const Slot first = fp[uint32_t(packed_slots)], second = fp[packed_slots >> 32];
  const Slot mask = Slot(0) - Slot(condition);
  fp[dst] = (first & mask) | (second & ~mask);
}

// Frames of one activation are all functions of its instance.
std::string frame_name(const Module& module, const FunctionCode& f) {
  std::string text = "func " + std::to_string(f.index);
  const std::string_view name = module.function_name(f.index);
  if (!name.empty()) text += " (" + std::string(name) + ")";
  return text;
}

// Gives `profiler` the functions of this activation, innermost first: the
// current one, then the callers its frame records name.
void record_sample(GuestProfiler& profiler, const Module& module, const FunctionCode* current,
                   const ExecutionStack::Frame* frames, uint32_t depth, uint32_t entry_depth,
                   uint32_t periods) {
  std::vector<uint32_t> functions{current->index};
  for (uint32_t d = depth; d-- > entry_depth + 1;) functions.push_back(frames[d].function->index);
  profiler.record(module, functions, periods);
}

// ENTER's zeroing of the declared locals. A Go function has a few: four
// slots cleared with fixed-size stores cost less than a call to memset.
// Clearing slots past the locals is harmless when they are in the frame:
// the pool is copied in afterwards and temporaries are written before
// they are read.
inline void zero_locals(Slot* fp, const Instr& enter) {
  constexpr uint32_t kFixed = 4;
  if (enter.c <= kFixed && enter.b + kFixed <= enter.a) {
    std::memset(fp + enter.b, 0, kFixed * sizeof(Slot));
  } else {
    std::memset(fp + enter.b, 0, enter.c * sizeof(Slot));
  }
}

// The 64-bit accesses of the pair handlers, exactly as ops.def's I64_LOAD,
// I64_STORE and I64_STORE_ADDR make them; false when out of bounds.
inline bool i64_load(Slot* fp, const Instr& in, uint8_t* mem, uint64_t mem_size) {
  const uint64_t address = uint64_t(read<uint32_t>(fp, in.b)) + in.c;
  if (address + 8 > mem_size) return false;
  std::memcpy(&fp[in.a], mem + address, 8);
  return true;
}
inline bool i64_store(Slot* fp, const Instr& in, uint8_t* mem, uint64_t mem_size) {
  const uint64_t address = uint64_t(read<uint32_t>(fp, in.a)) + in.c;
  if (address + 8 > mem_size) return false;
  std::memcpy(mem + address, &fp[in.b], 8);
  return true;
}
inline bool i64_store_addr(Slot* fp, const Instr& in, uint8_t* mem, uint64_t mem_size) {
  const uint64_t address =
      uint64_t(uint32_t(read<uint32_t>(fp, in.a) + uint32_t(in.c))) + (in.c >> 32);
  if (address + 8 > mem_size) return false;
  std::memcpy(mem + address, &fp[in.b], 8);
  return true;
}

// Calls a host function or a function of another instance with its
// arguments in `args`; results replace them.
std::optional<Trap> call_external(const FunctionInstance& callee, Instance* caller, Slot* args) {
  const FuncType& type = *callee.type;
  std::vector<Value> values(type.params.size());
  for (size_t i = 0; i < values.size(); ++i) values[i] = Value::from_bits(type.params[i], args[i]);
  CallResult result = call_function(callee, values, caller);
  if (result.trap) return std::move(result.trap);
  for (size_t i = 0; i < result.results.size(); ++i) args[i] = result.results[i].bits();
  return std::nullopt;
}

// Runs `entry` (a function of `self`'s instance) with arguments at fp.
// With `self` null, returns the handler table instead.
std::optional<Trap> run(InstanceCode* instance_code, FunctionCode* entry, Slot* fp,
                        const void* const** table_out) {
  static const void* const kTable[] = {
#define HANDLER(name) &&L_##name,
#include "handler_list.def"
#undef HANDLER
  };
  static_assert(sizeof(kTable) / sizeof(kTable[0]) == size_t(Handler::kCount));
  // Where the entry frame returns to: ends the activation.
  static const Instr kHalt{&&L_HALT, 0, 0, 0};
  if (!instance_code) {
    *table_out = kTable;
    return std::nullopt;
  }
  // Only cold handlers use it: kept in memory (volatile), it leaves the
  // registers to the hot values (ip, fp, the memory base and size).
  InstanceCode* volatile const self = instance_code;

  // Code names functions, globals and tables by index into the instance's
  // index spaces. Only the globals (Go reads its SP from one at every call)
  // get a local; functions, tables and the module are reached through
  // `self`: the hot handlers need the registers.
  Instance* const instance = &self->instance;
  Memory* const memory = instance->memory_object().get();
  uint8_t* mem = memory ? memory->data() : nullptr;
  uint64_t mem_size = memory ? memory->size() : 0;
  uint64_t* const* const globals = self->global_cells.data();
  ExecutionStack& stack = self->stack();
  static const std::atomic<bool> kNeverInterrupted{false};
  const std::atomic<bool>& interrupted =
      instance->options().interrupt ? instance->options().interrupt->flag() : kNeverInterrupted;
  const auto reload_memory = [&] {
    mem = memory ? memory->data() : nullptr;
    mem_size = memory ? memory->size() : 0;
  };
  ExecutionStack::Frame* const frames = stack.frames.get();
  const uint32_t entry_depth = stack.depth;
  uint32_t depth = entry_depth;
  frames[depth++] = {&kHalt, fp, nullptr};
  const FunctionCode* current = entry;
  std::optional<Trap> translation_failure;
  const CompiledFunction* entry_code =
      self->code.get(self->module(), *entry, interrupted, translation_failure);
  const Instr* ip = entry_code ? entry_code->code.get() : nullptr;
  TrapKind trap_kind = TrapKind::Host;
  uint32_t trap_element = 0;  // the table index of an uninitialized element
  std::optional<Trap> external_trap;
  // Operands of a call, shared by direct and indirect calls.
  FunctionCode* callee = nullptr;
  Slot* callee_fp = nullptr;
  const Instr* return_ip = nullptr;
  const void* entry_resume = nullptr;  // where entry_check returns to

  if (!ip) goto translation_failed;

#ifdef GOWASM_COUNT_DISPATCH
#define NEXT()                                                                           \
  do {                                                                                   \
    /* current is null on the way out of an activation (to HALT) */                      \
    dispatch_counts::count(ip->handler, self->module(), current ? current->index : ~0u); \
    goto * ip->handler;                                                                  \
  } while (0)
#else
#define NEXT() goto * ip->handler
#endif
// Any interrupted handle in the process? Then see whether it is ours
// (label `poll`). On x86-64 the test is one compare with memory and a
// branch: GCC would not fold an atomic load into the compare, and the
// extra load and test on every taken branch cost 1-3 % of all instructions.
#if defined(__x86_64__) && defined(__GNUC__)
#define POLL_INTERRUPTS() \
  asm goto("cmpl $0, %0\n\tjne %l1" : : "m"(detail::poll_requests) : "cc" : poll)
#else
#define POLL_INTERRUPTS() \
  if (detail::poll_requests.load(std::memory_order_relaxed)) goto poll
#endif

// Every jump goes through here. A taken jump (every loop's back-edge is
// one) is where an interrupt is noticed, as is a function's entry (see
// CHECK_ENTRY): no guest can run long without passing one. The
// process-wide count is tested first, the instance's own flag and fuel only
// when some handle is interrupted or some instance runs on fuel.
#define JUMP_IF(condition, target) \
  do {                             \
    if (condition) {               \
      ip = (target);               \
      POLL_INTERRUPTS();           \
    } else {                       \
      ++ip;                        \
    }                              \
  } while (0)
#define TRAP(kind)      \
  do {                  \
    trap_kind = (kind); \
    goto trap;          \
  } while (0)

  NEXT();

#define UNARY(op, Tin, Tout, expr)      \
  L_##op : {                            \
    const Tin x = read<Tin>(fp, ip->b); \
    write<Tout>(fp, ip->a, Tout(expr)); \
    ++ip;                               \
    NEXT();                             \
  }
#define BINARY(op, T, Tout, expr)       \
  L_##op : {                            \
    const T x = read<T>(fp, ip->b);     \
    const T y = read<T>(fp, ip->c);     \
    write<Tout>(fp, ip->a, Tout(expr)); \
    ++ip;                               \
    NEXT();                             \
  }
#define BINARY_IMM(op, T, Tout, expr)   \
  BINARY(op, T, Tout, expr)             \
  L_##op##_IMM : {                      \
    const T x = read<T>(fp, ip->b);     \
    const T y = T(ip->c);               \
    write<Tout>(fp, ip->a, Tout(expr)); \
    ++ip;                               \
    NEXT();                             \
  }
// Compares come with fused forms: branch when true, and select by the
// compare (the two values' slots in the next cell's c).
#define COMPARE(op, T, expr)                              \
  BINARY_IMM(op, T, uint32_t, expr)                       \
  L_BR_IF_##op : {                                        \
    const T x = read<T>(fp, ip->a);                       \
    const T y = read<T>(fp, ip->b);                       \
    JUMP_IF(expr, reinterpret_cast<const Instr*>(ip->c)); \
    NEXT();                                               \
  }                                                       \
  L_BR_IF_##op##_IMM : {                                  \
    const T x = read<T>(fp, ip->a);                       \
    const T y = T(int64_t(int32_t(ip->b)));               \
    JUMP_IF(expr, reinterpret_cast<const Instr*>(ip->c)); \
    NEXT();                                               \
  }                                                       \
  L_SELECT_##op : {                                       \
    const T x = read<T>(fp, ip->b);                       \
    const T y = read<T>(fp, ip->c);                       \
    select_into(fp, ip->a, expr, ip[1].c);                \
    ip += 2;                                              \
    NEXT();                                               \
  }                                                       \
  L_SELECT_##op##_IMM : {                                 \
    const T x = read<T>(fp, ip->b);                       \
    const T y = T(ip->c);                                 \
    select_into(fp, ip->a, expr, ip[1].c);                \
    ip += 2;                                              \
    NEXT();                                               \
  }
#define TRAPPING_BINARY(op, T, helper)                                                 \
  L_##op : {                                                                           \
    T result;                                                                          \
    if (!helper(read<T>(fp, ip->b), read<T>(fp, ip->c), result, trap_kind)) goto trap; \
    write<T>(fp, ip->a, result);                                                       \
    ++ip;                                                                              \
    NEXT();                                                                            \
  }
#define TRAPPING_UNARY(op, Tin, Tout, helper)                        \
  L_##op : {                                                         \
    Tout result;                                                     \
    if (!helper(read<Tin>(fp, ip->b), result, trap_kind)) goto trap; \
    write<Tout>(fp, ip->a, result);                                  \
    ++ip;                                                            \
    NEXT();                                                          \
  }
// Memory accesses: the effective address is the operand plus the offset,
// without wrapping (33 bits). The _ADDR forms take the operand as a slot
// plus a 32-bit constant that does wrap (u32(slot + k), Go's SP-relative
// addresses), with the offset in c's high half.
#define MEMORY_ACCESS(op, address_expr, body) \
  L_##op : {                                  \
    const uint64_t address = (address_expr);  \
    body;                                     \
    ++ip;                                     \
    NEXT();                                   \
  }
#define DIRECT_ADDRESS(slot) uint64_t(read<uint32_t>(fp, ip->slot)) + ip->c
#define WRAPPED_ADDRESS(slot) \
  uint64_t(uint32_t(read<uint32_t>(fp, ip->slot) + uint32_t(ip->c))) + (ip->c >> 32)
#define LOAD_BODY(Tmemory, Tslot)                                                    \
  if (address + sizeof(Tmemory) > mem_size) TRAP(TrapKind::OutOfBoundsMemoryAccess); \
  Tmemory value;                                                                     \
  std::memcpy(&value, mem + address, sizeof(Tmemory));                               \
  write<Tslot>(fp, ip->a, Tslot(value))
#define STORE_BODY(Tslot, Tmemory)                                                   \
  if (address + sizeof(Tmemory) > mem_size) TRAP(TrapKind::OutOfBoundsMemoryAccess); \
  const Tmemory value = Tmemory(read<Tslot>(fp, ip->b));                             \
  std::memcpy(mem + address, &value, sizeof(Tmemory))
#define LOAD(op, Tmemory, Tslot)                                  \
  MEMORY_ACCESS(op, DIRECT_ADDRESS(b), LOAD_BODY(Tmemory, Tslot)) \
  MEMORY_ACCESS(op##_ADDR, WRAPPED_ADDRESS(b), LOAD_BODY(Tmemory, Tslot))
#define STORE(op, Tslot, Tmemory)                                  \
  MEMORY_ACCESS(op, DIRECT_ADDRESS(a), STORE_BODY(Tslot, Tmemory)) \
  MEMORY_ACCESS(op##_ADDR, WRAPPED_ADDRESS(a), STORE_BODY(Tslot, Tmemory))
#include "ops.def"
#undef UNARY
#undef BINARY
#undef BINARY_IMM
#undef COMPARE
#undef TRAPPING_BINARY
#undef TRAPPING_UNARY
#undef LOAD
#undef STORE
#undef LOAD_BODY
#undef STORE_BODY
#undef WRAPPED_ADDRESS
#undef DIRECT_ADDRESS
#undef MEMORY_ACCESS

L_HALT:
  stack.depth = entry_depth;
  return std::nullopt;

// A function entry checks its frame against entry_limit, which is the end
// of the value stack, or null while the instance is interrupted or on fuel:
// then the entry looks closer (entry_check), and comes back to `resume`.
// entry_check and poll are labelled cold: GCC takes the target of an asm
// goto as likely, and a slow path it believes hot takes registers from the
// hot handlers (the memory base spilled: nbody +3 % instructions).
#define CHECK_ENTRY(resume)                                               \
  do {                                                                    \
    if (fp + ip->a > stack.entry_limit.load(std::memory_order_relaxed)) { \
      entry_resume = &&resume;                                            \
      goto entry_check;                                                   \
    }                                                                     \
  resume:;                                                                \
  } while (0)

L_ENTER:
  CHECK_ENTRY(enter_checked);
  zero_locals(fp, *ip);
  ++ip;
  NEXT();

L_ENTER_CONSTANTS:
  CHECK_ENTRY(enter_constants_checked);
  zero_locals(fp, *ip);
  std::memcpy(fp + ip[1].a, reinterpret_cast<const uint64_t*>(ip[1].c), ip[1].b * sizeof(Slot));
  ip += 2;
  NEXT();

L_I64_STORE_IMM : {
  const uint64_t address = uint64_t(read<uint32_t>(fp, ip->a)) + ip->c;
  if (address + 8 > mem_size) TRAP(TrapKind::OutOfBoundsMemoryAccess);
  const uint64_t value = ip->b;
  std::memcpy(mem + address, &value, 8);
  ++ip;
  NEXT();
}

L_COPY:
  fp[ip->a] = fp[ip->b];
  ++ip;
  NEXT();

L_CONST:
  fp[ip->a] = ip->c;
  ++ip;
  NEXT();

L_BR:
  JUMP_IF(true, reinterpret_cast<const Instr*>(ip->c));
  NEXT();

L_CONST_BR:
  fp[ip->a] = ip->b;
  JUMP_IF(true, reinterpret_cast<const Instr*>(ip->c));
  NEXT();

L_BR_IF:
  JUMP_IF(read<uint32_t>(fp, ip->b), reinterpret_cast<const Instr*>(ip->c));
  NEXT();

L_BR_UNLESS:
  JUMP_IF(!read<uint32_t>(fp, ip->b), reinterpret_cast<const Instr*>(ip->c));
  NEXT();

L_BR_IF_I64:
  JUMP_IF(fp[ip->b], reinterpret_cast<const Instr*>(ip->c));
  NEXT();

L_BR_UNLESS_I64:
  JUMP_IF(!fp[ip->b], reinterpret_cast<const Instr*>(ip->c));
  NEXT();

L_BR_TABLE : {
  const uint32_t index = read<uint32_t>(fp, ip->b);
  const Instr* const* targets = reinterpret_cast<const Instr* const*>(ip->c);
  JUMP_IF(true, targets[index < ip->a ? index : ip->a]);
  NEXT();
}

#define RETURN_TO_CALLER()            \
  do {                                \
    --depth;                          \
    ip = frames[depth].return_ip;     \
    fp = frames[depth].fp;            \
    current = frames[depth].function; \
    NEXT();                           \
  } while (0)

#define PAIR(name, first, second)                                                       \
  L_##name : if (!first(fp, ip[0], mem, mem_size) || !second(fp, ip[1], mem, mem_size)) \
                 TRAP(TrapKind::OutOfBoundsMemoryAccess);                               \
  ip += 2;                                                                              \
  NEXT();
  PAIR(I64_LOAD_I64_LOAD, i64_load, i64_load)
  PAIR(I64_LOAD_I64_STORE, i64_load, i64_store)
  PAIR(I64_LOAD_I64_STORE_ADDR, i64_load, i64_store_addr)
  PAIR(I64_STORE_I64_LOAD, i64_store, i64_load)
  PAIR(I64_STORE_I64_STORE, i64_store, i64_store)
  PAIR(I64_STORE_ADDR_I64_STORE_ADDR, i64_store_addr, i64_store_addr)
#undef PAIR

L_RETURN:
  RETURN_TO_CALLER();

// A native routine's entry (native/routines.h): it does the call and
// returns, or declines and the function's wasm runs on.
L_NATIVE:
  if (self->native_routines) {
    const auto& native_entry = *reinterpret_cast<const NativeEntry*>(ip->c);
    const native::NativeCall call{fp, mem, mem_size, globals, native_entry.data_addresses};
    if (native_entry.routine->run(call)) RETURN_TO_CALLER();
  }
  ++ip;
  NEXT();

L_RETURN_CONST:
  fp[ip->a] = ip->c;
  RETURN_TO_CALLER();

L_GO_RETURN : {
  const uint32_t sp = read<uint32_t>(fp, ip->a) + uint32_t(ip->c);
  write<uint32_t>(fp, ip->a, sp);
  *globals[ip->c >> 32] = sp;
  fp[0] = ip->b;
  RETURN_TO_CALLER();
}

L_GO_STACK_CHECK : {
  const uint32_t limit_slot = ip->b & 0xFFFF;
  const uint64_t address = uint64_t(uint32_t(*globals[(ip->b >> 16) & 0xFF])) + (ip->b >> 24);
  if (address + 4 > mem_size) TRAP(TrapKind::OutOfBoundsMemoryAccess);
  uint32_t limit;
  std::memcpy(&limit, mem + address, 4);
  write<uint32_t>(fp, limit_slot, limit);
  JUMP_IF(read<uint32_t>(fp, ip->a) > limit, reinterpret_cast<const Instr*>(ip->c));
  NEXT();
}

L_UNREACHABLE:
  TRAP(TrapKind::Unreachable);

entry_check:  // the value stack is used up, or the instance is interrupted or on fuel
  __attribute__((cold));
  if (stack.out_of_fuel()) TRAP(TrapKind::OutOfFuel);
  if (interrupted.load(std::memory_order_relaxed)) TRAP(TrapKind::Interrupted);
  if (fp + ip->a > stack.end) TRAP(TrapKind::CallStackExhausted);
  goto* entry_resume;

poll:  // after a taken branch, while some handle is interrupted, some instance is
       // on fuel or some profiler wants a sample
  __attribute__((cold));
  if (stack.out_of_fuel()) TRAP(TrapKind::OutOfFuel);
  if (interrupted.load(std::memory_order_relaxed)) TRAP(TrapKind::Interrupted);
  if (stack.profiler) {
    if (const uint32_t periods = stack.profiler->take_request()) {
      record_sample(*stack.profiler, self->module(), current, frames, depth, entry_depth, periods);
    }
  }
  NEXT();

L_GO_CALL : {
  const uint32_t sp = read<uint32_t>(fp, ip->b) + uint32_t(ip[1].c);
  write<uint32_t>(fp, ip->b, sp);
  *globals[ip[1].b] = sp;
  if (uint64_t(sp) + 8 > mem_size) TRAP(TrapKind::OutOfBoundsMemoryAccess);
  const uint64_t return_address = ip[1].a;
  std::memcpy(mem + sp, &return_address, 8);
  fp[ip->a] = 0;
  callee = reinterpret_cast<FunctionCode*>(ip->c);
  callee_fp = fp + ip->a;
  return_ip = ip + 2;
  goto call_local;
}

L_CALL:
  callee = reinterpret_cast<FunctionCode*>(ip->c);
  callee_fp = fp + ip->a;
  return_ip = ip + 1;
call_local : {
  if (depth > stack.max_depth) TRAP(TrapKind::CallStackExhausted);
  const CompiledFunction* code = callee->compiled.load(std::memory_order_acquire);
  if (!code) {
    code = self->code.get(self->module(), *callee, interrupted, translation_failure);
    if (!code) goto translation_failed;
  }
  frames[depth++] = {return_ip, fp, current};
  fp = callee_fp;
  current = callee;
  ip = code->code.get();
  NEXT();
}

L_CALL_INDIRECT : {
  const Table* table = self->state().tables[ip->c].get();
  const uint32_t index = read<uint32_t>(fp, ip->b);
  if (index >= table->size()) TRAP(TrapKind::UndefinedElement);
  const auto* target = reinterpret_cast<const FunctionInstance*>(table->raw()[index]);
  if (!target) {
    trap_element = index;
    TRAP(TrapKind::UninitializedElement);
  }
  if (target->type_id != ip[1].a) TRAP(TrapKind::IndirectCallTypeMismatch);
  if (target->instance == instance) {
    callee = &self->code.function_at(target->index);
    callee_fp = fp + ip->a;
    return_ip = ip + 2;
    goto call_local;
  }
  external_trap = call_external(*target, instance, fp + ip->a);
  reload_memory();
  if (external_trap) goto external;
  ip += 2;
  NEXT();
}

L_CALL_EXTERNAL : {
  const FunctionInstance& target = *self->state().functions[ip->c];
  Slot* const args = fp + ip->a;
  if (stack.nesting > 1000) TRAP(TrapKind::CallStackExhausted);
  // A nested activation (a host function calling back into this instance)
  // starts above everything live in this frame.
  Slot* const saved_top = stack.top;
  stack.top = args + std::max(target.type->params.size(), target.type->results.size());
  stack.depth = depth;
  external_trap = call_external(target, instance, args);
  stack.top = saved_top;
  reload_memory();
  if (external_trap) goto external;
  ++ip;
  NEXT();
}

L_SELECT:
  select_into(fp, ip->a, read<uint32_t>(fp, ip->b) != 0, ip->c);
  ++ip;
  NEXT();

L_SELECT_I64:
  select_into(fp, ip->a, fp[ip->b] != 0, ip->c);
  ++ip;
  NEXT();

L_GLOBAL_GET:
  fp[ip->a] = *globals[ip->c];
  ++ip;
  NEXT();

L_GLOBAL_SET:
  *globals[ip->c] = fp[ip->b];
  ++ip;
  NEXT();

L_GLOBAL_GET_BR_IF:
  fp[ip->a] = *globals[ip->b >> 16];
  JUMP_IF(read<uint32_t>(fp, ip->b & 0xFFFF), reinterpret_cast<const Instr*>(ip->c));
  NEXT();

L_GLOBAL_GET_BR_UNLESS:
  fp[ip->a] = *globals[ip->b >> 16];
  JUMP_IF(!read<uint32_t>(fp, ip->b & 0xFFFF), reinterpret_cast<const Instr*>(ip->c));
  NEXT();

L_I32_ADD_IMM_SET_GLOBAL : {
  const uint32_t value = read<uint32_t>(fp, ip->b) + uint32_t(ip->c);
  write<uint32_t>(fp, ip->a, value);
  *globals[ip->c >> 32] = value;
  ++ip;
  NEXT();
}

L_REF_FUNC:
  fp[ip->a] = reinterpret_cast<uintptr_t>(self->state().functions[ip->c]);
  ++ip;
  NEXT();

L_MEMORY_SIZE:
  write<uint32_t>(fp, ip->a, uint32_t(mem_size / kPageSize));
  ++ip;
  NEXT();

L_MEMORY_GROW : {
  const uint32_t delta = read<uint32_t>(fp, ip->b);
  write<int32_t>(fp, ip->a, memory ? memory->grow(delta) : -1);
  reload_memory();
  ++ip;
  NEXT();
}

L_MEMORY_FILL : {
  const uint64_t dst = read<uint32_t>(fp, ip->a), count = read<uint32_t>(fp, ip->a + 2);
  if (dst + count > mem_size) TRAP(TrapKind::OutOfBoundsMemoryAccess);
  // With count 0, mem may be null (a memory of 0 pages): no call then, as
  // the C library's functions must not see a null pointer even for 0 bytes.
  if (count) std::memset(mem + dst, read<uint8_t>(fp, ip->a + 1), count);
  ++ip;
  NEXT();
}

L_MEMORY_COPY : {
  const uint64_t dst = read<uint32_t>(fp, ip->a), src = read<uint32_t>(fp, ip->a + 1),
                 count = read<uint32_t>(fp, ip->a + 2);
  if (dst + count > mem_size || src + count > mem_size) TRAP(TrapKind::OutOfBoundsMemoryAccess);
  if (count) std::memmove(mem + dst, mem + src, count);  // mem may be null (MEMORY_FILL)
  ++ip;
  NEXT();
}

L_MEMORY_INIT : {
  const uint64_t dst = read<uint32_t>(fp, ip->a), src = read<uint32_t>(fp, ip->a + 1),
                 count = read<uint32_t>(fp, ip->a + 2);
  const DataSegment& segment = self->module().data[ip->c];
  const uint64_t length = self->state().dropped_data[ip->c] ? 0 : segment.bytes.size;
  if (src + count > length || dst + count > mem_size) TRAP(TrapKind::OutOfBoundsMemoryAccess);
  if (count)
    std::memcpy(mem + dst, self->module().bytes().data() + segment.bytes.offset + src, count);
  ++ip;
  NEXT();
}

L_DATA_DROP:
  self->state().dropped_data[ip->c] = true;
  ++ip;
  NEXT();

L_TABLE_GET : {
  Table* table = self->state().tables[ip->c].get();
  const uint32_t index = read<uint32_t>(fp, ip->b);
  if (index >= table->size()) TRAP(TrapKind::OutOfBoundsTableAccess);
  fp[ip->a] = table->raw()[index];
  ++ip;
  NEXT();
}

L_TABLE_SET : {
  Table* table = self->state().tables[ip->c].get();
  const uint32_t index = read<uint32_t>(fp, ip->a);
  if (index >= table->size()) TRAP(TrapKind::OutOfBoundsTableAccess);
  table->raw()[index] = fp[ip->a + 1];
  ++ip;
  NEXT();
}

L_TABLE_SIZE:
  write<uint32_t>(fp, ip->a, self->state().tables[ip->c]->size());
  ++ip;
  NEXT();

L_TABLE_GROW : {
  Table* table = self->state().tables[ip->c].get();
  write<int32_t>(fp, ip->a, table->grow_raw(read<uint32_t>(fp, ip->a + 1), fp[ip->a]));
  ++ip;
  NEXT();
}

L_TABLE_FILL : {
  Table* table = self->state().tables[ip->c].get();
  const uint64_t first = read<uint32_t>(fp, ip->a), count = read<uint32_t>(fp, ip->a + 2);
  if (first + count > table->size()) TRAP(TrapKind::OutOfBoundsTableAccess);
  std::fill_n(table->raw() + first, count, fp[ip->a + 1]);
  ++ip;
  NEXT();
}

L_TABLE_COPY : {
  Table* dst_table = self->state().tables[ip->c].get();
  Table* src_table = self->state().tables[ip[1].c].get();
  const uint64_t dst = read<uint32_t>(fp, ip->a), src = read<uint32_t>(fp, ip->a + 1),
                 count = read<uint32_t>(fp, ip->a + 2);
  if (dst + count > dst_table->size() || src + count > src_table->size()) {
    TRAP(TrapKind::OutOfBoundsTableAccess);
  }
  if (count) std::memmove(dst_table->raw() + dst, src_table->raw() + src, count * sizeof(uint64_t));
  ip += 2;
  NEXT();
}

L_TABLE_INIT : {
  Table* table = self->state().tables[ip->c].get();
  const uint32_t segment = ip->b;
  const uint64_t dst = read<uint32_t>(fp, ip->a), src = read<uint32_t>(fp, ip->a + 1),
                 count = read<uint32_t>(fp, ip->a + 2);
  const uint64_t length =
      self->state().dropped_elements[segment] ? 0 : self->module().elements[segment].size();
  if (src + count > length || dst + count > table->size()) TRAP(TrapKind::OutOfBoundsTableAccess);
  for (uint64_t k = 0; k < count; ++k) {
    table->raw()[dst + k] = instance->element_value(segment, size_t(src + k));
  }
  ++ip;
  NEXT();
}

L_ELEM_DROP:
  self->state().dropped_elements[ip->c] = true;
  ++ip;
  NEXT();

#undef NEXT
#undef RETURN_TO_CALLER
#undef POLL_INTERRUPTS
#undef CHECK_ENTRY
#undef TRAP

translation_failed:
  external_trap = std::move(translation_failure);
external:
trap : {
  Trap result = external_trap ? std::move(*external_trap) : Trap::of(trap_kind);
  // The reference interpreter names the element: "uninitialized element 2".
  if (!external_trap && trap_kind == TrapKind::UninitializedElement) {
    result.message += " " + std::to_string(trap_element);
  }
  // Innermost first: the trapping function, then its callers in this activation.
  std::vector<std::string> frames_here;
  if (current) frames_here.push_back(frame_name(self->module(), *current));
  for (uint32_t d = depth; d-- > entry_depth + 1;)
    frames_here.push_back(frame_name(self->module(), *frames[d].function));
  result.stack.insert(result.stack.begin(), frames_here.begin(), frames_here.end());
  stack.depth = entry_depth;
  return result;
}
}

}  // namespace

const void* const* handler_addresses() {
  static const void* const* table = [] {
    const void* const* t = nullptr;
    run(nullptr, nullptr, nullptr, &t);
    return t;
  }();
  return table;
}

CallResult InstanceCode::call(const FunctionInstance& f, std::span<const Value> args) {
  const FuncType& type = *f.type;
  CallResult result;
  ExecutionStack& stack = this->stack();
  const size_t needed = std::max(type.params.size(), type.results.size());
  if (stack.nesting > 1000 || stack.top + needed > stack.end) {
    result.trap = Trap::of(TrapKind::CallStackExhausted);
    return result;
  }
  Slot* const fp = stack.top;
  for (size_t i = 0; i < args.size(); ++i) fp[i] = args[i].bits();
  ++stack.nesting;
  result.trap = run(this, &code.function_at(f.index), fp, nullptr);
  --stack.nesting;
  if (!result.trap) {
    result.results.reserve(type.results.size());
    for (size_t i = 0; i < type.results.size(); ++i) {
      result.results.push_back(Value::from_bits(type.results[i], fp[i]));
    }
  }
  return result;
}

}  // namespace gowasm::interp
