// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <utility>

#include <QMetaObject>
#include <QString>
#include <QThread>

namespace gbw {

// A runner's worker on a thread of its own. The worker is made here and
// moved to the thread; the runner connects to its signals, then start()s.
// On destruction the worker shuts down on its own thread (so its timers stop
// and what it owns is freed where it lives), then the thread ends.
template<typename Worker>
class WorkerThread
{
public:
    explicit WorkerThread(const QString& name)
        : m_worker(new Worker)
    {
        m_thread.setObjectName(name);
        m_worker->moveToThread(&m_thread);
    }
    ~WorkerThread()
    {
        QMetaObject::invokeMethod(
            m_worker, [w = m_worker] { w->shutdown(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        delete m_worker;
    }
    WorkerThread(const WorkerThread&) = delete;
    WorkerThread& operator=(const WorkerThread&) = delete;

    void start()
    {
        m_thread.start();
    }
    Worker* worker() const
    {
        return m_worker;
    }
    // Runs f on the worker's thread, after everything posted before it.
    template<typename F>
    void post(F&& f)
    {
        QMetaObject::invokeMethod(m_worker, std::forward<F>(f), Qt::QueuedConnection);
    }

private:
    QThread m_thread;
    Worker* m_worker;
};

} // namespace gbw
