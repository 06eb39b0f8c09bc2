#!/usr/bin/env bash
# The embedding examples (examples/), each built against the installed
# package as a user would build it, run on their Go guests, and compared
# with the output they document (PROGRAM_expected.txt beside them).
#   examples_test.sh BUILD_DIR SCRATCH_DIR GO_MODULES_DIR
set -euo pipefail
build=$1 scratch=$2 modules=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$scratch"
prefix=$scratch/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
cmake -S "$here/../examples/cpp" -B "$scratch/cpp" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$scratch/cpp" >/dev/null
cmake -S "$here/../examples/c" -B "$scratch/c" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$scratch/c" >/dev/null
status=0
for example in cpp/plugin_host:plugin cpp/wapc_host:wapcguest cpp/async_host:plugin \
               cpp/limits:plugin cpp/deterministic:deterministic \
               c/plugin_host_c:plugin c/wapc_host_c:wapcguest c/async_host_c:plugin \
               c/limits_c:plugin c/deterministic_c:deterministic; do
  program=${example%%:*} guest=${example#*:}
  echo "== $program"
  got=$("$scratch/$program" "$modules/$guest.wasm")
  echo "$got"
  if ! diff <(echo "$got") "$here/../examples/${program}_expected.txt"; then
    echo "examples_test: $program printed something else (diff: got < > expected)" >&2
    status=1
  fi
done
exit $status
