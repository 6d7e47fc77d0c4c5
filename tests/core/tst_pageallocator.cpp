// SPDX-License-Identifier: GPL-3.0-or-later
// Bad calls get a clear error and leave the model exactly as it was.
#include <gtest/gtest.h>

#include "model/invariantchecker.h"
#include "model/procformat.h"
#include "tinyhost.h"

using namespace gbw;
using namespace gbw::test;
using MT = MigrateType;

namespace {
// Everything observable about the model, to compare before and after.
std::string fingerprint(const MemoryModel& model)
{
    std::string out = procformat::pagetypeinfo(model);
    for (Pfn pfn = 0; pfn < model.endPfn(); ++pfn)
        out += char(model.page(pfn).raw());
    for (const auto& pb : model.pageblocks())
        out += char(index(pb.label));
    return out;
}
} // namespace

TEST(PageAllocator, BadFreesAreRefusedWithAReasonAndChangeNothing)
{
    auto host = tinyHost(64);
    const Pfn order2 = host->allocate(request(2, MT::Movable)).block.pfn; // 0..3
    const Pfn order0 = host->allocate(request(0, MT::Movable)).block.pfn; // 4
    ASSERT_EQ(order2, 0u);
    ASSERT_EQ(order0, 4u);
    struct Case
    {
        Block block;
        const char* reason;
    };
    const Case cases[] = {
        {{order2, 1}, "wrong order: pfn 0 was allocated with order 2, freed with order 1"},
        {{order2, 3}, "wrong order"},
        {{2, 0}, "pfn 2 is not the start of an allocated block"},
        {{5, 0}, "double free: pfn 5 is already free"},
        {{9, 0}, "double free: pfn 9 lies in a free block of order 3"},
        {{64, 0}, "pfn 64 is outside the host (64 pages)"},
        {{order0, 11}, "order 11 exceeds MAX_PAGE_ORDER 4"},
    };
    const std::string before = fingerprint(host->model());
    for (const auto& c : cases) {
        const auto result = host->free(c.block);
        EXPECT_FALSE(result);
        EXPECT_NE(result.error.find(c.reason), std::string::npos) << "got: " << result.error;
        EXPECT_EQ(fingerprint(host->model()), before) << c.reason;
    }
    ASSERT_TRUE(host->free({order0, 0}));
    const auto again = host->free({order0, 0});
    EXPECT_FALSE(again);
    EXPECT_NE(again.error.find("double free"), std::string::npos) << again.error;
    EXPECT_TRUE(InvariantChecker::check(host->model()).empty());
}

TEST(PageAllocator, InvalidRequestsAreRefused)
{
    auto host = tinyHost(64);
    const std::string before = fingerprint(host->model());
    const auto tooBig = host->allocate(request(5, MT::Movable));
    EXPECT_FALSE(tooBig);
    EXPECT_EQ(tooBig.failure, AllocFailure::InvalidRequest);
    EXPECT_EQ(tooBig.error, "order 5 exceeds MAX_PAGE_ORDER 4");
    const auto isolate = host->allocate(request(0, MT::Isolate));
    EXPECT_FALSE(isolate);
    EXPECT_EQ(isolate.error, "migratetype Isolate cannot be requested");
    EXPECT_EQ(fingerprint(host->model()), before);
}

TEST(PageAllocator, ReservedMemoryIsNeverHandedOutOrFreed)
{
    std::string error;
    HostConfig config = tinyConfig(64);
    config.reserved = {{0, 8 << 12}}; // pageblock 0
    config.holes = {{32 << 12, 48 << 12}}; // pfns 32..47 (rounded to the largest block)
    auto host = PageAllocator::create(config, makePolicy("vanilla"), &error);
    ASSERT_TRUE(host) << error;
    WatermarkSettings none;
    none.minFreeKbytes = 0;
    host->setWatermarkSettings(none);
    const auto& m = host->model();
    EXPECT_TRUE(m.page(0).isReserved());
    EXPECT_EQ(m.zone(0).managedPages, 64u - 8u);
    EXPECT_EQ(m.zone(0).freePages, 64u - 8u);
    std::vector<Pfn> got;
    while (auto r = host->allocate(request(0, MT::Movable)))
        got.push_back(r.block.pfn);
    EXPECT_EQ(got.size(), 64u - 8u);
    for (Pfn pfn : got)
        EXPECT_FALSE(pfn < 8) << pfn;
    const auto refused = host->free({0, 0});
    EXPECT_FALSE(refused);
    EXPECT_NE(refused.error.find("reserved"), std::string::npos) << refused.error;
    EXPECT_TRUE(InvariantChecker::check(m).empty());
}

TEST(PageAllocator, GigablockCategoriesFollowContent)
{
    auto host = tinyHost(128); // two 64-page gigablocks
    const auto& m = host->model();
    ASSERT_EQ(m.gigablocks().size(), 2u);
    EXPECT_EQ(m.gigablocks()[0].category(), GigablockCategory::Empty);
    const Pfn movable = host->allocate(request(0, MT::Movable)).block.pfn;
    EXPECT_EQ(m.gigablockOf(movable), 0u);
    EXPECT_EQ(m.gigablocks()[0].category(), GigablockCategory::Clean);
    EXPECT_EQ(m.gigablocks()[1].category(), GigablockCategory::Empty);
    const Pfn reclaimable = host->allocate(request(0, MT::Reclaimable)).block.pfn;
    EXPECT_EQ(m.gigablocks()[m.gigablockOf(reclaimable)].category(), GigablockCategory::Tainted);
    EXPECT_EQ(m.counters().taintsByType[std::size_t(index(MT::Reclaimable))], 1u);
    ASSERT_TRUE(host->free({reclaimable, 0}));
    ASSERT_TRUE(host->free({movable, 0}));
    EXPECT_EQ(m.gigablocks()[0].category(), GigablockCategory::Empty);
    EXPECT_EQ(m.counters().untaintEvents, 1u);
}
