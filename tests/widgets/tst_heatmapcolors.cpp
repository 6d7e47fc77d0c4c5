// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "colors.h"
#include "drilldownview.h"
#include "gigablockmapview.h"
#include "migratetypeheatmapview.h"
#include "orderheatmapview.h"
#include "simulationstate.h"
#include "syntheticsnapshot.h"

using namespace gbw;

namespace {

// The colour at the centre of a cell as the view renders itself.
QRgb pixelOf(const CellView& view, int cell)
{
    const QImage frame = view.render(view.size());
    const QRect r = view.cellGeometry().cellRect(cell);
    return frame.pixel(r.left() + r.width() / 3, r.top() + r.height() / 3) | 0xff000000;
}

bool reddish(QRgb c)
{
    return qRed(c) > 150 && qGreen(c) < 100 && qBlue(c) < 100;
}

} // namespace

// Screenshot tests: a snapshot made by hand, rendered offscreen, and the colours of known cells.
class TestHeatmapColors : public QObject
{
    Q_OBJECT
private slots:
    void mapColoursByCategoryAndFullness()
    {
        auto s = test::emptySnapshot(5);
        auto& tainted = s->gigablocks[0];
        tainted.category = CellCategory::Tainted;
        tainted.freePages = 0; // full: the strongest shade
        auto& clean = s->gigablocks[2];
        clean.category = CellCategory::Clean;
        clean.freePages = clean.usablePages / 2;
        s->gigablocks[3].category = CellCategory::Isolated;
        s->gigablocks[4].category = CellCategory::Unknown;
        s->gigablocks[4].usablePages = 0;
        SimulationState state;
        state.setSnapshot(s);
        GigablockMapView view(&state);
        view.resize(600, 400);

        const QRgb c0 = pixelOf(view, 0);
        QCOMPARE(c0, colors::categoryBase(CellCategory::Tainted));
        QVERIFY(reddish(c0));
        const QRgb c1 = pixelOf(view, 1);
        QCOMPARE(c1, colors::categoryBase(CellCategory::Empty));
        QVERIFY(qGreen(c1) > qRed(c1) && qGreen(c1) > qBlue(c1));
        // Half used: between the clean base and white.
        const QRgb c2 = pixelOf(view, 2);
        QCOMPARE(c2, colors::category(CellCategory::Clean, 0.5));
        QVERIFY(qBlue(c2) > qRed(c2));
        QVERIFY(qRed(c2) > qRed(colors::categoryBase(CellCategory::Clean)));
        QCOMPARE(pixelOf(view, 3), colors::categoryBase(CellCategory::Isolated));
        QCOMPARE(pixelOf(view, 4), colors::categoryBase(CellCategory::Unknown));
        // Every category colour differs from every other.
        for (int a = 0; a < kCellCategories; ++a) {
            for (int b = a + 1; b < kCellCategories; ++b)
                QVERIFY(colors::categoryBase(CellCategory(a)) != colors::categoryBase(CellCategory(b)));
        }
    }

    void mapSelectionByClick()
    {
        SimulationState state;
        state.setSnapshot(test::emptySnapshot(20));
        GigablockMapView view(&state);
        view.resize(500, 300);
        const QRect r = view.cellGeometry().cellRect(7);
        QTest::mouseClick(&view, Qt::LeftButton, {}, r.center());
        QCOMPARE(state.selectedGigablock(), 7u);
        QVERIFY(view.toolTipFor(7).contains(QStringLiteral("Gigablock 7")));
    }

    void orderHeatmapUsesTheFixedLogScale()
    {
        auto s = test::emptySnapshot(4);
        // Gigablock 1: nothing free at order 10, one free page at order 0.
        s->gigablocks[1].freeBlocks = {};
        s->gigablocks[1].freeBlocks[0] = 1;
        SimulationState state;
        state.setSnapshot(s);
        OrderHeatmapView view(&state);
        view.resize(800, 400);
        const auto g = view.cellGeometry();
        QCOMPARE(g.rows(), 11);
        QCOMPARE(g.columns(), 4);
        auto cell = [&](int gigablock, int order) { return (10 - order) * g.columns() + gigablock; };
        // A whole gigablock free at order 10 is the top of the scale, 1 page the bottom.
        QCOMPARE(pixelOf(view, cell(0, 10)), colors::sequential(1.0));
        QCOMPARE(pixelOf(view, cell(1, 10)), colors::noData());
        QCOMPARE(pixelOf(view, cell(1, 0)), colors::sequential(0.0));
        QCOMPARE(pixelOf(view, cell(0, 0)), colors::noData());
        QCOMPARE(view.scale().colorOf(std::uint64_t(1) << 18), colors::sequential(1.0));
    }

    // 16384 gigablocks in 800 pixels: one gigablock with free order-10 memory among empty ones
    // must still colour its pixel column (the largest value wins, nothing is dropped).
    void denseHeatmapKeepsOutliers()
    {
        auto s = test::emptySnapshot(16384);
        for (auto& cell : s->gigablocks)
            cell.freeBlocks = {};
        s->gigablocks[12345].freeBlocks[10] = 256;
        SimulationState state;
        state.setSnapshot(s);
        OrderHeatmapView view(&state);
        view.resize(900, 300);
        const auto g = view.cellGeometry();
        const QImage frame = view.render(view.size());
        const int y = g.rowTop(0) + 1;
        int coloured = 0;
        for (int x = g.area().left(); x <= g.area().right(); ++x) {
            const auto [first, last] = g.columnRangeAt(x);
            const QRgb c = frame.pixel(x, y) | 0xff000000;
            if (first <= 12345 && 12345 <= last) {
                QCOMPARE(c, colors::sequential(1.0));
                ++coloured;
            } else {
                QCOMPARE(c, colors::noData());
            }
        }
        QCOMPARE(coloured, 1);
    }

    void migratetypeHeatmapDiscreteLevels()
    {
        auto s = test::emptySnapshot(3);
        s->gigablocks[0].labelCount = {};
        s->gigablocks[0].labelCount[std::size_t(index(MigrateType::Unmovable))] = 512;
        s->gigablocks[0].mixedPageblocks = 10;
        s->gigablocks[2].labelCount[std::size_t(index(MigrateType::Movable))] = 200; // (1/4, 1/2]: level 2
        s->gigablocks[2].labelCount[std::size_t(index(MigrateType::Reclaimable))] = 312;
        SimulationState state;
        state.setSnapshot(s);
        MigratetypeHeatmapView view(&state);
        view.resize(700, 400);
        const auto g = view.cellGeometry();
        auto cell = [&](int gigablock, int row) { return row * g.columns() + gigablock; };
        QCOMPARE(pixelOf(view, cell(0, 0)), colors::migrateType(MigrateType::Unmovable));
        QVERIFY(reddish(pixelOf(view, cell(0, 0))));
        QCOMPARE(pixelOf(view, cell(0, 1)), colors::noData());
        QCOMPARE(pixelOf(view, cell(1, 1)), colors::migrateType(MigrateType::Movable));
        QCOMPARE(pixelOf(view, cell(2, 1)), MigratetypeHeatmapView::colorOfLevel(1, 2));
        QCOMPARE(pixelOf(view, cell(0, MigratetypeHeatmapView::kMixedRow)),
            MigratetypeHeatmapView::colorOfLevel(MigratetypeHeatmapView::kMixedRow, 1));
        QCOMPARE(MigratetypeHeatmapView::levelOf(0, 512), 0);
        QCOMPARE(MigratetypeHeatmapView::levelOf(1, 512), 1);
        QCOMPARE(MigratetypeHeatmapView::levelOf(128, 512), 1);
        QCOMPARE(MigratetypeHeatmapView::levelOf(129, 512), 2);
        QCOMPARE(MigratetypeHeatmapView::levelOf(512, 512), 4);
    }

    void drillDownColours()
    {
        auto s = test::emptySnapshot(2);
        s->drill.gigablock = 1;
        s->drill.firstPfn = s->gigablocks[1].startPfn;
        s->drill.pageblocks.resize(512);
        for (auto& pb : s->drill.pageblocks)
            pb.freePages = 512;
        s->drill.pageblocks[3].label = MigrateType::Unmovable;
        s->drill.pageblocks[3].freePages = 0;
        s->drill.pageblocks[3].usedPages = {512, 0, 0};
        s->drill.pageblocks[4].reserved = true;
        s->drill.pageblock = 3;
        s->drill.pages.resize(512);
        for (auto& page : s->drill.pages) {
            page.kind = PageCell::Kind::Allocated;
            page.migrateType = MigrateType::Unmovable;
        }
        s->drill.pages[100].kind = PageCell::Kind::Free;
        s->drill.pages[100].order = 0;
        SimulationState state;
        state.setSnapshot(s);
        state.selectGigablock(1);
        state.selectPageblock(3);
        DrillDownView drill(&state);
        drill.resize(600, 800);
        drill.pageblocks()->resize(600, 400);
        drill.pages()->resize(600, 400);
        QCOMPARE(pixelOf(*drill.pageblocks(), 3), colors::migrateType(MigrateType::Unmovable));
        QCOMPARE(pixelOf(*drill.pageblocks(), 4), colors::reservedPage());
        // All free: the palest shade of the label.
        QCOMPARE(pixelOf(*drill.pageblocks(), 0), PageblockGridView::colorOf(s->drill.pageblocks[0], 512));
        QVERIFY(qRed(pixelOf(*drill.pageblocks(), 0)) > 150);
        QCOMPARE(pixelOf(*drill.pages(), 101), colors::migrateType(MigrateType::Unmovable));
        QCOMPARE(pixelOf(*drill.pages(), 100), colors::sequential(0.0));
        QVERIFY(drill.pages()->toolTipFor(100).contains(QStringLiteral("free")));
        // A click on a page selects it (the events list keeps to it); another pageblock forgets it.
        QTest::mouseClick(drill.pages(), Qt::LeftButton, {}, drill.pages()->cellGeometry().cellRect(100).center());
        QCOMPARE(state.selectedPage(), 100u);
        state.selectPageblock(2);
        QCOMPARE(state.selectedPage(), SimulationState::kNone);
    }
};

QTEST_MAIN(TestHeatmapColors)
#include "tst_heatmapcolors.moc"
