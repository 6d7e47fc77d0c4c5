// SPDX-License-Identifier: GPL-3.0-or-later
#include "replayrunner.h"

#include "replayworker.h"
#include "storeeventquery.h"

namespace gbw {

ReplayRunner::ReplayRunner(QObject* parent)
    : SourceRunner(parent)
    , m_thread(QStringLiteral("gbw-replay"))
    , m_worker(m_thread.worker())
    , m_queries(new StoreEventQuery(this))
{
    connect(m_queries, &StoreEventQuery::answered, this, &ReplayRunner::eventsQueried);
    qRegisterMetaType<SnapshotPtr>();
    connect(m_worker, &ReplayWorker::snapshotReady, this, &ReplayRunner::deliver);
    connect(m_worker, &ReplayWorker::started, this, &ReplayRunner::started);
    connect(m_worker, &ReplayWorker::failed, this, &ReplayRunner::failed);
    connect(m_worker, &ReplayWorker::runningChanged, this, [this](bool running) {
        m_running = running;
        emit runningChanged(running);
    });
    m_thread.start();
}

ReplayRunner::~ReplayRunner() = default;

void ReplayRunner::open(const QString& db, qint64 session, const std::optional<HostConfig>& host, bool running)
{
    m_queries->setStore(db, session);
    m_thread.post([w = m_worker, db, session, host, speed = m_speed, running] {
        w->setSpeed(speed);
        w->open(db, session, host);
        w->setRunning(running);
    });
}

void ReplayRunner::setRunning(bool running)
{
    m_running = running;
    m_thread.post([w = m_worker, running] { w->setRunning(running); });
}

void ReplayRunner::setSpeed(double speed)
{
    m_thread.post([w = m_worker, speed] { w->setSpeed(speed); });
    SourceRunner::setSpeed(speed);
}

void ReplayRunner::step()
{
    m_thread.post([w = m_worker] { w->stepInterval(+1); });
}

void ReplayRunner::stepBack()
{
    m_thread.post([w = m_worker] { w->stepInterval(-1); });
}

void ReplayRunner::stepEvents(int count)
{
    m_thread.post([w = m_worker, count] { w->stepEvents(count); });
}

void ReplayRunner::seek(double seconds)
{
    m_thread.post([w = m_worker, seconds] { w->seek(seconds); });
}

void ReplayRunner::setSelection(std::uint32_t gigablock, std::uint32_t pageblock)
{
    m_thread.post([w = m_worker, gigablock, pageblock] { w->setSelection(gigablock, pageblock); });
}

void ReplayRunner::setProcWanted(bool wanted)
{
    m_thread.post([w = m_worker, wanted] { w->setProcWanted(wanted); });
}

void ReplayRunner::queryEvents(const EventQuery& query)
{
    m_queries->query(query);
}

void ReplayRunner::deliver(const SnapshotPtr& snapshot)
{
    emit snapshotReady(snapshot);
    m_thread.post([w = m_worker] { w->consumed(); });
}

} // namespace gbw
