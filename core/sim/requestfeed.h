// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

#include "requestgenerator.h"

namespace gbw {

// The engine's view of a RequestGenerator: the next request, and a few
// after it for prefetching. Made in chunks, either on demand or ahead on a
// thread of its own. Generating (the wheel of pending frees, the random
// draws and their logarithms) is a fifth to a third of an event's work and
// depends on nothing the engine does, so on a second core it comes off the
// engine's critical path. Both ways give the same requests.
class RequestFeed
{
public:
    enum class Mode
    {
        OnDemand,
        Ahead // on a thread of its own
    };
    RequestFeed(RequestGenerator generator, Mode mode);
    ~RequestFeed();
    RequestFeed(const RequestFeed&) = delete;
    RequestFeed& operator=(const RequestFeed&) = delete;

    const Request& peek() const
    {
        return *m_next;
    }
    void pop()
    {
        if (++m_next == m_end)
            nextChunk();
    }
    // The k-th request after the next, if it is at hand: a prefetching hint.
    const Request* upcoming(std::size_t k) const
    {
        return k < std::size_t(m_end - m_next) ? m_next + k : nullptr;
    }

private:
    static constexpr std::size_t kChunk = 4096; // requests, about a millisecond of engine work
    // Made ahead at most: 3 MiB. The generator works in bursts (each virtual
    // second a coarse wheel bucket is dealt out), and with only four chunks
    // the engine waited for it 5-7 % of a 256 GiB run; with 32, 1 %.
    static constexpr std::size_t kChunks = 32;
    Request* chunk(std::size_t n)
    {
        return m_buffer.data() + (n % kChunks) * kChunk;
    }
    void nextChunk();
    void produce();

    RequestGenerator m_generator;
    std::vector<Request> m_buffer;
    const Request* m_next = nullptr;
    const Request* m_end = nullptr;
    std::size_t m_reading = 0; // chunks the engine has begun reading
    // Shared with the thread, under the mutex.
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::size_t m_made = 0; // chunks complete
    std::size_t m_done = 0; // chunks the engine has finished
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace gbw
