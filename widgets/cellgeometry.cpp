// SPDX-License-Identifier: GPL-3.0-or-later
#include "cellgeometry.h"

#include <algorithm>
#include <cmath>

namespace gbw {

namespace {

// ceil(a * b / c) for non-negative values, in 64 bits so that 16384 columns × 4K pixels cannot overflow.
int scaledCeil(int a, int b, int c)
{
    return int((std::int64_t(a) * b + c - 1) / c);
}

} // namespace

CellGeometry::CellGeometry(QRect area, int columns, int rows, int cells)
    : m_area(area)
    , m_columns(std::max(columns, 0))
    , m_rows(std::max(rows, 0))
    , m_cells(cells < 0 ? m_columns * m_rows : std::min(cells, m_columns * m_rows))
{}

CellGeometry CellGeometry::wrapped(QRect area, int cells)
{
    if (cells <= 0 || area.isEmpty())
        return CellGeometry(area, 0, 0, 0);
    // The largest square side s with ceil(cells / floor(w / s)) rows fitting in h.
    int side = std::max(1, int(std::sqrt(double(area.width()) * area.height() / cells)));
    for (; side > 1; --side) {
        const int columns = area.width() / side;
        if (columns > 0 && (cells + columns - 1) / columns * side <= area.height())
            break;
    }
    const int columns = std::max(1, std::min(cells, area.width() / side));
    // Even one-pixel cells may not all fit: keep the grid inside the area and drop the rest.
    const int rows = std::min((cells + columns - 1) / columns, area.height() / side);
    return CellGeometry(QRect(area.topLeft(), QSize(columns * side, rows * side)), columns, rows, cells);
}

// Index i spans the pixels [ceil(i * extent / count), ceil((i + 1) * extent / count)), so the
// pixel at offset lies in floor(offset * count / extent).
int CellGeometry::indexAt(int offset, int count, int extent)
{
    return std::min(count - 1, int(std::int64_t(offset) * count / extent));
}

int CellGeometry::columnAt(int x) const
{
    if (isEmpty() || x < m_area.left() || x > m_area.right())
        return -1;
    return indexAt(x - m_area.left(), m_columns, m_area.width());
}

int CellGeometry::rowAt(int y) const
{
    if (isEmpty() || y < m_area.top() || y > m_area.bottom())
        return -1;
    return indexAt(y - m_area.top(), m_rows, m_area.height());
}

int CellGeometry::cellAt(QPoint pixel) const
{
    const int column = columnAt(pixel.x());
    const int row = rowAt(pixel.y());
    if (column < 0 || row < 0)
        return -1;
    const int cell = row * m_columns + column;
    return cell < m_cells ? cell : -1;
}

std::pair<int, int> CellGeometry::columnRangeAt(int x) const
{
    const int first = columnAt(x);
    if (first < 0)
        return {-1, -1};
    const int next = x == m_area.right() ? m_columns : columnAt(x + 1);
    return {first, std::max(first, next - 1)};
}

int CellGeometry::columnLeft(int column) const
{
    return m_area.left() + scaledCeil(column, m_area.width(), std::max(m_columns, 1));
}

int CellGeometry::rowTop(int row) const
{
    return m_area.top() + scaledCeil(row, m_area.height(), std::max(m_rows, 1));
}

QRect CellGeometry::cellRect(int cell) const
{
    if (cell < 0 || cell >= m_cells || isEmpty())
        return {};
    const int column = cell % m_columns;
    const int row = cell / m_columns;
    const int left = columnLeft(column);
    const int top = rowTop(row);
    return QRect(QPoint(left, top), QPoint(columnLeft(column + 1) - 1, rowTop(row + 1) - 1));
}

int CellGeometry::minCellWidth() const
{
    return m_columns ? m_area.width() / m_columns : 0;
}

int CellGeometry::minCellHeight() const
{
    return m_rows ? m_area.height() / m_rows : 0;
}

} // namespace gbw
