// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QWidget>

#include "sim/enginesnapshot.h"

#include "cellgeometry.h"

namespace gbw {

class SimulationState;

// A view that draws one colour per cell: a title line, the cells (written
// straight into the scanlines of a QImage, the part that must be fast), axis
// labels and a legend. Hover shows a cell's counts, a click selects it.
// render() draws the same frame offscreen, for screenshots, tests and benchmarks.
class CellView : public QWidget
{
    Q_OBJECT
public:
    explicit CellView(SimulationState* state, QWidget* parent = nullptr);

    // The whole view as paintEvent draws it, at `size`.
    QImage render(QSize size) const;
    // The same frame as vector graphics (SVG export): cells as rectangles, text as text.
    void renderVector(QPainter& painter, QSize size) const;
    // Where the cells are at the widget's current size.
    CellGeometry cellGeometry() const
    {
        return layoutFor(size());
    }
    virtual QString toolTipFor(int cell) const = 0;
    // What a view says when the source cannot tell gigablocks apart (a live host).
    static QString unknownText(const EngineSnapshot& snapshot);

    QSize sizeHint() const override
    {
        return {480, 240};
    }
    QSize minimumSizeHint() const override
    {
        return {160, 100};
    }

signals:
    void cellActivated(int cell);

protected:
    // Space around the cells for axis labels.
    virtual QMargins plotMargins() const
    {
        return {4, 2, 4, 2};
    }
    virtual QString title() const = 0;
    virtual CellGeometry layoutCells(QRect plotArea) const = 0;
    // Write every pixel of geometry.area() (only there) into `frame`, an RGB32 image.
    virtual void fillCells(QImage& frame, const CellGeometry& geometry) const = 0;
    virtual void paintAxes(QPainter& painter, const CellGeometry& geometry) const;
    virtual int legendHeight(int width) const = 0;
    virtual void paintLegend(QPainter& painter, QRect area) const = 0;
    virtual void activate(int cell) = 0;
    virtual int selectedCell() const
    {
        return -1;
    }
    // Outline of the selection; by default the selected cell's rectangle.
    virtual QRect selectionRect(const CellGeometry& geometry) const;
    // With a time brush: wash out the cells of gigablocks no event touched within it, so the ones
    // that changed stand out (SimulationState::touchedGigablocks). Only called with a brush.
    virtual void dimUntouched(QImage& frame, const CellGeometry& geometry) const;
    // Mixes a run of pixels 75 % of the way to the background.
    void dimPixels(QRgb* line, int count) const;
    // True while there is nothing to draw; the view then shows `emptyText()`.
    virtual bool hasData() const = 0;
    virtual QString emptyText() const;

    SimulationState* state() const
    {
        return m_state;
    }
    int lineHeight() const;
    // The chrome (background, title, axes, legend text) follows the palette, light or dark; the
    // cells' colours never do, so that a colour means the same in every theme.
    QRgb chromeBackground() const;
    QColor chromeText() const;

    // Legend helpers: a coloured square and a label, returning the x after it.
    static int paintSwatch(QPainter& painter, QPoint at, QRgb color, const QString& label);

    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    CellGeometry layoutFor(QSize size) const;
    QRect titleRect(QSize size) const;
    QRect legendRect(QSize size) const;
    QImage renderCells(QSize size, const CellGeometry& geometry) const;
    void paintChrome(QPainter& painter, QSize size, const CellGeometry& geometry) const;

    SimulationState* m_state;
};

} // namespace gbw
