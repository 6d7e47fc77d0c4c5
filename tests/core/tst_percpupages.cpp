// SPDX-License-Identifier: GPL-3.0-or-later
// The per-cpu page lists: sized as the kernel sizes them, refilled by a
// batch, handed out last-freed first, drained in batches past `high`, and
// invisible to the buddy invariants under random churn with every policy.
#include <gtest/gtest.h>

#include <algorithm>

#include "model/invariantchecker.h"
#include "policy/gigablockbitmaps.h"
#include "policy/steeringpolicy.h"
#include "sim/churn.h"
#include "tinyhost.h"

using namespace gbw;
using namespace gbw::test;
using MT = MigrateType;

namespace {

// 16384 pages: zone_batchsize() gives 3, and with no watermarks `high` is
// four batches, small enough to watch every bulk free.
constexpr std::uint64_t kPages = 16384;

std::unique_ptr<PageAllocator> pcpHost(std::string_view policy = "vanilla")
{
    auto host = tinyHost(kPages, policy);
    host->setPerCpuPages(true);
    return host;
}

void expectConsistent(const MemoryModel& model)
{
    for (const auto& problem : InvariantChecker::check(model))
        ADD_FAILURE() << problem;
}

} // namespace

TEST(PerCpuPages, SizedLikeZoneBatchsizeAndZoneHighsize)
{
    struct Case
    {
        std::uint64_t managedPages;
        std::uint64_t lowWatermark;
        int cpus;
        int batch;
        int high;
    };
    const Case cases[] = {
        {1000, 0, 1, 1, 4}, // below 1024 pages: the floor of one page a batch
        {16384, 0, 1, 3, 12}, // 16/4 = 4, 4 + 2 = 6 -> 4 - 1
        {262144, 1000, 1, 63, 1000}, // 256/4 = 64, 64 + 32 = 96 -> 64 - 1
        {std::uint64_t(4) << 20, 71000, 1, 63, 71000}, // 16 GiB: capped at 1 MiB of pages, 63
        {std::uint64_t(4) << 20, 71000, 64, 63, 1109}, // the low watermark shared by 64 CPUs
        {std::uint64_t(4) << 20, 1000, 64, 63, 252}, // never below four batches
    };
    for (const Case& c : cases) {
        Zone zone;
        zone.managedPages = c.managedPages;
        zone.watermark[std::size_t(Watermark::Low)] = c.lowWatermark;
        PerCpuPages pcp;
        pcp.size(zone, c.cpus);
        EXPECT_EQ(pcp.batch, c.batch) << c.managedPages;
        EXPECT_EQ(pcp.high, c.high) << c.managedPages << " pages, " << c.cpus << " cpus";
    }
}

TEST(PerCpuPages, RefillTakesABatchAndHandsOutTheLastFreedPageFirst)
{
    auto host = pcpHost();
    const Zone& zone = host->model().zone(0);
    const PerCpuPages& pcp = host->perCpuPages(0);
    ASSERT_EQ(pcp.batch, 3);

    const auto first = host->allocate(request(0, MT::Movable));
    ASSERT_TRUE(first);
    EXPECT_TRUE(first.fromPcp);
    EXPECT_EQ(zone.freePages, kPages - 3) << "one batch left the buddy lists";
    EXPECT_EQ(pcp.count, 2u);
    EXPECT_EQ(host->pcpCounters().refills, 1u);

    const auto second = host->allocate(request(0, MT::Movable));
    EXPECT_EQ(zone.freePages, kPages - 3) << "served from the list";
    EXPECT_EQ(second.block.pfn, first.block.pfn + 1) << "the batch keeps the buddy's order";

    ASSERT_TRUE(host->free(first.block));
    EXPECT_EQ(zone.freePages, kPages - 3) << "a free goes to the list, not the buddy";
    const auto again = host->allocate(request(0, MT::Movable));
    EXPECT_EQ(again.block.pfn, first.block.pfn) << "last freed, first handed out";
    expectConsistent(host->model());
}

TEST(PerCpuPages, FreesPastHighGoBackInBatchesAndADrainEmptiesTheLists)
{
    auto host = pcpHost();
    const Zone& zone = host->model().zone(0);
    const PerCpuPages& pcp = host->perCpuPages(0);
    std::vector<Block> blocks;
    for (int i = 0; i < 40; ++i)
        blocks.push_back(host->allocate(request(0, MT::Movable)).block);
    for (const Block& block : blocks) {
        ASSERT_TRUE(host->free(block));
        EXPECT_LT(pcp.count, std::uint64_t(pcp.high)) << "the lists never stay at or above high";
        EXPECT_EQ(zone.freePages + pcp.count + 0, kPages - (blocks.size() - std::size_t(&block - blocks.data()) - 1));
    }
    EXPECT_GT(host->pcpCounters().bulkFrees, 0u);
    EXPECT_GE(host->pcpCounters().bulkFreedPages, std::uint64_t(40 - pcp.high));
    expectConsistent(host->model());

    const std::uint64_t held = pcp.count;
    EXPECT_EQ(host->drainPerCpuPages(), held);
    EXPECT_EQ(pcp.count, 0u);
    EXPECT_EQ(zone.freePages, kPages);
    EXPECT_EQ(host->model().zone(0).freeBlocks[4][std::size_t(index(MT::Movable))], kPages >> 4)
        << "drained pages merge back into whole blocks";
    expectConsistent(host->model());
}

TEST(PerCpuPages, AFreedPageWaitsOnTheListOfItsPageblockAndCountsAsThatType)
{
    auto host = tinyHost(kPages);
    MemoryModel& model = host->model();
    const auto page = host->allocate(request(0, MT::Unmovable));
    ASSERT_TRUE(page);
    const std::uint32_t gigablock = model.gigablockOf(page.block.pfn);
    ASSERT_EQ(model.gigablocks()[gigablock].category(), GigablockCategory::Tainted);
    // The pageblock changed hands while the page was out (as after a steal).
    model.moveFreePagesAndRelabel(model.pageblockOf(page.block.pfn), MT::Movable);

    host->setPerCpuPages(true);
    ASSERT_TRUE(host->free(page.block));
    EXPECT_EQ(model.page(page.block.pfn).migrateType(), MT::Movable);
    EXPECT_EQ(host->perCpuPages(0).list(PerCpuPages::listIndex(0, MT::Movable)).size(), 1u);
    EXPECT_EQ(model.gigablocks()[gigablock].category(), GigablockCategory::Clean)
        << "a page parked on a movable list no longer taints its gigablock";
    EXPECT_EQ(host->allocate(request(0, MT::Movable)).block.pfn, page.block.pfn);
    expectConsistent(model);
}

TEST(PerCpuPages, TurningThemOffDrainsEverything)
{
    auto host = pcpHost();
    const auto block = host->allocate(request(1, MT::Unmovable));
    ASSERT_TRUE(block);
    EXPECT_GT(host->perCpuPagesHeld(), 0u);
    host->setPerCpuPages(false);
    EXPECT_EQ(host->perCpuPagesHeld(), 0u);
    EXPECT_EQ(host->model().zone(0).freePages, kPages - 2);
    ASSERT_TRUE(host->free(block.block));
    EXPECT_EQ(host->model().zone(0).freePages, kPages);
}

// The invariant checker and the bitmaps' agreement hold with the lists in
// front of every policy; after everything is released and drained the host
// is whole again.
class PerCpuChurn : public ::testing::TestWithParam<const char*>
{};

TEST_P(PerCpuChurn, InvariantsHoldAndEverythingComesBack)
{
    auto host = pcpHost(GetParam());
    ChurnConfig config;
    config.seed = 11;
    config.orderWeights = {40, 15, 10, 10, 5};
    config.targetOccupancy = 0.85;
    Churn churn(*host, config);
    const auto* steering = dynamic_cast<const SteeringPolicy*>(&host->policy());
    const auto* bitmaps = steering ? dynamic_cast<const GigablockBitmaps*>(&steering->finder()) : nullptr;
    for (int batch = 0; batch < 40; ++batch) {
        churn.run(2000);
        const auto problems = InvariantChecker::check(host->model());
        ASSERT_TRUE(problems.empty()) << "batch " << batch << ": " << problems.front();
        if (bitmaps) {
            ASSERT_TRUE(bitmaps->agreesWithModel()) << "batch " << batch;
        }
    }
    EXPECT_GT(host->pcpCounters().hits, host->pcpCounters().refills) << "the lists actually serve";
    churn.releaseAll();
    host->drainPerCpuPages();
    EXPECT_EQ(host->model().zone(0).freePages, kPages);
    for (const auto& gb : host->model().gigablocks())
        EXPECT_EQ(gb.category(), GigablockCategory::Empty);
    expectConsistent(host->model());
}

INSTANTIATE_TEST_SUITE_P(Policies, PerCpuChurn, ::testing::Values("vanilla", "superpageblock", "gigablock-bitmap"),
    [](const ::testing::TestParamInfo<const char*>& info) {
        std::string name = info.param;
        name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
        return name;
    });
