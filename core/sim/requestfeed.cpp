// SPDX-License-Identifier: GPL-3.0-or-later
#include "requestfeed.h"

namespace gbw {

RequestFeed::RequestFeed(RequestGenerator generator, Mode mode)
    : m_generator(std::move(generator))
    , m_buffer(mode == Mode::Ahead ? kChunk * kChunks : kChunk)
{
    if (mode == Mode::Ahead)
        m_thread = std::thread([this] { produce(); });
    nextChunk();
}

RequestFeed::~RequestFeed()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void RequestFeed::nextChunk()
{
    if (!m_thread.joinable()) {
        m_generator.generate({m_buffer.data(), kChunk});
        m_next = m_buffer.data();
        m_end = m_next + kChunk;
        return;
    }
    {
        std::unique_lock lock(m_mutex);
        m_done = m_reading; // every chunk before this one is read
        m_changed.notify_all();
        m_changed.wait(lock, [this] { return m_made > m_reading; });
    }
    m_next = chunk(m_reading++);
    m_end = m_next + kChunk;
}

void RequestFeed::produce()
{
    for (std::size_t n = 0;; ++n) {
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [&] { return m_stop || n < m_done + kChunks; });
            if (m_stop)
                return;
        }
        // Out of the lock: the engine reads only chunks already made.
        m_generator.generate({chunk(n), kChunk});
        {
            std::lock_guard lock(m_mutex);
            m_made = n + 1;
        }
        m_changed.notify_all();
    }
}

} // namespace gbw
