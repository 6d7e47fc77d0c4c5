// SPDX-License-Identifier: GPL-3.0-or-later
// 1 GB allocation on a 256-page host with 64-page gigablocks: four "1 GB pages".
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "mm/contigallocator.h"
#include "model/invariantchecker.h"
#include "model/procformat.h"
#include "tinyhost.h"

using namespace gbw;
using namespace gbw::test;
using MT = MigrateType;

namespace {

// Stands in for the engine's allocation table.
class Owner final : public MigrationObserver
{
public:
    std::map<Pfn, int> live; // movable blocks by pfn
    std::set<Pfn> pinned;
    std::vector<std::pair<Pfn, Pfn>> moves;

    bool isMigratable(Pfn pfn) const override
    {
        return !pinned.count(pfn);
    }
    void moved(Pfn from, Pfn to, int order) override
    {
        EXPECT_EQ(live.count(from), 1u) << from;
        live.erase(from);
        live[to] = order;
        moves.emplace_back(from, to);
    }
};

// Everything observable about the model, to compare before and after.
std::string fingerprint(const MemoryModel& model)
{
    std::string out = procformat::pagetypeinfo(model) + procformat::buddyinfo(model);
    for (Pfn pfn = 0; pfn < model.endPfn(); ++pfn)
        out += char(model.page(pfn).raw());
    for (const auto& pb : model.pageblocks())
        out += char(index(pb.label));
    return out;
}

struct Host
{
    std::unique_ptr<PageAllocator> allocator;
    Owner owner;
    std::unique_ptr<Compactor> compactor;
    std::unique_ptr<ContigAllocator> contig;

    explicit Host(std::uint64_t pages)
        : allocator(tinyHost(pages))
        , compactor(std::make_unique<Compactor>(*allocator, owner))
        , contig(std::make_unique<ContigAllocator>(*allocator, *compactor))
    {}
    const MemoryModel& model() const
    {
        return allocator->model();
    }

    // Every page in use as a movable single page.
    void fill()
    {
        for (Pfn i = 0; i < model().endPfn(); ++i) {
            const auto got = allocator->allocate(request(0, MT::Movable));
            ASSERT_TRUE(got);
            owner.live[got.block.pfn] = 0;
        }
    }
    // Keep only the movable pages for which keep(pfn) holds.
    template<typename Keep>
    void keep(Keep keep)
    {
        for (auto it = owner.live.begin(); it != owner.live.end();) {
            if (keep(it->first)) {
                ++it;
                continue;
            }
            ASSERT_TRUE(allocator->free({it->first, Order(it->second)}));
            it = owner.live.erase(it);
        }
    }
    // Turns a movable page into an unmovable one (it must become the only free page).
    void makeUnmovable(Pfn pfn)
    {
        ASSERT_TRUE(allocator->free({pfn, 0}));
        owner.live.erase(pfn);
        const auto got = allocator->allocate(request(0, MT::Unmovable));
        ASSERT_TRUE(got);
        ASSERT_EQ(got.block.pfn, pfn);
    }
    void expectConsistent() const
    {
        EXPECT_EQ(InvariantChecker::check(model()), std::vector<std::string> {});
        for (const auto& [pfn, order] : owner.live)
            EXPECT_TRUE(model().page(pfn).isAllocatedHead()) << pfn;
    }
};

} // namespace

TEST(ContigAllocator, AnEmptyGigablockIsTakenWithoutMigration)
{
    Host host(256);
    const std::string before = fingerprint(host.model());
    EXPECT_EQ(host.contig->allocatableNow(), 4u);
    const ContigResult got = host.contig->allocate1G();
    ASSERT_TRUE(got);
    EXPECT_EQ(got.gigablock, 0u);
    EXPECT_EQ(got.pagesMigrated, 0u);
    EXPECT_TRUE(host.owner.moves.empty());
    EXPECT_EQ(host.model().gigablocks()[0].category(), GigablockCategory::Isolated);
    EXPECT_EQ(host.model().zone(0).freePages, 192u);
    EXPECT_EQ(host.contig->allocatableNow(), 3u);
    EXPECT_EQ(host.contig->counters().fromEmpty, 1u);
    host.expectConsistent();

    EXPECT_TRUE(host.contig->free1G(0));
    EXPECT_FALSE(host.contig->free1G(0));
    EXPECT_EQ(host.contig->allocatableNow(), 4u);
    EXPECT_EQ(fingerprint(host.model()), before);
}

TEST(ContigAllocator, ACleanGigablockIsEvacuatedFewestUsedPagesFirst)
{
    Host host(256);
    host.fill();
    // 10, 20, 30 and 40 movable pages at the start of gigablocks 0..3.
    host.keep([](Pfn pfn) { return pfn % 64 < 10 * (pfn / 64 + 1); });
    EXPECT_EQ(host.contig->allocatableNow(), 0u);
    EXPECT_EQ(host.contig->allocatableWithCompaction(), 2u); // 156 free pages: two gigablocks' worth

    const ContigResult got = host.contig->allocate1G();
    ASSERT_TRUE(got);
    EXPECT_EQ(got.gigablock, 0u);
    EXPECT_EQ(got.pagesMigrated, 10u);
    ASSERT_EQ(host.owner.moves.size(), 10u);
    for (const auto& [from, to] : host.owner.moves) {
        EXPECT_LT(from, 64u);
        EXPECT_GE(to, 64u); // the isolated range never serves its own targets
    }
    EXPECT_EQ(got.costNs, 10u * 1000u + 64u * 4u);
    const auto& gb0 = host.model().gigablocks()[0];
    EXPECT_TRUE(gb0.contigAllocated);
    EXPECT_EQ(gb0.labelCount[std::size_t(index(MT::Movable))], 8u);
    EXPECT_EQ(host.contig->counters().pagesMigrated, 10u);
    EXPECT_EQ(host.compactor->counters().pgmigrateSuccess, 10u);
    host.expectConsistent();
}

TEST(ContigAllocator, OneUnmovablePageDefeatsTheRangeAndChangesNothing)
{
    Host host(128);
    host.fill();
    host.makeUnmovable(5);
    host.keep([](Pfn pfn) { return pfn % 4 == 0; });
    ASSERT_EQ(host.model().gigablocks()[0].category(), GigablockCategory::Tainted);
    const std::string before = fingerprint(host.model());

    const ContigResult at = host.contig->allocate1GAt(0);
    EXPECT_FALSE(at);
    EXPECT_EQ(at.failure, ContigFailure::UnmovableContent);
    EXPECT_EQ(at.pagesMigrated, 0u);
    EXPECT_EQ(fingerprint(host.model()), before);

    // With the other gigablock tainted too, nothing can be had at all.
    Host both(128);
    both.fill();
    both.makeUnmovable(5);
    both.makeUnmovable(70);
    both.keep([](Pfn pfn) { return pfn % 4 == 0; });
    const std::string bothBefore = fingerprint(both.model());
    const ContigResult any = both.contig->allocate1G();
    EXPECT_FALSE(any);
    EXPECT_EQ(any.failure, ContigFailure::UnmovableContent);
    EXPECT_EQ(fingerprint(both.model()), bothBefore);
    EXPECT_TRUE(both.owner.moves.empty());
    EXPECT_EQ(both.contig->counters().failures[std::size_t(ContigFailure::UnmovableContent)], 1u);
    EXPECT_EQ(both.contig->allocatableWithCompaction(), 0u);
    both.expectConsistent();
}

TEST(ContigAllocator, APinnedPageFailsTheMigrationAndTheIsolationIsUndone)
{
    // Pinned first: nothing has moved when the attempt fails, so nothing changed.
    Host first(256);
    first.fill();
    first.keep([](Pfn pfn) { return pfn < 10 || pfn >= 192; });
    first.owner.pinned.insert(0);
    const std::string before = fingerprint(first.model());
    const ContigResult got = first.contig->allocate1GAt(0);
    EXPECT_FALSE(got);
    EXPECT_EQ(got.failure, ContigFailure::MigrationFailed);
    EXPECT_EQ(fingerprint(first.model()), before);
    EXPECT_EQ(first.compactor->counters().pgmigrateFail, 1u);

    // Pinned later: the pages before it stay moved, as in the kernel.
    Host later(256);
    later.fill();
    later.keep([](Pfn pfn) { return pfn < 10 || (pfn >= 64 && pfn % 64 < 20) || pfn >= 192; });
    later.owner.pinned.insert(5);
    const ContigResult partial = later.contig->allocate1GAt(0);
    EXPECT_FALSE(partial);
    EXPECT_EQ(partial.failure, ContigFailure::MigrationFailed);
    EXPECT_EQ(partial.pagesMigrated, 5u);
    EXPECT_FALSE(later.model().gigablocks()[0].contigAllocated);
    for (const auto& pb : later.model().pageblocks())
        EXPECT_EQ(pb.label, MT::Movable);
    EXPECT_EQ(later.model().zone(0).freePagesByType[std::size_t(index(MT::Isolate))], 0u);
    later.expectConsistent();

    // allocate1G() tries gigablock 0 first (fewest pages in use), fails on
    // the pinned page again, and goes on to the next candidate.
    const ContigResult next = later.contig->allocate1G();
    ASSERT_TRUE(next);
    EXPECT_NE(next.gigablock, 0u);
    EXPECT_EQ(later.compactor->counters().pgmigrateFail, 2u);
    EXPECT_EQ(later.contig->counters().failures[std::size_t(ContigFailure::MigrationFailed)], 1u);
    later.expectConsistent();
}

TEST(ContigAllocator, AllocatableMetricsOnAHandMadeState)
{
    Host host(256);
    host.fill();
    host.makeUnmovable(192);
    // Gigablock 0 empty, 1 with 16 movable pages, 2 with 40, 3 tainted by one unmovable page.
    host.keep([](Pfn pfn) { return (pfn >= 64 && pfn < 80) || (pfn >= 128 && pfn < 168); });
    EXPECT_EQ(host.model().zone(0).freePages, 64u + 48u + 24u + 63u);
    EXPECT_EQ(host.contig->allocatableNow(), 1u);
    // 199 free: the empty one takes 64; 1 needs 64 (48 its own + 16 elsewhere), so does 2.
    EXPECT_EQ(host.contig->allocatableWithCompaction(), 3u);

    std::vector<std::uint32_t> got;
    for (int i = 0; i < 3; ++i) {
        const ContigResult r = host.contig->allocate1G();
        ASSERT_TRUE(r) << i << ": " << name(r.failure);
        got.push_back(r.gigablock);
        host.expectConsistent();
    }
    EXPECT_EQ(got, (std::vector<std::uint32_t> {0, 1, 2}));
    EXPECT_EQ(host.contig->allocatableNow(), 0u);
    EXPECT_EQ(host.contig->allocatableWithCompaction(), 0u);
    const ContigResult last = host.contig->allocate1G();
    EXPECT_FALSE(last);
    EXPECT_EQ(last.failure, ContigFailure::UnmovableContent);
    const auto& c = host.contig->counters();
    EXPECT_EQ(c.attempts, 4u);
    EXPECT_EQ(c.successes, 3u);
    EXPECT_EQ(c.fromEmpty, 1u);
    EXPECT_GE(c.pagesMigrated, 16u + 40u);
}

TEST(ContigAllocator, TooLittleFreeMemoryIsNothingSuitable)
{
    Host host(256);
    host.fill();
    // 40 movable pages in every gigablock: 96 free, room for one evacuation only.
    host.keep([](Pfn pfn) { return pfn % 64 < 40; });
    EXPECT_EQ(host.contig->allocatableWithCompaction(), 1u);
    ASSERT_TRUE(host.contig->allocate1G());
    const ContigResult second = host.contig->allocate1G();
    EXPECT_FALSE(second);
    EXPECT_EQ(second.failure, ContigFailure::NothingSuitable);
    EXPECT_EQ(host.contig->allocatableWithCompaction(), 0u);
    host.expectConsistent();
}

// Reclaim supplies migration targets: what it could free counts as room, and
// the shortfall says how much it must free before the next evacuation fits.
TEST(ContigAllocator, ReclaimableMemoryIsRoomForMigrationTargets)
{
    Host host(256);
    host.fill();
    host.keep([](Pfn pfn) { return pfn % 64 < 40; }); // 40 movable and 24 free pages in each gigablock
    // Each 1 GB page uses up 64 pages of room: its own 24 free ones and room for its 40 movable ones.
    EXPECT_EQ(host.contig->allocatableWithCompaction(), 1u);
    EXPECT_EQ(host.contig->allocatableWithCompaction(31), 1u);
    EXPECT_EQ(host.contig->allocatableWithCompaction(32), 2u) << "96 free + 32 reclaimable = two gigablocks";
    EXPECT_EQ(host.contig->allocatableWithCompaction(1000), 4u) << "never more than the clean gigablocks";

    EXPECT_EQ(host.contig->migrationShortfall(), 0u) << "the first evacuation fits";
    ASSERT_TRUE(host.contig->allocate1G());
    // 32 free pages are left, 24 of them inside the cheapest candidate, whose
    // 40 movable pages must go elsewhere: reclaim has to free 32 more.
    const std::uint64_t shortfall = host.contig->migrationShortfall();
    EXPECT_EQ(shortfall, 32u);
    EXPECT_FALSE(host.contig->allocate1G());
    // What reclaim would do: drop that many pages, here from the last gigablock.
    std::uint64_t dropped = 0;
    host.keep([&](Pfn pfn) { return pfn < 192 || dropped++ >= shortfall; });
    EXPECT_EQ(host.contig->migrationShortfall(), 0u);
    EXPECT_TRUE(host.contig->allocate1G());
    host.expectConsistent();
}

TEST(ContigAllocator, ClippedGigablocksCannotHoldA1GPage)
{
    std::string error;
    HostConfig config = tinyConfig(256);
    config.reserved = {{0, 8 << 12}}; // pageblock 0 of gigablock 0
    auto allocator = PageAllocator::create(config, makePolicy("vanilla"), &error);
    ASSERT_TRUE(allocator) << error;
    Owner owner;
    Compactor compactor(*allocator, owner);
    ContigAllocator contig(*allocator, compactor);
    EXPECT_FALSE(contig.isWhole(allocator->model().gigablocks()[0]));
    EXPECT_EQ(contig.allocatableNow(), 3u);
    const ContigResult at = contig.allocate1GAt(0);
    EXPECT_FALSE(at);
    EXPECT_EQ(at.failure, ContigFailure::NothingSuitable);
    EXPECT_EQ(contig.allocate1G().gigablock, 1u);
}
