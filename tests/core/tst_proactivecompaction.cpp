// SPDX-License-Identifier: GPL-3.0-or-later
// Proactive compaction against Gupta's test (science.md 3.2, anchor 10), on
// the `fragmenter` preset: at proactiveness 20 the fragmentation score climbs
// to the high mark 90, a proactive run brings it to the low mark 80, and it
// climbs again while the heap grows; with proactive compaction off it stays
// above 90 and every huge page the heap gets costs a direct compaction.
#include <gtest/gtest.h>

#include <algorithm>

#include "mm/compaction.h"
#include "mm/fragmentation.h"
#include "sim/engine.h"
#include "sim/workloadfile.h"

using namespace gbw;

namespace {

constexpr VirtualTime kSecond = 1'000'000'000;
constexpr VirtualTime kCheckInterval = kSecond / 2; // kcompactd's proactive check

// The score just before and just after one of kcompactd's checks.
struct Check
{
    double seconds = 0;
    unsigned before = 0;
    unsigned after = 0;
    bool ran = false; // a proactive compaction run happened at this check
};

struct Trajectory
{
    std::vector<Check> checks;
    std::uint64_t compactStalls = 0; // direct compaction, over the whole run
    std::uint64_t thpFaultAlloc = 0;
};

EngineConfig fragmenterOn2GiB()
{
    const auto preset = WorkloadFile::loadPreset("fragmenter");
    EXPECT_TRUE(preset) << preset.error;
    EngineConfig config;
    config.host = HostConfig::x86_64(std::uint64_t(2) << 30);
    config.workload = preset ? *preset.workload : Workload {};
    config.seed = 1;
    config.sampleSeconds = 60; // the test reads the score itself, around each check
    return config;
}

// When the heap starts faulting: the warm-up (fill, then free three quarters) ends there.
VirtualTime heapStart(const Workload& workload)
{
    double start = 0;
    for (const auto& c : workload.classes)
        start = std::max(start, c.startSeconds);
    return VirtualTime(start * double(kSecond));
}

unsigned score(const Engine& engine)
{
    return fragmentation::nodeScore(engine.allocator().model(), 0);
}

// Runs the preset and reads the score on both sides of every check from the
// heap's start until `window` later.
Trajectory run(int proactiveness, VirtualTime window)
{
    const EngineConfig config = fragmenterOn2GiB();
    std::string error;
    auto engine = Engine::create(config, &error);
    EXPECT_TRUE(engine) << error;
    Trajectory trajectory;
    if (!engine)
        return trajectory;
    EXPECT_EQ(engine->setKnob("vm.compaction_proactiveness", proactiveness), "");
    const VirtualTime from = heapStart(config.workload);
    EXPECT_GT(from, 0);
    engine->runUntil(from);
    for (VirtualTime t = from + kCheckInterval; t <= from + window; t += kCheckInterval) {
        Check check;
        check.seconds = double(t) / double(kSecond);
        engine->runUntil(t - 1);
        check.before = score(*engine);
        const auto runs = engine->compactor().counters().proactiveRuns;
        engine->runUntil(t);
        check.after = score(*engine);
        check.ran = engine->compactor().counters().proactiveRuns > runs;
        trajectory.checks.push_back(check);
    }
    trajectory.compactStalls = engine->compactor().counters().compactStall;
    trajectory.thpFaultAlloc = engine->counters().thpFaultAlloc;
    return trajectory;
}

// The heap (68 % of memory at 0.34 % per second) takes about 200 s to start.
constexpr VirtualTime kHeapStartup = 240 * kSecond;

} // namespace

TEST(ProactiveCompaction, KeepsTheScoreInASawtoothBetween80And90)
{
    const Trajectory t = run(20, kHeapStartup);
    ASSERT_FALSE(t.checks.empty());
    const unsigned low = fragmentation::scoreLowMark(20), high = fragmentation::scoreHighMark(20);
    ASSERT_EQ(low, 80u);
    ASSERT_EQ(high, 90u);

    // A full cycle: the score climbed above the high mark, the run brought it
    // to the low mark, and it climbed for more than one interval before the next.
    int cycles = 0;
    double lastRun = -1;
    for (const Check& c : t.checks) {
        if (!c.ran) {
            EXPECT_LE(c.before, high) << "no run above the high mark at " << c.seconds << " s";
            continue;
        }
        SCOPED_TRACE(c.seconds);
        EXPECT_GT(c.before, high);
        EXPECT_LE(c.after, low);
        if (lastRun >= 0) {
            EXPECT_GT(c.seconds - lastRun, 1.0) << "compacting at every check is no sawtooth";
        }
        lastRun = c.seconds;
        ++cycles;
    }
    EXPECT_GE(cycles, 5);

    // Between the runs the score stays near the band: the node score is a
    // whole number weighted over the zones, so allow a point or two around it.
    const auto inBand = std::count_if(
        t.checks.begin(), t.checks.end(), [&](const Check& c) { return c.after >= low - 2 && c.after <= high + 1; });
    EXPECT_GE(double(inBand), 0.95 * double(t.checks.size()));

    // The heap got its huge pages from what kcompactd freed, not by stalling.
    EXPECT_GT(t.thpFaultAlloc, 0u);
    EXPECT_LT(t.compactStalls * 10, t.thpFaultAlloc);
}

TEST(ProactiveCompaction, OffTheScoreStaysAboveTheHighMark)
{
    const Trajectory off = run(0, kHeapStartup);
    ASSERT_FALSE(off.checks.empty());
    for (const Check& c : off.checks) {
        EXPECT_FALSE(c.ran);
        EXPECT_GT(c.after, fragmentation::scoreHighMark(20)) << c.seconds << " s";
    }
    // Each huge page the heap gets it compacts for itself (Gupta's 21 ms 2 MB allocations).
    EXPECT_GT(off.thpFaultAlloc, 0u);
    EXPECT_GT(off.compactStalls * 2, off.thpFaultAlloc);
}

// The preset runs in phases; a class arrives only between its start and stop.
TEST(ProactiveCompaction, ClassesArriveOnlyInTheirPhase)
{
    EngineConfig config;
    config.host = HostConfig::x86_64(std::uint64_t(1) << 30);
    RequestClass early;
    early.name = "early";
    early.ratePerSecondPerGiB = 100;
    early.lifetime.kind = Lifetime::Kind::Forever;
    early.stopSeconds = 10;
    RequestClass late = early;
    late.name = "late";
    late.startSeconds = 20;
    late.stopSeconds = 0;
    config.workload.classes = {early, late};
    std::string error;
    auto engine = Engine::create(config, &error);
    ASSERT_TRUE(engine) << error;

    engine->runUntil(10 * kSecond);
    const auto atStop = engine->counters().pgalloc;
    EXPECT_GT(atStop, 500u); // about 1000
    engine->runUntil(20 * kSecond);
    EXPECT_EQ(engine->counters().pgalloc, atStop);
    engine->runUntil(30 * kSecond);
    EXPECT_GT(engine->counters().pgalloc, atStop + 500);
}
