// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <memory>
#include <thread>

#include "sourcerunner.h"

namespace gbw {

namespace live {
class LiveClient;
}

// Attaches to a gigablock-agent: the live client (Boost.Asio, blocking) runs on a thread of its
// own, turns each update into a snapshot there and hands it to the UI thread. Pausing freezes
// what the views show while the client keeps receiving: the held snapshot is replaced by newer
// ones, and since each carries every sample the views have not seen yet, resuming loses nothing.
class LiveRunner : public SourceRunner
{
    Q_OBJECT
public:
    explicit LiveRunner(QObject* parent = nullptr);
    ~LiveRunner() override;

    // HOST:PORT, and a token file when the agent wants one. Failures come as failed().
    void attach(const QString& endpoint, const QString& tokenFile);
    // Updates received while paused, not shown yet.
    int heldUpdates() const
    {
        return m_heldUpdates;
    }

public slots:
    void setRunning(bool running) override;
    void step() override; // while paused: show the newest state, stay paused
    void setSelection(std::uint32_t gigablock, std::uint32_t pageblock) override;
    void setProcWanted(bool wanted) override;

signals:
    void heldUpdatesChanged(int count);

private:
    class Listener;
    void receive(const gbw::SnapshotPtr& snapshot);
    void show(const gbw::SnapshotPtr& snapshot);
    void stopClient();

    std::unique_ptr<Listener> m_listener;
    std::unique_ptr<live::LiveClient> m_client;
    std::thread m_thread;
    std::atomic<std::size_t> m_shownSamples {0}; // samples the views have: later snapshots carry the rest
    SnapshotPtr m_held;
    int m_heldUpdates = 0;
};

} // namespace gbw
