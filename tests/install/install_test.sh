#!/usr/bin/env bash
# `cmake --install` gives a usable product: gowasm-run and its names for
# `go test` (go_js_wasm_exec, go_wasip1_wasm_exec), libgowasm.a, the public
# headers, a CMake package and a pkg-config file. A small external program
# (embed.cpp) is built against the installed tree twice, through
# find_package(gowasm) and through pkg-config, and run.
# gowasm-run must be linked as LINKING says (static or dynamic).
#   install_test.sh BUILD_DIR SCRATCH_DIR HELLO_WASM LINKING
set -euo pipefail
build=$1 scratch=$2 hello=$3 linking=$4
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$scratch"
prefix=$scratch/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/gowasm-run bin/go_js_wasm_exec bin/go_wasip1_wasm_exec lib/libgowasm.a \
         include/gowasm/instance.h lib/cmake/gowasm/gowasmConfig.cmake lib/pkgconfig/gowasm.pc; do
  [ -e "$prefix/$f" ] || { echo "install_test: $f is not installed" >&2; exit 1; }
done
want="add(40, 2) = 42
Go program: exit 0, wrote: hello from Go on gowasm"

echo "== through find_package(gowasm)"
cmake -S "$here" -B "$scratch/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$scratch/cmake-build" >/dev/null
got=$("$scratch/cmake-build/embed" "$hello")
echo "$got"
[ "$got" = "$want" ] || { echo "install_test: the CMake-built program printed something else" >&2; exit 1; }

echo "== through pkg-config"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# shellcheck disable=SC2046  # the flags are words
g++ -O1 -o "$scratch/embed-pc" "$here/embed.cpp" $(pkg-config --cflags --libs gowasm)
got=$("$scratch/embed-pc" "$hello")
echo "$got"
[ "$got" = "$want" ] || { echo "install_test: the pkg-config-built program printed something else" >&2; exit 1; }

echo "== gowasm-run ($linking)"
if ldd "$prefix/bin/gowasm-run" >/dev/null 2>&1; then got=dynamic; else got=static; fi
ldd "$prefix/bin/gowasm-run" 2>&1 | head -3 || true
[ "$got" = "$linking" ] || { echo "install_test: gowasm-run is $got, want $linking" >&2; exit 1; }
"$prefix/bin/gowasm-run" "$hello"
