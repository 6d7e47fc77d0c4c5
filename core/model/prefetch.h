// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace gbw {

// Start loading the cache line at p. To GCC a __builtin_prefetch has no side
// effects, so a function that does nothing but prefetch counts as pure to
// its interprocedural analysis, and a call to it that is not inlined early
// is deleted as dead code: the engine's second prefetch stage compiled to
// nothing that way. The empty volatile asm is a side effect the compiler must
// keep, and costs no instruction.
inline void prefetchLine(const void* p)
{
    __builtin_prefetch(p);
    asm volatile("" : : "r"(p));
}

} // namespace gbw
