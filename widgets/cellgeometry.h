// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QRect>

namespace gbw {

// A grid of columns × rows cells laid over a pixel rectangle, row-major with
// row 0 at the top. Cells may be narrower than a pixel: then several columns
// share one pixel column, and columnRangeAt() says which, so a renderer can
// aggregate them instead of dropping some. Column c covers the pixels x with
// floor((x - left) * columns / width) == c; rows likewise.
class CellGeometry
{
public:
    CellGeometry() = default;
    // `cells` (default columns × rows) may leave the last row partly empty.
    CellGeometry(QRect area, int columns, int rows, int cells = -1);
    // `cells` square cells wrapped into rows, as large as fit in `area` (at
    // least one pixel), the grid anchored at the area's top left. If even
    // one-pixel cells do not fit, cells() is what fits.
    static CellGeometry wrapped(QRect area, int cells);

    QRect area() const
    {
        return m_area;
    }
    int columns() const
    {
        return m_columns;
    }
    int rows() const
    {
        return m_rows;
    }
    int cells() const
    {
        return m_cells;
    }
    bool isEmpty() const
    {
        return m_cells <= 0 || m_area.isEmpty();
    }

    // The column / row a pixel lies in, -1 outside the area.
    int columnAt(int x) const;
    int rowAt(int y) const;
    // The cell under a pixel, -1 outside the grid or past the last cell.
    int cellAt(QPoint pixel) const;
    // The columns pixel column x stands for, [first, last]: one column when
    // columns are wider than pixels, every column starting there otherwise;
    // {-1, -1} outside the area.
    std::pair<int, int> columnRangeAt(int x) const;

    // Pixels of a column, a row and a cell; empty when the cell is narrower than a pixel.
    int columnLeft(int column) const;
    int rowTop(int row) const;
    QRect cellRect(int cell) const;
    // Smallest width and height of a cell in pixels (0 when cells share pixels).
    int minCellWidth() const;
    int minCellHeight() const;

private:
    static int indexAt(int offset, int count, int extent);

    QRect m_area;
    int m_columns = 0;
    int m_rows = 0;
    int m_cells = 0;
};

} // namespace gbw
