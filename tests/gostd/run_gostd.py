#!/usr/bin/env python3
"""Go's own standard-library tests under gowasm-run and under a reference runner.

    run_gostd.py --gowasm-run PATH --out DIR --toolchain NAME
                 (--node-ref node-ref-run.js | --goos wasip1 --host-fs
                  --wazero-version VERSION --wazero-dir DIR)
                 [--list FILE ... | PKG ...] [--short]
                 [--run REGEXP] [--timeout S] [--host-fs] [--gowasm-arg=ARG ...]
                 [--reference-when-needed]

Builds `GOOS=GOOS GOARCH=wasm go test -c` (GOOS js by default) for each
package with the Go toolchain NAME of tests/go_toolchains.txt into OUT (kept
while newer than that toolchain), runs the binary in the package's source
directory (PWD set to it) under gowasm-run and under the reference runner
with `-test.run=REGEXP` (default ^Test: examples need temporary files), and
reports each package as
  pass        passes under both
  fail-both   fails under both (the reference's last lines say why)
  gowasm-only passes under gowasm-run, fails under the reference as its list
              entry says it does (`PKG node-fails "TEXT"`, `PKG wazero-fails
              "TEXT"`: that runner's output has TEXT; other runners' notes
              do not apply)
With --reference-when-needed the reference runs only for a package that
fails under gowasm-run: that is all it takes to tell DIFFERS from
fail-both, and so to hold "every package that passes under the reference
passes under gowasm-run"; the reference's column then says "-" where it did
not run, and a reference failure where gowasm-run passes goes unseen. (The
CI's wasip1 run uses it, for time; run without it for the whole table.)

A list entry may also say `PKG wasip1-skip "REGEXP"`: in the wasip1 run
both runners get -test.skip=REGEXP (the row says so). It is for tests that
only measure the interpreter, which is the same for both ports and runs
them in the js run, and that would cost the wasip1 run minutes.
  DIFFERS     passes under one runner only, unexplained
with each runner's time. The last line is `N passed, M failed`, where a
package counts as failed only when the runners differ unexplained; exit
status 1 then.

The reference: for js, Node.js with the toolchain's own wasm_exec.js; for
wasip1, wazero VERSION, run as Go's own lib/wasm/go_wasip1_wasm_exec runs it
(`wazero run -mount /:/ -env-inherit -cachedir ...`) with GOWASIRUNTIME=wazero,
as on Go's wazero builder, so that Go's tests skip what they know wazero
lacks; gowasm-run runs with that environment too, so that both run the same
tests. wazero is taken from DIR when it is that version there, else built
into DIR with `go install` from the Go module proxy.

gowasm-run gets only TMPDIR and HOME in its environment and no filesystem,
unless --host-fs: then it runs with --host-fs (/ mounted read-write, the
environment inherited, cwd the host's), as Node.js and wazero do (wasip1
needs it). --gowasm-arg=ARG passes any other option to gowasm-run
(repeatable; write it with `=`).
"""
import argparse, os, shlex, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import go_toolchains  # noqa: E402  (tests/go_toolchains.py)

# What a list entry may say after the package: a reference that fails
# (`node-fails "TEXT"`), tests the wasip1 run skips (`wasip1-skip "REGEXP"`).
NOTES = ("node-fails", "wazero-fails", "wasip1-skip")

def build(toolchain, goos, pkg, out):
    wasm = os.path.join(out, f"{pkg.replace('/', '_')}.{goos}.test.wasm")
    if not os.path.exists(wasm) or os.path.getmtime(wasm) < os.path.getmtime(toolchain.goroot()):
        toolchain.run(["test", "-c", "-o", wasm, pkg], goos=goos, check=True, stdout=subprocess.DEVNULL)
    return wasm

def read_list(path):
    """[(package, {note: text})] from a list file: `PKG [NOTE "TEXT"] ...`,
    each NOTE one of NOTES."""
    entries = []
    with open(path) as f:
        for line in f:
            words = shlex.split(line, comments=True)
            if not words:
                continue
            notes = list(zip(words[1::2], words[2::2]))
            if len(words) % 2 == 0 or any(key not in NOTES for key, _ in notes):
                sys.exit(f"run_gostd: {path}: bad line: {line.strip()}")
            entries.append((words[0], dict(notes)))
    return entries

def wazero(toolchain, version, gobin):
    """The wazero command of release VERSION in GOBIN, built there by `go
    install` from the Go module proxy unless it already is."""
    path = os.path.join(gobin, "wazero")
    if os.access(path, os.X_OK):
        have = subprocess.run([path, "version"], capture_output=True, text=True).stdout.strip()
        if have == version:
            return path
    print(f"building wazero {version} into {gobin}", flush=True)
    toolchain.run(["install", f"github.com/tetratelabs/wazero/cmd/wazero@{version}"],
                  env=dict(os.environ, GOBIN=gobin), check=True)
    return path

def run(cmd, cwd, timeout, env=None):
    start = time.perf_counter()
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
        out, rc = p.stdout + p.stderr, p.returncode
    except subprocess.TimeoutExpired:
        out, rc = "TIMEOUT", -1
    return rc == 0 and out.rstrip().endswith("PASS"), time.perf_counter() - start, out

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gowasm-run", required=True)
    ap.add_argument("--goos", choices=("js", "wasip1"), default="js")
    ap.add_argument("--node-ref", help="node-ref-run.js: the reference for js")
    ap.add_argument("--wazero-version", help="the wazero release that is the reference for wasip1")
    ap.add_argument("--wazero-dir", help="where that wazero is, or is built")
    ap.add_argument("--out", required=True)
    ap.add_argument("--toolchain", required=True, metavar="NAME",
                    help="the Go toolchain of tests/go_toolchains.txt that builds the tests")
    ap.add_argument("--list", action="append", default=[],
                    help="file with one package per line (# comments; repeatable)")
    ap.add_argument("--short", action="store_true", help="pass -test.short to both runners")
    ap.add_argument("--run", default="^Test")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--host-fs", action="store_true",
                    help="run gowasm-run with --host-fs (host filesystem, inherited environment)")
    ap.add_argument("--gowasm-arg", action="append", default=[], metavar="ARG",
                    help="extra gowasm-run option (repeatable; --gowasm-arg=--flag)")
    ap.add_argument("--reference-when-needed", action="store_true",
                    help="run the reference only where gowasm-run fails")
    ap.add_argument("packages", nargs="*")
    a = ap.parse_args()
    a.gowasm_run = os.path.abspath(a.gowasm_run)
    a.out = os.path.abspath(a.out)
    if not os.access(a.gowasm_run, os.X_OK):
        sys.exit(f"run_gostd: gowasm-run is missing or not executable: {a.gowasm_run}")
    toolchain = go_toolchains.get(a.toolchain)
    os.makedirs(a.out, exist_ok=True)
    # The reference runner: its name, its command before the test's
    # arguments, and its environment (gowasm-run's too in host mode).
    if a.goos == "js":
        if not a.node_ref:
            ap.error("js needs --node-ref")
        ref_name = "node"
        ref_cmd = lambda wasm: ["node", os.path.abspath(a.node_ref), wasm]
        ref_env = dict(os.environ, WASM_EXEC=toolchain.glue())
    else:
        if not (a.wazero_version and a.wazero_dir and a.host_fs):
            ap.error("wasip1 needs --wazero-version, --wazero-dir and --host-fs")
        ref_name = "wazero"
        wazero_run = [wazero(toolchain, a.wazero_version, os.path.abspath(a.wazero_dir)), "run",
                      "-mount", "/:/", "-env-inherit", "-cachedir", os.path.join(a.out, "wazero-cache")]
        ref_cmd = lambda wasm: wazero_run + [wasm]
        ref_env = dict(os.environ, GOWASIRUNTIME="wazero")
    packages = [(p, {}) for p in a.packages]
    for path in a.list:
        packages += read_list(path)
    args = ["-test.run=" + a.run] + (["-test.short"] if a.short else [])
    if a.host_fs:
        flags = ["--host-fs"]
    else:
        flags = ["--env", "TMPDIR=" + os.environ.get("TMPDIR", "/tmp"), "--env", "HOME=" + os.environ.get("HOME", "/")]
    flags += a.gowasm_arg
    passed = failed = 0
    totals = [0.0, 0.0]
    counts = {}
    print(f"{toolchain.name} {a.goos}: {len(packages)} packages")
    print(f"{'package':24} {'result':11} {'gowasm-run':>10} {ref_name:>10}")
    for pkg, notes in packages:
        wasm = build(toolchain, a.goos, pkg, a.out)
        cwd = os.path.join(toolchain.goroot(), "src", pkg)
        # subprocess's cwd does not set PWD, where the wasip1 port starts.
        env = dict(ref_env, PWD=cwd)
        skip = notes.get(f"{a.goos}-skip")
        pkg_args = args + ([f"-test.skip={skip}"] if skip else [])
        ok_g, t_g, out_g = run([a.gowasm_run] + flags + [wasm] + pkg_args, cwd, a.timeout, env=env)
        if ok_g and a.reference_when_needed:
            ok_r, t_r, out_r = True, None, ""
        else:
            ok_r, t_r, out_r = run(ref_cmd(wasm) + pkg_args, cwd, a.timeout, env=env)
        totals[0] += t_g
        totals[1] += t_r or 0
        result = "pass" if ok_g and ok_r else "fail-both" if not ok_g and not ok_r else "DIFFERS"
        ref_fails = notes.get(f"{ref_name}-fails")
        if result == "DIFFERS" and ok_g and ref_fails and ref_fails in out_r:
            result = "gowasm-only"
        counts[result] = counts.get(result, 0) + 1
        ref_time = f"{t_r:9.2f}s" if t_r is not None else f"{'-':>10}"
        print(f"{pkg:24} {result:11} {t_g:9.2f}s {ref_time}" + (f"  (skipped: {skip})" if skip else ""),
              flush=True)
        if result == "DIFFERS":
            failed += 1
            for name, out in (("gowasm-run", out_g), (ref_name, out_r)):
                print(f"  --- {name}, last lines:\n    " + "\n    ".join(out.rstrip().splitlines()[-8:]))
        else:
            passed += 1
            if result == "fail-both":
                print(f"  {ref_name}: " + " | ".join(out_r.rstrip().splitlines()[-3:]))
            elif result == "gowasm-only":
                print(f"  {ref_name} fails as listed: {ref_fails}")
    print(f"{'total':24} {'':11} {totals[0]:9.2f}s {totals[1]:9.2f}s")
    print(", ".join(f"{n} {r}" for r, n in sorted(counts.items())))
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
