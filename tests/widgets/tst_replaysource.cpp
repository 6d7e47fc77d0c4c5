// SPDX-License-Identifier: GPL-3.0-or-later
// The real window on a replay of a small recording made here with the engine and the recorder:
// the scrubber seeks anywhere, the step actions move by one interval or one event, and every
// state shown is the one an independent Replay of the same recording reaches.
#include <QAction>
#include <QFile>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>

#include "importers/recordingreader.h"
#include "importers/simulationrecorder.h"
#include "importers/sqlitestore.h"
#include "knobsview.h"
#include "mainwindow.h"
#include "replay/recordingconfig.h"
#include "replay/replay.h"
#include "replayrunner.h"
#include "replayscrubber.h"
#include "sim/workloadfile.h"
#include "simulationstate.h"
#include "timelineview.h"
#include "workbenchoptions.h"
#include "workbenchtest.h"

using namespace gbw;
using namespace gbw::testing;

namespace {

constexpr int kTimeoutMs = 60000; // generous: Debug and sanitizer builds on a loaded machine
constexpr double kRecordedSeconds = 6;

bool record(const std::string& path)
{
    return testing::recordSyzkaller(path, "tst_replaysource", kRecordedSeconds);
}

std::unique_ptr<Replay> independentReplay(const std::string& path)
{
    std::string error;
    auto store = importers::SqliteStore::openExisting(path, error);
    if (!store)
        return nullptr;
    const auto sessions = store->sessions();
    if (sessions.empty())
        return nullptr;
    auto recording = importers::loadRecording(*store, sessions.back().id, std::nullopt, &error);
    return recording ? Replay::create(std::move(*recording), &error) : nullptr;
}

std::uint64_t freePages(const MemoryModel& model)
{
    std::uint64_t pages = 0;
    for (const auto& gb : model.gigablocks())
        pages += gb.freePages;
    return pages;
}

std::uint64_t shownFreePages(const EngineSnapshot& s)
{
    std::uint64_t pages = 0;
    for (const auto& cell : s.gigablocks)
        pages += cell.freePages;
    return pages;
}

} // namespace

class TestReplaySource : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("run.db")).toStdString();
        QVERIFY(record(m_db));
        m_replay = independentReplay(m_db);
        QVERIFY(m_replay);
        QVERIFY(m_replay->eventCount() > 1000);
    }

    void optionsNeedTheirPartners()
    {
        auto parsed = WorkbenchOptions::parse({QStringLiteral("w"), QStringLiteral("--replay"), QStringLiteral("1")});
        QVERIFY(!parsed.options);
        QVERIFY(parsed.error.contains(QStringLiteral("--replay: needs --db")));
        parsed = WorkbenchOptions::parse({QStringLiteral("w"), QStringLiteral("--db"), QStringLiteral("a.db"),
            QStringLiteral("--connect"), QStringLiteral("127.0.0.1:1")});
        QVERIFY(!parsed.options);
    }

    void aMissingDatabaseIsReportedNotCrashed()
    {
        MainWindow window;
        QSignalSpy failed(&window, &MainWindow::sourceFailed);
        window.openReplay(options({QStringLiteral("--db"), m_dir.filePath(QStringLiteral("nosuch.db"))}));
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), kTimeoutMs);
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("nosuch.db")));
        QVERIFY(window.sourceBanner().contains(QStringLiteral("nosuch.db")));
    }

    void scrubAndStepThroughTheRecording()
    {
        MainWindow window;
        window.show();
        window.openReplay(options({QStringLiteral("--db"), QString::fromStdString(m_db), QStringLiteral("--paused")}));
        SimulationState* state = window.state();
        QTRY_VERIFY_WITH_TIMEOUT(state->snapshot() && state->snapshot()->source.kind == SourceKind::Replay, kTimeoutMs);
        const SnapshotPtr snapshot = state->snapshot();
        const EngineSnapshot& first = *snapshot;
        QCOMPARE(first.source.eventCount, m_replay->eventCount());
        QCOMPARE(first.source.position, std::uint64_t(0));
        QCOMPARE(shownFreePages(first), freePages(m_replay->state().model())); // boot: all free but reserved
        QVERIFY(first.source.endSeconds >= kRecordedSeconds - 0.5);
        // The recorded time series is shown whole at once, and the scrubber spans the recording.
        QTRY_VERIFY_WITH_TIMEOUT(state->history().size() >= std::size_t(kRecordedSeconds), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(window.scrubber()->isVisible(), kTimeoutMs);
        QCOMPARE(window.scrubber()->slider()->maximum(), int(first.source.endSeconds * 1000));
        QCOMPARE(window.timelineView()->cursorSeconds(), 0.0);

        // Scrub to the middle: the state is the independent replay's at that time.
        window.scrubber()->slider()->setValue(3000);
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(state->snapshot()->seconds - 3.0) < 1e-9, kTimeoutMs);
        m_replay->seek(VirtualTime(3e9));
        QCOMPARE(state->snapshot()->source.position, m_replay->position());
        QCOMPARE(shownFreePages(*state->snapshot()), freePages(m_replay->state().model()));
        QCOMPARE(state->snapshot()->latest.freePages, freePages(m_replay->state().model()));
        QTRY_COMPARE_WITH_TIMEOUT(window.timelineView()->cursorSeconds(), 3.0, kTimeoutMs);

        // One event forward and back.
        const std::uint64_t at = state->snapshot()->source.position;
        window.eventForwardAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(state->snapshot()->source.position, at + 1, kTimeoutMs);
        m_replay->seekToEvent(at + 1);
        QCOMPARE(shownFreePages(*state->snapshot()), freePages(m_replay->state().model()));
        window.eventBackAction()->trigger();
        window.eventBackAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(state->snapshot()->source.position, at - 1, kTimeoutMs);

        // One sample interval back (Left) from 3 s is 2 s; forward (Right) is 3 s again.
        window.scrubber()->slider()->setValue(3000);
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(state->snapshot()->seconds - 3.0) < 1e-9, kTimeoutMs);
        window.stepBackAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(state->snapshot()->seconds - 2.0) < 1e-9, kTimeoutMs);
        m_replay->seek(VirtualTime(2e9));
        QCOMPARE(state->snapshot()->source.position, m_replay->position());
        window.stepAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(state->snapshot()->seconds - 3.0) < 1e-9, kTimeoutMs);

        // The end, then back to the start: a seek backwards rebuilds from a checkpoint.
        window.scrubber()->slider()->setValue(window.scrubber()->slider()->maximum());
        QTRY_COMPARE_WITH_TIMEOUT(state->snapshot()->source.position, m_replay->eventCount(), kTimeoutMs);
        window.scrubber()->slider()->setValue(0);
        QTRY_COMPARE_WITH_TIMEOUT(state->snapshot()->source.position, std::uint64_t(0), kTimeoutMs);
        m_replay->seekToEvent(0);
        QCOMPARE(shownFreePages(*state->snapshot()), freePages(m_replay->state().model()));
    }

    void drillDownAndPlayWork()
    {
        MainWindow window;
        window.show();
        window.openReplay(options({QStringLiteral("--db"), QString::fromStdString(m_db), QStringLiteral("--speed"),
            QStringLiteral("max"), QStringLiteral("--select"), QStringLiteral("1:3")}));
        SimulationState* state = window.state();
        // Playing at full speed runs to the end of the recording and stops there.
        QTRY_VERIFY_WITH_TIMEOUT(state->snapshot() && state->snapshot()->source.kind == SourceKind::Replay
                && state->snapshot()->source.position == m_replay->eventCount() && !window.source()->isRunning(),
            kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(state->drillDown() && state->drillDown()->pages.size() == 512, kTimeoutMs);
        QCOMPARE(state->drillDown()->gigablock, 1u);
        QVERIFY(window.sourceBanner().contains(QStringLiteral("REPLAY")));
        // Knobs act on simulations only.
        QVERIFY(!window.knobsView()->isEnabled());
    }

    void exportsWriteWhatIsShown()
    {
        MainWindow window;
        window.show();
        window.openReplay(options({QStringLiteral("--db"), QString::fromStdString(m_db), QStringLiteral("--paused")}));
        SimulationState* state = window.state();
        QTRY_VERIFY_WITH_TIMEOUT(state->history().size() >= std::size_t(kRecordedSeconds), kTimeoutMs);
        const QString csv = m_dir.filePath(QStringLiteral("series.csv"));
        QCOMPARE(window.exportTimeSeries(csv), QString());
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), int(state->history().size()) + 1);
        QVERIFY(lines.first().startsWith(QStringLiteral("seconds,events,empty,clean,tainted,isolated")));
        const auto& last = state->history().back();
        QVERIFY(lines.last().startsWith(
            QString::number(last.seconds, 'g', 12) + QLatin1Char(',') + QString::number(last.events)));

        const QString png = m_dir.filePath(QStringLiteral("map.png"));
        QCOMPARE(window.exportView(QStringLiteral("map"), png), QString());
        const QImage image(png);
        QVERIFY(image.width() >= 900);
        const QString pdf = m_dir.filePath(QStringLiteral("map.pdf"));
        QCOMPARE(window.exportView(QStringLiteral("map"), pdf), QString());
        QFile written(pdf);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QVERIFY(written.read(5) == "%PDF-");
        QVERIFY(window.exportView(QStringLiteral("map"), m_dir.filePath(QStringLiteral("map.bmp")))
                    .contains(QStringLiteral(".png, .svg or .pdf")));
    }

private:
    static WorkbenchOptions options(QStringList arguments)
    {
        arguments.prepend(QStringLiteral("gigablock-workbench"));
        auto parsed = WorkbenchOptions::parse(arguments);
        if (!parsed.options)
            qFatal("options: %s", qPrintable(parsed.error));
        return *parsed.options;
    }

    QTemporaryDir m_dir;
    std::string m_db;
    std::unique_ptr<Replay> m_replay;
};

QTEST_MAIN(TestReplaySource)
#include "tst_replaysource.moc"
