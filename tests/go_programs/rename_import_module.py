#!/usr/bin/env python3
"""Rename the import module of a WebAssembly binary ("go" -> "gojs" by default).

Go <= 1.20 names its host imports go.*, Go >= 1.21 gojs.* with the same
field names and calling convention. Renaming a Go 1.19 module's imports gives
a "modern" module that lets the runner's gojs path be tested with the one Go
toolchain this machine has:

    rename_import_module.py IN.wasm OUT.wasm [--from go] [--to gojs]

Only the import section (id 2) is rebuilt, with its new size; every other
section, custom sections included, is copied byte for byte. The import
section is parsed entry by entry (names, then each kind's descriptor) so a
module name is only ever replaced where the format puts one.
"""
import argparse
import sys

MAGIC = b"\0asm"
IMPORT_SECTION = 2


class FormatError(Exception):
    pass


def read_uleb(data, pos, limit, what):
    """Decode an unsigned LEB128 at pos; return (value, next position)."""
    result = shift = 0
    start = pos
    while True:
        if pos >= limit:
            raise FormatError(f"{what}: LEB128 at offset {start} runs past the end")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, pos
        if shift >= 70:
            raise FormatError(f"{what}: LEB128 at offset {start} is too long")


def encode_uleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def read_name(data, pos, limit, what):
    length, pos = read_uleb(data, pos, limit, what)
    if pos + length > limit:
        raise FormatError(f"{what}: name of {length} bytes at offset {pos} runs past the section")
    return bytes(data[pos:pos + length]), pos + length


def skip_limits(data, pos, limit, what):
    if pos >= limit:
        raise FormatError(f"{what}: limits missing at offset {pos}")
    flags = data[pos]
    pos += 1
    _, pos = read_uleb(data, pos, limit, what)  # minimum
    if flags & 1:
        _, pos = read_uleb(data, pos, limit, what)  # maximum
    return pos


def skip_import_desc(data, pos, limit, what):
    """Step over one import descriptor (kind byte + its payload)."""
    if pos >= limit:
        raise FormatError(f"{what}: import kind missing at offset {pos}")
    kind = data[pos]
    pos += 1
    if kind == 0x00:  # function: type index
        _, pos = read_uleb(data, pos, limit, what)
    elif kind == 0x01:  # table: reference type, limits
        pos = skip_limits(data, pos + 1, limit, what)
    elif kind == 0x02:  # memory: limits
        pos = skip_limits(data, pos, limit, what)
    elif kind == 0x03:  # global: value type, mutability
        pos += 2
    elif kind == 0x04:  # tag (exception handling): attribute, type index
        _, pos = read_uleb(data, pos + 1, limit, what)
    else:
        raise FormatError(f"{what}: unknown import kind 0x{kind:02x} at offset {pos - 1}")
    if pos > limit:
        raise FormatError(f"{what}: import descriptor runs past the section")
    return pos


def rewrite_imports(data, start, end, old, new):
    """Return (new section payload, number of renamed imports)."""
    what = "import section"
    count, pos = read_uleb(data, start, end, what)
    out = bytearray(encode_uleb(count))
    renamed = 0
    for i in range(count):
        module, pos = read_name(data, pos, end, f"{what} entry {i}")
        field_start = pos
        _, pos = read_name(data, pos, end, f"{what} entry {i}")
        pos = skip_import_desc(data, pos, end, f"{what} entry {i}")
        if module == old:
            module = new
            renamed += 1
        out += encode_uleb(len(module)) + module
        out += data[field_start:pos]  # field name and descriptor, unchanged
    if pos != end:
        raise FormatError(f"{what}: {end - pos} bytes left over after {count} imports")
    return bytes(out), renamed


def rename(data, old, new):
    if data[:4] != MAGIC or len(data) < 8:
        raise FormatError("not a WebAssembly binary (bad magic)")
    out = bytearray(data[:8])  # magic + version
    pos = 8
    renamed = 0
    seen_imports = False
    while pos < len(data):
        section_id = data[pos]
        size, payload = read_uleb(data, pos + 1, len(data), f"section at offset {pos}")
        end = payload + size
        if end > len(data):
            raise FormatError(f"section {section_id} at offset {pos} runs past the end of the file")
        if section_id == IMPORT_SECTION:
            if seen_imports:
                raise FormatError(f"second import section at offset {pos}")
            seen_imports = True
            body, renamed = rewrite_imports(data, payload, end, old, new)
            out.append(section_id)
            out += encode_uleb(len(body)) + body
        else:
            out += data[pos:end]
        pos = end
    return bytes(out), renamed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--from", dest="old", default="go", help="module name to replace (default: go)")
    parser.add_argument("--to", dest="new", default="gojs", help="replacement module name (default: gojs)")
    args = parser.parse_args()
    with open(args.input, "rb") as f:
        data = f.read()
    try:
        result, renamed = rename(data, args.old.encode(), args.new.encode())
    except FormatError as e:
        print(f"rename_import_module: {args.input}: {e}", file=sys.stderr)
        return 1
    if renamed == 0:
        print(f"rename_import_module: {args.input}: no import from module '{args.old}'", file=sys.stderr)
        return 1
    with open(args.output, "wb") as f:
        f.write(result)
    print(f"renamed {renamed} imports from '{args.old}' to '{args.new}'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
