// Structured control flow: blocks and their labels, if/else, branches
// (with jump threading), br_table, return and calls. See translator_internal.h.
#include <algorithm>

#include "runtime.h"
#include "translator_internal.h"

namespace gowasm::interp {

// Jump threading: a branch to an unconditional branch goes straight to its
// target (loop back-edges after a skipped block exit, landing pads without
// copies). Bounded, in case of a cycle of branches (an empty infinite loop).
size_t Translator::final_target(size_t target) const {
  const void* br = handler_address(Handler::BR);
  for (int hops = 0; hops < 8 && code_[target].handler == br; ++hops) target = code_[target].c;
  return target;
}

Translator::BlockArity Translator::block_arity(const BlockType& type) const {
  switch (type.kind) {
    case BlockType::Kind::Empty: return {0, 0};
    case BlockType::Kind::Value: return {0, 1};
    case BlockType::Kind::TypeIndex:
      return {uint32_t(module_.types[type.type_index].params.size()),
              uint32_t(module_.types[type.type_index].results.size())};
  }
  return {0, 0};
}

void Translator::enter_block(Opcode opcode, const BlockType& type) {
  const auto [params, results] = block_arity(type);
  materialize_all();
  barrier();
  Label l{opcode, height() - params, params, results};
  if (opcode == Opcode::LOOP) l.loop_start = code_.size();
  labels_.push_back(std::move(l));
}

size_t Translator::emit_conditional_branch(const Operand& condition, uint32_t condition_height,
                                           bool when_true) {
  // Fuse with the compare that produced the condition, if it was the last
  // instruction emitted and its result is this operand.
  if (compare_produced(condition, condition_height)) {
    const PendingCompare c = compare_;
    code_.pop_back();
    seal();
    if (c.is_eqz) {
      // eqz(x) is true when x is zero.
      const Handler h = when_true ? (c.eqz_64 ? Handler::BR_UNLESS_I64 : Handler::BR_UNLESS)
                                  : (c.eqz_64 ? Handler::BR_IF_I64 : Handler::BR_IF);
      return emit(h, 0, c.x);
    }
    const CompareForms forms =
        compare_forms(when_true ? c.opcode : compare_forms(c.opcode).inverse);
    if (c.has_imm) return emit(forms.branch_imm, c.x, uint32_t(c.imm));
    if (forms.branch == Handler::BR_IF_I32_GT_U && fuse_stack_check(c.x, c.y)) {
      return code_.size() - 1;
    }
    return emit(forms.branch, c.x, c.y);
  }
  if (condition.kind == Operand::Kind::Const && (uint32_t(condition.bits) != 0) == when_true) {
    return emit(Handler::BR);  // always taken
  }
  const uint32_t slot = use(condition, condition_height);
  // After each call, Go reloads its stack pointer and leaves when the
  // callee asks to unwind: (local.set $sp (global.get $sp)) (br_if $exit).
  // One GLOBAL_GET_BR_IF does both. (Only for branches taken when true,
  // which translate_if never moves.)
  if (Instr* get = last_if(Handler::GLOBAL_GET); get && when_true && get->a != slot) {
    if (const auto packed = slot_and_global(slot, get->c)) {
      *get = Instr{handler_address(Handler::GLOBAL_GET_BR_IF), get->a, *packed, 0};
      seal();
      return code_.size() - 1;
    }
  }
  return emit(when_true ? Handler::BR_IF : Handler::BR_UNLESS, 0, slot);
}

void Translator::translate_if(const Instruction& in) {
  const auto [params, results] = block_arity(in.block);
  const Operand condition = pop();
  const uint32_t condition_height = height();
  // The branch to the else part must come before the stack is made
  // canonical, or the compare feeding it would no longer be the last
  // instruction; canonicalising first is safe because it never writes the
  // compare's operand slots (they stand at or above the condition's height).
  const size_t else_branch = emit_conditional_branch(condition, condition_height, false);
  // Moving the branch after the canonicalisation: emit copies, then re-emit.
  const Instr branch = code_[else_branch];
  code_.pop_back();
  materialize_all();
  Label l{Opcode::IF, height() - params, params, results};
  if (params > 0) {
    // The else part needs the parameters after the then part has used their
    // slots: save them, on both paths, before branching.
    l.saved_params = locals_ + scratch_used_;
    scratch_used_ += params;
    if (scratch_used_ <= reserved_.scratch) {
      for (uint32_t i = 0; i < params; ++i) {
        emit(Handler::COPY, l.saved_params + i, temp(l.base + i));
      }
    }
  }
  code_.push_back(branch);
  barrier();
  l.else_branch = code_.size() - 1;
  branch_sites_.push_back(l.else_branch);
  labels_.push_back(std::move(l));
}

void Translator::translate_else() {
  Label& l = labels_.back();
  if (!unreachable_) {
    copy_top_to(temp(l.base), l.result_count);
    const size_t index = emit(Handler::BR);
    branch_sites_.push_back(index);
    l.forward_branches.push_back(index);
  }
  code_[l.else_branch].c = code_.size();
  stack_.resize(l.base);
  for (uint32_t i = 0; i < l.param_count; ++i) {
    push(Operand{Operand::Kind::Local, l.saved_params + i, 0});
  }
  l.opcode = Opcode::ELSE;
  unreachable_ = false;
  barrier();
}

void Translator::translate_end() {
  Label l = std::move(labels_.back());
  labels_.pop_back();
  if (labels_.empty()) {
    // The function's own end: return. Branches to the function's label left
    // the results in the temporaries of heights 0..n-1; their landing moves
    // them to slots 0..n-1 and returns.
    if (!unreachable_) translate_return();
    if (!l.forward_branches.empty()) {
      for (size_t index : l.forward_branches) code_[index].c = code_.size();
      for (uint32_t i = 0; i < l.result_count; ++i) {
        if (temp(i) != i) emit(Handler::COPY, i, temp(i));
      }
      emit(Handler::RETURN);
    }
    return;
  }
  if (!unreachable_) copy_top_to(temp(l.base), l.result_count);
  const size_t end = code_.size();
  for (size_t index : l.forward_branches) code_[index].c = end;
  if (l.opcode == Opcode::IF) code_[l.else_branch].c = end;  // no else: parameters pass through
  stack_.resize(l.base);
  for (uint32_t i = 0; i < l.result_count; ++i) push(Operand{});
  unreachable_ = false;
  barrier();
}

void Translator::translate_br(uint32_t depth) {
  Label& l = label(depth);
  copy_top_to(temp(l.base), l.arity());
  if (!emit_static_jump(l)) emit_branch(Handler::BR, 0, 0, l);
  unreachable_ = true;
}

// Go's jumps inside a function: `(local.set $pc (i32.const k)) (br $loop)`
// to a loop that begins `(br_table (local.get $pc) ...)`. Where the br_table
// will go is known now: the CONST and the BR become one CONST_BR to the
// k-th target, which saves the dispatch of the BR and of the br_table (the
// least predictable jump there is). The local is still written, for any
// later reader. Only when the CONST is in the same basic block as the
// branch: no other path may reach the BR without it.
bool Translator::emit_static_jump(const Label& loop) {
  if (loop.opcode != Opcode::LOOP || code_.size() <= block_start_) return false;
  const Instr& set = code_.back();
  if (set.handler != handler_address(Handler::CONST) || set.c > UINT32_MAX) return false;
  const Instr& head = code_[loop.loop_start];
  if (loop.loop_start >= code_.size() - 1 || head.handler != handler_address(Handler::BR_TABLE) ||
      head.b != set.a) {
    return false;
  }
  const auto table =
      std::find_if(jump_tables_.begin(), jump_tables_.end(),
                   [&](const JumpTable& t) { return t.instruction == loop.loop_start; });
  if (table == jump_tables_.end()) return false;
  const size_t k = std::min<size_t>(set.c, table->targets.size() - 1);
  code_.back() =
      Instr{handler_address(Handler::CONST_BR), set.a, uint32_t(set.c), table->targets[k]};
  branch_sites_.push_back(code_.size() - 1);
  barrier();
  return true;
}

// Go's stack guard at every function entry: branch on past morestack when
//   (i32.le_u (local.get $sp) (i32.load offset=16 (i32.wrap_i64 (global.get $g))))
// which is GLOBAL_GET, I32_LOAD and BR_IF_I32_GT_U here: one GO_STACK_CHECK,
// when the slots, global and offset fit its packed operand b.
bool Translator::fuse_stack_check(uint32_t sp, uint32_t limit) {
  const size_t n = code_.size();
  if (n < 2 || !in_block(n - 2)) return false;
  const Instr &get = code_[n - 2], &load = code_[n - 1];
  if (get.handler != handler_address(Handler::GLOBAL_GET) ||
      load.handler != handler_address(Handler::I32_LOAD) || get.a != limit || load.a != limit ||
      load.b != limit || limit > 0xFFFF || get.c > 0xFF || load.c > 0xFF) {
    return false;
  }
  const uint32_t packed = limit | uint32_t(get.c) << 16 | uint32_t(load.c) << 24;
  code_.resize(n - 2);
  emit(Handler::GO_STACK_CHECK, sp, packed);
  return true;
}

void Translator::translate_br_if(uint32_t depth) {
  const Operand condition = pop();
  const uint32_t condition_height = height();
  Label& target_label = label(depth);
  if (values_in_place(target_label)) {
    const size_t index = emit_conditional_branch(condition, condition_height, true);
    target(index, target_label);
    return;
  }
  // Values must move first: skip the move and the branch when not taken.
  const size_t skip = emit_conditional_branch(condition, condition_height, false);
  branch_sites_.push_back(skip);
  copy_top_to(temp(target_label.base), target_label.arity());
  emit_branch(Handler::BR, 0, 0, target_label);
  code_[skip].c = code_.size();
  barrier();
}

void Translator::translate_br_table(const Instruction& in) {
  const Operand index = pop();
  const uint32_t index_slot = use(index, height());
  const size_t table_instr = emit(Handler::BR_TABLE, uint32_t(in.targets.size() - 1), index_slot);
  std::vector<size_t> targets(in.targets.size());
  for (size_t i = 0; i < in.targets.size(); ++i) {
    Label& l = label(in.targets[i]);
    if (values_in_place(l)) {
      if (l.opcode == Opcode::LOOP) {
        targets[i] = l.loop_start;
        continue;
      }
    }
    // A landing pad: move the values (if any) and branch.
    targets[i] = code_.size();
    copy_top_to(temp(l.base), l.arity());
    emit_branch(Handler::BR, 0, 0, l);
  }
  skip_resume_table(table_instr, targets.front());
  jump_tables_.push_back(JumpTable{table_instr, std::move(targets)});
  unreachable_ = true;
}

// Every Go function begins (global.get $sp) (local.set $sp), then the
// br_table that dispatches on the resume point, which is 0 on an ordinary
// call. A GLOBAL_GET just before a br_table becomes a GLOBAL_GET_BR_UNLESS
// to the table's first target, skipping the table on that common entry.
// Whatever else reaches the table (Go's jumps to the loop around it) still
// takes it; an index other than 0 costs what it did.
void Translator::skip_resume_table(size_t table_instr, size_t first_target) {
  if (table_instr == 0) return;
  Instr& get = code_[table_instr - 1];
  const uint32_t index_slot = code_[table_instr].b;
  if (get.handler != handler_address(Handler::GLOBAL_GET) || get.a == index_slot) return;
  const auto packed = slot_and_global(index_slot, get.c);
  if (!packed) return;
  get = Instr{handler_address(Handler::GLOBAL_GET_BR_UNLESS), get.a, *packed, first_target};
  branch_sites_.push_back(table_instr - 1);
}

void Translator::translate_return() {
  const uint32_t n = uint32_t(type_.results.size());
  // Results go to slots 0..n-1; a source in one of those slots that an
  // earlier copy would overwrite is moved to its temporary first.
  for (uint32_t i = 0; i < n; ++i) {
    const Operand& op = stack_[height() - n + i];
    if (op.kind != Operand::Kind::Temp && op.kind != Operand::Kind::Const && op.slot < n &&
        !(op.kind == Operand::Kind::Local && op.slot == i)) {
      materialize_from(height() - n);
      break;
    }
  }
  copy_top_to(0, n);
  emit_return();
  unreachable_ = true;
}

// A return of a constant is one RETURN_CONST; Go's (which returns 0 after
// moving its stack pointer back) is one GO_RETURN.
void Translator::emit_return() {
  Instr* value = last_if(Handler::CONST);
  if (!value || value->c > UINT32_MAX) {
    emit(Handler::RETURN);
    return;
  }
  const size_t n = code_.size();
  if (n >= 2 && in_block(n - 2)) {
    const Instr& adjust = code_[n - 2];
    if (adjust.handler == handler_address(Handler::I32_ADD_IMM_SET_GLOBAL) &&
        adjust.a == adjust.b && value->a == 0) {
      const Instr go_return{handler_address(Handler::GO_RETURN), adjust.a, uint32_t(value->c),
                            adjust.c};
      code_.resize(n - 2);
      code_.push_back(go_return);
      seal();
      return;
    }
  }
  *value = Instr{handler_address(Handler::RETURN_CONST), value->a, 0, value->c};
  seal();
}

void Translator::translate_call(uint32_t callee_index) {
  const FuncType& callee = module_.function_type(callee_index);
  const uint32_t args = uint32_t(callee.params.size());
  const uint32_t first = height() - args;
  materialize_from(first);
  // An imported function belongs to the host or another instance.
  if (callee_index < module_.imported_function_count()) {
    emit(Handler::CALL_EXTERNAL, temp(first), 0, callee_index);
  } else if (!emit_go_call(temp(first), code_of_module_.function_at(callee_index))) {
    emit(Handler::CALL, temp(first), 0,
         reinterpret_cast<uintptr_t>(&code_of_module_.function_at(callee_index)));
  }
  stack_.resize(first);
  for (size_t i = 0; i < callee.results.size(); ++i) push(Operand{});
}

// Go's call sequence: push the return address on Go's stack, then call
// with resume point 0:
//   (global.set $sp (local.tee $sp (i32.sub (local.get $sp) (i32.const 8))))
//   (i64.store (local.get $sp) (i64.const RETURN_PC))
//   (call $f (i32.const 0))
// which is I32_ADD_IMM_SET_GLOBAL, I64_STORE_IMM, CONST and CALL here: one
// GO_CALL instead (its operand cell holds the return address, the global
// and the adjustment).
bool Translator::emit_go_call(uint32_t frame, const FunctionCode& callee) {
  const size_t n = code_.size();
  if (n < 3 || !in_block(n - 3)) return false;
  const Instr &adjust = code_[n - 3], &store = code_[n - 2], &zero = code_[n - 1];
  if (adjust.handler != handler_address(Handler::I32_ADD_IMM_SET_GLOBAL) || adjust.a != adjust.b ||
      store.handler != handler_address(Handler::I64_STORE_IMM) || store.a != adjust.a ||
      store.c != 0 || zero.handler != handler_address(Handler::CONST) || zero.a != frame ||
      zero.c != 0) {
    return false;
  }
  const Instr cell{handler_address(Handler::HALT), store.b, uint32_t(adjust.c >> 32),
                   uint32_t(adjust.c)};
  code_.resize(n - 3);
  emit(Handler::GO_CALL, frame, adjust.a, reinterpret_cast<uintptr_t>(&callee));
  code_.push_back(cell);  // operand cell, never executed
  return true;
}

void Translator::translate_call_indirect(const Instruction& in) {
  const FuncType& callee = module_.types[in.index];
  const uint32_t args = uint32_t(callee.params.size());
  const uint32_t first = height() - args - 1;
  materialize_from(first);
  emit(Handler::CALL_INDIRECT, temp(first), temp(first + args), in.index2);
  emit(Handler::HALT, intern_function_type(callee));  // operand cell, never executed
  stack_.resize(first);
  for (size_t i = 0; i < callee.results.size(); ++i) push(Operand{});
}

}  // namespace gowasm::interp
