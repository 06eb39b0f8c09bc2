// crypto/sha256's block function as a native routine (see routines.h).
#pragma once

#include "routines.h"

namespace gowasm::interp::native {

// func blockGeneric(dig *digest, p []byte): crypto/sha256's in Go 1.19,
// whose round constants _K are a slice (true), and
// crypto/internal/fips140/sha256's in later releases, where they are an array.
template <bool kTableIsSlice>
bool sha256_block(const NativeCall& call);

}  // namespace gowasm::interp::native
