// SPDX-License-Identifier: GPL-3.0-or-later
//
// gigablock simulate --db and gigablock replay, run as a user runs them: the
// replayed state is the simulation's own, at the end and at every sample
// point; the trace text of the same run imports and reconstructs to it too;
// resimulation runs the stream through another policy; bad input says why.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "storequery.h"

#include "clirunner.h"

namespace fs = std::filesystem;

namespace {

nlohmann::json readJson(const fs::path& path)
{
    std::ifstream in(path);
    return nlohmann::json::parse(in, nullptr, false);
}

// Rows of one query as text, one row a line, columns joined by '|'.
using storetest::query;

class ReplayCli : public testing::Test
{
protected:
    void SetUp() override
    {
        m_dir = fs::path(testing::TempDir())
            / ("gbw-replaycli-" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override
    {
        fs::remove_all(m_dir);
    }
    std::string path(const std::string& name) const
    {
        return (m_dir / name).string();
    }
    // The same syzkaller run every time: 4 GiB, eager compaction so pages migrate.
    CliRun simulate(const std::string& extra)
    {
        return gigablock("simulate --host 4G --workload syzkaller --duration 60s --sample 5s --seed 7 "
                         "--knob vm.compaction_proactiveness=100 "
            + extra);
    }

    fs::path m_dir;
};

void expectSameState(const nlohmann::json& simulated, const nlohmann::json& replayed)
{
    EXPECT_EQ(replayed.at("zones"), simulated.at("zones"));
    for (const char* key : {"empty_gigablocks", "clean_gigablocks", "tainted_gigablocks", "isolated_gigablocks",
             "gigablocks", "host_bytes", "page_bytes"})
        EXPECT_EQ(replayed.at(key), simulated.at(key)) << key;
}

TEST_F(ReplayCli, reconstructsTheSimulationAtTheEndAndAtEverySample)
{
    const auto sim = simulate("--db " + path("run.db") + " --json " + path("sim.json"));
    ASSERT_EQ(sim.status, 0) << sim.output;
    EXPECT_NE(sim.output.find("Recorded: "), std::string::npos) << sim.output;

    const auto replay = gigablock("replay --db " + path("run.db") + " --mode reconstruct --json " + path("replay.json")
        + " --db-out " + path("out.db"));
    ASSERT_EQ(replay.status, 0) << replay.output;
    EXPECT_NE(replay.output.find(", 0 contradictions"), std::string::npos) << replay.output;
    const auto simulated = readJson(path("sim.json"));
    const auto replayed = readJson(path("replay.json"));
    expectSameState(simulated, replayed);
    EXPECT_EQ(replayed.at("replay").at("start"), "boot");
    EXPECT_EQ(replayed.at("allocatable_1g_free"), simulated.at("allocatable_1g_free"));
    EXPECT_EQ(replayed.at("replay").at("unknown_pages"), 0);

    // --db-out holds the replayed time series at the recorded sample points: the same as the
    // simulation's own samples, point for point.
    const std::string columns = "SELECT seq, time_ns, event_index, empty, clean, tainted, isolated, free_pages, "
                                "free_blocks, allocatable_1g_free FROM simulation_samples ORDER BY seq";
    const std::string recorded = query(path("run.db"), columns);
    EXPECT_EQ(std::count(recorded.begin(), recorded.end(), '\n'), 13);
    EXPECT_EQ(query(path("out.db"), columns), recorded);

    // --at: the state at a sample point is that sample.
    const auto at = gigablock("replay --db " + path("run.db") + " --at 30s --json " + path("at.json"));
    ASSERT_EQ(at.status, 0) << at.output;
    const auto atJson = readJson(path("at.json"));
    const std::string sample30 = query(
        path("run.db"), "SELECT empty, clean, tainted, isolated FROM simulation_samples WHERE time_ns = 30000000000");
    EXPECT_EQ(std::to_string(int(atJson.at("empty_gigablocks"))) + "|"
            + std::to_string(int(atJson.at("clean_gigablocks"))) + "|"
            + std::to_string(int(atJson.at("tainted_gigablocks"))) + "|"
            + std::to_string(int(atJson.at("isolated_gigablocks"))) + "\n",
        sample30);
    EXPECT_LE(atJson.at("replay").at("time_ns").get<std::uint64_t>(), 30'000'000'000u);
}

TEST_F(ReplayCli, theSameRunAsTraceTextImportsAndReconstructsToTheSameState)
{
    ASSERT_EQ(simulate("--trace " + path("run.trace") + " --json " + path("sim.json")).status, 0);
    const auto import = gigablock("import --db " + path("trace.db") + " " + path("run.trace"));
    ASSERT_EQ(import.status, 0) << import.output;
    const auto noHost = gigablock("replay --db " + path("trace.db"));
    EXPECT_EQ(noHost.status, 2);
    EXPECT_NE(noHost.output.find("--host"), std::string::npos) << noHost.output;
    const auto replay = gigablock("replay --db " + path("trace.db") + " --host 4G --json " + path("replay.json"));
    ASSERT_EQ(replay.status, 0) << replay.output;
    const auto replayed = readJson(path("replay.json"));
    expectSameState(readJson(path("sim.json")), replayed);
    EXPECT_EQ(replayed.at("replay").at("start"), "unknown");
    EXPECT_EQ(replayed.at("replay").at("contradictions"), 0);
    EXPECT_GT(replayed.at("replay").at("unknown_pages").get<std::uint64_t>(), 0u);
}

// A 1 GiB host's pagetypeinfo (DMA: 8 pageblocks, DMA32: 504) and a few trace lines.
constexpr const char* kSmallPagetypeinfo = R"(Page block order: 9
Pages per block:  512

Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 
Node    0, zone      DMA, type    Unmovable      0      0      0      0      0      0      0      0      0      0      0 
Node    0, zone      DMA, type      Movable      0      0      0      0      0      0      0      0      0      1      3 
Node    0, zone    DMA32, type    Unmovable      5      0      0      0      0      0      0      0      0      0      0 
Node    0, zone    DMA32, type      Movable      2      0      1      0      0      0      0      0      0      0    100 

Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate 
Node 0, zone      DMA            1            7            0            0            0 
Node 0, zone    DMA32           10          494            0            0            0 
)";

constexpr const char* kSmallTrace
    = "  a-1  [000] .....   1.000000: mm_page_alloc: page=0000000000000001 pfn=0x10000 order=0 migratetype=1 "
      "gfp_flags=GFP_HIGHUSER_MOVABLE\n"
      "  a-1  [000] .....   1.000001: mm_page_alloc: page=0000000000000002 pfn=0x20000 order=1 migratetype=1 "
      "gfp_flags=GFP_HIGHUSER_MOVABLE\n"
      "  a-1  [000] .....   1.000002: mm_page_free: page=0000000000000003 pfn=0x30000 order=0\n";

TEST_F(ReplayCli, aTraceTakesItsHostAndItsStartFromThePagetypeinfoOfItsHost)
{
    std::ofstream(path("pagetypeinfo")) << kSmallPagetypeinfo;
    std::ofstream(path("trace")) << kSmallTrace;
    for (const char* file : {"pagetypeinfo", "trace"}) {
        const auto import = gigablock("import --db " + path("s.db") + " --host h1 " + path(file));
        ASSERT_EQ(import.status, 0) << import.output;
    }
    const auto replay = gigablock("replay --db " + path("s.db") + " --json " + path("r.json"));
    ASSERT_EQ(replay.status, 0) << replay.output;
    EXPECT_NE(replay.output.find("Host geometry from pagetypeinfo snapshot"), std::string::npos) << replay.output;
    EXPECT_NE(replay.output.find("seeded from pagetypeinfo snapshot"), std::string::npos) << replay.output;
    const auto json = readJson(path("r.json"));
    EXPECT_EQ(json.at("host_bytes"), 1u << 30);
    EXPECT_EQ(json.at("replay").at("start"), "seeded");
    const auto& zones = json.at("replay").at("seeded_zones");
    ASSERT_EQ(zones.size(), 2u);
    EXPECT_EQ(zones[0].at("free_blocks"), nlohmann::json({0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3}));
    // DMA32: the order-0 Movable block, then an order-2 one split for the order-1 allocation; the free of
    // a page allocated before the trace adds a known order-0 block.
    EXPECT_EQ(zones[1].at("free_blocks"), nlohmann::json({7 - 1 + 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 100}));
    EXPECT_EQ(zones[1].at("free_pages"), 7 + 2 + 100 * 1024);
    EXPECT_EQ(zones[1].at("pageblocks").at("Unmovable"), 10);
    EXPECT_EQ(json.at("zones")[1].at("free_blocks"), zones[1].at("free_blocks"));
    // --db-out samples once a second from the first event (1.000000 s, so after it): the
    // snapshot's 3584 + 102411 free pages less the first allocation's one.
    const auto out = gigablock("replay --db " + path("s.db") + " --db-out " + path("out.db"));
    ASSERT_EQ(out.status, 0) << out.output;
    EXPECT_EQ(query(path("out.db"), "SELECT free_pages FROM simulation_samples ORDER BY seq"), "105994\n");
    // Flags win over the store; --no-seed leaves the start unknown.
    const auto flags = gigablock("replay --db " + path("s.db") + " --host 2G --no-seed --json " + path("f.json"));
    ASSERT_EQ(flags.status, 0) << flags.output;
    EXPECT_NE(flags.output.find("Host geometry from the --host flag"), std::string::npos) << flags.output;
    EXPECT_EQ(readJson(path("f.json")).at("host_bytes"), 2u << 30);
    EXPECT_EQ(readJson(path("f.json")).at("replay").at("start"), "unknown");
}

TEST_F(ReplayCli, theRealSampleTraceReplaysOnItsZoneinfoAndPagetypeinfo)
{
    const std::string samples = std::string(GBW_TEST_DATA_DIR) + "/samples/";
    for (const char* file :
        {"zoneinfo-linux-6.18-x86_64-vm-capture.txt", "pagetypeinfo-linux-6.18-x86_64-vm-capture.txt",
            "trace-kmem-pagealloc-free-ftrace-linux-6.18-capture.txt"}) {
        const auto import = gigablock("import --db " + path("vm.db") + " --host vm618 " + samples + file);
        ASSERT_EQ(import.status, 0) << import.output;
    }
    const auto start = gigablock("replay --db " + path("vm.db") + " --at 0s --json " + path("start.json"));
    ASSERT_EQ(start.status, 0) << start.output;
    EXPECT_NE(start.output.find("Host geometry from zoneinfo snapshot"), std::string::npos) << start.output;
    const auto json = readJson(path("start.json"));
    // The zoneinfo's 24 GiB: DMA, DMA32 to 4 GiB around the 1 GiB PCI hole, Normal to pfn 6553600.
    EXPECT_EQ(json.at("host_bytes"), std::uint64_t(24) << 30);
    const auto& zones = json.at("replay").at("seeded_zones");
    ASSERT_EQ(zones.size(), 3u);
    // Before the first event the zone totals are the snapshot's (pagetypeinfo sums per zone).
    EXPECT_EQ(zones[0].at("free_blocks"), nlohmann::json({0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3}));
    EXPECT_EQ(zones[1].at("free_blocks"), nlohmann::json({1, 2, 4, 2, 5, 4, 3, 3, 4, 2, 752}));
    EXPECT_EQ(zones[2].at("free_blocks"), nlohmann::json({990, 297, 612, 390, 209, 141, 64, 33, 23, 104, 339}));
    EXPECT_EQ(zones[2].at("pageblocks").at("Reclaimable"), 54);
    const auto end = gigablock("replay --db " + path("vm.db") + " --json " + path("end.json"));
    ASSERT_EQ(end.status, 0) << end.output;
    const auto after = readJson(path("end.json"));
    EXPECT_GT(after.at("replay").at("applied").get<std::uint64_t>(), 1000u);
    // The workload's 8 MiB of THPs came out of Normal's order-9 and larger blocks.
    EXPECT_NE(after.at("replay").at("seeded_zones")[2].at("free_blocks"), zones[2].at("free_blocks"));
}

TEST_F(ReplayCli, resimulatesTheRequestStreamThroughAnotherPolicy)
{
    ASSERT_EQ(simulate("--db " + path("run.db")).status, 0);
    const auto resim = gigablock("replay --db " + path("run.db")
        + " --mode resimulate --policy superpageblock --knob "
          "rfc.tainted_reserve=4 --json "
        + path("resim.json") + " --db-out " + path("out.db"));
    ASSERT_EQ(resim.status, 0) << resim.output;
    const auto json = readJson(path("resim.json"));
    EXPECT_EQ(json.at("policy"), "superpageblock");
    EXPECT_EQ(json.at("replay").at("mode"), "resimulate");
    EXPECT_GT(json.at("replay").at("allocations").get<std::uint64_t>(), 1000u);
    EXPECT_EQ(query(path("out.db"), "SELECT count(*) FROM simulation_samples"), "13\n");
    EXPECT_EQ(query(path("out.db"), "SELECT policy FROM simulation_runs"), "superpageblock\n");
}

TEST_F(ReplayCli, badInputSaysWhatIsWrong)
{
    const auto missing = gigablock("replay --db " + path("nope.db"));
    EXPECT_NE(missing.status, 0);
    EXPECT_NE(missing.output.find("nope.db"), std::string::npos) << missing.output;
    ASSERT_EQ(simulate("--db " + path("run.db")).status, 0);
    const auto policy = gigablock("replay --db " + path("run.db") + " --mode resimulate --policy nonsense");
    EXPECT_EQ(policy.status, 2);
    EXPECT_NE(policy.output.find("unknown policy 'nonsense'"), std::string::npos) << policy.output;
    const auto at = gigablock("replay --db " + path("run.db") + " --at soon");
    EXPECT_EQ(at.status, 2);
    EXPECT_NE(at.output.find("--at: 'soon'"), std::string::npos) << at.output;
    const auto session = gigablock("replay --db " + path("run.db") + " --session 42");
    EXPECT_EQ(session.status, 2);
    EXPECT_NE(session.output.find("no session 42"), std::string::npos) << session.output;
    const auto mode = gigablock("replay --db " + path("run.db") + " --mode sideways");
    EXPECT_NE(mode.status, 0);
    const auto noWorkload = gigablock("simulate --db " + path("x.db"));
    EXPECT_EQ(noWorkload.status, 2);
    EXPECT_NE(noWorkload.output.find("--workload"), std::string::npos) << noWorkload.output;
}

} // namespace
