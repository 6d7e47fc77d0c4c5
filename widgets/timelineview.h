// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

#include <QWidget>

class QCustomPlot;
class QCPItemStraightLine;

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

    // Where a replay stands, as a vertical line in every plot; -1 when not shown.
    double cursorSeconds() const;

private:
    QCustomPlot* addPlot(const QString& title, const QString& unit);
    void refresh();
    void updateCursor();
    // Series the source cannot provide are hidden and their plot's title says so.
    void markUnknown(int plot, bool unknown);

    SimulationState* m_state;
    std::vector<QCustomPlot*> m_plots;
    std::vector<QString> m_titles;
    std::vector<QCPItemStraightLine*> m_cursors;
    std::size_t m_shown = 0; // samples plotted so far
};

} // namespace gbw
