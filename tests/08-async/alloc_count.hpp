#pragma once
// Counts this thread's heap allocations: the test binary of stage 08 replaces
// the global operator new (alloc_count.cpp) with one that counts.

#include <cstddef>

namespace minifw::test {

/// Calls of operator new on this thread since it started.
std::size_t allocations_on_this_thread() noexcept;

}  // namespace minifw::test
