#!/usr/bin/env python3
"""Differential execution: gowasm against binaryen's interpreter.

For each seed, binaryen's `wasm-opt -ttf` turns seeded random bytes into a
valid module, and its `--denan` pass makes every float operation turn a NaN
into 0 (which NaN an operation returns is not deterministic in the spec:
x86 and binaryen legitimately differ, and the difference shows as soon as
one is stored and hashed); `wasm-opt --fuzz-exec-before` runs every export under
binaryen's interpreter and prints the results, traps and log calls; and
gowasm-fuzz-exec does the same with gowasm (tests/fuzz/export_transcript.h).
The two transcripts must agree event by event:

- integers exactly; floats bit for bit, except that any NaN matches any NaN
  (arithmetic may return any NaN payload: the spec's nondeterminism, and
  binaryen prints its own);
- traps by kind (binaryen's messages are mapped to the spec's);
- a run that gowasm stops for fuel, or binaryen for its own stack limit, is
  counted as inconclusive, not compared.

A mismatch is kept in the scratch directory (module, both transcripts) and
fails the run; `--reduce` then shrinks the module with binaryen's
wasm-reduce while the mismatch persists.

  differential.py --fuzz-exec build/bin/gowasm-fuzz-exec --seeds 1000 --scratch /tmp/diff
"""
import argparse
import os
import random
import re
import struct
import subprocess
import sys
import time

FEATURES = ["--enable-sign-ext", "--enable-mutable-globals", "--enable-nontrapping-float-to-int",
            "--enable-bulk-memory", "--enable-multivalue"]
FUEL = "200000000"

# binaryen's trap messages (by prefix) as the spec's kinds, as gowasm names them.
TRAPS = [
    ("unreachable", "unreachable executed"),
    ("out of bounds memory access", "out of bounds memory access"),
    ("final > memory", "out of bounds memory access"),
    ("out of bounds segment access", "out of bounds memory access"),
    ("integer overflow", "integer overflow"),
    ("i32.div_s overflow", "integer overflow"),
    ("i64.div_s overflow", "integer overflow"),
    ("i32.truncSFloat overflow", "integer overflow"),
    ("i32.truncUFloat overflow", "integer overflow"),
    ("i64.truncSFloat overflow", "integer overflow"),
    ("i64.truncUFloat overflow", "integer overflow"),
    ("truncSFloat of nan", "invalid conversion to integer"),
    ("truncUFloat of nan", "invalid conversion to integer"),
    ("invalid conversion to integer", "invalid conversion to integer"),
    ("integer divide by zero", "integer divide by zero"),
    ("i32.div", "integer divide by zero"),
    ("i64.div", "integer divide by zero"),
    ("i32.rem", "integer divide by zero"),
    ("i64.rem", "integer divide by zero"),
    ("callIndirect: function types don't match", "indirect call type mismatch"),
    ("callIndirect: overflow", "undefined element"),
    ("callTable overflow", "undefined element"),
    ("uninitialized table element", "uninitialized element"),
    ("callIndirect: null", "uninitialized element"),
]
INCONCLUSIVE_TRAPS = ("stack limit",)


def binaryen_events(text):
    """binaryen's --fuzz-exec output as (kind, payload) events."""
    events = []
    for line in text.splitlines():
        if line.startswith("[fuzz-exec] calling "):
            events.append(("call", line[len("[fuzz-exec] calling "):].strip()))
        elif line.startswith("[LoggingExternalInterface logging "):
            events.append(("log", line[len("[LoggingExternalInterface logging "):-1].split()))
        elif line.startswith("[fuzz-exec] note result: "):
            value = line.split(" => ", 1)[1].strip()
            if value.startswith("(") and value.endswith(")"):
                values = [v.strip() for v in value[1:-1].split(",")]
            else:
                values = [value]
            events.append(("result", values))
        elif line.startswith("[trap "):
            events.append(("trap", line[len("[trap "):-1]))
        elif line.startswith("[fuzz-exec] comparing") or line.startswith("[fuzz-exec] running"):
            break
    return events


def gowasm_events(text):
    events = []
    for line in text.splitlines():
        kind, _, rest = line.partition(" ")
        if kind == "call":
            events.append(("call", rest))
        elif kind in ("log", "result"):
            words = rest.split()
            typed = list(zip(words[0::2], words[1::2]))
            if kind == "result" and not typed:
                continue  # binaryen prints nothing for a call without results
            events.append((kind, typed))
        elif kind == "trap":
            events.append(("trap", rest))
        else:
            events.append(("other", line))
    return events


def float_bits(text, type_):
    """binaryen's printed float as its bits; None for a NaN of any payload."""
    if "nan" in text:
        return None
    value = float(text)  # also "inf" and "-inf"
    if type_ == "f32":
        return struct.unpack("<I", struct.pack("<f", value))[0]
    return struct.unpack("<Q", struct.pack("<d", value))[0]


def is_nan_bits(bits, type_):
    if type_ == "f32":
        return (bits >> 23) & 0xFF == 0xFF and bits & 0x7FFFFF
    return (bits >> 52) & 0x7FF == 0x7FF and bits & 0xFFFFFFFFFFFFF


def same_value(theirs, ours):
    type_, text = ours
    if type_ in ("i32", "i64"):
        return int(theirs) == int(text)
    bits = int(text, 16)
    expected = float_bits(theirs, type_)
    if expected is None:
        return bool(is_nan_bits(bits, type_))
    return bits == expected


def to_i32(bits):
    return bits - 2**32 if bits >= 2**31 else bits


def trap_kind(message):
    for prefix, kind in TRAPS:
        if message.startswith(prefix):
            return kind
    return "binaryen: " + message


def compare(reference, ours):
    """(verdict, detail): 'same', 'inconclusive' or 'differ'."""
    theirs_events, our_events = binaryen_events(reference), gowasm_events(ours)
    for i, (t, o) in enumerate(zip(theirs_events, our_events)):
        if o == ("trap", "out of fuel"):
            return "inconclusive", "gowasm ran out of fuel"
        if t[0] == "trap" and t[1].startswith(INCONCLUSIVE_TRAPS):
            return "inconclusive", "binaryen: " + t[1]
        if t[0] != o[0]:
            return "differ", f"event {i}: binaryen {t}, gowasm {o}"
        if t[0] == "call" and t[1] != o[1]:
            return "differ", f"event {i}: binaryen calls {t[1]}, gowasm {o[1]}"
        if t[0] == "log" and len(o[1]) == 1 and o[1][0][0] == "i64":
            # binaryen's log-i64 prints the low and the high half as i32s
            value = int(o[1][0][1]) & (2**64 - 1)
            o = ("log", [("i32", str(to_i32(value & 0xFFFFFFFF))), ("i32", str(to_i32(value >> 32)))])
        if t[0] in ("log", "result"):
            if len(t[1]) != len(o[1]) or not all(same_value(a, b) for a, b in zip(t[1], o[1])):
                return "differ", f"event {i} ({t[0]}): binaryen {t[1]}, gowasm {o[1]}"
        if t[0] == "trap" and trap_kind(t[1]) != o[1]:
            return "differ", f"event {i}: binaryen traps '{t[1]}', gowasm '{o[1]}'"
    if len(theirs_events) != len(our_events):
        return "differ", f"binaryen has {len(theirs_events)} events, gowasm {len(our_events)}"
    return "same", ""


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, **kw)


def check_module(args, module):
    reference = run(["wasm-opt", module, *FEATURES, "--fuzz-exec-before", "-q"], timeout=120)
    ours = run([args.fuzz_exec, "--fuel", FUEL, module], timeout=120)
    if ours.returncode != 0:
        return "differ", f"gowasm-fuzz-exec exited {ours.returncode}: {ours.stderr.strip()}", reference.stdout, ours.stdout
    verdict, detail = compare(reference.stdout, ours.stdout)
    return verdict, detail, reference.stdout, ours.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fuzz-exec", required=True, help="gowasm-fuzz-exec")
    ap.add_argument("--seeds", type=int, default=100)
    ap.add_argument("--first", type=int, default=1)
    ap.add_argument("--scratch", default="/tmp/gowasm-differential")
    ap.add_argument("--reduce", action="store_true", help="shrink each mismatch with wasm-reduce")
    ap.add_argument("--check", help="compare one module; exit 1 when the runners differ (for wasm-reduce)")
    args = ap.parse_args()

    if args.check:
        verdict, detail, _, _ = check_module(args, args.check)
        print(verdict, detail)
        return 1 if verdict == "differ" else 0

    os.makedirs(args.scratch, exist_ok=True)
    counts = {"same": 0, "inconclusive": 0, "differ": 0}
    calls = 0
    started = time.time()
    for seed in range(args.first, args.first + args.seeds):
        rng = random.Random(seed)
        data = os.path.join(args.scratch, "input.bin")
        with open(data, "wb") as f:
            f.write(rng.randbytes(rng.randint(16, 8192)))
        module = os.path.join(args.scratch, "module.wasm")
        made = run(["wasm-opt", data, "-ttf", *FEATURES, "--denan", "-o", module])
        if made.returncode != 0:
            print(f"seed {seed}: wasm-opt -ttf failed: {made.stderr.strip()}")
            counts["differ"] += 1
            continue
        verdict, detail, reference, ours = check_module(args, module)
        counts[verdict] += 1
        calls += reference.count("[fuzz-exec] calling ")
        if verdict == "differ":
            keep = os.path.join(args.scratch, f"seed{seed}")
            os.makedirs(keep, exist_ok=True)
            os.replace(module, os.path.join(keep, "module.wasm"))
            for name, text in (("binaryen.txt", reference), ("gowasm.txt", ours)):
                with open(os.path.join(keep, name), "w") as f:
                    f.write(text)
            print(f"seed {seed}: MISMATCH {detail} (kept in {keep})")
            if args.reduce:
                reduced = os.path.join(keep, "reduced.wasm")
                command = f"{sys.executable} {os.path.abspath(__file__)} --fuzz-exec {args.fuzz_exec} --check {keep}/test.wasm"
                run(["wasm-reduce", os.path.join(keep, "module.wasm"), *FEATURES, f"--command={command}",
                     "-t", f"{keep}/test.wasm", "-w", reduced], timeout=600)
                print(f"seed {seed}: reduced to {reduced}")
    print(f"differential: {args.seeds} seeds ({args.first}..{args.first + args.seeds - 1}), "
          f"{calls} export calls, {counts['same']} same, {counts['differ']} differ, "
          f"{counts['inconclusive']} inconclusive, {time.time() - started:.0f} s")
    return 1 if counts["differ"] else 0


if __name__ == "__main__":
    sys.exit(main())
