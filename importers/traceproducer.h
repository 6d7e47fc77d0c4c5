// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/batchqueue.h"
#include "importers/ftraceparser.h"
#include "importers/tracebatch.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gbw::importers {

// How a TraceProducer cuts its output; tests make them small.
struct TraceProducerSizes
{
    std::size_t rowsPerBatch = 4096; // a multiple of TraceWriter::rowsPerStatement
    std::size_t pfnsPerBatch = 16384;
    std::size_t runLength = std::size_t {1} << 18; // pfns sorted at a time while parsing
    std::size_t maxBufferedPfns = std::size_t {16} << 20; // ~400 MB, then merged and sent
};

// The parsing half of a trace import, run on its own thread: parses the text, numbers tasks,
// event types and gfp masks locally, and hands rows to the inserting thread in batches through
// a BatchQueue. It also collects every (pfn, time, line) and sorts them, so that the pfn lookup
// table is filled in key order (appends) instead of by random B-tree inserts: runs are sorted
// while parsing goes on, and merged and sent after the events (or earlier, when too many are
// buffered).
class TraceProducer
{
public:
    using Sizes = TraceProducerSizes;

    TraceProducer(std::string_view text, ParseOptions options, BatchQueue& queue, const std::atomic<bool>* cancel,
        Sizes sizes = {});

    // Parses everything and closes the queue. Call once, on the parsing thread.
    void run();

    // After run(): the parser's summary (aborted also when stopped by the consumer or a cancel).
    const FtraceSummary& summary() const
    {
        return m_summary;
    }
    // Events per local type number (index 0 unused).
    const std::vector<std::int64_t>& eventsByType() const
    {
        return m_eventsByType;
    }

private:
    void onEvent(const FtraceEventView& e);
    std::uint32_t taskNumber(const FtraceEventView& e);
    std::uint32_t typeNumber(const FtraceEventView& e);
    std::uint32_t gfpNumber(std::string_view gfp);
    void addPfn(const PfnRef& ref);
    void endRun();
    void sendPfns();
    bool send();
    bool stopping() const;

    std::string_view m_text;
    Sizes m_sizes;
    FtraceParser m_parser;
    BatchQueue& m_queue;
    const std::atomic<bool>* m_cancel;
    FtraceSummary m_summary;
    std::unique_ptr<TraceBatch> m_batch;
    bool m_consumerGone = false;
    bool m_parsed = false;
    std::size_t m_progress = 0; // in bytes of the text; see sendPfns()

    struct TaskHash
    {
        std::size_t operator()(const TaskKey& k) const noexcept;
    };
    struct TaskEqual
    {
        bool operator()(const TaskKey& a, const TaskKey& b) const noexcept
        {
            return a.pid == b.pid && a.comm == b.comm;
        }
    };
    std::unordered_map<TaskKey, std::uint32_t, TaskHash, TaskEqual> m_tasks;
    std::unordered_map<std::string_view, std::uint32_t> m_gfps;
    std::vector<EventTypeKey> m_types; // local number = index + 1; a trace has a handful
    std::vector<std::int64_t> m_eventsByType {0};
    // Traces come in runs of one task and one mask: the previous answer usually holds.
    TaskKey m_lastTask;
    std::uint32_t m_lastTaskNumber = 0;
    std::string_view m_lastGfp;
    std::uint32_t m_lastGfpNumber = 0;
    std::uint32_t m_lastTypeNumber = 0;

    std::vector<PfnRef> m_run, m_scratch;
    std::vector<std::vector<PfnRef>> m_sortedRuns;
    std::size_t m_bufferedPfns = 0;
};

} // namespace gbw::importers
