// The public JsValue (gowasm/js.h) over the bridge's js::Value: what a
// JsValue holds, and the conversions both ways.
#pragma once

#include <span>
#include <vector>

#include "gowasm/js.h"
#include "js_value.h"

namespace gowasm {

struct JsValue::Rep {
  js::Value value;
};

namespace js {

inline JsValue to_public(Value value) {
  return JsValue(std::make_shared<const JsValue::Rep>(JsValue::Rep{std::move(value)}));
}
inline const Value& from_public(const JsValue& value) {
  return value.rep().value;
}
inline std::vector<Value> from_public(std::span<const JsValue> values) {
  std::vector<Value> out;
  out.reserve(values.size());
  for (const JsValue& v : values) out.push_back(from_public(v));
  return out;
}

}  // namespace js
}  // namespace gowasm
