// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/traceproducer.h"

#include <queue>
#include <algorithm>
#include <array>
#include <functional>

namespace gbw::importers {

namespace {

// Fields whose values already have columns; a line with anything more keeps its raw text.
std::size_t standardFieldCount(FtraceEventKind kind)
{
    switch (kind) {
    case FtraceEventKind::PageAlloc:
        return 5;
    case FtraceEventKind::PageFree:
    case FtraceEventKind::PageFreeBatched:
        return 3;
    default:
        return 0; // keep everything
    }
}

// A compaction event may print order=-1 (the whole zone); a missing field is NULL.
std::int32_t orderColumn(const FtraceEventView& e)
{
    const bool present = e.field(e.kind == FtraceEventKind::PageAllocExtfrag ? "alloc_order" : "order").has_value();
    return present && e.order >= -1 ? e.order : TraceRow::none;
}

// Stable LSD radix sort on the pfn, a byte per pass over the bytes the largest pfn uses: about
// five times faster than std::sort here. Stable, so equal pfns stay in line order, which for a
// time-ordered trace is the (time, line) order of the table's key.
void sortByPfn(std::vector<PfnRef>& run, std::vector<PfnRef>& scratch)
{
    std::uint64_t all = 0;
    for (const auto& ref : run)
        all |= static_cast<std::uint64_t>(ref.pfn);
    scratch.resize(run.size());
    for (int shift = 0; shift < 64 && (all >> shift) != 0; shift += 8) {
        std::array<std::size_t, 257> start {};
        for (const auto& ref : run)
            ++start[((static_cast<std::uint64_t>(ref.pfn) >> shift) & 0xff) + 1];
        for (std::size_t b = 1; b < start.size(); ++b)
            start[b] += start[b - 1];
        for (const auto& ref : run)
            scratch[start[(static_cast<std::uint64_t>(ref.pfn) >> shift) & 0xff]++] = ref;
        run.swap(scratch);
    }
}

// Merge order: pfn, then line (see sortByPfn).
bool mergesBefore(const PfnRef& a, const PfnRef& b)
{
    return a.pfn != b.pfn ? a.pfn < b.pfn : a.line < b.line;
}

} // namespace

std::size_t TraceProducer::TaskHash::operator()(const TaskKey& k) const noexcept
{
    return std::hash<std::string_view> {}(k.comm) ^ (static_cast<std::size_t>(k.pid) * 0x9e3779b97f4a7c15ull);
}

TraceProducer::TraceProducer(
    std::string_view text, ParseOptions options, BatchQueue& queue, const std::atomic<bool>* cancel, Sizes sizes)
    : m_text(text)
    , m_sizes(sizes)
    , m_parser(options)
    , m_queue(queue)
    , m_cancel(cancel)
{}

void TraceProducer::run()
{
    m_batch = m_queue.takeEmpty();
    m_summary = m_parser.parse(m_text, [this](const FtraceEventView& e) { onEvent(e); });
    m_parsed = true;
    if (!m_summary.aborted) {
        endRun();
        sendPfns();
    }
    if (!m_batch->empty())
        send();
    if (stopping())
        m_summary.aborted = true;
    m_queue.close();
}

bool TraceProducer::stopping() const
{
    return m_consumerGone || (m_cancel && m_cancel->load(std::memory_order_relaxed));
}

void TraceProducer::onEvent(const FtraceEventView& e)
{
    if (stopping()) {
        m_parser.requestStop();
        return;
    }
    TraceRow row;
    row.timeNs = e.timestampNs;
    row.line = static_cast<std::int64_t>(e.line);
    row.cpu = e.cpu;
    row.task = taskNumber(e);
    row.type = typeNumber(e);
    ++m_eventsByType[row.type];
    row.gfp = e.gfpFlags.empty() ? 0 : gfpNumber(e.gfpFlags);
    row.order = orderColumn(e);
    row.migratetype = e.migratetype >= 0 ? e.migratetype : TraceRow::none;
    if (e.pfn) {
        row.hasPfn = true;
        row.pfn = static_cast<std::int64_t>(*e.pfn); // SQLite integers are signed: same bit pattern
        addPfn({row.pfn, row.timeNs, row.line});
    }
    if (e.fields.size() != standardFieldCount(e.kind)) {
        row.hasFields = true;
        m_batch->fields.push_back(e.body);
    }
    m_batch->rows.push_back(row);
    if (m_batch->rows.size() == m_sizes.rowsPerBatch) {
        m_progress = static_cast<std::size_t>(e.body.data() - m_text.data()) / 4 * 3;
        if (!send())
            m_parser.requestStop();
    }
}

std::uint32_t TraceProducer::taskNumber(const FtraceEventView& e)
{
    const TaskKey key {e.task, e.pid};
    if (m_lastTaskNumber != 0 && TaskEqual {}(key, m_lastTask))
        return m_lastTaskNumber;
    auto [it, added] = m_tasks.try_emplace(key, static_cast<std::uint32_t>(m_tasks.size() + 1));
    if (added)
        m_batch->newTasks.push_back(key);
    m_lastTask = key;
    m_lastTaskNumber = it->second;
    return it->second;
}

std::uint32_t TraceProducer::typeNumber(const FtraceEventView& e)
{
    auto same = [&e](const EventTypeKey& k) { return k.name == e.name && k.system == e.system; };
    if (m_lastTypeNumber != 0 && same(m_types[m_lastTypeNumber - 1]))
        return m_lastTypeNumber;
    auto it = std::find_if(m_types.begin(), m_types.end(), same);
    if (it == m_types.end()) {
        m_types.push_back({e.system, e.name, e.kind});
        m_eventsByType.push_back(0);
        m_batch->newTypes.push_back(m_types.back());
        it = m_types.end() - 1;
    }
    m_lastTypeNumber = static_cast<std::uint32_t>(it - m_types.begin() + 1);
    return m_lastTypeNumber;
}

std::uint32_t TraceProducer::gfpNumber(std::string_view gfp)
{
    if (m_lastGfpNumber != 0 && gfp == m_lastGfp)
        return m_lastGfpNumber;
    auto [it, added] = m_gfps.try_emplace(gfp, static_cast<std::uint32_t>(m_gfps.size() + 1));
    if (added)
        m_batch->newGfps.push_back(gfp);
    m_lastGfp = gfp;
    m_lastGfpNumber = it->second;
    return it->second;
}

void TraceProducer::addPfn(const PfnRef& ref)
{
    if (m_run.capacity() == 0)
        m_run.reserve(m_sizes.runLength);
    m_run.push_back(ref);
    if (m_run.size() < m_sizes.runLength)
        return;
    endRun();
    if (m_bufferedPfns >= m_sizes.maxBufferedPfns)
        sendPfns();
}

// Sorting a run here, while the inserting thread is busy with earlier rows, keeps the final
// merge short.
void TraceProducer::endRun()
{
    if (m_run.empty())
        return;
    sortByPfn(m_run, m_scratch);
    m_bufferedPfns += m_run.size();
    m_sortedRuns.push_back(std::move(m_run));
    m_run = {};
}

// k-way merge of the sorted runs into batches.
void TraceProducer::sendPfns()
{
    using Head = std::pair<PfnRef, std::size_t>; // value, run
    auto later = [](const Head& a, const Head& b) { return mergesBefore(b.first, a.first); };
    std::priority_queue<Head, std::vector<Head>, decltype(later)> heads(later);
    std::vector<std::size_t> next(m_sortedRuns.size(), 1);
    for (std::size_t r = 0; r < m_sortedRuns.size(); ++r)
        heads.push({m_sortedRuns[r].front(), r});
    std::size_t merged = 0;
    while (!heads.empty() && !stopping()) {
        const auto [ref, r] = heads.top();
        heads.pop();
        m_batch->pfns.push_back(ref);
        if (next[r] < m_sortedRuns[r].size())
            heads.push({m_sortedRuns[r][next[r]++], r});
        if (m_batch->pfns.size() < m_sizes.pfnsPerBatch)
            continue;
        // The last quarter of the progress is this merge when it comes after the parse.
        merged += m_sizes.pfnsPerBatch;
        if (m_parsed)
            m_progress = m_text.size() / 4 * 3 + merged * (m_text.size() / 4) / m_bufferedPfns;
        if (!send())
            break;
    }
    m_sortedRuns.clear();
    m_bufferedPfns = 0;
}

bool TraceProducer::send()
{
    if (m_consumerGone)
        return false;
    m_batch->bytesDone = m_progress;
    if (!m_queue.push(std::move(m_batch))) {
        m_consumerGone = true;
        m_batch = std::make_unique<TraceBatch>();
        return false;
    }
    m_batch = m_queue.takeEmpty();
    return true;
}

} // namespace gbw::importers
