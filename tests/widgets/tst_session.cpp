// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDockWidget>
#include <QTemporaryDir>
#include <QTest>

#include "colors.h"
#include "enginerunner.h"
#include "gigablockmapview.h"
#include "mainwindow.h"
#include "session.h"
#include "simulationstate.h"
#include "syntheticsnapshot.h"
#include "timelineview.h"
#include "workbenchoptions.h"
#include "workbenchtest.h"

using namespace gbw;
using namespace gbw::testing;

namespace {

bool docked(const MainWindow& window, const QString& view)
{
    return window.findChild<QDockWidget*>(view + QStringLiteral("Dock"))->toggleViewAction()->isChecked();
}

constexpr int kTimeoutMs = 60000;

} // namespace

// Sessions (.gbsession) save and reopen the source, views, selection, zoom and knobs; bad files
// name the field. The palette: chrome follows it, cells keep their colours.
class TestSession : public QObject
{
    Q_OBJECT
private slots:
    void jsonRoundTrip()
    {
        Session s;
        s.sourceArguments = {QStringLiteral("--compare"), QStringLiteral("vanilla,vanilla"), QStringLiteral("--knob-b"),
            QStringLiteral("vm.compaction_proactiveness=80"), QStringLiteral("--host"), QStringLiteral("8G")};
        s.knobs = {{"vm.watermark_scale_factor", 50}};
        s.visibleViews = {QStringLiteral("orders"), QStringLiteral("timelines")};
        s.gigablock = 2;
        s.pageblock = 5;
        s.timeRange = {1.5, 9};
        s.layout = QByteArray("\x01\x02layout", 8);
        const auto back = Session::fromJson(s.toJson());
        QVERIFY2(back.session, qPrintable(back.error));
        const Session& r = *back.session;
        // Source keys come back in JSON's order; as options they mean the same.
        QCOMPARE(QSet<QString>(r.sourceArguments.begin(), r.sourceArguments.end()),
            QSet<QString>(s.sourceArguments.begin(), s.sourceArguments.end()));
        QCOMPARE(r.knobs, s.knobs);
        QCOMPARE(r.visibleViews, s.visibleViews);
        QCOMPARE(r.gigablock, 2u);
        QCOMPARE(r.pageblock, 5u);
        QCOMPARE(r.timeRange, s.timeRange);
        QCOMPARE(r.layout, s.layout);
        QVERIFY(r.arguments().contains(QStringLiteral("2:5")));
    }

    void badSessionsNameTheField_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("error");
        const QString head = QStringLiteral(R"("format": "gigablock-workbench-session", "version": 1)");
        QTest::newRow("not json") << QStringLiteral("{ nope") << QStringLiteral("not JSON");
        QTest::newRow("format") << QStringLiteral(R"({"format": "x", "version": 1, "source": {}})")
                                << QStringLiteral("format: expected");
        QTest::newRow("version") << QStringLiteral(R"({"format": "gigablock-workbench-session", "version": 9,
            "source": {}})") << QStringLiteral("version: 9 is newer");
        QTest::newRow("no source") << QStringLiteral("{%1}").arg(head) << QStringLiteral("source: missing");
        QTest::newRow("source type") << QStringLiteral(R"({%1, "source": {"policy": ["a"]}})").arg(head)
                                     << QStringLiteral("source.policy: expected a string or a number");
        QTest::newRow("source object") << QStringLiteral(R"({%1, "source": {"host": {}}})").arg(head)
                                       << QStringLiteral("source.host: expected a string or a number");
        QTest::newRow("source unknown") << QStringLiteral(R"({%1, "source": {"colour": "red"}})").arg(head)
                                        << QStringLiteral("source.colour: unknown field");
        QTest::newRow("knob") << QStringLiteral(R"({%1, "source": {}, "knobs": {"vm.x": "high"}})").arg(head)
                              << QStringLiteral("knobs.vm.x: expected a number");
        QTest::newRow("selection") << QStringLiteral(R"({%1, "source": {}, "selection": {"gigablock": -3}})").arg(head)
                                   << QStringLiteral("selection.gigablock: expected a non-negative integer");
        QTest::newRow("zoom") << QStringLiteral(R"({%1, "source": {}, "zoom": {"from": 1}})").arg(head)
                              << QStringLiteral("zoom.to: expected a number");
        QTest::newRow("views") << QStringLiteral(R"({%1, "source": {}, "views": {"visible": ["map", 3]}})").arg(head)
                               << QStringLiteral("views.visible[1]: expected a view name");
    }

    void badSessionsNameTheField()
    {
        QFETCH(QString, json);
        QFETCH(QString, error);
        const auto loaded = Session::fromJson(json.toStdString());
        QVERIFY(!loaded.session);
        QVERIFY2(loaded.error.contains(error), qPrintable(loaded.error));
    }

    void windowSavesAndReopens()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.gbsession"));
        {
            MainWindow window;
            window.startSource(optionsFor({QStringLiteral("--host"), QStringLiteral("8G"), QStringLiteral("--policy"),
                QStringLiteral("superpageblock"), QStringLiteral("--simulate"), QStringLiteral("kernel-build"),
                QStringLiteral("--paused"), QStringLiteral("--knob"),
                QStringLiteral("vm.compaction_proactiveness=55")}));
            window.show();
            QTRY_VERIFY_WITH_TIMEOUT(window.state()->snapshot(), kTimeoutMs);
            window.state()->selectGigablock(2);
            window.state()->selectPageblock(5);
            window.findChild<QDockWidget*>(QStringLiteral("countersDock"))->hide();
            window.timelineView()->setTimeRange(0, 30);
            QCOMPARE(window.saveSession(path), QString());
        }
        MainWindow window;
        window.show();
        QCOMPARE(window.openSession(path), QString());
        QTRY_VERIFY_WITH_TIMEOUT(window.state()->snapshot(), kTimeoutMs);
        const auto& s = *window.state()->snapshot();
        QCOMPARE(s.policy, std::string("superpageblock"));
        QCOMPARE(s.workload, std::string("kernel-build"));
        QCOMPARE(s.hostBytes, std::uint64_t(8) << 30);
        QCOMPARE(knobValue(s, "vm.compaction_proactiveness"), 55.0);
        QCOMPARE(window.state()->selectedGigablock(), 2u);
        QCOMPARE(window.state()->selectedPageblock(), 5u);
        QCOMPARE(window.timelineView()->timeRange(), std::make_pair(0.0, 30.0));
        QVERIFY(!docked(window, QStringLiteral("counters")));
        QVERIFY(docked(window, QStringLiteral("orders")));
    }

    void badSourceLeavesTheWindowAlone()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.gbsession"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format": "gigablock-workbench-session", "version": 1, "source": {"policy": "best"}})");
        file.close();
        MainWindow window;
        const QString error = window.openSession(path);
        QVERIFY2(error.contains(path) && error.contains(QStringLiteral("--policy: unknown policy 'best'")),
            qPrintable(error));
        QVERIFY(!window.state()->snapshot());
        QVERIFY(
            window.openSession(dir.filePath(QStringLiteral("missing.gbsession"))).contains(QStringLiteral("missing")));
    }

    void chromeFollowsThePaletteCellsDoNot()
    {
        SimulationState state;
        auto snapshot = test::emptySnapshot(8);
        snapshot->gigablocks[3].category = CellCategory::Tainted;
        state.setSnapshot(snapshot);
        GigablockMapView view(&state);
        view.resize(600, 300);
        const CellGeometry geometry = view.cellGeometry();
        const QPoint cell = geometry.cellRect(3).topLeft() + QPoint(2, 2);

        QPalette light;
        light.setColor(QPalette::Window, Qt::white);
        light.setColor(QPalette::WindowText, Qt::black);
        view.setPalette(light);
        const QImage lit = view.render(view.size());
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::WindowText, Qt::white);
        view.setPalette(dark);
        QVERIFY(colors::isDark(view.palette()));
        QVERIFY(!colors::isDark(light));
        const QImage darkFrame = view.render(view.size());

        QCOMPARE(QColor(lit.pixel(1, 1)), QColor(Qt::white));
        QCOMPARE(QColor(darkFrame.pixel(1, 1)), QColor(0x20, 0x20, 0x20));
        QCOMPARE(lit.pixel(cell), colors::category(CellCategory::Tainted, 0.0));
        QCOMPARE(darkFrame.pixel(cell), lit.pixel(cell));
        QVERIFY(colors::isDark(colors::highContrast()));
    }
};

QTEST_MAIN(TestSession)
#include "tst_session.moc"
