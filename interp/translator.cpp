// Function body → threaded code: the driver (see translator.h for the
// scheme, translator_internal.h for where each concern lives).
#include "translator.h"

#include "byte_reader.h"
#include "code_reader.h"
#include "translator_internal.h"

namespace gowasm::interp {

std::unique_ptr<CompiledFunction> Translator::run() {
  const uint64_t locals = type_.params.size() + function_.local_count;
  if (locals + reserved_.scratch + reserved_.constants >= kMaxFrameSlots) {
    throw TranslationError("function " + std::to_string(function_index_) + " has too many locals");
  }
  // Frame: parameters, locals, scratch, constant pool, operand temporaries.
  locals_ = uint32_t(locals);
  constants_base_ = locals_ + reserved_.scratch;
  temps_base_ = constants_base_ + reserved_.constants;
  // One handler sets the frame up: the pool, when there is one, is
  // described by an operand cell after the ENTER_CONSTANTS instruction.
  if (reserved_.constants > 0) {
    emit(Handler::ENTER_CONSTANTS, 0, uint32_t(type_.params.size()), function_.local_count);
    emit(Handler::HALT, constants_base_, reserved_.constants);  // operand cell, never executed
  } else {
    emit(Handler::ENTER, 0, uint32_t(type_.params.size()), function_.local_count);
  }
  // The body follows, for the calls the routine declines.
  const size_t native_at = native_.routine ? emit(Handler::NATIVE) : kNone;
  labels_.push_back(Label{Opcode::BLOCK, 0, 0, uint32_t(type_.results.size())});

  static const ReadContext context{"code", std::nullopt};
  ByteReader bytes(module_.bytes(), function_.body.offset,
                   size_t(function_.body.offset) + function_.body.size, context);
  CodeReader reader(bytes);
  Instruction in;
  for (uint32_t count = 1; !labels_.empty(); ++count) {
    if (interrupted_ && count % 4096 == 0 && interrupted_->load(std::memory_order_relaxed)) {
      throw TranslationInterrupted("interrupted while translating function " +
                                   std::to_string(function_index_) + " (at its instruction " +
                                   std::to_string(count) + ")");
    }
    reader.read(in);
    if (unreachable_) {
      switch (in.opcode) {
        case Opcode::BLOCK:
        case Opcode::LOOP:
        case Opcode::IF: ++skipped_depth_; continue;
        case Opcode::ELSE:
          if (skipped_depth_ == 0) break;
          continue;
        case Opcode::END:
          if (skipped_depth_ == 0) break;
          --skipped_depth_;
          continue;
        default: continue;
      }
    }
    translate(in);
    if (temps_base_ + uint64_t(max_height_) >= kMaxFrameSlots) {
      throw TranslationError("function " + std::to_string(function_index_) +
                             " has too deep a stack");
    }
  }

  fuse_pairs();
  auto compiled = std::make_unique<CompiledFunction>();
  // The frame: params, locals, scratch, pool, deepest operand stack; and
  // room for the results, which a callee writes to its first slots.
  code_[0].a = std::max<uint32_t>(temps_base_ + max_height_, uint32_t(type_.results.size()));
  compiled->constants.assign(constant_list_.begin(), constant_list_.end());
  if (reserved_.constants > 0) {
    code_[1].c = reinterpret_cast<uintptr_t>(compiled->constants.data());
  }
  if (native_at != kNone) {
    compiled->native = native_;
    code_[native_at].c = reinterpret_cast<uintptr_t>(&compiled->native);
  }
  compiled->code_size = code_.size();
  compiled->code = std::make_unique<Instr[]>(code_.size());
  Instr* base = compiled->code.get();
  std::copy(code_.begin(), code_.end(), base);
  for (size_t index : branch_sites_) {
    base[index].c = reinterpret_cast<uintptr_t>(base + final_target(code_[index].c));
  }
  for (const JumpTable& jump_table : jump_tables_) {
    auto table = std::make_unique<const Instr*[]>(jump_table.targets.size());
    for (size_t i = 0; i < jump_table.targets.size(); ++i) {
      table[i] = base + final_target(jump_table.targets[i]);
    }
    base[jump_table.instruction].c = reinterpret_cast<uintptr_t>(table.get());
    compiled->jump_tables.push_back(std::move(table));
  }
  return compiled;
}

void Translator::translate(const Instruction& in) {
  const OpEntry& entry = kOps[size_t(in.opcode)];
  if (entry.shape != Shape::None) return translate_numeric(in, entry);

  switch (in.opcode) {
    case Opcode::NOP: break;
    case Opcode::UNREACHABLE:
      emit(Handler::UNREACHABLE);
      unreachable_ = true;
      break;
    case Opcode::BLOCK:
    case Opcode::LOOP: enter_block(in.opcode, in.block); break;
    case Opcode::IF: translate_if(in); break;
    case Opcode::ELSE: translate_else(); break;
    case Opcode::END: translate_end(); break;
    case Opcode::BR: translate_br(in.index); break;
    case Opcode::BR_IF: translate_br_if(in.index); break;
    case Opcode::BR_TABLE: translate_br_table(in); break;
    case Opcode::RETURN: translate_return(); break;
    case Opcode::CALL: translate_call(in.index); break;
    case Opcode::CALL_INDIRECT: translate_call_indirect(in); break;
    case Opcode::DROP: pop(); break;
    case Opcode::SELECT:
    case Opcode::SELECT_T: translate_select(); break;
    case Opcode::LOCAL_GET: push(Operand{Operand::Kind::Local, in.index, 0}); break;
    case Opcode::LOCAL_SET: set_local(in.index, false); break;
    case Opcode::LOCAL_TEE: set_local(in.index, true); break;
    case Opcode::GLOBAL_GET: emit_def(Handler::GLOBAL_GET, height(), 0, in.index); break;
    case Opcode::GLOBAL_SET: translate_global_set(in.index); break;
    case Opcode::I32_CONST: push(Operand{Operand::Kind::Const, 0, uint32_t(in.bits)}); break;
    case Opcode::I64_CONST:
    case Opcode::F32_CONST:
    case Opcode::F64_CONST: push(Operand{Operand::Kind::Const, 0, in.bits}); break;
    case Opcode::REF_NULL: push(Operand{Operand::Kind::Const, 0, 0}); break;
    case Opcode::REF_FUNC: emit_def(Handler::REF_FUNC, height(), 0, in.index); break;
    case Opcode::MEMORY_SIZE: emit_def(Handler::MEMORY_SIZE, height()); break;
    case Opcode::MEMORY_GROW: {
      const Operand delta = pop();
      const uint32_t h = height();
      emit_def(Handler::MEMORY_GROW, h, use(delta, h));
      break;
    }
    case Opcode::TABLE_GET: {
      const Operand index = pop();
      const uint32_t h = height();
      emit_def(Handler::TABLE_GET, h, use(index, h), in.index);
      break;
    }
    case Opcode::TABLE_SIZE: emit_def(Handler::TABLE_SIZE, height(), 0, in.index); break;
    default: translate_bulk(in); break;
  }
}

std::unique_ptr<CompiledFunction> translate_function(const Module& module, ModuleCode& code,
                                                     uint32_t function_index,
                                                     const std::atomic<bool>* interrupted) {
  const NativeEntry native = native::find_native_routine(code.fingerprints(), function_index);
  Translator first(module, code, function_index, native, FrameReservation{}, interrupted);
  auto compiled = first.run();
  const FrameReservation needed = first.needed();
  if (needed == FrameReservation{}) return compiled;
  // The frame's scratch and constant regions sit below the temporaries, so
  // their sizes must be known before any temporary gets a slot: translate
  // again with them reserved. Translation decisions do not depend on the
  // reservation, so the second pass needs exactly what the first found.
  Translator second(module, code, function_index, native, needed, interrupted);
  compiled = second.run();
  if (!(second.needed() == needed)) {
    throw TranslationError("function " + std::to_string(function_index) +
                           ": translation is not deterministic");
  }
  return compiled;
}

}  // namespace gowasm::interp
