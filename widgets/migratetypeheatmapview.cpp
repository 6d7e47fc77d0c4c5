// SPDX-License-Identifier: GPL-3.0-or-later
#include "migratetypeheatmapview.h"

#include <QPainter>

#include "colors.h"
#include "gigablockmapview.h"
#include "simulationstate.h"

namespace gbw {

namespace {

constexpr QRgb kMixedColor = 0xff303030;

} // namespace

MigratetypeHeatmapView::MigratetypeHeatmapView(SimulationState* state, QWidget* parent)
    : GigablockHeatmapView(state, parent)
{
    setObjectName(QStringLiteral("migratetypes"));
}

int MigratetypeHeatmapView::levelOf(std::uint64_t pageblocks, std::uint64_t usable)
{
    if (pageblocks == 0 || usable == 0)
        return 0;
    // (0, 1/4] → 1, (1/4, 1/2] → 2, (1/2, 3/4] → 3, (3/4, 1] → 4
    return int(std::min<std::uint64_t>((pageblocks * kLevels + usable - 1) / usable, kLevels));
}

QRgb MigratetypeHeatmapView::colorOfLevel(int row, int level)
{
    if (level <= 0)
        return colors::noData();
    const QRgb full = row == kMixedRow ? kMixedColor : colors::migrateType(MigrateType(row));
    return colors::mix(0xffffffff, full, double(level) / kLevels);
}

std::uint64_t MigratetypeHeatmapView::pageblocksPerGigablock() const
{
    const auto& s = state()->snapshot();
    return s ? s->geometry.pageblocksPerGigablock() : 512;
}

QString MigratetypeHeatmapView::title() const
{
    return tr("Pageblocks per migratetype label and gigablock (pagetypeinfo's block counts split by gigablock)");
}

int MigratetypeHeatmapView::rowCount() const
{
    return kMigrateTypes + 1;
}

QString MigratetypeHeatmapView::rowLabel(int row) const
{
    return row == kMixedRow ? tr("mixed") : colors::label(MigrateType(row));
}

std::uint64_t MigratetypeHeatmapView::valueOf(const GigablockCell& cell, int row) const
{
    return row == kMixedRow ? cell.mixedPageblocks : cell.labelCount[std::size_t(row)];
}

QRgb MigratetypeHeatmapView::colorOf(int row, std::uint64_t value) const
{
    // A fixed denominator (a whole gigablock) keeps colours comparable across gigablocks and frames.
    return colorOfLevel(row, levelOf(value, pageblocksPerGigablock()));
}

QString MigratetypeHeatmapView::describe(std::uint32_t gigablock, int row) const
{
    const auto& s = state()->snapshot();
    if (!s || gigablock >= s->gigablocks.size())
        return {};
    const GigablockCell& cell = s->gigablocks[gigablock];
    const QString what = row == kMixedRow ? tr("mixed pageblocks (holding pages of a type other than their label)")
                                          : tr("pageblocks labelled %1").arg(rowLabel(row));
    return tr("<b>Gigablock %1</b>: %2 %3 of %4<br><br>%5")
        .arg(gigablock)
        .arg(valueOf(cell, row))
        .arg(what)
        .arg(pageblocksPerGigablock())
        .arg(describeGigablock(*s, gigablock));
}

int MigratetypeHeatmapView::legendHeight(int) const
{
    return 2 * lineHeight();
}

void MigratetypeHeatmapView::paintLegend(QPainter& painter, QRect area) const
{
    const QFontMetrics fm = painter.fontMetrics();
    int x = area.left();
    for (int row = 0; row < rowCount(); ++row)
        x = paintSwatch(painter, QPoint(x, area.top()), colorOfLevel(row, kLevels), rowLabel(row));

    const int y = area.top() + lineHeight();
    x = paintSwatch(painter, QPoint(area.left(), y), colors::noData(), tr("none"));
    const QString shares = tr("share of the gigablock's %1 pageblocks:").arg(pageblocksPerGigablock());
    painter.drawText(QPoint(x, y + fm.ascent()), shares);
    x += fm.horizontalAdvance(shares) + 8;
    static const char* const levelNames[] = {"≤ ¼", "≤ ½", "≤ ¾", "> ¾"};
    for (int level = 1; level <= kLevels; ++level)
        x = paintSwatch(painter, QPoint(x, y), colorOfLevel(int(MigrateType::Movable), level),
            QString::fromUtf8(levelNames[level - 1]));
    painter.drawText(QPoint(x, y + fm.ascent()), tr("(same shades for every label)") + binningNote(width()));
}

} // namespace gbw
