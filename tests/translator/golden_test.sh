#!/usr/bin/env bash
# The translator's output for the Go patterns it folds, against golden
# files (tests/translator/cases.txt says which function of which module).
#   golden_test.sh GOWASM_DUMP SCRATCH_DIR [--update]
set -uo pipefail
dump=$1 scratch=$2 update=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mkdir -p "$scratch"
command -v wat2wasm >/dev/null || { echo "golden_test: wat2wasm is missing (apt-get install wabt)" >&2; exit 1; }
passed=0 failed=0
while read -r name module index; do
  case $name in ''|'#'*) continue ;; esac
  wasm=$root/$module
  if [[ $module == *.wat ]]; then
    wasm=$scratch/$(basename "$module" .wat).wasm
    wat2wasm --debug-names "$root/$module" -o "$wasm" || { echo "FAIL $name: wat2wasm"; failed=$((failed + 1)); continue; }
  fi
  got=$("$dump" --code "$index" "$wasm" 2>&1)
  golden=$here/golden/$name.txt
  if [ "$update" = --update ]; then
    mkdir -p "$here/golden" && printf '%s\n' "$got" > "$golden"
    echo "updated $name"
  elif diff -u "$golden" <(printf '%s\n' "$got") > "$scratch/$name.diff"; then
    echo "ok   $name"; passed=$((passed + 1))
  else
    echo "FAIL $name: the translation changed"; cat "$scratch/$name.diff"; failed=$((failed + 1))
  fi
done < "$here/cases.txt"
[ "$update" = --update ] && exit 0
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
