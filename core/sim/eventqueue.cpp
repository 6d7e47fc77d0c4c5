// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventqueue.h"

#include <algorithm>
#include <cassert>

namespace gbw {

EventQueue::EventQueue()
    : m_heads(kBuckets, kEnd)
{}

void EventQueue::push(Event event)
{
    event.sequence = m_sequence++;
    ++m_size;
    const std::uint64_t slot = event.time / kBucketWidth;
    if (slot <= m_currentSlot)
        m_late.push(event); // now or (clamped) in the past: this bucket
    else if (inRing(event.time))
        toRing(event);
    else
        m_far.push(event);
}

void EventQueue::toRing(const Event& event)
{
    std::uint32_t node = m_freeNodes;
    if (node == kEnd) {
        node = std::uint32_t(m_pool.size());
        m_pool.emplace_back();
    } else {
        m_freeNodes = m_pool[node].next;
    }
    std::uint32_t& head = m_heads[bucketOf(event.time)];
    m_pool[node] = Node {event, head};
    head = node;
    ++m_inRing;
}

Event EventQueue::pop()
{
    assert(m_size > 0);
    while (m_bucket.empty() && m_late.empty())
        advance();
    --m_size;
    if (m_late.empty() || (!m_bucket.empty() && m_late.top().after(m_bucket.back()))) {
        const Event event = m_bucket.back();
        m_bucket.pop_back();
        return event;
    }
    const Event event = m_late.top();
    m_late.pop();
    return event;
}

void EventQueue::advance()
{
    if (m_inRing == 0 && !m_far.empty())
        m_currentSlot = m_far.top().time / kBucketWidth; // jump over an empty stretch
    else
        ++m_currentSlot;
    std::uint32_t& head = m_heads[std::size_t(m_currentSlot % kBuckets)];
    for (std::uint32_t node = head; node != kEnd;) {
        const std::uint32_t next = m_pool[node].next;
        m_bucket.push_back(m_pool[node].event);
        m_pool[node].next = m_freeNodes;
        m_freeNodes = node;
        --m_inRing;
        node = next;
    }
    head = kEnd;
    // What was beyond the ring may now be inside it.
    while (!m_far.empty() && inRing(m_far.top().time)) {
        const Event e = m_far.top();
        m_far.pop();
        if (e.time / kBucketWidth <= m_currentSlot)
            m_bucket.push_back(e);
        else
            toRing(e);
    }
    // Sorted once, latest first, so that pops take from the back and the
    // engine can look a few events ahead.
    std::sort(m_bucket.begin(), m_bucket.end(), [](const Event& x, const Event& y) { return x.after(y); });
}

} // namespace gbw
