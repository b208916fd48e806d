#pragma once
/// @file
/// How a fuzz target reports a property that does not hold: a line naming
/// it, then abort(), which libFuzzer records as a crash and saves the input.

#include <cstdio>
#include <cstdlib>

namespace minifw::fuzz {

/// Stops the run when `holds` is false; `property` says what should have held.
inline void require(bool holds, const char* property) {
    if (!holds) {
        std::fprintf(stderr, "fuzz: property broken: %s\n", property);
        std::abort();
    }
}

}  // namespace minifw::fuzz
