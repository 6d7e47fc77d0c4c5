// SPDX-License-Identifier: GPL-3.0-or-later
#include "replayworker.h"

#include <QTimer>

#include "importers/recordingreader.h"
#include "importers/sqlitestore.h"
#include "replay/recordingconfig.h"

namespace gbw {

ReplayWorker::ReplayWorker(QObject* parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
    , m_seekTimer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &ReplayWorker::tick);
    // A zero timer runs after the queued seeks already waiting: only the last one is done.
    m_seekTimer->setSingleShot(true);
    m_seekTimer->setInterval(0);
    connect(m_seekTimer, &QTimer::timeout, this, &ReplayWorker::doSeek);
}

ReplayWorker::~ReplayWorker() = default;

void ReplayWorker::open(const QString& db, qint64 session, const std::optional<HostConfig>& host)
{
    std::string error;
    auto store = importers::SqliteStore::openExisting(db.toStdString(), error);
    if (!store) {
        emit failed(QStringLiteral("--db %1: %2").arg(db, QString::fromStdString(error)));
        return;
    }
    if (session == 0)
        session = store->newestSessionWithEvents();
    if (session == 0) {
        emit failed(QStringLiteral("--db %1 holds no recorded simulation or trace to replay").arg(db));
        return;
    }
    auto recording = importers::loadRecording(*store, session, host, &error);
    if (!recording) {
        emit failed(QStringLiteral("--db %1, session %2: %3").arg(db).arg(session).arg(QString::fromStdString(error)));
        return;
    }
    m_series.clear();
    if (const auto run = importers::simulationRun(*store, session)) {
        m_workload = run->config.value("workload", std::string());
        for (auto& stored : importers::loadSamples(*store, run->runId))
            m_series.push_back(std::move(stored.sample));
    }
    if (m_series.size() >= 2)
        m_interval = VirtualTime(std::max(1e-3, m_series[1].seconds - m_series[0].seconds) * 1e9);
    const std::string policy = recording->policy;
    const bool traced = recording->start == StartState::Unknown;
    const std::uint64_t bytes = recording->host.memoryBytes;
    m_replay = Replay::create(std::move(*recording), &error);
    if (!m_replay) {
        emit failed(QString::fromStdString(error));
        return;
    }
    const auto& events = m_replay->recording().events;
    // A simulation starts at boot, time 0; a kernel trace at its first event.
    m_start = traced && !events.empty() ? events.front().time : 0;
    m_cursor = m_start;
    m_request = SnapshotRequest {};
    m_description = QStringLiteral("replay of %1, session %2: %3 events, %4 %5")
                        .arg(db)
                        .arg(session)
                        .arg(events.size())
                        .arg(QString::fromStdString(formatSize(bytes)),
                            traced ? QStringLiteral("traced host (memory no event touched is unknown)")
                                   : QStringLiteral("simulated host, policy ") + QString::fromStdString(policy));
    emit started(m_description);
    publish(true);
}

VirtualTime ReplayWorker::endTime() const
{
    const auto& events = m_replay->recording().events;
    VirtualTime end = events.empty() ? 0 : events.back().time;
    if (!m_series.empty())
        end = std::max(end, VirtualTime(m_series.back().seconds * 1e9));
    return end;
}

void ReplayWorker::setRunning(bool running)
{
    running = running && m_replay;
    if (running && m_cursor >= endTime())
        moveTo(m_start); // play again from the start, as a media player does
    if (running == m_running)
        return;
    m_running = running;
    emit runningChanged(m_running);
    m_pacer.restartWall();
    if (!m_running)
        publish(true);
    schedule();
}

void ReplayWorker::setSpeed(double speed)
{
    m_speed = speed;
    m_pacer.restartWall();
}

void ReplayWorker::stepInterval(int direction)
{
    if (!m_replay)
        return;
    setRunning(false);
    const VirtualTime span = m_interval * VirtualTime(std::abs(direction));
    moveTo(direction < 0 ? (m_cursor > m_start + span ? m_cursor - span : m_start) : m_cursor + span);
    publish(true);
}

void ReplayWorker::stepEvents(int count)
{
    if (!m_replay)
        return;
    setRunning(false);
    m_replay->step(count);
    // The cursor follows the event: the state shown is exactly that after it.
    m_cursor = m_replay->position() == 0 ? m_start : m_replay->time();
    m_pacer.changed();
    publish(true);
}

void ReplayWorker::seek(double seconds)
{
    if (!m_replay)
        return;
    m_seekTarget = VirtualTime(std::max(0.0, seconds) * 1e9);
    m_seekTimer->start();
}

void ReplayWorker::doSeek()
{
    if (!m_seekTarget || !m_replay)
        return;
    moveTo(*m_seekTarget);
    m_seekTarget.reset();
    publish(true);
}

void ReplayWorker::moveTo(VirtualTime time)
{
    m_cursor = std::clamp(time, m_start, endTime());
    m_replay->seek(m_cursor);
    m_pacer.changed();
}

void ReplayWorker::setSelection(std::uint32_t gigablock, std::uint32_t pageblock)
{
    m_request.gigablock = gigablock;
    m_request.pageblock = pageblock;
    publish(true);
}

void ReplayWorker::setProcWanted(bool wanted)
{
    m_request.procText = wanted;
    if (wanted)
        publish(true);
}

void ReplayWorker::consumed()
{
    if (m_pacer.consumed(m_running))
        publish(true);
}

void ReplayWorker::shutdown()
{
    m_timer->stop();
    m_seekTimer->stop();
    m_running = false;
    m_replay.reset();
}

void ReplayWorker::tick()
{
    if (!m_replay || !m_running)
        return;
    if (m_speed <= 0) {
        // As fast as it goes: a frame's worth of events at a time.
        QElapsedTimer frame;
        frame.start();
        while (frame.elapsed() < FramePacer::kPublishIntervalMs && m_replay->position() < m_replay->eventCount())
            m_replay->step(4096);
        m_cursor = m_replay->position() >= m_replay->eventCount() ? endTime() : m_replay->time();
        m_pacer.changed();
    } else {
        moveTo(m_cursor + m_pacer.pacedSlice(m_speed));
    }
    if (m_cursor >= endTime()) {
        m_running = false;
        emit runningChanged(false);
        publish(true);
        return;
    }
    publish(false);
    schedule();
}

void ReplayWorker::publish(bool force)
{
    if (!m_replay)
        return;
    if (!m_pacer.mayPublish(force))
        return;
    const Reconstructor& state = m_replay->state();
    const MemoryModel& model = state.model();
    auto s = std::make_shared<EngineSnapshot>(EngineSnapshot::ofModel(model, m_request));
    const Recording& recording = m_replay->recording();
    s->policy = recording.policy;
    s->workload = m_workload;
    s->hostBytes = recording.host.memoryBytes;
    s->seconds = double(m_cursor) / 1e9;
    s->events = m_replay->position();
    s->latest = sampleOf(model, s->seconds, s->events);
    // The whole recorded series goes out once: the timelines show the recording end to end.
    s->firstSample = std::min(m_request.samplesFrom, m_series.size());
    s->samples.assign(m_series.begin() + std::ptrdiff_t(s->firstSample), m_series.end());
    m_request.samplesFrom = m_series.size();
    appendModelCounters(s->counters, model);
    const ReconstructionStats& stats = state.stats();
    s->counters.push_back({"replay", "events_applied", stats.applied});
    s->counters.push_back({"replay", "contradictions", stats.contradictionCount()});
    s->counters.push_back({"replay", "pre_trace_frees", stats.preTraceFrees});
    s->counters.push_back({"replay", "unknown_pages", state.unknownPages()});
    SourceStatus& source = s->source;
    source.kind = SourceKind::Replay;
    source.description = m_description.toStdString();
    source.position = m_replay->position();
    source.eventCount = m_replay->eventCount();
    source.startSeconds = double(m_start) / 1e9;
    source.endSeconds = double(endTime()) / 1e9;
    source.contradictions = stats.contradictionCount();
    m_pacer.published();
    emit snapshotReady(std::move(s));
}

void ReplayWorker::schedule()
{
    if (!m_replay || !m_running) {
        m_timer->stop();
        return;
    }
    m_timer->start(FramePacer::timerInterval(m_speed));
}

} // namespace gbw
