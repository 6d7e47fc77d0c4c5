// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cellview.h"

namespace gbw {

// The selected gigablock as its pageblocks: label colour, paler when free,
// a dot where a pageblock is mixed. A click selects the pageblock.
class PageblockGridView : public CellView
{
    Q_OBJECT
public:
    explicit PageblockGridView(SimulationState* state, QWidget* parent = nullptr);
    QString toolTipFor(int cell) const override;
    static QRgb colorOf(const PageblockCell& cell, std::uint64_t pagesPerPageblock);

protected:
    QString title() const override;
    CellGeometry layoutCells(QRect plotArea) const override;
    void fillCells(QImage& frame, const CellGeometry& geometry) const override;
    int legendHeight(int width) const override;
    void paintLegend(QPainter& painter, QRect area) const override;
    void activate(int cell) override;
    int selectedCell() const override;
    bool hasData() const override;
    QString emptyText() const override;
};

// The selected pageblock as its pages: free blocks coloured by order (the
// order heatmap's scale), allocated blocks by requested migratetype, block
// heads marked with a dark corner.
class PageGridView : public CellView
{
    Q_OBJECT
public:
    explicit PageGridView(SimulationState* state, QWidget* parent = nullptr);
    QString toolTipFor(int cell) const override;
    static QRgb colorOf(const PageCell& cell, int maxOrder);

protected:
    QString title() const override;
    CellGeometry layoutCells(QRect plotArea) const override;
    void fillCells(QImage& frame, const CellGeometry& geometry) const override;
    int legendHeight(int width) const override;
    void paintLegend(QPainter& painter, QRect area) const override;
    void activate(int cell) override;
    int selectedCell() const override;
    bool hasData() const override;
    QString emptyText() const override;
};

// Both grids, one above the other.
class DrillDownView : public QWidget
{
    Q_OBJECT
public:
    explicit DrillDownView(SimulationState* state, QWidget* parent = nullptr);
    PageblockGridView* pageblocks() const
    {
        return m_pageblocks;
    }
    PageGridView* pages() const
    {
        return m_pages;
    }

private:
    PageblockGridView* m_pageblocks;
    PageGridView* m_pages;
};

} // namespace gbw
