// SPDX-License-Identifier: GPL-3.0-or-later
// gigablock sweep as a user runs it: the issue's file, storing, failures,
// resuming, the report and its exports, and the --run-index path a Slurm task
// takes giving the same results as a local run.
#include <gtest/gtest.h>

#include <unistd.h>

#include "clirunner.h"
#include "sweeptestfiles.h"

#include <nlohmann/json.hpp>

using namespace sweeptest;

namespace {

class SweepCli : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path()
            / ("gbw-sweepcli-" + std::to_string(getpid()) + "-"
                + ::testing::UnitTest::GetInstance()->current_test_info()->name());
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
    fs::path m_dir;
};

using storetest::modify;

} // namespace

TEST_F(SweepCli, theIssuesFileRunsAsWritten)
{
    write(path("min.toml"), R"(policies = ["vanilla", "superpageblock"]
workloads = ["kernel-build"]
hosts = ["16G"]
seeds = [1, 2]
duration = "2m"
[knobs]
"vm.compaction_proactiveness" = [0, 20, 60]
)");
    // One of its twelve runs, to keep the suite fast; the whole file runs the same way.
    const auto run = gigablock("sweep " + path("min.toml") + " --run-index 11 --out " + path("run-11.json"));
    ASSERT_EQ(run.status, 0) << run.output;
    EXPECT_NE(run.output.find("Run 11 (superpageblock kernel-build 16G seed 2 vm.compaction_proactiveness=60): ok"),
        std::string::npos)
        << run.output;
    const auto json = nlohmann::json::parse(read(path("run-11.json")));
    EXPECT_TRUE(json["ok"].get<bool>());
    EXPECT_EQ(json["outcome"]["allocatable_1g_series"].size(), 121u); // 0 s to 120 s
    const auto outOfRange = gigablock("sweep " + path("min.toml") + " --run-index 12 --out " + path("x.json"));
    EXPECT_EQ(outOfRange.status, 2);
    EXPECT_NE(outOfRange.output.find("the sweep has runs 0 to 11"), std::string::npos) << outOfRange.output;
}

TEST_F(SweepCli, storesEveryRunRecordsFailuresAndResumes)
{
    write(path("s.toml"), kSmallSweep);
    const auto first = gigablock("sweep " + path("s.toml") + " --db " + path("s.db") + " --jobs 2");
    ASSERT_EQ(first.status, 0) << first.output;
    EXPECT_NE(first.output.find("8 runs, 0 stored already, 8 to run on 2 threads"), std::string::npos) << first.output;
    EXPECT_NE(first.output.find("Done: 4 runs ok, 4 failed"), std::string::npos) << first.output;
    EXPECT_EQ(query(path("s.db"), "SELECT ok, count(*) FROM sweep_runs GROUP BY ok ORDER BY ok"), "0|4\n1|4\n");
    EXPECT_EQ(query(path("s.db"), "SELECT DISTINCT error FROM sweep_runs WHERE ok = 0"),
        "workload: missing-workload.toml: no such file\n");
    // Every metric of every good run, and the per-order counts of what ran.
    EXPECT_EQ(query(path("s.db"), "SELECT count(DISTINCT run_id) FROM sweep_metrics"), "4\n");
    EXPECT_NE(query(path("s.db"), "SELECT sum(allocated) FROM sweep_orders WHERE \"order\" = 0"), "NULL\n");

    const auto again = gigablock("sweep " + path("s.toml") + " --db " + path("s.db"));
    ASSERT_EQ(again.status, 0) << again.output;
    EXPECT_NE(again.output.find("8 runs, 8 stored already, 0 to run"), std::string::npos) << again.output;

    // More seeds: only the new runs run.
    std::string more = kSmallSweep;
    more.replace(more.find("seeds = [1]"), 11, "seeds = [1, 2]");
    write(path("s.toml"), more);
    const auto grown = gigablock("sweep " + path("s.toml") + " --db " + path("s.db"));
    ASSERT_EQ(grown.status, 0) << grown.output;
    EXPECT_NE(grown.output.find("16 runs, 8 stored already, 8 to run"), std::string::npos) << grown.output;
    EXPECT_EQ(query(path("s.db"), "SELECT count(*) FROM sweep_runs"), "16\n");
}

TEST_F(SweepCli, editingAWorkloadFileRerunsItsRuns)
{
    std::string sweep = kSmallSweep;
    const std::string missing = ", \"missing-workload.toml\"";
    sweep.replace(sweep.find(missing), missing.size(), "");
    sweep.replace(sweep.find("\"kernel-build\""), 14, "\"" + path("kb.toml") + "\"");
    write(path("s.toml"), sweep);
    // A copy of the kernel-build preset as a file of the user's.
    write(path("kb.toml"), read(fs::path(__FILE__).parent_path() / "../../resources/workloads/kernel-build.toml"));
    const auto first = gigablock("sweep " + path("s.toml") + " --db " + path("s.db"));
    ASSERT_EQ(first.status, 0) << first.output;
    EXPECT_NE(first.output.find("Done: 4 runs ok, 0 failed"), std::string::npos) << first.output;
    const auto same = gigablock("sweep " + path("s.toml") + " --db " + path("s.db"));
    EXPECT_NE(same.output.find("4 runs, 4 stored already, 0 to run"), std::string::npos) << same.output;
    // An edit to the workload: the old results are stale, so all four run again.
    write(path("kb.toml"), read(path("kb.toml")) + "# rate doubled\n");
    const auto edited = gigablock("sweep " + path("s.toml") + " --db " + path("s.db"));
    ASSERT_EQ(edited.status, 0) << edited.output;
    EXPECT_NE(edited.output.find("4 runs, 0 stored already, 4 to run"), std::string::npos) << edited.output;
    EXPECT_EQ(query(path("s.db"), "SELECT count(*), count(DISTINCT config) FROM sweep_runs"), "8|8\n");
}

TEST_F(SweepCli, aStoreFromBeforeContentIdsIsRefusedButStillReported)
{
    write(path("s.toml"), kSmallSweep);
    ASSERT_EQ(gigablock("sweep " + path("s.toml") + " --db " + path("s.db")).status, 0);
    // What an older gigablock wrote: configuration lines with the workload's name and no hash.
    ASSERT_EQ(modify(path("s.db"),
                  "UPDATE sweep_runs SET config = replace(replace(config, ';workload_hash=none', ''), "
                  "substr(config, instr(config, ';workload_hash='), 32), ';workload=kernel-build'); "
                  "SELECT count(*) FROM sweep_runs WHERE instr(config, 'workload_hash') = 0"),
        "8\n");
    const auto resumed = gigablock("sweep " + path("s.toml") + " --db " + path("s.db"));
    EXPECT_EQ(resumed.status, 2) << resumed.output;
    EXPECT_NE(resumed.output.find("8 runs were stored by an older gigablock whose run ids hashed the workload's "
                                  "name, not its contents"),
        std::string::npos)
        << resumed.output;
    EXPECT_NE(resumed.output.find("Sweep into a new --db"), std::string::npos) << resumed.output;
    EXPECT_EQ(query(path("s.db"), "SELECT count(*) FROM sweep_runs"), "8\n"); // nothing added
    const auto report = gigablock("sweep --report " + path("s.db"));
    EXPECT_EQ(report.status, 0) << report.output;
    EXPECT_NE(report.output.find("Workload kernel-build: 4 settings, 0 failed runs"), std::string::npos)
        << report.output;
}

TEST_F(SweepCli, anInterruptedSweepResumesWhereItStopped)
{
    std::string many = kSmallSweep;
    many.replace(many.find("seeds = [1]"), 11, "seeds = [1, 2, 3, 4, 5, 6]");
    const std::string missing = ", \"missing-workload.toml\"";
    many.replace(many.find(missing), missing.size(), "");
    write(path("s.toml"), many); // 24 runs
    // Ctrl-C once the first run is stored (the sqlite3 shell is in the build dependencies).
    const std::string db = path("s.db");
    const auto stopped = gigablock("sweep " + path("s.toml") + " --db " + db + " --jobs 1 & pid=$!; "
        + "until [ \"$(sqlite3 -readonly " + db + " 'SELECT count(*) FROM sweep_runs' 2>/dev/null)\" -ge 1 ] "
        + "2>/dev/null; do sleep 0.02; done; kill -INT $pid; wait $pid; echo status $?");
    const int before = std::stoi("0" + query(db, "SELECT count(*) FROM sweep_runs"));
    ASSERT_GE(before, 1) << stopped.output;
    ASSERT_LT(before, 24) << "the sweep finished before it could be interrupted:\n" << stopped.output;
    EXPECT_NE(stopped.output.find("status 130"), std::string::npos) << stopped.output;
    const auto resumed = gigablock("sweep " + path("s.toml") + " --db " + db);
    ASSERT_EQ(resumed.status, 0) << resumed.output;
    EXPECT_NE(resumed.output.find(
                  "24 runs, " + std::to_string(before) + " stored already, " + std::to_string(24 - before) + " to run"),
        std::string::npos)
        << resumed.output;
    EXPECT_EQ(query(db, "SELECT count(*), count(DISTINCT config) FROM sweep_runs"), "24|24\n");
}

TEST_F(SweepCli, runIndexResultsCollectToTheSameStoreAsALocalRun)
{
    write(path("s.toml"), kSmallSweep);
    ASSERT_EQ(gigablock("sweep " + path("s.toml") + " --db " + path("local.db")).status, 0);
    fs::create_directories(path("runs"));
    for (int i = 0; i < 8; ++i) {
        const auto run = gigablock("sweep " + path("s.toml") + " --run-index " + std::to_string(i) + " --out "
            + path("runs/run-" + std::to_string(i) + ".json"));
        ASSERT_EQ(run.status, 0) << run.output;
    }
    const auto collected = gigablock("sweep --collect " + path("tasks.db") + " --from " + path("runs"));
    ASSERT_EQ(collected.status, 0) << collected.output;
    EXPECT_NE(collected.output.find("Collected 8 runs"), std::string::npos) << collected.output;
    EXPECT_EQ(outcomes(path("tasks.db")), outcomes(path("local.db")));
    EXPECT_NE(outcomes(path("local.db")), "");
    // Collecting again adds nothing; a broken file is named.
    write(path("runs/run-99.json"), "{\"ok\": true}");
    const auto twice = gigablock("sweep --collect " + path("tasks.db") + " --from " + path("runs"));
    EXPECT_EQ(twice.status, 1);
    EXPECT_NE(twice.output.find("Collected 0 runs"), std::string::npos) << twice.output;
    EXPECT_NE(twice.output.find("run-99.json: not a run result"), std::string::npos) << twice.output;
}

TEST_F(SweepCli, reportExportsARecommendationTheCliLoads)
{
    write(path("s.toml"), "objectives = [\"allocatable_1g_mean\", \"tainted_max\"]\n" + std::string(kSmallSweep));
    ASSERT_EQ(gigablock("sweep " + path("s.toml") + " --db " + path("s.db")).status, 0);
    // Only kernel-build has successful runs, so the export needs no --workload.
    const auto report = gigablock("sweep --report " + path("s.db") + " --export-sysctl " + path("tuned.conf"));
    ASSERT_EQ(report.status, 0) << report.output;
    EXPECT_NE(report.output.find("objectives: max allocatable_1g_mean, min tainted_max"), std::string::npos)
        << report.output;
    EXPECT_NE(report.output.find("Workload kernel-build: 4 settings, 0 failed runs"), std::string::npos)
        << report.output;
    EXPECT_NE(report.output.find("Workload missing-workload.toml: 0 settings, 4 failed runs"), std::string::npos)
        << report.output;
    EXPECT_NE(report.output.find("Pareto front ("), std::string::npos) << report.output;
    EXPECT_NE(report.output.find("vm.compaction_proactiveness -> allocatable_1g_mean: 0: "), std::string::npos)
        << report.output;
    EXPECT_NE(report.output.find("Recommended: "), std::string::npos) << report.output;
    const auto sysctl = read(path("tuned.conf"));
    EXPECT_NE(sysctl.find("vm.compaction_proactiveness = "), std::string::npos) << sysctl;
    EXPECT_NE(sysctl.find("vm.extfrag_threshold = 500"), std::string::npos) << sysctl;
    const auto knobs = read(path("tuned.knobs.toml"));
    EXPECT_NE(knobs.find("[knobs]\n\"vm.compaction_proactiveness\" = "), std::string::npos) << knobs;
    const auto simulate
        = gigablock("simulate --workload kernel-build --host 4G --duration 2s --knobs " + path("tuned.knobs.toml"));
    EXPECT_EQ(simulate.status, 0) << simulate.output;
    const auto only = gigablock("sweep --report " + path("s.db") + " --workload missing-workload.toml");
    EXPECT_EQ(only.output.find("Workload kernel-build"), std::string::npos) << only.output;
}

TEST_F(SweepCli, badFilesAndArgumentsAreExplained)
{
    write(path("bad.toml"), std::string(kSmallSweep) + "\"vm.extfrag_threshold\" = [100, 2000]\n");
    const auto bad = gigablock("sweep " + path("bad.toml") + " --db " + path("s.db"));
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(
        bad.output.find(path("bad.toml") + ":8: knobs.vm.extfrag_threshold[1]: must be between 0 and 1000, got 2000"),
        std::string::npos)
        << bad.output;
    EXPECT_FALSE(fs::exists(path("s.db")));
    const auto noDb = gigablock("sweep " + path("bad.toml"));
    EXPECT_EQ(noDb.status, 2);
    const auto both = gigablock("sweep --report x.db --collect y.db --from z");
    EXPECT_EQ(both.status, 2);
    EXPECT_NE(both.output.find("one at a time"), std::string::npos) << both.output;
    const auto help = gigablock("sweep --help");
    EXPECT_NE(help.output.find("--slurm"), std::string::npos);
    EXPECT_NE(help.output.find("--export-sysctl"), std::string::npos);
}

TEST_F(SweepCli, slurmBatchScriptHasOneTaskPerPendingRun)
{
    write(path("s.toml"), kSmallSweep);
    const auto run = gigablock("sweep " + path("s.toml") + " --db " + path("s.db") + " --slurm --partition short "
        + "--no-submit --run-dir " + path("runs"));
    ASSERT_EQ(run.status, 0) << run.output;
    const auto script = read(path("runs/sweep.sbatch"));
    EXPECT_NE(script.find("#SBATCH --array=0-7\n"), std::string::npos) << script;
    EXPECT_NE(script.find("#SBATCH --partition=short\n"), std::string::npos) << script;
    EXPECT_NE(script.find("--run-index \"$SLURM_ARRAY_TASK_ID\" --out '" + path("runs")
                  + "'/run-\"$SLURM_ARRAY_TASK_ID\".json"),
        std::string::npos)
        << script;
    EXPECT_EQ(read(path("runs/sweep.toml")), kSmallSweep);
}
