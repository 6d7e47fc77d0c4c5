// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <utility>
#include <vector>

#include <QWidget>

class QCustomPlot;
class QCPItemRect;
class QCPItemStraightLine;
class QLabel;

namespace gbw {

class SimulationState;

// The sampled time series as stacked plots sharing the time axis: gigablock
// categories and 1 GB pages allocatable, free memory, the fragmentation score,
// and the work compaction and reclaim did.
class TimelineView : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineView(SimulationState* state, QWidget* parent = nullptr);
    ~TimelineView() override;

    int plotCount() const
    {
        return int(m_plots.size());
    }
    QCustomPlot* plot(int i) const
    {
        return m_plots[std::size_t(i)];
    }
    // Points in a plot's graph, for tests.
    int pointCount(int plot, int graph) const;

    // The time axis shown by every plot, in virtual seconds; an empty range follows the whole run.
    // Sessions save and restore it.
    void setTimeRange(double from, double to);
    std::pair<double, double> timeRange() const
    {
        return m_range;
    }

    // Where a replay stands, as a vertical line in every plot; -1 when not shown.
    double cursorSeconds() const;
    // The brushed range as drawn (shaded in every plot); {0, 0} when there is none.
    std::pair<double, double> brushShown() const;
    // Where a time lies on a plot, in the plot widget's pixels (mid-height), for tests.
    QPoint pixelAt(int plot, double seconds) const;
    QWidget* plotWidget(int plot) const;
    // Every plot, stacked, as vector graphics on `device` (an SVG generator), at `size`.
    void renderVector(QPaintDevice* device, QSize size) const;

protected:
    void changeEvent(QEvent* event) override;
    // Shift+drag on a plot brushes a time range (SimulationState::setTimeRange); plain drag and the
    // wheel still pan and zoom.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void applyPalette();
    QCustomPlot* addPlot(const QString& title, const QString& unit);
    void refresh();
    void updateCursor();
    // Series the source cannot provide are hidden and their plot's title says so.
    void markUnknown(int plot, bool unknown);
    void showBrush(double from, double to);
    void updateBrush();

    SimulationState* m_state;
    std::vector<QCustomPlot*> m_plots;
    std::vector<QString> m_titles;
    std::vector<QCPItemStraightLine*> m_cursors;
    std::vector<QCPItemRect*> m_brushes;
    QLabel* m_brushLabel;
    QCustomPlot* m_brushingIn = nullptr; // the plot a Shift+drag started in
    double m_brushStart = 0;
    std::size_t m_shown = 0; // samples plotted so far
    std::pair<double, double> m_range = {0, 0}; // from == to: follow the run
};

} // namespace gbw
