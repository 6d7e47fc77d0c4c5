// SPDX-License-Identifier: GPL-3.0-or-later
#include "viewexport.h"

#include <QFile>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QTextStream>
#include <QWidget>

#include "cellview.h"
#include "timelineview.h"

namespace gbw {

QString exportImage(const QImage& image, const QString& path)
{
    if (image.isNull())
        return QStringLiteral("%1: nothing to export").arg(path);
    if (path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive)) {
        QPdfWriter pdf(path);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setPageOrientation(QPageLayout::Landscape);
        pdf.setTitle(QStringLiteral("Gigablock Workbench"));
        QPainter painter;
        if (!painter.begin(&pdf))
            return QStringLiteral("%1: cannot write").arg(path);
        const QRect page = painter.viewport();
        const QSize size = image.size().scaled(page.size(), Qt::KeepAspectRatio);
        painter.drawImage(QRect(page.topLeft(), size), image);
        return painter.end() ? QString() : QStringLiteral("%1: cannot write").arg(path);
    }
    if (!path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
        return QStringLiteral("%1: choose .png, .svg or .pdf").arg(path);
    return image.save(path, "PNG") ? QString() : QStringLiteral("%1: cannot write").arg(path);
}

QString exportSvg(QWidget* widget, const QString& path, QSize size)
{
    if (!widget)
        return QStringLiteral("%1: nothing to export").arg(path);
    if (!size.isValid())
        size = widget->size();
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(QStringLiteral("Gigablock Workbench"));
    svg.setDescription(widget->objectName());
    if (auto* timelines = qobject_cast<TimelineView*>(widget)) {
        // The plots draw themselves as lines and text (a grab would embed their cached pixmaps).
        timelines->renderVector(&svg, size);
        file.close();
        return file.error() == QFile::NoError ? QString() : QStringLiteral("%1: %2").arg(path, file.errorString());
    }
    QPainter painter;
    if (!painter.begin(&svg))
        return QStringLiteral("%1: cannot write").arg(path);
    if (auto* cells = qobject_cast<CellView*>(widget))
        cells->renderVector(painter, size);
    else
        widget->render(&painter, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
    painter.end();
    file.close();
    return file.error() == QFile::NoError ? QString() : QStringLiteral("%1: %2").arg(path, file.errorString());
}

QString exportTimeSeries(const std::vector<EngineSample>& samples, const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    QTextStream out(&file);
    std::size_t orders = 0;
    for (const auto& s : samples)
        orders = std::max(orders, s.freeBlocksByOrder.size());
    out << "seconds,events,empty,clean,tainted,isolated,allocatable_1g,allocatable_1g_free,free_pages,"
           "fragmentation_score,compaction_migrated,reclaimed";
    for (std::size_t o = 0; o < orders; ++o)
        out << ",free_blocks_order_" << o;
    out << '\n';
    for (const auto& s : samples) {
        out << QString::number(s.seconds, 'g', 12) << ',' << s.events;
        for (auto c : s.categories)
            out << ',' << c;
        out << ',' << s.allocatable1g << ',' << s.allocatable1gFree << ',' << s.freePages << ','
            << QString::number(s.fragmentationScore, 'g', 8) << ',' << s.compactionMigrated << ',' << s.reclaimed;
        for (std::size_t o = 0; o < orders; ++o)
            out << ',' << (o < s.freeBlocksByOrder.size() ? s.freeBlocksByOrder[o] : 0);
        out << '\n';
    }
    out.flush();
    return file.error() == QFile::NoError ? QString() : QStringLiteral("%1: %2").arg(path, file.errorString());
}

} // namespace gbw
