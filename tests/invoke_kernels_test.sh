#!/usr/bin/env bash
# gowasm-run --invoke on the plain-wasm kernels agrees with Node.js, and the
# standard sizes print the known checksums.
#   invoke_kernels_test.sh GOWASM_RUN SHARED_DIR
set -euo pipefail
run=$1 shared=$2
kernels=$shared/bench/kernels/kernels.wasm
if [ ! -f "$kernels" ]; then echo "invoke_kernels_test: $kernels is missing" >&2; exit 1; fi
if ! command -v node >/dev/null; then echo "invoke_kernels_test: node is missing (apt-get install nodejs)" >&2; exit 1; fi
fail=0
expect() {  # expect EXPORT WANT
  got=$("$run" --invoke "$1" "$kernels")
  if [ "$got" != "$2" ]; then echo "FAIL $1: got '$got', want '$2'"; fail=1; else echo "ok   $1 = $got"; fi
}
expect bench_fib 832040
expect bench_nbody -169083712
expect bench_pollard 9841669336
for call in "fib 0" "fib 1" "fib 20" "fib 27" "nbody 0" "nbody 1" "nbody 1000" "pollard 0" "pollard 1" "pollard 3"; do
  set -- $call
  want=$(node "$shared/tools/node-invoke.js" "$kernels" "$@")
  # node-invoke passes export then args; gowasm-run takes the module before the args.
  got=$("$run" --invoke "$1" "$kernels" "${@:2}")
  if [ "$got" != "$want" ]; then echo "FAIL $call: gowasm '$got', node '$want'"; fail=1; else echo "ok   $call = $got"; fi
done
# Errors are reported, not crashes: a missing export, a bad argument.
if "$run" --invoke nosuch "$kernels" 2>/dev/null; then echo "FAIL: a missing export succeeded"; fail=1; fi
if "$run" --invoke fib "$kernels" notanumber 2>/dev/null; then echo "FAIL: a bad argument succeeded"; fail=1; fi
exit $fail
