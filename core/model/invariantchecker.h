// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "memorymodel.h"

namespace gbw {

// Recomputes everything the model keeps incrementally, from the page states
// alone, and compares: the partition of memory into blocks, every free list
// (membership, order, type, links both ways), unmerged free buddies, and the
// zone, pageblock and gigablock summaries. O(memory): for tests and debugging.
class InvariantChecker
{
public:
    // Empty when the model is consistent; otherwise one line per problem (capped).
    static std::vector<std::string> check(const MemoryModel& model, std::size_t maxProblems = 20);
};

} // namespace gbw
