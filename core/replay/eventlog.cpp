// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventlog.h"

#include <algorithm>

namespace gbw {

namespace {

bool namesGigablock(RecordedKind kind)
{
    return kind == RecordedKind::GigablockTake || kind == RecordedKind::GigablockRelease;
}

} // namespace

std::uint32_t gigablockAt(const std::vector<Pfn>& starts, Pfn pfn)
{
    const auto it = std::upper_bound(starts.begin(), starts.end(), pfn);
    return it == starts.begin() ? EventQuery::kNoGigablock : std::uint32_t(it - starts.begin() - 1);
}

EventCollector::EventCollector(const EventQuery& query)
    : m_query(query)
    , m_touched(query.gigablockStarts.size(), 0)
{
    m_ring.reserve(std::min<std::size_t>(query.limit, 4096));
}

bool EventCollector::matches(const RecordedEvent& event) const
{
    if (namesGigablock(event.kind))
        return m_query.end == 0 || event.pfn == m_query.gigablock;
    if (m_query.end == 0)
        return true;
    // A block of order n covers [pfn, pfn + 2^n): it touches the range if the two overlap.
    const Pfn last = event.pfn + (Pfn(1) << std::min<int>(event.order, 40)) - 1;
    return event.pfn < m_query.end && last >= m_query.first;
}

void EventCollector::count(const RecordedEvent& event)
{
    if (m_touched.empty())
        return;
    const std::uint32_t gb
        = namesGigablock(event.kind) ? std::uint32_t(event.pfn) : gigablockAt(m_query.gigablockStarts, event.pfn);
    if (gb < m_touched.size() && m_touched[gb] != ~std::uint32_t(0))
        ++m_touched[gb];
}

void EventCollector::add(const RecordedEvent& event)
{
    if (event.time < m_query.from || event.time > m_query.to)
        return;
    count(event);
    if (!matches(event) || m_query.limit == 0)
        return;
    ++m_matched;
    if (m_ring.size() < m_query.limit) {
        m_ring.push_back(event);
        return;
    }
    m_ring[m_next] = event;
    m_next = (m_next + 1) % m_ring.size();
}

EventQueryResult EventCollector::finish()
{
    EventQueryResult result;
    result.serial = m_query.serial;
    result.matched = m_matched;
    std::rotate(m_ring.begin(), m_ring.begin() + std::ptrdiff_t(m_next), m_ring.end());
    result.events = std::move(m_ring);
    result.touched = std::move(m_touched);
    m_ring = {};
    m_next = 0;
    return result;
}

EventLog::EventLog(std::size_t capacity)
    : m_capacity(std::max<std::size_t>(capacity, 1))
{}

void EventLog::append(const RecordedEvent& event)
{
    const Record r {event.time, event.packed()};
    ++m_total;
    if (m_records.size() < m_capacity) {
        m_records.push_back(r);
        return;
    }
    m_records[m_head] = r;
    m_head = (m_head + 1) % m_records.size();
}

void EventLog::clear()
{
    m_records.clear();
    m_records.shrink_to_fit();
    m_head = 0;
    m_total = 0;
}

RecordedEvent EventLog::at(std::size_t i) const
{
    const Record& r = record(i);
    return RecordedEvent::unpack(r.time, r.word);
}

std::size_t EventLog::firstAtOrAfter(VirtualTime time) const
{
    // The ring is in time order from m_head on: binary search over logical indexes.
    std::size_t low = 0;
    std::size_t high = m_records.size();
    while (low < high) {
        const std::size_t mid = low + (high - low) / 2;
        if (record(mid).time < time)
            low = mid + 1;
        else
            high = mid;
    }
    return low;
}

EventQueryResult EventLog::query(const EventQuery& query) const
{
    EventCollector collector(query);
    for (std::size_t i = firstAtOrAfter(query.from); i < m_records.size(); ++i) {
        const Record& r = record(i);
        if (r.time > query.to)
            break;
        collector.add(RecordedEvent::unpack(r.time, r.word));
    }
    EventQueryResult result = collector.finish();
    result.forgotten = forgotten();
    result.keptFrom = m_records.empty() ? 0 : record(0).time;
    result.asOf = m_records.empty() ? 0 : record(m_records.size() - 1).time;
    // Something was forgotten and the range reaches back to (or before) the oldest kept event.
    result.incomplete = result.forgotten > 0 && query.from <= result.keptFrom;
    return result;
}

} // namespace gbw
