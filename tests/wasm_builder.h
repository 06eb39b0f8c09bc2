// Helpers that assemble WebAssembly binaries byte by byte for the unit
// tests, so each test states exactly the bytes it is about.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace gowasm::test {

using Bytes = std::vector<uint8_t>;

inline Bytes leb_u(uint64_t v) {
  Bytes out;
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
  return out;
}

inline Bytes leb_s(int64_t v) {
  Bytes out;
  for (;;) {
    const uint8_t b = v & 0x7F;
    v >>= 7;
    if ((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40))) {
      out.push_back(b);
      return out;
    }
    out.push_back(b | 0x80);
  }
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline Bytes name(std::string_view text) {
  return cat({leb_u(text.size()), Bytes(text.begin(), text.end())});
}

// A vector: its length, then the items.
inline Bytes vec(std::initializer_list<Bytes> items) {
  Bytes out = leb_u(items.size());
  for (const Bytes& item : items) out.insert(out.end(), item.begin(), item.end());
  return out;
}

inline Bytes section(uint8_t id, const Bytes& contents) {
  return cat({Bytes{id}, leb_u(contents.size()), contents});
}

inline Bytes module(std::initializer_list<Bytes> sections) {
  Bytes out{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  for (const Bytes& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

// Value type bytes.
constexpr uint8_t I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, V128 = 0x7B, FUNCREF = 0x70,
                  EXTERNREF = 0x6F;

inline Bytes func_type(Bytes params, Bytes results) {
  return cat({Bytes{0x60}, leb_u(params.size()), params, leb_u(results.size()), results});
}

// A code-section entry: size, local runs, then the body (which must end in 0x0B).
inline Bytes code_entry(std::initializer_list<Bytes> local_runs, const Bytes& body) {
  const Bytes contents = cat({vec(local_runs), body});
  return cat({leb_u(contents.size()), contents});
}

// An export-section entry naming function `index`; and one of another kind.
inline Bytes export_entry(std::string_view export_name, uint8_t kind, uint32_t index) {
  return cat({name(export_name), Bytes{kind}, leb_u(index)});
}
inline Bytes export_func(std::string_view export_name, uint32_t index) {
  return export_entry(export_name, 0x00, index);
}

// An import-section entry; `description` is the kind byte and the type.
inline Bytes import(std::string_view module_name, std::string_view field,
                    const Bytes& description) {
  return cat({name(module_name), name(field), description});
}

// A custom "name" section naming functions: {index, name} in index order.
inline Bytes function_names(std::initializer_list<std::pair<uint32_t, std::string_view>> names) {
  Bytes map = leb_u(names.size());
  for (const auto& [index, text] : names) map = cat({map, leb_u(index), name(text)});
  return section(0, cat({name("name"), Bytes{0x01}, leb_u(map.size()), map}));
}

// A module with one type, one function of that type and the given body;
// `extra` sections are placed in the right order by the caller's choice of ids.
inline Bytes single_function(Bytes params, Bytes results, const Bytes& body,
                             std::initializer_list<Bytes> locals = {}) {
  return module({section(1, vec({func_type(params, results)})), section(3, vec({leb_u(0)})),
                 section(10, vec({code_entry(locals, body)}))});
}

// A WASI command: `_start` writes "hi\n" to stdout through fd_write, then
// ends with `ending` (proc_exit(7): {0x41, 0x07, 0x10, 0x01}; unreachable:
// {0x00}; nothing: it returns). Exported as "_initialize", a reactor.
inline Bytes wasi_command(const Bytes& ending, std::string_view entry = "_start") {
  const Bytes body = cat({
      // iovec at 16: {32, 3}; fd_write(1, 16, 1, 24)
      Bytes{0x41, 0x01, 0x41, 0x10, 0x41, 0x01, 0x41, 0x18, 0x10, 0x00, 0x1A},
      ending,
      Bytes{0x0B},
  });
  const Bytes data = cat({Bytes{0x00, 0x41, 0x10, 0x0B}, leb_u(19),
                          Bytes{32, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'h', 'i', '\n'}});
  return module({
      section(1, vec({func_type({I32, I32, I32, I32}, {I32}), func_type({I32}, {}),
                      func_type({}, {})})),
      section(2, vec({import("wasi_snapshot_preview1", "fd_write", Bytes{0x00, 0x00}),
                      import("wasi_snapshot_preview1", "proc_exit", Bytes{0x00, 0x01})})),
      section(3, vec({leb_u(2)})),
      section(5, vec({Bytes{0x00, 0x01}})),
      section(7, vec({export_func(entry, 2), export_entry("memory", 0x02, 0)})),
      section(10, vec({code_entry({}, body)})),
      section(11, vec({data})),
  });
}

}  // namespace gowasm::test
