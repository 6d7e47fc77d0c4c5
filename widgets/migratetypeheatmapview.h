// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gigablockheatmapview.h"

namespace gbw {

// Gigablocks × pageblock label: how many of a gigablock's pageblocks carry
// each migratetype label, in four discrete shades of the label's colour, and
// a last row for mixed pageblocks (pages of a type other than the label).
class MigratetypeHeatmapView : public GigablockHeatmapView
{
    Q_OBJECT
public:
    explicit MigratetypeHeatmapView(SimulationState* state, QWidget* parent = nullptr);

    static constexpr int kMixedRow = kMigrateTypes;
    static constexpr int kLevels = 4;
    // The discrete level of `pageblocks` out of `usable`: 0 none, 1..kLevels by quarters.
    static int levelOf(std::uint64_t pageblocks, std::uint64_t usable);
    static QRgb colorOfLevel(int row, int level);

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
    std::uint64_t pageblocksPerGigablock() const;
};

} // namespace gbw
