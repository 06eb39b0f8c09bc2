// The `spectest` module every spec-test script may import from: print
// functions that print nothing, four immutable globals holding 666 or 666.6,
// a funcref table of 10 to 20 elements and a memory of 1 to 2 pages, as the
// reference interpreter defines them. Each script gets fresh ones, because a
// script may write to the table and the memory.
#pragma once

#include "gowasm/instance.h"

namespace gowasm::spec {

// Adds a fresh `spectest` module to `imports`.
void add_spectest(Imports& imports);

}  // namespace gowasm::spec
