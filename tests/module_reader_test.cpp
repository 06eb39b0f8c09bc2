// Section decoding: header, order and sizes, and each section's contents.
#include "module_reader.h"

#include <gtest/gtest.h>

#include "wasm_builder.h"

namespace gowasm {
namespace {

using namespace test;

Module decode(const Bytes& bytes) {
  return Module::decode(bytes);
}

LoadError decode_error(const Bytes& bytes) {
  try {
    Module::decode(bytes);
  } catch (const LoadError& e) {
    return e;
  }
  ADD_FAILURE() << "module decoded";
  return LoadError(ErrorKind::Invalid, "", {});
}

std::string malformed(const Bytes& bytes) {
  const LoadError e = decode_error(bytes);
  EXPECT_EQ(e.kind(), ErrorKind::Malformed);
  return e.reason();
}

const Bytes kEmptyType = func_type({}, {});
const Bytes kEmptyBody = code_entry({}, {0x0B});

TEST(Header, EmptyModuleDecodes) {
  const Module m = decode(module({}));
  EXPECT_EQ(m.function_count(), 0u);
  EXPECT_TRUE(m.sections.empty());
}

TEST(Header, MagicAndVersionAreChecked) {
  EXPECT_EQ(malformed({}), "unexpected end");
  EXPECT_EQ(malformed({0x00, 0x61, 0x73}), "unexpected end");
  EXPECT_EQ(malformed({0x00, 0x61, 0x73, 0x6E, 1, 0, 0, 0}), "magic header not detected");
  EXPECT_EQ(malformed({0x00, 0x61, 0x73, 0x6D, 1, 0}), "unexpected end");
  EXPECT_EQ(malformed({0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0}), "unknown binary version");
}

TEST(Sections, UnknownIdIsMalformed) {
  EXPECT_EQ(malformed(module({section(13, {})})), "malformed section id");
}

TEST(Sections, OrderIsEnforcedButCustomSectionsGoAnywhere) {
  EXPECT_EQ(malformed(module({section(3, vec({})), section(1, vec({}))})),
            "unexpected content after last section");
  EXPECT_EQ(malformed(module({section(1, vec({})), section(1, vec({}))})),
            "unexpected content after last section");
  // The data count section sits between element and code.
  EXPECT_NO_THROW(
      decode(module({section(9, vec({})), section(12, leb_u(0)), section(10, vec({}))})));
  EXPECT_EQ(malformed(module({section(10, vec({})), section(12, leb_u(0))})),
            "unexpected content after last section");
  EXPECT_NO_THROW(
      decode(module({section(0, name("a")), section(1, vec({})), section(0, name("b"))})));
}

TEST(Sections, SizeMustMatchContents) {
  // A type section whose declared size leaves a byte unread.
  EXPECT_EQ(malformed(module({section(1, cat({vec({kEmptyType}), Bytes{0x00}}))})),
            "section size mismatch");
  // A section size past the end of the file.
  EXPECT_EQ(malformed(module({Bytes{0x01, 0x10, 0x00}})), "length out of bounds");
}

TEST(Sections, HugeLengthInTinyFileIsAnErrorNotAnAllocation) {
  // A function section claiming 2^32-1 functions in a 100-byte file: the
  // reader runs out of bytes after a few, having reserved no more than it read.
  Bytes bytes = module({Bytes{0x03, 0x5A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}});
  bytes.resize(100, 0);
  EXPECT_EQ(malformed(bytes), "unexpected end of section or function");
  // The same for a data segment whose length is 4 GiB.
  EXPECT_EQ(malformed(module({section(11, Bytes{0x01, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00})})),
            "unexpected end of section or function");
}

TEST(TypeSection, FunctionTypesDecode) {
  const Module m = decode(
      module({section(1, vec({func_type({I32, I64}, {F32}), func_type({}, {V128, EXTERNREF})}))}));
  ASSERT_EQ(m.types.size(), 2u);
  EXPECT_EQ(m.types[0].to_string(), "(i32, i64) -> (f32)");
  EXPECT_EQ(m.types[1].to_string(), "() -> (v128, externref)");
}

TEST(TypeSection, BadValueTypeIsMalformed) {
  EXPECT_EQ(malformed(module({section(1, vec({func_type({0x7A}, {})}))})), "malformed value type");
}

TEST(ImportSection, AllKindsDecodeAndExtendIndexSpaces) {
  const Module m = decode(module({
      section(1, vec({func_type({I32}, {})})),
      section(2, vec({cat({name("env"), name("f"), Bytes{0x00}, leb_u(0)}),
                      cat({name("env"), name("t"), Bytes{0x01, FUNCREF, 0x01, 0x02, 0x10}}),
                      cat({name("env"), name("m"), Bytes{0x02, 0x00, 0x01}}),
                      cat({name("env"), name("g"), Bytes{0x03, I64, 0x01}})})),
  }));
  ASSERT_EQ(m.imports.size(), 4u);
  EXPECT_EQ(m.imported_function_count(), 1u);
  EXPECT_EQ(m.function_type(0).to_string(), "(i32) -> ()");
  EXPECT_EQ(m.table_type(0).limits, (Limits{2, 16}));
  EXPECT_EQ(m.memory_type(0).limits, (Limits{1, std::nullopt}));
  EXPECT_TRUE(m.global_type(0).is_mutable);
  EXPECT_EQ(m.global_type(0).type, ValType::I64);
  EXPECT_EQ(m.imports[3].module, "env");
  EXPECT_EQ(m.imports[3].name, "g");
}

TEST(ImportSection, BadKindAndMutabilityAreMalformed) {
  EXPECT_EQ(malformed(module({section(2, vec({cat({name("a"), name("b"), Bytes{0x04, 0x00}})}))})),
            "malformed import kind");
  EXPECT_EQ(
      malformed(module({section(2, vec({cat({name("a"), name("b"), Bytes{0x03, I32, 0x02}})}))})),
      "malformed mutability");
}

TEST(LimitsEncoding, FlagsAboveOneAreMalformed) {
  EXPECT_EQ(malformed(module({section(5, vec({Bytes{0x02, 0x00, 0x00}}))})), "integer too large");
}

TEST(FunctionAndCode, CountsMustAgree) {
  EXPECT_EQ(malformed(module({section(1, vec({kEmptyType})), section(3, vec({leb_u(0)}))})),
            "function and code section have inconsistent lengths");
  EXPECT_EQ(malformed(module({section(1, vec({kEmptyType})), section(3, vec({leb_u(0)})),
                              section(10, vec({kEmptyBody, kEmptyBody}))})),
            "function and code section have inconsistent lengths");
}

TEST(FunctionAndCode, LocalsAndBodyRange) {
  const Bytes body{0x41, 0x07, 0x1A, 0x0B};
  const Module m = decode(module(
      {section(1, vec({kEmptyType})), section(3, vec({leb_u(0)})),
       section(10, vec({code_entry({cat({leb_u(3), Bytes{I32}}), cat({leb_u(2), Bytes{F64}})},
                                   body)}))}));
  ASSERT_EQ(m.functions.size(), 1u);
  const Function& f = m.functions[0];
  EXPECT_EQ(f.local_count, 5u);
  ASSERT_EQ(f.locals.size(), 2u);
  EXPECT_EQ(f.locals[1].type, ValType::F64);
  const auto bytes = m.bytes(f.body);
  EXPECT_EQ(Bytes(bytes.begin(), bytes.end()), body);
}

TEST(FunctionAndCode, TooManyLocals) {
  const Bytes run = cat({leb_u(0xFFFFFFFF), Bytes{I32}});
  EXPECT_EQ(malformed(module({section(1, vec({kEmptyType})), section(3, vec({leb_u(0)})),
                              section(10, vec({code_entry({run, run}, {0x0B})}))})),
            "too many locals");
}

TEST(GlobalSection, InitialiserIsKeptAsBytes) {
  const Module m = decode(module({section(6, vec({Bytes{I32, 0x00, 0x41, 0x2A, 0x0B}}))}));
  ASSERT_EQ(m.globals.size(), 1u);
  const auto init = m.bytes(m.globals[0].init.code);
  EXPECT_EQ(Bytes(init.begin(), init.end()), (Bytes{0x41, 0x2A, 0x0B}));
}

TEST(ExportAndStart, Decode) {
  const Module m = decode(module({section(1, vec({kEmptyType})), section(3, vec({leb_u(0)})),
                                  section(7, vec({cat({name("main"), Bytes{0x00, 0x00}})})),
                                  section(8, leb_u(0)), section(10, vec({kEmptyBody}))}));
  ASSERT_NE(m.find_export("main"), nullptr);
  EXPECT_EQ(m.find_export("main")->kind, ExternKind::Function);
  EXPECT_EQ(m.find_export("absent"), nullptr);
  EXPECT_EQ(m.start, 0u);
}

TEST(ElementSection, AllEightEncodings) {
  const Bytes offset{0x41, 0x00, 0x0B};
  const Bytes ref_func0{0xD2, 0x00, 0x0B};
  const Module m = decode(module({section(
      9,
      vec({cat({leb_u(0), offset, vec({leb_u(0)})}),                         // 0: active, table 0
           cat({leb_u(1), Bytes{0x00}, vec({leb_u(0), leb_u(0)})}),          // 1: passive
           cat({leb_u(2), leb_u(1), offset, Bytes{0x00}, vec({leb_u(0)})}),  // 2: active, table 1
           cat({leb_u(3), Bytes{0x00}, vec({leb_u(0)})}),                    // 3: declarative
           cat({leb_u(4), offset, vec({ref_func0})}),                        // 4: active, exprs
           cat({leb_u(5), Bytes{EXTERNREF}, vec({Bytes{0xD0, EXTERNREF, 0x0B}})}),  // 5: passive
           cat({leb_u(6), leb_u(2), offset, Bytes{FUNCREF}, vec({ref_func0})}),     // 6: active
           cat({leb_u(7), Bytes{FUNCREF}, vec({ref_func0, ref_func0})})}))}));  // 7: declarative
  ASSERT_EQ(m.elements.size(), 8u);
  const SegmentMode modes[] = {SegmentMode::Active, SegmentMode::Passive, SegmentMode::Active,
                               SegmentMode::Declarative};
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(m.elements[i].mode, modes[i % 4]) << i;
  EXPECT_EQ(m.elements[2].table, 1u);
  EXPECT_EQ(m.elements[6].table, 2u);
  EXPECT_EQ(m.elements[1].size(), 2u);
  EXPECT_EQ(m.elements[7].size(), 2u);
  EXPECT_EQ(m.elements[5].type, ValType::ExternRef);
  EXPECT_TRUE(std::holds_alternative<std::vector<uint32_t>>(m.elements[3].items));
  EXPECT_TRUE(std::holds_alternative<std::vector<ConstExpr>>(m.elements[4].items));
}

TEST(ElementSection, BadFlagsAndKindAreMalformed) {
  EXPECT_EQ(malformed(module({section(9, vec({cat({leb_u(8), Bytes{0x00}})}))})),
            "malformed elements segment kind");
  EXPECT_EQ(malformed(module({section(9, vec({cat({leb_u(1), Bytes{0x01}, vec({})})}))})),
            "malformed element kind");
  EXPECT_EQ(malformed(module({section(9, vec({cat({leb_u(5), Bytes{I32}, vec({})})}))})),
            "malformed reference type");
}

TEST(DataSection, AllThreeEncodingsAndDataCount) {
  const Bytes offset{0x41, 0x08, 0x0B};
  const Module m = decode(
      module({section(12, leb_u(3)),
              section(11, vec({cat({leb_u(0), offset, name("ab")}), cat({leb_u(1), name("xyz")}),
                               cat({leb_u(2), leb_u(0), offset, name("")})}))}));
  ASSERT_EQ(m.data.size(), 3u);
  EXPECT_EQ(m.data_count, 3u);
  EXPECT_EQ(m.data[0].mode, SegmentMode::Active);
  EXPECT_EQ(m.data[1].mode, SegmentMode::Passive);
  EXPECT_EQ(m.data[1].bytes.size, 3u);
  EXPECT_EQ(m.bytes(m.data[1].bytes)[0], 'x');
  EXPECT_EQ(m.data[2].bytes.size, 0u);
}

TEST(DataSection, CountMismatchAndBadFlags) {
  EXPECT_EQ(
      malformed(module({section(12, leb_u(2)), section(11, vec({cat({leb_u(1), name("")})}))})),
      "data count and data section have inconsistent lengths");
  EXPECT_EQ(malformed(module({section(12, leb_u(1))})),
            "data count and data section have inconsistent lengths");
  EXPECT_EQ(malformed(module({section(11, vec({cat({leb_u(3), Bytes{0x00}})}))})),
            "malformed data segment kind");
}

TEST(CustomSections, NameSectionIsRead) {
  const Bytes module_name = cat({Bytes{0x00}, leb_u(name("demo").size()), name("demo")});
  const Bytes function_names_contents = vec({cat({leb_u(0), name("main")})});
  const Bytes function_names =
      cat({Bytes{0x01}, leb_u(function_names_contents.size()), function_names_contents});
  const Bytes local_names_contents = vec({cat({leb_u(0), vec({cat({leb_u(1), name("count")})})})});
  const Bytes local_names =
      cat({Bytes{0x02}, leb_u(local_names_contents.size()), local_names_contents});
  const Module m = decode(module(
      {section(1, vec({kEmptyType})), section(3, vec({leb_u(0)})), section(10, vec({kEmptyBody})),
       section(0, cat({name("name"), module_name, function_names, local_names}))}));
  EXPECT_EQ(m.names.module, "demo");
  EXPECT_EQ(m.function_name(0), "main");
  EXPECT_EQ(m.names.locals.at(0).at(1), "count");
  ASSERT_EQ(m.custom_sections.size(), 1u);
  EXPECT_EQ(m.custom_sections[0].name, "name");
}

TEST(CustomSections, MalformedNameSectionIsIgnored) {
  const Module m =
      decode(module({section(0, cat({name("name"), Bytes{0x01, 0x05, 0x01, 0x00, 0xFF}}))}));
  EXPECT_TRUE(m.names.functions.empty());
}

TEST(CustomSections, MalformedCustomNameIsMalformed) {
  EXPECT_EQ(malformed(module({section(0, Bytes{0x01, 0xFF})})), "malformed UTF-8 encoding");
}

}  // namespace
}  // namespace gowasm
