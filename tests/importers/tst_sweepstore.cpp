// SPDX-License-Identifier: GPL-3.0-or-later
// Sweep results in the store: a run comes back exactly as it went in, a failed
// run keeps its error, ids make a resumed sweep skip what is there, and a v3
// database gains the sweep tables.
#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include <sqlite3.h>

#include "importers/sqlitestore.h"
#include "importers/sweepstore.h"
#include "sweep/sweepfile.h"

using namespace gbw;
using namespace gbw::importers;
namespace fs = std::filesystem;

namespace {

class SweepStoreTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path() / ("gbw-sweepstore-" + std::to_string(getpid()));
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override
    {
        fs::remove_all(m_dir);
    }
    std::string db() const
    {
        return (m_dir / "sweep.db").string();
    }
    fs::path m_dir;
};

RunResult sample(std::uint64_t seed, bool ok)
{
    RunResult r;
    r.spec.index = seed;
    r.spec.policy = "superpageblock";
    r.spec.workload = "kernel-build";
    r.spec.host = "16G";
    r.spec.hostBytes = std::uint64_t(16) << 30;
    r.spec.seed = seed;
    r.spec.durationSeconds = 120;
    r.spec.sampleSeconds = 0.1; // not exact in binary: must still come back bit for bit
    r.spec.knobs = {{"rfc.tainted_reserve", 8}, {"vm.compaction_proactiveness", 35}};
    r.ok = ok;
    r.wallSeconds = 0.25;
    if (!ok) {
        r.error = "workload: x.toml: no such file";
        return r;
    }
    for (const auto& m : knownMetrics())
        r.outcome.metrics.emplace_back(std::string(m.name), double(seed) / 3 + double(m.name.size()));
    r.outcome.orders[0] = {1000, 0, 2};
    r.outcome.orders[9] = {40, 3, 7};
    r.outcome.allocatable1g = {{0, 14}, {1, 13}, {2.5, 12}};
    return r;
}

} // namespace

TEST_F(SweepStoreTest, runsComeBackExactly)
{
    std::string error;
    auto store = SqliteStore::open(db(), error);
    ASSERT_TRUE(store) << error;
    EXPECT_EQ(store->userVersion(), 4);
    SweepStore sweeps(*store);
    const auto good = sample(1, true);
    const auto bad = sample(2, false);
    ASSERT_TRUE(sweeps.save(good, std::nullopt, &error)) << error;
    ASSERT_TRUE(sweeps.save(bad, std::nullopt, &error)) << error;
    const auto ids = sweeps.storedIds(&error);
    EXPECT_EQ(ids, (std::set<std::string> {good.spec.id(), bad.spec.id()}));
    const auto loaded = sweeps.load(&error);
    ASSERT_TRUE(error.empty()) << error;
    ASSERT_EQ(loaded.size(), 2u);
    const auto& a = loaded[0].spec.seed == 1 ? loaded[0] : loaded[1];
    const auto& b = loaded[0].spec.seed == 1 ? loaded[1] : loaded[0];
    EXPECT_EQ(a.spec.id(), good.spec.id());
    EXPECT_EQ(a.spec.canonical(), good.spec.canonical());
    EXPECT_TRUE(a.ok);
    EXPECT_EQ(a.outcome, good.outcome);
    EXPECT_EQ(a.wallSeconds, 0.25);
    EXPECT_FALSE(b.ok);
    EXPECT_EQ(b.error, "workload: x.toml: no such file");
    EXPECT_EQ(b.spec.id(), bad.spec.id());
}

TEST_F(SweepStoreTest, aRunStoredTwiceKeepsTheFirstResult)
{
    std::string error;
    auto store = SqliteStore::open(db(), error);
    ASSERT_TRUE(store) << error;
    SweepStore sweeps(*store);
    auto first = sample(1, true);
    ASSERT_TRUE(sweeps.save(first, std::nullopt, &error)) << error;
    auto second = first;
    second.outcome.metrics[0].second = -1;
    ASSERT_TRUE(sweeps.save(second, std::nullopt, &error)) << error;
    const auto loaded = sweeps.load(&error);
    ASSERT_EQ(loaded.size(), 1u);
    EXPECT_EQ(loaded[0].outcome, first.outcome);
}

TEST_F(SweepStoreTest, sweepObjectivesAreRemembered)
{
    std::string error;
    auto store = SqliteStore::open(db(), error);
    ASSERT_TRUE(store) << error;
    SweepStore sweeps(*store);
    EXPECT_TRUE(sweeps.objectives(&error).empty());
    auto file = SweepFileReader::parse(R"(policies = ["vanilla"]
workloads = ["kernel-build"]
hosts = ["16G"]
seeds = [1]
duration = "10s"
objectives = ["tainted_max", "max:pages_migrated"]
)",
        "s.toml");
    ASSERT_TRUE(file) << file.error;
    ASSERT_TRUE(sweeps.addSweep(*file.sweep, 1, &error)) << error;
    EXPECT_EQ(sweeps.objectives(&error), (std::vector<Objective> {{"tainted_max", false}, {"pages_migrated", true}}));
}

TEST_F(SweepStoreTest, versionThreeGainsTheSweepTables)
{
    std::string error;
    {
        auto v3 = SqliteStore::open(db(), error, 3);
        ASSERT_TRUE(v3) << error;
        EXPECT_EQ(v3->userVersion(), 3);
    }
    auto store = SqliteStore::open(db(), error);
    ASSERT_TRUE(store) << error;
    EXPECT_EQ(store->userVersion(), 4);
    SweepStore sweeps(*store);
    EXPECT_TRUE(sweeps.save(sample(3, true), std::nullopt, &error)) << error;
    EXPECT_EQ(sweeps.storedIds(&error).size(), 1u);
}
