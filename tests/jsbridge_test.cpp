// The bridge's pieces on their own: NaN-boxed references with reference
// counting and id reuse, the value model's conversions and instanceof,
// Node's path.resolve, and console formatting.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>

#include "host_objects.h"
#include "realm.h"
#include "ref_table.h"

namespace gowasm::js {
namespace {

class RefTableTest : public ::testing::Test {
 protected:
  Realm realm;
  ObjectRef go = realm.make_object();
  RefTable refs{realm.global(), go};
};

TEST_F(RefTableTest, NumbersTravelAsFloat64AndSpecialValuesAsPredefinedIds) {
  EXPECT_EQ(refs.store(2.5), std::bit_cast<uint64_t>(2.5));
  EXPECT_EQ(refs.store(Undefined{}), 0u);
  EXPECT_EQ(refs.store(std::nan("")), 0x7FF8000000000000u);  // id 0, no type flag
  EXPECT_EQ(refs.store(0.0), 0x7FF8000000000001u);
  EXPECT_EQ(refs.store(Null{}), 0x7FF8000000000002u);
  EXPECT_EQ(refs.store(true), 0x7FF8000000000003u);
  EXPECT_EQ(refs.store(false), 0x7FF8000000000004u);
  EXPECT_EQ(refs.store(realm.global()), 0x7FF8000100000005u);  // object flag 1
  EXPECT_EQ(refs.store(go), 0x7FF8000100000006u);
  EXPECT_TRUE(is_undefined(refs.load(0)));
  EXPECT_EQ(std::get<double>(refs.load(std::bit_cast<uint64_t>(-3.0))), -3.0);
}

TEST_F(RefTableTest, TypeFlagsAndEqualStringsShareAnId) {
  const uint64_t a = refs.store(std::string("hello"));
  const uint64_t b = refs.store(std::string("hello"));
  EXPECT_EQ(a, b);  // SameValueZero: one id, two references
  EXPECT_EQ(a >> 32, 0x7FF80002u);
  const uint64_t f = refs.store(realm.make_function(
      "f", [](const Value&, std::span<const Value>) { return Value(Undefined{}); }));
  EXPECT_EQ(f >> 32, 0x7FF80004u);
  EXPECT_EQ(std::get<std::string>(refs.load(a)), "hello");
}

TEST_F(RefTableTest, FinalizedIdsAreReusedSoTheTableDoesNotGrow) {
  const size_t before = refs.live();
  for (int i = 0; i < 100000; ++i) {
    const uint64_t bits = refs.store(realm.make_object());
    refs.finalize(uint32_t(bits));
  }
  EXPECT_EQ(refs.live(), before);
  // A value referenced twice survives one finalize.
  const ObjectRef o = realm.make_object();
  const uint64_t bits = refs.store(o);
  refs.store(o);
  refs.finalize(uint32_t(bits));
  EXPECT_EQ(std::get<ObjectRef>(refs.load(bits)), o);
  refs.finalize(uint32_t(bits));
  EXPECT_TRUE(is_null(refs.load(bits)));
  // Predefined ids are never freed.
  refs.finalize(RefTable::kGlobal);
  EXPECT_EQ(std::get<ObjectRef>(refs.load(0x7FF8000100000005u)), realm.global());
}

TEST(ValueModel, InstanceOfFollowsPrototypes) {
  Realm realm;
  const Value array_constructor = realm.global()->get("Array");
  const Value object_constructor = realm.global()->get("Object");
  const Value error_constructor = realm.global()->get("Error");
  const Value array = std::get<ObjectRef>(array_constructor)->construct({});
  EXPECT_TRUE(instance_of(array, array_constructor));
  EXPECT_TRUE(instance_of(array, object_constructor));
  EXPECT_FALSE(instance_of(array, error_constructor));
  EXPECT_TRUE(instance_of(Value(realm.make_type_error("x")), error_constructor));
  EXPECT_FALSE(instance_of(Value(1.0), object_constructor));
  EXPECT_THROW(instance_of(array, Value(realm.make_object())), TypeError);
}

TEST(ValueModel, ConversionsAsJavaScript) {
  EXPECT_EQ(to_string(Value(1e21)), "1e+21");
  EXPECT_EQ(to_string(Value(123456789012345680000.0)), "123456789012345680000");
  EXPECT_EQ(to_string(Value(0.000001)), "0.000001");
  EXPECT_EQ(to_string(Value(1e-7)), "1e-7");
  EXPECT_EQ(to_string(Value(-0.0)), "0");
  EXPECT_EQ(to_string(Value(0.1 + 0.2)), "0.30000000000000004");
  EXPECT_EQ(to_string(Value(std::nan(""))), "NaN");
  EXPECT_EQ(to_string(Value(Null{})), "null");
  EXPECT_FALSE(truthy(Value(std::string())));
  EXPECT_TRUE(truthy(Value(std::string("0"))));
  EXPECT_FALSE(truthy(Value(std::nan(""))));
  EXPECT_EQ(utf16_length("h\xC3\xA9\xF0\x9F\x98\x80"), 4u);  // h, é, and a surrogate pair
}

// Numbers the guest chooses reach integer conversions: each is taken as
// JavaScript takes it, never by a C++ cast past the type's range (UBSan, in
// the sanitized lane, checks every cast).
TEST(ValueModel, IntegersFromAnyNumberAsJavaScriptTakesThem) {
  EXPECT_EQ(to_integer<int64_t>(std::nan("")), 0);
  EXPECT_EQ(to_integer<int64_t>(1e300), INT64_MAX);
  EXPECT_EQ(to_integer<int64_t>(-HUGE_VAL), INT64_MIN);
  EXPECT_EQ(to_integer<uint64_t>(-1.5), 0u);
  EXPECT_EQ(to_integer<int32_t>(-2.7), -2);
  EXPECT_EQ(to_uint8(257.9), 1);
  EXPECT_EQ(to_uint8(-1), 255);
  EXPECT_EQ(to_uint8(1e300), 0);
  EXPECT_EQ(to_uint8(std::nan("")), 0);
}

// Calls `object.name(args...)`.
Value call_method(const Value& object, const std::string& name, std::vector<Value> args = {}) {
  const Value method = std::get<ObjectRef>(object)->get(name);
  return std::get<ObjectRef>(method)->call(object, args);
}

TEST(ValueModel, ArraysRefuseWhatTheyCannotHoldWithARangeError) {
  Realm realm;
  const ObjectRef array = realm.make_array({});
  EXPECT_THROW(array->set_index(int64_t(1) << 40, 1.0), RangeError);
  EXPECT_THROW(array->set("1099511627776", 1.0), RangeError);
  for (double length : {-1.0, 1.5, 4294967296.0, double(NAN)})
    EXPECT_THROW(array->set("length", length), RangeError) << length;
  EXPECT_THROW(array->set("length", 4294967295.0), RangeError);  // valid, but not dense
  array->set("length", 3.0);
  array->set_index(9, 1.0);
  EXPECT_EQ(to_number(array->get("length")), 10);
}

TEST(ValueModel, TypedArrayLengthsAndElementsAsV8) {
  Realm realm;
  const Value u8 = realm.global()->get("Uint8Array");
  const ObjectRef huge = realm.make_object();
  huge->set("length", 1e15);
  EXPECT_THROW(construct(u8, {{Value(huge)}}), RangeError);
  EXPECT_THROW(construct(u8, {{Value(-1.0)}}), RangeError);
  EXPECT_EQ(as_bytes(construct(u8, {{Value(std::nan(""))}}))->bytes().size(), 0u);
  const Value elements = realm.make_array({std::nan(""), 1e300, -1.0, 300.0, 2.9});
  const Value array = construct(u8, {{elements}});
  const std::span<uint8_t> bytes = as_bytes(array)->bytes();
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin(), bytes.end()),
            (std::vector<uint8_t>{0, 0, 255, 44, 2}));
}

TEST(ValueModel, DatesBeyondTimeClipAreInvalidDates) {
  Realm realm;
  const Value date_constructor = realm.global()->get("Date");
  const Value far = construct(date_constructor, {{Value(1e300)}});
  EXPECT_TRUE(std::isnan(to_number(call_method(far, "getTime"))));
  EXPECT_TRUE(std::isnan(to_number(call_method(far, "getUTCFullYear"))));
  EXPECT_TRUE(std::isnan(to_number(call_method(far, "getTimezoneOffset"))));
  const Value last = construct(date_constructor, {{Value(8.64e15)}});
  EXPECT_EQ(to_number(call_method(last, "getUTCFullYear")), 275760);
  EXPECT_EQ(to_number(call_method(date_constructor, "UTC", {275760.0, 8.0, 13.0})), 8.64e15);
  EXPECT_TRUE(std::isnan(to_number(call_method(date_constructor, "UTC", {275760.0, 8.0, 14.0}))));
  EXPECT_TRUE(std::isnan(to_number(call_method(date_constructor, "UTC", {1e300}))));
  EXPECT_TRUE(std::isnan(to_number(call_method(date_constructor, "UTC", {2000.0, 1e300}))));
}

TEST(NodePath, ResolveHasNodeSemantics) {
  const auto resolve = [](std::vector<std::string> segments) {
    return resolve_path("/home/go", segments);
  };
  EXPECT_EQ(resolve({"a/b"}), "/home/go/a/b");
  EXPECT_EQ(resolve({"/x", "y", "../z"}), "/x/z");
  EXPECT_EQ(resolve({"a", "/abs", "b/"}), "/abs/b");
  EXPECT_EQ(resolve({"../../../.."}), "/");
  EXPECT_EQ(resolve({""}), "/home/go");
  EXPECT_EQ(resolve({"./a//b/./c"}), "/home/go/a/b/c");
}

// eval, for the JavaScript Go's own syscall/js tests hand it.
TEST(Eval, LiteralsFunctionsAndObjects) {
  Realm realm;
  const Value o = eval_script(realm, R"(({
    someString: "abc\u1234", someArray: [41, 42, 43], zero: 0, NegInfinity: -Infinity,
    add: function(a, b) { return a + b; }, objNumber0: new Number(0),
  }))");
  const ObjectRef& object = std::get<ObjectRef>(o);
  EXPECT_EQ(to_string(object->get("someString")), "abc\xe1\x88\xb4");
  EXPECT_EQ(to_number(std::get<ObjectRef>(object->get("someArray"))->get_index(2)), 43);
  EXPECT_EQ(to_number(object->get("NegInfinity")), -HUGE_VAL);
  const Value args[] = {40.0, 2.0};
  EXPECT_EQ(to_number(std::get<ObjectRef>(object->get("add"))->call(Undefined{}, args)), 42);
  EXPECT_TRUE(truthy(object->get("objNumber0")));  // an object, though it wraps 0
  EXPECT_EQ(to_number(eval_script(realm, "40")), 40);
  EXPECT_EQ(to_string(eval_script(realm, "let x = 'a'; x + 1 + 2")), "a12");
}

TEST(Eval, StatementsAndFrozenObjects) {
  Realm realm;
  const Value o = eval_script(realm,
                              "(function () { let o = new Object(); o.field = 5; Object.freeze(o); "
                              "o.field = 6; return o; })()");
  EXPECT_EQ(to_number(std::get<ObjectRef>(o)->get("field")), 5);
}

TEST(Eval, WhatItCannotReadIsASyntaxError) {
  Realm realm;
  try {
    eval_script(realm, "class A {}; for (;;) {}");
    FAIL() << "no exception";
  } catch (const Exception& e) {
    EXPECT_EQ(to_string(std::get<ObjectRef>(e.value)->get("name")), "SyntaxError");
  }
  EXPECT_THROW(eval_script(realm, "missing + 1"), Exception);  // a ReferenceError
}

// Source nested deeper than a parser's stack, and endless recursion, are
// what V8 makes of them: exceptions the guest can catch, not a crash.
TEST(Eval, DeepNestingAndEndlessRecursionThrowRangeErrors) {
  Realm realm;
  const auto error_name = [&](const std::string& source) -> std::string {
    try {
      eval_script(realm, source);
      return "no exception";
    } catch (const Exception& e) {
      return to_string(std::get<ObjectRef>(e.value)->get("name"));
    }
  };
  EXPECT_EQ(error_name(std::string(1000000, '(')), "RangeError");
  EXPECT_EQ(error_name(std::string(1000000, '[')), "RangeError");
  EXPECT_EQ(error_name(std::string(1000000, '-') + "1"), "RangeError");
  // (A method reached through `this`: a function stored in a variable of its
  // own scope would be a reference cycle, which eval leaves to leak.)
  EXPECT_EQ(error_name("({f: function() { return this.f(); }}).f()"), "RangeError");
  EXPECT_EQ(to_number(eval_script(realm, std::string(100, '(') + "7" + std::string(100, ')'))), 7);
}

TEST(Console, FormatsLikeNode) {
  Realm realm;
  const Value args[] = {std::string("text"), 42.0, true, Null{}, Undefined{}};
  EXPECT_EQ(format_for_console(args), "text 42 true null undefined");
  ObjectRef o = realm.make_object();
  o->set("a", 1.0);
  o->set("b", std::string("x"));
  const Value nested[] = {o, realm.make_array({1.0, std::string("two")})};
  EXPECT_EQ(format_for_console(nested), "{ a: 1, b: 'x' } [ 1, 'two' ]");
}

}  // namespace
}  // namespace gowasm::js
