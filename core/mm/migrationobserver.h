// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/types.h"

namespace gbw {

// Told when compaction or a contiguous allocation moves an allocated block,
// so the owner of the memory (the engine's allocation table) follows it.
class MigrationObserver
{
public:
    virtual ~MigrationObserver() = default;
    // May the block at pfn be migrated now? (mlocked, pinned or in flight: no)
    virtual bool isMigratable(Pfn pfn) const = 0;
    virtual void moved(Pfn from, Pfn to, int order) = 0;
    // A compact_zone() run starts and ends (the mm_compaction_begin/end
    // tracepoints); pfns are the scanners' positions. Optional.
    virtual void compactionBegin(int /*zone*/, Pfn /*migratePfn*/, Pfn /*freePfn*/, bool /*sync*/) {}
    virtual void compactionEnd(int /*zone*/, Pfn /*migratePfn*/, Pfn /*freePfn*/, bool /*sync*/,
        std::uint64_t /*migrated*/, const char* /*status*/)
    {}
};

} // namespace gbw
