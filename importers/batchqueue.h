// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/tracebatch.h"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace gbw::importers {

// The bounded hand-over between the parsing thread and the inserting thread. Bounded, so that a
// parser faster than the database does not buffer the whole trace; batches are recycled, so
// that their vectors keep their capacity instead of being reallocated and faulted in again.
class BatchQueue
{
public:
    explicit BatchQueue(std::size_t capacity)
        : m_capacity(capacity)
    {}

    // Producer side: an empty batch to fill (recycled when one is free).
    std::unique_ptr<TraceBatch> takeEmpty();
    // Producer side: waits for room. Returns false when the consumer gave up (the batch is lost).
    bool push(std::unique_ptr<TraceBatch> batch);
    // Producer side: no more batches.
    void close();

    // Consumer side: the next batch, or nullptr once the producer closed and all were taken.
    std::unique_ptr<TraceBatch> pop();
    void recycle(std::unique_ptr<TraceBatch> batch);
    // Consumer side: stop; wakes a waiting producer, whose push() then fails.
    void abandon();

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::unique_ptr<TraceBatch>> m_full;
    std::vector<std::unique_ptr<TraceBatch>> m_free;
    std::size_t m_capacity;
    bool m_closed = false;
    bool m_abandoned = false;
};

} // namespace gbw::importers
