// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/batchqueue.h"
#include "importers/traceproducer.h"

#include "sampledata.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>
#include <tuple>

using namespace gbw::importers;
using gbw::importers::testing::readSample;

namespace {

// Two tasks, two gfp masks, PFNs that repeat (every block is freed after it was allocated).
std::string trace(std::size_t events)
{
    std::string text = "# tracer: nop\n";
    for (std::size_t i = 0; i < events; ++i) {
        const bool free = i % 2;
        const std::size_t block = (i / 2) % 37; // 37 distinct PFNs
        text += i % 5 < 3 ? "            bash-10148   [001] .....   " : "       kswapd0-95      [000] .....   ";
        text += "549." + std::to_string(100000 + i) + ": ";
        text += free ? "mm_page_free: page=00000000b895a7e3 pfn=0x" + std::to_string(1000 + block) + " order=0\n"
                     : "mm_page_alloc: page=00000000de210642 pfn=0x" + std::to_string(1000 + block)
                + " order=0 migratetype=1 gfp_flags=" + (i % 3 ? "GFP_KERNEL\n" : "GFP_HIGHUSER_MOVABLE\n");
    }
    return text;
}

struct Collected
{
    std::vector<TraceRow> rows;
    std::vector<TaskKey> tasks;
    std::vector<std::string_view> gfps;
    std::vector<std::vector<PfnRef>> pfnPasses; // runs of pfn batches in key order
    std::size_t batches = 0;
    bool definedBeforeUse = true;
    FtraceSummary summary;
    std::vector<std::int64_t> eventsByType;
};

Collected collect(std::string_view text, TraceProducerSizes sizes, std::size_t stopAfter = SIZE_MAX)
{
    BatchQueue queue(2);
    TraceProducer producer(text, {}, queue, nullptr, sizes);
    std::thread parsing([&producer] { producer.run(); });
    Collected out;
    bool lastHadPfns = false;
    while (auto batch = queue.pop()) {
        if (++out.batches == stopAfter)
            queue.abandon();
        out.tasks.insert(out.tasks.end(), batch->newTasks.begin(), batch->newTasks.end());
        out.gfps.insert(out.gfps.end(), batch->newGfps.begin(), batch->newGfps.end());
        for (const auto& row : batch->rows) {
            out.definedBeforeUse
                = out.definedBeforeUse && row.task >= 1 && row.task <= out.tasks.size() && row.gfp <= out.gfps.size();
            out.rows.push_back(row);
        }
        if (!batch->pfns.empty()) {
            if (!lastHadPfns)
                out.pfnPasses.emplace_back();
            out.pfnPasses.back().insert(out.pfnPasses.back().end(), batch->pfns.begin(), batch->pfns.end());
        }
        lastHadPfns = !batch->pfns.empty();
        queue.recycle(std::move(batch));
    }
    parsing.join();
    out.summary = producer.summary();
    out.eventsByType = producer.eventsByType();
    return out;
}

bool pfnThenLine(const PfnRef& a, const PfnRef& b)
{
    return std::tie(a.pfn, a.line) < std::tie(b.pfn, b.line);
}

} // namespace

TEST(TraceProducer, DeliversEveryEventWithItsNamesDefinedFirst)
{
    const std::string text = trace(1000);
    const auto out = collect(text, {64, 50, 100, 1u << 20});
    ASSERT_FALSE(out.summary.aborted);
    ASSERT_EQ(out.rows.size(), 1000u);
    EXPECT_TRUE(out.definedBeforeUse);
    for (std::size_t i = 0; i < out.rows.size(); ++i) {
        EXPECT_EQ(out.rows[i].line, static_cast<std::int64_t>(i + 2)); // in file order
        EXPECT_TRUE(out.rows[i].hasPfn);
        EXPECT_FALSE(out.rows[i].hasFields);
    }
    ASSERT_EQ(out.tasks.size(), 2u);
    EXPECT_EQ(out.tasks[0].comm, "bash");
    EXPECT_EQ(out.tasks[0].pid, 10148);
    EXPECT_EQ(out.tasks[1].comm, "kswapd0");
    EXPECT_EQ(out.tasks[1].pid, 95);
    EXPECT_EQ(out.gfps.size(), 2u);
    EXPECT_EQ(out.rows[1].gfp, 0u) << "a free has no gfp mask";
    EXPECT_EQ(out.rows[1].migratetype, TraceRow::none);
    EXPECT_EQ(out.eventsByType, (std::vector<std::int64_t> {0, 500, 500}));
}

TEST(TraceProducer, SendsThePfnsSortedOncePerPass)
{
    const std::string text = trace(1000);
    // Runs of 100 and a 300-entry limit: several passes, each merged from several runs.
    const auto out = collect(text, {64, 50, 100, 300});
    ASSERT_EQ(out.rows.size(), 1000u);
    ASSERT_GE(out.pfnPasses.size(), 3u);
    std::set<std::tuple<std::int64_t, std::int64_t, std::int64_t>> fromPasses, fromRows;
    for (const auto& pass : out.pfnPasses) {
        EXPECT_TRUE(std::is_sorted(pass.begin(), pass.end(), pfnThenLine));
        for (const auto& ref : pass)
            fromPasses.insert({ref.pfn, ref.timeNs, ref.line});
    }
    for (const auto& row : out.rows)
        fromRows.insert({row.pfn, row.timeNs, row.line});
    EXPECT_EQ(fromPasses, fromRows);
    std::size_t total = 0;
    for (const auto& pass : out.pfnPasses)
        total += pass.size();
    EXPECT_EQ(total, 1000u) << "every pfn exactly once";

    // With the default sizes: one pass, after all the rows.
    const auto single = collect(text, {});
    EXPECT_EQ(single.pfnPasses.size(), 1u);
    EXPECT_TRUE(std::is_sorted(single.pfnPasses[0].begin(), single.pfnPasses[0].end(), pfnThenLine));
}

TEST(TraceProducer, KeepsTheRawFieldsOfUnusualLines)
{
    const std::string text = readSample("trace-compaction-migrate-ftrace-linux-6.18-capture.txt");
    BatchQueue queue(4);
    TraceProducer producer(text, {}, queue, nullptr);
    std::thread parsing([&producer] { producer.run(); });
    std::size_t rows = 0, withFields = 0, fields = 0, pfns = 0;
    while (auto batch = queue.pop()) {
        rows += batch->rows.size();
        withFields
            += std::count_if(batch->rows.begin(), batch->rows.end(), [](const TraceRow& r) { return r.hasFields; });
        fields += batch->fields.size();
        pfns += batch->pfns.size();
        queue.recycle(std::move(batch));
    }
    parsing.join();
    EXPECT_EQ(rows, producer.summary().events);
    EXPECT_EQ(withFields, rows) << "compaction events have no columns for their fields";
    EXPECT_EQ(fields, withFields);
    EXPECT_EQ(pfns, 0u);
}

TEST(TraceProducer, StopsWhenTheConsumerGivesUp)
{
    const std::string text = trace(5000);
    const auto out = collect(text, {64, 50, 100, 1u << 20}, 3);
    EXPECT_TRUE(out.summary.aborted);
    EXPECT_LT(out.rows.size(), 5000u);
}

TEST(TraceProducer, StopsWhenCancelled)
{
    const std::string text = trace(5000);
    std::atomic<bool> cancel {true};
    BatchQueue queue(2);
    TraceProducer producer(text, {}, queue, &cancel);
    std::thread parsing([&producer] { producer.run(); });
    std::size_t rows = 0;
    while (auto batch = queue.pop()) {
        rows += batch->rows.size();
        queue.recycle(std::move(batch));
    }
    parsing.join();
    EXPECT_TRUE(producer.summary().aborted);
    EXPECT_EQ(rows, 0u);
}
