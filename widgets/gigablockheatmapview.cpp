// SPDX-License-Identifier: GPL-3.0-or-later
#include "gigablockheatmapview.h"

#include <QPainter>

#include "colors.h"
#include "gigablockmapview.h"
#include "simulationstate.h"

namespace gbw {

bool GigablockHeatmapView::hasData() const
{
    return state()->snapshot() && !state()->snapshot()->gigablocks.empty();
}

QMargins GigablockHeatmapView::plotMargins() const
{
    const int labelWidth = fontMetrics().horizontalAdvance(QStringLiteral("Reclaimable")) + 8;
    return {labelWidth, 2, 8, lineHeight()};
}

CellGeometry GigablockHeatmapView::layoutCells(QRect plotArea) const
{
    return CellGeometry(plotArea, int(state()->snapshot()->gigablocks.size()), rowCount());
}

void GigablockHeatmapView::fillCells(QImage& frame, const CellGeometry& geometry) const
{
    const auto& cells = state()->snapshot()->gigablocks;
    const QRect area = geometry.area();
    const int rows = geometry.rows();
    const bool columnGaps = geometry.minCellWidth() >= 6;
    const bool rowGaps = geometry.minCellHeight() >= 6;
    // One colour per (row, pixel column), then each scanline is a copy of its row's colours.
    std::vector<QRgb> colors(std::size_t(rows) * std::size_t(area.width()));
    for (int x = 0; x < area.width(); ++x) {
        const auto [first, last] = geometry.columnRangeAt(area.left() + x);
        const bool gap = columnGaps && geometry.columnAt(area.left() + x + 1) != first;
        for (int row = 0; row < rows; ++row) {
            std::uint64_t value = 0;
            for (int c = first; c <= last; ++c)
                value = std::max(value, valueOf(cells[std::size_t(c)], row));
            colors[std::size_t(row) * std::size_t(area.width()) + std::size_t(x)]
                = gap ? chromeBackground() : colorOf(row, value);
        }
    }
    for (int y = area.top(); y <= area.bottom(); ++y) {
        const int row = geometry.rowAt(y);
        auto* line = reinterpret_cast<QRgb*>(frame.scanLine(y)) + area.left();
        if (rowGaps && geometry.rowAt(y + 1) != row && y != area.bottom()) {
            std::fill(line, line + area.width(), chromeBackground());
            continue;
        }
        const QRgb* source = colors.data() + std::size_t(row) * std::size_t(area.width());
        std::copy(source, source + area.width(), line);
    }
}

void GigablockHeatmapView::dimUntouched(QImage& frame, const CellGeometry& geometry) const
{
    // A pixel column stays bright if any gigablock it stands for changed in the range.
    const auto& touched = state()->touchedGigablocks();
    const QRect area = geometry.area();
    std::vector<char> dim(std::size_t(area.width()), 0);
    for (int x = 0; x < area.width(); ++x) {
        const auto [first, last] = geometry.columnRangeAt(area.left() + x);
        bool any = false;
        for (int c = first; c <= last && !any; ++c)
            any = std::size_t(c) < touched.size() && touched[std::size_t(c)] > 0;
        dim[std::size_t(x)] = !any;
    }
    for (int y = area.top(); y <= area.bottom(); ++y) {
        auto* line = reinterpret_cast<QRgb*>(frame.scanLine(y)) + area.left();
        for (int x = 0; x < area.width(); ++x) {
            if (dim[std::size_t(x)])
                dimPixels(line + x, 1);
        }
    }
}

void GigablockHeatmapView::paintAxes(QPainter& painter, const CellGeometry& geometry) const
{
    const QRect area = geometry.area();
    const int rowHeight = geometry.minCellHeight();
    const int textHeight = painter.fontMetrics().height();
    // Label every row when they are tall enough, else every few.
    const int every = rowHeight >= textHeight ? 1 : (textHeight + rowHeight - 1) / std::max(rowHeight, 1);
    for (int row = 0; row < geometry.rows(); row += every) {
        const QRect r(0, geometry.rowTop(row), area.left() - 6, geometry.rowTop(row + 1) - geometry.rowTop(row));
        painter.drawText(r, Qt::AlignRight | Qt::AlignVCenter, rowLabel(row));
    }
    // Gigablock numbers under the first, last and a few columns between.
    const int columns = geometry.columns();
    const int labelWidth = painter.fontMetrics().horizontalAdvance(QString::number(columns)) + 16;
    const int ticks = std::clamp(area.width() / std::max(labelWidth, 1), 1, std::min(columns, 9));
    const int y = area.bottom() + 2;
    for (int t = 0; t < ticks; ++t) {
        const int column = ticks == 1 ? 0 : int(std::int64_t(t) * (columns - 1) / (ticks - 1));
        const int x = geometry.columnLeft(column)
            + std::max(0, (geometry.columnLeft(column + 1) - geometry.columnLeft(column)) / 2);
        painter.drawLine(x, y, x, y + 3);
        const QString text = QString::number(column);
        const int w = painter.fontMetrics().horizontalAdvance(text);
        painter.drawText(
            std::clamp(x - w / 2, area.left(), area.right() - w), y + 2 + painter.fontMetrics().ascent(), text);
    }
    painter.drawText(QRect(0, y, area.left() - 6, lineHeight()), Qt::AlignRight | Qt::AlignTop, tr("gigablock"));
}

QString GigablockHeatmapView::binningNote(int width) const
{
    const auto& s = state()->snapshot();
    const int plotWidth = width - plotMargins().left() - plotMargins().right();
    if (!s || plotWidth <= 0 || int(s->gigablocks.size()) <= plotWidth)
        return {};
    return tr("; a pixel shows the largest of ~%1 gigablocks")
        .arg((s->gigablocks.size() + std::size_t(plotWidth) - 1) / std::size_t(plotWidth));
}

void GigablockHeatmapView::activate(int cell)
{
    state()->selectGigablock(gigablockOf(cell, cellGeometry()));
}

QRect GigablockHeatmapView::selectionRect(const CellGeometry& geometry) const
{
    const auto gb = state()->selectedGigablock();
    if (gb == SimulationState::kNone || int(gb) >= geometry.columns())
        return {};
    const int left = geometry.columnLeft(int(gb));
    const int right = std::max(left, geometry.columnLeft(int(gb) + 1) - 1);
    return QRect(QPoint(left, geometry.area().top()), QPoint(right, geometry.area().bottom()));
}

QString GigablockHeatmapView::toolTipFor(int cell) const
{
    const CellGeometry geometry = cellGeometry();
    return describe(gigablockOf(cell, geometry), cell / geometry.columns());
}

} // namespace gbw
