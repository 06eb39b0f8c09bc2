#!/usr/bin/env python3
"""A Go program built for GOOS=wasip1 serves TCP through gowasm-run --listen.

    sockets_test.py --gowasm-run PATH --testdata DIR --out DIR [--toolchain go1.26.8]

Builds testdata/go/tcp_echo (GOOS=wasip1) and runs it under
`gowasm-run --listen 127.0.0.1:PORT tcp_echo.wasm 3`: the socket is the
program's fd 3, and Go's net.FileListener takes it (sock_accept, and
poll_oneoff for netpoll). Three clients connect one after another, each
sending its lines from one thread while reading the echo in another (so
that neither side's buffers can fill and stall the other):

    two short lines; nothing at all; 20,000 lines (2 MB, far more than
    the sockets' buffers: writes that wait for the reader)

Each must get its lines back upper-cased, and the program must say so and
exit 0. Then the waits end when they should: the program, waiting in
sock_accept for a client that never comes, stops at --timeout 1s (status
124); and a port that is taken is a one-line usage error (status 2).
"""
import argparse, os, socket, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import go_toolchains  # noqa: E402  (tests/go_toolchains.py)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def connect(port):
    """A connection to the server, once it listens (gowasm-run makes the
    socket before it loads the module: under ASan that takes a while)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=60)
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def exchange(port, lines):
    """Sends `lines` to the server, returns everything it sends back."""
    conn = connect(port)
    payload = "".join(line + "\n" for line in lines).encode()

    def send():
        conn.sendall(payload)
        conn.shutdown(socket.SHUT_WR)
    sender = threading.Thread(target=send)
    sender.start()
    received = bytearray()
    while chunk := conn.recv(65536):
        received += chunk
    sender.join()
    conn.close()
    return received.decode()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gowasm-run", required=True)
    ap.add_argument("--testdata", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--toolchain", default="go1.26.8")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    wasm = os.path.join(a.out, "tcp_echo.wasm")
    go_toolchains.get(a.toolchain).run(["build", "-o", wasm, "./tcp_echo"], goos="wasip1",
                                       cwd=a.testdata, check=True)
    failures = []
    clients = [["hello", "world"], [], [f"line {i} " + "x" * 90 for i in range(20000)]]
    port = free_port()
    server = subprocess.Popen([a.gowasm_run, "--listen", f"127.0.0.1:{port}", wasm, str(len(clients))],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for number, lines in enumerate(clients, 1):
        got = exchange(port, lines)
        want = "".join(line.upper() + "\n" for line in lines)
        ok = got == want
        print(f"{'ok' if ok else 'FAILED'} client {number}: {len(lines)} lines, {len(got)} bytes back")
        if not ok:
            failures.append(f"client {number}: got {got[:200]!r}..., expected {want[:200]!r}...")
    out, err = server.communicate(timeout=60)
    want_out = "".join(f"connection {n}: {len(lines)} lines\n" for n, lines in enumerate(clients, 1))
    ok = server.returncode == 0 and out == want_out and err == ""
    print(f"{'ok' if ok else 'FAILED'} the program: exit {server.returncode}, stdout {out!r}")
    if not ok:
        failures.append(f"the program: exit {server.returncode}, stdout {out!r}, stderr {err!r}")

    # Nobody connects: --timeout ends the wait in sock_accept.
    started = time.monotonic()
    p = subprocess.run([a.gowasm_run, "--timeout", "1s", "--listen", f"127.0.0.1:{free_port()}", wasm, "1"],
                       capture_output=True, text=True, timeout=60)
    took = time.monotonic() - started
    ok = p.returncode == 124 and took < 10
    print(f"{'ok' if ok else 'FAILED'} no client, --timeout 1s: exit {p.returncode} after {took:.1f} s")
    if not ok:
        failures.append(f"--timeout: exit {p.returncode} after {took:.1f} s, stderr {p.stderr!r}")

    # A port in use: a one-line error before anything runs.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        p = subprocess.run([a.gowasm_run, "--listen", address, wasm, "1"], capture_output=True, text=True,
                           timeout=60)
    ok = p.returncode == 2 and p.stderr == f"gowasm-run: --listen {address}: Address already in use\n"
    print(f"{'ok' if ok else 'FAILED'} a port in use: exit {p.returncode}, {p.stderr.strip()!r}")
    if not ok:
        failures.append(f"a port in use: exit {p.returncode}, stderr {p.stderr!r}")

    for f in failures:
        print("  " + f)
    print(f"{len(clients) + 3 - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
