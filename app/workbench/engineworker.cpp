// SPDX-License-Identifier: GPL-3.0-or-later
#include "engineworker.h"

#include <QTimer>

namespace gbw {

EngineWorker::EngineWorker(QObject* parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &EngineWorker::tick);
}

EngineWorker::~EngineWorker() = default;

void EngineWorker::start(const EngineConfig& config, const std::vector<std::pair<std::string, double>>& knobs)
{
    std::string error;
    m_engine = Engine::create(config, &error);
    if (!m_engine) {
        emit failed(QString::fromStdString(error));
        return;
    }
    for (const auto& [name, value] : knobs) {
        if (auto why = m_engine->setKnob(name, value); !why.empty()) {
            m_engine.reset();
            emit failed(QString::fromStdString(why));
            return;
        }
    }
    m_request = SnapshotRequest {};
    emit started(QStringLiteral("%1, %2, workload %3, seed %4")
                     .arg(QString::fromStdString(formatSize(config.host.memoryBytes)),
                         QString::fromStdString(config.policy), QString::fromStdString(config.workload.name))
                     .arg(config.seed));
    publish(true);
    m_wall.start();
    schedule();
}

void EngineWorker::setRunning(bool running)
{
    if (running == m_running)
        return;
    m_running = running && m_engine;
    emit runningChanged(m_running);
    m_wall.restart();
    if (!m_running)
        publish(true);
    schedule();
}

void EngineWorker::setSpeed(double speed)
{
    m_speed = speed;
    m_wall.restart();
    schedule();
}

void EngineWorker::setStopAt(VirtualTime ns)
{
    m_stopAt = ns;
}

void EngineWorker::step()
{
    if (!m_engine)
        return;
    setRunning(false);
    advance(VirtualTime(m_engine->config().sampleSeconds * 1e9));
    publish(true);
}

void EngineWorker::setKnob(const std::string& name, double value)
{
    if (!m_engine)
        return;
    if (auto why = m_engine->setKnob(name, value); !why.empty())
        emit knobRejected(QString::fromStdString(why));
    publish(true);
}

void EngineWorker::resetKnobs()
{
    if (!m_engine)
        return;
    for (const Knob& knob : m_engine->knobs().all()) {
        if (knob.value != knob.defaultValue && knob.name != KnobSet::kBalance)
            m_engine->setKnob(knob.name, knob.defaultValue);
    }
    // The balance knob moves others; set it last so its own default wins.
    const double balance = m_engine->knobs().value(KnobSet::kBalance);
    for (const Knob& knob : m_engine->knobs().all()) {
        if (knob.name == KnobSet::kBalance && balance != knob.defaultValue)
            m_engine->setKnob(knob.name, knob.defaultValue);
    }
    publish(true);
}

void EngineWorker::setSelection(std::uint32_t gigablock, std::uint32_t pageblock)
{
    m_request.gigablock = gigablock;
    m_request.pageblock = pageblock;
    publish(true);
}

void EngineWorker::setProcWanted(bool wanted)
{
    m_request.procText = wanted;
    if (wanted)
        publish(true);
}

void EngineWorker::consumed()
{
    m_inFlight = false;
    if (m_dirty && !m_running)
        publish(true);
}

void EngineWorker::shutdown()
{
    m_timer->stop();
    m_running = false;
    m_engine.reset();
}

VirtualTime EngineWorker::limit(VirtualTime target) const
{
    return m_stopAt > 0 ? std::min(target, m_stopAt) : target;
}

void EngineWorker::advance(VirtualTime ns)
{
    const VirtualTime end = limit(m_engine->now() + ns);
    while (m_engine->now() < end)
        m_engine->runUntil(std::min(end, m_engine->now() + kMaxSliceNs));
    m_dirty = true;
}

void EngineWorker::tick()
{
    if (!m_engine || !m_running)
        return;
    if (m_speed <= 0) {
        // As fast as it goes: slices until a frame's worth of wall time has passed.
        QElapsedTimer frame;
        frame.start();
        do
            advance(kMaxSliceNs / 5);
        while (frame.elapsed() < kPublishIntervalMs && (m_stopAt == 0 || m_engine->now() < m_stopAt));
    } else {
        // Paced: the virtual time that corresponds to the wall time since the last slice,
        // capped so that a slow engine falls behind instead of piling up work.
        const qint64 wallNs = m_wall.nsecsElapsed();
        m_wall.restart();
        const double virtualNs = std::min(double(wallNs), 100e6) * m_speed;
        advance(VirtualTime(virtualNs));
    }
    if (m_stopAt > 0 && m_engine->now() >= m_stopAt) {
        m_running = false;
        emit runningChanged(false);
        publish(true);
        return;
    }
    publish(false);
    schedule();
}

void EngineWorker::publish(bool force)
{
    if (!m_engine)
        return;
    if (!force && (m_inFlight || (m_sincePublish.isValid() && m_sincePublish.elapsed() < kPublishIntervalMs)))
        return;
    auto snapshot = std::make_shared<const EngineSnapshot>(EngineSnapshot::capture(*m_engine, m_request));
    m_request.samplesFrom = m_engine->samples().size();
    m_sincePublish.start();
    m_inFlight = true;
    m_dirty = false;
    emit snapshotReady(snapshot);
}

void EngineWorker::schedule()
{
    if (!m_engine || !m_running) {
        m_timer->stop();
        return;
    }
    // Paced runs wake every few milliseconds; a run at full speed yields to the event loop
    // between frames so that knob changes and selections get through.
    m_timer->start(m_speed <= 0 ? 0 : 5);
}

} // namespace gbw
