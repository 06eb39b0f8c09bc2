#!/usr/bin/env bash
# Spec scripts of our own (the translator's folds, past bugs, fuzz findings):
# every command of every script must pass.
#   wast_scripts_test.sh GOWASM_SPEC OUT_DIR SCRIPT.wast...
set -euo pipefail
gowasm_spec=$1 out=$2
shift 2
command -v wast2json >/dev/null || { echo "wast_scripts_test: wast2json is missing (apt-get install wabt)" >&2; exit 1; }
mkdir -p "$out"
for script in "$@"; do
  name=$(basename "$script" .wast)
  wast2json "$script" -o "$out/$name.json"
  "$gowasm_spec" --verbose "$out/$name.json"
done
