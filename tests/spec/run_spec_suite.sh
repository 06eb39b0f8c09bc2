#!/usr/bin/env bash
# Runs the official WebAssembly spec tests against gowasm: converts every
# SUITE_DIR/*.wast with wabt's wast2json into OUT_DIR/<name>/<name>.json
# (only when the .json is missing or older than the .wast, because converting
# all of them takes a while), then runs gowasm-spec over OUT_DIR. A missing
# suite or wast2json is an error, not a skip, so that a CI machine without
# them fails loudly instead of reporting a green run that tested nothing.
#
# usage: run_spec_suite.sh SUITE_DIR OUT_DIR GOWASM_SPEC [gowasm-spec options...]
set -euo pipefail

if [[ $# -lt 3 ]]; then
  echo "usage: $0 SUITE_DIR OUT_DIR GOWASM_SPEC [gowasm-spec options...]" >&2
  exit 2
fi
suite_dir=$1
out_dir=$2
gowasm_spec=$3
shift 3

suite_help="The suite is expected at ../shared/wasm-testsuite beside the source tree
(a checkout of https://github.com/WebAssembly/testsuite); configure with
-DGOWASM_SPEC_SUITE=/path/to/testsuite to use another folder."

if [[ ! -d $suite_dir ]]; then
  echo "spec suite: folder $suite_dir does not exist." >&2
  echo "$suite_help" >&2
  exit 1
fi
shopt -s nullglob
wast_files=("$suite_dir"/*.wast)
if [[ ${#wast_files[@]} -eq 0 ]]; then
  echo "spec suite: no .wast files in $suite_dir." >&2
  echo "$suite_help" >&2
  exit 1
fi
if ! command -v wast2json >/dev/null; then
  echo "spec suite: wast2json is not on PATH; it converts the .wast scripts." >&2
  echo "Install wabt (apt-get install wabt, or https://github.com/WebAssembly/wabt)." >&2
  exit 1
fi

converted=0
conversion_failures=0
for wast in "${wast_files[@]}"; do
  name=$(basename "$wast" .wast)
  json=$out_dir/$name/$name.json
  [[ -f $json && ! $wast -nt $json ]] && continue
  mkdir -p "$out_dir/$name"
  if wast2json "$wast" -o "$json"; then
    converted=$((converted + 1))
  else
    echo "spec suite: wast2json failed on $wast" >&2
    # Without a .json the next run retries, and gowasm-spec does not run a stale one.
    rm -f "$json"
    conversion_failures=$((conversion_failures + 1))
  fi
done
echo "spec suite: converted $converted of ${#wast_files[@]} .wast files"

status=0
"$gowasm_spec" "$@" "$out_dir" || status=$?
if [[ $conversion_failures -gt 0 ]]; then
  echo "spec suite: $conversion_failures .wast files could not be converted (see above)" >&2
  [[ $status -eq 0 ]] && status=1
fi
exit $status
