// Validation rules, one family per test: operand stack, control flow and
// unreachable code, select, references, constant expressions, bulk memory
// and the data count, limits, exports and the start function.
#include "validator.h"

#include <gtest/gtest.h>

#include "wasm_builder.h"

namespace gowasm {
namespace {

using namespace test;

// "valid", or the reason validation gave; decode errors are reported as "malformed: ...".
std::string check(const Bytes& bytes) {
  try {
    Module::compile(bytes);
    return "valid";
  } catch (const LoadError& e) {
    return (e.kind() == ErrorKind::Malformed ? "malformed: " : "") + e.reason();
  }
}

std::string check_body(Bytes params, Bytes results, const Bytes& body,
                       std::initializer_list<Bytes> locals = {}) {
  return check(single_function(std::move(params), std::move(results), body, locals));
}

// A module with memory 0, a funcref table with one function and one
// passive data segment announced by a data count section; `body` is
// the body of function 0 of type () -> ().
std::string check_with_memory(const Bytes& body) {
  return check(module(
      {section(1, vec({func_type({}, {})})), section(3, vec({leb_u(0)})),
       section(4, vec({Bytes{FUNCREF, 0x00, 0x01}})), section(5, vec({Bytes{0x00, 0x01}})),
       section(9, vec({cat({leb_u(1), Bytes{0x00}, vec({leb_u(0)})})})), section(12, leb_u(1)),
       section(10, vec({code_entry({}, body)})), section(11, vec({cat({leb_u(1), name("x")})}))}));
}

TEST(OperandStack, NumericSignatures) {
  EXPECT_EQ(check_body({}, {I32}, {0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B}), "valid");
  EXPECT_EQ(check_body({}, {I32}, {0x42, 0x01, 0x41, 0x02, 0x6A, 0x0B}), "type mismatch");
  EXPECT_EQ(check_body({}, {I32}, {0x41, 0x01, 0x6A, 0x0B}), "type mismatch");
  EXPECT_EQ(check_body({}, {}, {0x41, 0x01, 0x0B}), "type mismatch");
  EXPECT_EQ(check_body({}, {I64}, {0x41, 0x01, 0xAC, 0x0B}), "valid");  // i64.extend_i32_s
}

TEST(OperandStack, LocalsAndGlobals) {
  EXPECT_EQ(check_body({I32}, {I64}, {0x20, 0x01, 0x0B}, {cat({leb_u(1), Bytes{I64}})}), "valid");
  EXPECT_EQ(check_body({I32}, {}, {0x20, 0x02, 0x1A, 0x0B}, {cat({leb_u(1), Bytes{I64}})}),
            "unknown local 2");
  EXPECT_EQ(check_body({}, {}, {0x41, 0x00, 0x22, 0x00, 0x1A, 0x0B}, {cat({leb_u(1), Bytes{F32}})}),
            "type mismatch");
  const Bytes immutable_global = section(6, vec({Bytes{I32, 0x00, 0x41, 0x00, 0x0B}}));
  EXPECT_EQ(check(module({section(1, vec({func_type({}, {})})), section(3, vec({leb_u(0)})),
                          immutable_global,
                          section(10, vec({code_entry({}, {0x41, 0x00, 0x24, 0x00, 0x0B})}))})),
            "global is immutable");
  EXPECT_EQ(check_body({}, {}, {0x23, 0x00, 0x1A, 0x0B}), "unknown global 0");
}

TEST(ControlFlow, BlocksBranchesAndLabels) {
  // block (result i32) i32.const 1 br 0 end
  EXPECT_EQ(check_body({}, {I32}, {0x02, I32, 0x41, 0x01, 0x0C, 0x00, 0x0B, 0x0B}), "valid");
  EXPECT_EQ(check_body({}, {}, {0x0C, 0x01, 0x0B}), "unknown label 1");
  // A loop's label takes the loop's parameters, not its results.
  EXPECT_EQ(check_body({}, {I32}, {0x03, I32, 0x0C, 0x00, 0x0B, 0x0B}), "valid");
  // br_table targets must agree in arity.
  EXPECT_EQ(check_body({}, {I32},
                       {0x02, I32, 0x02, 0x40, 0x41, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B,
                        0x41, 0x00, 0x0B, 0x0B}),
            "type mismatch");
}

TEST(ControlFlow, IfWithoutElseMustPassItsParametersThrough) {
  EXPECT_EQ(check_body({}, {I32}, {0x41, 0x01, 0x04, I32, 0x41, 0x02, 0x0B, 0x0B}),
            "type mismatch");
  EXPECT_EQ(
      check_body({}, {I32}, {0x41, 0x01, 0x04, I32, 0x41, 0x02, 0x05, 0x41, 0x03, 0x0B, 0x0B}),
      "valid");
}

TEST(ControlFlow, ElseOutsideIfIsMalformed) {
  EXPECT_EQ(check_body({}, {}, {0x05, 0x0B}), "malformed: END opcode expected");
}

TEST(ControlFlow, BodyMustEndWithEnd) {
  EXPECT_EQ(check_body({}, {}, {0x01}), "malformed: END opcode expected");
  EXPECT_EQ(check_body({}, {}, {0x02, 0x40, 0x01}), "malformed: unexpected end");
  EXPECT_EQ(check_body({}, {}, {0x0B, 0x01}), "malformed: section size mismatch");
}

TEST(Unreachable, StackBecomesPolymorphic) {
  // unreachable; i32.add with nothing on the stack is fine; the result can be returned.
  EXPECT_EQ(check_body({}, {I32}, {0x00, 0x6A, 0x0B}), "valid");
  EXPECT_EQ(check_body({}, {I32}, {0x00, 0x42, 0x00, 0x6A, 0x0B}), "type mismatch");
  // br makes the rest of the block unreachable as well.
  EXPECT_EQ(check_body({}, {}, {0x02, 0x40, 0x0C, 0x00, 0x6A, 0x1A, 0x0B, 0x0B}), "valid");
}

TEST(Select, UntypedOnlyForNumbers) {
  EXPECT_EQ(check_body({}, {I64}, {0x42, 0x01, 0x42, 0x02, 0x41, 0x00, 0x1B, 0x0B}), "valid");
  EXPECT_EQ(check_body({}, {}, {0xD0, FUNCREF, 0xD0, FUNCREF, 0x41, 0x00, 0x1B, 0x1A, 0x0B}),
            "type mismatch");
  EXPECT_EQ(check_body({}, {FUNCREF},
                       {0xD0, FUNCREF, 0xD0, FUNCREF, 0x41, 0x00, 0x1C, 0x01, FUNCREF, 0x0B}),
            "valid");
  EXPECT_EQ(
      check_body({}, {}, {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1C, 0x02, I32, I32, 0x1A, 0x0B}),
      "invalid result arity");
  // In unreachable code an untyped select of unknowns is fine.
  EXPECT_EQ(check_body({}, {I32}, {0x00, 0x1B, 0x0B}), "valid");
}

TEST(References, RefFuncMustBeDeclared) {
  const Bytes type = section(1, vec({func_type({}, {FUNCREF})}));
  const Bytes body = code_entry({}, {0xD2, 0x00, 0x0B});
  EXPECT_EQ(check(module({type, section(3, vec({leb_u(0)})), section(10, vec({body}))})),
            "undeclared function reference");
  const Bytes declarative = section(9, vec({cat({leb_u(3), Bytes{0x00}, vec({leb_u(0)})})}));
  EXPECT_EQ(
      check(module({type, section(3, vec({leb_u(0)})), declarative, section(10, vec({body}))})),
      "valid");
  const Bytes exported = section(7, vec({cat({name("f"), Bytes{0x00, 0x00}})}));
  EXPECT_EQ(check(module({type, section(3, vec({leb_u(0)})), exported, section(10, vec({body}))})),
            "valid");
}

TEST(References, IsNullNeedsAReference) {
  EXPECT_EQ(check_body({}, {I32}, {0xD0, EXTERNREF, 0xD1, 0x0B}), "valid");
  EXPECT_EQ(check_body({}, {I32}, {0x41, 0x00, 0xD1, 0x0B}), "type mismatch");
}

TEST(ConstantExpressions, OnlyConstantInstructions) {
  EXPECT_EQ(
      check(module({section(6, vec({Bytes{I32, 0x00, 0x41, 0x01, 0x41, 0x01, 0x6A, 0x0B}}))})),
      "constant expression required");
  EXPECT_EQ(check(module({section(6, vec({Bytes{I32, 0x00, 0x42, 0x01, 0x0B}}))})),
            "type mismatch");
  EXPECT_EQ(check(module({section(6, vec({Bytes{I32, 0x00, 0x0B}}))})), "type mismatch");
  // A global initialiser may read only imported, immutable globals.
  EXPECT_EQ(check(module({section(6, vec({Bytes{I32, 0x00, 0x41, 0x00, 0x0B},
                                          Bytes{I32, 0x00, 0x23, 0x00, 0x0B}}))})),
            "unknown global 0");
  const Bytes mutable_import =
      section(2, vec({cat({name("m"), name("g"), Bytes{0x03, I32, 0x01}})}));
  EXPECT_EQ(check(module({mutable_import, section(6, vec({Bytes{I32, 0x00, 0x23, 0x00, 0x0B}}))})),
            "constant expression required");
}

TEST(Memory, InstructionsNeedAMemoryAndNaturalAlignment) {
  EXPECT_EQ(check_body({}, {I32}, {0x41, 0x00, 0x28, 0x02, 0x00, 0x0B}), "unknown memory 0");
  EXPECT_EQ(check_with_memory({0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x0B}), "valid");
  EXPECT_EQ(check_with_memory({0x41, 0x00, 0x28, 0x03, 0x00, 0x1A, 0x0B}),
            "alignment must not be larger than natural");
  EXPECT_EQ(check_with_memory({0x41, 0x00, 0x2C, 0x01, 0x00, 0x1A, 0x0B}),
            "alignment must not be larger than natural");
}

TEST(BulkMemory, DataCountRule) {
  // memory.init 0 with a data count section: valid; index past the count: invalid.
  EXPECT_EQ(check_with_memory({0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x0B}),
            "valid");
  EXPECT_EQ(check_with_memory({0xFC, 0x09, 0x01, 0x0B}), "unknown data segment 1");
  // Without a data count section the body cannot be decoded in one pass.
  EXPECT_EQ(check(module({section(1, vec({func_type({}, {})})), section(3, vec({leb_u(0)})),
                          section(10, vec({code_entry({}, {0xFC, 0x09, 0x00, 0x0B})})),
                          section(11, vec({cat({leb_u(1), name("x")})}))})),
            "malformed: data count section required");
}

TEST(Tables, TableAndElementRules) {
  EXPECT_EQ(check_with_memory({0x41, 0x00, 0x25, 0x00, 0x1A, 0x0B}), "valid");
  EXPECT_EQ(check_with_memory({0x41, 0x00, 0x25, 0x01, 0x1A, 0x0B}), "unknown table 1");
  EXPECT_EQ(check_with_memory({0xFC, 0x0D, 0x00, 0x0B}), "valid");
  EXPECT_EQ(check_with_memory({0xFC, 0x0D, 0x01, 0x0B}), "unknown elem segment 1");
  EXPECT_EQ(check_with_memory({0x41, 0x00, 0x11, 0x00, 0x00, 0x0B}), "valid");
  EXPECT_EQ(check_with_memory({0x41, 0x00, 0x11, 0x05, 0x00, 0x0B}), "unknown type 5");
}

TEST(Simd, LaneIndicesAreBounded) {
  const Bytes v128_zero = cat({Bytes{0xFD, 0x0C}, Bytes(16, 0)});
  EXPECT_EQ(check_body({}, {I32}, cat({v128_zero, Bytes{0xFD, 0x1B, 0x03, 0x0B}})), "valid");
  EXPECT_EQ(check_body({}, {I32}, cat({v128_zero, Bytes{0xFD, 0x1B, 0x04, 0x0B}})),
            "invalid lane index");
}

TEST(Limits, MemoryAndTableLimits) {
  EXPECT_EQ(check(module({section(5, vec({cat({Bytes{0x00}, leb_u(65537)})}))})),
            "memory size must be at most 65536 pages (4GiB)");
  EXPECT_EQ(check(module({section(5, vec({Bytes{0x01, 0x02, 0x01}}))})),
            "size minimum must not be greater than maximum");
  EXPECT_EQ(check(module({section(4, vec({Bytes{FUNCREF, 0x01, 0x02, 0x01}}))})),
            "size minimum must not be greater than maximum");
  EXPECT_EQ(check(module({section(5, vec({Bytes{0x00, 0x01}, Bytes{0x00, 0x01}}))})),
            "multiple memories");
}

TEST(ExportsAndStart, Rules) {
  const Bytes type = section(1, vec({func_type({}, {}), func_type({I32}, {})}));
  const Bytes functions = section(3, vec({leb_u(0), leb_u(1)}));
  const Bytes code = section(10, vec({code_entry({}, {0x0B}), code_entry({}, {0x0B})}));
  EXPECT_EQ(check(module({type, functions,
                          section(7, vec({cat({name("a"), Bytes{0x00, 0x00}}),
                                          cat({name("a"), Bytes{0x00, 0x01}})})),
                          code})),
            "duplicate export name");
  EXPECT_EQ(check(module(
                {type, functions, section(7, vec({cat({name("a"), Bytes{0x00, 0x09}})})), code})),
            "unknown function 9");
  EXPECT_EQ(check(module({type, functions, section(8, leb_u(0)), code})), "valid");
  EXPECT_EQ(check(module({type, functions, section(8, leb_u(1)), code})), "start function");
}

TEST(ErrorMessages, NameFunctionAndOffset) {
  try {
    Module::compile(single_function({}, {I32}, {0x42, 0x00, 0x0B}));
    FAIL() << "validated";
  } catch (const LoadError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Invalid);
    EXPECT_EQ(e.where().function_index, 0u);
    // The mismatch shows at the closing `end` (0x1a), where the i64 should have been an i32.
    EXPECT_EQ(std::string(e.what()),
              "invalid module: code section, function 0, offset 0x1a: type mismatch");
  }
}

}  // namespace
}  // namespace gowasm
