// SPDX-License-Identifier: GPL-3.0-or-later
#include "gigablockmapview.h"

#include <QLocale>
#include <QPainter>

#include "colors.h"
#include "simulationstate.h"

namespace gbw {

namespace {

QString pfnText(Pfn pfn)
{
    return QStringLiteral("0x") + QString::number(pfn, 16);
}

// The strip's colours: the label of each pageblock slot, largest labels first,
// laid out proportionally along `width` pixels.
void fillLabelStrip(QRgb* line, int width, const GigablockCell& cell)
{
    const int total = cell.usablePageblocks;
    if (total == 0)
        return;
    int x = 0;
    int accumulated = 0;
    for (int t = 0; t < kMigrateTypes; ++t) {
        accumulated += cell.labelCount[std::size_t(t)];
        const int end = int(std::int64_t(accumulated) * width / total);
        for (; x < end; ++x)
            line[x] = colors::migrateType(MigrateType(t));
    }
}

} // namespace

QString describeGigablock(const EngineSnapshot& snapshot, std::uint32_t gigablock)
{
    if (gigablock >= snapshot.gigablocks.size())
        return {};
    const GigablockCell& cell = snapshot.gigablocks[gigablock];
    const QLocale locale;
    QString text
        = QStringLiteral("<b>Gigablock %1</b> — %2<br>").arg(gigablock).arg(colors::categoryLabel(cell.category));
    text += QStringLiteral("pfn %1, %2 usable pageblocks<br>").arg(pfnText(cell.startPfn)).arg(cell.usablePageblocks);
    if (cell.usablePages) {
        text += QStringLiteral("free %1 of %2 pages (%3 %)<br>")
                    .arg(locale.toString(qulonglong(cell.freePages)), locale.toString(qulonglong(cell.usablePages)))
                    .arg(100.0 * double(cell.freePages) / double(cell.usablePages), 0, 'f', 1);
    }
    text += QStringLiteral("in use: %1 unmovable, %2 movable, %3 reclaimable pages<br>")
                .arg(locale.toString(qulonglong(cell.usedPages[0])), locale.toString(qulonglong(cell.usedPages[1])),
                    locale.toString(qulonglong(cell.usedPages[2])));
    QStringList labels;
    for (int t = 0; t < kMigrateTypes; ++t) {
        if (cell.labelCount[std::size_t(t)])
            labels << QStringLiteral("%1 %2").arg(cell.labelCount[std::size_t(t)]).arg(colors::label(MigrateType(t)));
    }
    text += QStringLiteral("pageblock labels: %1<br>")
                .arg(labels.isEmpty() ? QStringLiteral("none") : labels.join(QStringLiteral(", ")));
    text += QStringLiteral("content: %1 with unmovable, %2 with reclaimable, %3 all free, %4 mixed<br>")
                .arg(cell.unmovablePageblocks)
                .arg(cell.reclaimablePageblocks)
                .arg(cell.freePageblocks)
                .arg(cell.mixedPageblocks);
    QStringList orders;
    for (int o = snapshot.geometry.maxPageOrder; o >= 0; --o) {
        if (cell.freeBlocks[std::size_t(o)])
            orders << QStringLiteral("%1×%2").arg(cell.freeBlocks[std::size_t(o)]).arg(o);
    }
    text += QStringLiteral("free blocks (count×order): %1")
                .arg(orders.isEmpty() ? QStringLiteral("none") : orders.join(QLatin1Char(' ')));
    return text;
}

QString brushNote(const SimulationState& state)
{
    if (!state.hasTimeRange())
        return {};
    const auto [from, to] = state.timeRange();
    const auto& touched = state.touchedGigablocks();
    if (touched.empty())
        return QStringLiteral(" — brushed %1–%2 s").arg(from, 0, 'f', 1).arg(to, 0, 'f', 1);
    const auto changed = std::count_if(touched.begin(), touched.end(), [](std::uint32_t n) { return n > 0; });
    return QStringLiteral(" — brushed %1–%2 s: %3 of %4 changed, rest dimmed")
        .arg(from, 0, 'f', 1)
        .arg(to, 0, 'f', 1)
        .arg(changed)
        .arg(touched.size());
}

GigablockMapView::GigablockMapView(SimulationState* state, QWidget* parent)
    : CellView(state, parent)
{
    setObjectName(QStringLiteral("map"));
}

bool GigablockMapView::hasData() const
{
    return state()->snapshot() && !state()->snapshot()->gigablocks.empty();
}

QString GigablockMapView::title() const
{
    const auto& s = state()->snapshot();
    if (!s)
        return tr("Gigablock map");
    if (!s->source.unknownGigablocks.empty())
        return tr("Gigablock map — which gigablock is which is unknown for this source");
    return tr("Gigablock map — %1 gigablocks of %2 MiB at %3 s: %4 empty, %5 clean, %6 tainted, %7 isolated")
               .arg(s->gigablocks.size())
               .arg((s->geometry.pagesPerGigablock() * s->geometry.pageBytes()) >> 20)
               .arg(s->seconds, 0, 'f', 1)
               .arg(s->count(CellCategory::Empty))
               .arg(s->count(CellCategory::Clean))
               .arg(s->count(CellCategory::Tainted))
               .arg(s->count(CellCategory::Isolated))
        + brushNote(*state());
}

CellGeometry GigablockMapView::layoutCells(QRect plotArea) const
{
    return CellGeometry::wrapped(plotArea, int(state()->snapshot()->gigablocks.size()));
}

void GigablockMapView::fillCells(QImage& frame, const CellGeometry& geometry) const
{
    const auto& cells = state()->snapshot()->gigablocks;
    const int side = geometry.minCellWidth();
    const int gap = side >= 5 ? 1 : 0; // a white line between cells once they are large enough to spare it
    const int strip = side >= kStripMinSide ? std::max(3, side / 4) : 0;
    for (int i = 0; i < geometry.cells(); ++i) {
        const QRect r = geometry.cellRect(i);
        const GigablockCell& cell = cells[std::size_t(i)];
        const QRgb color = colors::category(cell.category, cell.usedShare());
        const int width = r.width() - gap;
        const int bodyBottom = r.bottom() - gap - strip;
        for (int y = r.top(); y <= bodyBottom; ++y) {
            auto* line = reinterpret_cast<QRgb*>(frame.scanLine(y)) + r.left();
            std::fill(line, line + width, color);
        }
        for (int y = bodyBottom + 1; y <= r.bottom() - gap; ++y) {
            auto* line = reinterpret_cast<QRgb*>(frame.scanLine(y)) + r.left();
            std::fill(line, line + width, colors::noData());
            fillLabelStrip(line, width, cell);
        }
    }
}

void GigablockMapView::dimUntouched(QImage& frame, const CellGeometry& geometry) const
{
    const auto& touched = state()->touchedGigablocks();
    for (int i = 0; i < geometry.cells() && std::size_t(i) < touched.size(); ++i) {
        if (touched[std::size_t(i)] > 0)
            continue;
        const QRect r = geometry.cellRect(i);
        for (int y = r.top(); y <= r.bottom(); ++y)
            dimPixels(reinterpret_cast<QRgb*>(frame.scanLine(y)) + r.left(), r.width());
    }
}

int GigablockMapView::legendHeight(int) const
{
    return 3 * lineHeight();
}

void GigablockMapView::paintLegend(QPainter& painter, QRect area) const
{
    const int line = lineHeight();
    int x = area.left();
    for (int c = 0; c < kCellCategories; ++c)
        x = paintSwatch(painter, QPoint(x, area.top()), colors::categoryBase(CellCategory(c)),
            colors::categoryLabel(CellCategory(c)));

    // Fullness: the same clean and tainted hues from nearly empty to full.
    x = area.left();
    const int y = area.top() + line;
    painter.drawText(QPoint(x, y + painter.fontMetrics().ascent()), tr("clean / tainted shade, mostly free"));
    x += painter.fontMetrics().horizontalAdvance(tr("clean / tainted shade, mostly free")) + 6;
    const int side = painter.fontMetrics().ascent();
    for (int step = 0; step <= 4; ++step) {
        const double used = step / 4.0;
        painter.fillRect(QRect(x, y + 2, side, side / 2), QColor::fromRgb(colors::category(CellCategory::Clean, used)));
        painter.fillRect(
            QRect(x, y + 2 + side / 2, side, side / 2), QColor::fromRgb(colors::category(CellCategory::Tainted, used)));
        x += side + 1;
    }
    painter.drawText(QPoint(x + 6, y + painter.fontMetrics().ascent()), tr("full"));

    x = area.left();
    const int y2 = area.top() + 2 * line;
    const QString strip = tr("bottom strip of large cells: pageblock labels");
    painter.drawText(QPoint(x, y2 + painter.fontMetrics().ascent()), strip);
    x += painter.fontMetrics().horizontalAdvance(strip) + 8;
    for (MigrateType t :
        {MigrateType::Unmovable, MigrateType::Movable, MigrateType::Reclaimable, MigrateType::HighAtomic})
        x = paintSwatch(painter, QPoint(x, y2), colors::migrateType(t), colors::label(t));
}

void GigablockMapView::activate(int cell)
{
    state()->selectGigablock(std::uint32_t(cell));
}

int GigablockMapView::selectedCell() const
{
    const auto gb = state()->selectedGigablock();
    return gb == SimulationState::kNone ? -1 : int(gb);
}

QString GigablockMapView::toolTipFor(int cell) const
{
    return state()->snapshot() ? describeGigablock(*state()->snapshot(), std::uint32_t(cell)) : QString();
}

} // namespace gbw
