#!/usr/bin/env python3
"""The same Go programs built for both ports run the same under gowasm-run.

    both_ports_test.py --gowasm-run PATH --testdata DIR --out DIR [--toolchain go1.26.8]

Each program of CASES (the testdata/go programs that use neither
syscall/js nor files) is built by the toolchain of tests/go_toolchains.txt
twice, GOOS=js and GOOS=wasip1 (GOARCH=wasm), into OUT. Each case then runs
both modules under gowasm-run with the same arguments, environment and
options (the Go/JS bridge for one, wasi_snapshot_preview1 for the other):
stdout, stderr and the exit status must be identical, after the
normalisation below. Prints a table, program | js | wasip1 | same?, with
each side's exit status, and a diff for every case that differs; exits 1
if any does.

Left out, by reading them: deterministic, jscallbacks, jsinterop, plugin,
wapcguest and wasmexport use syscall/js (they do not build for wasip1);
timer_throws too; fs_*, sandbox_* use files (fs_stdin too: it stats
stdin); stackoverflow prints raw stack memory and goroutine addresses, which
differ between two builds; output_end interleaves the writes of several
goroutines in an order that depends on how a write blocks (on js the
writer waits for the bridge's callback, on wasip1 fd_write simply returns),
so its records come out in another, equally valid order.

Last, a WASI module given --dir must be refused in one line (exit 2): its
directories are not preopened yet, and a run without them would mislead.

Normalisation, kept to what legitimately differs between the two ports
(tracebacks need none: frames, arguments and +0x offsets come out the same
from both builds, and are compared):

1. timenow: package time names the local zone from JavaScript's Date on js
   ("UTC+0") and from TZ on wasip1 ("UTC"); the line's offset is compared,
   its name is not.
2. A deadlock's traceback on js also lists the goroutine that syscall/js
   keeps waiting for the bridge's events (`syscall/js.handleEvent`); a
   wasip1 program has no such goroutine, so that one block is removed.
"""
import argparse
import difflib
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import go_toolchains  # noqa: E402  (tests/go_toolchains.py)

# (label, program, arguments, gowasm-run options before the module, extra
# environment[, a file for stdout instead of a pipe])
CASES = [
    ("hello", "hello", [], [], {}),
    ("exitcode 0", "exitcode", ["0"], [], {}),
    ("exitcode 3", "exitcode", ["3"], [], {}),
    ("exitcode 125", "exitcode", ["125"], [], {}),
    ("panic", "panic", [], [], {}),
    ("deadlock", "deadlock", [], [], {}),
    ("exit_goroutine", "exit_goroutine", [], [], {}),
    ("goroutines", "goroutines", [], [], {}),
    ("timers", "timers", [], [], {}),
    ("timers --deterministic", "timers", [], ["--deterministic"], {}),
    ("bignum", "bignum", [], [], {}),
    ("args_env", "args_env", ["one", "two words", "", "-test.v=true", "ünï"],
     [], {"GOWASM_TEST_A": "alpha", "GOWASM_TEST_B": "b with spaces=and equals"}),
    ("timenow", "timenow", [], [], {}),
    ("timenow --deterministic", "timenow", [], ["--deterministic"], {}),
    ("cryptorand", "cryptorand", [], [], {}),
    ("cryptorand --deterministic", "cryptorand", [], ["--deterministic"], {}),
    ("longcompute", "longcompute", [], [], {}),
    ("gcpressure 128", "gcpressure", ["128"], ["--max-memory", "256M"], {}),
    ("endless spin --timeout", "endless", ["spin"], ["--timeout", "1s"], {}),
    ("endless sleep --timeout", "endless", ["sleep"], ["--timeout", "1s"], {}),
    # The guest's write fails with ENOSPC; gowasm-run says so and exits 3.
    ("writeerror >/dev/full", "writeerror", [], [], {}, "/dev/full"),
]
PORTS = ("js", "wasip1")

# A goroutine's block in a traceback: its header line up to the blank line.
JS_EVENT_GOROUTINE = re.compile(
    r"\n\ngoroutine \d+ \[[^\]]*\]:\nsyscall/js\.handleEvent\(\)\n[^\n]*\n(?=\n|$)")


def normalise(program, port, text):
    if program == "timenow":
        text = re.sub(r"^zone: \S+ offset", "zone: ? offset", text, flags=re.M)
    if port == "js":
        text = JS_EVENT_GOROUTINE.sub("\n", text)
    return text


def build(tc, testdata, out, program, goos):
    path = os.path.join(out, goos, program + ".wasm")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    p = tc.run(["build", "-o", path, "./" + program], goos=goos, cwd=testdata,
               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        raise SystemExit(f"cannot build {program} for {goos}:\n{p.stdout}")
    return path


def run(gowasm_run, flags, module, args, env, stdout_to=None):
    """gowasm-run in the module's folder, given its bare name: argv[0] and
    whatever gowasm-run says about the module are the same for both ports."""
    cmd = [gowasm_run] + [a for k, v in env.items() for a in ("--env", f"{k}={v}")] + flags
    cmd += [os.path.basename(module)] + args
    out = open(stdout_to, "wb") if stdout_to else None
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=out or subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60, cwd=os.path.dirname(module),
                           env={"PATH": "/usr/bin:/bin"})
    finally:
        if out:
            out.close()
    p.stdout = p.stdout or b""
    return (p.stdout.decode("utf-8", "surrogateescape"),
            p.stderr.decode("utf-8", "surrogateescape"), p.returncode)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gowasm-run", required=True)
    ap.add_argument("--testdata", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--toolchain", default="go1.26.8")
    a = ap.parse_args()
    a.gowasm_run = os.path.abspath(a.gowasm_run)
    tc = go_toolchains.get(a.toolchain)
    tc.check()
    started = time.monotonic()
    modules = {}
    for program in sorted({c[1] for c in CASES}):
        for goos in PORTS:
            modules[program, goos] = build(tc, a.testdata, a.out, program, goos)
    built = time.monotonic() - started
    rows, diffs = [], []
    env = {"TZ": "UTC"}
    for label, program, args, flags, extra, *stdout_to in CASES:
        results = {goos: run(a.gowasm_run, flags, modules[program, goos], args, {**env, **extra},
                             *stdout_to)
                   for goos in PORTS}
        js, wasi = results["js"], results["wasip1"]
        same_code = js[2] == wasi[2]
        streams = []
        for i, name in ((0, "stdout"), (1, "stderr")):
            left, right = normalise(program, "js", js[i]), normalise(program, "wasip1", wasi[i])
            if left != right:
                streams.append(name)
                diffs.append(f"--- {label}: {name} differs\n" + "".join(difflib.unified_diff(
                    left.splitlines(True), right.splitlines(True), "js", "wasip1")))
        if not same_code:
            diffs.append(f"--- {label}: exit status js {js[2]}, wasip1 {wasi[2]}")
        same = same_code and not streams
        rows.append((label, f"exit {js[2]}", f"exit {wasi[2]}",
                     "yes" if same else "NO (" + ", ".join(streams + ([] if same_code else ["status"])) + ")"))
    widths = [max(len(r[i]) for r in rows + [("program", "js", "wasip1", "same?")]) for i in range(4)]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
    print(line(("program", "js", "wasip1", "same?")))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    for d in diffs:
        print(d)
    different = sum(1 for r in rows if r[3] != "yes")
    print(f"{len(rows) - different} same, {different} different "
          f"(built in {built:.1f} s, {time.monotonic() - started:.1f} s in all)")
    # --dir for a WASI module: refused in one line, exit 2.
    wasm = modules["hello", "wasip1"]
    p = subprocess.run([a.gowasm_run, "--dir", a.out, wasm], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=60)
    if p.returncode != 2 or p.stdout or len(p.stderr.splitlines()) != 1 or "--dir" not in p.stderr:
        print(f"FAIL --dir with a WASI module: exit {p.returncode}, stdout {p.stdout!r}, "
              f"stderr {p.stderr!r} (expected exit 2 and one line naming --dir)")
        different += 1
    else:
        print(f"ok --dir with a WASI module: exit 2, {p.stderr.strip()!r}")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
