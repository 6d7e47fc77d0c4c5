// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordedeventsink.h"

namespace gbw {

void RecordedEventSink::add(VirtualTime time, RecordedKind kind, Pfn pfn, int order, MigrateType mt)
{
    RecordedEvent e;
    e.time = time;
    e.kind = kind;
    e.pfn = pfn;
    e.order = std::uint8_t(order);
    e.mt = mt;
    record(e);
}

void RecordedEventSink::pageAlloc(VirtualTime time, const AllocRequest& request, Pfn pfn, std::uint32_t)
{
    RecordedEvent e;
    e.time = time;
    e.kind = RecordedKind::Alloc;
    e.pfn = pfn;
    e.order = request.order;
    e.mt = request.migrateType;
    e.gfp = request.gfp;
    e.tag = request.tag;
    record(e);
}

void RecordedEventSink::pageFree(VirtualTime time, Pfn pfn, int order, std::uint32_t)
{
    add(time, RecordedKind::Free, pfn, order);
}

void RecordedEventSink::pageFreeToPcp(VirtualTime time, Pfn pfn, int order, std::uint32_t)
{
    add(time, RecordedKind::PcpFree, pfn, order);
}

void RecordedEventSink::pcpRefill(VirtualTime time, Pfn pfn, int order, MigrateType mt)
{
    add(time, RecordedKind::PcpRefill, pfn, order, mt);
}

void RecordedEventSink::pcpDrain(VirtualTime time, Pfn pfn, int order, MigrateType mt)
{
    add(time, RecordedKind::PcpDrain, pfn, order, mt);
}

// The pair the kernel traces: the target allocated, then the source freed;
// both carry what the block is, so a viewer of either end can say whose it was.
void RecordedEventSink::migrated(VirtualTime time, Pfn from, Pfn to, int order, const AllocRequest& request)
{
    RecordedEvent e;
    e.time = time;
    e.kind = RecordedKind::MigrateAlloc;
    e.pfn = to;
    e.order = std::uint8_t(order);
    e.mt = request.migrateType;
    e.gfp = request.gfp;
    e.tag = request.tag;
    record(e);
    e.kind = RecordedKind::MigrateFree;
    e.pfn = from;
    record(e);
}

void RecordedEventSink::extfrag(VirtualTime time, const ExtfragEvent& event)
{
    RecordedEvent e;
    e.time = time;
    e.kind = RecordedKind::Extfrag;
    e.pfn = event.pfn;
    e.order = std::uint8_t(event.allocOrder);
    e.aux = std::uint8_t(event.fallbackOrder);
    e.mt = event.allocType;
    e.fallbackType = event.fallbackType;
    e.changeOwnership = event.changeOwnership;
    record(e);
}

void RecordedEventSink::pageblockLabel(VirtualTime time, Pfn pageblockStart, MigrateType from, MigrateType to)
{
    RecordedEvent e;
    e.time = time;
    e.kind = RecordedKind::Label;
    e.pfn = pageblockStart;
    e.mt = to;
    e.aux = std::uint8_t(from);
    record(e);
}

void RecordedEventSink::gigablockTaken(VirtualTime time, std::uint32_t gigablock)
{
    add(time, RecordedKind::GigablockTake, gigablock, 0);
}

void RecordedEventSink::gigablockReleased(VirtualTime time, std::uint32_t gigablock)
{
    add(time, RecordedKind::GigablockRelease, gigablock, 0);
}

} // namespace gbw
