// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventqueue.h"

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
        m_current.push(event); // now or (clamped) in the past: this bucket
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
    std::uint32_t& head = m_heads[std::size_t(m_currentSlot % kBuckets)];
    for (std::uint32_t node = head; node != kEnd;) {
        const std::uint32_t next = m_pool[node].next;
        m_current.push(m_pool[node].event);
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
            m_current.push(e);
        else
            toRing(e);
    }
}

} // namespace gbw
