// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QThread>

#include "sim/engine.h"
#include "simulationstate.h"

namespace gbw {

class EngineWorker;

// The UI thread's handle on the engine: starts a worker thread that owns the
// Engine, forwards every command to it as a queued call, and hands its
// snapshots on (snapshotReady), acknowledging each once the UI has taken it.
class EngineRunner : public QObject
{
    Q_OBJECT
public:
    explicit EngineRunner(QObject* parent = nullptr);
    ~EngineRunner() override;

    // Build the engine on the worker thread and start running it.
    void start(
        const EngineConfig& config, const std::vector<std::pair<std::string, double>>& knobs = {}, bool running = true);
    bool isRunning() const
    {
        return m_running;
    }
    double speed() const
    {
        return m_speed;
    }

public slots:
    void setRunning(bool running);
    void toggleRunning();
    void setSpeed(double speed); // virtual seconds per wall second; 0: as fast as it goes
    void setStopAt(double seconds); // pause there (0: never)
    void step();
    void setKnob(const QString& name, double value);
    void resetKnobs();
    void setSelection(std::uint32_t gigablock, std::uint32_t pageblock);
    void setProcWanted(bool wanted);

signals:
    void snapshotReady(const gbw::SnapshotPtr& snapshot);
    void started(const QString& description);
    void failed(const QString& error);
    void runningChanged(bool running);
    void speedChanged(double speed);
    void knobRejected(const QString& why);

private:
    template<typename F>
    void post(F&& f);
    void deliver(const gbw::SnapshotPtr& snapshot);

    QThread m_thread;
    EngineWorker* m_worker;
    bool m_running = false;
    double m_speed = 30;
};

} // namespace gbw
