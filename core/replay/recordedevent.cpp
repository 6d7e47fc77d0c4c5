// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordedevent.h"

namespace gbw {

std::string_view name(RecordedKind kind)
{
    switch (kind) {
    case RecordedKind::Alloc:
        return "alloc";
    case RecordedKind::Free:
        return "free";
    case RecordedKind::MigrateAlloc:
        return "migrate-alloc";
    case RecordedKind::MigrateFree:
        return "migrate-free";
    case RecordedKind::Label:
        return "label";
    case RecordedKind::GigablockTake:
        return "gigablock-take";
    case RecordedKind::GigablockRelease:
        return "gigablock-release";
    case RecordedKind::Extfrag:
        return "extfrag";
    case RecordedKind::PcpFree:
        return "pcp-free";
    case RecordedKind::PcpRefill:
        return "pcp-refill";
    case RecordedKind::PcpDrain:
        return "pcp-drain";
    }
    return "?";
}

std::uint64_t RecordedEvent::packed() const
{
    const bool extfrag = kind == RecordedKind::Extfrag;
    const auto tagBits = std::uint64_t(extfrag ? std::uint8_t(fallbackType) : std::uint8_t(tag)) & 7;
    return (pfn & kMaxPfn) | (std::uint64_t(kind) & 15) << 40 | (std::uint64_t(order) & 31) << 44
        | (std::uint64_t(mt) & 7) << 49 | (std::uint64_t(gfp) & 3) << 52 | tagBits << 54
        | (std::uint64_t(aux) & 31) << 57 | std::uint64_t(changeOwnership) << 62;
}

RecordedEvent RecordedEvent::unpack(VirtualTime time, std::uint64_t word)
{
    RecordedEvent e;
    e.time = time;
    e.pfn = word & kMaxPfn;
    e.kind = RecordedKind((word >> 40) & 15);
    e.order = std::uint8_t((word >> 44) & 31);
    e.mt = MigrateType((word >> 49) & 7);
    e.gfp = GfpClass((word >> 52) & 3);
    const auto tagBits = std::uint8_t((word >> 54) & 7);
    if (e.kind == RecordedKind::Extfrag)
        e.fallbackType = MigrateType(tagBits);
    else
        e.tag = Tag(tagBits);
    e.aux = std::uint8_t((word >> 57) & 31);
    e.changeOwnership = (word >> 62) & 1;
    return e;
}

} // namespace gbw
