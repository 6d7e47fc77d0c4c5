// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "recordedevent.h"
#include "recordedeventsink.h"

namespace gbw {

// Which events a linked view asks for: a time range and a pfn range (a
// gigablock, a pageblock or a page). Both ends of the time range are inclusive.
struct EventQuery
{
    static constexpr std::uint32_t kNoGigablock = ~std::uint32_t(0);

    VirtualTime from = 0;
    VirtualTime to = std::numeric_limits<VirtualTime>::max();
    Pfn first = 0; // pfn range [first, end); end == 0: every pfn
    Pfn end = 0;
    std::uint32_t gigablock = kNoGigablock; // the gigablock asked for (1 GB takes name it by index)
    // Where each gigablock starts, in order (the snapshot's cells): for the per-gigablock counts.
    std::vector<Pfn> gigablockStarts;
    std::size_t limit = 20000; // events listed at most (the latest ones)
    std::uint64_t serial = 0; // echoed in the result, so a late answer to an old question is dropped

    bool wholeRun() const
    {
        return from == 0 && to == std::numeric_limits<VirtualTime>::max();
    }
};

struct EventQueryResult
{
    std::uint64_t serial = 0;
    // False when the source has no per-event data (a live host): `note` says so.
    bool available = true;
    std::vector<RecordedEvent> events; // the latest `limit` that matched, in time order
    std::uint64_t matched = 0; // how many matched in all
    // Events per gigablock within the time range, any pfn (empty when not available).
    std::vector<std::uint32_t> touched;
    // The oldest event still kept (a bounded log forgets older ones); `forgotten` counts them.
    VirtualTime keptFrom = 0;
    std::uint64_t forgotten = 0;
    // The asked range begins before what is kept: the list and counts are incomplete.
    bool incomplete = false;
    VirtualTime asOf = 0; // the time of the newest event the source had when it answered
    std::string note;
};

// The gigablock a pfn lies in, given where each starts (sorted); kNoGigablock before the first.
std::uint32_t gigablockAt(const std::vector<Pfn>& starts, Pfn pfn);

// Filters a stream of events (in time order) by a query: keeps the latest matches and counts
// the events of every gigablock in the time range. Used on the in-memory log and on the store.
class EventCollector
{
public:
    explicit EventCollector(const EventQuery& query);
    void add(const RecordedEvent& event);
    EventQueryResult finish();

private:
    bool matches(const RecordedEvent& event) const;
    void count(const RecordedEvent& event);

    const EventQuery& m_query;
    std::vector<RecordedEvent> m_ring; // the latest matches, oldest at m_next once full
    std::size_t m_next = 0;
    std::uint64_t m_matched = 0;
    std::vector<std::uint32_t> m_touched;
};

// A bounded, in-memory log of the latest events of a running simulation: a ring of 16-byte
// records (RecordedEvent::packed), so ten million events take 160 MiB and nothing grows past it.
class EventLog
{
public:
    static constexpr std::size_t kDefaultCapacity = std::size_t(4) << 20; // 4 Mi events, 64 MiB

    explicit EventLog(std::size_t capacity = kDefaultCapacity);

    void append(const RecordedEvent& event);
    void clear();
    std::size_t size() const
    {
        return m_records.size();
    }
    std::size_t capacity() const
    {
        return m_capacity;
    }
    // Events appended in all, and how many of those the ring no longer holds.
    std::uint64_t total() const
    {
        return m_total;
    }
    std::uint64_t forgotten() const
    {
        return m_total - m_records.size();
    }
    // The i-th kept event, oldest first.
    RecordedEvent at(std::size_t i) const;

    EventQueryResult query(const EventQuery& query) const;

private:
    struct Record
    {
        VirtualTime time;
        std::uint64_t word;
    };
    const Record& record(std::size_t i) const
    {
        return m_records[(m_head + i) % m_records.size()];
    }
    std::size_t firstAtOrAfter(VirtualTime time) const;

    std::size_t m_capacity;
    std::vector<Record> m_records; // grows to m_capacity, then wraps
    std::size_t m_head = 0; // the oldest record once wrapped
    std::uint64_t m_total = 0;
};

// Feeds an engine's events into an EventLog, converted exactly as a recording stores them.
class EventLogSink final : public RecordedEventSink
{
public:
    explicit EventLogSink(EventLog& log)
        : m_log(log)
    {}

protected:
    void record(const RecordedEvent& event) override
    {
        m_log.append(event);
    }

private:
    EventLog& m_log;
};

} // namespace gbw
