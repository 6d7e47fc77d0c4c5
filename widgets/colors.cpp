// SPDX-License-Identifier: GPL-3.0-or-later
#include "colors.h"

#include <algorithm>
#include <cmath>

namespace gbw::colors {

namespace {

// ColorBrewer-style hues, distinguishable for most colour-blind viewers in pairs that matter:
// tainted (red) against clean (blue), unmovable (red) against movable (blue).
constexpr std::array<QRgb, kCellCategories> kCategory = {
    0xff1a9850, // empty: green, the 1 GB page candidates
    0xff2166ac, // clean: blue
    0xffb2182b, // tainted: red
    0xff762a83, // isolated: purple, held by a 1 GB page
    0xffb0b0b0, // unknown: grey
};

constexpr std::array<QRgb, kMigrateTypes> kMigrateType = {
    0xffe41a1c, // Unmovable
    0xff377eb8, // Movable
    0xffff7f00, // Reclaimable
    0xff984ea3, // HighAtomic
    0xfff781bf, // CMA
    0xff999999, // Isolate
};

constexpr std::array<QRgb, 9> kViridis
    = {0xff440154, 0xff472d7b, 0xff3b528b, 0xff2c728e, 0xff21918c, 0xff28ae80, 0xff5ec962, 0xffaddc30, 0xfffde725};

} // namespace

QRgb mix(QRgb a, QRgb b, double t)
{
    t = std::clamp(t, 0.0, 1.0);
    auto channel = [t](int x, int y) { return int(std::lround(x + (y - x) * t)); };
    return qRgb(channel(qRed(a), qRed(b)), channel(qGreen(a), qGreen(b)), channel(qBlue(a), qBlue(b)));
}

QRgb categoryBase(CellCategory category)
{
    return kCategory[std::size_t(category)];
}

QRgb category(CellCategory c, double usedShare)
{
    // Empty and unknown have no fullness worth showing; the others fade to at most 70 % white.
    if (c == CellCategory::Empty || c == CellCategory::Unknown || c == CellCategory::Isolated)
        return categoryBase(c);
    return mix(categoryBase(c), 0xffffffff, 0.7 * (1.0 - std::clamp(usedShare, 0.0, 1.0)));
}

QRgb migrateType(MigrateType mt)
{
    return kMigrateType[std::size_t(index(mt))];
}

QRgb reservedPage()
{
    return 0xff505050;
}

QRgb background()
{
    return 0xffffffff;
}

QRgb noData()
{
    return 0xffe6e6e6;
}

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QPalette highContrast()
{
    QPalette p;
    for (auto group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled}) {
        p.setColor(group, QPalette::Window, Qt::black);
        p.setColor(group, QPalette::WindowText, Qt::white);
        p.setColor(group, QPalette::Base, Qt::black);
        p.setColor(group, QPalette::AlternateBase, QColor(0x20, 0x20, 0x20));
        p.setColor(group, QPalette::Text, Qt::white);
        p.setColor(group, QPalette::Button, Qt::black);
        p.setColor(group, QPalette::ButtonText, Qt::white);
        p.setColor(group, QPalette::Highlight, QColor(0xff, 0xd6, 0x00));
        p.setColor(group, QPalette::HighlightedText, Qt::black);
        p.setColor(group, QPalette::ToolTipBase, Qt::black);
        p.setColor(group, QPalette::ToolTipText, Qt::white);
    }
    return p;
}

QString categoryLabel(CellCategory category)
{
    switch (category) {
    case CellCategory::Empty:
        return QStringLiteral("empty (all free)");
    case CellCategory::Clean:
        return QStringLiteral("clean (movable only)");
    case CellCategory::Tainted:
        return QStringLiteral("tainted (unmovable/reclaimable)");
    case CellCategory::Isolated:
        return QStringLiteral("isolated (1 GB page)");
    case CellCategory::Unknown:
        break;
    }
    return QStringLiteral("unknown (no usable memory)");
}

QString label(MigrateType mt)
{
    const std::string_view text = name(mt);
    return QString::fromLatin1(text.data(), qsizetype(text.size()));
}

QRgb sequential(double t)
{
    t = std::clamp(t, 0.0, 1.0) * double(kViridis.size() - 1);
    const auto i = std::min(std::size_t(t), kViridis.size() - 2);
    return mix(kViridis[i], kViridis[i + 1], t - double(i));
}

LogScale::LogScale(std::uint64_t maxPages)
    : m_maxPages(std::max<std::uint64_t>(maxPages, 2))
    , m_scale((kBuckets - 1) / std::log2(double(m_maxPages)))
{
    for (int i = 0; i < kBuckets; ++i)
        m_lut[std::size_t(i)] = sequential(double(i) / (kBuckets - 1));
}

int LogScale::bucketOf(std::uint64_t pages) const
{
    const double bucket = std::log2(double(std::min(pages, m_maxPages))) * m_scale;
    return std::clamp(int(bucket + 0.5), 0, kBuckets - 1);
}

} // namespace gbw::colors
