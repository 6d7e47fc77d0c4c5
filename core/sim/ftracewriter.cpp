// SPDX-License-Identifier: GPL-3.0-or-later
#include "ftracewriter.h"

namespace gbw {

FtraceWriter::FtraceWriter(std::FILE* out)
    : m_out(out)
{}

void FtraceWriter::header(int cpus)
{
    std::fprintf(m_out,
        "# tracer: nop\n#\n# entries-in-buffer/entries-written: 0/0   #P:%d\n#\n"
        "#                                _-----=> irqs-off/BH-disabled\n"
        "#                               / _----=> need-resched\n"
        "#                              | / _---=> hardirq/softirq\n"
        "#                              || / _--=> preempt-depth\n"
        "#                              ||| / _-=> migrate-disable\n"
        "#                              |||| /     delay\n"
        "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
        "#              | |         |   |||||     |         |\n",
        cpus);
}

const char* FtraceWriter::gfpFlags(const AllocRequest& request)
{
    switch (request.gfp) {
    case GfpClass::Atomic:
        return "GFP_ATOMIC|__GFP_NOWARN";
    case GfpClass::NoRetry:
        return request.migrateType == MigrateType::Movable ? "GFP_TRANSHUGE_LIGHT|__GFP_NORETRY"
                                                           : "GFP_NOWAIT|__GFP_NORETRY|__GFP_NOWARN|__GFP_COMP";
    case GfpClass::NoFail:
        return "GFP_KERNEL|__GFP_NOFAIL";
    case GfpClass::Normal:
        break;
    }
    switch (request.migrateType) {
    case MigrateType::Movable:
        return request.tag == Tag::Thp ? "GFP_TRANSHUGE" : "GFP_HIGHUSER_MOVABLE";
    case MigrateType::Reclaimable:
        return "GFP_KERNEL|__GFP_RECLAIMABLE";
    default:
        return "GFP_KERNEL";
    }
}

void FtraceWriter::prefix(VirtualTime time, const char* comm, std::uint32_t pid)
{
    // trace_print_context(): comm right-aligned in 16, pid left-aligned in 7,
    // CPU, the five irq-info flags, seconds.microseconds.
    const std::uint64_t micros = time / 1000;
    std::fprintf(m_out, "%16s-%-7u [%03u] ..... %5llu.%06llu: ", comm, pid, pid % 2u,
        static_cast<unsigned long long>(micros / 1'000'000), static_cast<unsigned long long>(micros % 1'000'000));
    ++m_lines;
}

void FtraceWriter::pageAlloc(VirtualTime time, const AllocRequest& request, Pfn pfn, std::uint32_t pid)
{
    prefix(time, std::string(name(request.tag)).c_str(), pid);
    // page= is a hashed pointer in a real trace; we print the pfn there, as trace-cmd does.
    std::fprintf(m_out, "mm_page_alloc: page=%016llx pfn=0x%llx order=%d migratetype=%d gfp_flags=%s\n",
        static_cast<unsigned long long>(pfn), static_cast<unsigned long long>(pfn), int(request.order),
        index(request.migrateType), gfpFlags(request));
}

void FtraceWriter::pageFree(VirtualTime time, Pfn pfn, int order, std::uint32_t pid)
{
    prefix(time, "kworker", pid);
    std::fprintf(m_out, "mm_page_free: page=%016llx pfn=0x%llx order=%d\n", static_cast<unsigned long long>(pfn),
        static_cast<unsigned long long>(pfn), order);
}

void FtraceWriter::migrated(VirtualTime time, Pfn from, Pfn to, int order, const AllocRequest& request)
{
    pageAlloc(time, request, to, 999);
    pageFree(time, from, order, 999);
    // The model returns a migration's source straight to the buddy lists. With
    // per-cpu lists in the trace, a reader takes a small free as parked on
    // one; the kernel's own line for a page that passes through at once says
    // where it went.
    if (m_pcpSeen && (order <= 3 || order == m_pcpPageblockOrder))
        pcpDrain(time, from, order, MigrateType::Movable);
}

void FtraceWriter::extfrag(VirtualTime time, const ExtfragEvent& e)
{
    prefix(time, "kworker", 998);
    // include/trace/events/kmem.h: fragmenting = fallback_order < pageblock_order.
    const int pageblockOrder = e.pageblockOrder;
    std::fprintf(m_out,
        "mm_page_alloc_extfrag: page=%016llx pfn=0x%llx alloc_order=%d fallback_order=%d pageblock_order=%d "
        "alloc_migratetype=%d fallback_migratetype=%d fragmenting=%d change_ownership=%d\n",
        static_cast<unsigned long long>(e.pfn), static_cast<unsigned long long>(e.pfn), e.allocOrder, e.fallbackOrder,
        pageblockOrder, index(e.allocType), index(e.fallbackType), e.fallbackOrder < pageblockOrder ? 1 : 0,
        e.changeOwnership ? 1 : 0);
}

void FtraceWriter::compaction(const char* event, const CompactionEvent& e)
{
    // compaction.h: "zone_start=0x%lx migrate_pfn=0x%lx free_pfn=0x%lx zone_end=0x%lx, mode=%s" (+ " status=%s").
    std::fprintf(m_out, "%s: zone_start=0x%llx migrate_pfn=0x%llx free_pfn=0x%llx zone_end=0x%llx, mode=%s", event,
        static_cast<unsigned long long>(e.zoneStart), static_cast<unsigned long long>(e.migratePfn),
        static_cast<unsigned long long>(e.freePfn), static_cast<unsigned long long>(e.zoneEnd),
        e.sync ? "sync" : "async");
}

void FtraceWriter::compactionBegin(VirtualTime time, const CompactionEvent& e)
{
    prefix(time, "kcompactd0", 997);
    compaction("mm_compaction_begin", e);
    std::fputc('\n', m_out);
}

void FtraceWriter::compactionMigratePages(VirtualTime time, std::uint64_t migrated, std::uint64_t failed)
{
    prefix(time, "kcompactd0", 997);
    std::fprintf(m_out, "mm_compaction_migratepages: nr_migrated=%llu nr_failed=%llu\n",
        static_cast<unsigned long long>(migrated), static_cast<unsigned long long>(failed));
}

void FtraceWriter::compactionEnd(VirtualTime time, const CompactionEvent& e)
{
    prefix(time, "kcompactd0", 997);
    compaction("mm_compaction_end", e);
    std::fprintf(m_out, " status=%.*s\n", int(e.status.size()), e.status.data());
}

void FtraceWriter::pcpRefill(VirtualTime time, Pfn pfn, int order, MigrateType mt)
{
    m_pcpSeen = true;
    prefix(time, "kworker", 996);
    std::fprintf(m_out, "mm_page_alloc_zone_locked: page=%016llx pfn=0x%llx order=%d migratetype=%d percpu_refill=1\n",
        static_cast<unsigned long long>(pfn), static_cast<unsigned long long>(pfn), order, index(mt));
}

void FtraceWriter::pcpDrain(VirtualTime time, Pfn pfn, int order, MigrateType mt)
{
    prefix(time, "kworker", 996);
    std::fprintf(m_out, "mm_page_pcpu_drain: page=%016llx pfn=0x%llx order=%d migratetype=%d\n",
        static_cast<unsigned long long>(pfn), static_cast<unsigned long long>(pfn), order, index(mt));
}

} // namespace gbw
