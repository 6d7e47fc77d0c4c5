// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's plumbing: event order, the pfn index, the allocation table
// and its LRU lists, and the knobs.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "sim/allocationtable.h"
#include "sim/eventqueue.h"
#include "sim/knobs.h"
#include "sim/pfnmap.h"

using namespace gbw;

TEST(EventQueue, PopsInTimeThenSchedulingOrderAcrossTheWheelsAndBeyond)
{
    EventQueue queue;
    std::mt19937_64 random(3);
    std::vector<std::pair<VirtualTime, std::uint32_t>> expected;
    for (std::uint32_t i = 0; i < 20000; ++i) {
        // Spread over 0..300 s, so across seconds and minutes, a few over
        // weeks (beyond every wheel), with many ties at coarse times.
        const VirtualTime ms = i % 50 == 0 ? random() % 3'000'000'000 : random() % 300'000;
        const VirtualTime t = ms * 1'000'000 + (i % 3 == 0 ? 0 : random() % 1000);
        queue.push({t, 0, 0, i, 0});
        expected.push_back({t, i});
    }
    std::stable_sort(expected.begin(), expected.end(), [](auto& x, auto& y) { return x.first < y.first; });
    for (const auto& [time, id] : expected) {
        ASSERT_FALSE(queue.empty());
        const Event e = queue.pop();
        ASSERT_EQ(e.time, time);
        ASSERT_EQ(e.a, id);
    }
    EXPECT_TRUE(queue.empty());
}

TEST(EventQueue, EventsScheduledWhileDrainingKeepTheirPlace)
{
    EventQueue queue;
    queue.push({5'000'000, 0, 0, 1, 0});
    queue.push({5'000'100, 0, 0, 3, 0});
    EXPECT_EQ(queue.pop().a, 1u);
    queue.push({5'000'050, 0, 0, 2, 0}); // same bucket, between the two
    queue.push({4'000'000, 0, 0, 0, 0}); // in the past: runs next, never lost
    EXPECT_EQ(queue.pop().a, 0u);
    EXPECT_EQ(queue.pop().a, 2u);
    EXPECT_EQ(queue.pop().a, 3u);
    queue.push({900'000'000'000, 0, 0, 9, 0}); // far beyond every wheel, with nothing in them
    EXPECT_EQ(queue.pop().a, 9u);
}

namespace {

// A queue beside the order it must keep, time then scheduling order, which
// a map of (time, sequence) keeps by construction.
struct CheckedQueue
{
    EventQueue queue;
    std::map<std::pair<VirtualTime, std::uint64_t>, std::uint32_t> expected;
    std::uint64_t sequence = 0;
    std::uint32_t id = 0;

    void schedule(VirtualTime t)
    {
        queue.push({t, 0, 0, id, 0});
        expected[{t, sequence++}] = id++;
    }
    // Pops one event and checks it is the expected next one; returns its time.
    VirtualTime popExpected()
    {
        if (queue.empty() || expected.empty()) {
            ADD_FAILURE() << "queue holds " << queue.size() << " events, expected " << expected.size();
            return 0;
        }
        const Event e = queue.pop();
        const auto first = expected.begin();
        EXPECT_EQ(e.time, first->first.first);
        EXPECT_EQ(e.a, first->second) << "at " << e.time;
        expected.erase(first);
        return e.time;
    }
};

} // namespace

// Ties in crowded slots (a thousand events a slot, fifty distinct times)
// come out in scheduling order whichever way the events came: dealt down
// from the coarser wheels or from beyond them, or pushed into the finest
// wheel once the clock is there.
TEST(EventQueue, TiesInCrowdedSlotsComeOutInSchedulingOrder)
{
    CheckedQueue q;
    std::mt19937_64 random(11);
    const auto crowd = [&](VirtualTime base) { // four slots from base
        for (int i = 0; i < 3000; ++i)
            q.schedule(base + (random() % 4) * 1'000'000 + (random() % 50) * 1000);
    };
    const auto popThrough = [&](VirtualTime until) {
        while (!q.expected.empty() && q.expected.begin()->first.first <= until && !HasFailure())
            q.popExpected();
    };
    // 10 s: the second wheel; 1100 s: the third (past its 1024 s); 40 days: beyond every wheel.
    const VirtualTime bases[] = {10'000'000'000, 1'100'000'000'000, 3'456'000'000'000'000};
    for (const VirtualTime base : bases)
        crowd(base);
    for (const VirtualTime base : bases) {
        q.schedule(base); // the clock goes there, and more of the same times follow
        popThrough(base);
        crowd(base);
        popThrough(base + 4'000'000);
    }
    EXPECT_TRUE(q.expected.empty());
    EXPECT_TRUE(q.queue.empty());
}

// The engine's pattern: every pop schedules more, some into the bucket being
// drained, most into the wheels, a few beyond them; checked against a plain heap.
TEST(EventQueue, InterleavedPushAndPopAgreeWithAHeap)
{
    CheckedQueue q;
    std::mt19937_64 random(7);
    for (int i = 0; i < 1000; ++i)
        q.schedule(random() % 10'000'000'000);
    for (int step = 0; step < 20000 && !HasFailure(); ++step) {
        const VirtualTime now = q.popExpected();
        const int more = int(random() % 3);
        for (int k = 0; k < more; ++k) {
            const std::uint64_t kind = random() % 20;
            const VirtualTime gap = kind == 0 ? random() % 1000 // the same slot
                : kind == 1                   ? random() % 3'000'000'000'000'000 // weeks: beyond every wheel
                : kind < 4                    ? random() % 9'000'000'000'000 // hours: the coarse wheels
                                              : random() % 2'000'000'000;
            q.schedule(now + gap);
        }
        if (q.queue.empty())
            q.schedule(now + 1);
    }
}

namespace {

// Random inserts, erases and lookups over `keys` pfns, checked against a map.
void expectAnswersLikeAMap(PfnMap& map, Pfn keys, std::uint64_t seed)
{
    std::map<Pfn, std::uint32_t> expected;
    std::mt19937_64 random(seed);
    for (std::uint32_t step = 0; step < 200000; ++step) {
        const Pfn pfn = random() % keys;
        switch (random() % 4) {
        case 0:
        case 1:
            map.insert(pfn, step);
            expected[pfn] = step;
            break;
        case 2:
            map.erase(pfn);
            expected.erase(pfn);
            break;
        default: {
            const auto it = expected.find(pfn);
            ASSERT_EQ(map.find(pfn), it == expected.end() ? PfnMap::kNone : it->second) << "step " << step;
        }
        }
        if (step % 1000 == 0) {
            ASSERT_EQ(map.size(), expected.size()) << "step " << step;
        }
    }
}

} // namespace

// Inserts wait a few steps before they reach the table: a key freed, moved
// or looked up while its insert waits must still answer as a map would.
// Few keys, so most erases hit a waiting insert.
TEST(PfnMap, WaitingInsertsAnswerLikeAMap)
{
    PfnMap map;
    expectAnswersLikeAMap(map, 40, 5);
}

TEST(PfnMap, AgreesWithStdMap)
{
    PfnMap map;
    std::map<Pfn, std::uint32_t> expected;
    std::mt19937_64 random(11);
    for (std::uint32_t step = 0; step < 300000; ++step) {
        const Pfn pfn = (random() % 200000) << (step % 5); // clustered and spread keys, some above 32 bits
        if (random() % 3) {
            map.insert(pfn << 8, step);
            expected[pfn << 8] = step;
        } else {
            map.erase(pfn << 8);
            expected.erase(pfn << 8);
        }
    }
    EXPECT_EQ(map.size(), expected.size());
    for (const auto& [pfn, id] : expected)
        ASSERT_EQ(map.find(pfn), id);
    EXPECT_EQ(map.find(12345), PfnMap::kNone);
}

// With reserve() the ids live in an array by pfn: it must answer as the
// hash does, waiting inserts and pfns beyond the reserved end included.
TEST(PfnMap, ArrayByPfnAnswersLikeAMap)
{
    PfnMap map;
    map.reserve(64);
    expectAnswersLikeAMap(map, 80, 17); // a fifth above the reserved end
    EXPECT_EQ(map.find(1000), PfnMap::kNone);
}

// Entries live in fixed chunks: tables far past one chunk keep every entry,
// its LRU links and its pfn, however they grew.
TEST(AllocationTable, GrowsAcrossChunksWithoutLosingEntries)
{
    AllocationTable table;
    table.reservePfns(1 << 20);
    constexpr std::uint32_t n = 200000;
    for (std::uint32_t i = 0; i < n; ++i)
        ASSERT_EQ(table.add(Pfn(i) * 4, 0, std::uint16_t(i % 7), i % 2 ? Reclaimable::File : Reclaimable::No), i);
    EXPECT_EQ(table.capacity(), n);
    for (std::uint32_t i = 0; i < n; i += 3)
        table.remove(i);
    for (std::uint32_t i = 0; i < n; ++i) {
        ASSERT_EQ(table[i].pfn, Pfn(i) * 4);
        ASSERT_EQ(table[i].requestClass, i % 7);
        ASSERT_EQ(table.idAt(Pfn(i) * 4), i % 3 ? i : AllocationTable::kNone);
    }
    // The File list runs in age order over the survivors: odd ids not divisible by 3.
    std::uint32_t expected = 1;
    for (std::uint32_t id = table.oldest(Reclaimable::File); id != AllocationTable::kNone; id = table[id].next) {
        ASSERT_EQ(id, expected);
        do
            expected += 2;
        while (expected % 3 == 0);
    }
    EXPECT_GE(expected, n);
    EXPECT_EQ(table.liveCount(), n - (n + 2) / 3);
}

TEST(AllocationTable, LruListsKeepAgeOrderAndFollowMigration)
{
    AllocationTable table;
    const auto a = table.add(100, 0, 0, Reclaimable::File);
    const auto b = table.add(200, 2, 0, Reclaimable::File);
    const auto c = table.add(300, 0, 1, Reclaimable::No);
    EXPECT_EQ(table.oldest(Reclaimable::File), a);
    EXPECT_EQ(table.lruPages(Reclaimable::File), 5u);
    EXPECT_EQ(table.oldest(Reclaimable::No), AllocationTable::kNone); // not on any LRU
    table.remove(a);
    EXPECT_EQ(table.oldest(Reclaimable::File), b);
    EXPECT_EQ(table.idAt(100), AllocationTable::kNone);
    // Compaction moved b: the table follows it.
    table.moved(200, 4000, 2);
    EXPECT_EQ(table.idAt(4000), b);
    EXPECT_EQ(table[b].pfn, 4000u);
    EXPECT_TRUE(table.isMigratable(4000));
    EXPECT_FALSE(table.isMigratable(200));
    // A reused slot gets a new generation, so a stale free event is ignored.
    const auto generation = table[a].generation;
    const auto d = table.add(500, 0, 0, Reclaimable::Anon);
    EXPECT_EQ(d, a);
    EXPECT_NE(table[d].generation, generation);
    EXPECT_EQ(table.liveCount(), 3u);
    (void)c;
}

// With the pfn array a free leaves its id behind; the table must still
// answer only for live blocks at their current place, whatever became of
// the entry since: reused for a block elsewhere, or for one at that pfn.
TEST(AllocationTable, StaleIdsInThePfnArrayAreNeverFound)
{
    AllocationTable table;
    table.reservePfns(1024);
    const auto a = table.add(100, 0, 0, Reclaimable::File);
    table.remove(a);
    EXPECT_EQ(table.idAt(100), AllocationTable::kNone);
    const auto b = table.add(500, 0, 0, Reclaimable::File);
    ASSERT_EQ(b, a); // the id is reused, and pfn 100 still names it
    EXPECT_EQ(table.idAt(100), AllocationTable::kNone);
    EXPECT_FALSE(table.isMigratable(100));
    table.moved(100, 700, 0); // nothing lives at 100: b stays where it is
    EXPECT_EQ(table[b].pfn, 500u);
    EXPECT_EQ(table.idAt(500), b);
    table.moved(500, 100, 0); // b moves onto the old pfn
    EXPECT_EQ(table.idAt(100), b);
    EXPECT_EQ(table.idAt(500), AllocationTable::kNone);
    EXPECT_EQ(table.idAt(700), AllocationTable::kNone);
}

// Compaction moves movable blocks only, so only those are indexed by pfn:
// a kernel block is never offered for migration, even where a movable block
// with its id used to live, in either kind of index.
TEST(AllocationTable, OnlyMovableBlocksAreFoundByPfn)
{
    for (const bool byArray : {false, true}) {
        AllocationTable table;
        if (byArray)
            table.reservePfns(1024);
        const auto slab = table.add(100, 0, 0, Reclaimable::Slab, /*movable=*/false);
        EXPECT_EQ(table.idAt(100), AllocationTable::kNone) << byArray;
        EXPECT_FALSE(table.isMigratable(100)) << byArray;
        const auto anon = table.add(200, 0, 0, Reclaimable::Anon);
        EXPECT_EQ(table.idAt(200), anon) << byArray;
        table.remove(anon);
        const auto kernel = table.add(200, 0, 0, Reclaimable::No, /*movable=*/false);
        ASSERT_EQ(kernel, anon) << byArray; // the same id at the same pfn, now not movable
        EXPECT_FALSE(table.isMigratable(200)) << byArray;
        table.moved(200, 300, 0); // nothing movable at 200: nothing moves
        EXPECT_EQ(table[kernel].pfn, 200u) << byArray;
        table.remove(kernel);
        table.remove(slab);
        EXPECT_EQ(table.liveCount(), 0u) << byArray;
    }
}

TEST(KnobSet, KernelDefaultsRangesAndTheBalanceControl)
{
    KnobSet knobs;
    EXPECT_EQ(knobs.value("vm.compaction_proactiveness"), 20);
    EXPECT_EQ(knobs.value("vm.extfrag_threshold"), 500);
    EXPECT_EQ(knobs.value("vm.watermark_boost_factor"), 15000);
    EXPECT_EQ(knobs.value("vm.watermark_scale_factor"), 10);
    EXPECT_EQ(knobs.set("vm.compaction_proactiveness", 101),
        "vm.compaction_proactiveness must be between 0 and 100, not 101");
    EXPECT_EQ(knobs.set("vm.nonsense", 1), "unknown knob 'vm.nonsense'");
    EXPECT_EQ(knobs.set("vm.defrag_mode", 0.5), "vm.defrag_mode takes whole numbers");
    EXPECT_EQ(knobs.value("vm.compaction_proactiveness"), 20); // refused changes change nothing
    // The balance moves both compaction knobs; 50 is the kernel's defaults.
    EXPECT_EQ(knobs.set(std::string(KnobSet::kBalance), 100), "");
    EXPECT_EQ(knobs.value("vm.compaction_proactiveness"), 80);
    EXPECT_EQ(knobs.value("vm.extfrag_threshold"), 0);
    EXPECT_EQ(knobs.set(std::string(KnobSet::kBalance), 0), "");
    EXPECT_EQ(knobs.value("vm.compaction_proactiveness"), 0);
    EXPECT_EQ(knobs.value("vm.extfrag_threshold"), 1000);
    EXPECT_EQ(knobs.set(std::string(KnobSet::kBalance), 50), "");
    EXPECT_EQ(knobs.value("vm.compaction_proactiveness"), 20);
    EXPECT_EQ(knobs.value("vm.extfrag_threshold"), 500);
    knobs.set("vm.watermark_scale_factor", 200);
    const std::string conf = knobs.sysctlConf();
    EXPECT_NE(conf.find("vm.watermark_scale_factor = 200\n"), std::string::npos) << conf;
    EXPECT_EQ(conf.find("min_free_kbytes"), std::string::npos); // computed: not pinned
    knobs.resetAll();
    EXPECT_EQ(knobs.value("vm.watermark_scale_factor"), 10);
}
