// SPDX-License-Identifier: GPL-3.0-or-later
// The sweep view's data without Qt: which runs a sweep has, the points over two
// objectives, the front marked from sweepanalysis's paretoFront(), and the colour knob.
#include <gtest/gtest.h>

#include "sweep/sweepanalysis.h"
#include "sweep/sweepfile.h"
#include "sweep/sweepscatter.h"

using namespace gbw;

namespace {

RunResult run(std::string policy, double proactiveness, std::uint64_t seed, double allocatable, double compaction,
    std::string workload = "kernel-build")
{
    RunResult r;
    r.spec.policy = std::move(policy);
    r.spec.workload = std::move(workload);
    r.spec.host = "4G";
    r.spec.hostBytes = std::uint64_t(4) << 30;
    r.spec.seed = seed;
    r.spec.durationSeconds = 3;
    r.spec.knobs = {{"vm.compaction_proactiveness", proactiveness}, {"vm.extfrag_threshold", 500}};
    r.ok = true;
    r.outcome.metrics
        = {{"allocatable_1g", allocatable}, {"high_order_success", 1}, {"compaction_seconds", compaction}};
    return r;
}

const Objective kAllocatable {"allocatable_1g", true};
const Objective kCompaction {"compaction_seconds", false};

// More proactiveness buys 1 GB pages with compaction time, except where it does not.
std::vector<RunResult> tradeOff()
{
    std::vector<RunResult> runs {
        run("vanilla", 0, 1, 2, 0.0), // front: cheapest
        run("vanilla", 20, 1, 4, 1.0), // front
        run("vanilla", 40, 1, 3, 2.0), // dominated by the one before
        run("vanilla", 60, 1, 6, 3.0), // front: most pages
        run("vanilla", 80, 1, 6, 3.5), // dominated: as many pages, more cost
    };
    RunResult failed = run("vanilla", 100, 1, 0, 0);
    failed.ok = false;
    failed.error = "knob: out of range";
    failed.outcome = {};
    runs.push_back(failed);
    return runs;
}

} // namespace

TEST(SweepScatter, onePointPerSuccessfulRunAndTheFrontIsParetoFronts)
{
    const SweepScatter scatter(tradeOff(), {kAllocatable, kCompaction});
    const auto plot = scatter.plot(kAllocatable, kCompaction, "vm.compaction_proactiveness");
    ASSERT_EQ(plot.points.size(), 5u);
    EXPECT_EQ(plot.notPlotted, 1u);
    std::vector<std::vector<double>> values;
    for (const auto& p : plot.points)
        values.push_back({p.x, p.y});
    auto expected = paretoFront(values, {true, false});
    std::sort(expected.begin(), expected.end());
    auto front = plot.front;
    std::sort(front.begin(), front.end());
    EXPECT_EQ(front, expected);
    EXPECT_EQ(front, (std::vector<std::size_t> {0, 1, 3})); // as stated by hand above
    for (std::size_t i = 0; i < plot.points.size(); ++i)
        EXPECT_EQ(plot.points[i].onFront, std::count(front.begin(), front.end(), i) == 1) << i;
    // The line through the front goes left to right.
    EXPECT_EQ(plot.front, (std::vector<std::size_t> {0, 1, 3}));
    // Each point knows its run and reads its values off it.
    EXPECT_EQ(plot.points[3].run, 3u);
    EXPECT_EQ(plot.points[3].x, 6);
    EXPECT_EQ(plot.points[3].y, 3);
}

TEST(SweepScatter, theDirectionOfEachAxisDecidesTheFront)
{
    const SweepScatter scatter(tradeOff(), {});
    // Maximising both: compaction time becomes a good thing, and the costliest runs win.
    const auto plot = scatter.plot(kAllocatable, {"compaction_seconds", true}, {});
    auto front = plot.front;
    std::sort(front.begin(), front.end());
    EXPECT_EQ(front, (std::vector<std::size_t> {4}));
}

TEST(SweepScatter, axesAreTheSweepsObjectivesFirstThenEveryStoredMetric)
{
    const SweepScatter scatter(tradeOff(), {{"compaction_seconds", false}, {"tainted_end", false}});
    const auto axes = scatter.axes();
    // tainted_end is an objective no run has: not offered.
    ASSERT_EQ(axes.size(), 3u);
    EXPECT_EQ(axes[0], kCompaction);
    EXPECT_EQ(axes[1], kAllocatable); // knownMetrics() order and direction for the rest
    EXPECT_EQ(axes[2], (Objective {"high_order_success", true}));
}

TEST(SweepScatter, colourByAKnobSpansItsValuesOverThePoints)
{
    auto runs = tradeOff();
    runs[2].spec.knobs.erase(runs[2].spec.knobs.begin()); // a run without the knob has no colour
    const SweepScatter scatter(runs, {});
    const auto plot = scatter.plot(kAllocatable, kCompaction, "vm.compaction_proactiveness");
    ASSERT_TRUE(plot.colourMin && plot.colourMax);
    EXPECT_EQ(*plot.colourMin, 0);
    EXPECT_EQ(*plot.colourMax, 80); // the failed run's 100 is not plotted
    EXPECT_FALSE(plot.points[2].colour);
    EXPECT_EQ(plot.points[1].colour, 20);
    const auto none = scatter.plot(kAllocatable, kCompaction, {});
    EXPECT_FALSE(none.colourMin);
    EXPECT_FALSE(none.points[0].colour);
    // The knob that varies comes first in the offer.
    EXPECT_EQ(scatter.knobs(), (std::vector<std::string> {"vm.compaction_proactiveness", "vm.extfrag_threshold"}));
}

TEST(SweepScatter, aWorkloadAtATime)
{
    auto runs = tradeOff();
    runs.push_back(run("vanilla", 0, 1, 100, 0, "network"));
    const SweepScatter scatter(runs, {});
    EXPECT_EQ(scatter.workloads(), (std::vector<std::string> {"kernel-build", "network"}));
    const auto network = scatter.plot(kAllocatable, kCompaction, {}, "network");
    ASSERT_EQ(network.points.size(), 1u);
    EXPECT_EQ(network.points[0].run, 6u);
    EXPECT_EQ(network.front.size(), 1u);
    EXPECT_EQ(scatter.plot(kAllocatable, kCompaction, {}, "kernel-build").points.size(), 5u);
}

TEST(SweepScatter, describeSaysTheConfigurationAndTheValues)
{
    const SweepScatter scatter(tradeOff(), {});
    const auto text = scatter.describe(1, {kAllocatable, kCompaction});
    EXPECT_NE(text.find("vanilla, workload kernel-build, host 4G, seed 1"), std::string::npos) << text;
    EXPECT_NE(text.find("vm.compaction_proactiveness = 20"), std::string::npos) << text;
    EXPECT_NE(text.find("allocatable_1g (more is better): 4"), std::string::npos) << text;
    EXPECT_NE(text.find("compaction_seconds (less is better): 1"), std::string::npos) << text;
    EXPECT_NE(scatter.describe(5, {}).find("failed: knob: out of range"), std::string::npos);
}

TEST(SweepScatter, aSweepHasTheStoredRunsItsFileExpandsTo)
{
    const auto parsed = SweepFileReader::parse(R"(policies = ["vanilla"]
workloads = ["kernel-build"]
hosts = ["4G"]
seeds = [1]
duration = "3s"
[knobs]
"vm.compaction_proactiveness" = [0, 20]
"vm.extfrag_threshold" = [500]
)",
        "s.toml");
    ASSERT_TRUE(parsed) << parsed.error;
    const auto expanded = expandSweep(*parsed.sweep);
    auto stored = tradeOff(); // proactiveness 0 and 20 belong to the sweep, the rest do not
    stored[0].spec.workloadHash = "stale";
    RunResult current = stored[0];
    current.spec.workloadHash = expanded[0].workloadHash;
    current.outcome.metrics[0].second = 9;
    stored.push_back(current); // the same setting, run again after the workload changed
    const auto runs = runsOfSweep(*parsed.sweep, stored);
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].outcome.metric("allocatable_1g"), 9); // the run of the workload as it is now
    EXPECT_EQ(runs[1].spec.knobs[0].second, 20);
    EXPECT_EQ(runs[1].spec.index, 1u);
}
