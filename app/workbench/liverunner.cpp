// SPDX-License-Identifier: GPL-3.0-or-later
#include "liverunner.h"

#include <chrono>

#include <QPointer>

#include "live/liveclient.h"
#include "livesnapshot.h"

namespace gbw {

// Runs on the client's thread: every callback below comes from LiveClient::run().
class LiveRunner::Listener final : public live::LiveListener
{
public:
    Listener(LiveRunner* runner, std::atomic<std::size_t>* shownSamples)
        : m_runner(runner)
        , m_shownSamples(shownSamples)
    {}

    void connected(const protocol::AgentHello& hello, const protocol::Welcome& welcome) override
    {
        const bool simulated = std::find(welcome.capabilities.begin(), welcome.capabilities.end(), "simulated")
                != welcome.capabilities.end()
            || std::find(hello.capabilities.begin(), hello.capabilities.end(), "simulated") != hello.capabilities.end();
        m_builder.connected(hello.host, simulated);
        status(QStringLiteral("live: connected to %1").arg(QString::fromStdString(hello.host)), true);
    }

    void updated(const protocol::SourceSet& state, const std::vector<std::string>& changed, bool) override
    {
        const double wall = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
        m_builder.update(state, changed, wall);
        m_state = &state;
        publish(false);
    }

    void disconnected(const std::string& reason, bool retrying) override
    {
        m_builder.disconnected(reason, retrying);
        status(QString::fromStdString((retrying ? "live: connection lost (" : "live: attach failed (") + reason
                   + (retrying ? "); reconnecting…" : ")")),
            false);
        if (m_state)
            publish(true);
    }

private:
    // At most 60 a second; a skipped update shows with the next (agents tick a few times a second).
    void publish(bool force)
    {
        const auto now = std::chrono::steady_clock::now();
        if (!force && now - m_lastPublish < std::chrono::milliseconds(16))
            return;
        m_lastPublish = now;
        SnapshotRequest request;
        request.procText = true;
        request.samplesFrom = m_shownSamples->load();
        auto snapshot = std::make_shared<const EngineSnapshot>(m_builder.build(*m_state, request));
        QMetaObject::invokeMethod(
            m_runner, [r = m_runner, snapshot] { r->receive(snapshot); }, Qt::QueuedConnection);
    }

    void status(const QString& text, bool healthy)
    {
        QMetaObject::invokeMethod(
            m_runner, [r = m_runner, text, healthy] { emit r->statusChanged(text, healthy); }, Qt::QueuedConnection);
    }

    LiveRunner* m_runner;
    std::atomic<std::size_t>* m_shownSamples;
    LiveSnapshotBuilder m_builder;
    const protocol::SourceSet* m_state = nullptr; // the client's, valid while run() runs
    std::chrono::steady_clock::time_point m_lastPublish;
};

LiveRunner::LiveRunner(QObject* parent)
    : SourceRunner(parent)
{
    qRegisterMetaType<SnapshotPtr>();
    m_running = true;
}

LiveRunner::~LiveRunner()
{
    stopClient();
}

void LiveRunner::stopClient()
{
    if (m_client)
        m_client->stop();
    if (m_thread.joinable())
        m_thread.join();
    m_client.reset();
    m_listener.reset();
}

void LiveRunner::attach(const QString& endpoint, const QString& tokenFile)
{
    stopClient();
    std::string error;
    live::ClientOptions options;
    const auto agent = live::parseEndpoint(endpoint.toStdString(), error);
    if (!agent) {
        emit failed(QStringLiteral("--connect: ") + QString::fromStdString(error));
        return;
    }
    options.agent = *agent;
    options.clientName = "gigablock-workbench";
    if (!tokenFile.isEmpty()) {
        options.token = live::TokenAuth::fromFile(tokenFile.toStdString(), error);
        if (!options.token) {
            emit failed(QStringLiteral("--token-file: ") + QString::fromStdString(error));
            return;
        }
    }
    m_shownSamples = 0;
    m_held.reset();
    m_heldUpdates = 0;
    m_listener = std::make_unique<Listener>(this, &m_shownSamples);
    m_client = std::make_unique<live::LiveClient>(options, *m_listener);
    emit started(QStringLiteral("live: %1").arg(endpoint));
    emit statusChanged(QStringLiteral("live: connecting to %1…").arg(endpoint), false);
    m_thread = std::thread([this, client = m_client.get()] {
        const std::string refusal = client->run();
        if (!refusal.empty()) {
            QMetaObject::invokeMethod(
                this, [this, refusal] { emit failed(QString::fromStdString(refusal)); }, Qt::QueuedConnection);
        }
    });
    emit runningChanged(m_running);
}

void LiveRunner::receive(const SnapshotPtr& snapshot)
{
    if (m_running) {
        show(snapshot);
        return;
    }
    m_held = snapshot;
    ++m_heldUpdates;
    emit heldUpdatesChanged(m_heldUpdates);
}

void LiveRunner::show(const SnapshotPtr& snapshot)
{
    m_shownSamples = snapshot->firstSample + snapshot->samples.size();
    emit snapshotReady(snapshot);
}

void LiveRunner::setRunning(bool running)
{
    if (running == m_running)
        return;
    m_running = running;
    if (running && m_held) {
        show(m_held);
        m_held.reset();
        m_heldUpdates = 0;
        emit heldUpdatesChanged(0);
    }
    emit runningChanged(running);
}

void LiveRunner::step()
{
    if (m_running || !m_held)
        return;
    show(m_held);
    m_held.reset();
    m_heldUpdates = 0;
    emit heldUpdatesChanged(0);
}

void LiveRunner::setSelection(std::uint32_t, std::uint32_t)
{
    // Nothing to drill into: a live host has no per-gigablock state.
}

void LiveRunner::setProcWanted(bool)
{
    // The /proc texts arrive anyway; showing them costs nothing.
}

} // namespace gbw
