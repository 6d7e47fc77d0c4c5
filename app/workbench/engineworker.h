// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include <QObject>

#include "framepacer.h"
#include "pfnlocation.h"
#include "replay/eventlog.h"
#include "sim/enginesnapshot.h"
#include "simulationstate.h"

class QTimer;

namespace gbw {

// Owns the Engine and runs it on the worker thread, in slices of virtual time
// paced by the speed; after a slice it publishes a snapshot, at most 60 times
// a second and never while the UI still has the previous one unread (so a
// slow UI makes the worker skip frames, not queue them). Every public
// function runs on the worker thread: EngineRunner calls them through
// queued invocations, which is how knob changes and selections reach the engine.
class EngineWorker : public QObject
{
    Q_OBJECT
public:
    explicit EngineWorker(QObject* parent = nullptr);
    ~EngineWorker() override;

    static constexpr VirtualTime kMaxSliceNs = 50'000'000; // at most 50 ms of virtual time per runUntil

    using Knobs = std::vector<std::pair<std::string, double>>;
    void start(const EngineConfig& config, const Knobs& knobs);
    // A/B: two engines on the identical request stream (same seed and workload), advanced together
    // to the same virtual time in every slice; playback acts on both, knob edits too.
    void startPair(const EngineConfig& a, const Knobs& knobsA, const EngineConfig& b, const Knobs& knobsB);
    void setRunning(bool running);
    // Speed in virtual seconds per wall second; 0 runs as fast as the engine goes.
    void setSpeed(double speed);
    // Pause once the virtual clock reaches `ns` (0: never).
    void setStopAt(VirtualTime ns);
    // Advance by one sample interval and pause.
    void step();
    void setKnob(const std::string& name, double value);
    void resetKnobs();
    void setSelection(std::uint32_t gigablock, std::uint32_t pageblock);
    void setProcWanted(bool wanted);
    // Where a page is, in the first engine (pfnLocated answers).
    void locate(Pfn pfn);
    // The events in the log that a query asks for (eventsQueried answers). The log keeps the
    // latest `capacity` events of the first engine; tests make it small.
    void queryEvents(const EventQuery& query);
    void setEventLogCapacity(std::size_t capacity);
    // The UI has taken the last snapshot: the next may go out.
    void consumed();
    // Stop the clock and free the engine, before the thread ends.
    void shutdown();

signals:
    void snapshotReady(const gbw::SnapshotPtr& snapshot);
    // A/B: the second engine's snapshot at the same virtual time, sent just before the first's.
    void secondSnapshotReady(const gbw::SnapshotPtr& snapshot);
    void pfnLocated(const gbw::PfnLocation& location);
    void eventsQueried(const gbw::EventQueryResultPtr& result);
    void started(const QString& description);
    void failed(const QString& error);
    void runningChanged(bool running);
    void knobRejected(const QString& why);

private:
    void tick();
    void advance(VirtualTime ns);
    void publish(bool force);
    void schedule();
    VirtualTime limit(VirtualTime target) const;
    std::unique_ptr<Engine> build(const EngineConfig& config, const Knobs& knobs);
    void begin(const QString& description);
    void resetToDefaults(Engine& engine);

    // Declared before the engines, so that they (which hold the sink) go first.
    std::unique_ptr<EventLog> m_log = std::make_unique<EventLog>();
    std::unique_ptr<EventLogSink> m_logSink = std::make_unique<EventLogSink>(*m_log);
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<Engine> m_second; // A/B only
    Knobs m_secondKnobs; // what B differs by, kept across a knob reset
    QTimer* m_timer;
    FramePacer m_pacer;
    SnapshotRequest m_request;
    double m_speed = 30;
    VirtualTime m_stopAt = 0;
    bool m_running = false;
};

} // namespace gbw
