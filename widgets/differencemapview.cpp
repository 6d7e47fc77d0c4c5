// SPDX-License-Identifier: GPL-3.0-or-later
#include "differencemapview.h"

#include <cmath>

#include <QLocale>
#include <QPainter>

#include "colors.h"
#include "simulationstate.h"

namespace gbw {

namespace {

// BrBG ends: neither is a category colour, so a shaded cell never reads as a category.
constexpr QRgb kFewer = 0xff8c510a; // B has fewer free pages than A
constexpr QRgb kMore = 0xff01665e; // B has more

} // namespace

DifferenceMapView::DifferenceMapView(SimulationState* a, SimulationState* b, QWidget* parent)
    : CellView(a, parent)
    , m_b(b)
{
    setObjectName(QStringLiteral("difference"));
    connect(b, &SimulationState::snapshotChanged, this, qOverload<>(&QWidget::update));
}

QRgb DifferenceMapView::sameColor()
{
    return 0xfff7f7f7;
}

QRgb DifferenceMapView::colorOf(const GigablockCell& a, const GigablockCell& b, bool upperHalf)
{
    if (a.category != b.category)
        return colors::categoryBase(upperHalf ? a.category : b.category);
    if (!a.usablePages)
        return colors::noData();
    const double share = (double(b.freePages) - double(a.freePages)) / double(a.usablePages);
    if (share == 0)
        return sameColor();
    // A difference of one page is still visible: at least a tenth of the shade.
    const double t = std::clamp(std::abs(share) / kFullShade, 0.1, 1.0);
    return colors::mix(sameColor(), share > 0 ? kMore : kFewer, t);
}

bool DifferenceMapView::hasData() const
{
    const auto& a = state()->snapshot();
    const auto& b = m_b->snapshot();
    return a && b && !a->gigablocks.empty() && a->gigablocks.size() == b->gigablocks.size() && a->seconds == b->seconds;
}

QString DifferenceMapView::emptyText() const
{
    if (!state()->snapshot() || !m_b->snapshot())
        return tr("Waiting for both engines…");
    return tr("Waiting for A and B to reach the same virtual time…");
}

int DifferenceMapView::differingCategories() const
{
    if (!hasData())
        return -1;
    const auto& a = state()->snapshot()->gigablocks;
    const auto& b = m_b->snapshot()->gigablocks;
    int count = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        count += a[i].category != b[i].category;
    return count;
}

QString DifferenceMapView::title() const
{
    if (!hasData())
        return tr("Difference B − A");
    const auto& a = *state()->snapshot();
    const auto& b = *m_b->snapshot();
    return tr("Difference B (%1) − A (%2) at %3 s: %4 gigablocks differ in category; tainted A %5, B %6")
        .arg(QString::fromStdString(b.policy), QString::fromStdString(a.policy))
        .arg(a.seconds, 0, 'f', 1)
        .arg(differingCategories())
        .arg(a.count(CellCategory::Tainted))
        .arg(b.count(CellCategory::Tainted));
}

CellGeometry DifferenceMapView::layoutCells(QRect plotArea) const
{
    return CellGeometry::wrapped(plotArea, int(state()->snapshot()->gigablocks.size()));
}

void DifferenceMapView::fillCells(QImage& frame, const CellGeometry& geometry) const
{
    const auto& a = state()->snapshot()->gigablocks;
    const auto& b = m_b->snapshot()->gigablocks;
    const int gap = geometry.minCellWidth() >= 5 ? 1 : 0;
    for (int i = 0; i < geometry.cells(); ++i) {
        const QRect r = geometry.cellRect(i);
        const auto& ca = a[std::size_t(i)];
        const auto& cb = b[std::size_t(i)];
        const QRgb upper = colorOf(ca, cb, true);
        const QRgb lower = colorOf(ca, cb, false);
        const int bottom = r.bottom() - gap;
        const int middle = r.top() + (bottom - r.top() + 1) / 2;
        for (int y = r.top(); y <= bottom; ++y) {
            auto* line = reinterpret_cast<QRgb*>(frame.scanLine(y)) + r.left();
            std::fill(line, line + r.width() - gap, y < middle ? upper : lower);
        }
    }
}

int DifferenceMapView::legendHeight(int) const
{
    return 2 * lineHeight();
}

void DifferenceMapView::paintLegend(QPainter& painter, QRect area) const
{
    const QFontMetrics metrics = painter.fontMetrics();
    const int side = metrics.ascent();
    int x = area.left();
    const QString split = tr("category differs: upper half A, lower half B (e.g. clean above tainted)");
    painter.fillRect(
        QRect(x, area.top() + 2, side, side / 2), QColor::fromRgb(colors::categoryBase(CellCategory::Clean)));
    painter.fillRect(QRect(x, area.top() + 2 + side / 2, side, side - side / 2),
        QColor::fromRgb(colors::categoryBase(CellCategory::Tainted)));
    painter.drawText(QPoint(x + side + 4, area.top() + metrics.ascent()), split);

    const int y = area.top() + lineHeight();
    const QString fewer = tr("same category: B has fewer free pages");
    painter.drawText(QPoint(x, y + metrics.ascent()), fewer);
    x += metrics.horizontalAdvance(fewer) + 6;
    constexpr int kSteps = 9;
    for (int s = 0; s < kSteps; ++s) {
        const double t = double(s - kSteps / 2) / (kSteps / 2);
        const QRgb c = t == 0 ? sameColor() : colors::mix(sameColor(), t > 0 ? kMore : kFewer, std::abs(t));
        painter.fillRect(QRect(x, y + 2, side, side), QColor::fromRgb(c));
        x += side;
    }
    painter.drawText(QPoint(x + 6, y + metrics.ascent()),
        tr("more (full shade: %1 % of the gigablock; middle: equal)").arg(int(kFullShade * 100)));
}

void DifferenceMapView::activate(int cell)
{
    state()->selectGigablock(std::uint32_t(cell));
}

int DifferenceMapView::selectedCell() const
{
    const auto gb = state()->selectedGigablock();
    return gb == SimulationState::kNone ? -1 : int(gb);
}

QString DifferenceMapView::toolTipFor(int cell) const
{
    if (!hasData())
        return {};
    const auto& a = state()->snapshot()->gigablocks[std::size_t(cell)];
    const auto& b = m_b->snapshot()->gigablocks[std::size_t(cell)];
    const QLocale locale;
    return tr("<b>Gigablock %1</b><br>A: %2, %3 free pages<br>B: %4, %5 free pages<br>B − A: %6 pages")
        .arg(cell)
        .arg(colors::categoryLabel(a.category), locale.toString(qulonglong(a.freePages)),
            colors::categoryLabel(b.category), locale.toString(qulonglong(b.freePages)),
            locale.toString(qlonglong(b.freePages) - qlonglong(a.freePages)));
}

} // namespace gbw
