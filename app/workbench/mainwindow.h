// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

#include "workbenchoptions.h"

class QAction;
class QLabel;

namespace gbw {

class CountersView;
class DrillDownView;
class EngineRunner;
class GigablockMapView;
class KnobsView;
class MigratetypeHeatmapView;
class OrderHeatmapView;
class ProcView;
class SimulationState;
class TimelineView;

// The workbench window: every view is a dock following one SimulationState,
// fed by an EngineRunner; the toolbar drives playback.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Start a simulation as the options say (host, policy, workload, speed, selection).
    void startSimulation(const WorkbenchOptions& options);

    SimulationState* state() const
    {
        return m_state;
    }
    EngineRunner* runner() const
    {
        return m_runner;
    }
    // A view by its --view name (objectName), or null.
    QWidget* view(const QString& name) const;
    // The view (or the whole window) as an image, for --screenshot.
    QImage grabView(const QString& name);

    GigablockMapView* mapView() const
    {
        return m_map;
    }
    DrillDownView* drillDownView() const
    {
        return m_drill;
    }
    KnobsView* knobsView() const
    {
        return m_knobs;
    }
    CountersView* countersView() const
    {
        return m_counters;
    }
    TimelineView* timelineView() const
    {
        return m_timelines;
    }

    QAction* playAction() const
    {
        return m_play;
    }
    QAction* stepAction() const
    {
        return m_step;
    }
    QAction* fasterAction() const
    {
        return m_faster;
    }
    QAction* slowerAction() const
    {
        return m_slower;
    }

    // Speeds the +/- keys step through; 0 is "as fast as it goes".
    static const std::vector<double>& speeds();

private:
    QDockWidget* addView(QWidget* view, const QString& title, Qt::DockWidgetArea area);
    void createActions();
    void changeSpeed(int direction);
    void updateStatus();
    void updateSpeedLabel();

    SimulationState* m_state;
    EngineRunner* m_runner;
    GigablockMapView* m_map;
    OrderHeatmapView* m_orders;
    MigratetypeHeatmapView* m_migratetypes;
    DrillDownView* m_drill;
    TimelineView* m_timelines;
    KnobsView* m_knobs;
    CountersView* m_counters;
    ProcView* m_proc;
    QAction* m_play = nullptr;
    QAction* m_step = nullptr;
    QAction* m_faster = nullptr;
    QAction* m_slower = nullptr;
    QLabel* m_speedLabel = nullptr;
    QLabel* m_statusLabel = nullptr;
    QString m_description;
};

} // namespace gbw
