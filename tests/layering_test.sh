#!/usr/bin/env bash
# The layers' include rule, jsbridge -> interp -> src, jsbridge -> host
# (which depends on nothing of ours) and wasi -> host, nothing back, the
# bridge and WASI independent of each other, and capi -> include/ only, is
# enforced by the build (each layer's target sees only the headers of its
# own folder and the layers below). This test closes the ways around that:
# a relative path ("../interp/x.h") or a folder-qualified one.
#   layering_test.sh SOURCE_DIR
set -uo pipefail
cd "$1" || exit 1
fail=0
forbid() {  # forbid LAYER PATTERN WHY [ALLOWED]: includes of LAYER matching PATTERN, except ALLOWED
  local hits
  hits=$(grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"$2" "$1"/*.cpp "$1"/*.h "$1"/*.def 2>/dev/null)
  [ -z "${4:-}" ] || hits=$(grep -vE "\"($4)" <<<"$hits")
  if [ -n "$hits" ]; then echo "FAIL $1: $3"; echo "$hits"; fail=1; fi
}
for layer in src interp interp/native host jsbridge wasi capi; do forbid "$layer" '\.\./' "includes by relative path"; done
# The C API is built on the public C++ API alone (and its own headers).
capi_own=$(cd capi && ls *.h | paste -sd'|')
forbid capi "" "the C API includes something other than gowasm/ public headers" \
  "gowasm/|($capi_own)\""
forbid src '(interp|host|jsbridge|wasi)/' "the core includes a layer above it"
forbid interp '(host|jsbridge|wasi)/' "the interpreter includes the host layer, the bridge or WASI"
forbid interp/native '(host|jsbridge|wasi)/' "the interpreter includes the host layer, the bridge or WASI"
forbid host '(src|interp|jsbridge|wasi)/' "the host layer includes another layer"
# WASI stands on the public API and host/ alone, beside the bridge.
forbid wasi '(src|interp|jsbridge)/' "WASI includes the core, the interpreter or the bridge by path"
forbid jsbridge 'wasi/' "the bridge includes WASI by path"
for name in $(cd interp && ls *.h *.def native/*.h); do forbid src "$name\"" "the core includes interp/$name"; done
for name in $(cd host && ls *.h); do
  forbid src "$name\"" "the core includes host/$name"
  forbid interp "$name\"" "the interpreter includes host/$name"
  forbid interp/native "$name\"" "the interpreter includes host/$name"
done
for name in $(cd jsbridge && ls *.h); do
  forbid src "$name\"" "the core includes jsbridge/$name"
  forbid interp "$name\"" "the interpreter includes jsbridge/$name"
  forbid interp/native "$name\"" "the interpreter includes jsbridge/$name"
  forbid host "$name\"" "the host layer includes jsbridge/$name"
  forbid wasi "$name\"" "WASI includes jsbridge/$name"
done
for name in $(cd wasi && ls *.h); do
  forbid src "$name\"" "the core includes wasi/$name"
  forbid interp "$name\"" "the interpreter includes wasi/$name"
  forbid interp/native "$name\"" "the interpreter includes wasi/$name"
  forbid host "$name\"" "the host layer includes wasi/$name"
  forbid jsbridge "$name\"" "the bridge includes wasi/$name"
done
# The private headers of the core and the interpreter are out of WASI's reach.
for name in $(cd src && ls *.h) $(cd interp && ls *.h *.def); do
  forbid wasi "$name\"" "WASI includes a private header of the core or the interpreter ($name)"
done
[ $fail = 0 ] && echo "layering: no include against jsbridge -> interp -> src, jsbridge -> host, wasi -> host, capi -> include"
exit $fail
