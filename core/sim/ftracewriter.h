// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "eventqueue.h"
#include "model/types.h"

namespace gbw {

// Writes allocator events in the kernel's own trace text (the `trace` file
// of a 6.x kernel: header, then one line per event), so that every tool that
// reads real traces — ours included — reads a simulated run the same way.
class FtraceWriter
{
public:
    // Takes ownership of nothing: the file stays the caller's.
    explicit FtraceWriter(std::FILE* out);

    void header(int cpus);
    void pageAlloc(VirtualTime time, const AllocRequest& request, Pfn pfn, std::uint32_t pid);
    void pageFree(VirtualTime time, Pfn pfn, int order, std::uint32_t pid);
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

    std::FILE* m_out;
    std::uint64_t m_lines = 0;
};

} // namespace gbw
