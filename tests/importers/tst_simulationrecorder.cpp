// SPDX-License-Identifier: GPL-3.0-or-later
// gigablock simulate --db's recorder: a run stored in SQLite reads back event
// for event, an unfinished recording leaves the file as it was, and the same
// run written as kernel trace text imports and reconstructs to the same state.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "importers/ftraceparser.h"
#include "importers/recordingreader.h"
#include "importers/simulationrecorder.h"
#include "importers/sqlitestore.h"
#include "replay/recordingconfig.h"
#include "replay/recordingsink.h"
#include "replay/replay.h"
#include "sim/engine.h"
#include "sim/ftracewriter.h"
#include "sim/workloadfile.h"

using namespace gbw;
using importers::SimulationRecorder;
using importers::SqliteStore;

namespace {

class SimulationRecorderTest : public testing::Test
{
protected:
    void SetUp() override
    {
        m_dir = std::filesystem::path(testing::TempDir())
            / ("gbw-recorder-" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override
    {
        std::filesystem::remove_all(m_dir);
    }
    std::string path(const std::string& name) const
    {
        return (m_dir / name).string();
    }
    // A short syzkaller run with eager proactive compaction: fallbacks, label
    // changes, migrations and per-cpu lists all happen.
    static std::unique_ptr<Engine> engine()
    {
        EngineConfig config;
        config.host = HostConfig::x86_64(std::uint64_t(4) << 30);
        const auto preset = WorkloadFile::loadPreset("syzkaller");
        if (!preset.workload)
            return nullptr;
        config.workload = *preset.workload;
        config.seed = 7;
        config.sampleSeconds = 2;
        std::string error;
        auto e = Engine::create(config, &error);
        if (e)
            e->setKnob("vm.compaction_proactiveness", 100);
        return e;
    }
    static SimulationRecorder::Run run(const Engine& e)
    {
        SimulationRecorder::Run r;
        r.source = "test";
        r.policy = e.config().policy;
        r.seed = e.config().seed;
        r.config = recordingConfig(e.config(), e.knobs());
        return r;
    }

    std::filesystem::path m_dir;
};

TEST_F(SimulationRecorderTest, aRecordedRunReadsBackEventForEvent)
{
    auto e = engine();
    ASSERT_TRUE(e);
    std::string error;
    auto store = SqliteStore::open(path("run.db"), error);
    ASSERT_TRUE(store) << error;
    auto recorder = SimulationRecorder::begin(*store, run(*e), &error);
    ASSERT_TRUE(recorder) << error;
    Recording expected;
    RecordingSink memory(expected);
    TeeSink both;
    both.add(recorder.get());
    both.add(&memory);
    e->setEventSink(&both);
    e->runUntil(VirtualTime(30e9));
    e->setEventSink(nullptr);
    ASSERT_TRUE(recorder->finish(e->now(), &error)) << error;
    ASSERT_GT(expected.events.size(), SimulationRecorder::kChunkEvents); // more than one chunk

    const auto loaded = importers::loadRecording(*store, recorder->sessionId(), std::nullopt, &error);
    ASSERT_TRUE(loaded) << error;
    EXPECT_EQ(loaded->start, StartState::Boot);
    EXPECT_EQ(loaded->host.memoryBytes, e->config().host.memoryBytes);
    EXPECT_EQ(loaded->host.holes, e->config().host.holes);
    ASSERT_EQ(loaded->events.size(), expected.events.size());
    for (std::size_t i = 0; i < expected.events.size(); ++i)
        ASSERT_EQ(loaded->events[i], expected.events[i]) << "event " << i;

    const auto info = importers::simulationRun(*store, recorder->sessionId());
    ASSERT_TRUE(info);
    EXPECT_EQ(info->events, expected.events.size());
    EXPECT_EQ(info->config.at("knobs").at("vm.compaction_proactiveness"), 100);
    const auto samples = importers::loadSamples(*store, info->runId);
    ASSERT_EQ(samples.size(), e->samples().size());
    for (std::size_t i = 0; i < samples.size(); ++i) {
        EXPECT_EQ(samples[i].sample.categories, e->samples()[i].categories);
        EXPECT_EQ(samples[i].sample.freePages, e->samples()[i].freePages);
        EXPECT_EQ(samples[i].sample.freeBlocksByOrder, e->samples()[i].freeBlocksByOrder);
        EXPECT_EQ(samples[i].eventIndex, memory.sampleIndexes()[i]);
    }
    // The stored time series and a reconstruction agree at every sample point.
    auto replay = Replay::create(*loaded, &error);
    ASSERT_TRUE(replay) << error;
    for (const auto& s : samples) {
        replay->seekToEvent(s.eventIndex);
        const EngineSample got = sampleOf(replay->state().model(), s.sample.seconds, 0);
        EXPECT_EQ(got.categories, s.sample.categories);
        EXPECT_EQ(got.freePages, s.sample.freePages);
        EXPECT_EQ(got.freeBlocksByOrder, s.sample.freeBlocksByOrder);
        EXPECT_EQ(got.allocatable1gFree, s.sample.allocatable1gFree);
    }
}

TEST_F(SimulationRecorderTest, anUnfinishedRecordingLeavesTheDatabaseAsItWas)
{
    std::string error;
    {
        auto store = SqliteStore::open(path("run.db"), error);
        ASSERT_TRUE(store) << error;
        ASSERT_TRUE(store->importText("Node 0, zone   Normal      1      2      3 \n", {}).ok);
    }
    const auto before = [&] {
        auto store = SqliteStore::openExisting(path("run.db"), error);
        return std::make_pair(store->sessions().size(), store->counts().events);
    }();
    {
        auto e = engine();
        ASSERT_TRUE(e);
        auto store = SqliteStore::open(path("run.db"), error);
        auto recorder = SimulationRecorder::begin(*store, run(*e), &error);
        ASSERT_TRUE(recorder) << error;
        e->setEventSink(recorder.get());
        e->runUntil(VirtualTime(10e9));
        e->setEventSink(nullptr);
        EXPECT_GT(recorder->events(), 0u);
        // Destroyed without finish(): an interrupted run.
    }
    auto store = SqliteStore::openExisting(path("run.db"), error);
    ASSERT_TRUE(store) << error;
    EXPECT_EQ(store->sessions().size(), before.first);
    EXPECT_EQ(store->counts().events, before.second);
    EXPECT_FALSE(importers::simulationRun(*store, 2));
}

TEST_F(SimulationRecorderTest, theRunAsKernelTraceTextImportsAndReconstructsToTheSameState)
{
    auto e = engine();
    ASSERT_TRUE(e);
    const std::string tracePath = path("run.trace");
    std::FILE* file = std::fopen(tracePath.c_str(), "w");
    ASSERT_TRUE(file);
    FtraceWriter writer(file);
    writer.header(2);
    e->setTrace(&writer);
    e->runUntil(VirtualTime(60e9));
    e->setTrace(nullptr);
    std::fclose(file);

    // The new lines are the kernel's own formats, and our parser reads their fields.
    std::ifstream in(tracePath);
    std::stringstream text;
    text << in.rdbuf();
    std::size_t extfrag = 0, begin = 0, end = 0, migratepages = 0, refills = 0, drains = 0;
    importers::FtraceParser parser;
    const auto summary = parser.parse(text.str(), [&](const importers::FtraceEventView& v) {
        if (v.kind == importers::FtraceEventKind::PageAllocExtfrag) {
            ++extfrag;
            EXPECT_TRUE(v.pfn);
            EXPECT_TRUE(v.field("fallback_order"));
            EXPECT_TRUE(v.field("change_ownership"));
            EXPECT_EQ(v.field("pageblock_order"), "9");
        } else if (v.name == "mm_compaction_begin") {
            ++begin;
            EXPECT_EQ(v.kind, importers::FtraceEventKind::Compaction);
            EXPECT_TRUE(v.field("zone_start") && v.field("migrate_pfn") && v.field("free_pfn"));
        } else if (v.name == "mm_compaction_end") {
            ++end;
            EXPECT_TRUE(v.field("status"));
        } else if (v.name == "mm_compaction_migratepages") {
            ++migratepages;
            EXPECT_TRUE(v.field("nr_migrated"));
        } else if (v.kind == importers::FtraceEventKind::PageAllocZoneLocked) {
            ++refills;
            EXPECT_EQ(v.field("percpu_refill"), "1");
        } else if (v.kind == importers::FtraceEventKind::PagePcpuDrain) {
            ++drains;
        }
    });
    EXPECT_EQ(summary.errorCount, 0u);
    EXPECT_EQ(summary.unknownEvents, 0u);
    EXPECT_GT(extfrag, 0u);
    EXPECT_GT(begin, 0u);
    EXPECT_EQ(begin, end);
    EXPECT_EQ(begin, migratepages);
    EXPECT_GT(refills, 0u);
    EXPECT_GT(drains, 0u);

    std::string error;
    auto store = SqliteStore::open(path("run.db"), error);
    ASSERT_TRUE(store) << error;
    const auto imported = store->importFile(tracePath, {});
    ASSERT_TRUE(imported.ok) << imported.failure;
    const auto recording = importers::loadRecording(*store, imported.sessionId, e->config().host, &error);
    ASSERT_TRUE(recording) << error;
    EXPECT_EQ(recording->start, StartState::Unknown);
    auto replay = Replay::create(*recording, &error);
    ASSERT_TRUE(replay) << error;
    replay->toEnd();
    EXPECT_EQ(replay->state().stats().contradictionCount(), 0u);
    EXPECT_GT(replay->state().unknownPages(), 0u); // never guessed: untouched memory stays unknown
    const MemoryModel& want = e->allocator().model();
    const MemoryModel& got = replay->state().model();
    ASSERT_EQ(got.gigablocks().size(), want.gigablocks().size());
    for (std::size_t gb = 0; gb < want.gigablocks().size(); ++gb) {
        EXPECT_EQ(got.gigablocks()[gb].category(), want.gigablocks()[gb].category()) << gb;
        EXPECT_EQ(got.gigablocks()[gb].freePages, want.gigablocks()[gb].freePages) << gb;
        for (int o = 0; o < want.geometry().orders(); ++o)
            EXPECT_EQ(got.gigablocks()[gb].freeBlocksOfOrder(o), want.gigablocks()[gb].freeBlocksOfOrder(o)) << gb;
    }
}

TEST_F(SimulationRecorderTest, aTraceSessionNeedsAHostAndSnapshotsCannotBeReplayed)
{
    std::string error;
    auto store = SqliteStore::open(path("run.db"), error);
    ASSERT_TRUE(store) << error;
    const auto snap = store->importText("Node 0, zone   Normal      1      2      3 \n", {});
    ASSERT_TRUE(snap.ok);
    EXPECT_FALSE(importers::loadRecording(*store, snap.sessionId, std::nullopt, &error));
    EXPECT_NE(error.find("not events"), std::string::npos) << error;
    const auto trace = store->importText(
        "  bash-1  [000] .....   1.000000: mm_page_alloc: page=00000000e0dfbac3 pfn=0x1000 order=0 migratetype=1 "
        "gfp_flags=GFP_HIGHUSER_MOVABLE\n",
        {});
    ASSERT_TRUE(trace.ok) << trace.failure;
    EXPECT_FALSE(importers::loadRecording(*store, trace.sessionId, std::nullopt, &error));
    EXPECT_NE(error.find("--host"), std::string::npos) << error;
    EXPECT_FALSE(importers::loadRecording(*store, 99, std::nullopt, &error));
    EXPECT_NE(error.find("no session 99"), std::string::npos) << error;
}

TEST_F(SimulationRecorderTest, aFolioFreedInABatchIsOneFree)
{
    // 6.x traces a batched free twice (mm_page_free, then mm_page_free_batched), as in the 6.18
    // capture among the samples; a batched free alone is a free of its own.
    std::string error;
    auto store = SqliteStore::open(path("run.db"), error);
    ASSERT_TRUE(store) << error;
    const auto trace = store->importText(
        "  wl-1  [001] .....   1.000000: mm_page_alloc: page=00000000e0dfbac3 pfn=0x1000 order=0 migratetype=1 "
        "gfp_flags=GFP_HIGHUSER_MOVABLE\n"
        "  wl-1  [001] .....   1.000001: mm_page_free: page=00000000e0dfbac3 pfn=0x1000 order=0\n"
        "  wl-1  [001] ...2.   1.000002: mm_page_free_batched: page=00000000e0dfbac3 pfn=0x1000 order=0\n"
        "  wl-1  [001] ...2.   1.000003: mm_page_free_batched: page=000000005e8916b2 pfn=0x2000 order=0\n",
        {});
    ASSERT_TRUE(trace.ok) << trace.failure;
    const auto recording
        = importers::loadRecording(*store, trace.sessionId, HostConfig::x86_64(std::uint64_t(1) << 30), &error);
    ASSERT_TRUE(recording) << error;
    ASSERT_EQ(recording->events.size(), 3u);
    EXPECT_EQ(recording->events[0].kind, RecordedKind::Alloc);
    EXPECT_EQ(recording->events[1].kind, RecordedKind::Free);
    EXPECT_EQ(recording->events[2].kind, RecordedKind::Free); // no per-cpu events: back in the buddy lists
    EXPECT_EQ(recording->events[2].pfn, 0x2000u);
    auto replay = Replay::create(*recording, &error);
    ASSERT_TRUE(replay) << error;
    replay->toEnd();
    EXPECT_EQ(replay->state().stats().contradictionCount(), 0u);
    EXPECT_EQ(replay->state().stats().preTraceFrees, 1u);
}

} // namespace
