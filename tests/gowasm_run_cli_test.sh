#!/usr/bin/env bash
# gowasm-run's command line: help and version, usage errors, the sandboxed
# environment, and the distinct statuses for a module that cannot be linked
# (126, missing imports listed), a trap (134, guest stack printed), a
# timeout (124, in both modes, through an interrupt), a memory cap, fuel,
# --deterministic, --cpuprofile and --no-native-routines; output that cannot
# be written (a full disk, a closed pipe) reaches the program as on Node.
#   gowasm_run_cli_test.sh GOWASM_RUN PROGRAMS_DIR SCRATCH_DIR NODE_REF_RUN
# PROGRAMS_DIR holds the testdata programs it needs, built with `go` when missing.
set -uo pipefail
run=$1 programs=$2 scratch=$3 node_ref=$4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$scratch"
fail=0
check() {  # check NAME WANT_STATUS GOT_STATUS OUTPUT PATTERN
  if [ "$3" != "$2" ]; then echo "FAIL $1: status $3, want $2"; echo "$4" | head -5; fail=1; return; fi
  if [ -n "$5" ] && ! grep -qE -- "$5" <<<"$4"; then echo "FAIL $1: output lacks /$5/"; echo "$4" | head -5; fail=1; return; fi
  echo "ok   $1"
}
for p in hello args_env longcompute gcpressure endless deterministic bignum writeerror; do
  if [ ! -f "$programs/$p.wasm" ]; then
    mkdir -p "$programs"
    (cd "$here/../testdata/go" && GOOS=js GOARCH=wasm go build -o "$programs/$p.wasm" "./$p") || exit 1
  fi
done
if [ ! -f "$programs/wasi_reactor.wasm" ]; then
  (cd "$here/../testdata/go" && GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared \
    -o "$programs/wasi_reactor.wasm" ./wasi_reactor) || exit 1
fi

out=$("$run" --help 2>&1); check help 0 $? "$out" "--env KEY=VALUE"
out=$("$run" --version 2>&1); check version 0 $? "$out" "^gowasm-run [0-9]"
out=$("$run" --bogus x.wasm 2>&1); check unknown-option 2 $? "$out" "unknown option --bogus"
out=$("$run" --timeout soon x.wasm 2>&1); check bad-duration 2 $? "$out" "--timeout takes"
out=$("$run" "$scratch/absent.wasm" 2>&1); check missing-file 126 $? "$out" "cannot read"
out=$("$run" "$programs/hello.wasm" 2>&1); check hello 0 $? "$out" "^hello from Go on gowasm$"

# The guest sees only what --env gives it, unless --env-inherit.
out=$(GOWASM_TEST_A=leak "$run" "$programs/args_env.wasm" 2>&1); check env-sandbox 0 $? "$out" 'GOWASM_TEST_A set=false'
out=$(GOWASM_TEST_A=host "$run" --env-inherit "$programs/args_env.wasm" 2>&1); check env-inherit 0 $? "$out" 'GOWASM_TEST_A set=true value="host"'
out=$(GOWASM_TEST_A=host "$run" --env-inherit --env GOWASM_TEST_A=flag "$programs/args_env.wasm" 2>&1)
check env-flag-wins 0 $? "$out" 'GOWASM_TEST_A set=true value="flag"'

# Imports we do not provide are listed before anything runs.
python3 "$here/go_programs/rename_import_module.py" "$programs/hello.wasm" "$scratch/other.wasm" --from gojs --to other >/dev/null
out=$("$run" "$scratch/other.wasm" 2>&1); check missing-imports 126 $? "$out" "unknown import: other\.runtime\.scheduleTimeoutEvent, other\.runtime\.clearTimeoutEvent"

# A trap: the message and the guest stack with names from the name section.
if command -v wat2wasm >/dev/null; then
  cat > "$scratch/trap.wat" <<'WAT'
(module
  (memory (export "mem") 1)
  (func $boom unreachable)
  (func (export "run") (param i32 i32) call $boom)
  (func (export "resume"))
  (func (export "getsp") (result i32) i32.const 0))
WAT
  wat2wasm --debug-names "$scratch/trap.wat" -o "$scratch/trap.wasm"
  out=$("$run" "$scratch/trap.wasm" 2>&1); check trap 134 $? "$out" 'unreachable executed'
  grep -q 'at func 0 (boom)' <<<"$out" || { echo "FAIL trap: no guest stack"; echo "$out"; fail=1; }
else
  echo "FAIL trap: wat2wasm is missing (apt-get install wabt)"; fail=1
fi

out=$("$run" --timeout 200ms "$programs/longcompute.wasm" 2>&1); check timeout 124 $? "$out" "timed out after 200 ms"
# --timeout stops the guest through an interrupt, not by killing the process:
# in both modes, within the limit plus a little, with all earlier output out.
if command -v wat2wasm >/dev/null; then
  printf '(module (func (export "f") (loop (br 0))))\n' > "$scratch/loop.wat"
  wat2wasm "$scratch/loop.wat" -o "$scratch/loop.wasm"
  start=$(date +%s%N)
  out=$("$run" --timeout 1s --invoke f "$scratch/loop.wasm" 2>&1); check timeout-invoke 124 $? "$out" "timed out after 1000 ms"
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$elapsed_ms" -lt 2000 ] || { echo "FAIL timeout-invoke: took $elapsed_ms ms"; fail=1; }
fi
for mode in spin sleep; do
  start=$(date +%s%N)
  out=$("$run" --timeout 1s "$programs/endless.wasm" "$mode" 2>/dev/null); status=$?
  check "timeout-go-$mode-stdout" 124 $status "$out" "^written before the endless part$"
  out=$("$run" --timeout 1s "$programs/endless.wasm" "$mode" 2>&1 >/dev/null); status=$?
  check "timeout-go-$mode-stderr" 124 $status "$out" "also written before, to stderr"
  grep -q "timed out after 1000 ms" <<<"$out" || { echo "FAIL timeout-go-$mode: no timeout message"; fail=1; }
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$elapsed_ms" -lt 4000 ] || { echo "FAIL timeout-go-$mode: two runs took $elapsed_ms ms"; fail=1; }
done
# A cap the program's heap outgrows (32 MiB kept live): memory.grow fails and Go says so (exit 2);
# a cap below the module's initial memory: it cannot start.
out=$("$run" --max-memory 20M "$programs/gcpressure.wasm" 64 32 2>&1); check max-memory 2 $? "$out" "fatal error: out of memory"
out=$("$run" --max-memory 1M "$programs/gcpressure.wasm" 2>&1); check max-memory-start 126 $? "$out" "above the limit of 16 pages"
# --fuel: the endless loop stops as a trap, in both modes, after what it wrote.
out=$("$run" --fuel 1000000 "$programs/endless.wasm" spin 2>&1); check fuel-go 134 $? "$out" "out of fuel"
grep -q "written before the endless part" <<<"$out" || { echo "FAIL fuel-go: output lost"; fail=1; }
out=$("$run" --fuel 1000 --invoke f "$scratch/loop.wasm" 2>&1); check fuel-invoke 1 $? "$out" "trap: out of fuel"

# A WASI reactor: --invoke calls an export after _initialize, with the
# world a WASI command gets (its stdout), and os.Exit in it is the status.
out=$("$run" --invoke add "$programs/wasi_reactor.wasm" 2 3 2>&1)
check wasi-reactor-invoke 0 $? "$out" "^adding 2 and 3$"
grep -qx 5 <<<"$out" || { echo "FAIL wasi-reactor-invoke: no result line 5"; echo "$out"; fail=1; }
out=$("$run" --invoke quit "$programs/wasi_reactor.wasm" 7 2>&1); check wasi-reactor-exit 7 $? "$out" ""
out=$("$run" --fuel lots x.wasm 2>&1); check bad-fuel 2 $? "$out" "--fuel takes a number"

# --trace logs the bridge calls as node-ref-run.js does with GOJS_TRACE=1:
# the same calls in the same order (the clock reads, whose number depends
# on timing, left out).
untimed() { grep -v -e 'runtime.nanotime1' -e 'runtime.resetMemoryDataView'; }
ours=$("$run" --trace "$programs/hello.wasm" 2>&1 >/dev/null | untimed)
theirs=$(GOJS_TRACE=1 node "$node_ref" "$programs/hello.wasm" 2>&1 >/dev/null | untimed)
check trace 0 0 "$ours" '^\[gojs\] syscall/js.valueGet "_pendingEvent"$'
if [ "$ours" != "$theirs" ]; then echo "FAIL trace: the calls differ from Node's"; diff <(echo "$ours") <(echo "$theirs") | head; fail=1; fi

# --deterministic: two runs print the same bytes (the time, random numbers,
# the length of an hour's sleep), and the hour takes no time.
start=$(date +%s%N)
out1=$("$run" --deterministic "$programs/deterministic.wasm" 2>&1); status1=$?
out2=$("$run" --deterministic "$programs/deterministic.wasm" 2>&1); status2=$?
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
check deterministic-time 0 $status1 "$out1" "^now: 2000-01-01T00:00:00Z$"
check deterministic-sleep 0 $status2 "$out2" "^slept: 1h0m0.00[0-9]s$"
if [ "$out1" != "$out2" ]; then echo "FAIL deterministic: two runs differ"; diff <(echo "$out1") <(echo "$out2"); fail=1; fi
[ "$elapsed_ms" -lt 10000 ] || { echo "FAIL deterministic: two runs took $elapsed_ms ms"; fail=1; }
out=$("$run" --timeout 1s "$programs/deterministic.wasm" 2>/dev/null | head -1)
[ "$out" != "now: 2000-01-01T00:00:00Z" ] || { echo "FAIL deterministic: the real clock says 2000"; fail=1; }

# --cpuprofile: a profile that `go tool pprof` reads, by Go function (the
# sieve is inlined into main.main), covering most of the run's CPU time.
out=$("$run" --cpuprofile "$scratch/cpu.pprof" "$programs/longcompute.wasm" 2>&1); check cpuprofile-run 0 $? "$out" "primes below 2e6"
out=$(go tool pprof -top "$scratch/cpu.pprof" 2>&1); check cpuprofile-pprof 0 $? "$out" " main\.main$"
echo "$out" | head -12
out=$("$run" --cpuprofile "$scratch/no/such/dir/cpu.pprof" "$programs/hello.wasm" 2>&1)
check cpuprofile-unwritable 2 $? "$out" "cannot create .*no/such/dir/cpu.pprof: No such file or directory"

# Native routines or none, the same output (tests/native_routines_test.cpp
# compares them call by call).
native=$("$run" "$programs/bignum.wasm" 2>&1); check bignum 0 $? "$native" "^2\^4423-1 probably prime: true$"
out=$("$run" --no-native-routines "$programs/bignum.wasm" 2>&1); check no-native-routines 0 $? "$out" "^memory: "
[ "$out" = "$native" ] || { echo "FAIL no-native-routines: output differs"; fail=1; }

# A full disk and a closed pipe: the program's write gets ENOSPC and EPIPE,
# as under Node (its stderr line is Node's), and gowasm-run names what was
# lost; a program that ignores the error (hello) ends with status 1.
out=$("$run" "$programs/writeerror.wasm" 2>&1 >/dev/full); check full-disk 3 $? "$out" "^write error: write /dev/stdout: No space left on device$"
node_out=$(node "$node_ref" "$programs/writeerror.wasm" 2>&1 >/dev/full)
[ "$(head -1 <<<"$out")" = "$node_out" ] || { echo "FAIL full-disk: first line differs from Node's: $node_out"; fail=1; }
grep -q "output lost: No space left on device" <<<"$out" || { echo "FAIL full-disk: loss not reported"; fail=1; }
out=$("$run" "$programs/hello.wasm" 2>&1 >/dev/full); check full-disk-ignored 1 $? "$out" "hello.wasm: output lost: No space left on device$"
out=$( ("$run" "$programs/writeerror.wasm" 2>"$scratch/pipe.err"; echo $? >"$scratch/pipe.status") | head -c 10 >/dev/null; cat "$scratch/pipe.err")
check closed-pipe 3 "$(cat "$scratch/pipe.status")" "$out" "^write error: write /dev/stdout: Broken pipe$"
exit $fail
