// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/batchqueue.h"

namespace gbw::importers {

std::unique_ptr<TraceBatch> BatchQueue::takeEmpty()
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_free.empty()) {
            auto batch = std::move(m_free.back());
            m_free.pop_back();
            return batch;
        }
    }
    return std::make_unique<TraceBatch>();
}

bool BatchQueue::push(std::unique_ptr<TraceBatch> batch)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_abandoned || m_full.size() < m_capacity; });
    if (m_abandoned)
        return false;
    m_full.push_back(std::move(batch));
    m_changed.notify_all();
    return true;
}

void BatchQueue::close()
{
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_changed.notify_all();
}

std::unique_ptr<TraceBatch> BatchQueue::pop()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_full.empty() || m_closed; });
    if (m_full.empty())
        return nullptr;
    auto batch = std::move(m_full.front());
    m_full.pop_front();
    m_changed.notify_all();
    return batch;
}

void BatchQueue::recycle(std::unique_ptr<TraceBatch> batch)
{
    batch->clear();
    std::lock_guard lock(m_mutex);
    m_free.push_back(std::move(batch));
}

void BatchQueue::abandon()
{
    std::lock_guard lock(m_mutex);
    m_abandoned = true;
    m_full.clear();
    m_changed.notify_all();
}

} // namespace gbw::importers
