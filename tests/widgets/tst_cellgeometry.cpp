// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "cellgeometry.h"

using gbw::CellGeometry;

class TestCellGeometry : public QObject
{
    Q_OBJECT
private slots:
    void cellAt_data()
    {
        QTest::addColumn<QRect>("area");
        QTest::addColumn<int>("columns");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cells");
        QTest::addColumn<QPoint>("pixel");
        QTest::addColumn<int>("expected");

        // 4 × 2 cells of 10 × 10 pixels at (100, 50)
        const QRect r(100, 50, 40, 20);
        QTest::newRow("first pixel") << r << 4 << 2 << 8 << QPoint(100, 50) << 0;
        QTest::newRow("last pixel of cell 0") << r << 4 << 2 << 8 << QPoint(109, 59) << 0;
        QTest::newRow("first pixel of cell 1") << r << 4 << 2 << 8 << QPoint(110, 50) << 1;
        QTest::newRow("second row") << r << 4 << 2 << 8 << QPoint(100, 60) << 4;
        QTest::newRow("last cell, last pixel") << r << 4 << 2 << 8 << QPoint(139, 69) << 7;
        QTest::newRow("left of the area") << r << 4 << 2 << 8 << QPoint(99, 55) << -1;
        QTest::newRow("right of the area") << r << 4 << 2 << 8 << QPoint(140, 55) << -1;
        QTest::newRow("below the area") << r << 4 << 2 << 8 << QPoint(105, 70) << -1;
        QTest::newRow("past the last cell") << r << 4 << 2 << 6 << QPoint(135, 65) << -1;
        QTest::newRow("last of a partial row") << r << 4 << 2 << 6 << QPoint(115, 65) << 5;
        // 3 columns over 10 pixels: widths 4, 3, 3 (column c starts at ceil(c * 10 / 3))
        QTest::newRow("uneven: x 3 is column 0") << QRect(0, 0, 10, 1) << 3 << 1 << 3 << QPoint(3, 0) << 0;
        QTest::newRow("uneven: x 4 is column 1") << QRect(0, 0, 10, 1) << 3 << 1 << 3 << QPoint(4, 0) << 1;
        QTest::newRow("uneven: x 7 is column 2") << QRect(0, 0, 10, 1) << 3 << 1 << 3 << QPoint(7, 0) << 2;
        // More columns than pixels: 16384 gigablocks over 1024 pixels, 16 per pixel
        QTest::newRow("dense: pixel 0") << QRect(0, 0, 1024, 11) << 16384 << 11 << 16384 * 11 << QPoint(0, 0) << 0;
        QTest::newRow("dense: pixel 1") << QRect(0, 0, 1024, 11) << 16384 << 11 << 16384 * 11 << QPoint(1, 0) << 16;
        QTest::newRow("dense: last pixel, last row")
            << QRect(0, 0, 1024, 11) << 16384 << 11 << 16384 * 11 << QPoint(1023, 10) << 10 * 16384 + 16368;
        QTest::newRow("empty grid") << QRect(0, 0, 10, 10) << 0 << 0 << 0 << QPoint(1, 1) << -1;
    }

    void cellAt()
    {
        QFETCH(QRect, area);
        QFETCH(int, columns);
        QFETCH(int, rows);
        QFETCH(int, cells);
        QFETCH(QPoint, pixel);
        QFETCH(int, expected);
        const CellGeometry geometry(area, columns, rows, cells);
        QCOMPARE(geometry.cellAt(pixel), expected);
    }

    void cellRectRoundTrips_data()
    {
        QTest::addColumn<QRect>("area");
        QTest::addColumn<int>("columns");
        QTest::addColumn<int>("rows");
        QTest::newRow("even") << QRect(5, 7, 40, 20) << 4 << 2;
        QTest::newRow("uneven") << QRect(0, 0, 101, 37) << 7 << 3;
        QTest::newRow("orders") << QRect(60, 20, 1200, 180) << 65 << 11;
        QTest::newRow("one cell") << QRect(0, 0, 3, 3) << 1 << 1;
    }

    // Every pixel of a cell's rectangle maps back to that cell, and the rectangles tile the area.
    void cellRectRoundTrips()
    {
        QFETCH(QRect, area);
        QFETCH(int, columns);
        QFETCH(int, rows);
        const CellGeometry geometry(area, columns, rows);
        int covered = 0;
        for (int cell = 0; cell < geometry.cells(); ++cell) {
            const QRect r = geometry.cellRect(cell);
            QVERIFY(!r.isEmpty());
            QVERIFY(area.contains(r));
            for (int y = r.top(); y <= r.bottom(); ++y) {
                for (int x = r.left(); x <= r.right(); ++x)
                    QCOMPARE(geometry.cellAt(QPoint(x, y)), cell);
            }
            covered += r.width() * r.height();
        }
        QCOMPARE(covered, area.width() * area.height());
    }

    void columnRangeAt_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("columns");
        QTest::addColumn<int>("x");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");
        QTest::newRow("wide columns: one each") << 10 << 5 << 3 << 1 << 1;
        QTest::newRow("4 per pixel") << 2 << 8 << 0 << 0 << 3;
        QTest::newRow("4 per pixel, last") << 2 << 8 << 1 << 4 << 7;
        // Column c starts at pixel ceil(c * width / columns): 0, 1, 2 → the last lands on pixel 1.
        QTest::newRow("uneven 3 over 2, first pixel") << 2 << 3 << 0 << 0 << 0;
        QTest::newRow("uneven 3 over 2, second pixel") << 2 << 3 << 1 << 1 << 2;
        QTest::newRow("outside") << 10 << 5 << 10 << -1 << -1;
    }

    void columnRangeAt()
    {
        QFETCH(int, width);
        QFETCH(int, columns);
        QFETCH(int, x);
        QFETCH(int, first);
        QFETCH(int, last);
        const CellGeometry geometry(QRect(0, 0, width, 1), columns, 1);
        QCOMPARE(geometry.columnRangeAt(x), std::make_pair(first, last));
    }

    // Aggregating pixel columns sees every column exactly once.
    void columnRangesPartition()
    {
        for (int width : {1, 7, 100, 1024}) {
            for (int columns : {1, 3, 65, 1000, 16384}) {
                const CellGeometry geometry(QRect(3, 0, width, 1), columns, 1);
                int next = 0;
                for (int x = 3; x < 3 + width; ++x) {
                    const auto [first, last] = geometry.columnRangeAt(x);
                    QVERIFY(first <= last);
                    QVERIFY(first == next || first == next - 1); // a wide column repeats across pixels
                    next = last + 1;
                }
                QCOMPARE(next, columns);
            }
        }
    }

    void wrapped_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("cells");
        QTest::addColumn<int>("columns");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("side");
        QTest::newRow("65 gigablocks in 800 × 400") << QSize(800, 400) << 65 << 12 << 6 << 66;
        QTest::newRow("one cell") << QSize(100, 50) << 1 << 1 << 1 << 50;
        QTest::newRow("16384 in 1000 × 600") << QSize(1000, 600) << 16384 << 166 << 99 << 6;
        QTest::newRow("more cells than pixels: clipped") << QSize(10, 10) << 500 << 10 << 10 << 1;
    }

    void wrapped()
    {
        QFETCH(QSize, size);
        QFETCH(int, cells);
        QFETCH(int, columns);
        QFETCH(int, rows);
        QFETCH(int, side);
        const auto geometry = CellGeometry::wrapped(QRect(QPoint(0, 0), size), cells);
        QCOMPARE(geometry.columns(), columns);
        QCOMPARE(geometry.rows(), rows);
        QCOMPARE(geometry.cells(), std::min(cells, columns * rows));
        QVERIFY(QRect(QPoint(0, 0), size).contains(geometry.area()));
        QCOMPARE(geometry.minCellWidth(), side);
        QCOMPARE(geometry.minCellHeight(), side);
        QCOMPARE(geometry.cellRect(0), QRect(0, 0, side, side));
    }
};

QTEST_GUILESS_MAIN(TestCellGeometry)
#include "tst_cellgeometry.moc"
