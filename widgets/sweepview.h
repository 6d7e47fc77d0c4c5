// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <QWidget>

#include "sweep/sweepscatter.h"

class QComboBox;
class QCPColorScale;
class QCPGraph;
class QCustomPlot;
class QLabel;
class QPushButton;

namespace gbw {

// A sweep's runs as a scatter over any two of their metrics, coloured by a knob, the Pareto
// front of the two drawn as a line through larger rings. Hover shows a run's configuration;
// a click selects it for "Open" (re-simulate it to its end) or "Re-run live". The data is
// SweepScatter's (core/sweep); this only draws it and hands the chosen run on.
class SweepView : public QWidget
{
    Q_OBJECT
public:
    explicit SweepView(QWidget* parent = nullptr);
    ~SweepView() override;

    // The sweeps of a store (the first is shown); `source` names the store in the title.
    void setSweeps(std::vector<SweepRuns> sweeps, const QString& source);
    bool isEmpty() const
    {
        return m_sweeps.empty();
    }

    const SweepScatter& scatter() const
    {
        return m_scatter;
    }
    // What the plot shows now.
    const ScatterPlot& scatterPlot() const
    {
        return m_plot;
    }
    std::vector<Objective> shownAxes() const;
    // The selected run (an index into scatter().runs()), if any.
    std::optional<std::size_t> selectedRun() const
    {
        return m_selected;
    }
    void selectRun(std::optional<std::size_t> run);
    // Where a point of scatterPlot() is drawn, in the plot widget's pixels; the point under a
    // pixel (within a few pixels), or -1; the tooltip there.
    QPoint pixelOf(std::size_t point) const;
    int pointAt(const QPoint& pixel) const;
    QString toolTipAt(const QPoint& pixel) const;

    // The plot as a widget (to click in tests); replotNow() lays it out for pixelOf() at once.
    QWidget* plotWidget() const;
    void replotNow();
    // What is drawn: points on the front's line, and the colour scale's range (none when hidden).
    int frontLinePoints() const;
    std::optional<std::pair<double, double>> colourScaleRange() const;
    QComboBox* sweepBox() const
    {
        return m_sweepBox;
    }
    QComboBox* xBox() const
    {
        return m_xBox;
    }
    QComboBox* yBox() const
    {
        return m_yBox;
    }
    QComboBox* colourBox() const
    {
        return m_colourBox;
    }
    QComboBox* workloadBox() const
    {
        return m_workloadBox;
    }
    QPushButton* openButton() const
    {
        return m_open;
    }
    QPushButton* rerunButton() const
    {
        return m_rerun;
    }

signals:
    // Re-simulate the run exactly (its seed, knobs, host, policy, workload) to its end.
    void openRunRequested(const gbw::RunSpec& spec);
    // Run it again live, the window's knobs set to the run's.
    void rerunLiveRequested(const gbw::RunSpec& spec);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void showSweep(int index);
    void fillAxes();
    void replot();
    void drawPoints();
    void drawFrontLine();
    void drawFrontRings();
    void drawSelection();
    void updateColourScale();
    void useWholeTicksForCounts();
    void updateSelectionText();
    void applyPalette();
    QColor colourOf(const ScatterPoint& point) const;

    std::vector<SweepRuns> m_sweeps;
    QString m_source;
    SweepScatter m_scatter;
    ScatterPlot m_plot;
    std::optional<std::size_t> m_selected;
    QComboBox* m_sweepBox;
    QComboBox* m_workloadBox;
    QLabel* m_workloadLabel;
    QComboBox* m_xBox;
    QComboBox* m_yBox;
    QComboBox* m_colourBox;
    QCustomPlot* m_customPlot;
    QCPColorScale* m_colourScale;
    QCPGraph* m_frontLine = nullptr;
    QCPGraph* m_selectionGraph = nullptr;
    QLabel* m_summary;
    QLabel* m_selection;
    QPushButton* m_open;
    QPushButton* m_rerun;
    bool m_filling = false; // combo boxes being refilled: no replot per item
};

} // namespace gbw
