// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginerunner.h"

#include "engineworker.h"

namespace gbw {

EngineRunner::EngineRunner(QObject* parent)
    : SourceRunner(parent)
    , m_worker(new EngineWorker)
{
    qRegisterMetaType<SnapshotPtr>();
    qRegisterMetaType<PfnLocation>();
    m_thread.setObjectName(QStringLiteral("gbw-engine"));
    m_worker->moveToThread(&m_thread);
    // Queued across threads: each slot below runs on the UI thread.
    connect(m_worker, &EngineWorker::snapshotReady, this, &EngineRunner::deliver);
    connect(m_worker, &EngineWorker::secondSnapshotReady, this, &EngineRunner::secondSnapshotReady);
    connect(m_worker, &EngineWorker::pfnLocated, this, &EngineRunner::pfnLocated);
    connect(m_worker, &EngineWorker::eventsQueried, this, &EngineRunner::eventsQueried);
    connect(m_worker, &EngineWorker::started, this, &EngineRunner::started);
    connect(m_worker, &EngineWorker::failed, this, &EngineRunner::failed);
    connect(m_worker, &EngineWorker::knobRejected, this, &EngineRunner::knobRejected);
    connect(m_worker, &EngineWorker::runningChanged, this, [this](bool running) {
        m_running = running;
        emit runningChanged(running);
    });
    m_thread.start();
}

EngineRunner::~EngineRunner()
{
    // Free the engine on its own thread and stop its timer there, then end the thread.
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
}

template<typename F>
void EngineRunner::post(F&& f)
{
    QMetaObject::invokeMethod(m_worker, std::forward<F>(f), Qt::QueuedConnection);
}

void EngineRunner::start(
    const EngineConfig& config, const std::vector<std::pair<std::string, double>>& knobs, bool running)
{
    post([w = m_worker, config, knobs, speed = m_speed, running] {
        w->setSpeed(speed);
        w->start(config, knobs);
        w->setRunning(running);
    });
}

void EngineRunner::startPair(const EngineConfig& a, const std::vector<std::pair<std::string, double>>& knobsA,
    const EngineConfig& b, const std::vector<std::pair<std::string, double>>& knobsB, bool running)
{
    post([w = m_worker, a, knobsA, b, knobsB, speed = m_speed, running] {
        w->setSpeed(speed);
        w->startPair(a, knobsA, b, knobsB);
        w->setRunning(running);
    });
}

void EngineRunner::locate(Pfn pfn)
{
    post([w = m_worker, pfn] { w->locate(pfn); });
}

void EngineRunner::setRunning(bool running)
{
    m_running = running; // optimistic; runningChanged confirms
    post([w = m_worker, running] { w->setRunning(running); });
}

void EngineRunner::setSpeed(double speed)
{
    post([w = m_worker, speed] { w->setSpeed(speed); });
    SourceRunner::setSpeed(speed);
}

void EngineRunner::setStopAt(double seconds)
{
    post([w = m_worker, ns = VirtualTime(seconds * 1e9)] { w->setStopAt(ns); });
}

void EngineRunner::step()
{
    post([w = m_worker] { w->step(); });
}

void EngineRunner::setKnob(const QString& name, double value)
{
    post([w = m_worker, name = name.toStdString(), value] { w->setKnob(name, value); });
}

void EngineRunner::resetKnobs()
{
    post([w = m_worker] { w->resetKnobs(); });
}

void EngineRunner::setSelection(std::uint32_t gigablock, std::uint32_t pageblock)
{
    post([w = m_worker, gigablock, pageblock] { w->setSelection(gigablock, pageblock); });
}

void EngineRunner::setProcWanted(bool wanted)
{
    post([w = m_worker, wanted] { w->setProcWanted(wanted); });
}

void EngineRunner::queryEvents(const EventQuery& query)
{
    post([w = m_worker, query] { w->queryEvents(query); });
}

void EngineRunner::setEventLogCapacity(std::size_t capacity)
{
    post([w = m_worker, capacity] { w->setEventLogCapacity(capacity); });
}

void EngineRunner::deliver(const SnapshotPtr& snapshot)
{
    emit snapshotReady(snapshot);
    post([w = m_worker] { w->consumed(); });
}

} // namespace gbw
