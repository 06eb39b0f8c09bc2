// Loads, stores and Go's SP-relative address arithmetic folded into them;
// bulk memory and table instructions. See translator_internal.h.
#include "translator_internal.h"

namespace gowasm::interp {

bool Translator::fold_address_step(Opcode op) {
  const uint32_t h = height() - 1;  // of the top entry
  Operand& top = stack_.back();
  switch (op) {
    case Opcode::I64_EXTEND_I32_U:
      if (compare_produced(top, h)) {
        // A compare's 0 or 1 is already its own extension; the compare
        // stays pending, for an eqz or a branch to fuse with.
      } else if (top.kind == Operand::Kind::Const) {
        top.bits = uint32_t(top.bits);
      } else if (top.kind == Operand::Kind::Local || top.kind == Operand::Kind::Temp) {
        top = Operand{Operand::Kind::Extended,
                      top.kind == Operand::Kind::Local ? top.slot : temp(h), 0};
      } else {
        return false;
      }
      return true;
    case Opcode::I64_ADD: {
      Operand& x = stack_[h - 1];
      const Operand& y = top;
      const bool x_const = x.kind == Operand::Kind::Const, y_const = y.kind == Operand::Kind::Const;
      const auto extended = [](const Operand& o) {
        return o.kind == Operand::Kind::Extended || o.kind == Operand::Kind::ExtendedPlus;
      };
      Operand sum;
      if (x_const && y_const) {
        sum = Operand{Operand::Kind::Const, 0, x.bits + y.bits};
      } else if (extended(x) && y_const) {
        sum = Operand{Operand::Kind::ExtendedPlus, x.slot, x.bits + y.bits};
      } else if (x_const && extended(y)) {
        sum = Operand{Operand::Kind::ExtendedPlus, y.slot, y.bits + x.bits};
      } else {
        return false;
      }
      stack_.pop_back();
      stack_.back() = sum;
      return true;
    }
    case Opcode::I32_WRAP_I64:
      if (top.kind == Operand::Kind::Const) {
        top.bits = uint32_t(top.bits);
      } else if (top.kind == Operand::Kind::Temp || top.kind == Operand::Kind::Local) {
        // Every reader of an i32 reads the low half of its slot: the i64
        // wrapped in place is the i32.
      } else if (top.kind == Operand::Kind::Extended) {
        // wrap(extend_u(x)) is x.
        top = top.slot == temp(h) ? Operand{} : Operand{Operand::Kind::Local, top.slot, 0};
      } else if (top.kind == Operand::Kind::ExtendedPlus) {
        // wrap(extend_u(x) + k) is u32(x + k).
        top = Operand{Operand::Kind::Address, top.slot, uint32_t(top.bits)};
      } else {
        return false;
      }
      return true;
    default: return false;
  }
}

void Translator::translate_numeric(const Instruction& in, const OpEntry& entry) {
  if (fold_address_step(in.opcode)) return;
  switch (entry.shape) {
    case Shape::Unary: {
      if ((in.opcode == Opcode::I32_EQZ || in.opcode == Opcode::I64_EQZ) &&
          invert_pending_compare())
        break;
      const Operand x = pop();
      const uint32_t h = height();
      const uint32_t xs = use(x, h);
      const bool is_eqz = in.opcode == Opcode::I32_EQZ || in.opcode == Opcode::I64_EQZ;
      emit_def(entry.handler, h, xs);
      if (is_eqz) {
        compare_ = PendingCompare{
            code_.size() - 1, in.opcode, xs, 0, 0, false, true, in.opcode == Opcode::I64_EQZ};
      }
      break;
    }
    case Shape::Binary:
    case Shape::BinaryImm: translate_binary(in.opcode, entry); break;
    case Shape::Compare: translate_compare(in.opcode); break;
    case Shape::Load: {
      const Operand address = pop();
      const uint32_t h = height();
      if (address.kind == Operand::Kind::Address) {
        // The _ADDR form adds the constant itself.
        emit_def(entry.folded, h, address.slot,
                 uint32_t(address.bits) | uint64_t(in.memarg.offset) << 32);
      } else {
        emit_def(entry.handler, h, use(address, h), in.memarg.offset);
      }
      break;
    }
    case Shape::Store: {
      const Operand value = pop(), address = pop();
      const uint32_t h = height();
      // A constant i64 that fits 32 bits is stored from the instruction
      // itself: no slot in the constant pool, which every call would copy
      // (Go stores its return addresses this way before each call).
      if (in.opcode == Opcode::I64_STORE && value.kind == Operand::Kind::Const &&
          value.bits <= UINT32_MAX && address.kind != Operand::Kind::Address) {
        emit(Handler::I64_STORE_IMM, use(address, h), uint32_t(value.bits), in.memarg.offset);
        break;
      }
      const uint32_t vs = use(value, h + 1);
      if (address.kind == Operand::Kind::Address) {
        emit(entry.folded, address.slot, vs,
             uint32_t(address.bits) | uint64_t(in.memarg.offset) << 32);
      } else {
        emit(entry.handler, use(address, h), vs, in.memarg.offset);
      }
      break;
    }
    case Shape::None: break;
  }
}

void Translator::translate_bulk(const Instruction& in) {
  // Rare instructions take their operands in consecutive canonical slots.
  auto operands = [&](uint32_t count) {
    const uint32_t first = height() - count;
    materialize_from(first);
    stack_.resize(first);
    return first;
  };
  switch (in.opcode) {
    case Opcode::MEMORY_FILL: emit(Handler::MEMORY_FILL, temp(operands(3))); break;
    case Opcode::MEMORY_COPY: emit(Handler::MEMORY_COPY, temp(operands(3))); break;
    case Opcode::MEMORY_INIT: emit(Handler::MEMORY_INIT, temp(operands(3)), 0, in.index); break;
    case Opcode::DATA_DROP: emit(Handler::DATA_DROP, 0, 0, in.index); break;
    case Opcode::TABLE_SET: emit(Handler::TABLE_SET, temp(operands(2)), 0, in.index); break;
    case Opcode::TABLE_GROW: {
      // Not emit_def: the result slot is also an operand, so it must never
      // be retargeted to a local.
      const uint32_t first = operands(2);
      emit(Handler::TABLE_GROW, temp(first), 0, in.index);
      push_temp(first);
      break;
    }
    case Opcode::TABLE_FILL: emit(Handler::TABLE_FILL, temp(operands(3)), 0, in.index); break;
    case Opcode::TABLE_COPY:
      emit(Handler::TABLE_COPY, temp(operands(3)), 0, in.index);
      emit(Handler::HALT, 0, 0, in.index2);  // operand cell, never executed
      break;
    case Opcode::TABLE_INIT:
      emit(Handler::TABLE_INIT, temp(operands(3)), in.index, in.index2);
      break;
    case Opcode::ELEM_DROP: emit(Handler::ELEM_DROP, 0, 0, in.index); break;
    default: break;
  }
}

}  // namespace gowasm::interp
