// Errors raised while loading a module. Every rejection names what is wrong
// and where (section, function index, byte offset) so that a user can act on
// the one line it prints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace gowasm {

enum class ErrorKind : uint8_t {
  Malformed,  // the bytes are not a WebAssembly binary (decoding failed)
  Invalid,    // the module decodes but breaks a validation rule
};

// Where in the binary a problem was found.
struct ErrorLocation {
  std::string section;                     // "type", "code", ... or "header"
  std::optional<uint32_t> function_index;  // set inside function bodies
  size_t offset = 0;                       // byte offset from the start of the binary
};

class LoadError : public std::runtime_error {
 public:
  LoadError(ErrorKind kind, std::string reason, ErrorLocation where);

  ErrorKind kind() const { return kind_; }
  // The bare reason, worded as the WebAssembly reference interpreter words it
  // where it has a wording ("unexpected end", "type mismatch", ...).
  const std::string& reason() const { return reason_; }
  const ErrorLocation& where() const { return where_; }

 private:
  ErrorKind kind_;
  std::string reason_;
  ErrorLocation where_;
};

}  // namespace gowasm
