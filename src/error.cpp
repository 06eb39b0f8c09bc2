// One-line error messages: "<kind>: <section> section, function N, offset 0x..: <reason>".
#include "gowasm/error.h"

#include <cstdio>

namespace gowasm {
namespace {

std::string format(ErrorKind kind, const std::string& reason, const ErrorLocation& where) {
  std::string text = kind == ErrorKind::Malformed ? "malformed module: " : "invalid module: ";
  text += where.section;
  if (where.section != "header" && where.section != "module") text += " section";
  if (where.function_index) text += ", function " + std::to_string(*where.function_index);
  char offset[32];
  std::snprintf(offset, sizeof offset, ", offset 0x%zx", where.offset);
  return text + offset + ": " + reason;
}

}  // namespace

LoadError::LoadError(ErrorKind kind, std::string reason, ErrorLocation where)
    : std::runtime_error(format(kind, reason, where)),
      kind_(kind),
      reason_(std::move(reason)),
      where_(std::move(where)) {}

}  // namespace gowasm
