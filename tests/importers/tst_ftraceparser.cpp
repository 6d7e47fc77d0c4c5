// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/ftraceparser.h"

#include "sampledata.h"

#include <gtest/gtest.h>

#include <map>

using namespace gbw::importers;
using gbw::importers::testing::readSample;

namespace {

std::map<FtraceEventKind, std::size_t> countByKind(const std::vector<FtraceEvent>& events)
{
    std::map<FtraceEventKind, std::size_t> counts;
    for (const auto& e : events)
        ++counts[e.kind];
    return counts;
}

FtraceEvent parseLine(const std::string& line)
{
    auto result = FtraceParser::parseAll(line + "\n");
    EXPECT_TRUE(result.summary.ok()) << line << ": "
                                     << (result.summary.errors.empty() ? "" : result.summary.errors[0].reason);
    EXPECT_EQ(result.events.size(), 1u) << line;
    return result.events.empty() ? FtraceEvent {} : result.events[0];
}

} // namespace

TEST(FtraceParser, kmemCaptureOf618)
{
    auto result = FtraceParser::parseAll(readSample("trace-kmem-pagealloc-free-ftrace-linux-6.18-capture.txt"));
    const auto& summary = result.summary;
    ASSERT_TRUE(summary.ok()) << summary.errors.front().line << ": " << summary.errors.front().reason;
    EXPECT_EQ(summary.events, 3399u);
    EXPECT_EQ(summary.entriesInBuffer, 3399u); // the header's own count agrees
    EXPECT_EQ(summary.entriesWritten, 3399u);
    EXPECT_EQ(summary.cpus, 2);
    EXPECT_EQ(summary.unknownEvents, 0u);
    auto counts = countByKind(result.events);
    EXPECT_EQ(counts[FtraceEventKind::PageAlloc], 1162u);
    EXPECT_EQ(counts[FtraceEventKind::PageFree], 1124u);
    EXPECT_EQ(counts[FtraceEventKind::PageFreeBatched], 1111u);
    EXPECT_EQ(counts[FtraceEventKind::PageAllocZoneLocked], 2u);

    const auto& first = result.events.front();
    EXPECT_EQ(first.line, 13u);
    EXPECT_EQ(first.task, "bash");
    EXPECT_EQ(first.pid, 10148);
    EXPECT_EQ(first.cpu, 1);
    EXPECT_EQ(first.irqFlags, ".....");
    EXPECT_EQ(first.timestampNs, 549589417000);
    EXPECT_EQ(first.system, "kmem");
    EXPECT_EQ(first.name, "mm_page_alloc");
    EXPECT_EQ(first.pfn, 0x111519u);
    EXPECT_EQ(first.order, 0);
    EXPECT_EQ(first.migratetype, 1);
    EXPECT_EQ(first.gfpFlags, "GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP");
    EXPECT_FALSE(first.allocFailed);

    std::size_t thpAllocs = 0;
    for (const auto& e : result.events)
        thpAllocs += e.kind == FtraceEventKind::PageAlloc && e.order == 9;
    EXPECT_EQ(thpAllocs, 4u);

    auto locked = std::find_if(result.events.begin(), result.events.end(),
        [](const auto& e) { return e.kind == FtraceEventKind::PageAllocZoneLocked; });
    ASSERT_NE(locked, result.events.end());
    EXPECT_EQ(locked->pfn, 0x149e00u);
    EXPECT_EQ(locked->order, 9);
    EXPECT_EQ(locked->irqFlags, "d..3.");
    EXPECT_EQ(locked->field("percpu_refill"), "1");
}

TEST(FtraceParser, compactionCaptureOf618)
{
    auto result = FtraceParser::parseAll(readSample("trace-compaction-migrate-ftrace-linux-6.18-capture.txt"));
    const auto& summary = result.summary;
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary.events, 5429u);
    EXPECT_EQ(countByKind(result.events)[FtraceEventKind::Compaction], 4813u);
    // migrate:* is not modelled: kept raw and counted.
    EXPECT_EQ(summary.unknownEvents, 616u);
    using Counts = std::vector<std::pair<std::string, std::size_t>>;
    EXPECT_EQ(summary.unknownEventCounts, (Counts {{"mm_migrate_pages_start", 308}, {"mm_migrate_pages", 308}}));

    const auto& begin = result.events[0];
    EXPECT_EQ(begin.name, "mm_compaction_begin");
    EXPECT_EQ(begin.system, "compaction");
    EXPECT_EQ(begin.field("zone_end"), "0x1000"); // printed as "zone_end=0x1000, mode=sync"
    EXPECT_EQ(begin.field("mode"), "sync");
    const auto& finished = result.events[1];
    EXPECT_EQ(finished.field("zone"), "DMA"); // "%-8s" padding
    EXPECT_EQ(finished.field("order"), "-1");
    EXPECT_EQ(finished.order, -1);
    EXPECT_EQ(result.events[2].field("range"), "(0x1 ~ 0x200)");
    EXPECT_EQ(result.events[2].field("nr_scanned"), "511");
    const auto& end = result.events.back();
    EXPECT_EQ(end.name, "mm_compaction_end");
    EXPECT_EQ(end.field("status"), "complete");

    auto migrate = std::find_if(
        result.events.begin(), result.events.end(), [](const auto& e) { return e.name == "mm_migrate_pages"; });
    ASSERT_NE(migrate, result.events.end());
    EXPECT_EQ(migrate->kind, FtraceEventKind::Unknown);
    EXPECT_EQ(migrate->system, "migrate");
    EXPECT_EQ(migrate->body,
        "nr_succeeded=23 nr_failed=0 nr_thp_succeeded=0 nr_thp_failed=0 nr_thp_split=0 "
        "nr_split=0 mode=MIGRATE_SYNC reason=compaction");
}

TEST(FtraceParser, traceCmdReportWithoutIrqFlags)
{
    auto result = FtraceParser::parseAll(readSample("trace-compaction-isolate-migratepages-tracecmd-lkml-2019.txt"));
    ASSERT_TRUE(result.summary.ok());
    ASSERT_EQ(result.events.size(), 10u);
    const auto& e = result.events[0];
    EXPECT_EQ(e.task, "stress");
    EXPECT_EQ(e.pid, 3923);
    EXPECT_EQ(e.cpu, 7);
    EXPECT_EQ(e.irqFlags, "");
    EXPECT_EQ(e.timestampNs, 519106208000);
    EXPECT_EQ(e.kind, FtraceEventKind::Compaction);
    EXPECT_EQ(e.field("range"), "(0x70bb80 ~ 0x70bb80)");
    EXPECT_EQ(result.events[9].timestampNs, 519106242000);
}

TEST(FtraceParser, decimalPfnAndFailedAllocationOf414)
{
    auto result = FtraceParser::parseAll(readSample("trace-mm_page_alloc-decimal-pfn-android-4.14-lkml-2020.txt"));
    ASSERT_TRUE(result.summary.ok());
    ASSERT_EQ(result.events.size(), 9u);
    const auto& first = result.events[0];
    EXPECT_EQ(first.task, "<...>");
    EXPECT_EQ(first.pid, 22275);
    EXPECT_EQ(first.cpu, 6);
    EXPECT_EQ(first.irqFlags, "....");
    EXPECT_EQ(first.pfn, 970744u); // decimal before 5.14
    EXPECT_EQ(first.migratetype, 0);
    EXPECT_EQ(first.field("nr_free"), "3650"); // a vendor's extra field does not get in the way
    EXPECT_EQ(first.gfpFlags, "GFP_HIGHUSER|__GFP_ZERO");
    const auto& failed = result.events[8];
    EXPECT_EQ(failed.task, "kswapd0");
    EXPECT_EQ(failed.pid, 1207);
    EXPECT_EQ(failed.irqFlags, "...1");
    EXPECT_TRUE(failed.allocFailed); // "page= (null) pfn=0"
    EXPECT_EQ(failed.field("page"), "(null)");
    EXPECT_FALSE(failed.pfn);
    EXPECT_EQ(failed.migratetype, 1);
}

TEST(FtraceParser, otherPrefixes)
{
    // perf script: "comm pid [cpu] time: system:event:"
    auto perf = parseLine("              sh 10361 [001]   577.302364:                         kmem:mm_page_alloc: "
                          "page=0x10478d pfn=0x10478d order=0 migratetype=0 gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO");
    EXPECT_EQ(perf.task, "sh");
    EXPECT_EQ(perf.pid, 10361);
    EXPECT_EQ(perf.system, "kmem");
    EXPECT_EQ(perf.kind, FtraceEventKind::PageAlloc);
    EXPECT_EQ(perf.pfn, 0x10478du);
    EXPECT_FALSE(perf.allocFailed);

    // TGID column (options/record-tgid), old 5-wide form
    auto tgid = parseLine("  surfaceflinger-1155  ( 1155) [001] ...1  1110.217281: mm_page_free: page=0000000012345678 "
                          "pfn=0x1000 order=2");
    EXPECT_EQ(tgid.task, "surfaceflinger");
    EXPECT_EQ(tgid.pid, 1155);
    EXPECT_EQ(tgid.tgid, 1155);
    EXPECT_EQ(tgid.order, 2);

    // extfrag, 4.6 kernel, softirq flags
    auto extfrag = parseLine("<idle>-0 [006] d.s. 1110.217281: mm_page_alloc_extfrag: page=ffffea0064142000 "
                             "pfn=26235008 alloc_order=3 fallback_order=3 pageblock_order=9 alloc_migratetype=0 "
                             "fallback_migratetype=2 fragmenting=1 change_ownership=1");
    EXPECT_EQ(extfrag.task, "<idle>");
    EXPECT_EQ(extfrag.pid, 0);
    EXPECT_EQ(extfrag.kind, FtraceEventKind::PageAllocExtfrag);
    EXPECT_EQ(extfrag.pfn, 26235008u);
    EXPECT_EQ(extfrag.order, 3);
    EXPECT_EQ(extfrag.migratetype, 0);
    EXPECT_EQ(extfrag.field("fallback_migratetype"), "2");

    // Comm with blanks and a dash, and nanosecond timestamps.
    auto odd = parseLine(" kworker/u4:2-ev-77 [000] ..... 12.123456789: mm_vmscan_kswapd_wake: nid=0 order=3");
    EXPECT_EQ(odd.task, "kworker/u4:2-ev");
    EXPECT_EQ(odd.pid, 77);
    EXPECT_EQ(odd.timestampNs, 12123456789);
    EXPECT_EQ(odd.kind, FtraceEventKind::Vmscan);
    EXPECT_EQ(odd.order, 3);

    // Old event names (until 3.3)
    EXPECT_EQ(
        parseLine("sh-14869 [000] ....  6850.456639: mm_page_free_direct: page=ffffea0000000040 pfn=1 order=0").kind,
        FtraceEventKind::PageFree);
}

TEST(FtraceParser, fieldsAreReadByName)
{
    // Reordered and added fields, as a future kernel might print them.
    auto e = parseLine("bash-1 [000] ..... 1.000001: mm_page_alloc: gfp_flags=GFP_KERNEL order=2 node=1 "
                       "migratetype=2 pfn=0x200 page=0000000012345678");
    EXPECT_EQ(e.pfn, 0x200u);
    EXPECT_EQ(e.order, 2);
    EXPECT_EQ(e.migratetype, 2);
    EXPECT_EQ(e.gfpFlags, "GFP_KERNEL");
    EXPECT_EQ(e.field("node"), "1");
    // A modern failed allocation: the NULL page hashes to zeros.
    auto failed = parseLine("bash-1 [000] ..... 1.000001: mm_page_alloc: page=0000000000000000 pfn=0x0 order=0 "
                            "migratetype=0 gfp_flags=GFP_NOWAIT");
    EXPECT_TRUE(failed.allocFailed);
    EXPECT_FALSE(failed.pfn);
}

TEST(FtraceParser, metadataLines)
{
    auto result = FtraceParser::parseAll("cpus=4\n"
                                         "CPU 2 is empty\n"
                                         "CPU:1 [LOST 26 EVENTS]\n"
                                         "bash-1 [000] 1.000001: mm_page_free: page=0x1 pfn=0x1 order=0\n"
                                         "CPU:0 [LOST 4 EVENTS]\n");
    ASSERT_TRUE(result.summary.ok());
    EXPECT_EQ(result.summary.cpus, 4);
    EXPECT_EQ(result.summary.lostEvents, 30u);
    EXPECT_EQ(result.events.size(), 1u);
}

TEST(FtraceParser, perfScriptCallchainsAreSkipped)
{
    auto result = FtraceParser::parseAll(
        "              sh 10361 [001]   577.302364:                         kmem:mm_page_alloc: page=0x10478d "
        "pfn=0x10478d order=0 migratetype=0 gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO|__GFP_COMP\n"
        "\tffffffffbe23e32e __alloc_pages_nodemask+0x22e ([kernel.kallsyms])\n"
        "\tffffffffbe2480a3 alloc_pages_vma+0x83 ([kernel.kallsyms])\n"
        "\n"
        "              sh 10361 [001]   577.302370:                         kmem:mm_page_free: page=0x10478d "
        "pfn=0x10478d order=0\n");
    EXPECT_TRUE(result.summary.ok());
    ASSERT_EQ(result.events.size(), 2u);
    EXPECT_EQ(result.events[1].kind, FtraceEventKind::PageFree);
}

TEST(FtraceParser, streamingViews)
{
    FtraceParser parser;
    std::size_t allocs = 0;
    std::uint64_t pfnSum = 0;
    auto summary = parser.parse(
        readSample("trace-kmem-pagealloc-free-ftrace-linux-6.18-capture.txt"), [&](const FtraceEventView& e) {
            if (e.kind == FtraceEventKind::PageAlloc) {
                ++allocs;
                pfnSum += e.pfn.value_or(0);
            }
        });
    EXPECT_TRUE(summary.ok());
    EXPECT_EQ(allocs, 1162u);
    EXPECT_GT(pfnSum, 0u);
}

struct BrokenInput
{
    const char* name;
    std::string text;
    std::vector<ParseError> expected;
    std::size_t events;

    friend void PrintTo(const BrokenInput& input, std::ostream* os)
    {
        *os << input.name;
    }
};

class FtraceBrokenInput : public ::testing::TestWithParam<BrokenInput>
{};

TEST_P(FtraceBrokenInput, reportsLineAndReason)
{
    const auto& input = GetParam();
    auto result = FtraceParser::parseAll(input.text);
    EXPECT_EQ(result.summary.errors, input.expected);
    EXPECT_EQ(result.events.size(), input.events);
    EXPECT_EQ(result.summary.skippedLines, input.expected.front().line == 0 ? 0 : input.expected.size());

    auto strict = FtraceParser::parseAll(input.text, {.strict = true});
    ASSERT_EQ(strict.summary.errors.size(), 1u);
    EXPECT_EQ(strict.summary.errors.front(), input.expected.front());
    EXPECT_TRUE(strict.summary.aborted);
}

const std::string goodLine
    = "            bash-10148   [001] .....   549.589417: mm_page_alloc: page=00000000de210642 "
      "pfn=0x111519 order=0 migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP\n";

INSTANTIATE_TEST_SUITE_P(Table, FtraceBrokenInput,
    ::testing::Values(BrokenInput {"emptyFile", "", {{0, "empty input"}}, 0},
        BrokenInput {"onlyHeader", "# tracer: nop\n#\n", {{0, "no trace events found"}}, 0},
        BrokenInput {"cutInTheFields", goodLine + goodLine.substr(0, 100) + "\n" + goodLine,
            {{2, "mm_page_alloc: missing field 'order'"}}, 2},
        BrokenInput {
            "cutInAFieldName", goodLine.substr(0, 118) + "\n", {{1, "mm_page_alloc: missing field 'migratetype'"}}, 0},
        BrokenInput {
            "cutInTheTimestamp", goodLine + goodLine.substr(0, 45) + "\n", {{2, "invalid timestamp '549.58'"}}, 1},
        BrokenInput {
            "cutAfterTheCpu", goodLine.substr(0, 37) + "\n" + goodLine, {{1, "truncated line: no timestamp"}}, 1},
        BrokenInput {"cutBeforeTheEventName", goodLine.substr(0, 51) + "\n",
            {{1, "truncated line: no event name after the timestamp"}}, 0},
        BrokenInput {"cutInTheCpu", goodLine.substr(0, 27) + "\n",
            {{1, "not a trace line: no [CPU] column in 'bash-10148   [0'"}}, 0},
        BrokenInput {"cutInARange",
            "stress-3923  [007]   519.106208: mm_compaction_isolate_migratepages: range=(0x70bb80 ~\n",
            {{1, "unterminated '(' in field 'range'"}}, 0},
        BrokenInput {"badPfn", "bash-1 [000] 1.5: mm_page_free: page=0x1 pfn=0xZZ order=0\n",
            {{1, "mm_page_free: invalid pfn '0xZZ'"}}, 0},
        BrokenInput {"badOrder", "bash-1 [000] 1.5: mm_page_free: page=0x1 pfn=0x1 order=nine\n",
            {{1, "mm_page_free: invalid order 'nine'"}}, 0},
        BrokenInput {
            "noPid", "bash [000] 1.5: mm_page_free: pfn=0x1 order=0\n", {{1, "cannot read TASK-PID in 'bash'"}}, 0},
        BrokenInput {"binaryGarbage", std::string("\x1f\x8b\x08\0gzip", 8) + "\n" + goodLine,
            {{1, "binary data: byte 0x1f at column 1"}}, 1},
        BrokenInput {
            "prose", "this is not a trace\n", {{1, "not a trace line: no [CPU] column in 'this is not a trace'"}}, 0}),
    [](const auto& info) { return std::string(info.param.name); });
