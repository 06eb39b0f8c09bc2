#!/usr/bin/env python3
"""The same Go programs built for both ports run the same under gowasm-run.

    both_ports_test.py --gowasm-run PATH --testdata DIR --out DIR [--toolchain go1.26.8]

Each program of CASES (the testdata/go programs that build for both ports)
is built by the toolchain of tests/go_toolchains.txt twice, GOOS=js and
GOOS=wasip1 (GOARCH=wasm), into OUT. Each case then runs both modules under
gowasm-run with the same arguments, environment and options (the Go/JS
bridge for one, wasi_snapshot_preview1 for the other): stdout, stderr and
the exit status must be identical, after the normalisation below. Prints a
table, program | js | wasip1 | same?, with each side's exit status, and a
diff for every case that differs; exits 1 if any does.

The programs that use files run in the same fresh directory for both ports,
OUT/fs/work (and OUT/fs around it for the sandbox_* cases, prepared as
tests/go_programs/run_go_programs.py prepares them), mounted with --dir:
the Go/JS bridge sees it through GuestFileSystem, the WASI module as a
preopened directory over the same GuestFileSystem. The module is run from
OUT/fs/bin under one name, so that argv[0] is the same for both.

Left out, by reading them: deterministic, jscallbacks, jsinterop, plugin,
wapcguest and wasmexport use syscall/js (they do not build for wasip1);
timer_throws too; fs_meta does not build for wasip1 (its syscall.Stat_t
has no Blksize or AtimeNsec); of fs_faults only the scenario "deleted" runs
here: the others need conditions (an unprivileged user, a small tmpfs, a
descriptor limit, host-side moves while it runs) that run_go_programs.py
provides, or test the working directory, which Go's wasip1 port keeps as a
path (it follows no rename or deletion, by design); stackoverflow prints raw
stack memory and goroutine addresses, which differ between two builds;
output_end interleaves the writes of several goroutines in an order that
depends on how a write blocks (on js the writer waits for the bridge's
callback, on wasip1 fd_write simply returns), so its records come out in
another, equally valid order.

Normalisation, kept to what legitimately differs between the two ports
(tracebacks need none: frames, arguments and +0x offsets come out the same
from both builds, and are compared):

1. timenow: package time names the local zone from JavaScript's Date on js
   ("UTC+0") and from TZ on wasip1 ("UTC"); the line's offset is compared,
   its name is not.
2. A deadlock's traceback on js also lists the goroutine that syscall/js
   keeps waiting for the bridge's events (`syscall/js.handleEvent`); a
   wasip1 program has no such goroutine, so that one block is removed.
3. EBADF for ENOENT (sandbox_* output): a path below no preopen (outside
   every mount) has no directory descriptor to be resolved from, so Go's
   wasip1 port calls with descriptor -1 and gets EBADF; the bridge's
   sandbox says ENOENT for it. Only a wasip1 line that differs from the js
   line in the same place by exactly that is taken as equal; gowasm's WASI
   layer never says EBADF for a path below a preopen.
4. Permission bits (fs_* and sandbox_* output: "mode=-rw-r--r--",
   "perm=0644"): WASI preview 1 has none; Go's wasip1 port shows 0600 for
   every file and 0700 for every directory (syscall.setDefaultMode) and
   Chmod does nothing. The file type (the mode's first letter) is compared.
5. KNOWN below: single lines where Go's wasip1 port differs by design,
   each with its reason. Such a line is replaced on both sides by a marker
   naming the reason, so everything around it is still compared, and the
   marker must appear on both sides (the same line in the same place).
6. fs_faults prints errnos with their numbers ("[ENOENT=2]"); Go's
   syscall.Errno on wasip1 has WASI's numbers (ENOENT is 44): the names
   are compared.

Whatever both ports agree on, after every run of each the files outside the
mounts (OUT/fs/outside-*, hostcwd, the read-only mount) must be unchanged
and no output may hold their marker: a failure otherwise.
"""
import argparse
import concurrent.futures
import difflib
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import go_toolchains  # noqa: E402  (tests/go_toolchains.py)

sys.path.insert(0, os.path.join(os.path.dirname(HERE), "go_programs"))
import run_go_programs  # noqa: E402  (the sandbox tree and its secret marker)
from run_go_programs import SECRET  # noqa: E402

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

# Programs that use files: (label, program, arguments, gowasm-run options,
# setup of OUT/fs before each run, working directory below OUT/fs, stdin
# (a file below OUT/fs, else /dev/null)). {work} and {root} stand for
# OUT/fs/work and OUT/fs.
FS_CASES = [
    ("fs_files", "fs_files", ["{work}"], ["--dir", "{work}"], None, None, None),
    ("fs_dirs", "fs_dirs", ["{work}"], ["--dir", "{work}"], None, None, None),
    ("fs_errors", "fs_errors", ["{work}"], ["--dir", "{work}"], None, None, None),
    ("fs_stdin <file", "fs_stdin", [], [], "stdin", None, "stdin.bin"),
    ("fs_stdin </dev/null", "fs_stdin", [], [], None, None, None),
    ("fs_faults deleted", "fs_faults", ["{work}", "deleted"], ["--dir", "{work}"], None, None,
     None),
    ("sandbox_escape", "sandbox_escape", ["{work}"],
     ["--dir", "{work}", "--dir", "{root}/ro:/ro:ro"], "sandbox", None, None),
    ("sandbox_cwd", "sandbox_cwd", ["{work}", "{root}/hostcwd"], ["--dir", "{work}"], "sandbox",
     "hostcwd", None),
    ("sandbox_cwd no mount", "sandbox_cwd", ["{work}", "{root}/hostcwd"], [], "sandbox",
     "hostcwd", None),
    ("sandbox_guestpath /data", "sandbox_guestpath", ["{work}", "/data", "rw"],
     ["--dir", "{work}:/data"], "sandbox", "work", None),
    ("sandbox_guestpath /", "sandbox_guestpath", ["{work}", "/", "rw"],
     ["--dir", "{work}:/"], "sandbox", "work", None),
    ("sandbox_guestpath /data:ro", "sandbox_guestpath", ["{work}", "/data", "ro"],
     ["--dir", "{work}:/data:ro"], "sandbox", "work", None),
]

# Lines where Go's wasip1 port differs from its js port by design (not a
# difference of the two hosts): (program, the start of the line, reason).
# Go's syscall package on wasip1 (syscall/fs_wasip1.go) cleans every path
# lexically and keeps the working directory itself, as a path; js/wasm
# hands paths to Node as written, and the kernel resolves them.
NO_ROOT = ("the guest's / and the directories above the mounts: js shows them (read-only, "
           "the mount points in them); wasip1 has no preopen there (EBADF, below)")
LEXICAL = "wasip1 cleans paths lexically (x/. is x, link/.. is .)"
KNOWN = [
    ("fs_files", "os.Truncate -1: ", "a negative size: Node clamps it to 0, WASI's u64 size is EINVAL"),
    ("fs_files", "size: ", "follows os.Truncate -1"),
    ("fs_dirs", "Getwd: ", "wasip1 starts in $PWD, else in the first preopen; js in the "
     "mounted host working directory, else /"),
    ("fs_dirs", "in chunks of 3: ", "a file created after Open: js lists the directory when "
     "it opens it, wasip1 on the first fd_readdir (POSIX allows either)"),
    ("fs_errors", "Chown missing: ", "wasip1 has no owners: Chown is ENOSYS in Go"),
    ("fs_errors", "Lchown missing: ", "wasip1 has no owners: Lchown is ENOSYS in Go"),
    ("fs_errors", "Readdirnames on a file: ", "js/wasm makes its own EINVAL; the host's "
     "getdents says ENOTDIR"),
    ("fs_errors", "stat file/.: ", LEXICAL),
    ("fs_errors", "read sublink/../sub/x: ", LEXICAL),
    ("fs_errors", "rename dir/.: ", LEXICAL),
    ("fs_errors", "remove dir/..: ", LEXICAL + "; dir was renamed by the line before"),
    ("fs_errors", "O_SYNC: ", "js/wasm refuses O_SYNC; wasip1 passes it on (fdflags sync)"),
    ("fs_errors", "  O_SYNC file created?: ", "follows O_SYNC"),
    ("fs_errors", "syscall.Dup: ", "Go's own message names the port"),
    ("fs_errors", "syscall.Pipe: ", "Go's own message names the port"),
    ("fs_faults", "Getwd: ", "wasip1 starts in $PWD, else in the first preopen; js in the "
     "mounted host working directory, else /"),
    ("sandbox_escape", "attempt host-descriptors: ", "fds 3 and 4 are the two preopened "
     "mounts, the guest's own descriptors (js/wasm has none)"),
    ("sandbox_escape", "attempt chown-through-symlink: ", "wasip1 has no owners: ENOSYS in Go"),
    ("sandbox_escape", "attempt ro-chown: ", "wasip1 has no owners: ENOSYS in Go"),
    ("sandbox_escape", "attempt ro-chmod: ", "wasip1 has no permissions: Go's Chmod only "
     "stats the file, changes nothing, and succeeds"),
    ("sandbox_escape", "attempt nul-byte-outside: ", "Go's wasip1 looks for the preopen "
     "before it checks for NUL (EBADF, below)"),
    ("sandbox_escape", "attempt list-parent: ", NO_ROOT),
    ("sandbox_escape", "attempt list-root: ", NO_ROOT),
    ("sandbox_escape", "attempt list-absolute-parent: ", NO_ROOT),
    ("sandbox_cwd", "Getwd: ", "wasip1 starts in $PWD, else in the first preopen (none: \"\"); "
     "js in the mounted host working directory, else /"),
    ("sandbox_cwd", "attempt list-cwd: ", "the working directory differs (Getwd): wasip1 lists "
     "the mount it starts in, js the guest's /"),
    ("sandbox_cwd", "mount relative to cwd: ", "the working directory differs (Getwd)"),
    ("sandbox_guestpath", "chdir ..: ", NO_ROOT),
    ("sandbox_guestpath", "Getwd after chdir ..: ", NO_ROOT),
]
PORTS = ("js", "wasip1")

# A goroutine's block in a traceback: its header line up to the blank line.
JS_EVENT_GOROUTINE = re.compile(
    r"\n\ngoroutine \d+ \[[^\]]*\]:\nsyscall/js\.handleEvent\(\)\n[^\n]*\n(?=\n|$)")


PERMISSIONS = re.compile(r"(?<![\w-])([-dLlpcbsD])[-rwxsStT]{9}(?![\w-])")
PERM = re.compile(r"\bperm=0[0-7]+\b")


def normalise(program, port, text):
    if program == "timenow":
        text = re.sub(r"^zone: \S+ offset", "zone: ? offset", text, flags=re.M)
    if port == "js":
        text = JS_EVENT_GOROUTINE.sub("\n", text)
    if program == "fs_faults":
        # "[ENOENT=2]": Go's syscall.Errno on wasip1 has WASI's numbers
        # (ENOENT is 44); the name is compared.
        text = re.sub(r"\[([A-Z0-9]+)=\d+\]", r"[\1=?]", text)
    if program.startswith(("fs_", "sandbox_")):
        text = PERMISSIONS.sub(r"\1?????????", text)
        text = PERM.sub("perm=?", text)
    lines = text.split("\n")
    for known_program, start, reason in KNOWN:
        if known_program == program:
            lines = [f"<{start.strip()} differs by design: {reason}>" if line.startswith(start)
                     else line for line in lines]
    return "\n".join(lines)


def outside_preopens(program, js, wasi):
    """Normalisation 3: a wasip1 line that says EBADF where the js line in
    the same place says ENOENT, and differs in nothing else, is taken as
    the js line."""
    if not program.startswith("sandbox_"):
        return wasi
    left, right = js.split("\n"), wasi.split("\n")
    if len(left) != len(right):
        return wasi
    for i, (l, r) in enumerate(zip(left, right)):
        swapped = r.replace("(EBADF: Bad file number)", "(ENOENT: No such file or directory)")
        swapped = swapped.replace("Bad file number [EBADF]", "No such file or directory [ENOENT]")
        if l != r and swapped == l:
            right[i] = l
    return "\n".join(right)


def setup_sandbox(root, work):
    """The sandbox cases' host tree, the one the js port's tests use."""
    run_go_programs.sandbox_setup(root)


def setup_stdin(root, work):
    with open(os.path.join(root, "stdin.bin"), "wb") as f:
        f.write(bytes((i * 7919 + i // 251) % 256 for i in range(100000)))


SETUPS = {"sandbox": setup_sandbox, "stdin": setup_stdin}


def fresh_fs(out, setup):
    """OUT/fs afresh: root, work and bin, the same paths for both ports."""
    root = os.path.join(out, "fs")
    if os.path.isdir(root):
        subprocess.run(["chmod", "-R", "u+rwx", root], check=False)
        shutil.rmtree(root)
    work = os.path.join(root, "work")
    os.makedirs(work)
    os.makedirs(os.path.join(root, "bin"))
    if setup:
        SETUPS[setup](root, work)
    return root, work


def outside_state(root):
    """What lies in OUT/fs outside the mounts: must not change in a run."""
    state = {}
    for name in ("outside-file", "outside-dir/secret.txt", "hostcwd/cwd-secret.txt", "ro/hello.txt"):
        path = os.path.join(root, name)
        state[name] = open(path, "rb").read() if os.path.exists(path) else None
    for d in ("outside-dir", "hostcwd", "ro"):
        path = os.path.join(root, d)
        state[d + "/"] = sorted(os.listdir(path)) if os.path.isdir(path) else None
    state["/"] = sorted(os.listdir(root))
    return state


def build(tc, testdata, out, program, goos):
    path = os.path.join(out, goos, program + ".wasm")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    p = tc.run(["build", "-o", path, "./" + program], goos=goos, cwd=testdata,
               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        raise SystemExit(f"cannot build {program} for {goos}:\n{p.stdout}")
    return path


def run(gowasm_run, flags, module, args, env, stdout_to=None, cwd=None, stdin=None):
    """gowasm-run in the module's folder (or cwd), given its bare name (or
    the same path for both ports): argv[0] and whatever gowasm-run says
    about the module are the same for both ports."""
    cmd = [gowasm_run] + [a for k, v in env.items() for a in ("--env", f"{k}={v}")] + flags
    cmd += [module if cwd else os.path.basename(module)] + args
    out = open(stdout_to, "wb") if stdout_to else None
    given = open(stdin, "rb") if stdin else subprocess.DEVNULL
    try:
        p = subprocess.run(cmd, stdin=given, stdout=out or subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60, cwd=cwd or os.path.dirname(module),
                           env={"PATH": "/usr/bin:/bin"})
    finally:
        if out:
            out.close()
        if stdin:
            given.close()
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
    a.out = os.path.abspath(a.out)
    modules = {}
    programs = sorted({c[1] for c in CASES} | {c[1] for c in FS_CASES})
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        for (program, goos), path in zip(
                [(p, g) for p in programs for g in PORTS],
                pool.map(lambda pg: build(tc, a.testdata, a.out, *pg),
                         [(p, g) for p in programs for g in PORTS])):
            modules[program, goos] = path
    built = time.monotonic() - started
    rows, diffs = [], []
    env = {"TZ": "UTC"}
    runs = [(label, program, lambda goos, program=program, args=args, flags=flags, extra=extra,
             stdout_to=stdout_to: run(a.gowasm_run, flags, modules[program, goos], args,
                                      {**env, **extra}, *stdout_to))
            for label, program, args, flags, extra, *stdout_to in CASES]

    breaches = []

    def fs_run(goos, program, args, flags, setup, cwd, stdin):
        root, work = fresh_fs(a.out, setup)
        module = os.path.join(root, "bin", program + ".wasm")
        shutil.copyfile(modules[program, goos], module)
        fill = lambda x: x.replace("{work}", work).replace("{root}", root)
        before = outside_state(root)
        result = run(a.gowasm_run, [fill(f) for f in flags], module, [fill(x) for x in args], env,
                     cwd=os.path.join(root, cwd) if cwd else root,
                     stdin=os.path.join(root, stdin) if stdin else None)
        stdout, stderr, code = result
        # Whatever both ports agree on, neither may reach outside the mounts.
        if outside_state(root) != before:
            breaches.append(f"FAIL {program} ({goos}): files outside the mounts changed")
        if SECRET in stdout or SECRET in stderr:
            breaches.append(f"FAIL {program} ({goos}): printed data from outside the mounts")
        return result

    runs += [(c[0], c[1], lambda goos, c=c: fs_run(goos, *c[1:])) for c in FS_CASES]
    for label, program, runner in runs:
        results = {goos: runner(goos) for goos in PORTS}
        js, wasi = results["js"], results["wasip1"]
        same_code = js[2] == wasi[2]
        streams = []
        for i, name in ((0, "stdout"), (1, "stderr")):
            left, right = normalise(program, "js", js[i]), normalise(program, "wasip1", wasi[i])
            right = outside_preopens(program, left, right)
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
    for b in breaches:
        print(b)
    different = sum(1 for r in rows if r[3] != "yes") + len(breaches)
    print(f"{len(rows) - different} same, {different} different "
          f"(built in {built:.1f} s, {time.monotonic() - started:.1f} s in all)")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
