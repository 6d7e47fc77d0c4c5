// SPDX-License-Identifier: GPL-3.0-or-later
// The RFC's steering rules on a host of four 64-page gigablocks (8-page
// pageblocks), for both ways of picking a gigablock.
#include <gtest/gtest.h>

#include <algorithm>

#include "model/invariantchecker.h"
#include "policy/gigablockbitmaps.h"
#include "policy/gigablocklists.h"
#include "policy/steeringpolicy.h"
#include "sim/churn.h"
#include "tinyhost.h"

using namespace gbw;
using namespace gbw::test;
using MT = MigrateType;

namespace {

class SteeringRules : public ::testing::TestWithParam<const char*>
{
protected:
    void SetUp() override
    {
        host = tinyHost(256, GetParam());
    }
    const MemoryModel& model() const
    {
        return host->model();
    }
    int count(GigablockCategory c) const
    {
        int n = 0;
        for (const auto& gb : model().gigablocks())
            n += gb.category() == c;
        return n;
    }
    Pfn allocate(int order, MT mt, GfpClass gfp = GfpClass::Normal)
    {
        const auto r = host->allocate(request(order, mt, gfp));
        EXPECT_TRUE(r) << "order " << order << " " << name(mt);
        return r ? r.block.pfn : MemoryModel::kNoPfn;
    }
    void expectConsistent() const
    {
        for (const auto& p : InvariantChecker::check(model()))
            ADD_FAILURE() << p;
    }
    std::unique_ptr<PageAllocator> host;
};

} // namespace

TEST_P(SteeringRules, UnmovableStaysInTheTaintedGigablockWhileItHasRoom)
{
    const Pfn first = allocate(0, MT::Unmovable);
    const std::uint32_t tainted = model().gigablockOf(first);
    EXPECT_EQ(count(GigablockCategory::Tainted), 1);
    // Movable memory meanwhile fills other gigablocks; unmovable requests
    // keep coming back to the tainted one until it is full.
    for (int i = 0; i < 63; ++i) {
        const Pfn u = allocate(0, MT::Unmovable);
        ASSERT_EQ(model().gigablockOf(u), tainted) << "request " << i;
        allocate(0, MT::Movable);
        ASSERT_EQ(count(GigablockCategory::Tainted), 1) << "request " << i;
    }
    EXPECT_EQ(model().gigablocks()[tainted].freePages, 0u);
    // Now full: the next one must taint a second gigablock.
    allocate(0, MT::Unmovable);
    EXPECT_EQ(count(GigablockCategory::Tainted), 2);
    expectConsistent();
}

TEST_P(SteeringRules, MovableGoesToTheFullestCleanGigablock)
{
    std::vector<Pfn> first;
    for (int i = 0; i < 64; ++i)
        first.push_back(allocate(0, MT::Movable));
    const std::uint32_t a = model().gigablockOf(first.front());
    ASSERT_EQ(model().gigablocks()[a].freePages, 0u);
    const std::uint32_t b = model().gigablockOf(allocate(0, MT::Movable)); // a is full: an empty one starts
    ASSERT_NE(a, b);
    for (int i = 0; i < 40; ++i)
        ASSERT_TRUE(host->free({first[std::size_t(i)], 0}));
    // a has 40 of 64 free, b has 63: a is the fuller of the two clean ones.
    EXPECT_EQ(model().gigablockOf(allocate(0, MT::Movable)), a);
    EXPECT_EQ(count(GigablockCategory::Empty), 2);
    expectConsistent();
}

TEST_P(SteeringRules, RefusedOptionalRequestsLeaveCleanGigablocksClean)
{
    // Fill one gigablock with unmovable memory, one with movable.
    for (int i = 0; i < 64; ++i)
        allocate(0, MT::Unmovable);
    for (int i = 0; i < 64; ++i)
        allocate(0, MT::Movable);
    ASSERT_EQ(count(GigablockCategory::Tainted), 1);
    const auto before = count(GigablockCategory::Empty) + count(GigablockCategory::Clean);
    for (GfpClass gfp : {GfpClass::NoRetry, GfpClass::Atomic}) {
        const auto refused = host->allocate(request(2, MT::Unmovable, gfp));
        EXPECT_FALSE(refused) << name(gfp);
        EXPECT_EQ(refused.failure, AllocFailure::Refused) << name(gfp);
        EXPECT_EQ(count(GigablockCategory::Tainted), 1) << name(gfp);
        EXPECT_EQ(count(GigablockCategory::Empty) + count(GigablockCategory::Clean), before);
    }
    EXPECT_GE(host->policy().counters().of(MT::Unmovable).refusedToTaint, 2u);
    // A request that must succeed may taint a fresh gigablock.
    allocate(2, MT::Unmovable, GfpClass::Normal);
    EXPECT_EQ(count(GigablockCategory::Tainted), 2);
    expectConsistent();
}

TEST_P(SteeringRules, KernelMemoryTaintsACleanGigablockOnlyAsTheLastResort)
{
    for (int i = 0; i < 64; ++i)
        allocate(0, MT::Unmovable);
    ASSERT_EQ(count(GigablockCategory::Tainted), 1);
    // Before reclaim and compaction have had their turn the request is held
    // back, at every order, so that its caller tries them first (v2 20/40).
    for (int order : {0, 3}) {
        const auto early = host->allocate(request(order, MT::Unmovable), /*mayTaint=*/false);
        EXPECT_FALSE(early) << order;
        EXPECT_EQ(early.failure, AllocFailure::Refused) << order;
        EXPECT_EQ(count(GigablockCategory::Tainted), 1) << order;
    }
    // Movable memory is never held back.
    EXPECT_TRUE(host->allocate(request(0, MT::Movable), false));
    // The last resort taints; with the knob off so does the first try.
    allocate(0, MT::Unmovable);
    EXPECT_EQ(count(GigablockCategory::Tainted), 2);
    for (int i = 0; i < 63; ++i)
        allocate(0, MT::Unmovable);
    dynamic_cast<SteeringPolicy&>(host->policy()).knobs().preferReclaimOverTaint = false;
    EXPECT_TRUE(host->allocate(request(0, MT::Unmovable), false));
    EXPECT_EQ(count(GigablockCategory::Tainted), 3);
    expectConsistent();
}

TEST_P(SteeringRules, EveryRuleHoldsUnderRandomChurn)
{
    ChurnConfig config;
    config.seed = 5;
    config.orderWeights = {40, 15, 10, 10, 5};
    config.targetOccupancy = 0.85;
    Churn churn(*host, config);
    const auto* bitmaps
        = dynamic_cast<const GigablockBitmaps*>(&static_cast<const SteeringPolicy&>(host->policy()).finder());
    for (int batch = 0; batch < 50; ++batch) {
        churn.run(2000);
        const auto problems = InvariantChecker::check(model());
        ASSERT_TRUE(problems.empty()) << "batch " << batch << ": " << problems.front();
        if (bitmaps) {
            ASSERT_TRUE(bitmaps->agreesWithModel()) << "batch " << batch;
        }
    }
    churn.releaseAll();
    EXPECT_EQ(model().zone(0).freePages, 256u);
    EXPECT_EQ(count(GigablockCategory::Empty), 4);
    expectConsistent();
}

namespace {
std::string policyTestName(const ::testing::TestParamInfo<const char*>& info)
{
    std::string name = info.param;
    name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
    return name;
}
} // namespace

INSTANTIATE_TEST_SUITE_P(
    Policies, SteeringRules, ::testing::Values("superpageblock", "gigablock-bitmap"), policyTestName);

// The whole point of the bitmaps: a pick lands on a gigablock that can serve
// the request, where the list walk looks into every gigablock on the way.
TEST(SteeringFinders, BitmapPicksVisitOnlyGigablocksThatCanServe)
{
    auto lists = tinyHost(1024, "superpageblock");
    auto bitmaps = tinyHost(1024, "gigablock-bitmap");
    ChurnConfig config;
    config.seed = 9;
    config.targetOccupancy = 0.9;
    config.orderWeights = {40, 15, 10, 10, 5};
    Churn a(*lists, config), b(*bitmaps, config);
    a.run(40000);
    b.run(40000);
    const auto la = lists->policy().counters().total();
    const auto lb = bitmaps->policy().counters().total();
    EXPECT_LE(lb.gigablocksVisited, lb.picks); // at most one visit per pick, and only to a hit
    EXPECT_GT(la.gigablocksVisited, la.picks); // the walk looks at gigablocks that cannot serve
    EXPECT_GT(lb.bitmapWordsScanned, 0u);
    EXPECT_EQ(la.bitmapWordsScanned, 0u);
}

// The list walk keeps its answers until something it read changes. Kept or
// walked, every pick must land on the same gigablock after the same visits:
// two hosts under the same churn, one walking every time, must agree on
// every page and on the visits counted.
TEST(SteeringFinders, KeptWalkAnswersAreWhatAWalkWouldFind)
{
    const auto host = [](bool keepAnswers) {
        return tinyHost(
            4096, std::make_unique<SteeringPolicy>("superpageblock", std::make_unique<GigablockLists>(keepAnswers)));
    };
    auto kept = host(true), walked = host(false);
    ChurnConfig config;
    config.seed = 13;
    config.targetOccupancy = 0.9;
    config.orderWeights = {40, 15, 10, 10, 5};
    Churn a(*kept, config), b(*walked, config);
    for (int batch = 0; batch < 40; ++batch) {
        a.run(5000);
        b.run(5000);
        ASSERT_EQ(a.stats().failures, b.stats().failures) << "batch " << batch;
        ASSERT_EQ(a.stats().livePages, b.stats().livePages) << "batch " << batch;
        const auto ka = kept->policy().counters().total(), kb = walked->policy().counters().total();
        ASSERT_EQ(ka.picks, kb.picks) << "batch " << batch;
        ASSERT_EQ(ka.gigablocksVisited, kb.gigablocksVisited) << "batch " << batch;
        for (Pfn pfn = 0; pfn < kept->model().endPfn(); ++pfn)
            ASSERT_EQ(kept->model().page(pfn).raw(), walked->model().page(pfn).raw()) << "batch " << batch;
    }
    EXPECT_GT(kept->policy().counters().total().gigablocksVisited, kept->policy().counters().total().picks);
}
