// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cellview.h"

namespace gbw {

// One square per gigablock, wrapped into rows: the colour says the category,
// its shade how full the gigablock is, and a strip along the bottom of each
// cell (when cells are large enough) the mix of pageblock labels.
class GigablockMapView : public CellView
{
    Q_OBJECT
public:
    explicit GigablockMapView(SimulationState* state, QWidget* parent = nullptr);
    QString toolTipFor(int cell) const override;

    // Cells at least this large get the pageblock-label strip.
    static constexpr int kStripMinSide = 12;

protected:
    QString title() const override;
    CellGeometry layoutCells(QRect plotArea) const override;
    void fillCells(QImage& frame, const CellGeometry& geometry) const override;
    int legendHeight(int width) const override;
    void paintLegend(QPainter& painter, QRect area) const override;
    void activate(int cell) override;
    int selectedCell() const override;
    bool hasData() const override;
    void dimUntouched(QImage& frame, const CellGeometry& geometry) const override;
};

// " — brushed 10.0–20.0 s: 12 of 64 changed, rest dimmed", or empty without a brush.
QString brushNote(const SimulationState& state);

// The tooltip text of a gigablock, shared by the heatmaps.
QString describeGigablock(const EngineSnapshot& snapshot, std::uint32_t gigablock);

} // namespace gbw
