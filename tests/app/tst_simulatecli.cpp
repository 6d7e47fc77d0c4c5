// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "clirunner.h"

namespace {

nlohmann::json readJson(const std::filesystem::path& path)
{
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

std::filesystem::path scratch(const std::string& name)
{
    return std::filesystem::temp_directory_path() / ("gbw-" + std::to_string(getpid()) + "-" + name);
}

} // namespace

TEST(SimulateCli, ShortRunReportsAndWritesJson)
{
    const auto json = scratch("run.json");
    const CliRun run = gigablock("simulate --host 16G --events 300000 --seed 3 --check --json " + json.string());
    ASSERT_EQ(run.status, 0) << run.output;
    EXPECT_NE(run.output.find("Node 0, Normal"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("Invariant check: ok"), std::string::npos) << run.output;
    const auto report = readJson(json);
    for (const char* key : {"host_bytes", "gigablocks", "empty_gigablocks", "clean_gigablocks", "tainted_gigablocks",
             "events", "events_per_second", "zones", "counters"})
        EXPECT_TRUE(report.contains(key)) << key;
    EXPECT_EQ(report["host_bytes"], std::uint64_t(16) << 30);
    EXPECT_EQ(report["events"], 300000);
    // 16 GiB: DMA (1), DMA32 below the hole (3), Normal from 4 to 17 GiB (13).
    EXPECT_EQ(report["gigablocks"], 17);
    EXPECT_EQ(report["empty_gigablocks"].get<int>() + report["clean_gigablocks"].get<int>()
            + report["tainted_gigablocks"].get<int>() + report["isolated_gigablocks"].get<int>(),
        17);
    EXPECT_GT(report["events_per_second"].get<double>(), 0);
    std::filesystem::remove(json);
}

TEST(SimulateCli, SameSeedSameResult)
{
    const auto a = scratch("a.json"), b = scratch("b.json"), c = scratch("c.json");
    ASSERT_EQ(gigablock("simulate --host 8G --events 200000 --seed 11 --json " + a.string()).status, 0);
    ASSERT_EQ(gigablock("simulate --host 8G --events 200000 --seed 11 --json " + b.string()).status, 0);
    ASSERT_EQ(gigablock("simulate --host 8G --events 200000 --seed 12 --json " + c.string()).status, 0);
    auto ja = readJson(a), jb = readJson(b), jc = readJson(c);
    for (auto* j : {&ja, &jb, &jc})
        j->erase("events_per_second");
    EXPECT_EQ(ja, jb);
    jc.erase("seed");
    ja.erase("seed");
    EXPECT_NE(ja, jc);
    for (const auto& p : {a, b, c})
        std::filesystem::remove(p);
}

TEST(SimulateCli, BadFlagsGetAClearError)
{
    struct Case
    {
        const char* arguments;
        const char* message;
    };
    const Case cases[] = {
        {"simulate --host 12X", "unknown unit 'X'"},
        {"simulate --policy nonsense", "unknown policy 'nonsense' (known: vanilla"},
        {"simulate --occupancy 2", "--occupancy"},
        {"simulate --host 1G --nodes 3", "not a multiple"},
        {"frobnicate", "frobnicate"},
    };
    for (const auto& c : cases) {
        const CliRun run = gigablock(c.arguments);
        EXPECT_NE(run.status, 0) << c.arguments;
        EXPECT_NE(run.output.find(c.message), std::string::npos) << c.arguments << " said: " << run.output;
    }
}

TEST(SimulateCli, HelpAndVersion)
{
    const CliRun help = gigablock("simulate --help");
    EXPECT_EQ(help.status, 0);
    EXPECT_NE(help.output.find("--host"), std::string::npos);
    EXPECT_NE(help.output.find("--events"), std::string::npos);
    const CliRun version = gigablock("--version");
    EXPECT_EQ(version.status, 0);
    EXPECT_NE(version.output.find("gigablock "), std::string::npos);
}

TEST(SimulateCli, WorkloadRunReportsOneGigabytePagesAndTheTimeSeries)
{
    const auto json = scratch("workload.json");
    const CliRun run = gigablock("simulate --host 4G --workload kernel-build --duration 20s --policy gigablock-bitmap "
                                 "--knob vm.compaction_proactiveness=40 --check --json "
        + json.string());
    ASSERT_EQ(run.status, 0) << run.output;
    EXPECT_NE(run.output.find("1 GB pages allocatable now"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("Invariant check: ok"), std::string::npos) << run.output;
    const auto report = readJson(json);
    for (const char* key : {"allocatable_1g", "allocatable_1g_free", "tainted_gigablocks", "samples", "counters",
             "zones", "workload", "virtual_seconds"})
        EXPECT_TRUE(report.contains(key)) << key;
    EXPECT_EQ(report["workload"], "kernel-build");
    EXPECT_EQ(report["samples"].size(), 21u);
    EXPECT_TRUE(report["counters"]["vmstat"].contains("compact_stall"));
    EXPECT_TRUE(report["counters"]["vmstat"].contains("pgsteal_kswapd"));
    EXPECT_TRUE(report["zones"][2].contains("tainted_gigablocks"));
    // Two rates over the same wall time: requests, and what the allocator did with them.
    const auto& vmstat = report["counters"]["vmstat"];
    const double perRequest = double(vmstat["pgalloc"].get<std::uint64_t>() + vmstat["pgfree"].get<std::uint64_t>())
        / report["events"].get<double>();
    EXPECT_GT(perRequest, 1.0);
    EXPECT_NEAR(report["allocations_and_frees_per_second"].get<double>() / report["events_per_second"].get<double>(),
        perRequest, 1e-9 * perRequest);
    std::filesystem::remove(json);
}

TEST(SimulateCli, BadWorkloadOptionsGetAClearError)
{
    struct Case
    {
        const char* arguments;
        const char* message;
    };
    const Case cases[] = {
        {"simulate --workload nosuchload", "--workload: "},
        {"simulate --workload syzkaller --duration 5parsecs", "--duration: '5parsecs' is not a duration"},
        {"simulate --workload syzkaller --duration 1s --knob vm.compaction_proactiveness=500",
            "vm.compaction_proactiveness must be between 0 and 100, not 500"},
        {"simulate --workload syzkaller --duration 1s --knob proactiveness", "expected NAME=VALUE"},
    };
    for (const auto& c : cases) {
        const CliRun run = gigablock(c.arguments);
        EXPECT_NE(run.status, 0) << c.arguments;
        EXPECT_NE(run.output.find(c.message), std::string::npos) << c.arguments << " said: " << run.output;
    }
}

TEST(CompareCli, PoliciesSideBySideOnTheSameRequests)
{
    const auto json = scratch("compare.json");
    const CliRun run = gigablock("compare --host 4G --workload kernel-build --duration 20s --json " + json.string());
    ASSERT_EQ(run.status, 0) << run.output;
    EXPECT_NE(run.output.find("the same request stream for every policy"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("gigablock-bitmap"), std::string::npos) << run.output;
    const auto report = readJson(json);
    ASSERT_EQ(report["policies"].size(), 3u);
    // One request stream: every policy saw the same number of arrivals.
    EXPECT_EQ(report["policies"]["vanilla"]["events"], report["policies"]["superpageblock"]["events"]);
    EXPECT_EQ(report["policies"]["vanilla"]["events"], report["policies"]["gigablock-bitmap"]["events"]);
    EXPECT_TRUE(report["policies"]["vanilla"].contains("allocatable_1g"));
    const CliRun bad = gigablock("compare --workload syzkaller --policies vanilla,nonsense --duration 1s");
    EXPECT_NE(bad.status, 0);
    EXPECT_NE(bad.output.find("unknown policy 'nonsense'"), std::string::npos) << bad.output;
    std::filesystem::remove(json);
}
