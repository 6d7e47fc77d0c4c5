// SPDX-License-Identifier: GPL-3.0-or-later
#include "drilldownview.h"

#include <QPainter>
#include <QSplitter>
#include <QVBoxLayout>

#include "colors.h"
#include "simulationstate.h"

namespace gbw {

namespace {

constexpr int kGridColumns = 32; // 512 cells as 32 × 16

QString pfnText(Pfn pfn)
{
    return QStringLiteral("0x") + QString::number(pfn, 16);
}

// A grid of `cells` with kGridColumns columns of square cells, as large as fit.
CellGeometry squareGrid(QRect area, int cells)
{
    const int rows = (cells + kGridColumns - 1) / kGridColumns;
    const int side = std::max(1, std::min(area.width() / kGridColumns, area.height() / std::max(rows, 1)));
    return CellGeometry(QRect(area.topLeft(), QSize(side * kGridColumns, side * rows)), kGridColumns, rows, cells);
}

void fillRect(QImage& frame, QRect r, QRgb color)
{
    for (int y = r.top(); y <= r.bottom(); ++y) {
        auto* line = reinterpret_cast<QRgb*>(frame.scanLine(y)) + r.left();
        std::fill(line, line + r.width(), color);
    }
}

// Cells large enough get a one-pixel white border, so neighbours of one colour stay countable.
QRect innerRect(QRect r)
{
    return r.width() >= 5 ? r.adjusted(0, 0, -1, -1) : r;
}

} // namespace

// ---------------------------------------------------------------------------------------------

PageblockGridView::PageblockGridView(SimulationState* state, QWidget* parent)
    : CellView(state, parent)
{
    setObjectName(QStringLiteral("pageblocks"));
}

bool PageblockGridView::hasData() const
{
    const DrillDown* drill = state()->drillDown();
    return drill && !drill->pageblocks.empty();
}

QString PageblockGridView::emptyText() const
{
    if (const auto& s = state()->snapshot(); s && !s->source.unknownGigablocks.empty())
        return tr("No drill-down: pageblocks are unknown for this source.");
    return state()->selectedGigablock() == SimulationState::kNone
        ? tr("Click a gigablock in the map or a heatmap to see its pageblocks")
        : tr("Reading the gigablock…");
}

QString PageblockGridView::title() const
{
    const DrillDown* drill = state()->drillDown();
    if (!drill)
        return tr("Pageblocks of the selected gigablock");
    return tr("Gigablock %1: %2 pageblocks from pfn %3 (click one for its pages)")
        .arg(drill->gigablock)
        .arg(drill->pageblocks.size())
        .arg(pfnText(drill->firstPfn));
}

CellGeometry PageblockGridView::layoutCells(QRect plotArea) const
{
    return squareGrid(plotArea, int(state()->drillDown()->pageblocks.size()));
}

QRgb PageblockGridView::colorOf(const PageblockCell& cell, std::uint64_t pagesPerPageblock)
{
    if (cell.reserved)
        return colors::reservedPage();
    const double freeShare = double(cell.freePages) / double(std::max<std::uint64_t>(pagesPerPageblock, 1));
    return colors::mix(colors::migrateType(cell.label), 0xffffffff, 0.75 * freeShare);
}

void PageblockGridView::fillCells(QImage& frame, const CellGeometry& geometry) const
{
    const DrillDown& drill = *state()->drillDown();
    const std::uint64_t perPageblock = state()->snapshot()->geometry.pagesPerPageblock();
    for (int i = 0; i < geometry.cells(); ++i) {
        const PageblockCell& cell = drill.pageblocks[std::size_t(i)];
        const QRect r = innerRect(geometry.cellRect(i));
        fillRect(frame, r, colorOf(cell, perPageblock));
        if (cell.mixed && r.width() >= 5) {
            const int dot = std::max(2, r.width() / 3);
            fillRect(frame, QRect(r.center() - QPoint(dot / 2, dot / 2), QSize(dot, dot)), 0xff000000);
        }
    }
}

int PageblockGridView::legendHeight(int) const
{
    return 2 * lineHeight();
}

void PageblockGridView::paintLegend(QPainter& painter, QRect area) const
{
    int x = area.left();
    for (MigrateType t : {MigrateType::Unmovable, MigrateType::Movable, MigrateType::Reclaimable,
             MigrateType::HighAtomic, MigrateType::Isolate})
        x = paintSwatch(painter, QPoint(x, area.top()), colors::migrateType(t), colors::label(t));
    x = paintSwatch(painter, QPoint(x, area.top()), colors::reservedPage(), tr("reserved / hole"));
    const int y = area.top() + lineHeight();
    x = paintSwatch(painter, QPoint(area.left(), y),
        colors::mix(colors::migrateType(MigrateType::Movable), 0xffffffff, 0.75), tr("pale: all free"));
    x = paintSwatch(painter, QPoint(x, y), colors::migrateType(MigrateType::Movable), tr("full"));
    x = paintSwatch(painter, QPoint(x, y), 0xff000000, tr("dot: mixed (pages of another type than the label)"));
}

void PageblockGridView::activate(int cell)
{
    state()->selectPageblock(std::uint32_t(cell));
}

int PageblockGridView::selectedCell() const
{
    const auto pb = state()->selectedPageblock();
    return pb == SimulationState::kNone ? -1 : int(pb);
}

QString PageblockGridView::toolTipFor(int cell) const
{
    const DrillDown* drill = state()->drillDown();
    if (!drill || cell < 0 || std::size_t(cell) >= drill->pageblocks.size())
        return {};
    const PageblockCell& pb = drill->pageblocks[std::size_t(cell)];
    const Pfn pfn = drill->firstPfn + Pfn(cell) * state()->snapshot()->geometry.pagesPerPageblock();
    if (pb.reserved)
        return tr("<b>Pageblock %1</b> (pfn %2): reserved, a hole or outside the zone").arg(cell).arg(pfnText(pfn));
    QStringList bits;
    if (pb.usedPages[std::size_t(index(MigrateType::Unmovable))])
        bits << QStringLiteral("has_unmovable");
    if (pb.usedPages[std::size_t(index(MigrateType::Reclaimable))])
        bits << QStringLiteral("has_reclaimable");
    if (pb.freePages == state()->snapshot()->geometry.pagesPerPageblock())
        bits << QStringLiteral("all_free");
    return tr("<b>Pageblock %1</b> (pfn %2)<br>label %3%4<br>%5 free pages; in use: %6 unmovable, %7 movable, %8 "
              "reclaimable<br>content bits: %9")
        .arg(cell)
        .arg(pfnText(pfn))
        .arg(colors::label(pb.label))
        .arg(pb.mixed ? tr(", <b>mixed</b>") : QString())
        .arg(pb.freePages)
        .arg(pb.usedPages[0])
        .arg(pb.usedPages[1])
        .arg(pb.usedPages[2])
        .arg(bits.isEmpty() ? tr("none") : bits.join(QStringLiteral(", ")));
}

// ---------------------------------------------------------------------------------------------

PageGridView::PageGridView(SimulationState* state, QWidget* parent)
    : CellView(state, parent)
{
    setObjectName(QStringLiteral("pages"));
}

bool PageGridView::hasData() const
{
    const DrillDown* drill = state()->drillDown();
    return drill && drill->pageblock == state()->selectedPageblock() && !drill->pages.empty();
}

QString PageGridView::emptyText() const
{
    if (const auto& s = state()->snapshot(); s && !s->source.unknownGigablocks.empty())
        return tr("No drill-down: pages are unknown for this source.");
    return state()->selectedPageblock() == SimulationState::kNone ? tr("Click a pageblock above to see its pages")
                                                                  : tr("Reading the pageblock…");
}

QString PageGridView::title() const
{
    const DrillDown* drill = state()->drillDown();
    if (!hasData())
        return tr("Pages of the selected pageblock");
    const Pfn first = drill->firstPfn + Pfn(drill->pageblock) * state()->snapshot()->geometry.pagesPerPageblock();
    return tr("Pageblock %1 of gigablock %2: %3 pages from pfn %4 (click one for its events)")
        .arg(drill->pageblock)
        .arg(drill->gigablock)
        .arg(drill->pages.size())
        .arg(pfnText(first));
}

CellGeometry PageGridView::layoutCells(QRect plotArea) const
{
    return squareGrid(plotArea, int(state()->drillDown()->pages.size()));
}

QRgb PageGridView::colorOf(const PageCell& cell, int maxOrder)
{
    switch (cell.kind) {
    case PageCell::Kind::Free:
        return colors::sequential(double(cell.order) / std::max(maxOrder, 1));
    case PageCell::Kind::Allocated:
        return colors::migrateType(cell.migrateType);
    case PageCell::Kind::Reserved:
        break;
    }
    return colors::reservedPage();
}

void PageGridView::fillCells(QImage& frame, const CellGeometry& geometry) const
{
    const DrillDown& drill = *state()->drillDown();
    const int maxOrder = state()->snapshot()->geometry.maxPageOrder;
    for (int i = 0; i < geometry.cells(); ++i) {
        const PageCell& page = drill.pages[std::size_t(i)];
        const QRect r = innerRect(geometry.cellRect(i));
        fillRect(frame, r, colorOf(page, maxOrder));
        // The head of each block gets a black corner so block boundaries are visible.
        if (page.head && page.kind != PageCell::Kind::Reserved && r.width() >= 4)
            fillRect(
                frame, QRect(r.topLeft(), QSize(std::max(2, r.width() / 3), std::max(2, r.height() / 3))), 0xff000000);
    }
}

int PageGridView::legendHeight(int) const
{
    return 2 * lineHeight();
}

void PageGridView::paintLegend(QPainter& painter, QRect area) const
{
    const QFontMetrics fm = painter.fontMetrics();
    const int maxOrder = state()->snapshot() ? state()->snapshot()->geometry.maxPageOrder : 10;
    QString text = tr("free, block order:");
    painter.drawText(QPoint(area.left(), area.top() + fm.ascent()), text);
    int x = area.left() + fm.horizontalAdvance(text) + 6;
    for (int o = 0; o <= maxOrder; o += (maxOrder > 6 ? 2 : 1)) {
        PageCell cell;
        cell.kind = PageCell::Kind::Free;
        cell.order = std::uint8_t(o);
        x = paintSwatch(painter, QPoint(x, area.top()), colorOf(cell, maxOrder), QString::number(o));
    }
    const int y = area.top() + lineHeight();
    text = tr("allocated, requested as:");
    painter.drawText(QPoint(area.left(), y + fm.ascent()), text);
    x = area.left() + fm.horizontalAdvance(text) + 6;
    for (MigrateType t : {MigrateType::Unmovable, MigrateType::Movable, MigrateType::Reclaimable})
        x = paintSwatch(painter, QPoint(x, y), colors::migrateType(t), colors::label(t));
    x = paintSwatch(painter, QPoint(x, y), colors::reservedPage(), tr("reserved"));
    paintSwatch(painter, QPoint(x, y), 0xff000000, tr("corner: first page of a block"));
}

void PageGridView::activate(int cell)
{
    state()->selectPage(std::uint32_t(cell));
}

int PageGridView::selectedCell() const
{
    const auto page = state()->selectedPage();
    return page == SimulationState::kNone || !hasData() ? -1 : int(page);
}

QString PageGridView::toolTipFor(int cell) const
{
    const DrillDown* drill = state()->drillDown();
    if (!hasData() || cell < 0 || std::size_t(cell) >= drill->pages.size())
        return {};
    const PageCell& page = drill->pages[std::size_t(cell)];
    const Pfn pfn
        = drill->firstPfn + Pfn(drill->pageblock) * state()->snapshot()->geometry.pagesPerPageblock() + Pfn(cell);
    const QString where = page.head ? tr("first page of") : tr("inside");
    switch (page.kind) {
    case PageCell::Kind::Free:
        return tr("<b>pfn %1</b>: free, %2 a block of order %3 (%4 pages) on the %5 free list")
            .arg(pfnText(pfn), where)
            .arg(page.order)
            .arg(1u << page.order)
            .arg(colors::label(page.migrateType));
    case PageCell::Kind::Allocated:
        return tr("<b>pfn %1</b>: allocated, %2 a block of order %3 (%4 pages) requested as %5")
            .arg(pfnText(pfn), where)
            .arg(page.order)
            .arg(1u << page.order)
            .arg(colors::label(page.migrateType));
    case PageCell::Kind::Reserved:
        break;
    }
    return tr("<b>pfn %1</b>: reserved (hole or firmware)").arg(pfnText(pfn));
}

// ---------------------------------------------------------------------------------------------

DrillDownView::DrillDownView(SimulationState* state, QWidget* parent)
    : QWidget(parent)
    , m_pageblocks(new PageblockGridView(state, this))
    , m_pages(new PageGridView(state, this))
{
    setObjectName(QStringLiteral("drilldown"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_pageblocks);
    splitter->addWidget(m_pages);
    layout->addWidget(splitter);
}

} // namespace gbw
