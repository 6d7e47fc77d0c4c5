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

std::unique_ptr<Engine> EngineWorker::build(const EngineConfig& config, const Knobs& knobs)
{
    std::string error;
    auto engine = Engine::create(config, &error);
    if (!engine) {
        emit failed(QString::fromStdString(error));
        return nullptr;
    }
    for (const auto& [name, value] : knobs) {
        if (auto why = engine->setKnob(name, value); !why.empty()) {
            emit failed(QString::fromStdString(why));
            return nullptr;
        }
    }
    return engine;
}

namespace {

QString describe(const EngineConfig& config)
{
    return QStringLiteral("%1, %2, workload %3, seed %4")
        .arg(QString::fromStdString(formatSize(config.host.memoryBytes)), QString::fromStdString(config.policy),
            QString::fromStdString(config.workload.name))
        .arg(config.seed);
}

} // namespace

void EngineWorker::begin(const QString& description)
{
    m_request = SnapshotRequest {};
    // Every allocator event of the first engine goes to the bounded log the event list reads.
    m_log->clear();
    m_engine->setEventSink(m_logSink.get());
    emit started(description);
    publish(true);
    m_pacer.restartWall();
    schedule();
}

void EngineWorker::start(const EngineConfig& config, const Knobs& knobs)
{
    m_second.reset();
    m_engine = build(config, knobs);
    if (m_engine)
        begin(describe(config));
}

void EngineWorker::startPair(const EngineConfig& a, const Knobs& knobsA, const EngineConfig& b, const Knobs& knobsB)
{
    m_engine = build(a, knobsA);
    m_second = m_engine ? build(b, knobsB) : nullptr;
    if (!m_second) {
        m_engine.reset();
        return;
    }
    m_secondKnobs = knobsB;
    begin(QStringLiteral("A/B on %1, workload %2, seed %3: A %4, B %5")
              .arg(QString::fromStdString(formatSize(a.host.memoryBytes)), QString::fromStdString(a.workload.name))
              .arg(a.seed)
              .arg(QString::fromStdString(a.policy), QString::fromStdString(b.policy)));
}

void EngineWorker::setRunning(bool running)
{
    if (running == m_running)
        return;
    m_running = running && m_engine;
    emit runningChanged(m_running);
    m_pacer.restartWall();
    if (!m_running)
        publish(true);
    schedule();
}

void EngineWorker::setSpeed(double speed)
{
    m_speed = speed;
    m_pacer.restartWall();
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
    // Past the --duration mark a step is an explicit request to go on.
    if (m_stopAt > 0 && m_engine->now() >= m_stopAt)
        m_stopAt = 0;
    advance(VirtualTime(m_engine->config().sampleSeconds * 1e9));
    publish(true);
}

void EngineWorker::setKnob(const std::string& name, double value)
{
    if (!m_engine)
        return;
    if (auto why = m_engine->setKnob(name, value); !why.empty())
        emit knobRejected(QString::fromStdString(why));
    else if (m_second)
        m_second->setKnob(name, value); // the same checks: it cannot refuse what A took
    publish(true);
}

void EngineWorker::resetToDefaults(Engine& engine)
{
    for (const Knob& knob : engine.knobs().all()) {
        if (knob.value != knob.defaultValue && knob.name != KnobSet::kBalance)
            engine.setKnob(knob.name, knob.defaultValue);
    }
    // The balance knob moves others; set it last so its own default wins.
    const double balance = engine.knobs().value(KnobSet::kBalance);
    for (const Knob& knob : engine.knobs().all()) {
        if (knob.name == KnobSet::kBalance && balance != knob.defaultValue)
            engine.setKnob(knob.name, knob.defaultValue);
    }
}

void EngineWorker::resetKnobs()
{
    if (!m_engine)
        return;
    resetToDefaults(*m_engine);
    if (m_second) {
        // B keeps what it was started to differ by (--knob-b), or there is nothing left to compare.
        resetToDefaults(*m_second);
        for (const auto& [name, value] : m_secondKnobs)
            m_second->setKnob(name, value);
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

void EngineWorker::locate(Pfn pfn)
{
    if (m_engine)
        emit pfnLocated(locatePfn(*m_engine, pfn));
}

void EngineWorker::queryEvents(const EventQuery& query)
{
    auto result = std::make_shared<EventQueryResult>(m_log->query(query));
    if (m_engine)
        result->asOf = std::max(result->asOf, m_engine->now());
    emit eventsQueried(result);
}

void EngineWorker::setEventLogCapacity(std::size_t capacity)
{
    if (m_engine)
        m_engine->setEventSink(nullptr);
    m_log = std::make_unique<EventLog>(capacity);
    m_logSink = std::make_unique<EventLogSink>(*m_log);
    if (m_engine)
        m_engine->setEventSink(m_logSink.get());
}

void EngineWorker::consumed()
{
    if (m_pacer.consumed(m_running))
        publish(true);
}

void EngineWorker::shutdown()
{
    m_timer->stop();
    m_running = false;
    m_engine.reset();
    m_second.reset();
}

VirtualTime EngineWorker::limit(VirtualTime target) const
{
    return m_stopAt > 0 ? std::min(target, m_stopAt) : target;
}

void EngineWorker::advance(VirtualTime ns)
{
    const VirtualTime end = limit(m_engine->now() + ns);
    for (Engine* engine : {m_engine.get(), m_second.get()}) {
        while (engine && engine->now() < end)
            engine->runUntil(std::min(end, engine->now() + kMaxSliceNs));
    }
    m_pacer.changed();
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
        while (frame.elapsed() < FramePacer::kPublishIntervalMs && (m_stopAt == 0 || m_engine->now() < m_stopAt));
    } else {
        advance(m_pacer.pacedSlice(m_speed));
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
    if (!m_pacer.mayPublish(force))
        return;
    if (m_second)
        emit secondSnapshotReady(std::make_shared<const EngineSnapshot>(EngineSnapshot::capture(*m_second, m_request)));
    auto snapshot = std::make_shared<const EngineSnapshot>(EngineSnapshot::capture(*m_engine, m_request));
    m_request.samplesFrom = m_engine->samples().size();
    m_pacer.published();
    emit snapshotReady(snapshot);
}

void EngineWorker::schedule()
{
    if (!m_engine || !m_running) {
        m_timer->stop();
        return;
    }
    m_timer->start(FramePacer::timerInterval(m_speed));
}

} // namespace gbw
