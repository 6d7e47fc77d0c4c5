// SPDX-License-Identifier: GPL-3.0-or-later
#include "cellview.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPaintEngine>
#include <QPainter>
#include <QToolTip>

#include "colors.h"
#include "simulationstate.h"

namespace gbw {

CellView::CellView(SimulationState* state, QWidget* parent)
    : QWidget(parent)
    , m_state(state)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
    connect(state, &SimulationState::snapshotChanged, this, qOverload<>(&QWidget::update));
    connect(state, &SimulationState::selectionChanged, this, qOverload<>(&QWidget::update));
    connect(state, &SimulationState::touchedChanged, this, qOverload<>(&QWidget::update));
}

int CellView::lineHeight() const
{
    return fontMetrics().height() + 4;
}

QRect CellView::titleRect(QSize size) const
{
    return QRect(0, 0, size.width(), lineHeight());
}

QRect CellView::legendRect(QSize size) const
{
    const int height = legendHeight(size.width());
    return QRect(0, size.height() - height, size.width(), height);
}

CellGeometry CellView::layoutFor(QSize size) const
{
    const QRect inner
        = QRect(QPoint(0, titleRect(size).bottom() + 1), QPoint(size.width() - 1, legendRect(size).top() - 1));
    const QRect plot = inner.marginsRemoved(plotMargins());
    if (plot.width() < 1 || plot.height() < 1 || !hasData())
        return {};
    return layoutCells(plot);
}

QImage CellView::renderCells(QSize size, const CellGeometry& geometry) const
{
    QImage frame(size, QImage::Format_RGB32);
    frame.fill(chromeBackground());
    // Cells first, by direct scanline writes; the painter only adds text and outlines.
    if (!geometry.isEmpty()) {
        fillCells(frame, geometry);
        if (!m_state->touchedGigablocks().empty())
            dimUntouched(frame, geometry);
    }
    return frame;
}

QImage CellView::render(QSize size) const
{
    const CellGeometry geometry = layoutFor(size);
    QImage frame = renderCells(size, geometry);
    QPainter painter(&frame);
    paintChrome(painter, size, geometry);
    return frame;
}

void CellView::renderVector(QPainter& painter, QSize size) const
{
    const CellGeometry geometry = layoutFor(size);
    const QImage frame = renderCells(size, geometry);
    painter.fillRect(QRect(QPoint(0, 0), size), QColor::fromRgb(chromeBackground()));
    // Runs of one colour per scanline, merged down while the next scanline repeats them: a
    // cell becomes one rectangle of its colour, whatever the view.
    const QRect area = geometry.area();
    struct Run
    {
        int left, right;
        QRgb color;
        int top;
    };
    std::vector<Run> open;
    const auto flush = [&](int bottom) {
        for (const Run& r : open)
            painter.fillRect(QRect(QPoint(r.left, r.top), QPoint(r.right, bottom)), QColor::fromRgb(r.color));
        open.clear();
    };
    std::vector<Run> runs;
    for (int y = area.top(); !geometry.isEmpty() && y <= area.bottom(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(frame.constScanLine(y));
        runs.clear();
        for (int x = area.left(); x <= area.right();) {
            int end = x;
            while (end + 1 <= area.right() && line[end + 1] == line[x])
                ++end;
            if (line[x] != chromeBackground())
                runs.push_back({x, end, line[x], y});
            x = end + 1;
        }
        const bool same = runs.size() == open.size()
            && std::equal(runs.begin(), runs.end(), open.begin(), [](const Run& a, const Run& b) {
                   return a.left == b.left && a.right == b.right && a.color == b.color;
               });
        if (!same) {
            flush(y - 1);
            open = runs;
        }
    }
    flush(area.bottom());
    paintChrome(painter, size, geometry);
}

void CellView::dimUntouched(QImage&, const CellGeometry&) const {}

void CellView::dimPixels(QRgb* line, int count) const
{
    // A quarter of the colour and three quarters of the background, per channel in one word:
    // the shifts and masks keep each channel in its byte (63 + 189 < 256).
    const QRgb background = 3 * ((chromeBackground() >> 2) & 0x3f3f3f);
    for (int i = 0; i < count; ++i)
        line[i] = 0xff000000u | (((line[i] >> 2) & 0x3f3f3fu) + background);
}

void CellView::paintChrome(QPainter& painter, QSize size, const CellGeometry& geometry) const
{
    painter.setFont(font());
    painter.setPen(chromeText());
    painter.drawText(titleRect(size).adjusted(4, 0, -4, 0), Qt::AlignLeft | Qt::AlignVCenter, title());
    if (geometry.isEmpty()) {
        painter.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter | Qt::TextWordWrap, emptyText());
        return;
    }
    paintAxes(painter, geometry);
    if (const QRect selected = selectionRect(geometry); !selected.isEmpty()) {
        painter.setPen(QPen(Qt::black, 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(selected.adjusted(-1, -1, 1, 1));
        painter.setPen(QPen(Qt::white, 1));
        painter.drawRect(selected.adjusted(-3, -3, 2, 2));
    }
    painter.setPen(chromeText());
    paintLegend(painter, legendRect(size).adjusted(4, 0, -4, 0));
}

void CellView::paintAxes(QPainter&, const CellGeometry&) const {}

QRect CellView::selectionRect(const CellGeometry& geometry) const
{
    return geometry.cellRect(selectedCell());
}

QString CellView::emptyText() const
{
    const auto& s = state()->snapshot();
    if (s && !s->source.unknownGigablocks.empty())
        return unknownText(*s);
    return tr("Waiting for the simulation…");
}

QString CellView::unknownText(const EngineSnapshot& s)
{
    QString text = tr("Per-gigablock state: UNKNOWN for this source\n(%1).")
                       .arg(QString::fromStdString(s.source.unknownGigablocks));
    if (s.source.categoriesKnown) {
        text += tr("\nThe source reports counts only: %1 empty, %2 clean, %3 tainted, %4 isolated gigablocks.")
                    .arg(s.count(CellCategory::Empty))
                    .arg(s.count(CellCategory::Clean))
                    .arg(s.count(CellCategory::Tainted))
                    .arg(s.count(CellCategory::Isolated));
    }
    return text;
}

int CellView::paintSwatch(QPainter& painter, QPoint at, QRgb color, const QString& label)
{
    const int side = painter.fontMetrics().ascent();
    const QRect box(at.x(), at.y() + (painter.fontMetrics().height() - side) / 2, side, side);
    const QPen text = painter.pen();
    painter.fillRect(box, QColor::fromRgb(color));
    painter.setPen(Qt::darkGray);
    painter.drawRect(box.adjusted(0, 0, -1, -1));
    painter.setPen(text);
    const int textX = box.right() + 4;
    painter.drawText(QPoint(textX, at.y() + painter.fontMetrics().ascent()), label);
    return textX + painter.fontMetrics().horizontalAdvance(label) + 12;
}

QRgb CellView::chromeBackground() const
{
    return palette().color(QPalette::Window).rgb();
}

QColor CellView::chromeText() const
{
    return palette().color(QPalette::WindowText);
}

void CellView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        update();
    QWidget::changeEvent(event);
}

void CellView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    // Rendered into an SVG (the whole window exported), the cells stay vector graphics.
    if (painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::SVG)
        renderVector(painter, size());
    else
        painter.drawImage(0, 0, render(size()));
}

void CellView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    const int cell = cellGeometry().cellAt(event->position().toPoint());
    if (cell >= 0) {
        activate(cell);
        emit cellActivated(cell);
    }
}

bool CellView::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int cell = cellGeometry().cellAt(help->pos());
        if (cell >= 0)
            QToolTip::showText(help->globalPos(), toolTipFor(cell), this, cellGeometry().cellRect(cell));
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace gbw
