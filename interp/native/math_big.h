// math/big's vector arithmetic as native routines (see routines.h).
#pragma once

#include "routines.h"

namespace gowasm::interp::native {

bool mul64(const NativeCall& call);        // math/bits.Mul64
bool mul_add_www(const NativeCall& call);  // math/big.mulAddWWW_g
// math/big.addVV_g and subVV_g (kSubtract): Go 1.19 runs over the shortest
// slice; later releases panic unless all lengths agree (kEqualLengths).
template <bool kSubtract, bool kEqualLengths>
bool add_or_sub_vv(const NativeCall& call);
// math/big.mulAddVWW_g, over the shorter slice (Go 1.19) or equal lengths.
template <bool kEqualLengths>
bool mul_add_vww(const NativeCall& call);
bool add_mul_vvw(const NativeCall& call);   // math/big.addMulVVW_g (Go 1.19)
bool add_mul_vvww(const NativeCall& call);  // math/big.addMulVVWW_g (Go 1.25 on)

}  // namespace gowasm::interp::native
