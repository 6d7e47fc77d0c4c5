// SPDX-License-Identifier: GPL-3.0-or-later
// Reconstruction from recorded events: hand-made traces whose occupancy is
// known, and simulations whose own state at every sample point a replay must
// reproduce exactly.
#include <gtest/gtest.h>

#include <sstream>

#include "replay/reconstructor.h"
#include "replay/recordingsink.h"
#include "replay/replay.h"
#include "replay/resimulator.h"
#include "sim/engine.h"
#include "sim/workloadfile.h"
#include "tinyhost.h"

namespace gbw {
namespace {

RecordedEvent event(VirtualTime t, RecordedKind kind, Pfn pfn, int order, MigrateType mt = MigrateType::Movable)
{
    RecordedEvent e;
    e.time = t;
    e.kind = kind;
    e.pfn = pfn;
    e.order = std::uint8_t(order);
    e.mt = mt;
    return e;
}

Recording tinyRecording(std::vector<RecordedEvent> events, StartState start = StartState::Boot)
{
    Recording r;
    r.host = test::tinyConfig(128); // 2 gigablocks of 64 pages, pageblocks of 8, max order 4
    r.start = start;
    r.events = std::move(events);
    return r;
}

std::vector<std::uint32_t> freeBlocksPerOrder(const MemoryModel& model, std::uint32_t gb)
{
    std::vector<std::uint32_t> out;
    for (int o = 0; o < model.geometry().orders(); ++o)
        out.push_back(model.gigablocks()[gb].freeBlocksOfOrder(o));
    return out;
}

TEST(RecordedEventTest, packsAndUnpacksEveryField)
{
    RecordedEvent e = event(123456789, RecordedKind::Alloc, (Pfn(1) << 39) + 77, 10, MigrateType::Reclaimable);
    e.gfp = GfpClass::NoRetry;
    e.tag = Tag::PageTable;
    EXPECT_EQ(RecordedEvent::unpack(e.time, e.packed()), e);
    RecordedEvent x = event(5, RecordedKind::Extfrag, 4096, 3, MigrateType::Unmovable);
    x.aux = 9;
    x.fallbackType = MigrateType::Movable;
    x.changeOwnership = true;
    EXPECT_EQ(RecordedEvent::unpack(5, x.packed()), x);
}

TEST(ReconstructorTest, allocationAtAnInnerPfnSplitsAroundIt)
{
    std::string error;
    auto r = Reconstructor::create(tinyRecording({}), &error);
    ASSERT_TRUE(r) << error;
    // Boot: two gigablocks of four free order-4 blocks each.
    EXPECT_EQ(freeBlocksPerOrder(r->model(), 0), (std::vector<std::uint32_t> {0, 0, 0, 0, 4}));
    // Page 5 of the first order-4 block: the block splits into 8 (order 3), 0 (order 2), 6 (order 1), 4 (order 0).
    r->apply(event(1, RecordedKind::Alloc, 5, 0, MigrateType::Unmovable), 0);
    EXPECT_EQ(freeBlocksPerOrder(r->model(), 0), (std::vector<std::uint32_t> {1, 1, 1, 1, 3}));
    EXPECT_TRUE(r->model().page(4).isFreeHeadOf(0));
    EXPECT_TRUE(r->model().page(6).isFreeHeadOf(1));
    EXPECT_TRUE(r->model().page(0).isFreeHeadOf(2));
    EXPECT_TRUE(r->model().page(8).isFreeHeadOf(3));
    EXPECT_EQ(r->model().gigablocks()[0].category(), GigablockCategory::Tainted);
    EXPECT_EQ(r->model().gigablocks()[0].freePages, 63u);
    // Freeing it merges everything back.
    r->apply(event(2, RecordedKind::Free, 5, 0), 1);
    EXPECT_EQ(freeBlocksPerOrder(r->model(), 0), (std::vector<std::uint32_t> {0, 0, 0, 0, 4}));
    EXPECT_EQ(r->model().gigablocks()[0].category(), GigablockCategory::Empty);
    EXPECT_EQ(r->stats().applied, 2u);
    EXPECT_EQ(r->stats().contradictionCount(), 0u);
}

TEST(ReconstructorTest, contradictionsAreCountedListedAndSkipped)
{
    std::string error;
    auto r = Reconstructor::create(tinyRecording({}), &error);
    ASSERT_TRUE(r) << error;
    r->apply(event(1, RecordedKind::Alloc, 16, 2), 0);
    r->apply(event(2, RecordedKind::Alloc, 16, 2), 1); // double allocation
    r->apply(event(3, RecordedKind::Alloc, 18, 0), 2); // inside the allocated block
    r->apply(event(4, RecordedKind::Free, 40, 0), 3); // never allocated
    r->apply(event(5, RecordedKind::Free, 16, 1), 4); // wrong order
    r->apply(event(6, RecordedKind::Alloc, 1000, 0), 5); // beyond the host
    r->apply(event(7, RecordedKind::Alloc, 3, 2), 6); // misaligned for its order
    const auto& c = r->stats().contradictions;
    EXPECT_EQ(c[std::size_t(Contradiction::DoubleAlloc)], 2u);
    EXPECT_EQ(c[std::size_t(Contradiction::FreeNotAllocated)], 1u);
    EXPECT_EQ(c[std::size_t(Contradiction::WrongOrder)], 1u);
    EXPECT_EQ(c[std::size_t(Contradiction::OutsideHost)], 2u);
    ASSERT_EQ(r->issues().size(), 6u);
    EXPECT_EQ(r->issues()[0].index, 1u);
    EXPECT_EQ(r->issues()[2].what, Contradiction::FreeNotAllocated);
    // The one good allocation stands.
    EXPECT_EQ(r->model().gigablocks()[0].freePages, 60u);
    EXPECT_TRUE(r->model().page(16).isAllocatedHead());
}

TEST(ReconstructorTest, unknownStartCountsUntouchedMemoryAndAcceptsPreTraceFrees)
{
    std::string error;
    auto r = Reconstructor::create(tinyRecording({}, StartState::Unknown), &error);
    ASSERT_TRUE(r) << error;
    EXPECT_EQ(r->unknownPages(), 128u);
    // A free of a page the trace never saw allocated: it was in use before the trace.
    r->apply(event(1, RecordedKind::Free, 32, 1), 0);
    EXPECT_EQ(r->stats().preTraceFrees, 1u);
    EXPECT_EQ(r->stats().contradictionCount(), 0u);
    EXPECT_EQ(r->unknownPages(), 126u);
    // Freeing it again is a contradiction: it is known to be free now.
    r->apply(event(2, RecordedKind::Free, 32, 1), 1);
    EXPECT_EQ(r->stats().contradictions[std::size_t(Contradiction::FreeNotAllocated)], 1u);
    r->apply(event(3, RecordedKind::Alloc, 64, 3), 2);
    EXPECT_EQ(r->unknownPages(), 118u);
}

TEST(ReconstructorTest, perCpuListsHoldPagesAwayFromTheBuddyLists)
{
    std::string error;
    auto r = Reconstructor::create(tinyRecording({}), &error);
    ASSERT_TRUE(r) << error;
    r->apply(event(1, RecordedKind::PcpRefill, 0, 0, MigrateType::Movable), 0);
    r->apply(event(1, RecordedKind::PcpRefill, 1, 0, MigrateType::Movable), 1);
    EXPECT_EQ(r->model().gigablocks()[0].freePages, 62u);
    r->apply(event(2, RecordedKind::Alloc, 1, 0, MigrateType::Movable), 2); // handed over: no buddy change
    EXPECT_EQ(r->model().gigablocks()[0].freePages, 62u);
    r->apply(event(3, RecordedKind::PcpFree, 1, 0), 3); // parked again
    EXPECT_EQ(r->model().gigablocks()[0].freePages, 62u);
    r->apply(event(4, RecordedKind::PcpDrain, 1, 0, MigrateType::Movable), 4);
    r->apply(event(4, RecordedKind::PcpDrain, 0, 0, MigrateType::Movable), 5);
    EXPECT_EQ(r->model().gigablocks()[0].freePages, 64u);
    EXPECT_EQ(freeBlocksPerOrder(r->model(), 0), (std::vector<std::uint32_t> {0, 0, 0, 0, 4}));
    EXPECT_EQ(r->stats().contradictionCount(), 0u);
}

// ---- simulations -------------------------------------------------------------------

// The engine's own per-gigablock state at every sample, next to its recording.
struct Snapshot
{
    std::uint64_t eventIndex = 0;
    std::vector<GigablockSummary> gigablocks;
    std::vector<MigrateType> labels;
};

class SnapshottingSink final : public EventSink
{
public:
    SnapshottingSink(Recording& recording, std::vector<Snapshot>& snapshots)
        : m_record(recording)
        , m_recording(recording)
        , m_snapshots(snapshots)
    {}
    const Engine* engine = nullptr;
    void pageAlloc(VirtualTime t, const AllocRequest& r, Pfn pfn, std::uint32_t pid) override
    {
        m_record.pageAlloc(t, r, pfn, pid);
    }
    void pageFree(VirtualTime t, Pfn pfn, int order, std::uint32_t pid) override
    {
        m_record.pageFree(t, pfn, order, pid);
    }
    void pageFreeToPcp(VirtualTime t, Pfn pfn, int order, std::uint32_t pid) override
    {
        m_record.pageFreeToPcp(t, pfn, order, pid);
    }
    void pcpRefill(VirtualTime t, Pfn pfn, int order, MigrateType mt) override
    {
        m_record.pcpRefill(t, pfn, order, mt);
    }
    void pcpDrain(VirtualTime t, Pfn pfn, int order, MigrateType mt) override
    {
        m_record.pcpDrain(t, pfn, order, mt);
    }
    void migrated(VirtualTime t, Pfn from, Pfn to, int order, const AllocRequest& r) override
    {
        m_record.migrated(t, from, to, order, r);
    }
    void extfrag(VirtualTime t, const ExtfragEvent& e) override
    {
        m_record.extfrag(t, e);
    }
    void pageblockLabel(VirtualTime t, Pfn start, MigrateType from, MigrateType to) override
    {
        m_record.pageblockLabel(t, start, from, to);
    }
    void gigablockTaken(VirtualTime t, std::uint32_t gb) override
    {
        m_record.gigablockTaken(t, gb);
    }
    void gigablockReleased(VirtualTime t, std::uint32_t gb) override
    {
        m_record.gigablockReleased(t, gb);
    }
    void sample(VirtualTime, const EngineSample&) override
    {
        const MemoryModel& model = engine->allocator().model();
        Snapshot s {m_recording.events.size(), model.gigablocks(), {}};
        for (const auto& pb : model.pageblocks())
            s.labels.push_back(pb.label);
        m_snapshots.push_back(std::move(s));
    }

private:
    RecordingSink m_record;
    Recording& m_recording;
    std::vector<Snapshot>& m_snapshots;
};

struct Recorded
{
    Recording recording;
    std::vector<Snapshot> snapshots;
    std::unique_ptr<Engine> engine;
};

Recorded simulate(const std::string& workload, const std::string& policy, std::uint64_t hostGiB, double seconds,
    double proactiveness = 20)
{
    Recorded out;
    EngineConfig config;
    config.host = HostConfig::x86_64(hostGiB << 30);
    config.policy = policy;
    const auto loaded = WorkloadFile::open(workload, "");
    if (!loaded.workload)
        throw std::runtime_error(loaded.error);
    config.workload = *loaded.workload;
    config.seed = 7;
    config.sampleSeconds = seconds / 20;
    std::string error;
    out.engine = Engine::create(config, &error);
    if (!out.engine)
        throw std::runtime_error(error);
    if (auto why = out.engine->setKnob("vm.compaction_proactiveness", proactiveness); !why.empty())
        throw std::runtime_error(why);
    out.recording.host = config.host;
    out.recording.policy = policy;
    SnapshottingSink sink(out.recording, out.snapshots);
    sink.engine = out.engine.get();
    out.engine->setEventSink(&sink);
    out.engine->runUntil(VirtualTime(seconds * 1e9));
    out.engine->setEventSink(nullptr);
    return out;
}

// Every field of every gigablock that the model keeps, and every pageblock label.
std::string differences(const MemoryModel& replayed, const Snapshot& expected)
{
    std::ostringstream out;
    const auto& got = replayed.gigablocks();
    for (std::size_t gb = 0; gb < got.size(); ++gb) {
        const GigablockSummary& a = got[gb];
        const GigablockSummary& b = expected.gigablocks[gb];
        if (a.category() != b.category())
            out << "gigablock " << gb << " category " << name(a.category()) << " vs " << name(b.category()) << "; ";
        if (a.freePages != b.freePages || a.usedPages != b.usedPages || a.freePageblocks != b.freePageblocks
            || a.unmovablePageblocks != b.unmovablePageblocks || a.reclaimablePageblocks != b.reclaimablePageblocks
            || a.contigAllocated != b.contigAllocated || a.labelCount != b.labelCount)
            out << "gigablock " << gb << " counters differ; ";
        for (int o = 0; o <= kMaxSupportedOrder; ++o) {
            if (a.freeBlocksOfOrder(o) != b.freeBlocksOfOrder(o))
                out << "gigablock " << gb << " order " << o << ": " << a.freeBlocksOfOrder(o) << " free blocks vs "
                    << b.freeBlocksOfOrder(o) << "; ";
        }
        if (a.freeBlocks != b.freeBlocks)
            out << "gigablock " << gb << " free blocks by type differ; ";
    }
    for (std::size_t pb = 0; pb < expected.labels.size(); ++pb) {
        if (replayed.pageblocks()[pb].label != expected.labels[pb]) {
            out << "pageblock " << pb << " label differs; ";
            break;
        }
    }
    return out.str();
}

void expectExactAtEverySample(const Recorded& run, std::uint64_t checkpointEvery)
{
    ASSERT_GT(run.snapshots.size(), 10u);
    std::string error;
    auto replay = Replay::create(run.recording, &error, checkpointEvery);
    ASSERT_TRUE(replay) << error;
    for (const Snapshot& s : run.snapshots) {
        replay->seekToEvent(s.eventIndex);
        ASSERT_EQ(differences(replay->state().model(), s), "") << "at event " << s.eventIndex;
    }
    EXPECT_EQ(replay->state().stats().contradictionCount(), 0u);
    // And backwards, through the checkpoints.
    for (auto s = run.snapshots.rbegin(); s != run.snapshots.rend(); ++s) {
        replay->seekToEvent(s->eventIndex);
        ASSERT_EQ(differences(replay->state().model(), *s), "") << "back at event " << s->eventIndex;
    }
}

TEST(ReplayTest, reconstructsAVanillaSyzkallerRunExactlyAtEverySample)
{
    const Recorded run = simulate("syzkaller", "vanilla", 4, 60);
    // The run exercises what makes exactness hard: per-cpu lists, label changes, fallbacks.
    std::array<std::size_t, kRecordedKinds> kinds = {};
    for (const auto& e : run.recording.events)
        ++kinds[std::size_t(e.kind)];
    EXPECT_GT(kinds[std::size_t(RecordedKind::PcpRefill)], 0u);
    EXPECT_GT(kinds[std::size_t(RecordedKind::PcpDrain)], 0u);
    EXPECT_GT(kinds[std::size_t(RecordedKind::Label)], 0u);
    EXPECT_GT(kinds[std::size_t(RecordedKind::Extfrag)], 0u);
    expectExactAtEverySample(run, 50'000);
}

TEST(ReplayTest, reconstructsASuperpageblockRunExactlyAtEverySample)
{
    const Recorded run = simulate("syzkaller", "superpageblock", 4, 60);
    expectExactAtEverySample(run, 50'000);
}

TEST(ReplayTest, reconstructsOneGigabyteAllocationsAndCompactionExactly)
{
    // Eager proactive compaction, so that pages migrate while 1 GB pages come and go.
    const Recorded run = simulate("vm-host", "vanilla", 8, 900, 100);
    std::size_t takes = 0, migrations = 0;
    for (const auto& e : run.recording.events) {
        takes += e.kind == RecordedKind::GigablockTake;
        migrations += e.kind == RecordedKind::MigrateAlloc;
    }
    EXPECT_GT(takes, 0u);
    EXPECT_GT(migrations, 0u);
    expectExactAtEverySample(run, 100'000);
}

TEST(ReplayTest, seekAndStepAgreeWithAPlainForwardPass)
{
    const Recorded run = simulate("syzkaller", "vanilla", 4, 20);
    std::string error;
    auto replay = Replay::create(run.recording, &error, 10'000);
    ASSERT_TRUE(replay) << error;
    const std::uint64_t n = replay->eventCount();
    ASSERT_GT(n, 30'000u);
    replay->seekToEvent(n / 2);
    const auto middle = replay->state().model().gigablocks();
    replay->toEnd();
    EXPECT_EQ(replay->checkpoints(), n / 10'000 + 1);
    replay->seekToEvent(n / 2 + 3);
    replay->step(-3);
    EXPECT_EQ(replay->position(), n / 2);
    for (std::size_t gb = 0; gb < middle.size(); ++gb) {
        EXPECT_EQ(replay->state().model().gigablocks()[gb].freePages, middle[gb].freePages);
        EXPECT_EQ(replay->state().model().gigablocks()[gb].freeBlocks, middle[gb].freeBlocks);
    }
    // Seeking by time lands after every event at or before it.
    const VirtualTime t = run.recording.events[n / 3].time;
    replay->seek(t);
    EXPECT_EQ(replay->time(), t);
    EXPECT_TRUE(replay->position() == n || run.recording.events[replay->position()].time > t);
    replay->stepTime(-1'000'000'000);
    EXPECT_LE(replay->time(), t - 1'000'000'000);

    // Without checkpoints (one forward pass, as the CLI does) going back starts over, to the same state.
    auto plain = Replay::create(run.recording, &error, 0);
    ASSERT_TRUE(plain) << error;
    plain->toEnd();
    EXPECT_EQ(plain->checkpoints(), 0u);
    plain->seekToEvent(n / 2 + 3);
    plain->step(-3);
    EXPECT_EQ(plain->position(), n / 2);
    for (std::size_t gb = 0; gb < middle.size(); ++gb)
        EXPECT_EQ(plain->state().model().gigablocks()[gb].freeBlocks, middle[gb].freeBlocks);
}

TEST(ResimulatorTest, pairsFreesWithAllocationsAndFollowsMigrations)
{
    Recording r = tinyRecording({
        event(1, RecordedKind::Alloc, 0, 0), event(2, RecordedKind::Alloc, 8, 1),
        event(3, RecordedKind::MigrateAlloc, 32, 0), event(3, RecordedKind::MigrateFree, 0, 0),
        event(4, RecordedKind::Free, 32, 0), // frees allocation 0, now at 32
        event(5, RecordedKind::Free, 100, 0), // never allocated
    });
    const RequestStream stream = requestStream(r);
    ASSERT_EQ(stream.requests.size(), 3u);
    EXPECT_EQ(stream.allocations, 2u);
    EXPECT_TRUE(stream.requests[2].free);
    EXPECT_EQ(stream.requests[2].id, 0u);
    EXPECT_EQ(stream.unpairedFrees, 1u);

    std::string error;
    KnobSet knobs;
    auto resim = Resimulator::create(r, "gigablock-bitmap", knobs, &error);
    ASSERT_TRUE(resim) << error;
    resim->runToEnd();
    EXPECT_EQ(resim->stats().allocations, 2u);
    EXPECT_EQ(resim->stats().frees, 1u);
    EXPECT_EQ(resim->stats().failed, 0u);
    EXPECT_EQ(std::string(resim->allocator().policy().name()), "gigablock-bitmap");
    EXPECT_EQ(
        resim->allocator().model().gigablocks()[0].freePages + resim->allocator().model().gigablocks()[1].freePages,
        126u);
}

TEST(ResimulatorTest, runsARecordedWorkloadThroughAnotherPolicy)
{
    const Recorded run = simulate("syzkaller", "vanilla", 4, 20);
    std::string error;
    KnobSet knobs;
    auto resim = Resimulator::create(run.recording, "superpageblock", knobs, &error);
    ASSERT_TRUE(resim) << error;
    resim->runToEnd();
    EXPECT_GT(resim->stats().allocations, 1000u);
    EXPECT_EQ(resim->stats().allocations, resim->stream().allocations);
    // Every free pairs with its allocation, whether it went to a per-cpu list or not.
    EXPECT_EQ(resim->stream().unpairedFrees, 0u);
    std::uint64_t userFrees = 0;
    for (const auto& e : run.recording.events)
        userFrees += e.kind == RecordedKind::Free || e.kind == RecordedKind::PcpFree;
    // A free is dropped only when the policy could not place its allocation.
    EXPECT_LE(resim->stats().frees, userFrees);
    EXPECT_GE(resim->stats().frees + resim->stats().failed, userFrees);
    EXPECT_GT(userFrees, 1000u);
    EXPECT_EQ(std::string(resim->allocator().policy().name()), "superpageblock");
    EXPECT_TRUE(Resimulator::create(run.recording, "no-such-policy", knobs, &error) == nullptr);
    EXPECT_NE(error.find("no-such-policy"), std::string::npos);
}

// Free blocks per order of zone 0 as a seeded reconstruction counts them.
std::vector<std::uint64_t> zoneFree(const Reconstructor& r)
{
    std::vector<std::uint64_t> out;
    const ZoneTotals t = r.zoneTotals(0);
    for (int o = 0; o < r.model().geometry().orders(); ++o)
        out.push_back(t.freeBlocksOfOrder(o));
    return out;
}

TEST(ReconstructorTest, aPagetypeinfoSeedGivesTheZoneCountsAtTheStartAndTheEventsMoveThem)
{
    Recording rec = tinyRecording({}, StartState::Unknown);
    rec.labelsFromExtfrag = true;
    ZoneSeed seed; // the tiny host's one zone: Node 0, Normal
    seed.freeBlocks[0][index(MigrateType::Movable)] = 3;
    seed.freeBlocks[2][index(MigrateType::Unmovable)] = 1;
    seed.freeBlocks[4][index(MigrateType::Movable)] = 2;
    seed.pageblocks[index(MigrateType::Unmovable)] = 2;
    seed.pageblocks[index(MigrateType::Movable)] = 14;
    seed.hasPageblocks = true;
    rec.seed = {seed};
    RecordedEvent claim = event(8, RecordedKind::Extfrag, 8, 3, MigrateType::Unmovable);
    claim.fallbackType = MigrateType::Movable;
    claim.changeOwnership = true;
    claim.aux = 3;
    rec.events = {
        event(1, RecordedKind::Alloc, 40, 0), // a seeded order-0 block
        event(2, RecordedKind::Alloc, 48, 1, MigrateType::Unmovable), // splits the order-2 block
        event(3, RecordedKind::Free, 40, 0), // known free now; its buddy is unknown, so no merge
        event(4, RecordedKind::Free, 100, 0), // allocated before the trace: free now, not from the seed
        event(5, RecordedKind::Alloc, 64, 3), // splits an order-4 block
        event(6, RecordedKind::Alloc, 16, 4), // the last order-4 block
        event(7, RecordedKind::Alloc, 0, 4), // the snapshot had no block left for it
        claim,
    };
    std::string error;
    auto replay = Replay::create(rec, &error, 4);
    ASSERT_TRUE(replay) << error;
    ASSERT_TRUE(replay->state().seeded());
    // The start is the snapshot, and no page of the model is free: untouched memory is unknown.
    EXPECT_EQ(zoneFree(replay->state()), (std::vector<std::uint64_t> {3, 0, 1, 0, 2}));
    EXPECT_EQ(replay->state().zoneTotals(0).freePages, 39u);
    EXPECT_EQ(replay->state().model().zone(0).freePages, 0u);
    EXPECT_EQ(replay->state().unknownPages(), 128u);
    replay->seekToEvent(2);
    EXPECT_EQ(zoneFree(replay->state()), (std::vector<std::uint64_t> {2, 1, 0, 0, 2}));
    EXPECT_EQ(replay->state().zoneTotals(0).freeBlocks[1][index(MigrateType::Unmovable)], 1u);
    replay->seekToEvent(4);
    EXPECT_EQ(zoneFree(replay->state()), (std::vector<std::uint64_t> {4, 1, 0, 0, 2}));
    EXPECT_TRUE(replay->state().model().page(40).isFreeHeadOf(0));
    EXPECT_TRUE(replay->state().model().page(100).isFreeHeadOf(0));
    replay->toEnd();
    const auto& end = replay->state();
    EXPECT_EQ(zoneFree(end), (std::vector<std::uint64_t> {4, 1, 0, 1, 0}));
    EXPECT_EQ(end.zoneTotals(0).freePages, 14u);
    EXPECT_EQ(end.stats().seedShortfalls, 1u);
    EXPECT_EQ(end.stats().preTraceFrees, 1u);
    EXPECT_EQ(end.stats().contradictionCount(), 0u);
    EXPECT_EQ(end.zoneTotals(0).pageblocks[index(MigrateType::Unmovable)], 3u);
    EXPECT_EQ(end.zoneTotals(0).pageblocks[index(MigrateType::Movable)], 13u);
    // Known memory is exact: only what the events revealed is free in the model.
    EXPECT_EQ(end.model().zone(0).freePages, 2u);
    EXPECT_EQ(end.unknownPages(), 128u - 1 - 2 - 1 - 8 - 16 - 16);
    // Back to the start from a checkpoint: the seed comes back with it.
    replay->seekToEvent(1);
    EXPECT_EQ(zoneFree(replay->state()), (std::vector<std::uint64_t> {2, 0, 1, 0, 2}));
}

TEST(ReconstructorTest, anUnknownStartWithoutASeedKeepsUntouchedMemoryInTheModel)
{
    std::string error;
    auto r = Reconstructor::create(tinyRecording({}, StartState::Unknown), &error);
    ASSERT_TRUE(r) << error;
    EXPECT_FALSE(r->seeded());
    EXPECT_EQ(r->zoneTotals(0).freePages, 128u);
    EXPECT_FALSE(r->zoneTotals(0).hasPageblocks);
}

} // namespace
} // namespace gbw
