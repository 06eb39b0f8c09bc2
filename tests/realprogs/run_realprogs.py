#!/usr/bin/env python3
"""Real Go programs, built from their modules, under gowasm-run and Node.js.

    run_realprogs.py --gowasm-run PATH --out DIR [--node-ref node-ref-run.js]
                     [--toolchain NAME] [--only PROGRAM ...]

The module in this folder (go.mod and go.sum pin every version; nothing is
vendored) names each program as a `tool`. Each is built with GOOS=js
GOARCH=wasm by the toolchain NAME of tests/go_toolchains.txt (default
go1.26.8) into OUT, then every case of CASES runs under both runners in a
fresh copy of inputs/PROGRAM (mounted with --dir at its own path, the working
directory of both runners) with the same environment and stdin. stdout,
stderr, the exit code and the files the program leaves in its directory must
be identical. Prints a line per case, a table per program (cases, both
runners' total time), and `N passed, M failed`.

cue is pinned at v0.16.1: v0.17.1 does not build for GOOS=js (its language
server sets websocket.DialOptions.HTTPHeader, a field the js build of
github.com/coder/websocket lacks).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "go_programs"))
import go_toolchains  # noqa: E402
from run_go_programs import diff, indent, run  # noqa: E402

# Program name -> the package the go.mod's tool directive names.
PROGRAMS = {
    "cue": "cuelang.org/go/cmd/cue",
    "jsonnet": "github.com/google/go-jsonnet/cmd/jsonnet",
    "shfmt": "mvdan.cc/sh/v3/cmd/shfmt",
    "gofumpt": "mvdan.cc/gofumpt",
    "hclfmt": "github.com/hashicorp/hcl/v2/cmd/hclfmt",
}


@dataclass
class Case:
    program: str
    args: list
    code: int = 0  # the exit status both runners must give
    stdin: str = None  # a file of inputs/PROGRAM fed as stdin; None: /dev/null
    stdout_has: list = field(default_factory=list)  # so that a broken reference is noticed
    stderr_has: list = field(default_factory=list)

    def label(self):
        return " ".join([self.program] + self.args + ([f"< {self.stdin}"] if self.stdin else []))


CASES = [
    Case("cue", ["export", "services.cue"], stdout_has=['"total_replicas": 5']),
    Case("cue", ["export", "--out", "yaml", "-e", "services.web", "services.cue"], stdout_has=["replicas: 3"]),
    Case("cue", ["vet", "schema.cue", "people.yaml"]),
    Case("cue", ["vet", "schema.cue", "bad_people.yaml"], code=1, stderr_has=["people.0.age"]),
    Case("cue", ["fmt", "services.cue"]),
    Case("cue", ["export", "syntax_error.cue"], code=1, stderr_has=["missing ',' before newline"]),
    Case("jsonnet", ["main.jsonnet"], stdout_has=['"kind": "Deployment"']),
    Case("jsonnet", ["-m", ".", "main.jsonnet"], stdout_has=["summary.json"]),
    Case("jsonnet", ["runtime_error.jsonnet"], code=1, stderr_has=["privileged port 80"]),
    Case("jsonnet", ["syntax_error.jsonnet"], code=1, stderr_has=["syntax_error.jsonnet:"]),
    Case("shfmt", ["-i", "2", "-ci"], stdin="deploy.sh", stdout_has=["usage() {"]),
    Case("shfmt", ["-d", "deploy.sh"], code=1, stdout_has=["+++ deploy.sh"]),
    Case("shfmt", ["-w", "-s", "deploy.sh"]),
    Case("shfmt", ["syntax_error.sh"], code=1, stderr_has=["syntax_error.sh:"]),
    Case("gofumpt", [], stdin="server.go", stdout_has=['\t"fmt"\n\t"log"\n\t"net/http"\n']),
    Case("gofumpt", ["-l", "."], code=2, stdout_has=["server.go"], stderr_has=["syntax_error.go:4:17"]),
    Case("gofumpt", ["-w", "server.go"]),
    Case("gofumpt", ["syntax_error.go"], code=2, stderr_has=["syntax_error.go:"]),
    Case("hclfmt", ["main.tf"], stdout_has=['  instance_type = "t3.micro"']),
    Case("hclfmt", ["-w", "main.tf"]),
    Case("hclfmt", ["missing.tf"], code=1, stderr_has=["missing.tf: No such file or directory"]),
]


def build(toolchain, out, programs):
    """Builds each program into OUT/NAME.wasm; returns an error text or None."""
    for name in programs:
        p = toolchain.run(["build", "-mod=readonly", "-o", os.path.join(out, name + ".wasm"), PROGRAMS[name]],
                          goos="js", cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode != 0:
            return f"building {name} ({PROGRAMS[name]}) failed:\n{p.stdout}"
    return None


def snapshot(work):
    """Relative path -> contents of every file under work."""
    files = {}
    for top, _, names in os.walk(work):
        for n in names:
            path = os.path.join(top, n)
            with open(path, "rb") as f:
                files[os.path.relpath(path, work)] = f.read()
    return files


def fresh_copy(program, work):
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(os.path.join(HERE, "inputs", program), work)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gowasm-run", required=True)
    ap.add_argument("--out", required=True, help="folder for the built modules")
    ap.add_argument("--node-ref", default=os.path.join(HERE, "..", "..", "..", "shared", "tools", "node-ref-run.js"))
    ap.add_argument("--toolchain", default="go1.26.8", help="the Go toolchain of tests/go_toolchains.txt")
    ap.add_argument("--only", nargs="+", metavar="PROGRAM")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per run")
    a = ap.parse_args()
    gowasm_run, node_ref, out = (os.path.abspath(p) for p in (a.gowasm_run, a.node_ref, a.out))
    toolchain = go_toolchains.get(a.toolchain)
    cases = [c for c in CASES if not a.only or c.program in a.only]
    os.makedirs(out, exist_ok=True)
    err = build(toolchain, out, sorted({c.program for c in cases}))
    if err:
        print(err + f"0 passed, {len(cases)} failed")
        return 1

    scratch = os.path.realpath(tempfile.mkdtemp(prefix="gowasm-realprogs-"))
    work = os.path.join(scratch, "work")
    # Both runners' process environment is exactly the guest's (node-ref-run.js
    # adds TMPDIR, which is set here already).
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": work, "TMPDIR": "/tmp", "TZ": "UTC",
           "WASM_EXEC": toolchain.glue()}
    flags = [f for k, v in env.items() for f in ("--env", f"{k}={v}")] + ["--dir", work]
    passed = failed = 0
    times = {}  # program -> [cases, gowasm-run seconds, node seconds]
    try:
        for case in cases:
            module = os.path.join(out, case.program + ".wasm")
            stdin = None
            if case.stdin:
                with open(os.path.join(HERE, "inputs", case.program, case.stdin), "rb") as f:
                    stdin = f.read()
            results = {}
            for who, cmd in (("gowasm-run", [gowasm_run] + flags + [module]),
                             ("node", ["node", node_ref, module])):
                fresh_copy(case.program, work)
                start = time.perf_counter()
                r = run(cmd + case.args, env, a.timeout, cwd=work, stdin=stdin)
                results[who] = (r, time.perf_counter() - start, snapshot(work))
            (g, tg, fg), (n, tn, fn) = results["gowasm-run"], results["node"]
            why, report = [], ""
            for who, r in (("gowasm-run", g), ("node", n)):
                if r.timed_out:
                    why.append(f"{who} timed out")
                elif r.code != case.code:
                    why.append(f"{who}: exit status {r.code}, want {case.code}")
                why += [f"{who}: stdout lacks {s!r}" for s in case.stdout_has if s not in r.stdout]
                why += [f"{who}: stderr lacks {s!r}" for s in case.stderr_has if s not in r.stderr]
            for stream in ("stdout", "stderr"):
                if getattr(g, stream) != getattr(n, stream):
                    why.append(f"{stream} differs")
                    report += diff(stream, getattr(n, stream), getattr(g, stream), "node", "gowasm-run")
            for path in sorted(set(fg) | set(fn)):
                if fg.get(path) != fn.get(path):
                    why.append(f"the file {path} differs")
            t = times.setdefault(case.program, [0, 0.0, 0.0])
            t[0] += 1
            t[1] += tg
            t[2] += tn
            if why:
                failed += 1
                print(f"FAIL {case.label()}: {'; '.join(why)}")
                print(indent(report) if report else indent(f"gowasm-run stderr:\n{g.stderr}"), end="")
            else:
                passed += 1
                print(f"ok   {case.label()}  ({tg:.2f}s, node {tn:.2f}s)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\n{'program':10} {'version':10} {'cases':>5} {'gowasm-run':>11} {'node':>8}")
    versions = module_versions()
    for prog, (count, tg, tn) in times.items():
        print(f"{prog:10} {versions.get(prog, '?'):10} {count:5} {tg:10.2f}s {tn:7.2f}s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def module_versions():
    """Program name -> the version go.mod pins for its module."""
    pinned = {}
    with open(os.path.join(HERE, "go.mod")) as f:
        for line in f:
            words = line.split()
            if len(words) >= 2 and words[1].startswith("v"):
                pinned[words[0]] = words[1]
    return {name: next((v for m, v in pinned.items() if pkg.startswith(m + "/") or pkg == m), "?")
            for name, pkg in PROGRAMS.items()}


if __name__ == "__main__":
    sys.exit(main())
