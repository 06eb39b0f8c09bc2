// ECMAScript Number::toString(10): the shortest digits that round-trip,
// positional for exponents in [-7, 21), exponential otherwise.
#include <charconv>
#include <cmath>
#include <string_view>

#include "gowasm/value.h"

namespace gowasm {

std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (value == 0) return "0";  // both zeros print as 0
  if (std::isinf(value)) return value < 0 ? "-Infinity" : "Infinity";
  std::string sign = value < 0 ? "-" : "";
  // Shortest round-trip digits in scientific form: d[.ddd]e±x.
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value),
                                    std::chars_format::scientific);
  const std::string_view text(buffer, size_t(result.ptr - buffer));
  const size_t e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (c != '.') digits += c;
  }
  const int exponent = std::stoi(std::string(text.substr(e + 1)));
  const int k = int(digits.size());
  const int n = exponent + 1;  // the decimal point sits after n digits
  if (k <= n && n <= 21) return sign + digits + std::string(size_t(n - k), '0');
  if (0 < n && n <= 21) return sign + digits.substr(0, size_t(n)) + "." + digits.substr(size_t(n));
  if (-6 < n && n <= 0) return sign + "0." + std::string(size_t(-n), '0') + digits;
  const std::string exp = (n - 1 >= 0 ? "e+" : "e-") + std::to_string(std::abs(n - 1));
  if (k == 1) return sign + digits + exp;
  return sign + digits.substr(0, 1) + "." + digits.substr(1) + exp;
}

}  // namespace gowasm
