#!/usr/bin/env python3
"""Go's own standard-library tests under gowasm-run and under Node.js.

    run_gostd.py --gowasm-run PATH --node-ref node-ref-run.js --out DIR
                 --toolchain NAME [--list FILE ... | PKG ...] [--short]
                 [--run REGEXP] [--timeout S] [--host-fs] [--gowasm-arg=ARG ...]

Builds `GOOS=js GOARCH=wasm go test -c` for each package with the Go
toolchain NAME of tests/go_toolchains.txt into OUT (kept while newer than
that toolchain), runs the binary in the package's source directory under
both runners (Node with the toolchain's own wasm_exec.js) with
`-test.run=REGEXP` (default ^Test: examples need temporary files), and
reports each package as
  pass        passes under both
  fail-both   fails under both (Node's last lines say why)
  gowasm-only passes under gowasm-run, fails under Node as its list entry
              says Node does (`PKG node-fails "TEXT"`: Node's output has TEXT)
  DIFFERS     passes under one runner only, unexplained
with each runner's time. The last line is `N passed, M failed`, where a
package counts as failed only when the runners differ unexplained; exit
status 1 then.

gowasm-run gets only TMPDIR and HOME in its environment and no filesystem,
unless --host-fs: then it runs with --host-fs (/ mounted read-write, the
environment inherited, cwd the host's), as Node.js does. --gowasm-arg=ARG
passes any other option to gowasm-run (repeatable; write it with `=`).
"""
import argparse, os, shlex, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import go_toolchains  # noqa: E402  (tests/go_toolchains.py)

def build(toolchain, pkg, out):
    wasm = os.path.join(out, pkg.replace("/", "_") + ".test.wasm")
    if not os.path.exists(wasm) or os.path.getmtime(wasm) < os.path.getmtime(toolchain.goroot()):
        toolchain.run(["test", "-c", "-o", wasm, pkg], goos="js", check=True, stdout=subprocess.DEVNULL)
    return wasm

def read_list(path):
    """[(package, text Node's failure output has or None)] from a list file."""
    entries = []
    with open(path) as f:
        for line in f:
            words = shlex.split(line, comments=True)
            if not words:
                continue
            if len(words) == 3 and words[1] == "node-fails":
                entries.append((words[0], words[2]))
            elif len(words) == 1:
                entries.append((words[0], None))
            else:
                sys.exit(f"run_gostd: {path}: bad line: {line.strip()}")
    return entries

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
    ap.add_argument("--node-ref", required=True)
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
    ap.add_argument("packages", nargs="*")
    a = ap.parse_args()
    a.gowasm_run = os.path.abspath(a.gowasm_run)
    a.node_ref = os.path.abspath(a.node_ref)
    a.out = os.path.abspath(a.out)
    if not os.access(a.gowasm_run, os.X_OK):
        sys.exit(f"run_gostd: gowasm-run is missing or not executable: {a.gowasm_run}")
    toolchain = go_toolchains.get(a.toolchain)
    packages = [(p, None) for p in a.packages]
    for path in a.list:
        packages += read_list(path)
    os.makedirs(a.out, exist_ok=True)
    args = ["-test.run=" + a.run] + (["-test.short"] if a.short else [])
    if a.host_fs:
        flags = ["--host-fs"]
    else:
        flags = ["--env", "TMPDIR=" + os.environ.get("TMPDIR", "/tmp"), "--env", "HOME=" + os.environ.get("HOME", "/")]
    flags += a.gowasm_arg
    passed = failed = 0
    totals = [0.0, 0.0]
    node_env = dict(os.environ, WASM_EXEC=toolchain.glue())
    counts = {}
    print(f"{toolchain.name}: {len(packages)} packages")
    print(f"{'package':24} {'result':11} {'gowasm-run':>10} {'node':>10}")
    for pkg, node_fails in packages:
        wasm = build(toolchain, pkg, a.out)
        cwd = os.path.join(toolchain.goroot(), "src", pkg)
        ok_g, t_g, out_g = run([a.gowasm_run] + flags + [wasm] + args, cwd, a.timeout)
        ok_n, t_n, out_n = run(["node", a.node_ref, wasm] + args, cwd, a.timeout, env=node_env)
        totals[0] += t_g
        totals[1] += t_n
        result = "pass" if ok_g and ok_n else "fail-both" if not ok_g and not ok_n else "DIFFERS"
        if result == "DIFFERS" and ok_g and node_fails and node_fails in out_n:
            result = "gowasm-only"
        counts[result] = counts.get(result, 0) + 1
        print(f"{pkg:24} {result:11} {t_g:9.2f}s {t_n:9.2f}s", flush=True)
        if result == "DIFFERS":
            failed += 1
            for name, out in (("gowasm-run", out_g), ("node", out_n)):
                print(f"  --- {name}, last lines:\n    " + "\n    ".join(out.rstrip().splitlines()[-8:]))
        else:
            passed += 1
            if result == "fail-both":
                print("  node: " + " | ".join(out_n.rstrip().splitlines()[-3:]))
            elif result == "gowasm-only":
                print(f"  node fails as listed: {node_fails}")
    print(f"{'total':24} {'':11} {totals[0]:9.2f}s {totals[1]:9.2f}s")
    print(", ".join(f"{n} {r}" for r, n in sorted(counts.items())))
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
