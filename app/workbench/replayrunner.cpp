// SPDX-License-Identifier: GPL-3.0-or-later
#include "replayrunner.h"

#include "replayworker.h"
#include "storeeventquery.h"

namespace gbw {

ReplayRunner::ReplayRunner(QObject* parent)
    : SourceRunner(parent)
    , m_worker(new ReplayWorker)
    , m_queries(new StoreEventQuery(this))
{
    connect(m_queries, &StoreEventQuery::answered, this, &ReplayRunner::eventsQueried);
    qRegisterMetaType<SnapshotPtr>();
    m_thread.setObjectName(QStringLiteral("gbw-replay"));
    m_worker->moveToThread(&m_thread);
    connect(m_worker, &ReplayWorker::snapshotReady, this, &ReplayRunner::deliver);
    connect(m_worker, &ReplayWorker::started, this, &ReplayRunner::started);
    connect(m_worker, &ReplayWorker::failed, this, &ReplayRunner::failed);
    connect(m_worker, &ReplayWorker::runningChanged, this, [this](bool running) {
        m_running = running;
        emit runningChanged(running);
    });
    m_thread.start();
}

ReplayRunner::~ReplayRunner()
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
}

template<typename F>
void ReplayRunner::post(F&& f)
{
    QMetaObject::invokeMethod(m_worker, std::forward<F>(f), Qt::QueuedConnection);
}

void ReplayRunner::open(const QString& db, qint64 session, const std::optional<HostConfig>& host, bool running)
{
    m_queries->setStore(db, session);
    post([w = m_worker, db, session, host, speed = m_speed, running] {
        w->setSpeed(speed);
        w->open(db, session, host);
        w->setRunning(running);
    });
}

void ReplayRunner::setRunning(bool running)
{
    m_running = running;
    post([w = m_worker, running] { w->setRunning(running); });
}

void ReplayRunner::setSpeed(double speed)
{
    post([w = m_worker, speed] { w->setSpeed(speed); });
    SourceRunner::setSpeed(speed);
}

void ReplayRunner::step()
{
    post([w = m_worker] { w->stepInterval(+1); });
}

void ReplayRunner::stepBack()
{
    post([w = m_worker] { w->stepInterval(-1); });
}

void ReplayRunner::stepEvents(int count)
{
    post([w = m_worker, count] { w->stepEvents(count); });
}

void ReplayRunner::seek(double seconds)
{
    post([w = m_worker, seconds] { w->seek(seconds); });
}

void ReplayRunner::setSelection(std::uint32_t gigablock, std::uint32_t pageblock)
{
    post([w = m_worker, gigablock, pageblock] { w->setSelection(gigablock, pageblock); });
}

void ReplayRunner::setProcWanted(bool wanted)
{
    post([w = m_worker, wanted] { w->setProcWanted(wanted); });
}

void ReplayRunner::queryEvents(const EventQuery& query)
{
    m_queries->query(query);
}

void ReplayRunner::deliver(const SnapshotPtr& snapshot)
{
    emit snapshotReady(snapshot);
    post([w = m_worker] { w->consumed(); });
}

} // namespace gbw
