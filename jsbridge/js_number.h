// Formats numbers the way JavaScript's Number.prototype.toString does, so
// that `gowasm-run --invoke` prints what Node.js prints for the same export.
#pragma once

#include <string>

namespace gowasm::js {

std::string js_number_to_string(double value);

}  // namespace gowasm::js
