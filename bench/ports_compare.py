#!/usr/bin/env python3
"""Go's two WebAssembly ports side by side: gobench built for GOOS=wasip1
under gowasm-run, wazero's interpreter and wazero's compiler, and the same
source built for GOOS=js under gowasm-run and Node.js, in one run.

    ports_compare.py --gowasm-run build/bin/gowasm-run --wazero PATH
                     [--runs 5] [--steady] [workload[:size] ...]

Builds ../shared/bench/gobench twice with `go` (GOOS=js and GOOS=wasip1,
GOARCH=wasm) into a temporary directory, then runs every workload under

    node            the js build, Node.js with the toolchain's wasm_exec.js
    gowasm js       the js build, gowasm-run
    gowasm wasip1   the wasip1 build, gowasm-run
    wazero interp   the wasip1 build, wazero run -interpreter
    wazero compiler the wasip1 build, wazero run (a compilation cache in
                    the temporary directory, warmed by the uncounted run)

Times are medians of --runs runs after one warm-up (compare.py's measure).
Every runner's output must equal node's (the workloads print a checksum);
one that differs is marked WRONG. Ratios are to gowasm wasip1, the row this
script is about; the last line is each runner's geometric mean of them.
--steady uses compare.py's ten-times-larger sizes. wazero comes from
`go install github.com/tetratelabs/wazero/cmd/wazero@v1.12.0`
(the gostd-wasip1 test set-up leaves one in build/tools).
"""
import argparse, os, statistics, subprocess, sys, tempfile

SHARED_BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench")
sys.path.insert(0, SHARED_BENCH)
import compare  # noqa: E402  (../shared/bench/compare.py: measure, WORKLOADS, STEADY)


def build(goos, out):
    env = dict(os.environ, GOOS=goos, GOARCH="wasm")
    subprocess.run(["go", "build", "-o", out, "."], cwd=os.path.join(SHARED_BENCH, "gobench"),
                   env=env, check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gowasm-run", required=True)
    ap.add_argument("--wazero", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--steady", action="store_true", help="compare.py's larger sizes")
    ap.add_argument("workloads", nargs="*")
    a = ap.parse_args()
    scratch = tempfile.mkdtemp(prefix="ports-compare-")
    js, wasip1 = os.path.join(scratch, "gobench-js.wasm"), os.path.join(scratch, "gobench-wasip1.wasm")
    build("js", js)
    build("wasip1", wasip1)
    gowasm = os.path.abspath(a.gowasm_run)
    cache = os.path.join(scratch, "wazero-cache")
    runners = [
        ("node", ["node", os.path.join(SHARED_BENCH, "..", "tools", "node-ref-run.js"), js]),
        ("gowasm js", [gowasm, js]),
        ("gowasm wasip1", [gowasm, wasip1]),
        ("wazero interp", [a.wazero, "run", "-interpreter", wasip1, "--"]),
        ("wazero compiler", [a.wazero, "run", "-cachedir", cache, wasip1, "--"]),
    ]
    names = a.workloads or (compare.STEADY if a.steady else compare.WORKLOADS)
    print(f"{'workload':16} " + " ".join(f"{n:>24}" for n, _ in runners), flush=True)
    ratios = {n: [] for n, _ in runners}
    for w in names:
        times, outputs = {}, {}
        for n, cmd in runners:
            t, outs, rcs, _ = compare.measure(cmd + w.split(":"), a.runs, a.timeout)
            times[n] = t
            outputs[n] = next(iter(outs)) if rcs == {0} and len(outs) == 1 else None
        cells = []
        for n, _ in runners:
            ok = outputs[n] is not None and outputs[n] == outputs["node"]
            ratio = times[n] / times["gowasm wasip1"]
            if ok:
                ratios[n].append(ratio)
            cells.append(f"{times[n]:8.3f}s {ratio:5.2f}x" + ("" if ok else " WRONG"))
        print(f"{w:16} " + " ".join(f"{c:>24}" for c in cells), flush=True)
    geo = lambda xs: statistics.geometric_mean(xs) if xs else float("nan")
    print(f"{'geomean':16} " + " ".join(f"{geo(ratios[n]):14.2f}x ({len(ratios[n])} ok)" for n, _ in runners))


if __name__ == "__main__":
    main()
