// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>

#include <QColor>
#include <QPalette>
#include <QString>

#include "sim/enginesnapshot.h"

namespace gbw::colors {

// Every view colours the same thing the same way: a category, a migratetype
// and an amount of free memory always look alike, so one legend teaches all.

// The category's colour at its fullest; paler shades mean more free memory.
QRgb categoryBase(CellCategory category);
// Mixes the base towards white as the gigablock empties (usedShare 0 = palest).
QRgb category(CellCategory category, double usedShare);
QRgb migrateType(MigrateType mt);
QRgb reservedPage();
QRgb background();
QRgb noData(); // a cell with nothing to count (no free pages of that order, no pageblock of that label)

// Whether a palette is dark, from its window colour's lightness: Qt 6.4 has no
// QStyleHints::colorScheme, and this also catches a dark palette set by hand.
bool isDark(const QPalette& palette);
// A high-contrast palette (black, white, yellow highlight) for presentations.
QPalette highContrast();

QString categoryLabel(CellCategory category);
QString label(MigrateType mt);

// Free pages on a log2 scale over a FIXED range [1, maxPages], so a colour
// means the same amount in every frame and on every host. 0 has its own colour.
class LogScale
{
public:
    explicit LogScale(std::uint64_t maxPages = std::uint64_t(1) << 18);
    QRgb colorOf(std::uint64_t pages) const
    {
        if (pages == 0)
            return noData();
        return m_lut[bucketOf(pages)];
    }
    int bucketOf(std::uint64_t pages) const; // 0..kBuckets-1, pages >= 1
    std::uint64_t maxPages() const
    {
        return m_maxPages;
    }
    static constexpr int kBuckets = 256;

private:
    std::uint64_t m_maxPages;
    double m_scale;
    std::array<QRgb, kBuckets> m_lut;
};

// A perceptually uniform sequential colour for t in [0, 1] (viridis-like).
QRgb sequential(double t);
// Blend a towards b by t in [0, 1].
QRgb mix(QRgb a, QRgb b, double t);

} // namespace gbw::colors
