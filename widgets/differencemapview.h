// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cellview.h"

namespace gbw {

// A/B: one square per gigablock, laid out like the gigablock map, saying how B differs from A at the
// same virtual time. A gigablock whose category differs is drawn in two halves, A's category above
// and B's below; one whose category agrees is shaded by the free pages B has more (teal) or fewer
// (brown) than A, as a share of the gigablock, on a fixed range so the shade means the same every frame.
class DifferenceMapView : public CellView
{
    Q_OBJECT
public:
    DifferenceMapView(SimulationState* a, SimulationState* b, QWidget* parent = nullptr);
    QString toolTipFor(int cell) const override;

    // The free-page difference that gets the full shade, as a share of the gigablock's usable pages.
    static constexpr double kFullShade = 0.25;
    // The colour of a cell's upper (A) or lower (B) half.
    static QRgb colorOf(const GigablockCell& a, const GigablockCell& b, bool upperHalf);
    static QRgb sameColor(); // categories agree and free pages are equal
    // Gigablocks whose category differs; -1 while the two snapshots are not at the same time.
    int differingCategories() const;

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

private:
    SimulationState* m_b;
};

} // namespace gbw
