// SPDX-License-Identifier: GPL-3.0-or-later
// A simulated run written as kernel trace text (Engine::setTrace) reads back
// through our own ftrace parser without a single error, and the events add
// up: every free frees what an earlier allocation at that pfn took.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "importers/ftraceparser.h"
#include "sim/engine.h"
#include "sim/ftracewriter.h"
#include "sim/workloadfile.h"

using namespace gbw;

TEST(SimulatedTrace, ReadsBackThroughTheFtraceParserAndBalances)
{
    EngineConfig config;
    config.host = HostConfig::x86_64(std::uint64_t(2) << 30);
    const auto preset = WorkloadFile::loadPreset("kernel-build");
    ASSERT_TRUE(preset.workload) << preset.error;
    config.workload = *preset.workload;
    std::string error;
    auto engine = Engine::create(config, &error);
    ASSERT_TRUE(engine) << error;

    const std::string path = testing::TempDir() + "gbw-simulated-trace.txt";
    std::FILE* file = std::fopen(path.c_str(), "w");
    ASSERT_TRUE(file);
    FtraceWriter writer(file);
    writer.header(2);
    engine->setTrace(&writer);
    engine->runUntil(std::uint64_t(20) * 1'000'000'000);
    std::fclose(file);

    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    std::size_t allocs = 0, frees = 0, mismatches = 0;
    std::unordered_map<std::uint64_t, int> live; // pfn -> order
    importers::FtraceParser parser;
    const auto summary = parser.parse(text.str(), [&](const importers::FtraceEventView& e) {
        ASSERT_TRUE(e.pfn);
        if (e.name == "mm_page_alloc") {
            ++allocs;
            mismatches += !live.emplace(*e.pfn, e.order).second;
        } else if (e.name == "mm_page_free") {
            ++frees;
            const auto it = live.find(*e.pfn);
            mismatches += it == live.end() || it->second != e.order;
            if (it != live.end())
                live.erase(it);
        }
    });
    EXPECT_EQ(summary.errorCount, 0u);
    EXPECT_EQ(summary.unknownEvents, 0u);
    EXPECT_EQ(summary.cpus, 2);
    EXPECT_EQ(summary.events, writer.lines());
    EXPECT_GE(allocs, engine->counters().pgalloc);
    EXPECT_GE(frees, engine->counters().pgfree);
    EXPECT_EQ(mismatches, 0u);
    EXPECT_EQ(live.size(), engine->allocations().liveCount());
    std::remove(path.c_str());
}
