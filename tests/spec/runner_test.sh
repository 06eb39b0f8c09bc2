#!/usr/bin/env bash
# Checks gowasm-spec on runner_test.wast: the exact counts, and that the
# two failures it contains (a hang, a missing trap) are the ones reported.
#   runner_test.sh GOWASM_SPEC OUT_DIR
set -euo pipefail
gowasm_spec=$1 out=$2
if ! command -v wast2json >/dev/null; then
  echo "runner_test: wast2json is missing (apt-get install wabt)" >&2
  exit 1
fi
mkdir -p "$out"
wast2json "$(dirname "$0")/runner_test.wast" -o "$out/runner_test.json"
status=0
output=$("$gowasm_spec" --verbose --timeout 1 "$out/runner_test.json") || status=$?
echo "$output"
fail=0
[[ $status == 1 ]] || { echo "runner_test: exit status $status, expected 1" >&2; fail=1; }
for want in "runner_test.wast:6: assert_return: no result within 1 s: hung" \
            "runner_test.wast:23: assert_trap: invoke \"eight\"(): expected trap \"unreachable\", got (i32:8)" \
            "skipped, SIMD execution not supported: 2" \
            "spec: 9 passed, 2 failed, 2 skipped"; do
  if ! grep -qF -- "$want" <<<"$output"; then
    echo "runner_test: missing from the output: '$want'" >&2
    fail=1
  fi
done
exit $fail
