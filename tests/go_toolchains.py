#!/usr/bin/env python3
"""The Go toolchains of go_toolchains.txt, for the test harnesses.

As a module:
    import go_toolchains
    tc = go_toolchains.get("go1.26.8")
    tc.run(["build", "-o", out, "./hello"], cwd=..., goos="js")
    tc.glue()        # that toolchain's own wasm_exec.js, for Node
    tc.goroot()

As a command, for shell tests:
    go_toolchains.py names          one name per line
    go_toolchains.py env NAME       `export` lines: GO (the go command),
                                    GOROOT_BIN (the toolchain's bin folder,
                                    with its real go), WASM_EXEC and the
                                    list's own variables; checks the version
"""
import functools
import os
import subprocess
import sys
from dataclasses import dataclass

LIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "go_toolchains.txt")


class ToolchainError(Exception):
    pass


@dataclass(frozen=True)
class Toolchain:
    name: str
    go: str
    vars: tuple  # ((VAR, VALUE), ...): the go command's environment
    suites: tuple  # ((suite, (argument, ...)), ...): what else runs with it

    def at_least(self, release):
        """Whether this toolchain is Go `release` ("go1.24") or newer."""
        return version_key(self.name) >= version_key(release)

    def environ(self, base=None, **extra):
        """base (default: this process's environment) plus the list's variables and extra."""
        env = dict(os.environ if base is None else base)
        env.update(self.vars)
        env.update(extra)
        return env

    def run(self, args, goos=None, env=None, **kw):
        """Runs `go ARGS` (GOOS=goos GOARCH=wasm when goos is given); subprocess.run's result."""
        extra = {"GOOS": goos, "GOARCH": "wasm"} if goos else {}
        return subprocess.run([self.go] + list(args), env=self.environ(env, **extra), **kw)

    def go_env(self, var):
        p = self.run(["env", var], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            raise ToolchainError(f"{self.name}: `{self.go} env {var}` failed: {p.stderr.strip()}")
        return p.stdout.strip()

    @functools.cache
    def check(self):
        """The toolchain is installed and is the version it is named after."""
        if not os.access(self.go, os.X_OK):
            raise ToolchainError(f"{self.name}: {self.go} is missing (tests/run_all.sh installs it)")
        version = self.go_env("GOVERSION")
        if version != self.name and not version.startswith(self.name + "."):
            raise ToolchainError(f"{self.name}: {self.go} is {version}")

    @functools.cache
    def goroot(self):
        self.check()
        return self.go_env("GOROOT")

    def glue(self):
        """The toolchain's own wasm_exec.js: lib/wasm from Go 1.24, misc/wasm before."""
        for rel in ("lib/wasm/wasm_exec.js", "misc/wasm/wasm_exec.js"):
            path = os.path.join(self.goroot(), rel)
            if os.path.isfile(path):
                return path
        raise ToolchainError(f"{self.name}: no wasm_exec.js under {self.goroot()}")


def version_key(name):
    """go1.26.8 -> (1, 26, 8)"""
    return tuple(int(part) for part in name.removeprefix("go").split("."))


def load(path=LIST):
    toolchains = []
    with open(path) as f:
        for line in f:
            words = line.split("#")[0].split()
            if not words:
                continue
            if len(words) < 2 or not all("=" in w for w in words[2:]):
                raise ToolchainError(f"{path}: bad line: {line.strip()}")
            pairs = [w.split("=", 1) for w in words[2:]]
            env = tuple((k, v) for k, v in pairs if k.isupper())
            suites = tuple((k, tuple(v.split(","))) for k, v in pairs if not k.isupper())
            toolchains.append(Toolchain(words[0], words[1], env, suites))
    return toolchains


def get(name):
    for tc in load():
        if tc.name == name:
            return tc
    raise ToolchainError(f"no toolchain {name} in {LIST}")


def main(argv):
    if argv[1:] == ["names"]:
        print("\n".join(tc.name for tc in load()))
        return 0
    if len(argv) == 3 and argv[1] == "env":
        tc = get(argv[2])
        lines = [f"GO={tc.go}", f"GOROOT_BIN={tc.goroot()}/bin", f"WASM_EXEC={tc.glue()}"]
        lines += [f"{k}={v}" for k, v in tc.vars]
        print("\n".join("export " + l for l in lines))
        return 0
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except ToolchainError as e:
        print(f"go_toolchains: {e}", file=sys.stderr)
        sys.exit(1)
