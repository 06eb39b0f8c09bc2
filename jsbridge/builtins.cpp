// The standard library functions Go programs commonly call through
// syscall/js: Object.keys, Array.isArray and the everyday Array methods
// (push, pop, join, indexOf, forEach, map, reduce, sort), and Date's UTC
// accessors, Date.UTC and toISOString. Semantics follow ECMAScript for the
// values a Go program can pass.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "realm.h"

namespace gowasm::js {
namespace {

// A reference, into args or to a static undefined, so that pointers taken
// from it (as_object(arg(args, 0))) outlive the full-expression; a Value
// returned by value would be a temporary destroyed at its end.
const Value& arg(std::span<const Value> args, size_t i) {
  static const Value undefined = Undefined{};
  return i < args.size() ? args[i] : undefined;
}

Array& this_array(const Value& self, const char* method) {
  const ObjectRef* o = as_object(self);
  auto* array = o ? dynamic_cast<Array*>(o->get()) : nullptr;
  if (!array) throw TypeError{std::string("Array.prototype.") + method + " called on a non-array"};
  return *array;
}

ObjectRef callable(const Value& v) {
  const ObjectRef* f = as_object(v);
  if (!f || !(*f)->is_callable()) throw TypeError{to_string(v) + " is not a function"};
  return *f;
}

// ===, the equality of indexOf.
bool strictly_equal(const Value& a, const Value& b) {
  if (auto* x = std::get_if<double>(&a)) {
    const double* y = std::get_if<double>(&b);
    return y && *x == *y;
  }
  return same_value_zero(a, b);
}

// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct CivilTime {
  int64_t year, month, day, hours, minutes, seconds, milliseconds;  // month 0-11, as JavaScript
};

CivilTime civil_from_time(double time) {
  const int64_t ms = int64_t(time);
  int64_t days = ms / 86400000, rest = ms % 86400000;
  if (rest < 0) rest += 86400000, --days;
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (m <= 2), m - 1,      d, rest / 3600000, rest / 60000 % 60,
          rest / 1000 % 60,           rest % 1000};
}

}  // namespace

// new Number(0), new Boolean(false): objects (so truthy) around a primitive.
class PrimitiveWrapper : public Object {
 public:
  PrimitiveWrapper(ObjectRef prototype, Value primitive, std::string class_name)
      : Object(std::move(prototype)),
        primitive_(std::move(primitive)),
        class_name_(std::move(class_name)) {}
  std::string class_name() const override { return class_name_; }
  const Value& primitive() const { return primitive_; }

 private:
  Value primitive_;
  std::string class_name_;
};

void Realm::install_builtins() {
  ObjectRef object = std::get<ObjectRef>(global_->get("Object"));
  define_method(object, "freeze", [](const Value&, std::span<const Value> args) {
    if (const ObjectRef* o = as_object(arg(args, 0))) (*o)->freeze();
    return arg(args, 0);
  });
  define_method(object_prototype_, "toString", [](const Value& self, std::span<const Value>) {
    if (is_undefined(self)) return Value(std::string("[object Undefined]"));
    if (is_null(self)) return Value(std::string("[object Null]"));
    const ObjectRef* o = as_object(self);
    return Value("[object " + (o ? (*o)->class_name() : std::string("Object")) + "]");
  });
  define_method(object_prototype_, "hasOwnProperty",
                [](const Value& self, std::span<const Value> args) {
                  const ObjectRef* o = as_object(self);
                  return Value(o && (*o)->has_own(to_string(arg(args, 0))));
                });
  // Function, for instanceof and its prototype; it compiles no source.
  global_->set(
      "Function",
      make_constructor(
          "Function", function_prototype_,
          [](const Value&, std::span<const Value>) -> Value {
            throw TypeError{"Function(source) is not supported: gowasm has no JavaScript compiler"};
          },
          [](std::span<const Value>) -> Value {
            throw TypeError{
                "new Function(source) is not supported: gowasm has no JavaScript compiler"};
          }));
  global_->set("Symbol", make_function("Symbol", [](const Value&, std::span<const Value> args) {
                 const Value description = arg(args, 0);
                 return Value(std::make_shared<const Symbol>(
                     Symbol{is_undefined(description) ? "" : to_string(description)}));
               }));
  // Number and Boolean convert when called and wrap with new.
  for (const auto& [name, convert] :
       {std::pair<std::string, Value (*)(const Value&)>{
            "Number", [](const Value& v) { return Value(is_undefined(v) ? 0.0 : to_number(v)); }},
        {"Boolean", [](const Value& v) { return Value(truthy(v)); }}}) {
    ObjectRef prototype = make_object();
    define_method(prototype, "valueOf", [](const Value& self, std::span<const Value>) {
      const ObjectRef* o = as_object(self);
      auto* wrapper = o ? dynamic_cast<PrimitiveWrapper*>(o->get()) : nullptr;
      if (!wrapper) throw TypeError{"valueOf called on an incompatible receiver"};
      return wrapper->primitive();
    });
    global_->set(
        name, make_constructor(
                  name, prototype,
                  [convert = convert](const Value&, std::span<const Value> args) {
                    return convert(arg(args, 0));
                  },
                  [this, prototype, convert = convert, name = name](std::span<const Value> args) {
                    return Value(create<PrimitiveWrapper>(prototype, convert(arg(args, 0)), name));
                  }));
  }
  define_method(object, "keys", [this](const Value&, std::span<const Value> args) {
    const ObjectRef* o = as_object(arg(args, 0));
    if (!o) throw TypeError{"Cannot convert undefined or null to object"};
    std::vector<Value> keys;
    if (auto* array = dynamic_cast<Array*>(o->get())) {
      for (size_t i = 0; i < array->elements().size(); ++i) keys.emplace_back(std::to_string(i));
    }
    for (const auto& [key, value] : (*o)->own_properties()) keys.emplace_back(key);
    return Value(make_array(std::move(keys)));
  });

  ObjectRef array = std::get<ObjectRef>(global_->get("Array"));
  define_method(array, "isArray", [](const Value&, std::span<const Value> args) {
    const ObjectRef* o = as_object(arg(args, 0));
    return Value(o && dynamic_cast<Array*>(o->get()) != nullptr);
  });
  define_method(array_prototype_, "push", [](const Value& self, std::span<const Value> args) {
    auto& elements = this_array(self, "push").elements();
    elements.insert(elements.end(), args.begin(), args.end());
    return Value(double(elements.size()));
  });
  define_method(
      function_prototype_, "bind", [this](const Value& self, std::span<const Value> args) {
        const ObjectRef* f = as_object(self);
        if (!f || !(*f)->is_callable()) throw TypeError{"Bind must be called on a function"};
        const Value bound_this = arg(args, 0);
        std::vector<Value> bound(args.size() > 1 ? args.begin() + 1 : args.end(), args.end());
        return Value(make_function(
            "bound", [target = *f, bound_this, bound](const Value&, std::span<const Value> rest) {
              std::vector<Value> all = bound;
              all.insert(all.end(), rest.begin(), rest.end());
              return target->call(bound_this, all);
            }));
      });
  define_method(array_prototype_, "concat", [this](const Value& self, std::span<const Value> args) {
    std::vector<Value> result = this_array(self, "concat").elements();
    for (const Value& v : args) {
      const ObjectRef* o = as_object(v);
      if (auto* other = o ? dynamic_cast<Array*>(o->get()) : nullptr) {
        result.insert(result.end(), other->elements().begin(), other->elements().end());
      } else {
        result.push_back(v);
      }
    }
    return Value(make_array(std::move(result)));
  });
  define_method(array_prototype_, "pop", [](const Value& self, std::span<const Value>) {
    auto& elements = this_array(self, "pop").elements();
    if (elements.empty()) return Value(Undefined{});
    Value last = std::move(elements.back());
    elements.pop_back();
    return last;
  });
  define_method(array_prototype_, "join", [](const Value& self, std::span<const Value> args) {
    const std::string separator = is_undefined(arg(args, 0)) ? "," : to_string(arg(args, 0));
    std::string text;
    const auto& elements = this_array(self, "join").elements();
    for (size_t i = 0; i < elements.size(); ++i) {
      if (i) text += separator;
      if (!is_undefined(elements[i]) && !is_null(elements[i])) text += to_string(elements[i]);
    }
    return Value(text);
  });
  define_method(array_prototype_, "indexOf", [](const Value& self, std::span<const Value> args) {
    const auto& elements = this_array(self, "indexOf").elements();
    for (size_t i = 0; i < elements.size(); ++i) {
      if (strictly_equal(elements[i], arg(args, 0))) return Value(double(i));
    }
    return Value(-1.0);
  });
  define_method(array_prototype_, "forEach", [](const Value& self, std::span<const Value> args) {
    const ObjectRef f = callable(arg(args, 0));
    const size_t length = this_array(self, "forEach").elements().size();
    for (size_t i = 0; i < length && i < this_array(self, "forEach").elements().size(); ++i) {
      const Value call_args[] = {this_array(self, "forEach").elements()[i], double(i), self};
      f->call(arg(args, 1), call_args);
    }
    return Value(Undefined{});
  });
  define_method(array_prototype_, "map", [this](const Value& self, std::span<const Value> args) {
    const ObjectRef f = callable(arg(args, 0));
    const std::vector<Value> source = this_array(self, "map").elements();
    std::vector<Value> out;
    out.reserve(source.size());
    for (size_t i = 0; i < source.size(); ++i) {
      const Value call_args[] = {source[i], double(i), self};
      out.push_back(f->call(arg(args, 1), call_args));
    }
    return Value(make_array(std::move(out)));
  });
  define_method(array_prototype_, "reduce", [](const Value& self, std::span<const Value> args) {
    const ObjectRef f = callable(arg(args, 0));
    const std::vector<Value> source = this_array(self, "reduce").elements();
    size_t i = 0;
    Value accumulator;
    if (args.size() >= 2) {
      accumulator = args[1];
    } else {
      if (source.empty()) throw TypeError{"Reduce of empty array with no initial value"};
      accumulator = source[i++];
    }
    for (; i < source.size(); ++i) {
      const Value call_args[] = {accumulator, source[i], double(i), self};
      accumulator = f->call(Undefined{}, call_args);
    }
    return accumulator;
  });
  define_method(array_prototype_, "sort", [](const Value& self, std::span<const Value> args) {
    auto& elements = this_array(self, "sort").elements();
    const Value comparator = arg(args, 0);
    if (!is_undefined(comparator)) callable(comparator);
    // Stable, undefined last; by comparator, else by String() order.
    std::vector<Value> sorted(elements.begin(), elements.end());
    const auto undefined_begin = std::stable_partition(
        sorted.begin(), sorted.end(), [](const Value& v) { return !is_undefined(v); });
    std::stable_sort(sorted.begin(), undefined_begin, [&](const Value& a, const Value& b) {
      if (is_undefined(comparator)) return to_string(a) < to_string(b);
      const Value call_args[] = {a, b};
      return to_number(std::get<ObjectRef>(comparator)->call(Undefined{}, call_args)) < 0;
    });
    elements = std::move(sorted);
    return self;
  });
}

void Realm::install_date_methods(const ObjectRef& date, const ObjectRef& prototype,
                                 std::function<double(const Value&)> time_of) {
  define_method(date, "UTC", [](const Value&, std::span<const Value> args) {
    double fields[7] = {0, 0, 1, 0, 0, 0, 0};
    for (size_t i = 0; i < 7 && i < args.size(); ++i) fields[i] = to_number(args[i]);
    for (double f : fields) {
      if (!std::isfinite(f)) return Value(std::nan(""));
    }
    // Past these the time is beyond TimeClip's range anyway, and the
    // integer arithmetic below would overflow.
    if (std::abs(fields[0]) > 1e6 || std::abs(fields[1]) > 1e8 || std::abs(fields[2]) > 1e10)
      return Value(std::nan(""));
    int64_t year = int64_t(fields[0]);
    if (year >= 0 && year <= 99) year += 1900;
    const int64_t month = int64_t(fields[1]);
    const int64_t days = days_from_civil(year + (month >= 0 ? month / 12 : (month - 11) / 12),
                                         ((month % 12) + 12) % 12 + 1, 1) +
                         int64_t(fields[2]) - 1;
    return Value(time_clip(double(days) * 86400000 + fields[3] * 3600000 + fields[4] * 60000 +
                           fields[5] * 1000 + std::trunc(fields[6])));
  });
  const auto utc_field = [this, &prototype, time_of](const char* name, int64_t CivilTime::*field) {
    define_method(prototype, name, [time_of, field](const Value& self, std::span<const Value>) {
      const double t = time_of(self);
      if (std::isnan(t)) return Value(std::nan(""));
      return Value(double(civil_from_time(t).*field));
    });
  };
  utc_field("getUTCFullYear", &CivilTime::year);
  utc_field("getUTCMonth", &CivilTime::month);
  utc_field("getUTCDate", &CivilTime::day);
  utc_field("getUTCHours", &CivilTime::hours);
  utc_field("getUTCMinutes", &CivilTime::minutes);
  utc_field("getUTCSeconds", &CivilTime::seconds);
  utc_field("getUTCMilliseconds", &CivilTime::milliseconds);
  define_method(
      prototype, "toISOString", [this, time_of](const Value& self, std::span<const Value>) {
        const double t = time_of(self);
        if (!std::isfinite(t)) throw Exception{make_range_error("Invalid time value")};
        const CivilTime c = civil_from_time(t);
        char text[80];
        std::snprintf(text, sizeof text, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ",
                      (long long)c.year, (long long)c.month + 1, (long long)c.day,
                      (long long)c.hours, (long long)c.minutes, (long long)c.seconds,
                      (long long)c.milliseconds);
        return Value(std::string(text));
      });
}

}  // namespace gowasm::js
