#!/usr/bin/env python3
"""Nothing lost: stdout and stderr are complete at exit however a program ends.

Runs testdata/go/output_end (a few MiB of numbered, checkable records from
several goroutines, through fmt, os.File.Write of big buffers and the
runtime's print) under gowasm-run to each of its endings, with stdout and
stderr as pipes read slowly (so that the guest's writes block) and as
regular files, and under Node (../shared/tools/node-ref-run.js) where Node
can end the same way. Checks, per stream:

  * every line is a whole record of the plan, its filler intact;
  * each writer's records come in order with none missing;
  * the lines of one write are together, and no write is cut (whole writes);
  * a writer that finishes before the ending has all its records there
    (every byte, the exact count); one that the ending cuts off has a
    prefix of whole writes, and at least some;
  * after the records: nothing on stdout, and on stderr exactly what the
    ending says (Go's panic, gowasm-run's one-line message ...);
  * the exit status (a negative one: death by that signal);
  * where Node ran too: the same bytes as Node (the records, the panic).

Prints a Markdown table and exits 1 on any failure.

  output_end_test.py --gowasm-run BIN --node-ref node-ref-run.js --out DIR
      [--toolchain go1.26.8] [--only ENDING...] [--break CHECK]

--break CHECK makes one expectation wrong on purpose, to see that the
check can fail (status, stdout-bytes, tail, order, node).
"""
import argparse
import concurrent.futures
import dataclasses
import functools
import os
import re
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import go_toolchains  # noqa: E402

# The plan of testdata/go/output_end/main.go.
PRINTF_LINES = 1200
BUFFER_WRITES = 10
BUFFER_LINES = 3000
STDERR_ROUNDS = 1200
STDERR_BUF_EACH = 150
STDERR_BUF_LINES = 1500


@dataclasses.dataclass
class Writer:
    lines_per_write: int  # n of every record
    total: int = None  # records when complete; None: cut off (a prefix)
    least: int = 1  # records a cut-off writer must have at least
    after: bool = False  # writes only once every writer with a total is done


def plan(ending):
    """{stream: {writer: Writer}}: who writes what, for `ending`. An endless
    run is cut off anywhere: then every writer may stop short (see check_stream)."""
    out = {
        "m": Writer(1, 2),
        "p1": Writer(1, PRINTF_LINES),
        "p2": Writer(1, PRINTF_LINES),
        "b1": Writer(BUFFER_LINES, BUFFER_WRITES * BUFFER_LINES),
        "b2": Writer(BUFFER_LINES, BUFFER_WRITES * BUFFER_LINES),
    }
    err = {
        "m": Writer(1, 2),
        "f": Writer(1, STDERR_ROUNDS),
        "r": Writer(1, STDERR_ROUNDS),
        "g": Writer(STDERR_BUF_LINES, STDERR_ROUNDS // STDERR_BUF_EACH * STDERR_BUF_LINES),
    }
    if ending in ("exit-goroutine", "exit-after-write"):
        out["b1"] = Writer(BUFFER_LINES, None, 3 * BUFFER_LINES, after=True)  # cut off by os.Exit
    if ending == "endless":
        # Main writes alone without end once the plan is done.
        out["z"] = Writer(BUFFER_LINES, None, 0, after=True)
        err["x"] = Writer(1, None, 0, after=True)
        err["y"] = Writer(1, None, 0, after=True)
        err["w"] = Writer(STDERR_BUF_LINES, None, 0, after=True)
    return {"stdout": out, "stderr": err}


FILLERS = {(a, b): "".join(chr(ord("a") + (a + j) % 26) for j in range(8 + b))
           for a in range(26) for b in range(29)}


def filler(seq):
    return FILLERS[(seq % 26, seq % 29)]


RECORD = re.compile(rb"([a-z][a-z0-9]?) (\d+) (\d+)/(\d+) (\d+) ([a-z]+)\n")


def check_stream(data, writers, cut=False):
    """(problems, records_bytes, tail): the records of `data` against `writers`.
    `cut`: the run was stopped from outside at any point, so that any writer
    may stop short, but only at the end of a write; and once a writer that
    comes after the others has begun, the others must be complete."""
    problems = []
    seen = {w: 0 for w in writers}
    open_write = None  # (writer, k, i) of a write whose last line is still due
    pos = 0
    while pos < len(data):
        m = RECORD.match(data, pos)
        if not m:
            break
        w = m.group(1).decode()
        k, i, n, seq = (int(m.group(g)) for g in (2, 3, 4, 5))
        where = f"at byte {pos}: {data[pos:m.end() - 1][:60].decode(errors='replace')!r}"
        if w not in writers:
            break  # not ours: the tail starts here
        spec = writers[w]
        if m.group(6).decode() != filler(seq):
            problems.append(f"corrupt filler {where}")
        if n != spec.lines_per_write or i >= n or k * n + i != seq:
            problems.append(f"malformed record {where}")
        if open_write and (w, k, i) != (open_write[0], open_write[1], open_write[2] + 1):
            problems.append(f"torn write: {open_write[0]} write {open_write[1]} stops after "
                            f"line {open_write[2]} of {n if open_write[0] == w else '?'}, then {where}")
            open_write = None
        elif not open_write and i != 0:
            problems.append(f"write begins in its middle {where}")
        if seq != seen[w]:
            problems.append(f"{w}: record {seq} where {seen[w]} was due (lost or reordered) {where}")
        seen[w] = seq + 1
        open_write = (w, k, i) if i < n - 1 else None
        pos = m.end()
        if len(problems) > 5:
            break
    if open_write:
        problems.append(f"torn write: {open_write[0]} write {open_write[1]} ends after line "
                        f"{open_write[2]} (at byte {pos})")
    started_after = any(seen[w] for w, spec in writers.items() if spec.after)
    for w, spec in writers.items():
        if cut and not started_after and spec.total is not None and seen[w] <= spec.total:
            continue
        if spec.total is not None and seen[w] != spec.total:
            problems.append(f"{w}: {seen[w]} of {spec.total} records")
        if spec.total is None and seen[w] < spec.least:
            problems.append(f"{w}: {seen[w]} records, fewer than {spec.least}: the cut came too soon to tell")
    return problems, pos, data[pos:]


@functools.cache
def record_bytes(w, n, total):
    return sum(len(f"{w} {seq // n} {seq % n}/{n} {seq} {filler(seq)}\n") for seq in range(total))


def complete_bytes(writers):
    """The exact size of the records when every writer writes its total."""
    return sum(record_bytes(w, s.lines_per_write, s.total) for w, s in writers.items())


@dataclasses.dataclass
class Case:
    ending: str  # the row's name
    runner: str  # gowasm-run | node
    io: str  # pipe | file
    arg: str  # the program's argument
    flags: list = dataclasses.field(default_factory=list)
    status: int = 0  # expected exit status; -N: killed by signal N
    tail: str = ""  # a regular expression for stderr after the records
    send: int = 0  # a signal the harness sends (0: none)
    send_when: str = ""  # "writing": once 1 MiB of stdout is there; "done": all of it
    cut: bool = False  # stopped from outside at any point: every writer a prefix


MESSAGE = r"gowasm-run: \S+: "


def cases():
    g, n = "gowasm-run", "node"
    # The panic's stack trace; Node's must be the same bytes.
    panic_tail = r"panic: output_end: planned panic\n\ngoroutine 1 \[running\]:\nmain\.main\(\)\n\t\S+main\.go:\d+ \+0x[0-9a-f]+\n"
    trap = MESSAGE + r"out of bounds memory access\n(    at .*\n)+"
    rows = []
    for io in ("pipe", "file"):
        rows += [
            Case("return", g, io, "return"),
            Case("return", n, io, "return"),
            Case("exit-goroutine", g, io, "exit-goroutine", status=3),
            Case("exit-goroutine", n, io, "exit-goroutine", status=3),
            Case("panic", g, io, "panic", status=2, tail=panic_tail),
            Case("panic", n, io, "panic", status=2, tail=panic_tail),
            Case("trap", g, io, "trap", status=134, tail=trap),
            Case("trap", n, io, "trap", status=1,
                 tail=r"wasm://wasm/[0-9a-f]+:1\n+RuntimeError: memory access out of bounds\n"
                      r"(    at .*\n)+\nNode\.js v\S+\n"),
            # --fuel: a trap in the middle of the endless writes.
            Case("fuel", g, io, "fuel", flags=["--fuel", "55000000"], status=134, cut=True,
                 tail=MESSAGE + r"out of fuel\n(    at .*\n)+"),
            Case("timeout", g, io, "timeout", flags=["--timeout", "1500ms"], status=124, cut=True,
                 tail=r"gowasm-run: timed out after 1500 ms\n"),
            Case("SIGINT", g, io, "interrupt", status=-signal.SIGINT, send=signal.SIGINT, cut=True,
                 send_when="writing", tail=r"gowasm-run: interrupted by SIGINT\n"),
            Case("SIGTERM", g, io, "interrupt", status=-signal.SIGTERM, send=signal.SIGTERM, cut=True,
                 send_when="writing", tail=r"gowasm-run: interrupted by SIGTERM\n"),
            # Written everything, then asleep in the event loop.
            Case("SIGINT idle", g, io, "idle", status=-signal.SIGINT, send=signal.SIGINT,
                 send_when="done", tail=r"gowasm-run: interrupted by SIGINT\n"),
            Case("exit-after-write", n, io, "exit-after-write", status=3),
            # Before fs callbacks came from the event loop, this write waited for
            # every other goroutine to be idle, and the exit never came (124).
            Case("exit-after-write", g, io, "exit-after-write", flags=["--timeout", "20s"], status=3),
        ]
    # Node, the reference, only with pipes: the harness's time goes to gowasm-run.
    return [r for r in rows if r.runner != n or r.io == "pipe"]


class SlowReader(threading.Thread):
    """Reads a pipe in small pieces with pauses, so that the writer blocks."""

    def __init__(self, f):
        super().__init__(daemon=True)
        self.f, self.chunks, self.size = f, [], 0

    def run(self):
        fd = self.f.fileno()
        while True:
            b = os.read(fd, 16384)
            if not b:
                break
            self.chunks.append(b)
            self.size += len(b)
            time.sleep(0.0005)

    def data(self):
        return b"".join(self.chunks)


def run_case(case, opts, module, want_sizes):
    """(stdout, stderr, status, seconds, note)."""
    if case.runner == "node":
        cmd = [opts.node, opts.node_ref, module, case.arg]
    else:
        cmd = [opts.gowasm_run] + case.flags + [module, case.arg]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "WASM_EXEC": opts.glue}
    base = os.path.join(opts.out, f"{case.ending}-{case.runner}-{case.io}".replace(" ", "-"))
    start = time.monotonic()
    note = ""
    if case.io == "pipe":
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        readers = [SlowReader(p.stdout), SlowReader(p.stderr)]
        for r in readers:
            r.start()
        sizes = lambda: (readers[0].size, readers[1].size)  # noqa: E731
    else:
        files = [open(base + ".stdout", "wb+"), open(base + ".stderr", "wb+")]
        p = subprocess.Popen(cmd, stdout=files[0], stderr=files[1], env=env)
        sizes = lambda: tuple(os.fstat(f.fileno()).st_size for f in files)  # noqa: E731
    if case.send:
        # "writing": once a good part of stdout is there, so that the guest is
        # in the middle of its writes (blocked in one, with a slow pipe).
        while p.poll() is None and time.monotonic() - start < opts.limit:
            out, err = sizes()
            if case.send_when == "writing" and out >= 1 << 20:
                break
            if case.send_when == "done" and (out, err) >= want_sizes:
                time.sleep(0.1)  # asleep by now
                break
            time.sleep(0.002)
        p.send_signal(case.send)
    try:
        status = p.wait(timeout=max(1, opts.limit - (time.monotonic() - start)))
    except subprocess.TimeoutExpired:
        p.kill()
        status = p.wait()
        note = f"hung: killed after {opts.limit} s"
    seconds = time.monotonic() - start
    if case.io == "pipe":
        for r in readers:
            r.join()
        out, err = readers[0].data(), readers[1].data()
        p.stdout.close()
        p.stderr.close()
    else:
        out, err = (f.seek(0) or f.read() for f in files)
        for f in files:
            f.close()
    return out, err, status, seconds, note


def human(n):
    return f"{n / (1 << 20):.2f} MiB" if n >= 1 << 20 else f"{n} B"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gowasm-run", required=True)
    ap.add_argument("--node-ref", required=True)
    ap.add_argument("--node", default="/usr/bin/node")
    ap.add_argument("--out", required=True)
    ap.add_argument("--toolchain", default="go1.26.8")
    ap.add_argument("--testdata", default=os.path.join(HERE, "..", "..", "testdata", "go"))
    ap.add_argument("--only", nargs="+", metavar="ENDING")
    ap.add_argument("--limit", type=float, default=20, help="seconds a run may take (default 20)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--break", dest="broken", choices=["status", "stdout-bytes", "tail", "order", "node"],
                    help="make one expectation wrong, to see the check fail")
    opts = ap.parse_args()
    t0 = time.monotonic()
    opts.out = os.path.abspath(opts.out)
    os.makedirs(opts.out, exist_ok=True)
    for path, what in ((opts.gowasm_run, "gowasm-run"), (opts.node, "node")):
        if not os.access(path, os.X_OK):
            print(f"output_end: {what} is missing: {path}")
            return 1
    toolchain = go_toolchains.get(opts.toolchain)
    opts.glue = toolchain.glue()
    module = os.path.join(opts.out, "output_end.wasm")
    built = toolchain.run(["build", "-o", module, "./output_end"], goos="js",
                          cwd=os.path.abspath(opts.testdata), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    if built.returncode != 0:
        print("output_end: the Go build failed:\n" + built.stdout)
        return 1

    rows = [c for c in cases() if not opts.only or c.ending in opts.only]
    complete = {s: complete_bytes(ws) for s, ws in plan("return").items()}
    want_sizes = (complete["stdout"], complete["stderr"])

    def one(case):
        return case, run_case(case, opts, module, want_sizes)

    with concurrent.futures.ThreadPoolExecutor(opts.jobs) as pool:
        results = list(pool.map(one, rows))

    table = ["| ending | runner | io | stdout: got / expected | stderr: got / expected | exit: got / expected | verdict |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    failed = 0
    by_key = {}
    for case, (out, err, status, seconds, note) in results:
        arg = "endless" if case.arg in ("fuel", "timeout", "interrupt") else case.arg
        writers = plan(arg)
        problems = [note] if note else []
        want_status = case.status + (1 if opts.broken == "status" else 0)
        if status != want_status:
            problems.append(f"exit {status}, want {want_status}")
        got = {}
        for stream, data in (("stdout", out), ("stderr", err)):
            if opts.broken == "order" and stream == "stdout" and case.ending == "return":
                data = data.replace(b"b2 3 0/", b"b2 4 0/", 1)  # a reordered write
            bad, records, tail = check_stream(data, writers[stream], case.cut)
            problems += [f"{stream}: {b}" for b in bad]
            want_tail = case.tail if stream == "stderr" else ""
            if opts.broken == "tail" and stream == "stderr" and case.runner == "gowasm-run":
                want_tail += "x"
            if not re.fullmatch(want_tail.encode(), tail):
                problems.append(f"{stream} after the records: {tail[:200]!r}, want /{want_tail}/")
            got[stream] = (records, len(data), tail)
        # At least a few big writes, or the cut says little (a loaded machine
        # may get no further within --timeout).
        if case.cut and got["stdout"][0] < 1 << 18:
            problems.append(f"stopped after only {got['stdout'][0]} bytes of stdout: too soon to tell")
        expected = {}
        for stream in ("stdout", "stderr"):
            cut = case.cut or any(w.total is None for w in writers[stream].values())
            want = complete_bytes({w: s for w, s in writers[stream].items() if s.total is not None})
            if opts.broken == "stdout-bytes" and stream == "stdout":
                want += 1
            if not cut and got[stream][0] != want:
                problems.append(f"{stream}: {got[stream][0]} bytes of records, want {want}")
            if case.cut:
                expected[stream] = "whole writes, cut"
            elif cut:
                expected[stream] = f"{human(want)} + a writer cut"
            else:
                expected[stream] = human(want)
            if stream == "stderr" and case.tail:
                expected[stream] += " + message"
        by_key[(case.ending, case.runner, case.io)] = (out, err, got)
        verdict = "ok" if not problems else "FAIL: " + "; ".join(problems)
        failed += bool(problems)
        exit_text = f"signal {-status}" if status < 0 else str(status)
        want_exit = f"signal {-case.status}" if case.status < 0 else str(case.status)
        table.append(f"| {case.ending} | {case.runner} | {case.io} | {human(len(out))} / {expected['stdout']} | "
                     f"{human(len(err))} / {expected['stderr']} | {exit_text} / {want_exit} | "
                     f"{verdict} ({seconds:.1f} s) |")
    # The same bytes as Node, where both ran to a complete end (the records
    # of a cut-off writer differ from run to run, the trap's message by runner).
    for (ending, runner, io), (out, err, got) in sorted(by_key.items()):
        if runner != "node" or (ending, "gowasm-run", io) not in by_key:
            continue
        gout, gerr, ggot = by_key[(ending, "gowasm-run", io)]
        diffs = []
        for stream in ("stdout", "stderr"):
            a, b = got[stream], ggot[stream]
            if opts.broken == "node" and stream == "stdout":
                a = (a[0] + 1,) + a[1:]
            cut = case.cut or any(w.total is None for w in plan(case.arg)[stream].values())
            if not cut and a[0] != b[0]:
                diffs.append(f"{stream} records: node {a[0]} bytes, gowasm-run {b[0]}")
            if ending == "panic" and stream == "stderr" and a[2] != b[2]:
                diffs.append("the panic's output differs")
        if ending == "panic" and err != gerr:
            diffs.append("stderr differs from Node's")
        table.append(f"| {ending} | same as node | {io} | | | | "
                     f"{'ok' if not diffs else 'FAIL: ' + '; '.join(diffs)} |")
        failed += bool(diffs)
    print("\n".join(table))
    print(f"\n{len(results)} runs, {failed} failed, {time.monotonic() - t0:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
