// SPDX-License-Identifier: GPL-3.0-or-later
// The sweep core: the file format and its errors, the expansion into runs,
// the thread pool, the Pareto front and the recommendation.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include <unistd.h>
#include "sweep/knobfile.h"
#include "sweep/runspec.h"
#include "sweep/sweepanalysis.h"
#include "sweep/sweepfile.h"
#include "sweep/sweeprunner.h"
#include "sweep/workloadsource.h"

using namespace gbw;

namespace {

// The file issue 10 says must work as written.
constexpr std::string_view kMinimal = R"(policies = ["vanilla", "superpageblock"]
workloads = ["kernel-build"]
hosts = ["16G"]
seeds = [1, 2]
duration = "2m"
[knobs]
"vm.compaction_proactiveness" = [0, 20, 60]
)";

SweepFile parsed(std::string_view text)
{
    auto result = SweepFileReader::parse(text, "sweep.toml");
    EXPECT_TRUE(result) << result.error;
    return result ? *result.sweep : SweepFile {};
}

std::string errorOf(std::string_view text)
{
    auto result = SweepFileReader::parse(text, "sweep.toml");
    EXPECT_FALSE(result);
    return result.error;
}

constexpr std::string_view kHead = R"(policies = ["vanilla"]
workloads = ["kernel-build"]
hosts = ["16G"]
seeds = [1]
duration = "10s"
)";

} // namespace

TEST(SweepFile, minimalFileOfTheIssue)
{
    const auto sweep = parsed(kMinimal);
    EXPECT_EQ(sweep.policies, (std::vector<std::string> {"vanilla", "superpageblock"}));
    EXPECT_EQ(sweep.hosts, std::vector<std::string> {"16G"});
    EXPECT_EQ(sweep.seeds, (std::vector<std::uint64_t> {1, 2}));
    EXPECT_EQ(sweep.durationSeconds, 120);
    ASSERT_EQ(sweep.knobs.size(), 1u);
    EXPECT_EQ(sweep.knobs[0].values, (std::vector<double> {0, 20, 60}));
    ASSERT_EQ(sweep.objectives.size(), 3u); // the defaults
    EXPECT_EQ(sweep.objectives[0], (Objective {"allocatable_1g", true}));
    EXPECT_EQ(sweep.objectives[2], (Objective {"compaction_seconds", false}));
}

TEST(SweepFile, expansionIsOrderedAndIdsAreStable)
{
    const auto runs = expandSweep(parsed(kMinimal));
    ASSERT_EQ(runs.size(), 12u); // 2 policies x 3 values x 2 seeds
    // Policy slowest, then the knob, then the seed.
    EXPECT_EQ(runs[0].policy, "vanilla");
    EXPECT_EQ(runs[0].knobs[0].second, 0);
    EXPECT_EQ(runs[0].seed, 1u);
    EXPECT_EQ(runs[1].seed, 2u);
    EXPECT_EQ(runs[2].knobs[0].second, 20);
    EXPECT_EQ(runs[6].policy, "superpageblock");
    EXPECT_EQ(runs[11].knobs[0].second, 60);
    EXPECT_EQ(runs[0].hostBytes, std::uint64_t(16) << 30);
    std::set<std::string> ids;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        EXPECT_EQ(runs[i].index, i);
        ids.insert(runs[i].id());
    }
    EXPECT_EQ(ids.size(), runs.size());
    // The same configuration in another file (other order, more seeds) has the same id.
    const auto other = expandSweep(parsed(R"(policies = ["superpageblock", "vanilla"]
workloads = ["kernel-build"]
hosts = ["16G"]
seeds = [3, 2, 1]
duration = "120s"
[knobs]
"vm.compaction_proactiveness" = [60, 0, 20]
)"));
    std::set<std::string> otherIds;
    for (const auto& r : other)
        otherIds.insert(r.id());
    for (const auto& id : ids)
        EXPECT_TRUE(otherIds.contains(id)) << id;
}

TEST(SweepFile, fnv1aMatchesThePublishedVectors)
{
    EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ull);
    EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cull);
    EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ull);
}

TEST(SweepFile, specSurvivesJson)
{
    const auto runs = expandSweep(parsed(kMinimal));
    nlohmann::json json;
    runs[7].toJson(json);
    const auto back = RunSpec::fromJson(json);
    EXPECT_EQ(back.canonical(), runs[7].canonical());
    EXPECT_EQ(back.index, 7u);
}

TEST(SweepFile, rangesAndSamples)
{
    const auto sweep = parsed(std::string(kHead) + R"([knobs]
"vm.compaction_proactiveness" = { from = 0, to = 100, step = 25 }
"rfc.tainted_reserve" = { from = 1, to = 64, samples = 5, seed = 7 }
"vm.watermark_scale_factor" = { from = 10, to = 17, step = 2 }
)");
    ASSERT_EQ(sweep.knobs.size(), 3u); // sorted by name
    EXPECT_EQ(sweep.knobs[0].name, "rfc.tainted_reserve");
    EXPECT_EQ(sweep.knobs[1].values, (std::vector<double> {0, 25, 50, 75, 100}));
    const auto& sampled = sweep.knobs[0].values;
    EXPECT_GE(sampled.size(), 2u); // whole numbers: a repeat is dropped, five distinct are likely
    EXPECT_LE(sampled.size(), 5u);
    for (double v : sampled) {
        EXPECT_GE(v, 1);
        EXPECT_LE(v, 64);
        EXPECT_EQ(v, std::floor(v));
    }
    // The same seed gives the same sample.
    EXPECT_EQ(
        parsed(std::string(kHead) + "[knobs]\n\"rfc.tainted_reserve\" = { from = 1, to = 64, samples = 5, seed = 7 }\n")
            .knobs[0]
            .values,
        sampled);
    EXPECT_EQ(sweep.knobs[2].values, (std::vector<double> {10, 12, 14, 16}));
}

TEST(SweepFile, objectivesWithDirections)
{
    const auto sweep = parsed(
        std::string(kHead) + R"(objectives = ["allocatable_1g_min", "min:tainted_max", "max:pages_migrated"])");
    ASSERT_EQ(sweep.objectives.size(), 3u);
    EXPECT_EQ(sweep.objectives[1], (Objective {"tainted_max", false}));
    EXPECT_EQ(sweep.objectives[2], (Objective {"pages_migrated", true}));
}

TEST(SweepFile, errorsNameFileLineAndKey)
{
    EXPECT_EQ(errorOf(std::string(kHead) + "[knobs]\n\"vm.compaction_proactiveness\" = [0, 200]\n"),
        "sweep.toml:7: knobs.vm.compaction_proactiveness[1]: must be between 0 and 100, got 200");
    EXPECT_EQ(errorOf(std::string(kHead) + "[knobs]\n\"vm.compaction_proactivenes\" = [0]\n").substr(0, 62),
        "sweep.toml:7: knobs.vm.compaction_proactivenes: unknown knob; ");
    EXPECT_EQ(errorOf(std::string(kHead) + "[knobs]\n\"rfc.tainted_reserve\" = [1.5]\n"),
        "sweep.toml:7: knobs.rfc.tainted_reserve[0]: takes whole numbers, got 1.5");
    EXPECT_EQ(errorOf(R"(policies = ["vanilla", "buddy"])"),
        "sweep.toml:1: policies[1]: must be one of vanilla, superpageblock, gigablock-bitmap, got \"buddy\"");
    EXPECT_EQ(errorOf("policies = [\"vanilla\"]\nworkloads = [\"x\"]\nhosts = [\"16Q\"]\n").substr(0, 40),
        "sweep.toml:3: hosts[0]: must be a memory");
    EXPECT_EQ(errorOf("policies = [\"vanilla\"]\nworkloads = [\"x\"]\nhosts = [\"16G\"]\nseeds = [1]\n"),
        "sweep.toml: duration: missing");
    EXPECT_EQ(errorOf(std::string(kHead) + "sample = \"fast\"\n"),
        "sweep.toml:6: sample: must be a duration above zero such as \"30s\", \"2m\" or \"1h\", got \"fast\"");
    EXPECT_EQ(errorOf(std::string(kHead) + "seed = [1]\n").substr(0, 33), "sweep.toml:6: seed: unknown key; ");
    EXPECT_EQ(errorOf(std::string(kHead) + "[knobs]\n\"vm.extfrag_threshold\" = { from = 0, to = 10 }\n"),
        "sweep.toml:7: knobs.vm.extfrag_threshold: a range needs either step (a grid) or samples (random values), "
        "not both or neither");
    EXPECT_EQ(errorOf(std::string(kHead) + "[knobs]\n\"vm.extfrag_threshold\" = { from = 10, to = 0, step = 1 }\n"),
        "sweep.toml:7: knobs.vm.extfrag_threshold.to: must not be below from");
    EXPECT_EQ(
        errorOf(std::string(kHead) + "[knobs]\n\"vm.watermark_scale_factor\" = { from = 10, to = 11, step = 0.5 }\n"),
        "sweep.toml:7: knobs.vm.watermark_scale_factor: takes whole numbers, got 10.5");
    EXPECT_EQ(errorOf(std::string(kHead) + "objectives = [\"speed\"]\n").substr(0, 48),
        "sweep.toml:6: objectives[0]: must be one of allo");
    EXPECT_EQ(errorOf(std::string(kHead) + "duration = \"5m\"\n").substr(0, 25), "sweep.toml:6: syntax erro");
}

TEST(Pareto, handMadeFront)
{
    // Maximize the first, minimize the second. (3, 1) dominates (2, 2) and
    // (3, 2); (1, 0) and (5, 4) trade one for the other; (3, 1) twice: equal
    // points do not dominate each other.
    const std::vector<std::vector<double>> points {{3, 1}, {2, 2}, {1, 0}, {5, 4}, {3, 2}, {3, 1}, {4, 5}};
    EXPECT_EQ(paretoFront(points, {true, false}), (std::vector<std::size_t> {0, 2, 3, 5}));
    // Both maximized: only (5, 4) and (4, 5).
    EXPECT_EQ(paretoFront(points, {true, true}), (std::vector<std::size_t> {3, 6}));
    EXPECT_TRUE(paretoFront({}, {true}).empty());
}

namespace {

// A synthetic run: knob k in 0..100 trades 1 GB availability (k / 10) against compaction cost (k / 100 s).
RunResult synthetic(double k, std::uint64_t seed, std::string workload = "synthetic")
{
    RunResult r;
    r.spec.policy = "vanilla";
    r.spec.workload = workload;
    r.spec.host = "16G";
    r.spec.hostBytes = std::uint64_t(16) << 30;
    r.spec.seed = seed;
    r.spec.knobs = {{"vm.compaction_proactiveness", k}};
    r.ok = true;
    // A setting that is worse on both counts: k = 50 with a wasteful extra cost.
    const double cost = k / 100 + (k == 50 ? 1 : 0);
    r.outcome.metrics = {{"allocatable_1g", k / 10}, {"compaction_seconds", cost}};
    return r;
}

} // namespace

TEST(SweepAnalysis, frontAndRecommendationOfASyntheticTradeOff)
{
    std::vector<RunResult> runs;
    for (double k : {0.0, 20.0, 50.0, 60.0, 100.0}) {
        for (std::uint64_t seed : {1, 2})
            runs.push_back(synthetic(k, seed));
    }
    runs.push_back(synthetic(20, 1, "broken"));
    runs.back().ok = false;
    const std::vector<Objective> objectives {{"allocatable_1g", true}, {"compaction_seconds", false}};
    const auto analyses = analyzeSweep(runs, objectives);
    ASSERT_EQ(analyses.size(), 2u);
    const auto& a = analyses[1];
    ASSERT_EQ(a.workload, "synthetic");
    ASSERT_EQ(a.settings.size(), 5u); // seeds averaged
    EXPECT_EQ(a.settings[0].seeds, 2u);
    // Every setting but the wasteful k = 50 is on the front.
    std::vector<double> front;
    for (auto i : a.front)
        front.push_back(a.settings[i].knobs[0].second);
    EXPECT_EQ(front, (std::vector<double> {0, 20, 60, 100}));
    // A linear trade-off scores the same everywhere; the tie goes to the kernel default (20).
    EXPECT_EQ(a.settings[a.recommendation.baseline].knobs[0].second, 20);
    EXPECT_EQ(a.settings[a.recommendation.setting].knobs[0].second, 20);
    // Sensitivity: allocatable_1g rises by 10 from k = 0 to k = 100.
    bool found = false;
    for (const auto& s : a.sensitivities) {
        if (s.knob == "vm.compaction_proactiveness" && s.objective == 0) {
            EXPECT_DOUBLE_EQ(s.change, 10);
            EXPECT_EQ(s.levels.size(), 5u);
            found = true;
        }
    }
    EXPECT_TRUE(found);
    EXPECT_EQ(analyses[0].workload, "broken");
    EXPECT_EQ(analyses[0].failedRuns, 1u);
}

TEST(SweepAnalysis, recommendationPrefersTheKnee)
{
    // Availability grows fast up to k = 40 and hardly after, while cost grows
    // linearly: every setting is on the front, and the knee at 40 scores best
    // (0 + 1, 0.48 + 0.8, 0.95 + 0.6, 1 + 0 of 2).
    const std::map<double, double> allocatable {{0, 0}, {20, 5}, {40, 10}, {100, 10.5}};
    std::vector<RunResult> runs;
    for (const auto& [k, value] : allocatable) {
        auto r = synthetic(k, 1);
        r.outcome.metrics = {{"allocatable_1g", value}, {"compaction_seconds", k / 100}};
        runs.push_back(r);
    }
    const auto a = analyzeSweep(runs, {{"allocatable_1g", true}, {"compaction_seconds", false}}).at(0);
    EXPECT_EQ(a.front.size(), 4u);
    EXPECT_EQ(a.settings[a.recommendation.setting].knobs[0].second, 40);
    EXPECT_EQ(a.recommendation.reason,
        "vanilla 16G vm.compaction_proactiveness=40: allocatable_1g +100 %, compaction_seconds +100 % against "
        "vanilla 16G vm.compaction_proactiveness=20");
}

TEST(SweepRunner, everyRunReportedOnceOnTheCallingThreadAndFailuresDoNotStopOthers)
{
    std::vector<RunSpec> runs(40);
    for (std::size_t i = 0; i < runs.size(); ++i)
        runs[i].index = i;
    std::mutex mutex;
    std::set<std::thread::id> workers;
    SweepRunner runner(4, [&](const RunSpec& spec) {
        {
            std::lock_guard lock(mutex);
            workers.insert(std::this_thread::get_id());
        }
        RunResult r;
        r.spec = spec;
        r.ok = spec.index % 7 != 3;
        if (!r.ok)
            r.error = "synthetic failure";
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        return r;
    });
    std::vector<int> seen(runs.size());
    std::size_t failed = 0;
    SweepProgress last;
    const auto caller = std::this_thread::get_id();
    runner.run(
        runs,
        [&](RunResult&& r) {
            EXPECT_EQ(std::this_thread::get_id(), caller);
            ++seen[r.spec.index];
            failed += r.ok ? 0 : 1;
        },
        [&](const SweepProgress& p) { last = p; });
    for (int count : seen)
        EXPECT_EQ(count, 1);
    EXPECT_EQ(failed, 6u); // 3, 10, 17, 24, 31, 38
    EXPECT_EQ(last.done, runs.size());
    EXPECT_EQ(last.failed, 6u);
    EXPECT_EQ(last.etaSeconds, 0);
    EXPECT_FALSE(workers.contains(caller));
}

TEST(SweepRunner, cancelStopsHandingOutRuns)
{
    std::vector<RunSpec> runs(100);
    std::atomic<bool> cancel {false};
    std::atomic<int> executed {0};
    SweepRunner runner(2, [&](const RunSpec& spec) {
        if (++executed == 5)
            cancel = true;
        return RunResult {spec, true, {}, {}, 0};
    });
    runner.setCancel(&cancel);
    std::size_t reported = 0;
    runner.run(runs, [&](RunResult&&) { ++reported; });
    EXPECT_EQ(reported, std::size_t(executed.load()));
    EXPECT_LT(reported, 10u);
}

TEST(SweepRunner, aRealTinySweepIsTheSameOnThreadsAsInSequence)
{
    auto sweep = parsed(R"(policies = ["vanilla", "superpageblock"]
workloads = ["kernel-build", "no-such-workload.toml"]
hosts = ["4G"]
seeds = [1]
duration = "3s"
[knobs]
"vm.compaction_proactiveness" = [0, 60]
)");
    const auto runs = expandSweep(sweep);
    ASSERT_EQ(runs.size(), 8u);
    std::vector<RunResult> threaded(runs.size());
    SweepRunner(2).run(runs, [&](RunResult&& r) { threaded[r.spec.index] = std::move(r); });
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto alone = executeRun(runs[i]);
        EXPECT_EQ(threaded[i].ok, alone.ok) << i;
        EXPECT_EQ(threaded[i].error, alone.error) << i;
        EXPECT_EQ(threaded[i].outcome, alone.outcome) << runs[i].label();
        if (runs[i].workload == "kernel-build") {
            EXPECT_TRUE(alone.ok) << alone.error;
            EXPECT_GT(alone.outcome.metric("events").value_or(0), 0);
            ASSERT_EQ(alone.outcome.allocatable1g.size(), 4u); // one sample a second, from 0 s
            EXPECT_EQ(alone.outcome.allocatable1g.back().seconds, 3);
        } else {
            EXPECT_FALSE(alone.ok);
            EXPECT_NE(alone.error.find("no-such-workload.toml: no such file"), std::string::npos) << alone.error;
        }
    }
    // JSON, the Slurm tasks' format, gives the outcome back bit for bit.
    nlohmann::json json;
    threaded[0].toJson(json);
    const auto back = RunResult::fromJson(nlohmann::json::parse(json.dump()));
    EXPECT_EQ(back.outcome, threaded[0].outcome);
    EXPECT_EQ(back.spec.id(), threaded[0].spec.id());
}

TEST(KnobFile, roundTripAndErrors)
{
    KnobFile file {"superpageblock", {{"rfc.tainted_reserve", 8}, {"vm.compaction_proactiveness", 35}}};
    std::string error;
    const auto back = KnobFile::parse(file.toToml("a comment\nover two lines"), "k.toml", &error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(back->policy, "superpageblock");
    EXPECT_EQ(back->knobs, file.knobs);
    EXPECT_FALSE(KnobFile::parse("[knobs]\n\"rfc.nope\" = 1\n", "k.toml", &error));
    EXPECT_EQ(error, "k.toml:2: knobs.rfc.nope: unknown knob 'rfc.nope'");
    EXPECT_FALSE(KnobFile::parse("[knobs]\n\"rfc.tainted_reserve\" = \"8\"\n", "k.toml", &error));
    EXPECT_EQ(error, "k.toml:2: knobs.rfc.tainted_reserve: must be a number");
}

namespace {

// A scratch directory with a workload file in it, removed afterwards.
class RunIdOfAWorkloadFile : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_dir = std::filesystem::temp_directory_path() / ("gbw-runid-" + std::to_string(getpid()));
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir / "elsewhere");
    }
    void TearDown() override
    {
        std::filesystem::remove_all(m_dir);
    }
    std::string write(const std::string& name, std::string_view text) const
    {
        const auto path = m_dir / name;
        std::ofstream(path, std::ios::binary) << text;
        return path.string();
    }
    std::vector<RunSpec> expand(const std::string& workload) const
    {
        return expandSweep(parsed(R"(policies = ["vanilla"]
workloads = [")"
            + workload + R"("]
hosts = ["1G"]
seeds = [1]
duration = "2s"
)"));
    }
    std::filesystem::path m_dir;
};

// The kernel-build preset's text, so that the files below are valid workloads.
std::string presetText(std::string_view name)
{
    for (const auto& preset : builtinPresetTexts()) {
        if (preset.name == name)
            return std::string(preset.text);
    }
    return {};
}

} // namespace

TEST_F(RunIdOfAWorkloadFile, editingTheFileChangesTheIdAndTheSameBytesElsewhereKeepIt)
{
    const std::string text = presetText("kernel-build");
    ASSERT_FALSE(text.empty());
    const std::string file = write("mine.toml", text);
    const auto before = expand(file);
    ASSERT_EQ(before.size(), 1u);
    EXPECT_EQ(before[0].workloadHash.size(), 16u);
    EXPECT_EQ(expand(file)[0].id(), before[0].id()); // the same file: the same id, every time

    // One changed byte (a comment even) is another workload as far as the id knows.
    write("mine.toml", text + "\n# tuned\n");
    const auto edited = expand(file);
    EXPECT_NE(edited[0].workloadHash, before[0].workloadHash);
    EXPECT_NE(edited[0].id(), before[0].id());

    // The original bytes under another path and another name: the same run.
    const std::string copy = write("elsewhere/other-name.toml", text);
    EXPECT_EQ(expand(copy)[0].id(), before[0].id());
    // And the preset itself, whose text it is.
    EXPECT_EQ(expand("kernel-build")[0].id(), before[0].id());
    // A different preset is a different run.
    EXPECT_NE(expand("syzkaller")[0].id(), before[0].id());
}

TEST_F(RunIdOfAWorkloadFile, anUnresolvedWorkloadIsKnownByItsName)
{
    const auto a = expand((m_dir / "missing-a.toml").string());
    const auto b = expand((m_dir / "missing-b.toml").string());
    EXPECT_TRUE(a[0].workloadHash.empty());
    EXPECT_NE(a[0].canonical().find(";workload_hash=none"), std::string::npos) << a[0].canonical();
    EXPECT_NE(a[0].id(), b[0].id());
    // Creating the file later makes it another run, so its failure is not reused.
    write("missing-a.toml", presetText("kernel-build"));
    EXPECT_NE(expand((m_dir / "missing-a.toml").string())[0].id(), a[0].id());
}

TEST_F(RunIdOfAWorkloadFile, theHashSurvivesJsonAsASlurmTaskWritesIt)
{
    const auto spec = expand(write("w.toml", presetText("network")))[0];
    nlohmann::json json;
    spec.toJson(json);
    const auto back = RunSpec::fromJson(nlohmann::json::parse(json.dump()));
    EXPECT_EQ(back.workloadHash, spec.workloadHash);
    EXPECT_EQ(back.id(), spec.id());
    // A result file from before the hash has none, and so not the id of the same run today.
    json.erase("workload_hash");
    EXPECT_NE(RunSpec::fromJson(json).id(), spec.id());
}

TEST_F(RunIdOfAWorkloadFile, aRunRefusesAFileEditedAfterTheExpansion)
{
    const std::string text = presetText("kernel-build");
    const std::string file = write("late.toml", text);
    const auto spec = expand(file)[0];
    write("late.toml", text + "\n# edited while the sweep waited\n");
    const auto result = executeRun(spec);
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.error.find("late.toml changed since the sweep was expanded"), std::string::npos) << result.error;
    // Put back, it runs: the id and the contents agree again.
    write("late.toml", text);
    const auto again = executeRun(spec);
    EXPECT_TRUE(again.ok) << again.error;
}

TEST(WorkloadSource, presetsFromTheWorkloadDirectoryAreHashedFromThatFile)
{
    const auto dir = std::filesystem::temp_directory_path() / ("gbw-wlsource-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "kernel-build.toml") << presetText("kernel-build") << "\n# local copy\n";
    const auto builtin = resolveWorkload("kernel-build");
    const auto local = resolveWorkload("kernel-build", dir);
    std::filesystem::remove_all(dir);
    ASSERT_TRUE(builtin.parsed) << builtin.parsed.error;
    ASSERT_TRUE(local.parsed) << local.parsed.error;
    EXPECT_EQ(builtin.text, presetText("kernel-build"));
    EXPECT_NE(local.hash, builtin.hash);
    const auto unknown = resolveWorkload("no-such-preset");
    EXPECT_FALSE(unknown.parsed);
    EXPECT_TRUE(unknown.hash.empty());
}
