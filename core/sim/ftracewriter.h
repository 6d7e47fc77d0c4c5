// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "eventqueue.h"
#include "eventsink.h"
#include "model/types.h"

namespace gbw {

// Writes allocator events in the kernel's own trace text (the `trace` file
// of a 6.x kernel: header, then one line per event), so that every tool that
// reads real traces — ours included — reads a simulated run the same way.
class FtraceWriter final : public EventSink
{
public:
    // Takes ownership of nothing: the file stays the caller's.
    explicit FtraceWriter(std::FILE* out);

    void header(int cpus);
    void pageAlloc(VirtualTime time, const AllocRequest& request, Pfn pfn, std::uint32_t pid) override;
    void pageFree(VirtualTime time, Pfn pfn, int order, std::uint32_t pid) override;
    // Migration allocates the new page and frees the old one; a real trace shows exactly that pair.
    void migrated(VirtualTime time, Pfn from, Pfn to, int order, const AllocRequest& request) override;
    void extfrag(VirtualTime time, const ExtfragEvent& event) override;
    void pcpRefill(VirtualTime time, Pfn pfn, int order, MigrateType mt) override;
    void pcpDrain(VirtualTime time, Pfn pfn, int order, MigrateType mt) override;
    void compactionBegin(VirtualTime time, const CompactionEvent& event) override;
    void compactionMigratePages(VirtualTime time, std::uint64_t migrated, std::uint64_t failed) override;
    void compactionEnd(VirtualTime time, const CompactionEvent& event) override;
    std::uint64_t lines() const
    {
        return m_lines;
    }
    bool ok() const
    {
        return !std::ferror(m_out);
    }

    // The gfp_flags text the kernel prints for a request of this shape.
    static const char* gfpFlags(const AllocRequest& request);

private:
    void prefix(VirtualTime time, const char* comm, std::uint32_t pid);

    void compaction(const char* event, const CompactionEvent& e);

    std::FILE* m_out;
    bool m_pcpSeen = false; // per-cpu lists are on: some refill was written
    int m_pcpPageblockOrder = 9; // the THP order the per-cpu lists also hold
    std::uint64_t m_lines = 0;
};

} // namespace gbw
