// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAction>
#include <QSignalSpy>
#include <QTest>

#include "drilldownview.h"
#include "enginerunner.h"
#include "gigablockmapview.h"
#include "knobmodel.h"
#include "knobsview.h"
#include "mainwindow.h"
#include "simulationstate.h"
#include "timelineview.h"
#include "workbenchoptions.h"
#include "workbenchtest.h"

using namespace gbw;
using namespace gbw::testing;

namespace {

constexpr int kTimeoutMs = 60000; // generous: Debug and sanitizer builds are slow

} // namespace

// The real window, offscreen: start a simulation, change a knob, drill down, play and pause.
class TestWorkbench : public QObject
{
    Q_OBJECT
private slots:
    void defaultsAreTheDocumentedHost()
    {
        const auto o = optionsFor({});
        QCOMPARE(o.engine.host.memoryBytes, std::uint64_t(64) << 30);
        QCOMPARE(o.engine.policy, std::string("vanilla"));
        QCOMPARE(o.engine.workload.name, std::string("syzkaller"));
        QVERIFY(!o.paused);
    }

    void badArgumentsNameTheOption_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("error");
        QTest::newRow("policy") << QStringList {QStringLiteral("--policy"), QStringLiteral("best")}
                                << QStringLiteral("--policy: unknown policy 'best'");
        QTest::newRow("host") << QStringList {QStringLiteral("--host"), QStringLiteral("lots")}
                              << QStringLiteral("--host:");
        QTest::newRow("workload") << QStringList {QStringLiteral("--simulate"), QStringLiteral("nosuch")}
                                  << QStringLiteral("--simulate:");
        QTest::newRow("view") << QStringList {QStringLiteral("--view"), QStringLiteral("nosuch")}
                              << QStringLiteral("--view: unknown view");
        QTest::newRow("knob") << QStringList {QStringLiteral("--knob"), QStringLiteral("vm.nosuch=1")}
                              << QStringLiteral("--knob:");
        QTest::newRow("speed") << QStringList {QStringLiteral("--speed"), QStringLiteral("fast")}
                               << QStringLiteral("--speed:");
        QTest::newRow("unknown option") << QStringList {QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
    }

    void badArgumentsNameTheOption()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, error);
        arguments.prepend(QStringLiteral("gigablock-workbench"));
        const auto parsed = WorkbenchOptions::parse(arguments);
        QVERIFY(!parsed.options);
        QVERIFY2(parsed.error.contains(error), qPrintable(parsed.error));
    }

    void runKnobDrillDownAndPlayback()
    {
        MainWindow window;
        window.startSimulation(optionsFor({QStringLiteral("--host"), QStringLiteral("8G"), QStringLiteral("--speed"),
            QStringLiteral("max"), QStringLiteral("--simulate"), QStringLiteral("kernel-build")}));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        SimulationState* state = window.state();

        // It runs: virtual time advances and samples arrive at the timelines.
        QTRY_VERIFY_WITH_TIMEOUT(state->snapshot() && state->snapshot()->seconds > 2.0, kTimeoutMs);
        QCOMPARE(state->snapshot()->gigablocks.size(), std::size_t(9)); // 8 GiB and the PCI hole
        QCOMPARE(state->snapshot()->workload, std::string("kernel-build"));
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineView()->pointCount(0, 0) >= 2, kTimeoutMs);

        // A knob edited in the table reaches the engine, which the next snapshot shows.
        KnobModel* knobs = window.knobsView()->model();
        int row = -1;
        for (int r = 0; r < knobs->rowCount(); ++r) {
            if (knobs->index(r, KnobModel::NameColumn).data().toString()
                == QStringLiteral("vm.compaction_proactiveness"))
                row = r;
        }
        QVERIFY(row >= 0);
        QVERIFY(knobs->setData(knobs->index(row, KnobModel::ValueColumn), 55.0));
        QTRY_COMPARE_WITH_TIMEOUT(knobValue(*state->snapshot(), "vm.compaction_proactiveness"), 55.0, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            knobs->index(row, KnobModel::ValueColumn).data().toString(), QStringLiteral("55"), kTimeoutMs);
        // Out of range: the engine refuses and says why.
        QSignalSpy rejected(window.runner(), &EngineRunner::knobRejected);
        window.runner()->setKnob(QStringLiteral("vm.compaction_proactiveness"), 1000);
        QVERIFY(rejected.wait(kTimeoutMs));
        QCOMPARE(knobValue(*state->snapshot(), "vm.compaction_proactiveness"), 55.0);
        // Reset brings the default back.
        emit window.knobsView()->resetRequested();
        QTRY_COMPARE_WITH_TIMEOUT(knobValue(*state->snapshot(), "vm.compaction_proactiveness"), 20.0, kTimeoutMs);

        // Click a gigablock in the map: the worker sends its pageblocks.
        GigablockMapView* map = window.mapView();
        const QRect cell = map->cellGeometry().cellRect(4);
        QVERIFY(!cell.isEmpty());
        QTest::mouseClick(map, Qt::LeftButton, {}, cell.center());
        QCOMPARE(state->selectedGigablock(), 4u);
        QTRY_VERIFY_WITH_TIMEOUT(state->drillDown() != nullptr, kTimeoutMs);
        QCOMPARE(state->drillDown()->pageblocks.size(), std::size_t(512));

        // Then a pageblock: its 512 pages.
        PageblockGridView* pageblocks = window.drillDownView()->pageblocks();
        const QRect pb = pageblocks->cellGeometry().cellRect(10);
        QVERIFY(!pb.isEmpty());
        QTest::mouseClick(pageblocks, Qt::LeftButton, {}, pb.center());
        QCOMPARE(state->selectedPageblock(), 10u);
        QTRY_VERIFY_WITH_TIMEOUT(state->drillDown() && state->drillDown()->pages.size() == 512, kTimeoutMs);
        QVERIFY(!window.drillDownView()->pages()->toolTipFor(0).isEmpty());

        // Pause: the clock stops.
        window.playAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!window.runner()->isRunning(), kTimeoutMs);
        QTest::qWait(200);
        const double pausedAt = state->snapshot()->seconds;
        QTest::qWait(300);
        QCOMPARE(state->snapshot()->seconds, pausedAt);
        // Step: exactly one sample interval (1 s) further, still paused.
        window.stepAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(state->snapshot()->seconds, pausedAt + 1.0, kTimeoutMs);
        QVERIFY(!window.runner()->isRunning());
        // Speed keys walk the list of speeds.
        window.slowerAction()->trigger();
        QVERIFY(window.runner()->speed() > 0);
        // Resume.
        window.playAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(state->snapshot()->seconds > pausedAt + 1.0, kTimeoutMs);

        // A screenshot of one view is that view's frame.
        const QImage image = window.grabView(QStringLiteral("map"));
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 900);
    }
};

QTEST_MAIN(TestWorkbench)
#include "tst_workbench.moc"
