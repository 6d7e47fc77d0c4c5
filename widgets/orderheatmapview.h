// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "colors.h"
#include "gigablockheatmapview.h"

namespace gbw {

// Gigablocks × orders: the free pages each gigablock holds in blocks of each
// order, on a log scale fixed from 1 page to a whole gigablock, so a colour
// means the same amount frame after frame.
class OrderHeatmapView : public GigablockHeatmapView
{
    Q_OBJECT
public:
    explicit OrderHeatmapView(SimulationState* state, QWidget* parent = nullptr);
    const colors::LogScale& scale() const
    {
        return m_scale;
    }

protected:
    QString title() const override;
    int rowCount() const override;
    QString rowLabel(int row) const override;
    std::uint64_t valueOf(const GigablockCell& cell, int row) const override;
    QRgb colorOf(int row, std::uint64_t value) const override;
    QString describe(std::uint32_t gigablock, int row) const override;
    int legendHeight(int width) const override;
    void paintLegend(QPainter& painter, QRect area) const override;

private:
    int orderOfRow(int row) const
    {
        return rowCount() - 1 - row; // the highest order on top
    }
    colors::LogScale m_scale;
};

} // namespace gbw
