#!/usr/bin/env python3
"""Hostile WebAssembly modules for tests/hostile, encoded by hand.

    wasm_gen.py OUT_DIR     writes every module of MODULES as OUT_DIR/NAME.wasm

No dependencies: LEB128, sections and bodies are written here. Each module
is valid (or invalid in the one way its name says) and extreme in one
dimension: nesting depth, locals, br_table size, function count, data
segments, memory, table size, recursion, function length. Each exports a
function "f" for `gowasm-run --invoke f`.
"""
import os
import sys

I32 = 0x7F
FUNCREF = 0x70


def uleb(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if (n == 0 and not byte & 0x40) or (n == -1 and byte & 0x40):
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def vec(items):
    items = list(items)
    return uleb(len(items)) + b"".join(items)


def name(text):
    data = text.encode()
    return uleb(len(data)) + data


def section(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload


def functype(params, results):
    return b"\x60" + vec(bytes([p]) for p in params) + vec(bytes([r]) for r in results)


def body(code, locals_=()):
    """A function body: locals as (count, type) entries, then code (without the final end)."""
    payload = vec(uleb(n) + bytes([t]) for n, t in locals_) + code + b"\x0b"
    return uleb(len(payload)) + payload


def module(types, funcs, code, memory=None, table=None, data=(), exports=(("f", 0),),
           datacount=False):
    """funcs: type index per function; code: one body() each; memory/table: (min,) limits;
    data: (offset, bytes) active segments of memory 0; exports: (name, function index)."""
    out = b"\x00asm\x01\x00\x00\x00"
    out += section(1, vec(functype(p, r) for p, r in types))
    out += section(3, vec(uleb(t) for t in funcs))
    if table is not None:
        out += section(4, vec([bytes([FUNCREF, 0x00]) + uleb(table)]))
    if memory is not None:
        out += section(5, vec([b"\x00" + uleb(memory)]))
    out += section(7, vec(name(n) + b"\x00" + uleb(i) for n, i in exports))
    if datacount:
        out += section(12, uleb(len(data)))
    out += section(10, vec(code))
    if data:
        out += section(11, vec(b"\x00\x41" + sleb(off) + b"\x0b" + vec(bytes([x]) for x in d)
                               for off, d in data))
    return out


def i32_const(n):
    return b"\x41" + sleb(n)


END = b"\x0b"
RET_I32 = [((), (I32,))]


def nested_blocks(depth=100_000):
    # block block ... end end, then the result.
    code = b"\x02\x40" * depth + END * depth + i32_const(1)
    return module(RET_I32, [0], [body(code)])


def many_locals(entries):
    return module(RET_I32, [0], [body(i32_const(1), locals_=[(n, I32) for n in entries])])


def br_table(targets=1_000_000):
    # (block (br_table 0 0 ... 0 (local.get 0))) (i32.const 42)
    code = (b"\x02\x40" + b"\x20\x00" + b"\x0e" + uleb(targets) + b"\x00" * targets + b"\x00" + END +
            i32_const(42))
    return module([((I32,), (I32,))], [0], [body(code)])


def many_functions(count=1_000_000):
    # Function i returns i; "f" is the last one.
    bodies = [body(i32_const(i)) for i in range(count)]
    return module(RET_I32, [0] * count, bodies, exports=[("f", count - 1)])


def many_data_segments(count=1_000_000):
    # Segment i writes byte i & 0xff at address i % 65536; f reads address 65535,
    # last written by segment 65535 + k*65536 < count, i.e. with byte 0xff.
    data = [(i % 65536, [i & 0xFF]) for i in range(count)]
    code = i32_const(65535) + b"\x2d\x00\x00"  # i32.load8_u
    return module(RET_I32, [0], [body(code)], memory=1, data=data, datacount=True)


def big_memory(pages=65536):
    return module(RET_I32, [0], [body(b"\x3f\x00")], memory=pages)  # memory.size


def grow_loop():
    # loop: memory.grow(1) until it returns -1; then memory.size.
    code = (b"\x03\x40" +                                   # loop
            i32_const(1) + b"\x40\x00" +                    # memory.grow 1
            i32_const(-1) + b"\x47" +                       # i32.ne
            b"\x0d\x00" +                                   # br_if 0
            END + b"\x3f\x00")                              # memory.size
    return module(RET_I32, [0], [body(code)], memory=1)


def big_table(entries=10_000_000):
    return module(RET_I32, [0], [body(b"\xfc\x10\x00")], table=entries)  # table.size 0


def recursion():
    return module(RET_I32, [0], [body(b"\x10\x00")])  # call 0, forever


def mutual_recursion():
    # f calls g calls f ...: no two neighbouring frames alike.
    return module(RET_I32, [0, 0], [body(b"\x10\x01"), body(b"\x10\x00")])


def huge_function(repeats=2_500_000):
    # 10 million instructions (17.5 MB of code): local.get 0, i32.const 1, i32.add, local.set 0.
    code = b"\x20\x00\x41\x01\x6a\x21\x00" * repeats + b"\x20\x00"
    return module(RET_I32, [0], [body(code, locals_=[(1, I32)])])


MODULES = {
    "nested_blocks": nested_blocks,
    "locals_ffffffff": lambda: many_locals([0xFFFFFFFF]),
    # 3 x 0x60000000 = 4.8e9 locals: the sum wraps a 32-bit counter to 0x20000000.
    "locals_split": lambda: many_locals([0x60000000] * 3),
    "br_table": br_table,
    "many_functions": many_functions,
    "many_data_segments": many_data_segments,
    "big_memory": big_memory,
    "grow_loop": grow_loop,
    "big_table": big_table,
    "recursion": recursion,
    "mutual_recursion": mutual_recursion,
    "huge_function": huge_function,
}


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: wasm_gen.py OUT_DIR")
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    for key, make in MODULES.items():
        with open(os.path.join(out, key + ".wasm"), "wb") as f:
            f.write(make())


if __name__ == "__main__":
    main(sys.argv)
