// Fusion: a compare absorbed by the branch or select that consumes it, eqz
// folded into the compare before it, results retargeted to the local that
// stores them, constant operands as immediates. See translator_internal.h.
#include "translator_internal.h"

namespace gowasm::interp {

bool Translator::invert_pending_compare() {
  // eqz(x < y) is x >= y: rewrite the integer compare that was just emitted
  // for the top temporary, so that a branch or select can still fuse with it.
  const uint32_t h = height() - 1;
  if (!compare_produced(stack_.back(), h)) return false;
  if (compare_.is_eqz) {
    // eqz(eqz(x)) is x != 0: Go's bool round trip, i64.eqz(i64.extend_i32_u(i64.eqz(x))).
    const Opcode ne = compare_.eqz_64 ? Opcode::I64_NE : Opcode::I32_NE;
    code_.back().handler = handler_address(compare_forms(ne).imm);
    code_.back().c = 0;
    compare_.opcode = ne;
    compare_.imm = 0;
    compare_.has_imm = true;
    compare_.is_eqz = false;
    return true;
  }
  const Opcode inverse = compare_forms(compare_.opcode).inverse;
  const CompareForms forms = compare_forms(inverse);
  code_.back().handler =
      handler_address(compare_.has_imm ? forms.imm : kOps[size_t(inverse)].handler);
  compare_.opcode = inverse;
  return true;
}

void Translator::translate_select() {
  Operand c = pop(), y = pop(), x = pop();
  const uint32_t h = height();
  // A condition computed by the instruction just emitted fuses with it.
  const bool fuse = compare_produced(c, h + 2);
  if (!fuse) {
    const uint32_t xs = use(x, h), ys = use(y, h + 1), cs = use(c, h + 2);
    emit_def(Handler::SELECT, h, cs, xs | uint64_t(ys) << 32);
    return;
  }
  const PendingCompare pending = compare_;
  code_.pop_back();
  seal();
  if (pending.is_eqz) {
    // select(x, y, eqz(v)) is select(y, x, v).
    const uint32_t xs = use(x, h), ys = use(y, h + 1);
    emit_def(pending.eqz_64 ? Handler::SELECT_I64 : Handler::SELECT, h, pending.x,
             ys | uint64_t(xs) << 32);
    return;
  }
  const uint32_t xs = use(x, h), ys = use(y, h + 1);
  const CompareForms forms = compare_forms(pending.opcode);
  emit_def(pending.has_imm ? forms.select_imm : forms.select, h, pending.x,
           pending.has_imm ? pending.imm : pending.y, xs | uint64_t(ys) << 32);
}

void Translator::set_local(uint32_t index, bool keep) {
  const Operand value = pop();
  const uint32_t value_height = height();
  const bool retarget = value.kind == Operand::Kind::Temp && last_defines(value_height);
  // Entries that still read the local's old value get their own copy first.
  // When the value's producer is the last instruction, the copies go in
  // before it: they write temporaries below the value's height, which the
  // producer does not read, and the producer can then write the local.
  std::vector<Instr> producer;
  if (retarget) {
    producer.assign(code_.begin() + ptrdiff_t(last_def_), code_.end());
    code_.resize(last_def_);
  }
  for (uint32_t h = 0; h < height(); ++h) {
    if (stack_[h].reads(index)) materialize(h);
  }
  if (retarget) {
    producer.front().a = index;
    code_.insert(code_.end(), producer.begin(), producer.end());
    seal();
  } else {
    emit_value(value, index, value_height);
  }
  if (keep) push(Operand{Operand::Kind::Local, index, 0});
}

void Translator::translate_compare(Opcode op) {
  Operand y = pop(), x = pop();
  const uint32_t h = height();
  // Operands keep the height they stood at: a temporary's slot depends on it.
  uint32_t xh = h, yh = h + 1;
  const CompareForms forms = compare_forms(op);
  if (x.kind == Operand::Kind::Const && y.kind != Operand::Kind::Const) {
    std::swap(x, y);
    std::swap(xh, yh);
    op = forms.mirror;
  }
  const CompareForms f = compare_forms(op);
  PendingCompare pending{kNone, op};
  if (y.kind == Operand::Kind::Const) {
    const uint64_t imm = is_i64_compare(op) ? y.bits : uint32_t(y.bits);
    pending.x = use(x, xh);
    pending.imm = imm;
    // Fused branches carry the immediate in 32 bits: i64 constants must fit.
    pending.has_imm = !is_i64_compare(op) || int64_t(imm) == int64_t(int32_t(imm));
    if (pending.has_imm) {
      emit_def(f.imm, h, pending.x, imm);
    } else {
      pending.y = use(y, yh);
      emit_def(kOps[size_t(op)].handler, h, pending.x, pending.y);
    }
  } else {
    pending.x = use(x, xh);
    pending.y = use(y, yh);
    emit_def(kOps[size_t(op)].handler, h, pending.x, pending.y);
  }
  pending.code_index = code_.size() - 1;
  compare_ = pending;
}

void Translator::translate_binary(Opcode op, const OpEntry& entry) {
  const Operand y = pop(), x = pop();
  const uint32_t h = height();
  if (entry.shape == Shape::BinaryImm) {
    if (x.kind == Operand::Kind::Const && y.kind != Operand::Kind::Const && is_commutative(op)) {
      emit_def(entry.folded, h, use(y, h + 1), x.bits);
      return;
    }
    if (y.kind == Operand::Kind::Const) {
      const uint32_t xs = use(x, h);
      emit_def(entry.folded, h, xs, y.bits);
      return;
    }
  }
  const uint32_t xs = use(x, h);
  const uint32_t ys = use(y, h + 1);
  emit_def(entry.handler, h, xs, ys);
}

// Go moves its stack pointer in a local and in global 0 at once:
//   (global.set $sp (local.tee $sp (i32.add/sub (local.get $sp) (i32.const k))))
// One I32_ADD_IMM_SET_GLOBAL does both; two in a row on the same local
// and global (a function's epilogue) become one.
void Translator::translate_global_set(uint32_t global) {
  const Operand value = pop();
  const uint32_t src = use(value, height());
  Instr* add = last_if(Handler::I32_ADD_IMM);
  Instr* sub = add ? nullptr : last_if(Handler::I32_SUB_IMM);
  Instr* step = add ? add : sub;
  if (!step || step->a != src) {
    emit(Handler::GLOBAL_SET, 0, src, global);
    return;
  }
  uint32_t delta = add ? uint32_t(step->c) : uint32_t(0) - uint32_t(step->c);
  const size_t n = code_.size();
  if (n >= 2 && in_block(n - 2) && step->a == step->b) {
    const Instr& before = code_[n - 2];
    if (before.handler == handler_address(Handler::I32_ADD_IMM_SET_GLOBAL) && before.a == step->a &&
        before.b == step->a && before.c >> 32 == global) {
      delta += uint32_t(before.c);
      code_.pop_back();
      step = &code_.back();
    }
  }
  *step = Instr{handler_address(Handler::I32_ADD_IMM_SET_GLOBAL), step->a, step->b,
                delta | uint64_t(global) << 32};
  seal();
}

// Go moves values between its stack and registers with runs of 64-bit
// loads and stores. Once the code is complete, two such accesses in a row
// become one pair handler (the second keeps its operands in what becomes
// its operand cell), unless a branch lands on the second.
void Translator::fuse_pairs() {
  std::vector<bool> landing(code_.size() + 1);
  for (size_t site : branch_sites_) {
    landing[code_[site].c] = true;
    landing[final_target(code_[site].c)] = true;
  }
  for (const JumpTable& table : jump_tables_) {
    for (size_t t : table.targets) landing[t] = landing[final_target(t)] = true;
  }
  // The accesses by role: 0 none, 1 I64_LOAD, 2 I64_STORE, 3 I64_STORE_ADDR;
  // and the pair handler of each (first, second) role, or kCount for none.
  const void* const load = handler_address(Handler::I64_LOAD);
  const void* const store = handler_address(Handler::I64_STORE);
  const void* const store_addr = handler_address(Handler::I64_STORE_ADDR);
  const auto role = [&](const void* h) {
    return h == load ? 1 : h == store ? 2 : h == store_addr ? 3 : 0;
  };
  constexpr Handler N = Handler::kCount;
  static constexpr Handler kFused[4][4] = {
      {N, N, N, N},
      {N, Handler::I64_LOAD_I64_LOAD, Handler::I64_LOAD_I64_STORE,
       Handler::I64_LOAD_I64_STORE_ADDR},
      {N, Handler::I64_STORE_I64_LOAD, Handler::I64_STORE_I64_STORE, N},
      {N, N, N, Handler::I64_STORE_ADDR_I64_STORE_ADDR},
  };
  const void* const cell = handler_address(Handler::HALT);
  for (size_t i = 0; i + 1 < code_.size(); ++i) {
    const int first = role(code_[i].handler);
    if (!first || landing[i + 1]) continue;
    const Handler fused = kFused[first][role(code_[i + 1].handler)];
    if (fused == N) continue;
    code_[i].handler = handler_address(fused);
    code_[i + 1].handler = cell;  // an operand cell now
    ++i;
  }
}

}  // namespace gowasm::interp
