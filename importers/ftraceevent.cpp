// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/ftraceevent.h"

#include <array>

namespace gbw::importers {

namespace {

struct KindName
{
    std::string_view event;
    FtraceEventKind kind;
};

constexpr std::array<KindName, 8> kmemEvents {{
    {"mm_page_alloc", FtraceEventKind::PageAlloc},
    {"mm_page_free", FtraceEventKind::PageFree},
    {"mm_page_free_batched", FtraceEventKind::PageFreeBatched},
    {"mm_page_alloc_zone_locked", FtraceEventKind::PageAllocZoneLocked},
    {"mm_page_pcpu_drain", FtraceEventKind::PagePcpuDrain},
    {"mm_page_alloc_extfrag", FtraceEventKind::PageAllocExtfrag},
    // Names used until 3.3.
    {"mm_page_free_direct", FtraceEventKind::PageFree},
    {"mm_pagevec_free", FtraceEventKind::PageFreeBatched},
}};

} // namespace

std::string_view ftraceEventKindName(FtraceEventKind kind)
{
    switch (kind) {
    case FtraceEventKind::PageAlloc:
        return "page_alloc";
    case FtraceEventKind::PageFree:
        return "page_free";
    case FtraceEventKind::PageFreeBatched:
        return "page_free_batched";
    case FtraceEventKind::PageAllocZoneLocked:
        return "page_alloc_zone_locked";
    case FtraceEventKind::PagePcpuDrain:
        return "page_pcpu_drain";
    case FtraceEventKind::PageAllocExtfrag:
        return "page_alloc_extfrag";
    case FtraceEventKind::Compaction:
        return "compaction";
    case FtraceEventKind::Vmscan:
        return "vmscan";
    case FtraceEventKind::Unknown:
        break;
    }
    return "unknown";
}

FtraceEventKind ftraceEventKind(std::string_view eventName)
{
    if (eventName.substr(0, 3) != "mm_")
        return FtraceEventKind::Unknown;
    for (const auto& entry : kmemEvents) {
        if (entry.event == eventName)
            return entry.kind;
    }
    if (eventName.substr(0, 14) == "mm_compaction_")
        return FtraceEventKind::Compaction;
    if (eventName.substr(0, 10) == "mm_vmscan_")
        return FtraceEventKind::Vmscan;
    return FtraceEventKind::Unknown;
}

std::optional<std::string_view> FtraceEventView::field(std::string_view fieldName) const
{
    for (const auto& f : fields) {
        if (f.name == fieldName)
            return f.value;
    }
    return std::nullopt;
}

FtraceEvent FtraceEvent::fromView(const FtraceEventView& view)
{
    FtraceEvent event;
    event.line = view.line;
    event.task = view.task;
    event.pid = view.pid;
    event.tgid = view.tgid;
    event.cpu = view.cpu;
    event.irqFlags = view.irqFlags;
    event.timestampNs = view.timestampNs;
    event.system = view.system;
    event.name = view.name;
    event.body = view.body;
    event.kind = view.kind;
    event.fields.reserve(view.fields.size());
    for (const auto& f : view.fields)
        event.fields.emplace_back(f.name, f.value);
    event.pfn = view.pfn;
    event.order = view.order;
    event.migratetype = view.migratetype;
    event.gfpFlags = view.gfpFlags;
    event.allocFailed = view.allocFailed;
    return event;
}

std::optional<std::string_view> FtraceEvent::field(std::string_view fieldName) const
{
    for (const auto& [name, value] : fields) {
        if (name == fieldName)
            return std::string_view(value);
    }
    return std::nullopt;
}

} // namespace gbw::importers
