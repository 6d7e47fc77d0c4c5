// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <optional>

#include <QObject>

#include "framepacer.h"
#include "model/hostconfig.h"
#include "replay/replay.h"
#include "sim/enginesnapshot.h"
#include "simulationstate.h"

class QTimer;

namespace gbw {

// Owns a Replay of a recording and plays it on the worker thread: paced by
// the speed like a simulation, stepped by sample intervals or single events,
// or moved anywhere by seek. Seeks arrive faster than they can be done while
// the user drags the scrubber, so only the latest target is done. Snapshots
// follow the engine worker's rule: at most 60 a second, one in flight.
class ReplayWorker : public QObject
{
    Q_OBJECT
public:
    explicit ReplayWorker(QObject* parent = nullptr);
    ~ReplayWorker() override;

    // Session 0: the newest session with events. `host` is needed for kernel traces only.
    void open(const QString& db, qint64 session, const std::optional<HostConfig>& host);
    void setRunning(bool running);
    void setSpeed(double speed);
    void stepInterval(int direction);
    void stepEvents(int count);
    void seek(double seconds);
    void setSelection(std::uint32_t gigablock, std::uint32_t pageblock);
    void setProcWanted(bool wanted);
    void consumed();
    void shutdown();

signals:
    void snapshotReady(const gbw::SnapshotPtr& snapshot);
    void started(const QString& description);
    void failed(const QString& error);
    void runningChanged(bool running);

private:
    void tick();
    void doSeek();
    void moveTo(VirtualTime time);
    void publish(bool force);
    void schedule();
    VirtualTime endTime() const;

    std::unique_ptr<Replay> m_replay;
    std::vector<EngineSample> m_series; // the recorded time series, sent once
    std::string m_workload;
    QString m_description;
    QTimer* m_timer;
    QTimer* m_seekTimer;
    FramePacer m_pacer;
    SnapshotRequest m_request;
    VirtualTime m_cursor = 0; // the time shown: the state holds every event at or before it
    VirtualTime m_start = 0;
    VirtualTime m_interval = 1'000'000'000; // one recorded sample interval
    std::optional<VirtualTime> m_seekTarget;
    double m_speed = 30;
    bool m_running = false;
};

} // namespace gbw
