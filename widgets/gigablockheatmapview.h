// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cellview.h"

namespace gbw {

// Gigablocks along x, one row per quantity along y. With more gigablocks
// than pixels, a pixel column shows the largest value among the gigablocks it
// covers, so a single outlier never disappears between pixels.
class GigablockHeatmapView : public CellView
{
    Q_OBJECT
public:
    using CellView::CellView;
    QString toolTipFor(int cell) const override;
    // The gigablock a cell belongs to.
    std::uint32_t gigablockOf(int cell, const CellGeometry& geometry) const
    {
        return std::uint32_t(cell % geometry.columns());
    }

protected:
    virtual int rowCount() const = 0;
    virtual QString rowLabel(int row) const = 0;
    virtual std::uint64_t valueOf(const GigablockCell& cell, int row) const = 0;
    virtual QRgb colorOf(int row, std::uint64_t value) const = 0;
    virtual QString describe(std::uint32_t gigablock, int row) const = 0;

    QMargins plotMargins() const override;
    CellGeometry layoutCells(QRect plotArea) const override;
    void fillCells(QImage& frame, const CellGeometry& geometry) const override;
    void paintAxes(QPainter& painter, const CellGeometry& geometry) const override;
    void activate(int cell) override;
    QRect selectionRect(const CellGeometry& geometry) const override;
    void dimUntouched(QImage& frame, const CellGeometry& geometry) const override;
    bool hasData() const override;
    // "; a pixel shows the largest of N gigablocks" when columns are narrower than pixels.
    QString binningNote(int width) const;
};

} // namespace gbw
