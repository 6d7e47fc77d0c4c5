// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's plumbing: event order, the pfn index, the allocation table
// and its LRU lists, and the knobs.
#include <gtest/gtest.h>

#include <list>
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
        table.addAt(i, Pfn(i) * 4, 0, std::uint16_t(i % 7), i % 2 ? Reclaimable::File : Reclaimable::No);
    for (std::uint32_t i = 0; i < n; i += 3)
        table.remove(i);
    for (std::uint32_t i = 0; i < n; ++i) {
        ASSERT_EQ(table.isLive(i), i % 3 != 0);
        ASSERT_EQ(table[i].pfn(), Pfn(i) * 4);
        ASSERT_EQ(table[i].requestClass(), i % 7);
        ASSERT_EQ(table.idAt(Pfn(i) * 4), i % 3 ? i : AllocationTable::kNone);
    }
    EXPECT_EQ(table.liveCount(), n - (n + 2) / 3);
    // The File list gives the survivors in age order, odd ids not divisible by 3.
    std::uint32_t expected = 1;
    for (std::uint32_t id; (id = table.oldest(Reclaimable::File)) != AllocationTable::kNone; table.remove(id)) {
        ASSERT_EQ(id, expected);
        do
            expected += 2;
        while (expected % 3 == 0);
    }
    EXPECT_GE(expected, n);
    EXPECT_FALSE(table.isLive(n));
    EXPECT_FALSE(table.isLive(AllocationTable::kNone));
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
    EXPECT_EQ(table[b].pfn(), 4000u);
    EXPECT_TRUE(table.isMigratable(4000));
    EXPECT_FALSE(table.isMigratable(200));
    // The table's own ids are reused once removed.
    const auto d = table.add(500, 0, 0, Reclaimable::Anon);
    EXPECT_EQ(d, a);
    EXPECT_EQ(table.liveCount(), 3u);
    (void)c;
}

// Ids the caller names (request tickets) and the table's own never meet, and
// a caller's id is live exactly from its add to its removal, so a free that
// comes after reclaim took the block finds nothing.
TEST(AllocationTable, CallersIdsAndOwnIdsLiveApart)
{
    AllocationTable table;
    table.reservePfns(1 << 12);
    const auto own = table.add(8, 0, 0, Reclaimable::File);
    EXPECT_GE(own, AllocationTable::kOwnIds);
    EXPECT_FALSE(table.isLive(0));
    table.addAt(0, 16, 1, 1, Reclaimable::File);
    table.addAt(70000, 32, 0, 2, Reclaimable::No, /*movable=*/false); // in a later chunk
    EXPECT_TRUE(table.isLive(0));
    EXPECT_TRUE(table.isLive(70000));
    EXPECT_FALSE(table.isLive(1)); // a chunk's other entries start dead
    EXPECT_EQ(table.oldest(Reclaimable::File), own);
    EXPECT_EQ(table.lruPages(Reclaimable::File), 3u);
    EXPECT_EQ(table.idAt(16), 0u);
    EXPECT_EQ(table.idAt(32), AllocationTable::kNone); // not movable
    table.remove(0); // reclaim took it
    EXPECT_FALSE(table.isLive(0));
    EXPECT_EQ(table.idAt(16), AllocationTable::kNone);
    // A removed caller's id is the caller's to use again, not the table's.
    EXPECT_NE(table.add(40, 0, 0, Reclaimable::No), 0u);
    table.addAt(0, 48, 0, 3, Reclaimable::Anon);
    EXPECT_EQ(table[0].pfn(), 48u);
    EXPECT_EQ(table.liveCount(), 4u);
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
    EXPECT_EQ(table[b].pfn(), 500u);
    EXPECT_EQ(table.idAt(500), b);
    table.moved(500, 100, 0); // b moves onto the old pfn
    EXPECT_EQ(table.idAt(100), b);
    EXPECT_EQ(table.idAt(500), AllocationTable::kNone);
    EXPECT_EQ(table.idAt(700), AllocationTable::kNone);
}

// However adds and removals of the callers' ids and the table's own
// interleave, and however often an id comes back, each LRU list gives its
// live allocations oldest first, and every entry keeps what it was given.
TEST(AllocationTable, LruListsMatchALinkedListUnderRandomChurn)
{
    for (const std::uint64_t seed : {1, 2}) {
        AllocationTable table;
        table.reservePfns(1 << 20);
        std::mt19937_64 random(seed);
        std::array<std::list<std::uint32_t>, AllocationTable::kLruLists> lists;
        struct Given
        {
            int lru;
            std::list<std::uint32_t>::iterator place;
            Pfn pfn;
            int order;
            std::uint16_t requestClass;
        };
        std::map<std::uint32_t, Given> live;
        std::vector<std::uint32_t> tickets; // the callers' ids free for reuse, last in first out
        std::uint32_t nextTicket = 0;
        const auto removeFromModel = [&](std::uint32_t id) {
            const auto it = live.find(id);
            const Given& given = it->second;
            const auto& entry = table[id];
            ASSERT_EQ(entry.pfn(), given.pfn);
            ASSERT_EQ(entry.order(), given.order);
            ASSERT_EQ(entry.requestClass(), given.requestClass);
            ASSERT_EQ(entry.lru(), Reclaimable(given.lru));
            lists[std::size_t(given.lru)].erase(given.place);
            if (id < AllocationTable::kOwnIds)
                tickets.push_back(id);
            live.erase(it);
        };
        for (int step = 0; step < 200000; ++step) {
            const auto dice = random() % 100;
            if (dice < 50 || live.empty()) {
                const int lru = int(random() % AllocationTable::kLruLists);
                // Every field to its widest now and then: pfns to 40 bits
                // (those unindexed, past the pfn array), classes to 15.
                const bool movable = random() % 4 != 0;
                const Pfn pfn = movable ? Pfn(step) % (1 << 20) : (Pfn(1) << 40) - 1 - Pfn(step);
                const int order = int(random() % 11);
                const auto requestClass = std::uint16_t(random() % AllocationTable::kMaxRequestClasses);
                std::uint32_t id;
                if (random() % 8 == 0) {
                    id = table.add(pfn, order, requestClass, Reclaimable(lru), movable);
                } else {
                    id = tickets.empty() ? nextTicket++ : tickets.back();
                    if (!tickets.empty())
                        tickets.pop_back();
                    table.addAt(id, pfn, order, requestClass, Reclaimable(lru), movable);
                }
                ASSERT_EQ(live.count(id), 0u) << "id " << id << " handed out twice";
                ASSERT_EQ(table.idAt(pfn), movable ? id : AllocationTable::kNone);
                auto& list = lists[std::size_t(lru)];
                live[id] = {lru, list.insert(list.end(), id), pfn, order, requestClass};
            } else if (dice < 90) {
                auto it = live.lower_bound(std::uint32_t(random()));
                const std::uint32_t id = (it == live.end() ? live.begin() : it)->first;
                table.remove(id);
                removeFromModel(id);
            } else {
                const int lru = 1 + int(random() % (AllocationTable::kLruLists - 1));
                const auto& list = lists[std::size_t(lru)];
                const std::uint32_t oldest = table.oldest(Reclaimable(lru));
                ASSERT_EQ(oldest, list.empty() ? AllocationTable::kNone : list.front()) << "step " << step;
                if (oldest != AllocationTable::kNone) {
                    table.remove(oldest);
                    removeFromModel(oldest);
                }
            }
        }
        EXPECT_EQ(table.liveCount(), live.size());
        EXPECT_EQ(table.oldest(Reclaimable::No), AllocationTable::kNone);
        for (int lru = 1; lru < AllocationTable::kLruLists; ++lru) {
            for (const std::uint32_t id : lists[std::size_t(lru)]) {
                ASSERT_EQ(table.oldest(Reclaimable(lru)), id);
                table.remove(id);
            }
            EXPECT_EQ(table.oldest(Reclaimable(lru)), AllocationTable::kNone);
            EXPECT_EQ(table.lruPages(Reclaimable(lru)), 0u);
        }
    }
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
        EXPECT_EQ(table[kernel].pfn(), 200u) << byArray;
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
