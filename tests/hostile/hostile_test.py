#!/usr/bin/env python3
"""gowasm-run on hostile modules: each ends with a clear error or the right
result, never a crash, in bounded time and memory.

    hostile_test.py GOWASM_RUN GOWASM_DUMP SCRATCH_DIR

The plain modules come from wasm_gen.py (written into SCRATCH_DIR, never the
source tree); testdata/go/stackoverflow is built there with the first Go
toolchain of tests/go_toolchains.txt. Every case runs under
`/usr/bin/time -f "%e %M"` and must:

- end by exit(), not by a signal (GNU time reports those), with the
  expected status;
- print the expected result on stdout, or an error whose first stderr line
  holds the expected phrase. A load error is that one line; a trap may add
  the guest's call stack (documented in --help), which must stay short
  (MAX_TRAP_LINES) however deep the guest was;
- take less than its time bound (wall seconds) and its peak RSS bound; the
  bounds are generous (2 cores, a debug build) but far below what a
  quadratic pass or an eager allocation of the declared sizes would take.

Prints a Markdown table (case | result | time | peak memory) and `N passed,
M failed`; exits 1 if any case failed.
"""
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import go_toolchains  # noqa: E402  (tests/go_toolchains.py)
import wasm_gen  # noqa: E402

MiB = 1024  # /usr/bin/time's %M is in KiB
MAX_TRAP_LINES = 25  # message + 10 innermost + "... elided" + 10 outermost, + slack
HANG = 120  # seconds after which a run counts as hung and is killed


@dataclass
class Case:
    name: str
    module: str  # wasm_gen module name, or "go:PROGRAM"
    args: list = field(default_factory=list)  # after the module
    flags: list = field(default_factory=list)  # before it
    status: int = 0
    stdout: str = None  # the exact stdout expected
    phrase: str = None  # what the first stderr line must contain
    trap: bool = False  # stderr may go on with the guest stack ("    at ..." lines)
    stderr_line: str = None  # a line stderr must contain (Go's own fatal errors)
    seconds: float = 10
    rss_mib: int = 64
    note: str = ""
    invoke: bool = True  # --invoke f (a plain module), else run as a Go program
    tool: str = "run"  # "dump": gowasm-dump's summary instead (decode + validate only)


# RSS bounds: gowasm-run alone is ~2 MiB. A module's own size and what its
# declarations imply set the rest: ~120 B per function (1,000,000 functions),
# 8 B per table entry (10,000,000 -> 80 MB), ~80 B per br_table target, and
# the translation of 10 million instructions (~16 B per instruction, twice
# while it is built). Linear memory is reserved, not committed: a 4 GiB
# memory must cost next to nothing until touched, hence 64 MiB for those.
CASES = [
    Case("1 nested_blocks (100,000 deep)", "nested_blocks", stdout="1\n"),
    Case("2 locals_ffffffff (one entry of 2^32-1 locals)", "locals_ffffffff", status=1,
         phrase="function 0 has too many locals", trap=True,
         note="valid by the spec (at most 2^32-1 locals); refused by the translator on the first call"),
    Case("2 locals_split (3 x 0x60000000 locals)", "locals_split", status=1,
         phrase="code section, function 0, offset 0x2b: too many locals"),
    Case("3 br_table (1,000,000 targets)", "br_table", args=["999999"], stdout="42\n", rss_mib=256),
    Case("4 many_functions (1,000,000)", "many_functions", stdout="999999\n", rss_mib=512),
    Case("5 many_data_segments (1,000,000)", "many_data_segments", stdout="255\n", rss_mib=256),
    Case("6 big_memory (65,536 pages), --max-memory 4G", "big_memory", flags=["--max-memory", "4G"],
         stdout="65536\n"),
    Case("6 big_memory (65,536 pages), default cap", "big_memory", stdout="65536\n"),
    Case("6 big_memory (65,536 pages), --max-memory 64M", "big_memory", flags=["--max-memory", "64M"],
         status=1, phrase="the module's memory starts at 65536 pages, above the limit of 1024 pages"),
    Case("7 grow_loop (memory.grow until -1), default cap", "grow_loop", stdout="65536\n"),
    Case("7 grow_loop, --max-memory 64M", "grow_loop", flags=["--max-memory", "64M"], stdout="1024\n"),
    Case("8 big_table (10,000,000 entries)", "big_table", stdout="10000000\n", rss_mib=256),
    Case("9 recursion (f calls f)", "recursion", status=1, phrase="trap: call stack exhausted", trap=True,
         rss_mib=128),
    Case("9 mutual_recursion (f calls g calls f)", "mutual_recursion", status=1,
         phrase="trap: call stack exhausted", trap=True, rss_mib=128),
    Case("10 Go stackoverflow (past Go's 8 MiB limit)", "go:stackoverflow", invoke=False, status=2,
         stderr_line="runtime: goroutine stack exceeds 8388608-byte limit", rss_mib=256,
         note="Go's own fatal error and traceback, identical to Node's (go_programs_*)"),
    Case("10 Go stackoverflow nolimit (wasm depth first)", "go:stackoverflow", args=["nolimit"],
         invoke=False, status=134, phrase="call stack exhausted", trap=True, rss_mib=256),
    Case("12 huge_function (10,000,000 instructions): decode + validate", "huge_function", tool="dump",
         rss_mib=512),
    Case("12 huge_function: + translate + run", "huge_function", stdout="2500000\n", seconds=20,
         rss_mib=512),
    Case("12 huge_function, --timeout 200ms", "huge_function", flags=["--timeout", "200ms"], status=124,
         phrase="timed out after 200 ms: interrupted while translating function 0", seconds=3,
         rss_mib=512, note="the translation polls the deadline; the error says how long it ran"),
]

# Covered elsewhere, listed so that the table answers for every case.
ELSEWHERE = [
    ("11 endless loop, --timeout, --invoke and Go program",
     "gowasm_run_cli: timeout-invoke (exit 124 within 2 s of a 1 s limit), "
     "timeout-go-spin and timeout-go-sleep"),
]


def build_go(program, out):
    path = os.path.join(out, program + ".wasm")
    toolchain = go_toolchains.load()[0]
    p = toolchain.run(["build", "-o", path, "./" + program], goos="js",
                      cwd=os.path.join(HERE, "..", "..", "testdata", "go"),
                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        sys.exit(f"hostile_test: {toolchain.name} cannot build {program}:\n{p.stdout}")
    return path


def measure(cmd):
    """(status, stdout, stderr, seconds, peak KiB, signal line or None)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        try:
            p = subprocess.run(["/usr/bin/time", "-o", t.name, "-f", "%e %M"] + cmd, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=HANG)
        except subprocess.TimeoutExpired:
            return None, "", "", HANG, 0, f"hung: killed after {HANG} s"
        lines = t.read().strip().split("\n")
    seconds, kib = lines[-1].split()
    signal = next((l for l in lines if "signal" in l), None)
    return (p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"),
            float(seconds), int(kib), signal)


def check(case, status, out, err, seconds, kib, signal):
    why = []
    if signal:
        return [signal]
    if status != case.status:
        why.append(f"exit status {status}, want {case.status}")
    if case.stdout is not None and out != case.stdout:
        why.append(f"stdout {out[:200]!r}, want {case.stdout!r}")
    lines = err.split("\n")
    if lines[-1] == "":
        lines.pop()
    if case.phrase is not None:
        if not lines or case.phrase not in lines[0]:
            why.append(f"stderr's first line lacks {case.phrase!r}")
        extra = lines[1:]
        if not case.trap and extra:
            why.append(f"stderr has {len(lines)} lines, want 1")
        if case.trap:
            if len(lines) > MAX_TRAP_LINES:
                why.append(f"stderr has {len(lines)} lines, want at most {MAX_TRAP_LINES}")
            odd = [l for l in extra if not re.match(r"    (at |\.\.\. )", l)]
            if odd:
                why.append(f"stderr line {odd[0]!r} is no stack frame")
    elif case.stderr_line is not None:
        if case.stderr_line not in lines:
            why.append(f"stderr lacks the line {case.stderr_line!r}")
    elif case.tool == "run" and err:
        why.append(f"stderr {err[:200]!r}, want none")
    if seconds > case.seconds:
        why.append(f"took {seconds} s, bound {case.seconds} s")
    if kib > case.rss_mib * MiB:
        why.append(f"peak RSS {kib // MiB} MiB, bound {case.rss_mib} MiB")
    return why


def cell(text):
    return text.replace("|", "\\|")


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__.strip())
    run, dump, scratch = (os.path.abspath(a) for a in argv[1:])
    os.makedirs(scratch, exist_ok=True)
    wasm_gen.main(["wasm_gen.py", scratch])

    rows, failures = [], []
    for case in CASES:
        if case.module.startswith("go:"):
            module = build_go(case.module[3:], scratch)
        else:
            module = os.path.join(scratch, case.module + ".wasm")
        if case.tool == "dump":
            cmd = [dump, module]
        else:
            cmd = [run] + case.flags + (["--invoke", "f"] if case.invoke else []) + [module] + case.args
        status, out, err, seconds, kib, signal = measure(cmd)
        why = check(case, status, out, err, seconds, kib, signal)
        if case.tool == "dump":
            result = f"exit {status}: decoded and validated"
        elif case.phrase is not None or case.stderr_line is not None:
            first = case.stderr_line if case.stderr_line else (err.split("\n")[0] if err else "")
            more = err.count("\n") - 1
            kind = "stack lines" if case.trap else "lines of Go's traceback"
            result = f"exit {status}: `{first}`" + (f" (+{more} {kind})" if more > 0 else "")
        else:
            result = f"exit {status}: `{out.strip()[:60]}`"
        if case.note:
            result += f"; {case.note}"
        if why:
            result = "**FAIL** " + "; ".join(why) + " — " + result
            failures.append(case.name)
            sys.stderr.write(f"FAIL {case.name}: {'; '.join(why)}\n  $ {' '.join(cmd)}\n"
                             f"  stdout: {out[:500]!r}\n  stderr: {err[:1500]!r}\n")
        rows.append((case.name, result, f"{seconds:.2f} s", f"{kib / MiB:.1f} MiB"))
    for name, where in ELSEWHERE:
        rows.append((name, f"covered by {where}", "-", "-"))
    rows.sort(key=lambda row: int(row[0].split()[0]))  # by case number, stable

    print("| case | result | time | peak memory |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(cell(c) for c in row) + " |")
    print(f"\n{len(CASES) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
