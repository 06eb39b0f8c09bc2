#!/usr/bin/env python3
"""Run the Go test programs under gowasm-run and under Node.js and compare.

    run_go_programs.py --gowasm-run PATH --testdata DIR --out DIR
                       [--node-ref node-ref-run.js] [--only NAME...]
                       [--node-only] [--slow] [--timeout SECONDS]

Every program under testdata/go is built with GOOS=js GOARCH=wasm into OUT.
Each case of CASES below (program + arguments + environment) then runs under
Node.js (node-ref-run.js with Go's own wasm_exec.js, the behaviour reference)
and under `gowasm-run --env K=V ... module.wasm args`, both with the same
small environment, and stdout, stderr and the exit code must be identical
after the normalisation in normalise() (stack-trace argument words only).

--node-only runs just the Node side and prints what it produced, for checking
the cases while gowasm-run cannot run Go yet. Cases marked gowasm_only (a
module Node's glue cannot load) are skipped there. Every case also states the
exit code it expects, and some a fixed output, so that a broken reference
(the wrong Node, the wrong glue) is caught rather than copied.

Prints one line per case, `ok NAME ARGS` or `FAIL NAME ARGS: why` followed by
a unified diff, and ends with `N passed, M failed`; exits 1 if any failed.
"""
import argparse
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))

# The guest's environment besides the case's own variables. TMPDIR is fixed
# because node-ref-run.js always adds it (from os.tmpdir(), which reads it);
# TZ is fixed so the local-time zone is the same for both runners and on
# every machine (cases that test time zones override it).
DEFAULT_TZ = "UTC"
GUEST_TMPDIR = "/tmp"


@dataclass
class Case:
    program: str  # folder under testdata/go
    args: list = field(default_factory=list)
    env: dict = field(default_factory=dict)  # the case's own variables (TZ too)
    code: int = 0  # the exit code the program must end with
    stdout: str = None  # when set, the exact stdout expected
    stdout_has: list = field(default_factory=list)  # substrings stdout must contain
    stderr_has: list = field(default_factory=list)  # substrings stderr must contain
    gowasm_only: bool = False  # Node cannot run it; check the expectations only
    transform: str = None  # "gojs": rename the module's imports go.* -> gojs.*
    slow: bool = False  # only with --slow
    timeout: float = None  # seconds; --timeout when None
    name: str = None  # case label when not the program name

    def label(self):
        parts = [self.name or self.program] + [shlex.quote(a) for a in self.args]
        if self.env:
            parts.append("[" + " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items()) + "]")
        return " ".join(parts)


CASES = [
    Case("hello", stdout="hello from Go on gowasm\n"),
    Case("args_env", stdout_has=["len(os.Args): 1", "GOWASM_TEST_A set=false"]),
    # Arguments that look like options must reach the guest untouched (go
    # test passes -test.* flags after the module), as must empty and
    # non-ASCII ones.
    Case("args_env", ["one", "two words", "", "-test.v=true", "--env", "ünï"],
         env={"GOWASM_TEST_A": "alpha", "GOWASM_TEST_B": "b with spaces=and equals"},
         stdout_has=["len(os.Args): 7", 'arg 4: "-test.v=true"', 'GOWASM_TEST_B set=true value="b with spaces=and equals"',
                     "GOWASM_TEST_UNSET set=false"]),
    Case("args_env", ["x"], env={"GOWASM_TEST_A": "", "GOWASM_TEST_B": "ünïcödé ✓"},
         stdout_has=['GOWASM_TEST_A set=true value=""']),
    Case("exitcode", ["0"], code=0),
    Case("exitcode", ["1"], code=1),
    Case("exitcode", ["3"], code=3),
    Case("exitcode", ["125"], code=125),
    Case("panic", code=2, stderr_has=["panic: custom failure: gowasm panic test", "goroutine 1 [running]:", "main.inner("]),
    Case("exit_goroutine", code=7, stdout="main blocking\ngoroutine exiting with 7\n"),
    Case("deadlock", code=2, stderr_has=["fatal error: all goroutines are asleep - deadlock!", "goroutine 1 [chan receive]:"]),
    Case("goroutines", stdout_has=["sum of squares 1..100: 338350", "mutex counter: 50000", "select timeout fired"]),
    Case("timers", stdout_has=["ticks: 5 took at least 50ms: true", "three timers, each late not early: true"]),
    Case("cryptorand", stdout_has=["two reads differ: true"]),
    Case("timenow", stdout_has=["zone: UTC+0 offset 0"]),
    # A zone with a half-hour offset and no daylight saving, then one with
    # daylight saving (both runners read the offset at the same moment).
    Case("timenow", env={"TZ": "Asia/Kolkata"}, stdout_has=["zone: UTC+5:30 offset 19800"]),
    Case("timenow", env={"TZ": "America/New_York"}, stdout_has=["time.Local: Local"]),
    # 256 MiB is dozens of collections already; Go 1.19 clears memory one
    # byte at a time, so the full 4 GiB default is a benchmark, not a test.
    Case("gcpressure", ["256"], stdout_has=["collector ran at least 8 times: true", "heap stayed small: true"]),
    Case("gcpressure", stdout_has=["allocated 4096 MiB"], slow=True, timeout=900),
    Case("jsinterop", stdout_has=["text 42\n", "done\n"]),
    Case("jscallbacks", stdout_has=["sorted: 1,3,5,7,9"]),
    Case("longcompute", stdout_has=["primes below 2e6: 148933 sum: 142913828922"]),
    # The same Go 1.19 program with its imports renamed to gojs.*, as Go >=
    # 1.21 names them: the runner's gojs path. Node's 1.19 glue only offers
    # go.*, so there is no reference run, only the expected output.
    Case("hello", name="hello_gojs", transform="gojs", gowasm_only=True, stdout="hello from Go on gowasm\n"),
]


# Normalisation, applied to stderr of both runners before comparing. Both run
# the very same .wasm, so almost everything must agree byte for byte:
# goroutine numbers and states, function names, file:line and the +0x PC
# offsets all come from the binary and the Go runtime, and a difference there
# is a real runner bug (wrong resume point, different event delivery). So
# they are kept. One rule only:
#
# 1. The argument words of traceback frames, `pkg.f(0x1257b8, {0x480000,
#    ...})` -> `pkg.f(0x?, {0x?, ...})`. They are heap addresses and
#    NaN-boxed JS references; the latter carry the bridge's reference ids,
#    which Go cannot observe (js.Value.Equal compares ids, but only ids of
#    the same runner) and which a conforming bridge may number differently,
#    e.g. by handing out ids for its predefined objects in another order.
#    Go itself calls these words unreliable. Frames are recognised by their
#    shape: a line ending in `(...)` followed by a tab-indented file:line.
FRAME_FILE = re.compile(r"^\t.*:\d+( \+0x[0-9a-f]+)?$")
HEX_WORD = re.compile(r"0x[0-9a-f]+")


def normalise(text):
    lines = text.split("\n")
    for i, line in enumerate(lines[:-1]):
        if line.endswith(")") and "(" in line and FRAME_FILE.match(lines[i + 1]):
            cut = line.rfind("(")  # argument lists never contain parentheses
            lines[i] = line[:cut] + HEX_WORD.sub("0x?", line[cut:])
    return "\n".join(lines)


@dataclass
class Result:
    stdout: str
    stderr: str
    code: int  # None after a timeout
    timed_out: bool = False


def decode(data):
    return data.decode("utf-8", errors="surrogateescape")


def run(cmd, env, timeout):
    try:
        p = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        return Result(decode(p.stdout), decode(p.stderr), p.returncode)
    except subprocess.TimeoutExpired as e:
        return Result(decode(e.stdout or b""), decode(e.stderr or b""), None, timed_out=True)


def guest_env(case, base):
    """The environment both runners' guests see, in a fixed order.

    node-ref-run.js gives the guest {TMPDIR, ...process.env}, so Node's
    process environment is exactly this dict, and gowasm-run receives the
    same pairs, in the same order, with --env (its guest sees nothing else).
    Identical contents and order keep even the guest's heap layout equal.
    """
    env = {"TMPDIR": GUEST_TMPDIR}
    env.update(base)
    env["TZ"] = DEFAULT_TZ
    env.update(case.env)
    return env


def check_expectations(case, r):
    """Reasons the result breaks the case's own expectations (empty if none)."""
    why = []
    if r.timed_out:
        return ["timed out"]
    if r.code != case.code:
        why.append(f"exit code {r.code}, want {case.code}")
    if case.stdout is not None and r.stdout != case.stdout:
        why.append(f"stdout {r.stdout!r}, want {case.stdout!r}")
    why += [f"stdout lacks {s!r}" for s in case.stdout_has if s not in r.stdout]
    why += [f"stderr lacks {s!r}" for s in case.stderr_has if s not in r.stderr]
    return why


def diff(name, a, b, label_a, label_b):
    lines = difflib.unified_diff(a.splitlines(keepends=True), b.splitlines(keepends=True),
                                 f"{label_a} {name}", f"{label_b} {name}")
    out = "".join(l if l.endswith("\n") else l + "\n\\ No newline at end of file\n" for l in lines)
    return out


def indent(text):
    return "".join("    " + l + "\n" for l in text.rstrip("\n").split("\n")) if text else ""


def show(r):
    status = "timed out" if r.timed_out else f"exit code {r.code}"
    return f"  {status}\n  stdout:\n{indent(r.stdout)}  stderr:\n{indent(r.stderr)}"


def build(go, testdata, out, programs):
    """Build each program into OUT/NAME.wasm. Returns an error text or None."""
    env = dict(os.environ, GOOS="js", GOARCH="wasm")
    for prog in programs:
        cmd = [go, "build", "-o", os.path.join(out, prog + ".wasm"), "./" + prog]
        p = subprocess.run(cmd, cwd=testdata, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if p.returncode != 0:
            return f"go build ./{prog} failed:\n{decode(p.stdout)}"
    return None


def find_glue(go):
    root = subprocess.run([go, "env", "GOROOT"], stdout=subprocess.PIPE, check=True).stdout.decode().strip()
    for rel in ("lib/wasm/wasm_exec.js", "misc/wasm/wasm_exec.js"):
        if os.path.isfile(os.path.join(root, rel)):
            return os.path.join(root, rel)
    return None


def fatal(msg):
    print(f"run_go_programs: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser(description="Compare gowasm-run with Node.js on the Go test programs.")
    ap.add_argument("--gowasm-run", help="the gowasm-run binary (not needed with --node-only)")
    ap.add_argument("--testdata", default=os.path.join(HERE, "..", "..", "testdata", "go"),
                    help="the Go module with the programs (testdata/go)")
    ap.add_argument("--out", required=True, help="directory for the built modules")
    ap.add_argument("--node-ref", default=os.path.join(HERE, "..", "..", "..", "shared", "tools", "node-ref-run.js"),
                    help="node-ref-run.js, the Node.js reference runner")
    ap.add_argument("--node", default=shutil.which("node") or "/usr/bin/node", help="the node binary")
    ap.add_argument("--go", default=shutil.which("go") or "go", help="the go binary")
    ap.add_argument("--wasm-exec", help="the wasm_exec.js glue (default: from `go env GOROOT`)")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="run only these programs (or case names)")
    ap.add_argument("--node-only", action="store_true", help="run only the Node side and print its output")
    ap.add_argument("--slow", action="store_true", help="also run the slow cases")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per run (default 60)")
    opts = ap.parse_args()

    if not opts.node_only:
        if not opts.gowasm_run:
            fatal("--gowasm-run is required (or use --node-only)")
        if not (os.path.isfile(opts.gowasm_run) and os.access(opts.gowasm_run, os.X_OK)):
            fatal(f"gowasm-run is missing or not executable: {opts.gowasm_run}")
        opts.gowasm_run = os.path.abspath(opts.gowasm_run)
    if not shutil.which(opts.go):
        fatal("the Go toolchain is missing (apt-get install golang-go)")
    if not (os.path.isfile(opts.node) and os.access(opts.node, os.X_OK)):
        fatal(f"node is missing: {opts.node} (apt-get install nodejs)")
    if not os.path.isfile(opts.node_ref):
        fatal(f"the Node reference runner is missing: {opts.node_ref}")
    glue = opts.wasm_exec or find_glue(opts.go)
    if not glue or not os.path.isfile(glue):
        fatal("wasm_exec.js not found; pass --wasm-exec")

    cases = [c for c in CASES if opts.slow or not c.slow]
    if opts.only:
        cases = [c for c in cases if c.program in opts.only or (c.name or c.program) in opts.only]
        if not cases:
            fatal(f"no case matches {' '.join(opts.only)}")

    out = os.path.abspath(opts.out)
    os.makedirs(out, exist_ok=True)
    err = build(opts.go, opts.testdata, out, sorted({c.program for c in cases}))
    if err:
        print(err, end="")
        print(f"0 passed, {len(cases)} failed")
        return 1

    # The process environment of both runners, env -i style: only what the
    # runners themselves need. It is also what the guest sees (guest_env).
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/"),
            "WASM_EXEC": glue}  # so node-ref-run.js need not call go
    passed = failed = 0
    for case in cases:
        module = os.path.join(out, case.program + ".wasm")
        if case.transform == "gojs":
            renamed = os.path.join(out, f"{case.name}.wasm")
            p = subprocess.run([sys.executable, os.path.join(HERE, "rename_import_module.py"), module, renamed],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            if p.returncode != 0:
                print(f"FAIL {case.label()}: renaming the imports failed\n{indent(decode(p.stdout))}", end="")
                failed += 1
                continue
            module = renamed
        timeout = case.timeout or opts.timeout
        env = guest_env(case, base)
        label = case.label()

        if opts.node_only:
            if case.gowasm_only:
                print(f"skip {label} (gowasm only)")
                continue
            r = run([opts.node, opts.node_ref, module] + case.args, env, timeout)
            why = check_expectations(case, r)
            print(f"{'FAIL' if why else 'ok'} {label}{': ' + '; '.join(why) if why else ''}")
            print(show(r), end="")
            passed, failed = (passed + 1, failed) if not why else (passed, failed + 1)
            continue

        cmd = [opts.gowasm_run]
        for k, v in env.items():
            cmd += ["--env", f"{k}={v}"]
        g = run(cmd + [module] + case.args, env, timeout)
        why = [f"gowasm-run: {w}" for w in check_expectations(case, g)]
        report = ""
        if not case.gowasm_only:
            n = run([opts.node, opts.node_ref, module] + case.args, env, timeout)
            why += [f"node: {w}" for w in check_expectations(case, n)]
            if n.code != g.code:
                why.append(f"exit codes differ: node {n.code}, gowasm-run {g.code}")
            for stream in ("stdout", "stderr"):
                a, b = normalise(getattr(n, stream)), normalise(getattr(g, stream))
                if a != b:
                    why.append(f"{stream} differs")
                    report += diff(stream, a, b, "node", "gowasm-run")
        if why:
            failed += 1
            print(f"FAIL {label}: {'; '.join(why)}")
            # The diff when the outputs differ, else the whole gowasm-run output.
            print(indent(report) if report else "  gowasm-run:\n" + show(g), end="")
        else:
            passed += 1
            print(f"ok {label}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
