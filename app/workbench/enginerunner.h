// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pfnlocation.h"
#include "sim/engine.h"
#include "sourcerunner.h"
#include "workerthread.h"

namespace gbw {

class EngineWorker;

// The UI thread's handle on the engine: starts a worker thread that owns the
// Engine, forwards every command to it as a queued call, and hands its
// snapshots on (snapshotReady), acknowledging each once the UI has taken it.
class EngineRunner : public SourceRunner
{
    Q_OBJECT
public:
    explicit EngineRunner(QObject* parent = nullptr);
    ~EngineRunner() override;

    // Build the engine on the worker thread and start running it.
    void start(
        const EngineConfig& config, const std::vector<std::pair<std::string, double>>& knobs = {}, bool running = true);
    // A/B: two engines in lockstep on the identical request stream; the first one's snapshots come
    // through snapshotReady, the second's through secondSnapshotReady just before.
    void startPair(const EngineConfig& a, const std::vector<std::pair<std::string, double>>& knobsA,
        const EngineConfig& b, const std::vector<std::pair<std::string, double>>& knobsB, bool running = true);
    // Ask the worker where a page is; pfnLocated answers.
    void locate(Pfn pfn);
    bool hasKnobs() const override
    {
        return true;
    }

public slots:
    void setRunning(bool running) override;
    void setSpeed(double speed) override;
    void setStopAt(double seconds); // pause there (0: never)
    void step() override;
    void setKnob(const QString& name, double value) override;
    void resetKnobs() override;
    void setSelection(std::uint32_t gigablock, std::uint32_t pageblock) override;
    void setProcWanted(bool wanted) override;
    void queryEvents(const gbw::EventQuery& query) override;
    // How many of the latest events the simulation keeps for the event list (tests make it small).
    void setEventLogCapacity(std::size_t capacity);

signals:
    void secondSnapshotReady(const gbw::SnapshotPtr& snapshot);
    void pfnLocated(const gbw::PfnLocation& location);

private:
    void deliver(const gbw::SnapshotPtr& snapshot);

    WorkerThread<EngineWorker> m_thread;
    EngineWorker* m_worker; // m_thread's, for posting to
};

} // namespace gbw
