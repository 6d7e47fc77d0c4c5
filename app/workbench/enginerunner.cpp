// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginerunner.h"

#include "engineworker.h"

namespace gbw {

EngineRunner::EngineRunner(QObject* parent)
    : SourceRunner(parent)
    , m_thread(QStringLiteral("gbw-engine"))
    , m_worker(m_thread.worker())
{
    qRegisterMetaType<SnapshotPtr>();
    qRegisterMetaType<PfnLocation>();
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

EngineRunner::~EngineRunner() = default;

void EngineRunner::start(
    const EngineConfig& config, const std::vector<std::pair<std::string, double>>& knobs, bool running)
{
    m_thread.post([w = m_worker, config, knobs, speed = m_speed, running] {
        w->setSpeed(speed);
        w->start(config, knobs);
        w->setRunning(running);
    });
}

void EngineRunner::startPair(const EngineConfig& a, const std::vector<std::pair<std::string, double>>& knobsA,
    const EngineConfig& b, const std::vector<std::pair<std::string, double>>& knobsB, bool running)
{
    m_thread.post([w = m_worker, a, knobsA, b, knobsB, speed = m_speed, running] {
        w->setSpeed(speed);
        w->startPair(a, knobsA, b, knobsB);
        w->setRunning(running);
    });
}

void EngineRunner::locate(Pfn pfn)
{
    m_thread.post([w = m_worker, pfn] { w->locate(pfn); });
}

void EngineRunner::setRunning(bool running)
{
    m_running = running; // optimistic; runningChanged confirms
    m_thread.post([w = m_worker, running] { w->setRunning(running); });
}

void EngineRunner::setSpeed(double speed)
{
    m_thread.post([w = m_worker, speed] { w->setSpeed(speed); });
    SourceRunner::setSpeed(speed);
}

void EngineRunner::setStopAt(double seconds)
{
    m_thread.post([w = m_worker, ns = VirtualTime(seconds * 1e9)] { w->setStopAt(ns); });
}

void EngineRunner::step()
{
    m_thread.post([w = m_worker] { w->step(); });
}

void EngineRunner::setKnob(const QString& name, double value)
{
    m_thread.post([w = m_worker, name = name.toStdString(), value] { w->setKnob(name, value); });
}

void EngineRunner::resetKnobs()
{
    m_thread.post([w = m_worker] { w->resetKnobs(); });
}

void EngineRunner::setSelection(std::uint32_t gigablock, std::uint32_t pageblock)
{
    m_thread.post([w = m_worker, gigablock, pageblock] { w->setSelection(gigablock, pageblock); });
}

void EngineRunner::setProcWanted(bool wanted)
{
    m_thread.post([w = m_worker, wanted] { w->setProcWanted(wanted); });
}

void EngineRunner::queryEvents(const EventQuery& query)
{
    m_thread.post([w = m_worker, query] { w->queryEvents(query); });
}

void EngineRunner::setEventLogCapacity(std::size_t capacity)
{
    m_thread.post([w = m_worker, capacity] { w->setEventLogCapacity(capacity); });
}

void EngineRunner::deliver(const SnapshotPtr& snapshot)
{
    emit snapshotReady(snapshot);
    m_thread.post([w = m_worker] { w->consumed(); });
}

} // namespace gbw
