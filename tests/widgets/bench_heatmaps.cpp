// SPDX-License-Identifier: GPL-3.0-or-later
//
// Frame time of each heatmap for a 16 TiB host (16384 gigablocks), rendered offscreen into a
// QImage exactly as paintEvent draws it. Target: ≤ 16 ms per frame. Run from a Release build:
//   QT_QPA_PLATFORM=offscreen build/gui-rel/tests/widgets/bench_heatmaps
#include <random>

#include <QTest>

#include "gigablockmapview.h"
#include "migratetypeheatmapview.h"
#include "orderheatmapview.h"
#include "simulationstate.h"
#include "syntheticsnapshot.h"

using namespace gbw;

namespace {

// A 16 TiB host in a plausible mid-run state: random categories, fullness, free blocks and labels.
std::shared_ptr<EngineSnapshot> sixteenTiB()
{
    auto s = test::emptySnapshot(16384);
    std::mt19937 random(42);
    for (auto& cell : s->gigablocks) {
        cell.category = CellCategory(random() % 4);
        cell.freePages = random() % (cell.usablePages + 1);
        for (int o = 0; o <= 10; ++o)
            cell.freeBlocks[std::size_t(o)] = random() % 300;
        cell.labelCount = {};
        cell.labelCount[0] = std::uint16_t(random() % 64);
        cell.labelCount[2] = std::uint16_t(random() % 64);
        cell.labelCount[1] = std::uint16_t(512 - cell.labelCount[0] - cell.labelCount[2]);
        cell.mixedPageblocks = std::uint16_t(random() % 20);
    }
    return s;
}

} // namespace

class BenchHeatmaps : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_state.setSnapshot(sixteenTiB());
    }

    void gigablockMap()
    {
        GigablockMapView view(&m_state);
        QImage frame;
        QBENCHMARK
        {
            frame = view.render(QSize(1600, 1000));
        }
        QVERIFY(!frame.isNull());
    }

    void orderHeatmap()
    {
        OrderHeatmapView view(&m_state);
        view.resize(1600, 400);
        QImage frame;
        QBENCHMARK
        {
            frame = view.render(view.size());
        }
        QVERIFY(!frame.isNull());
    }

    void migratetypeHeatmap()
    {
        MigratetypeHeatmapView view(&m_state);
        view.resize(1600, 400);
        QImage frame;
        QBENCHMARK
        {
            frame = view.render(view.size());
        }
        QVERIFY(!frame.isNull());
    }

    // With a time brush every untouched gigablock is dimmed, pixel by pixel: half of them here.
    void gigablockMapBrushed()
    {
        GigablockMapView view(&m_state);
        brushHalf();
        QImage frame;
        QBENCHMARK
        {
            frame = view.render(QSize(1600, 1000));
        }
        m_state.clearTimeRange();
        QVERIFY(!frame.isNull());
    }

    void orderHeatmapBrushed()
    {
        OrderHeatmapView view(&m_state);
        view.resize(1600, 400);
        brushHalf();
        QImage frame;
        QBENCHMARK
        {
            frame = view.render(view.size());
        }
        m_state.clearTimeRange();
        QVERIFY(!frame.isNull());
    }

private:
    void brushHalf()
    {
        m_state.setTimeRange(1, 2);
        std::vector<std::uint32_t> touched(16384);
        for (std::size_t i = 0; i < touched.size(); i += 2)
            touched[i] = 1;
        m_state.setTouchedGigablocks(std::move(touched));
    }

    SimulationState m_state;
};

QTEST_MAIN(BenchHeatmaps)
#include "bench_heatmaps.moc"
