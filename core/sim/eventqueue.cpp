// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventqueue.h"

#include <cassert>

namespace gbw {

void EventQueue::push(Event event)
{
    event.sequence = m_sequence++;
    ++m_size;
    const std::uint64_t slot = event.time / kBucketWidth;
    if (slot <= m_currentSlot)
        m_current.push(event); // now or (clamped) in the past: this bucket
    else if (inRing(event.time)) {
        m_ring[bucketOf(event.time)].push_back(event);
        ++m_inRing;
    } else {
        m_far.push(event);
    }
}

Event EventQueue::pop()
{
    assert(m_size > 0);
    while (m_current.empty())
        advance();
    Event event = m_current.top();
    m_current.pop();
    --m_size;
    return event;
}

void EventQueue::advance()
{
    if (m_inRing == 0 && !m_far.empty())
        m_currentSlot = m_far.top().time / kBucketWidth; // jump over an empty stretch
    else
        ++m_currentSlot;
    auto& bucket = m_ring[std::size_t(m_currentSlot % kBuckets)];
    for (const Event& e : bucket)
        m_current.push(e);
    m_inRing -= bucket.size();
    bucket.clear();
    // What was beyond the ring may now be inside it.
    while (!m_far.empty() && inRing(m_far.top().time)) {
        const Event e = m_far.top();
        m_far.pop();
        if (e.time / kBucketWidth <= m_currentSlot)
            m_current.push(e);
        else {
            m_ring[bucketOf(e.time)].push_back(e);
            ++m_inRing;
        }
    }
}

} // namespace gbw
