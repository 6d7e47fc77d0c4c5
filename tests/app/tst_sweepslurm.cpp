// SPDX-License-Identifier: GPL-3.0-or-later
// gigablock sweep --slurm against a real single-node Slurm (slurmctld, slurmd
// and munged started on loopback in a scratch directory by slurmcluster.sh):
// the job array's results, collected, equal a local run of the same sweep.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <unistd.h>

#include "clirunner.h"
#include "sweeptestfiles.h"

using namespace sweeptest;

namespace {

CliRun shell(const std::string& command)
{
    CliRun run;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe)
        return run;
    std::array<char, 4096> buffer;
    for (std::size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;)
        run.output.append(buffer.data(), n);
    const int raw = pclose(pipe);
    run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return run;
}

class SweepSlurm : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path() / ("gbw-sweepslurm-" + std::to_string(getpid()));
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        const auto started = shell(std::string(GBW_SLURM_CLUSTER) + " start " + (m_dir / "cluster").string());
        if (started.status != 0) {
            m_skipReason = started.status == 3 ? "Slurm is not available here: " + started.output
                                               : "the single-node Slurm would not start: " + started.output;
            return;
        }
        m_running = true;
        setenv("SLURM_CONF", (m_dir / "cluster" / "slurm.conf").c_str(), 1);
    }
    void TearDown() override
    {
        if (m_running)
            shell(std::string(GBW_SLURM_CLUSTER) + " stop " + (m_dir / "cluster").string());
        unsetenv("SLURM_CONF");
        fs::remove_all(m_dir);
    }
    std::string path(const std::string& name) const
    {
        return (m_dir / name).string();
    }

    fs::path m_dir;
    bool m_running = false;
    std::string m_skipReason;
};

} // namespace

TEST_F(SweepSlurm, jobArrayResultsEqualALocalRun)
{
    if (!m_running)
        GTEST_SKIP() << m_skipReason;
    write(path("s.toml"), kSmallSweep); // 8 runs, 4 of them failing
    ASSERT_EQ(gigablock("sweep " + path("s.toml") + " --db " + path("local.db")).status, 0);

    const auto submitted = gigablock("sweep " + path("s.toml") + " --db " + path("slurm.db") + " --slurm --partition "
        + "debug --run-dir " + path("runs"));
    ASSERT_EQ(submitted.status, 0) << submitted.output;
    ASSERT_NE(submitted.output.find("Submitted job "), std::string::npos) << submitted.output;

    // Tiny runs: the array is done in seconds; a minute is the limit on a loaded machine.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    std::size_t done = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        done = 0;
        for (int i = 0; i < 8; ++i)
            done += fs::exists(path("runs/run-" + std::to_string(i) + ".json")) ? 1 : 0;
        if (done == 8)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ASSERT_EQ(done, 8u) << shell("squeue; cat " + path("runs") + "/slurm-*.out").output;

    const auto collected = gigablock("sweep --collect " + path("slurm.db") + " --from " + path("runs"));
    ASSERT_EQ(collected.status, 0) << collected.output;
    EXPECT_NE(collected.output.find("Collected 8 runs"), std::string::npos) << collected.output;
    EXPECT_NE(collected.output.find("0 runs of "), std::string::npos) << collected.output;
    EXPECT_EQ(outcomes(path("slurm.db")), outcomes(path("local.db")));
    EXPECT_EQ(query(path("slurm.db"), "SELECT count(*) FROM sweep_runs WHERE ok = 0"), "4\n");

    // Everything stored: a second submit has nothing to do.
    const auto again = gigablock("sweep " + path("s.toml") + " --db " + path("slurm.db") + " --slurm");
    EXPECT_EQ(again.status, 0) << again.output;
    EXPECT_NE(again.output.find("nothing to submit"), std::string::npos) << again.output;
}
