// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventqueue.h"

#include <algorithm>
#include <cassert>

namespace gbw {

void EventQueue::push(Event event, VirtualTime now)
{
    assert(now >= m_lastPush);
    if (now != m_lastPush) {
        m_lastPush = now;
        m_sequence = 0;
    }
    event.scheduledAt = now;
    event.sequence = m_sequence++;
    ++m_size;
    if (slotOf(event.time) <= m_currentSlot)
        m_late.push(event); // now or (clamped) in the past: this slot
    else
        m_inbox.push_back(event);
}

// Into the finest wheel whose current span holds the event's slot: the
// slot's and the clock's slot numbers agree above that wheel's bits. (The
// clock's own slot lands in wheel 0's current bucket, which advance() takes.)
EventBucketPool::Bucket* EventQueue::bucketFor(std::uint64_t slot, int& wheel)
{
    for (wheel = 0; wheel < kWheels; ++wheel) {
        const int above = shiftOf(wheel + 1);
        if ((slot >> above) == (m_currentSlot >> above))
            return &m_wheels[wheel].buckets[(slot >> shiftOf(wheel)) & (kWheelSize - 1)];
    }
    return nullptr;
}

void EventQueue::place(const Event& event)
{
    int wheel = 0;
    if (EventBucketPool::Bucket* bucket = bucketFor(slotOf(event.time), wheel)) {
        m_pool.add(*bucket, event);
        ++m_wheels[wheel].count;
    } else {
        m_far.push(event);
    }
}

// A bucket's tail is touched about once per thousand events, long out of
// cache by then; placing events one by one as they come waits for each
// tail in turn. In a batch the tails a few events on are fetched meanwhile.
void EventQueue::placeInbox()
{
    constexpr std::size_t kAhead = 8;
    int wheel = 0;
    for (std::size_t i = 0; i < m_inbox.size(); ++i) {
        if (i + kAhead < m_inbox.size()) {
            if (const EventBucketPool::Bucket* bucket = bucketFor(slotOf(m_inbox[i + kAhead].time), wheel))
                m_pool.prefetchAppend(*bucket);
        }
        place(m_inbox[i]);
    }
    m_inbox.clear();
}

const Event& EventQueue::peek()
{
    assert(m_size > 0);
    while (m_bucket.empty() && m_late.empty())
        advance();
    if (m_late.empty() || (!m_bucket.empty() && m_late.top().after(m_bucket.back())))
        return m_bucket.back();
    return m_late.top();
}

Event EventQueue::pop()
{
    const Event* head = &peek();
    const Event event = *head;
    --m_size;
    if (!m_bucket.empty() && head == &m_bucket.back())
        m_bucket.pop_back();
    else
        m_late.pop();
    return event;
}

// The next slot worth entering: one on, unless the finer wheels are empty
// for the rest of their span, then the start of the next span that can hold
// something, or the earliest far event when every wheel is empty.
std::uint64_t EventQueue::nextSlot() const
{
    std::uint64_t next = m_currentSlot + 1;
    for (int w = 0; w < kWheels && m_wheels[w].count == 0; ++w) {
        const int above = shiftOf(w + 1);
        next = std::max(next, ((m_currentSlot >> above) + 1) << above);
        if (w + 1 == kWheels && !m_far.empty())
            next = std::max(next, slotOf(m_far.top().time));
    }
    return next;
}

void EventQueue::advance()
{
    placeInbox(); // as if placed when pushed: before the clock moves, and before nextSlot() counts them
    enter(nextSlot());
    Wheel& finest = m_wheels[0];
    m_pool.drain(finest.buckets[m_currentSlot & (kWheelSize - 1)], [this](const Event& e) { m_bucket.push_back(e); });
    finest.count -= m_bucket.size();
    // Sorted once, latest first, so that pops take from the back.
    std::sort(m_bucket.begin(), m_bucket.end(), [](const Event& x, const Event& y) { return x.after(y); });
}

// Move the clock to `slot`; each wheel whose span the clock left hands the
// bucket for the new span down, coarsest first.
void EventQueue::enter(std::uint64_t slot)
{
    const std::uint64_t previous = m_currentSlot;
    m_currentSlot = slot;
    if ((slot >> shiftOf(kWheels)) != (previous >> shiftOf(kWheels))) {
        while (!m_far.empty() && (slotOf(m_far.top().time) >> shiftOf(kWheels)) == (slot >> shiftOf(kWheels))) {
            place(m_far.top());
            m_far.pop();
        }
    }
    for (int w = kWheels - 1; w >= 1; --w) {
        const int above = shiftOf(w);
        if ((slot >> above) == (previous >> above))
            continue;
        Wheel& wheel = m_wheels[w];
        // In batches: a coarse bucket can hold millions of events, and the
        // inbox would keep that much capacity for good.
        constexpr std::size_t kBatch = 256;
        m_pool.drain(wheel.buckets[(slot >> above) & (kWheelSize - 1)], [this, &wheel](const Event& e) {
            --wheel.count;
            m_inbox.push_back(e);
            if (m_inbox.size() == kBatch)
                placeInbox();
        });
        placeInbox(); // before the next finer wheel deals out what it just received
    }
}

} // namespace gbw
