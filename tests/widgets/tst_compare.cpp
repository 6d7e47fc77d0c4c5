// SPDX-License-Identifier: GPL-3.0-or-later
#include <QAction>
#include <QTest>

#include "colors.h"
#include "compareview.h"
#include "differencemapview.h"
#include "enginerunner.h"
#include "gigablockmapview.h"
#include "mainwindow.h"
#include "simulationstate.h"
#include "workbenchoptions.h"
#include "workbenchtest.h"

using namespace gbw;
using namespace gbw::testing;

namespace {

constexpr int kTimeoutMs = 120000; // generous: Debug and sanitizer builds are slow

} // namespace

// A/B in the real window: two engines in lockstep, playback acting on both, the difference map.
class TestCompare : public QObject
{
    Q_OBJECT
private slots:
    void optionsNameBothSides()
    {
        const auto o = optionsFor({QStringLiteral("--compare"), QStringLiteral("vanilla,superpageblock"),
            QStringLiteral("--knob"), QStringLiteral("vm.compaction_proactiveness=30"), QStringLiteral("--knob-b"),
            QStringLiteral("vm.compaction_proactiveness=80")});
        QVERIFY(o.compare);
        QCOMPARE(o.engine.policy, std::string("vanilla"));
        QCOMPARE(o.engineB.policy, std::string("superpageblock"));
        // The identical request stream: same host, workload and seed.
        QCOMPARE(o.engineB.seed, o.engine.seed);
        QCOMPARE(o.engineB.workload.name, o.engine.workload.name);
        QCOMPARE(o.engineB.host.memoryBytes, o.engine.host.memoryBytes);
        // B takes A's knobs, then its own on top.
        QCOMPARE(o.knobs.size(), std::size_t(1));
        QCOMPARE(o.knobsB.size(), std::size_t(2));
        QCOMPARE(o.knobsB.back().second, 80.0);
    }

    void badCompareOptionsNameTheOption_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("error");
        QTest::newRow("one policy") << QStringList {QStringLiteral("--compare"), QStringLiteral("vanilla")}
                                    << QStringLiteral("--compare: expected two policies");
        QTest::newRow("unknown policy") << QStringList {QStringLiteral("--compare"), QStringLiteral("vanilla,best")}
                                        << QStringLiteral("--compare: unknown policy 'best'");
        QTest::newRow("with --policy") << QStringList {QStringLiteral("--compare"), QStringLiteral("vanilla,vanilla"),
            QStringLiteral("--policy"), QStringLiteral("vanilla")}
                                       << QStringLiteral("leave out --policy");
        QTest::newRow("knob-b alone") << QStringList {QStringLiteral("--knob-b"), QStringLiteral("vm.x=1")}
                                      << QStringLiteral("--knob-b: needs --compare");
        QTest::newRow("knob-b unknown") << QStringList {QStringLiteral("--compare"), QStringLiteral("vanilla,vanilla"),
            QStringLiteral("--knob-b"), QStringLiteral("vm.nosuch=1")}
                                        << QStringLiteral("--knob-b:");
    }

    void badCompareOptionsNameTheOption()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, error);
        const auto parsed = parseOptions(arguments);
        QVERIFY(!parsed.options);
        QVERIFY2(parsed.error.contains(error), qPrintable(parsed.error));
    }

    void lockstepPlaybackAndDifferenceMap()
    {
        MainWindow window;
        window.startSource(optionsFor({QStringLiteral("--host"), QStringLiteral("16G"), QStringLiteral("--compare"),
            QStringLiteral("vanilla,superpageblock"), QStringLiteral("--speed"), QStringLiteral("max"),
            QStringLiteral("--duration"), QStringLiteral("20s")}));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.isComparing());
        SimulationState* a = window.state();
        SimulationState* b = window.stateB();

        // Both engines stop at the same virtual time, with the policies asked for.
        QTRY_VERIFY_WITH_TIMEOUT(a->snapshot() && a->snapshot()->seconds >= 20.0, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!window.runner()->isRunning(), kTimeoutMs);
        QVERIFY(b->snapshot());
        QCOMPARE(b->snapshot()->seconds, a->snapshot()->seconds);
        QCOMPARE(a->snapshot()->policy, std::string("vanilla"));
        QCOMPARE(b->snapshot()->policy, std::string("superpageblock"));
        // The identical request stream: both served the same number of events' worth of time on the same host.
        QCOMPARE(b->snapshot()->gigablocks.size(), a->snapshot()->gigablocks.size());

        // Step acts on both: exactly one sample interval further, still together.
        const double at = a->snapshot()->seconds;
        window.stepAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(a->snapshot()->seconds, at + 1.0, kTimeoutMs);
        QCOMPARE(b->snapshot()->seconds, at + 1.0);

        // Under the syzkaller load the RFC keeps taint in fewer gigablocks (vanilla 2, superpageblock 1 at 20 s).
        const auto& sa = *a->snapshot();
        const auto& sb = *b->snapshot();
        QVERIFY2(sa.count(CellCategory::Tainted) != sb.count(CellCategory::Tainted),
            qPrintable(QStringLiteral("tainted A %1, B %2")
                           .arg(sa.count(CellCategory::Tainted))
                           .arg(sb.count(CellCategory::Tainted))));

        // The difference map: split cells where the category differs (A above, B below), the
        // neutral or shaded colour where it agrees.
        DifferenceMapView* difference = window.compareView()->difference();
        QVERIFY(difference->differingCategories() > 0);
        const QImage frame = difference->render(difference->size());
        const CellGeometry geometry = difference->cellGeometry();
        QCOMPARE(geometry.cells(), int(sa.gigablocks.size()));
        int split = 0;
        for (int i = 0; i < geometry.cells(); ++i) {
            const QRect r = geometry.cellRect(i);
            QVERIFY(r.height() >= 8);
            const QRgb upper = frame.pixel(r.center().x(), r.top() + r.height() / 4);
            const QRgb lower = frame.pixel(r.center().x(), r.top() + 3 * r.height() / 4 - 1);
            const auto& ca = sa.gigablocks[std::size_t(i)];
            const auto& cb = sb.gigablocks[std::size_t(i)];
            if (ca.category != cb.category) {
                ++split;
                QCOMPARE(upper, colors::categoryBase(ca.category));
                QCOMPARE(lower, colors::categoryBase(cb.category));
            } else {
                QCOMPARE(upper, DifferenceMapView::colorOf(ca, cb, true));
                QCOMPARE(lower, upper);
                if (ca.freePages == cb.freePages)
                    QCOMPARE(upper, DifferenceMapView::sameColor());
            }
        }
        QCOMPARE(split, difference->differingCategories());

        // A selection on one side is the selection on the other.
        GigablockMapView* mapB = window.compareView()->mapB();
        QTest::mouseClick(mapB, Qt::LeftButton, {}, mapB->cellGeometry().cellRect(3).center());
        QCOMPARE(b->selectedGigablock(), 3u);
        QCOMPARE(a->selectedGigablock(), 3u);
        a->selectPageblock(7);
        QCOMPARE(b->selectedGigablock(), 3u);
        QCOMPARE(b->selectedPageblock(), 7u);
        b->selectPage(42);
        QCOMPARE(a->selectedPage(), 42u);
        QCOMPARE(a->selectedPageblock(), 7u);
    }

    void knobSetsAndKnobEditsActOnBoth()
    {
        MainWindow window;
        window.startSource(optionsFor({QStringLiteral("--host"), QStringLiteral("8G"), QStringLiteral("--compare"),
            QStringLiteral("vanilla,vanilla"), QStringLiteral("--knob-b"),
            QStringLiteral("vm.compaction_proactiveness=80"), QStringLiteral("--paused")}));
        SimulationState* a = window.state();
        SimulationState* b = window.stateB();
        QTRY_VERIFY_WITH_TIMEOUT(a->snapshot() && b->snapshot(), kTimeoutMs);
        QCOMPARE(knobValue(*a->snapshot(), "vm.compaction_proactiveness"), 20.0);
        QCOMPARE(knobValue(*b->snapshot(), "vm.compaction_proactiveness"), 80.0);

        // A knob edit reaches both engines; a reset keeps B's difference.
        window.runner()->setKnob(QStringLiteral("vm.watermark_scale_factor"), 50);
        QTRY_COMPARE_WITH_TIMEOUT(knobValue(*b->snapshot(), "vm.watermark_scale_factor"), 50.0, kTimeoutMs);
        QCOMPARE(knobValue(*a->snapshot(), "vm.watermark_scale_factor"), 50.0);
        window.runner()->resetKnobs();
        QTRY_COMPARE_WITH_TIMEOUT(knobValue(*b->snapshot(), "vm.watermark_scale_factor"), 10.0, kTimeoutMs);
        QCOMPARE(knobValue(*b->snapshot(), "vm.compaction_proactiveness"), 80.0);
        QCOMPARE(knobValue(*a->snapshot(), "vm.compaction_proactiveness"), 20.0);

        // Paused, a step moves both by one sample interval.
        window.stepAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(a->snapshot()->seconds, 1.0, kTimeoutMs);
        QCOMPARE(b->snapshot()->seconds, 1.0);
    }
};

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
