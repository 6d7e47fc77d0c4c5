// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/vmstatparser.h"

#include "sampledata.h"

#include <gtest/gtest.h>

using namespace gbw::importers;
using gbw::importers::testing::readSample;
using gbw::importers::testing::samplesStartingWith;

TEST(VmstatParser, everyFieldInFileOrder)
{
    // Line counts of the samples: every line is one field.
    const std::vector<std::pair<std::string, std::size_t>> expected {
        {"vmstat-android-armv7-3.4.5-normal-highmem.txt", 73},
        {"vmstat-centos9stream-5.14.0-325-x86_64-cma.txt", 171},
        {"vmstat-jc-fixture-x86_64-kernel5.8plus.txt", 147},
        {"vmstat-linux-6.18-x86_64-vm-capture.txt", 192},
        {"vmstat-node_exporter-fixture-kernel-pre4.5.txt", 120},
        {"vmstat-rhel8-4.18.0-80-sosreport-x86_64-1node.txt", 133},
    };
    ASSERT_EQ(samplesStartingWith("vmstat-").size(), expected.size());
    for (const auto& [file, count] : expected) {
        auto result = VmstatParser::parse(readSample(file));
        ASSERT_TRUE(result.ok()) << file;
        ASSERT_EQ(result.snapshots.size(), 1u) << file;
        EXPECT_EQ(result.snapshots[0].fields.size(), count) << file;
        EXPECT_EQ(result.snapshots[0].fields.front().first, "nr_free_pages") << file;
    }
}

TEST(VmstatParser, values)
{
    auto capture = VmstatParser::parse(readSample("vmstat-linux-6.18-x86_64-vm-capture.txt")).snapshots.at(0);
    EXPECT_EQ(capture.value("nr_free_pages"), 1206357u);
    EXPECT_EQ(capture.value("nr_free_pages_blocks"), 1175040u);
    EXPECT_EQ(capture.value("compact_migrate_scanned"), 4169213u);
    EXPECT_EQ(capture.value("pgmigrate_success"), 67189u);
    EXPECT_EQ(capture.value("thp_fault_alloc"), 64u);
    EXPECT_EQ(capture.fields.back(), (std::pair<std::string, std::uint64_t> {"nr_unstable", 0}));
    EXPECT_FALSE(capture.value("allocstall"));

    auto old = VmstatParser::parse(readSample("vmstat-node_exporter-fixture-kernel-pre4.5.txt")).snapshots.at(0);
    EXPECT_EQ(old.value("nr_alloc_batch"), 4158u);
    EXPECT_EQ(old.value("allocstall"), 83165u);
    EXPECT_EQ(old.value("compact_free_scanned"), 12336622550u); // beyond 32 bits
    EXPECT_EQ(old.value("compact_stall"), 210959u);
    EXPECT_EQ(old.fields.back().first, "oom_kill");
}

TEST(VmstatParser, categories)
{
    EXPECT_EQ(vmstatCategory("compact_stall"), VmstatCategory::Compaction);
    EXPECT_EQ(vmstatCategory("pgmigrate_success"), VmstatCategory::Migration);
    EXPECT_EQ(vmstatCategory("pgsteal_kswapd_normal"), VmstatCategory::Reclaim);
    EXPECT_EQ(vmstatCategory("allocstall_dma32"), VmstatCategory::Reclaim);
    EXPECT_EQ(vmstatCategory("thp_split_page"), VmstatCategory::Thp);
    EXPECT_EQ(vmstatCategory("nr_free_cma"), VmstatCategory::FreePages);
    EXPECT_EQ(vmstatCategory("pgfault"), VmstatCategory::Other);
}

TEST(VmstatParser, monitorLoop)
{
    auto result = VmstatParser::parse("time: 1700000000\nnr_free_pages 5\npgfault 1\n"
                                      "time: 1700000010\nnr_free_pages 4\npgfault 9\n"
                                      "nr_free_pages 3\npgfault 12\n");
    ASSERT_TRUE(result.ok());
    ASSERT_EQ(result.snapshots.size(), 3u);
    EXPECT_EQ(result.snapshots[1].timestamp->epochSeconds, 1700000010.0);
    EXPECT_EQ(result.snapshots[2].value("pgfault"), 12u);
    EXPECT_EQ(result.snapshots[2].firstLine, 7u);
}

TEST(VmstatParser, brokenInputs)
{
    struct Case
    {
        std::string text;
        std::vector<ParseError> expected;
        std::size_t fields;
    };
    const std::vector<Case> cases {
        {"", {{0, "empty input"}}, 0},
        {"nr_free_pages 12\npgfault\n", {{2, "expected 'name value', found 'pgfault'"}}, 1},
        {"nr_free_pages twelve\npgfault 3\n", {{1, "invalid value 'twelve' for 'nr_free_pages'"}}, 1},
        {"nr_free_pages 1 2\n", {{1, "expected 'name value', found 'nr_free_pages 1 2'"}}, 0},
        {std::string("\0\0\0\0", 4), {{1, "binary data: byte 0x00 at column 1"}}, 0},
    };
    for (const auto& c : cases) {
        auto result = VmstatParser::parse(c.text);
        EXPECT_EQ(result.errors, c.expected) << c.text;
        std::size_t fields = result.snapshots.empty() ? 0 : result.snapshots[0].fields.size();
        EXPECT_EQ(fields, c.fields) << c.text;
    }
    // A gauge that went negative through per-CPU drift wraps like the kernel's unsigned long.
    auto negative = VmstatParser::parse("nr_isolated_anon -1\n");
    ASSERT_TRUE(negative.ok());
    EXPECT_EQ(negative.snapshots[0].value("nr_isolated_anon"), UINT64_MAX);
}
