// SPDX-License-Identifier: GPL-3.0-or-later
#include <numeric>

#include <gtest/gtest.h>

#include "model/hostconfig.h"
#include "sim/enginesnapshot.h"
#include "sim/workloadfile.h"

namespace gbw {
namespace {

std::unique_ptr<Engine> runEngine(double seconds)
{
    EngineConfig config;
    config.host = HostConfig::x86_64(std::uint64_t(8) << 30);
    config.workload = *WorkloadFile::loadPreset("syzkaller").workload;
    config.seed = 7;
    std::string error;
    auto engine = Engine::create(config, &error);
    EXPECT_TRUE(engine) << error;
    engine->runUntil(VirtualTime(seconds * 1e9));
    return engine;
}

TEST(EngineSnapshot, GigablocksMatchTheModel)
{
    auto engine = runEngine(3);
    const EngineSnapshot s = EngineSnapshot::capture(*engine, {});
    const auto& model = engine->allocator().model();
    ASSERT_EQ(s.gigablocks.size(), model.gigablocks().size());
    std::uint32_t total = 0;
    for (auto c : s.categories)
        total += c;
    EXPECT_EQ(total, s.gigablocks.size());
    for (std::size_t i = 0; i < s.gigablocks.size(); ++i) {
        const auto& summary = model.gigablocks()[i];
        const auto& cell = s.gigablocks[i];
        EXPECT_EQ(cell.freePages, summary.freePages);
        EXPECT_EQ(cell.usablePageblocks, summary.usablePageblocks());
        if (summary.usablePageblocks() == 0)
            EXPECT_EQ(cell.category, CellCategory::Unknown);
        else
            EXPECT_EQ(int(cell.category), int(summary.category())) << "gigablock " << i;
        std::uint64_t freeFromOrders = 0;
        for (int o = 0; o <= model.geometry().maxPageOrder; ++o)
            freeFromOrders += cell.freePagesOfOrder(o);
        EXPECT_EQ(freeFromOrders, cell.freePages) << "gigablock " << i;
    }
    EXPECT_EQ(s.seconds, 3.0);
    EXPECT_EQ(s.events, engine->events());
    EXPECT_EQ(s.policy, "vanilla");
    EXPECT_EQ(s.workload, "syzkaller");
}

TEST(EngineSnapshot, SamplesFromTheRequestedIndexOnly)
{
    auto engine = runEngine(3);
    const auto all = EngineSnapshot::capture(*engine, {});
    ASSERT_EQ(all.samples.size(), engine->samples().size());
    ASSERT_GE(all.samples.size(), 3u);
    SnapshotRequest request;
    request.samplesFrom = 2;
    const auto tail = EngineSnapshot::capture(*engine, request);
    EXPECT_EQ(tail.firstSample, 2u);
    ASSERT_EQ(tail.samples.size(), all.samples.size() - 2);
    EXPECT_EQ(tail.samples.front().seconds, all.samples[2].seconds);
}

TEST(EngineSnapshot, DrillDownAddsUpToTheGigablock)
{
    auto engine = runEngine(5);
    const auto& model = engine->allocator().model();
    // The busiest gigablock: the one with most pages in use.
    std::uint32_t busiest = 0;
    for (std::uint32_t i = 0; i < model.gigablocks().size(); ++i) {
        const auto& g = model.gigablocks();
        if (g[i].usablePageblocks()
            && g[i].freePages * g[busiest].usablePageblocks() < g[busiest].freePages * g[i].usablePageblocks())
            busiest = i;
    }
    SnapshotRequest request;
    request.gigablock = busiest;
    const auto s = EngineSnapshot::capture(*engine, request);
    ASSERT_EQ(s.drill.gigablock, busiest);
    ASSERT_EQ(s.drill.pageblocks.size(), 512u);
    EXPECT_TRUE(s.drill.pages.empty());
    std::uint64_t freePages = 0;
    std::uint32_t usable = 0;
    for (const auto& pb : s.drill.pageblocks) {
        if (!pb.reserved) {
            freePages += pb.freePages;
            ++usable;
        }
    }
    EXPECT_EQ(freePages, s.gigablocks[busiest].freePages);
    EXPECT_EQ(usable, s.gigablocks[busiest].usablePageblocks);

    // Each usable pageblock's pages agree with its counts.
    for (std::uint32_t pb = 0; pb < 512; pb += 37) {
        if (s.drill.pageblocks[pb].reserved)
            continue;
        request.pageblock = pb;
        const auto p = EngineSnapshot::capture(*engine, request);
        ASSERT_EQ(p.drill.pages.size(), 512u);
        std::uint64_t free = 0;
        std::array<std::uint64_t, kPcpTypes> used = {};
        for (const auto& page : p.drill.pages) {
            if (page.kind == PageCell::Kind::Free)
                ++free;
            else if (page.kind == PageCell::Kind::Allocated && isPcpType(page.migrateType))
                ++used[std::size_t(index(page.migrateType))];
        }
        const auto& cell = p.drill.pageblocks[pb];
        EXPECT_EQ(free, cell.freePages) << "pageblock " << pb;
        for (int t = 0; t < kPcpTypes; ++t)
            EXPECT_EQ(used[std::size_t(t)], cell.usedPages[std::size_t(t)]) << "pageblock " << pb << " type " << t;
    }
}

TEST(EngineSnapshot, PagesOfATailRangeBelongToTheBlockBefore)
{
    auto engine = runEngine(0.001);
    const auto& model = engine->allocator().model();
    // At boot the top of memory is free in order-10 blocks (two pageblocks each): the second
    // pageblock of one is all tail pages whose head lies in the first.
    const auto& last = model.gigablocks().back();
    const Pfn head = (last.endPfn - 1024) & ~Pfn(1023);
    ASSERT_TRUE(model.page(head).isFreeHeadOf(10));
    const auto pages = pagesOf(model, head + 512, 512);
    for (const auto& page : pages) {
        EXPECT_EQ(page.kind, PageCell::Kind::Free);
        EXPECT_EQ(page.order, 10);
        EXPECT_FALSE(page.head);
    }
    const auto firstHalf = pagesOf(model, head, 512);
    EXPECT_TRUE(firstHalf[0].head);
    EXPECT_FALSE(firstHalf[1].head);
}

TEST(EngineSnapshot, CountersAndProcTextOnRequest)
{
    auto engine = runEngine(1);
    const auto plain = EngineSnapshot::capture(*engine, {});
    EXPECT_TRUE(plain.pagetypeinfo.empty());
    const auto pgalloc = std::find_if(
        plain.counters.begin(), plain.counters.end(), [](const CounterRow& r) { return r.name == "pgalloc"; });
    ASSERT_NE(pgalloc, plain.counters.end());
    EXPECT_EQ(pgalloc->value, engine->counters().pgalloc);
    EXPECT_GT(pgalloc->value, 0u);
    EXPECT_EQ(plain.knobs.size(), engine->knobs().all().size());

    SnapshotRequest request;
    request.procText = true;
    const auto withText = EngineSnapshot::capture(*engine, request);
    EXPECT_NE(withText.pagetypeinfo.find("Page block order: 9"), std::string::npos);
    EXPECT_NE(withText.buddyinfo.find("Node 0, zone"), std::string::npos);
}

} // namespace
} // namespace gbw
