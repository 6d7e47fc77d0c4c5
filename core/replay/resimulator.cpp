// SPDX-License-Identifier: GPL-3.0-or-later
#include "resimulator.h"

#include <unordered_map>

#include "policy/steeringpolicy.h"

namespace gbw {

namespace {
constexpr Order kNotHeld = Order(0xff);
} // namespace

RequestStream requestStream(const Recording& recording)
{
    RequestStream stream;
    std::unordered_map<Pfn, std::uint32_t> live; // pfn -> allocation id
    // A migration is traced as the target's allocation right before the source's free.
    Pfn target = MemoryModel::kNoPfn;
    for (const RecordedEvent& e : recording.events) {
        switch (e.kind) {
        case RecordedKind::Alloc: {
            const std::uint32_t id = stream.allocations++;
            live[e.pfn] = id;
            stream.requests.push_back({e.time, false, id, e.request()});
            break;
        }
        case RecordedKind::Free:
        case RecordedKind::PcpFree: { // where the page went is the recorded policy's business
            const auto it = live.find(e.pfn);
            if (it == live.end()) {
                ++stream.unpairedFrees;
                break;
            }
            stream.requests.push_back({e.time, true, it->second, e.request()});
            live.erase(it);
            break;
        }
        case RecordedKind::MigrateAlloc:
            target = e.pfn;
            break;
        case RecordedKind::MigrateFree: {
            // The allocation at the source now lives at the target just allocated.
            const auto source = live.find(e.pfn);
            if (source != live.end() && target != MemoryModel::kNoPfn) {
                const std::uint32_t id = source->second;
                live.erase(source);
                live[target] = id;
            }
            target = MemoryModel::kNoPfn;
            break;
        }
        default:
            break;
        }
    }
    return stream;
}

void applyAllocatorKnobs(PageAllocator& allocator, const KnobSet& knobs)
{
    WatermarkSettings w = allocator.watermarkSettings();
    w.minFreeKbytes = std::int64_t(knobs.value("vm.min_free_kbytes"));
    w.watermarkScaleFactor = int(knobs.value("vm.watermark_scale_factor"));
    w.watermarkBoostFactor = int(knobs.value("vm.watermark_boost_factor"));
    allocator.setWatermarkSettings(w);
    allocator.setDefragMode(knobs.value("vm.defrag_mode") != 0);
    if (auto* steering = dynamic_cast<SteeringPolicy*>(&allocator.policy()))
        applySteeringKnobs(knobs, steering->knobs());
}

std::unique_ptr<Resimulator> Resimulator::create(
    const Recording& recording, const std::string& policy, const KnobSet& knobs, std::string* error)
{
    auto placement = makePolicy(policy);
    if (!placement) {
        if (error)
            *error = "unknown policy '" + policy + "'";
        return nullptr;
    }
    auto allocator = PageAllocator::create(recording.host, std::move(placement), error);
    if (!allocator)
        return nullptr;
    applyAllocatorKnobs(*allocator, knobs);
    return std::unique_ptr<Resimulator>(new Resimulator(requestStream(recording), std::move(allocator)));
}

Resimulator::Resimulator(RequestStream stream, std::unique_ptr<PageAllocator> allocator)
    : m_stream(std::move(stream))
    , m_allocator(std::move(allocator))
    , m_blocks(m_stream.allocations, Block {0, kNotHeld})
{}

void Resimulator::runUntil(VirtualTime time, const std::function<void(const ReplayRequest&)>& onRequest)
{
    const auto& requests = m_stream.requests;
    for (; m_next < requests.size() && requests[m_next].time <= time; ++m_next) {
        const ReplayRequest& r = requests[m_next];
        m_now = r.time;
        Block& block = m_blocks[r.id];
        if (r.free) {
            if (block.order != kNotHeld) {
                m_allocator->free(block);
                block.order = kNotHeld;
                ++m_stats.frees;
            }
        } else {
            ++m_stats.allocations;
            // No reclaim or compaction runs here to try before the last
            // resort, so a kernel request may taint a clean gigablock at
            // once (allocate()'s default), as the engine's last try does.
            const AllocResult got = m_allocator->allocate(r.request);
            if (got)
                block = got.block;
            else
                ++m_stats.failed;
        }
        if (onRequest)
            onRequest(r);
    }
}

} // namespace gbw
