// SPDX-License-Identifier: GPL-3.0-or-later
// Linking in the real window, offscreen: a click on a gigablock lists the events that touched it
// within the time brushed on a timeline (from a running simulation's log and from a replay's
// store), the map dims what the range did not touch, Esc goes back to the whole run; views
// export as SVG; sessions keep the brush; the last source comes back on start, or the default
// simulation with a word why.
#include <QAbstractItemModelTester>
#include <QAction>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "colors.h"
#include "enginerunner.h"
#include "eventlinker.h"
#include "eventlistmodel.h"
#include "eventlistview.h"
#include "gigablockmapview.h"
#include "importers/recordingreader.h"
#include "importers/simulationrecorder.h"
#include "importers/sqlitestore.h"
#include "mainwindow.h"
#include "replay/recordingconfig.h"
#include "replay/recordingsink.h"
#include "replayrunner.h"
#include "sim/workloadfile.h"
#include "simulationstate.h"
#include "sourcerunner.h"
#include "syntheticsnapshot.h"
#include "timelineview.h"
#include "workbenchoptions.h"
#include "workbenchtest.h"

using namespace gbw;
using namespace gbw::testing;

namespace {

constexpr int kTimeoutMs = 120000; // generous: Debug and sanitizer builds on a loaded machine

// An 8 GiB host building a kernel, as fast as it goes, pausing at `seconds`.
QStringList simulation(const char* seconds)
{
    return {QStringLiteral("--host"), QStringLiteral("8G"), QStringLiteral("--simulate"),
        QStringLiteral("kernel-build"), QStringLiteral("--speed"), QStringLiteral("max"), QStringLiteral("--duration"),
        QString::fromLatin1(seconds) + QStringLiteral("s")};
}

bool record(const std::string& path)
{
    return testing::recordSyzkaller(path, "tst_linking", 5);
}

// The events that touched [first, end) in [from, to], counted independently of the workbench.
std::uint64_t countTouching(const std::vector<RecordedEvent>& events, VirtualTime from, VirtualTime to, Pfn first,
    Pfn end, std::uint32_t gigablock)
{
    std::uint64_t n = 0;
    for (const RecordedEvent& e : events) {
        if (e.time < from || e.time > to)
            continue;
        if (e.kind == RecordedKind::GigablockTake || e.kind == RecordedKind::GigablockRelease)
            n += e.pfn == gigablock;
        else
            n += e.pfn < end && e.pfn + (Pfn(1) << e.order) > first;
    }
    return n;
}

// Waits for the list's answer to the question the window asks now.
EventQueryResultPtr answerFor(MainWindow& window)
{
    // The answer the list shows for the question of now (not one about an earlier selection).
    const QString scope = window.eventLinker()->scopeText();
    EventQueryResultPtr shown;
    QObject context;
    QObject::connect(window.eventLinker(), &EventLinker::answered, &context, [&](const EventQueryResultPtr& result) {
        const QString header = window.eventListView()->headerText();
        if (header.startsWith(scope) && window.eventLinker()->scopeText() == scope)
            shown = result;
    });
    window.eventLinker()->refresh();
    return QTest::qWaitFor([&] { return shown != nullptr; }, kTimeoutMs) ? shown : nullptr;
}

bool waitPaused(MainWindow& window, double seconds)
{
    return QTest::qWaitFor(
        [&] {
            const auto& s = window.state()->snapshot();
            return s && s->seconds >= seconds - 1e-9 && !window.source()->isRunning();
        },
        kTimeoutMs);
}

// A source without per-event data, as a live agent is.
class NoEventsSource : public SourceRunner
{
public:
    using SourceRunner::SourceRunner;
    void setRunning(bool) override {}
    void step() override {}
    void setSelection(std::uint32_t, std::uint32_t) override {}
    void setProcWanted(bool) override {}
};

} // namespace

class TestLinking : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        // The settings of this test only, never the user's.
        QVERIFY(m_settingsDir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("gigablock-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_linking"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QVERIFY(m_recordingDir.isValid());
        m_db = m_recordingDir.filePath(QStringLiteral("run.db"));
        QVERIFY(record(m_db.toStdString()));
    }

    void clickAndBrushListTheGigablocksEventsInTheRange()
    {
        MainWindow window;
        const auto options = optionsFor(simulation("4"));
        window.startSimulation(options);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(waitPaused(window, 4.0));
        SimulationState* state = window.state();
        QAbstractItemModelTester tester(
            window.eventListView()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        // Shift+drag from 1 s to 3 s on the first timeline brushes that range.
        TimelineView* timelines = window.timelineView();
        QWidget* plot = timelines->plotWidget(0);
        const QPoint from = timelines->pixelAt(0, 1.0);
        const QPoint to = timelines->pixelAt(0, 3.0);
        QTest::mousePress(plot, Qt::LeftButton, Qt::ShiftModifier, from);
        QTest::mouseMove(plot, to);
        QTest::mouseRelease(plot, Qt::LeftButton, Qt::ShiftModifier, to);
        QVERIFY(state->hasTimeRange());
        QVERIFY(std::abs(state->timeRange().first - 1.0) < 0.05);
        QVERIFY(std::abs(state->timeRange().second - 3.0) < 0.05);
        QCOMPARE(timelines->brushShown(), state->timeRange());

        // Click gigablock 4 in the map: the list shows its events in the range and nothing else.
        GigablockMapView* map = window.mapView();
        QTest::mouseClick(map, Qt::LeftButton, {}, map->cellGeometry().cellRect(4).center());
        QCOMPARE(state->selectedGigablock(), 4u);
        const auto result = answerFor(window);
        QVERIFY(result);
        QVERIFY(result->available);
        QVERIFY(!result->events.empty());
        const SnapshotPtr snapshot = state->snapshot(); // kept: the state moves on while we wait
        const auto& s = *snapshot;
        const Pfn first = s.gigablocks[4].startPfn;
        const Pfn end = s.gigablocks[5].startPfn;
        const auto fromNs = VirtualTime(state->timeRange().first * 1e9);
        const auto toNs = VirtualTime(state->timeRange().second * 1e9);
        for (const RecordedEvent& e : result->events) {
            QVERIFY(e.time >= fromNs && e.time <= toNs);
            if (e.kind == RecordedKind::GigablockTake || e.kind == RecordedKind::GigablockRelease)
                QCOMPARE(e.pfn, Pfn(4));
            else
                QVERIFY2(e.pfn < end && e.pfn + (Pfn(1) << e.order) > first, qPrintable(QString::number(e.pfn, 16)));
        }
        // Exactly the events an independent run of the same configuration has there.
        std::string error;
        auto engine = Engine::create(options.engine, &error);
        QVERIFY2(engine, error.c_str());
        Recording reference;
        RecordingSink sink(reference);
        engine->setEventSink(&sink);
        engine->runUntil(VirtualTime(4e9));
        QCOMPARE(result->matched, countTouching(reference.events, fromNs, toNs, first, end, 4));
        QCOMPARE(std::uint64_t(result->touched.at(4)), result->matched);
        QVERIFY(!result->incomplete);
        EventListModel* model = window.eventListView()->model();
        QCOMPARE(std::uint64_t(model->rowCount()), std::min<std::uint64_t>(result->matched, EventQuery().limit));
        const double firstTime = model->index(0, EventListModel::TimeColumn).data().toDouble();
        QVERIFY(firstTime >= state->timeRange().first - 1e-6 && firstTime <= state->timeRange().second + 1e-6);
        QVERIFY(window.eventListView()->headerText().contains(QStringLiteral("Gigablock 4")));
        QVERIFY(window.eventListView()->warningText().isEmpty());

        // A pageblock narrows the list to it.
        state->selectPageblock(10);
        const auto pageblock = answerFor(window);
        QVERIFY(pageblock);
        const Pfn pbFirst = (first & ~Pfn(s.geometry.pagesPerGigablock() - 1)) + 10 * s.geometry.pagesPerPageblock();
        const Pfn pbEnd = pbFirst + s.geometry.pagesPerPageblock();
        QCOMPARE(pageblock->matched, countTouching(reference.events, fromNs, toNs, pbFirst, pbEnd, 4));
        for (const RecordedEvent& e : pageblock->events)
            QVERIFY(e.pfn < pbEnd && e.pfn + (Pfn(1) << e.order) > pbFirst);

        // A page narrows it to the events whose blocks cover that one page.
        state->selectPage(37);
        const auto page = answerFor(window);
        QVERIFY(page);
        const Pfn pfn = pbFirst + 37;
        QCOMPARE(page->matched, countTouching(reference.events, fromNs, toNs, pfn, pfn + 1, 4));
        QVERIFY(page->matched <= pageblock->matched);
        for (const RecordedEvent& e : page->events)
            QVERIFY(e.pfn <= pfn && e.pfn + (Pfn(1) << e.order) > pfn);
        QVERIFY(window.eventListView()->headerText().contains(QStringLiteral("pageblock 10, page 37")));

        // Esc: the whole run again, in the list, the timelines and the map.
        auto* clear = window.findChild<QAction*>(QStringLiteral("clearTimeRange"));
        QVERIFY(clear);
        clear->trigger();
        QVERIFY(!state->hasTimeRange());
        QCOMPARE(timelines->brushShown(), std::make_pair(0.0, 0.0));
        QVERIFY(state->touchedGigablocks().empty());
        const auto whole = answerFor(window);
        QVERIFY(whole);
        QVERIFY(window.eventListView()->headerText().contains(QStringLiteral("whole run")));
        QVERIFY(whole->matched >= page->matched); // the same page over the whole run
    }

    void theMapDimsWhatTheRangeDidNotTouch()
    {
        MainWindow window;
        window.startSimulation(optionsFor(simulation("2")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(waitPaused(window, 2.0));
        SimulationState* state = window.state();
        GigablockMapView* map = window.mapView();
        const QSize size = map->size();
        const QImage plain = map->render(size);
        // A range short enough that some gigablocks changed in it and others did not.
        std::vector<std::uint32_t> touched;
        for (double width = 0.5; width > 1e-7; width /= 4) {
            state->setTimeRange(1.5, 1.5 + width);
            QVERIFY(answerFor(window));
            touched = state->touchedGigablocks();
            const bool some = std::any_of(touched.begin(), touched.end(), [](auto n) { return n > 0; });
            const bool all = std::all_of(touched.begin(), touched.end(), [](auto n) { return n > 0; });
            if (some && !all)
                break;
        }
        QCOMPARE(touched.size(), state->snapshot()->gigablocks.size());
        const auto changed = std::find_if(touched.begin(), touched.end(), [](auto n) { return n > 0; });
        const auto untouched = std::find(touched.begin(), touched.end(), 0u);
        QVERIFY(changed != touched.end() && untouched != touched.end());
        const QImage brushed = map->render(size);
        const CellGeometry at = map->cellGeometry();
        const QPoint touchedPixel = at.cellRect(int(changed - touched.begin())).topLeft() + QPoint(2, 2);
        const QPoint dimPixel = at.cellRect(int(untouched - touched.begin())).topLeft() + QPoint(2, 2);
        QCOMPARE(brushed.pixel(touchedPixel), plain.pixel(touchedPixel));
        QVERIFY(brushed.pixel(dimPixel) != plain.pixel(dimPixel));
        // Dimmed towards the background: closer to it than the plain colour was.
        const QColor background = map->palette().color(QPalette::Window);
        const auto distance = [&](QRgb c) {
            return std::abs(qRed(c) - background.red()) + std::abs(qGreen(c) - background.green())
                + std::abs(qBlue(c) - background.blue());
        };
        QVERIFY(distance(brushed.pixel(dimPixel)) < distance(plain.pixel(dimPixel)));
        state->clearTimeRange();
        QCOMPARE(map->render(size).pixel(dimPixel), plain.pixel(dimPixel));
    }

    void aSmallLogSaysTheRangeReachesPastWhatItKept()
    {
        MainWindow window;
        window.runner()->setEventLogCapacity(5000);
        window.startSimulation(optionsFor(simulation("2")));
        QVERIFY(waitPaused(window, 2.0));
        const auto whole = answerFor(window);
        QVERIFY(whole);
        QVERIFY(whole->incomplete);
        QVERIFY(whole->forgotten > 0);
        QVERIFY2(window.eventListView()->warningText().contains(QStringLiteral("Incomplete")),
            qPrintable(window.eventListView()->warningText()));
        // A range inside what is kept is whole again.
        window.state()->setTimeRange(double(whole->keptFrom) / 1e9 + 0.001, 2.0);
        const auto recent = answerFor(window);
        QVERIFY(recent);
        QVERIFY(!recent->incomplete);
        QVERIFY(window.eventListView()->warningText().isEmpty());
    }

    void aReplayListsItsEventsFromTheStore()
    {
        MainWindow window;
        window.openReplay(optionsFor({QStringLiteral("--db"), m_db}));
        QTRY_VERIFY_WITH_TIMEOUT(window.state()->snapshot() != nullptr, kTimeoutMs);
        SimulationState* state = window.state();
        std::string error;
        auto store = importers::SqliteStore::openExisting(m_db.toStdString(), error);
        QVERIFY(store);
        const auto recording = importers::loadRecording(*store, store->sessions().back().id, std::nullopt, &error);
        QVERIFY2(recording, error.c_str());
        // The gigablock the recording touched most in 1 s to 3.5 s.
        const SnapshotPtr snapshot = state->snapshot(); // kept: the state moves on while we wait
        const auto& s = *snapshot;
        const VirtualTime from = VirtualTime(1e9), to = VirtualTime(3.5e9);
        const auto rangeOf = [&](std::uint32_t gb) {
            return std::make_pair(s.gigablocks[gb].startPfn,
                gb + 1 < s.gigablocks.size() ? s.gigablocks[gb + 1].startPfn
                                             : s.gigablocks[gb].startPfn + s.geometry.pagesPerGigablock());
        };
        std::uint32_t busiest = 0;
        std::uint64_t most = 0;
        for (std::uint32_t gb = 0; gb < s.gigablocks.size(); ++gb) {
            const auto [first, end] = rangeOf(gb);
            if (const auto n = countTouching(recording->events, from, to, first, end, gb); n > most) {
                most = n;
                busiest = gb;
            }
        }
        QVERIFY(most > 0);
        state->selectGigablock(busiest);
        state->setTimeRange(1.0, 3.5);
        const auto result = answerFor(window);
        QVERIFY(result);
        QVERIFY(result->available);
        QCOMPARE(result->matched, most);
        const auto [first, end] = rangeOf(busiest);
        for (const RecordedEvent& e : result->events) {
            QVERIFY(e.time >= from && e.time <= to);
            QVERIFY(e.pfn < end && e.pfn + (Pfn(1) << e.order) > first);
        }
        QCOMPARE(state->touchedGigablocks().size(), s.gigablocks.size());
        QCOMPARE(std::uint64_t(state->touchedGigablocks()[busiest]), most);
    }

    void aSourceWithoutEventsSaysSo()
    {
        SimulationState state;
        EventListView view(&state);
        EventLinker linker(&state, &view);
        NoEventsSource source;
        linker.setSource(&source);
        state.setSnapshot(test::emptySnapshot(4));
        state.selectGigablock(1);
        QSignalSpy answered(&linker, &EventLinker::answered);
        state.setTimeRange(1, 2);
        QTRY_VERIFY(!answered.isEmpty());
        QVERIFY(view.warningText().contains(QStringLiteral("no per-event data")));
        QCOMPARE(view.model()->rowCount(), 0);
        QVERIFY(state.touchedGigablocks().empty()); // no overlay from guesses
    }

    void viewsExportAsSvg()
    {
        MainWindow window;
        window.startSimulation(optionsFor(simulation("1")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(waitPaused(window, 1.0));
        QTemporaryDir dir;
        for (const QString& view : {QStringLiteral("map"), QStringLiteral("timelines"), QString()}) {
            const QString path
                = dir.filePath(view.isEmpty() ? QStringLiteral("window.svg") : view + QStringLiteral(".svg"));
            QCOMPARE(window.exportView(view, path), QString());
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray svg = file.readAll();
            QXmlStreamReader xml(svg);
            int elements = 0;
            while (!xml.atEnd()) {
                if (xml.readNext() == QXmlStreamReader::StartElement)
                    ++elements;
            }
            QVERIFY2(!xml.hasError(), qPrintable(view + QStringLiteral(": ") + xml.errorString()));
            QVERIFY(elements > 10);
            QVERIFY(svg.contains("<svg"));
            if (view != QLatin1String("timelines")) {
                // Gigablock 0's colour is drawn as a vector fill, not hidden in an embedded image.
                const GigablockCell& cell = window.state()->snapshot()->gigablocks[0];
                const QString color = QColor::fromRgb(colors::category(cell.category, cell.usedShare())).name();
                QVERIFY2(svg.contains(color.toLatin1()), qPrintable(view + QStringLiteral(": no ") + color));
            }
            if (view == QLatin1String("timelines"))
                QVERIFY(svg.contains("Free memory"));
        }
        const QString bad = dir.filePath(QStringLiteral("no/such/dir/map.svg"));
        QVERIFY(window.exportView(QStringLiteral("map"), bad).contains(bad));
    }

    void sessionsKeepTheBrush()
    {
        MainWindow window;
        window.startSimulation(optionsFor(simulation("1")));
        window.state()->setTimeRange(0.25, 0.75);
        const Session saved = window.currentSession();
        QCOMPARE(saved.brush, std::make_pair(0.25, 0.75));
        const auto loaded = Session::fromJson(saved.toJson());
        QVERIFY(loaded.session);
        QCOMPARE(loaded.session->brush, std::make_pair(0.25, 0.75));
        MainWindow other;
        QCOMPARE(other.applySession(*loaded.session), QString());
        QCOMPARE(other.state()->timeRange(), std::make_pair(0.25, 0.75));
        QCOMPARE(other.timelineView()->brushShown(), std::make_pair(0.25, 0.75));
        // Without a brush in the session: the whole run.
        Session none = *loaded.session;
        none.brush = {0, 0};
        QCOMPARE(other.applySession(none), QString());
        QVERIFY(!other.state()->hasTimeRange());
        // A bad one names the field.
        std::string json = saved.toJson();
        json.replace(json.find("\"brush\""), 7, "\"brush\": 3, \"unused\"");
        const auto bad = Session::fromJson(json);
        QVERIFY(!bad.session);
        QVERIFY2(bad.error.contains(QStringLiteral("brush")), qPrintable(bad.error));
    }

    void theLastSourceComesBack()
    {
        const auto defaults = optionsFor(simulation("1"));
        // A window that restored its layout saves its source on close.
        {
            MainWindow window;
            window.restoreLayout();
            window.startSource(optionsFor({QStringLiteral("--host"), QStringLiteral("4G"), QStringLiteral("--policy"),
                QStringLiteral("superpageblock"), QStringLiteral("--speed"), QStringLiteral("max")}));
            window.show();
            QTRY_VERIFY_WITH_TIMEOUT(window.state()->snapshot() != nullptr, kTimeoutMs);
            window.close();
        }
        {
            MainWindow window;
            window.restoreLastSource(defaults);
            QTRY_VERIFY_WITH_TIMEOUT(window.state()->snapshot() != nullptr, kTimeoutMs);
            QCOMPARE(window.state()->snapshot()->hostBytes, std::uint64_t(4) << 30);
            QCOMPARE(window.state()->snapshot()->policy, std::string("superpageblock"));
            QVERIFY(window.restoreMessage().contains(QStringLiteral("Reopened")));
        }
        // A replay comes back as a replay.
        setLastSource({QStringLiteral("--db"), m_db});
        {
            MainWindow window;
            window.restoreLastSource(defaults);
            QCOMPARE(window.source(), static_cast<SourceRunner*>(window.replayRunner()));
            QTRY_VERIFY_WITH_TIMEOUT(window.state()->snapshot() != nullptr, kTimeoutMs);
            QCOMPARE(window.state()->snapshot()->source.kind, SourceKind::Replay);
        }
    }

    void aSourceThatIsGoneFallsBackToTheDefault()
    {
        const auto defaults = optionsFor(simulation("1"));
        // The store was deleted.
        setLastSource({QStringLiteral("--db"), m_recordingDir.filePath(QStringLiteral("deleted.db"))});
        {
            MainWindow window;
            window.restoreLastSource(defaults);
            QCOMPARE(window.source(), static_cast<SourceRunner*>(window.runner()));
            QVERIFY2(window.restoreMessage().contains(QStringLiteral("no longer exists")),
                qPrintable(window.restoreMessage()));
            QCOMPARE(window.statusBar()->currentMessage(), window.restoreMessage());
            QTRY_VERIFY_WITH_TIMEOUT(window.state()->snapshot() != nullptr, kTimeoutMs);
            QCOMPARE(window.state()->snapshot()->hostBytes, std::uint64_t(8) << 30);
        }
        // The store is there but is no recording: it fails once started.
        const QString junk = m_recordingDir.filePath(QStringLiteral("junk.db"));
        {
            QFile file(junk);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("not a database");
        }
        setLastSource({QStringLiteral("--db"), junk});
        {
            MainWindow window;
            window.restoreLastSource(defaults);
            QTRY_VERIFY_WITH_TIMEOUT(window.source() == window.runner(), kTimeoutMs);
            QVERIFY2(window.restoreMessage().contains(QStringLiteral("could not be reopened")),
                qPrintable(window.restoreMessage()));
            QTRY_VERIFY_WITH_TIMEOUT(window.state()->snapshot() != nullptr, kTimeoutMs);
        }
        // An agent that is not there.
        setLastSource({QStringLiteral("--connect"), QStringLiteral("127.0.0.1:1")});
        {
            MainWindow window;
            window.restoreLastSource(defaults);
            QTRY_VERIFY_WITH_TIMEOUT(window.source() == window.runner(), MainWindow::kRestoreWaitMs + kTimeoutMs);
            QVERIFY2(window.restoreMessage().contains(QStringLiteral("could not be reopened")),
                qPrintable(window.restoreMessage()));
        }
    }

private:
    static void setLastSource(const QStringList& arguments)
    {
        Session session;
        session.sourceArguments = arguments;
        QSettings().setValue(QStringLiteral("session/last"), QString::fromStdString(session.toJson()));
    }

    QTemporaryDir m_settingsDir;
    QTemporaryDir m_recordingDir;
    QString m_db;
};

QTEST_MAIN(TestLinking)
#include "tst_linking.moc"
