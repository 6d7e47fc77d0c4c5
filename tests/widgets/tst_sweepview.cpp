// SPDX-License-Identifier: GPL-3.0-or-later
// The sweep view in the real window, offscreen: a tiny sweep run here and stored, one point
// per run, sweepanalysis's front, hover and click, and a run opened (re-simulated to the same
// outcome) and re-run live with its knobs.
#include <QComboBox>
#include <QDockWidget>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

#include "enginerunner.h"
#include "importers/sqlitestore.h"
#include "importers/sweepstore.h"
#include "mainwindow.h"
#include "simulationstate.h"
#include "sweep/sweepanalysis.h"
#include "sweep/sweepfile.h"
#include "sweepview.h"
#include "workbenchoptions.h"
#include "workbenchtest.h"

using namespace gbw;
using namespace gbw::testing;

namespace {

constexpr int kTimeoutMs = 120000; // Debug and sanitizer builds are slow

// Two policies, two proactiveness values, two seeds: 8 short runs on a small host.
constexpr const char* kSweep = R"(policies = ["vanilla", "superpageblock"]
workloads = ["kernel-build"]
hosts = ["2G"]
seeds = [1, 2]
duration = "4s"
[knobs]
"vm.compaction_proactiveness" = [0, 60]
"vm.watermark_scale_factor" = [30]
)";

// An earlier, smaller sweep in the same store.
constexpr const char* kEarlier = R"(policies = ["vanilla"]
workloads = ["kernel-build"]
hosts = ["2G"]
seeds = [3]
duration = "4s"
)";

bool runSweep(importers::SqliteStore& store, const char* text, const char* name)
{
    const auto parsed = SweepFileReader::parse(text, name);
    if (!parsed)
        qFatal("sweep file: %s", parsed.error.c_str());
    importers::SweepStore sweeps(store);
    std::string error;
    const auto runs = expandSweep(*parsed.sweep);
    const auto id = sweeps.addSweep(*parsed.sweep, runs.size(), &error);
    bool ok = id.has_value();
    SweepRunner(2).run(runs, [&](RunResult&& r) { ok = sweeps.save(r, id, &error) && r.ok && ok; });
    return ok;
}

// A point whose position no other point shares, so a click there picks it and no other.
int loneFrontPoint(const ScatterPlot& plot, bool onFront)
{
    for (std::size_t i = 0; i < plot.points.size(); ++i) {
        if (plot.points[i].onFront == onFront && plot.samePosition(i).empty())
            return int(i);
    }
    return -1;
}

} // namespace

class TestSweepView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("sweep.db"));
        std::string error;
        auto store = importers::SqliteStore::open(m_db.toStdString(), error);
        QVERIFY2(store, error.c_str());
        QVERIFY(runSweep(*store, kEarlier, "earlier.toml"));
        QVERIFY(runSweep(*store, kSweep, "tiny.toml"));
    }

    void optionsOpenASweep()
    {
        QCOMPARE(optionsFor({QStringLiteral("--sweep"), m_db}).sweep, m_db);
        QVERIFY(WorkbenchOptions::viewNames().contains(QStringLiteral("sweep")));
        const auto both = WorkbenchOptions::parse(
            {QStringLiteral("gigablock-workbench"), QStringLiteral("--sweep"), m_db, QStringLiteral("--db"), m_db});
        QVERIFY(!both.options);
        QVERIFY2(both.error.contains(QStringLiteral("--sweep:")), qPrintable(both.error));
        MainWindow window;
        const QString missing = window.openSweep(m_dir.filePath(QStringLiteral("nosuch.db")));
        QVERIFY2(missing.contains(QStringLiteral("nosuch.db")), qPrintable(missing));
    }

    void aDbThatHoldsOnlyASweepOpensTheSweepView()
    {
        MainWindow window;
        window.startSource(optionsFor({QStringLiteral("--db"), m_db}));
        QVERIFY(window.startedSweepOnly());
        QVERIFY(!window.sweepView()->isEmpty());
        QVERIFY(!window.findChild<QDockWidget*>(QStringLiteral("sweepDock"))->isHidden());
        QVERIFY(!window.source()->isRunning());
    }

    void aSessionReopensTheSweep()
    {
        const QString file = m_dir.filePath(QStringLiteral("sweep.gbsession"));
        {
            MainWindow window;
            window.startSource(optionsFor({QStringLiteral("--sweep"), m_db}));
            QVERIFY(window.startedSweepOnly());
            QCOMPARE(window.saveSession(file), QString());
        }
        MainWindow window;
        QCOMPARE(window.openSession(file), QString());
        QVERIFY(window.startedSweepOnly());
        QCOMPARE(window.sweepView()->scatterPlot().points.size(), std::size_t(8));
    }

    void scatterFrontHoverClickAndRerunLive()
    {
        MainWindow window;
        QCOMPARE(window.openSweep(m_db), QString());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        SweepView* view = window.sweepView();
        // In front of its tabs, not behind the timelines.
        QTRY_VERIFY(view->isVisible() && !view->visibleRegion().isEmpty());
        // Newest first, then the earlier sweep, then every run of the store.
        QCOMPARE(view->sweepBox()->count(), 3);
        QVERIFY(view->sweepBox()->itemText(0).startsWith(QStringLiteral("tiny.toml")));
        QVERIFY2(view->sweepBox()->itemText(0).contains(QStringLiteral("8 of 8 runs")),
            qPrintable(view->sweepBox()->itemText(0)));

        // One point per run, and the front is sweepanalysis's over the two objectives shown.
        const ScatterPlot& plot = view->scatterPlot();
        QCOMPARE(plot.points.size(), std::size_t(8));
        QCOMPARE(view->scatter().runs().size(), std::size_t(8));
        const auto axes = view->shownAxes();
        QCOMPARE(axes.size(), std::size_t(2));
        QCOMPARE(axes[0].metric, std::string("allocatable_1g"));
        QCOMPARE(
            axes[1].metric, std::string("compaction_seconds")); // against it: the objective that pulls the other way
        std::vector<std::vector<double>> values;
        for (const auto& p : plot.points) {
            const auto& outcome = view->scatter().runs()[p.run].outcome;
            QCOMPARE(p.x, *outcome.metric("allocatable_1g"));
            QCOMPARE(p.y, *outcome.metric("compaction_seconds"));
            values.push_back({p.x, p.y});
        }
        auto expected = paretoFront(values, {true, false});
        auto front = plot.front;
        std::sort(expected.begin(), expected.end());
        std::sort(front.begin(), front.end());
        QCOMPARE(front, expected);
        QVERIFY(!front.empty());
        // Drawn as such: a line through the front, rings around it, the colour scale of the knob.
        QCOMPARE(view->frontLinePoints(), int(front.size()));
        QCOMPARE(view->colourBox()->currentText(), QStringLiteral("vm.compaction_proactiveness"));
        QCOMPARE(view->colourScaleRange(), (std::optional<std::pair<double, double>>({0.0, 60.0})));
        view->colourBox()->setCurrentIndex(0); // "nothing": no scale, and the front stays
        QVERIFY(!view->colourScaleRange());
        QCOMPARE(view->frontLinePoints(), int(front.size()));
        view->colourBox()->setCurrentIndex(1);

        // Any two metrics: the points follow the combo boxes.
        view->yBox()->setCurrentIndex(view->yBox()->findText(QStringLiteral("events (more is better)")));
        QCOMPARE(view->shownAxes()[1].metric, std::string("events"));
        QCOMPARE(view->scatterPlot().points.size(), std::size_t(8));
        // The earlier sweep has its own runs.
        view->sweepBox()->setCurrentIndex(1);
        QCOMPARE(view->scatterPlot().points.size(), std::size_t(1));
        view->sweepBox()->setCurrentIndex(0);

        // Hover and click a point: the run there is selected and its configuration is the tooltip.
        view->yBox()->setCurrentIndex(view->yBox()->findText(QStringLiteral("events (more is better)")));
        view->replotNow();
        const std::size_t point = std::size_t(std::max(0, loneFrontPoint(view->scatterPlot(), true)));
        const ScatterPoint clicked = view->scatterPlot().points[point];
        const QPoint pixel = view->pixelOf(point);
        QVERIFY(!view->rerunButton()->isEnabled());
        QTest::mouseClick(view->plotWidget(), Qt::LeftButton, {}, pixel);
        QVERIFY(view->selectedRun());
        const RunResult& selected = view->scatter().runs()[*view->selectedRun()];
        QCOMPARE(*selected.outcome.metric("allocatable_1g"), clicked.x); // a run at the point clicked
        QCOMPARE(*selected.outcome.metric("events"), clicked.y);
        QVERIFY(view->rerunButton()->isEnabled());
        const RunSpec spec = selected.spec;
        const QString tip = view->toolTipAt(pixel + QPoint(2, -2));
        QVERIFY2(tip.contains(QStringLiteral("run %1: %2").arg(spec.index).arg(QString::fromStdString(spec.policy))),
            qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("seed %1").arg(spec.seed)), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("vm.compaction_proactiveness = %1").arg(spec.knobs[0].second)),
            qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("events (more is better): ")), qPrintable(tip));

        // Re-run live: a simulation of that configuration with the run's knobs, running.
        QTest::mouseClick(view->rerunButton(), Qt::LeftButton);
        SimulationState* state = window.state();
        QTRY_VERIFY_WITH_TIMEOUT(state->snapshot() && state->snapshot()->seconds > 0, kTimeoutMs);
        const auto& s = *state->snapshot();
        QCOMPARE(s.policy, spec.policy);
        QCOMPARE(s.hostBytes, spec.hostBytes);
        QCOMPARE(s.seed, spec.seed);
        QCOMPARE(s.workload, std::string("kernel-build"));
        for (const auto& [name, value] : spec.knobs)
            QCOMPARE(knobValue(s, name), value);
        QVERIFY(window.source()->isRunning());
        QVERIFY(!window.sweepView()->isHidden()); // the scatter stays for the next pick
    }

    void openReSimulatesTheRunToTheSameOutcome()
    {
        MainWindow window;
        QCOMPARE(window.openSweep(m_db), QString());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        SweepView* view = window.sweepView();
        const std::size_t run = view->scatterPlot().points.back().run;
        const RunResult stored = view->scatter().runs()[run];
        view->selectRun(run);
        QTest::mouseClick(view->openButton(), Qt::LeftButton);
        SimulationState* state = window.state();
        // As fast as it goes, paused at the run's end.
        QTRY_VERIFY_WITH_TIMEOUT(state->snapshot() && state->snapshot()->seconds >= stored.spec.durationSeconds - 1e-9
                && !window.source()->isRunning(),
            kTimeoutMs);
        QCOMPARE(state->snapshot()->seconds, stored.spec.durationSeconds);
        for (const auto& [name, value] : stored.spec.knobs)
            QCOMPARE(knobValue(*state->snapshot(), name), value);
        // The same configuration and seed: the same 1 GB availability, sample for sample.
        std::vector<RunOutcome::Point> series;
        for (const auto& sample : state->history())
            series.push_back({sample.seconds, sample.allocatable1g});
        QCOMPARE(series, stored.outcome.allocatable1g);
        QCOMPARE(double(state->snapshot()->latest.allocatable1g), *stored.outcome.metric("allocatable_1g"));
    }

private:
    QTemporaryDir m_dir;
    QString m_db;
};

QTEST_MAIN(TestSweepView)
#include "tst_sweepview.moc"
