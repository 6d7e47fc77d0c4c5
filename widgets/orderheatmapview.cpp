// SPDX-License-Identifier: GPL-3.0-or-later
#include "orderheatmapview.h"

#include <QLocale>
#include <QPainter>

#include "gigablockmapview.h"
#include "simulationstate.h"

namespace gbw {

OrderHeatmapView::OrderHeatmapView(SimulationState* state, QWidget* parent)
    : GigablockHeatmapView(state, parent)
{
    setObjectName(QStringLiteral("orders"));
}

QString OrderHeatmapView::title() const
{
    return tr("Free pages per order and gigablock (buddyinfo split by gigablock)");
}

int OrderHeatmapView::rowCount() const
{
    const auto& s = state()->snapshot();
    return s ? s->geometry.orders() : 11;
}

QString OrderHeatmapView::rowLabel(int row) const
{
    return tr("order %1").arg(orderOfRow(row));
}

std::uint64_t OrderHeatmapView::valueOf(const GigablockCell& cell, int row) const
{
    return cell.freePagesOfOrder(orderOfRow(row));
}

QRgb OrderHeatmapView::colorOf(int, std::uint64_t value) const
{
    return m_scale.colorOf(value);
}

QString OrderHeatmapView::describe(std::uint32_t gigablock, int row) const
{
    const auto& s = state()->snapshot();
    if (!s || gigablock >= s->gigablocks.size())
        return {};
    const int order = orderOfRow(row);
    const GigablockCell& cell = s->gigablocks[gigablock];
    const QLocale locale;
    const std::uint64_t pages = cell.freePagesOfOrder(order);
    return tr("<b>Gigablock %1, order %2</b><br>%3 free blocks of %4 pages = %5 pages (%6 MiB)<br><br>%7")
        .arg(gigablock)
        .arg(order)
        .arg(locale.toString(qulonglong(cell.freeBlocks[std::size_t(order)])))
        .arg(qulonglong(1) << order)
        .arg(locale.toString(qulonglong(pages)))
        .arg(double(pages * s->geometry.pageBytes()) / double(1 << 20), 0, 'f', 1)
        .arg(describeGigablock(*s, gigablock));
}

int OrderHeatmapView::legendHeight(int) const
{
    return 2 * lineHeight() + 4;
}

void OrderHeatmapView::paintLegend(QPainter& painter, QRect area) const
{
    const QFontMetrics fm = painter.fontMetrics();
    const int line = lineHeight();
    int x = paintSwatch(painter, area.topLeft(), colors::noData(), tr("none free"));
    // A colour bar over the fixed range, ticks at powers of 8.
    const int barWidth = std::min(360, area.right() - x - 20);
    if (barWidth > 40) {
        const QRect bar(x, area.top() + 2, barWidth, fm.ascent());
        for (int i = 0; i < barWidth; ++i) {
            const double t = double(i) / (barWidth - 1);
            painter.setPen(QColor::fromRgb(colors::sequential(t)));
            painter.drawLine(bar.left() + i, bar.top(), bar.left() + i, bar.bottom());
        }
        painter.setPen(chromeText());
        const double maxLog = std::log2(double(m_scale.maxPages()));
        for (int p = 0; p <= int(maxLog); p += 3) {
            const int tx = bar.left() + int(p / maxLog * (barWidth - 1));
            painter.drawLine(tx, bar.bottom() + 1, tx, bar.bottom() + 3);
            const std::uint64_t pages = std::uint64_t(1) << p;
            const QString label = pages >= 1024 ? QStringLiteral("%1K").arg(pages / 1024) : QString::number(pages);
            painter.drawText(tx - fm.horizontalAdvance(label) / 2, bar.bottom() + 3 + fm.ascent(), label);
        }
        x = bar.right() + fm.horizontalAdvance(QStringLiteral("256K")) / 2 + 14; // clear of the last tick label
    }
    painter.drawText(QPoint(x, area.top() + fm.ascent()), tr("free pages (log scale, fixed range)"));
    painter.drawText(QPoint(x, area.top() + line + fm.ascent()),
        tr("%1 pages = a whole gigablock free%2").arg(m_scale.maxPages()).arg(binningNote(width())));
}

} // namespace gbw
