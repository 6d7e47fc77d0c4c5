// SPDX-License-Identifier: GPL-3.0-or-later
// The real window attached to a local gigablock-agent serving a simulated host, started here on
// port 0: the live marker, per-gigablock state shown as unknown, pausing without losing data,
// and the reconnect message when the agent goes away and comes back.
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "gigablockmapview.h"
#include "liverunner.h"
#include "livesnapshot.h"
#include "mainwindow.h"
#include "procview.h"
#include "sim/workloadfile.h"
#include "simulationstate.h"
#include "workbenchoptions.h"

using namespace gbw;

namespace {

constexpr int kTimeoutMs = 60000; // generous: Debug and sanitizer builds on a loaded machine

// gigablock-agent --simulate on 127.0.0.1, its chosen port read back from --port-file.
class Agent
{
public:
    explicit Agent(const QTemporaryDir& dir)
        : m_portFile(dir.filePath(QStringLiteral("agent.port")))
    {}
    ~Agent()
    {
        stop();
    }

    bool start(quint16 port = 0)
    {
        QFile::remove(m_portFile);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_process.start(QStringLiteral(GBW_AGENT_BINARY),
            {QStringLiteral("--simulate"), QStringLiteral("syzkaller"), QStringLiteral("--host"), QStringLiteral("4G"),
                QStringLiteral("--speed"), QStringLiteral("5"), QStringLiteral("--vmstat-interval"),
                QStringLiteral("200ms"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                QStringLiteral("--port-file"), m_portFile});
        if (!m_process.waitForStarted(kTimeoutMs))
            return false;
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < kTimeoutMs) {
            QFile file(m_portFile);
            if (file.open(QIODevice::ReadOnly)) {
                bool ok = false;
                m_port = quint16(
                    QString::fromLatin1(file.readAll()).split(QLatin1Char(' ')).value(0).trimmed().toUInt(&ok));
                if (ok && m_port)
                    return true;
            }
            QTest::qWait(20);
        }
        return false;
    }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(kTimeoutMs))
            m_process.kill();
        m_process.waitForFinished(kTimeoutMs);
    }
    quint16 port() const
    {
        return m_port;
    }

private:
    QString m_portFile;
    QProcess m_process;
    quint16 m_port = 0;
};

// Gigablocks a 4 GiB host has, counted the way the agent counts them.
std::uint32_t gigablocksOf4GiB()
{
    EngineConfig config;
    config.host = HostConfig::x86_64(std::uint64_t(4) << 30);
    const auto preset = WorkloadFile::loadPreset("syzkaller");
    config.workload = *preset.workload;
    std::string error;
    const auto engine = Engine::create(config, &error);
    std::uint32_t n = 0;
    for (auto c : engine->sampleNow().categories)
        n += c;
    return n;
}

} // namespace

class TestLiveSource : public QObject
{
    Q_OBJECT
private slots:
    void builderTurnsProcTextIntoASnapshot()
    {
        protocol::SourceSet state;
        protocol::Snapshot snapshot;
        snapshot.seq = 1;
        snapshot.sources.push_back({"buddyinfo", 100.0,
            "Node 0, zone      DMA      1      0      0      0      0      0      0      0      0      1      3 \n"
            "Node 0, zone   Normal      8      4      2      0      0      0      0      0      0      0      0 \n"});
        snapshot.sources.push_back({"vmstat", 100.0, "nr_free_pages 3105\npgmigrate_success 7\n"});
        state.apply(snapshot);
        LiveSnapshotBuilder builder;
        builder.connected("db-07", false);
        builder.update(state, {"buddyinfo", "vmstat"}, 100.0);
        const EngineSnapshot s = builder.build(state, SnapshotRequest {});
        // 1 + 512 + 3·1024 in DMA, 8 + 8 + 8 in Normal.
        QCOMPARE(s.latest.freePages, std::uint64_t(1 + 512 + 3 * 1024 + 8 + 8 + 8));
        QCOMPARE(s.latest.freeBlocksByOrder[10], std::uint64_t(3));
        QCOMPARE(s.latest.compactionMigrated, std::uint64_t(7));
        QVERIFY(s.gigablocks.empty());
        QVERIFY(!s.source.unknownGigablocks.empty());
        QVERIFY(!s.source.categoriesKnown); // a real host's vmstat has no gigablock lines
        QCOMPARE(s.source.kind, SourceKind::Live);
        QCOMPARE(s.counters.size(), std::size_t(2));
        QVERIFY(s.buddyinfo.find("Normal") != std::string::npos);
    }

    void attachPauseAndReconnect()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        Agent agent(dir);
        QVERIFY(agent.start());

        MainWindow window;
        window.show();
        auto parsed = WorkbenchOptions::parse(
            {QStringLiteral("w"), QStringLiteral("--connect"), QStringLiteral("127.0.0.1:%1").arg(agent.port())});
        QVERIFY2(parsed.options, qPrintable(parsed.error));
        window.attach(*parsed.options);
        SimulationState* state = window.state();
        QTRY_VERIFY_WITH_TIMEOUT(
            state->snapshot() && state->snapshot()->source.connected && state->history().size() >= 3, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(window.sourceBanner().contains(QStringLiteral("LIVE")), kTimeoutMs);

        // Per-gigablock state is not guessed: the map says it is unknown, with the counts the agent sent.
        const SnapshotPtr live = state->snapshot();
        QVERIFY(live->gigablocks.empty());
        QVERIFY(live->source.categoriesKnown); // a simulated agent adds gigablock_* lines to vmstat
        std::uint32_t counted = 0;
        for (auto c : {CellCategory::Empty, CellCategory::Clean, CellCategory::Tainted, CellCategory::Isolated})
            counted += live->count(c);
        QCOMPARE(counted, gigablocksOf4GiB()); // the agent's simulated 4 GiB host
        QVERIFY(live->latest.freePages > 0);
        QVERIFY(!live->buddyinfo.empty());
        const QImage map = window.mapView()->render(QSize(900, 360));
        QVERIFY(!map.isNull());
        QVERIFY(CellView::unknownText(*live).contains(QStringLiteral("UNKNOWN")));

        // Pause: the views hold still while updates keep arriving; resume shows every sample.
        window.playAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window.sourceBanner().contains(QStringLiteral("PAUSED")), kTimeoutMs);
        const SnapshotPtr frozen = state->snapshot();
        const std::size_t before = state->history().size();
        QTRY_VERIFY_WITH_TIMEOUT(window.liveRunner()->heldUpdates() >= 3, kTimeoutMs);
        QCOMPARE(state->snapshot(), frozen);
        QCOMPARE(state->history().size(), before);
        const int held = window.liveRunner()->heldUpdates();
        window.playAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(state->history().size() >= before + std::size_t(held), kTimeoutMs);
        const auto& history = state->history();
        for (std::size_t i = 1; i < history.size(); ++i)
            QVERIFY(history[i].seconds >= history[i - 1].seconds);

        // The agent goes away: the window says so and keeps trying; it comes back on the same port.
        const quint16 port = agent.port();
        agent.stop();
        QTRY_VERIFY_WITH_TIMEOUT(window.sourceBanner().contains(QStringLiteral("reconnecting")), kTimeoutMs);
        QVERIFY(!state->snapshot()->source.connected || window.sourceBanner().contains(QStringLiteral("lost")));
        QVERIFY(agent.start(port));
        QTRY_VERIFY_WITH_TIMEOUT(window.sourceBanner().contains(QStringLiteral("LIVE")), kTimeoutMs);
    }

    void aRefusedPortIsShownAndRetried()
    {
        MainWindow window;
        auto parsed
            = WorkbenchOptions::parse({QStringLiteral("w"), QStringLiteral("--connect"), QStringLiteral("nonsense")});
        QVERIFY(parsed.options);
        QSignalSpy failed(&window, &MainWindow::sourceFailed);
        window.attach(*parsed.options);
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), kTimeoutMs);
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("--connect")));
    }
};

QTEST_MAIN(TestLiveSource)
#include "tst_livesource.moc"
