// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include "model/hostconfig.h"
#include "sourcerunner.h"
#include "workerthread.h"

namespace gbw {

class ReplayWorker;
class StoreEventQuery;

// The UI thread's handle on a replay: a ReplayWorker on its own thread, driven by queued calls.
class ReplayRunner : public SourceRunner
{
    Q_OBJECT
public:
    explicit ReplayRunner(QObject* parent = nullptr);
    ~ReplayRunner() override;

    void open(const QString& db, qint64 session, const std::optional<HostConfig>& host, bool running);
    bool canSeek() const override
    {
        return true;
    }

public slots:
    void setRunning(bool running) override;
    void setSpeed(double speed) override;
    void step() override;
    void stepBack() override;
    void stepEvents(int count) override;
    void seek(double seconds) override;
    void setSelection(std::uint32_t gigablock, std::uint32_t pageblock) override;
    void setProcWanted(bool wanted) override;
    // From the store, on a thread of its own (StoreEventQuery).
    void queryEvents(const gbw::EventQuery& query) override;

private:
    void deliver(const gbw::SnapshotPtr& snapshot);

    WorkerThread<ReplayWorker> m_thread;
    ReplayWorker* m_worker; // m_thread's, for posting to
    StoreEventQuery* m_queries;
};

} // namespace gbw
