// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordingsink.h"

namespace gbw {

void RecordingSink::add(VirtualTime time, RecordedKind kind, Pfn pfn, int order, MigrateType mt)
{
    RecordedEvent e;
    e.time = time;
    e.kind = kind;
    e.pfn = pfn;
    e.order = std::uint8_t(order);
    e.mt = mt;
    m_recording.events.push_back(e);
}

void RecordingSink::pageAlloc(VirtualTime time, const AllocRequest& request, Pfn pfn, std::uint32_t)
{
    add(time, RecordedKind::Alloc, pfn, request.order, request.migrateType);
    m_recording.events.back().gfp = request.gfp;
    m_recording.events.back().tag = request.tag;
}

void RecordingSink::pageFree(VirtualTime time, Pfn pfn, int order, std::uint32_t)
{
    add(time, RecordedKind::Free, pfn, order);
}

void RecordingSink::pageFreeToPcp(VirtualTime time, Pfn pfn, int order, std::uint32_t)
{
    add(time, RecordedKind::PcpFree, pfn, order);
}

void RecordingSink::pcpRefill(VirtualTime time, Pfn pfn, int order, MigrateType mt)
{
    add(time, RecordedKind::PcpRefill, pfn, order, mt);
}

void RecordingSink::pcpDrain(VirtualTime time, Pfn pfn, int order, MigrateType mt)
{
    add(time, RecordedKind::PcpDrain, pfn, order, mt);
}

void RecordingSink::migrated(VirtualTime time, Pfn from, Pfn to, int order, const AllocRequest& request)
{
    add(time, RecordedKind::MigrateAlloc, to, order, request.migrateType);
    m_recording.events.back().tag = request.tag;
    add(time, RecordedKind::MigrateFree, from, order);
}

void RecordingSink::extfrag(VirtualTime time, const ExtfragEvent& event)
{
    add(time, RecordedKind::Extfrag, event.pfn, event.allocOrder, event.allocType);
    RecordedEvent& e = m_recording.events.back();
    e.aux = std::uint8_t(event.fallbackOrder);
    e.fallbackType = event.fallbackType;
    e.changeOwnership = event.changeOwnership;
}

void RecordingSink::pageblockLabel(VirtualTime time, Pfn pageblockStart, MigrateType from, MigrateType to)
{
    add(time, RecordedKind::Label, pageblockStart, 0, to);
    m_recording.events.back().aux = std::uint8_t(from);
}

void RecordingSink::gigablockTaken(VirtualTime time, std::uint32_t gigablock)
{
    add(time, RecordedKind::GigablockTake, gigablock, 0);
}

void RecordingSink::gigablockReleased(VirtualTime time, std::uint32_t gigablock)
{
    add(time, RecordedKind::GigablockRelease, gigablock, 0);
}

void RecordingSink::sample(VirtualTime, const EngineSample&)
{
    m_sampleIndexes.push_back(m_recording.events.size());
}

} // namespace gbw
