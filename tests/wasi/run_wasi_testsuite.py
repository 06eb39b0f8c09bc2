#!/usr/bin/env python3
"""The official WASI preview 1 test suite under gowasm-run.

    run_wasi_testsuite.py --gowasm-run PATH --suite DIR --out DIR [-v] [NAME ...]

DIR is ../shared/wasi-testsuite (read-only). Each folder
tests/LANGUAGE/testsuite/wasm32-wasip1/ holds the prebuilt test cases of one
source language: every NAME.wasm is a case, NAME.json its specification as
the suite's SPECIFICATION.md describes it, in the legacy flat form (args,
env, root, exit_code, stdout, stderr) or as a list of operations (run, read,
wait; connect/send/recv for the sockets proposal).

Each case runs as the suite's own wazero adapter runs it: the arguments
after the module, exactly the given environment (gowasm-run inherits none),
and `root` preopened as the guest's `/`, with `--dir COPY:/`, where COPY is
a fresh writable copy of that folder under OUT (the suite's folder stays
untouched, and no case sees what another one left behind). A case passes
when its exit status is the expected one, and so is each output stream its
specification gives (see load_spec).

A case is "not applicable" when its specification asks for a proposal
(http, sockets) that a preview 1 runner without networking has no way to
offer; none of the wasm32-wasip1 cases does today, and the count says so.

Prints one line per failure (with what differed), and per language:
passed, failed, not applicable. NAMEs restrict the run to cases whose
LANGUAGE/NAME contains one of them. Exits 1 if any case failed.
"""
import argparse, json, os, shutil, stat, subprocess, sys

def load_spec(json_path):
    """(proposals, operations) of a case. The legacy fields become run,
    read and wait operations; a stream is read (compared) only when the
    specification gives it, as the suite's own executor does (its
    stdout_validator skips a stdout the specification leaves out, and it
    has no stderr validator): cases such as rust/stdio report their
    progress on stderr and have no expectation for it."""
    spec = {}
    if os.path.exists(json_path):
        with open(json_path) as f:
            spec = json.load(f)
    if "operations" in spec:
        return spec.get("proposals", []), spec["operations"]
    operations = [{"type": "run", "args": spec.get("args", []), "env": spec.get("env", {}),
                   "root": spec.get("root")}]
    operations += [{"type": "read", "id": s, "payload": spec[s]} for s in ("stdout", "stderr") if s in spec]
    return [], operations + [{"type": "wait", "exit_code": spec.get("exit_code", 0)}]

def fresh_copy(source, dest):
    """A writable copy of SOURCE at DEST (the shared suite is read-only)."""
    if os.path.lexists(dest):
        shutil.rmtree(dest)
    shutil.copytree(source, dest, symlinks=True)
    for top, dirs, files in os.walk(dest):
        for name in dirs + files:
            path = os.path.join(top, name)
            if not os.path.islink(path):
                os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR)
    os.chmod(dest, os.stat(dest).st_mode | stat.S_IWUSR)

def run_case(gowasm_run, case_dir, name, out_dir, timeout):
    """(verdict, reason): verdict is "passed", "failed" or "n/a"."""
    proposals, operations = load_spec(os.path.join(case_dir, name + ".json"))
    if proposals:
        return "n/a", "needs the " + ", ".join(proposals) + " proposal"
    run = next((op for op in operations if op["type"] == "run"), None)
    if run is None or any(op["type"] not in ("run", "read", "wait") for op in operations):
        return "n/a", "needs a network peer (connect/send/recv)"
    cmd = [gowasm_run]
    for key, value in run.get("env", {}).items():
        cmd += ["--env", f"{key}={value}"]
    if run.get("root"):
        root = os.path.join(out_dir, "root")
        fresh_copy(os.path.join(case_dir, run["root"]), root)
        cmd += ["--dir", root + ":/"]
    cmd += [os.path.join(case_dir, name + ".wasm")] + list(run.get("args", []))
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout, cwd=out_dir, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return "failed", f"timed out after {timeout} s"
    streams = {"stdout": p.stdout.decode(errors="replace"), "stderr": p.stderr.decode(errors="replace")}
    for op in operations:
        if op["type"] == "read":
            got, want = streams[op.get("id", "stdout")], op.get("payload", "")
            if got != want:
                return "failed", f"{op.get('id', 'stdout')} {got!r}, expected {want!r}" + (
                    "" if op.get("id") == "stderr" else f"; stderr {streams['stderr'][:300]!r}")
        elif op["type"] == "wait" and p.returncode != op.get("exit_code", 0):
            return "failed", (f"exit status {p.returncode}, expected {op.get('exit_code', 0)}; "
                              f"stderr {streams['stderr'][:300]!r}")
    return "passed", ""

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gowasm-run", required=True)
    ap.add_argument("--suite", required=True, help="../shared/wasi-testsuite")
    ap.add_argument("--out", required=True, help="scratch directory for the cases' filesystems")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("-v", "--verbose", action="store_true", help="print every case, not only failures")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    gowasm_run = os.path.abspath(a.gowasm_run)
    tests = os.path.join(os.path.abspath(a.suite), "tests")
    if not os.path.isdir(tests):
        sys.exit(f"run_wasi_testsuite: no test suite at {a.suite}")
    failed_total = 0
    rows = []
    for language in sorted(os.listdir(tests)):
        case_dir = os.path.join(tests, language, "testsuite", "wasm32-wasip1")
        if not os.path.isdir(case_dir):
            continue
        counts = {"passed": 0, "failed": 0, "n/a": 0}
        for wasm in sorted(f for f in os.listdir(case_dir) if f.endswith(".wasm")):
            name = wasm[:-len(".wasm")]
            if a.names and not any(n in f"{language}/{name}" for n in a.names):
                continue
            out_dir = os.path.join(os.path.abspath(a.out), language, name)
            os.makedirs(out_dir, exist_ok=True)
            verdict, reason = run_case(gowasm_run, case_dir, name, out_dir, a.timeout)
            counts[verdict] += 1
            if verdict != "passed" or a.verbose:
                print(f"{verdict:7} {language}/{name}" + (f": {reason}" if reason else ""), flush=True)
        rows.append((language, counts))
        failed_total += counts["failed"]
    print(f"{'language':16} {'passed':>6} {'failed':>6} {'not applicable':>14}")
    for language, c in rows:
        print(f"{language:16} {c['passed']:6} {c['failed']:6} {c['n/a']:14}")
    print(f"{sum(c['passed'] for _, c in rows)} passed, {failed_total} failed, "
          f"{sum(c['n/a'] for _, c in rows)} not applicable")
    sys.exit(1 if failed_total else 0)

if __name__ == "__main__":
    main()
