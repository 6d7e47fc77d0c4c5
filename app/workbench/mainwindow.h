// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

#include <functional>

#include "session.h"
#include "workbenchoptions.h"

class QAction;
class QLabel;
class QStackedWidget;
class QToolBar;

namespace gbw {

class CompareView;
class CountersView;
class DrillDownView;
class EventLinker;
class EventListView;
class EngineRunner;
class GigablockMapView;
class LiveRunner;
class ReplayRunner;
class ReplayScrubber;
class SourceRunner;
class KnobsView;
class MigratetypeHeatmapView;
class OrderHeatmapView;
class PfnFinder;
class ProcView;
class SimulationState;
class SweepView;
class TimelineView;
struct RunSpec;

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
    // A/B (--compare): two engines in lockstep on the identical request stream; the window's
    // views follow A, the centre shows A and B side by side over their difference map.
    void startComparison(const WorkbenchOptions& options);
    bool isComparing() const;
    // Replay a recording from a store (--db, --replay); paused unless the options say run.
    void openReplay(const WorkbenchOptions& options);
    // Attach to a gigablock-agent (--connect, --token-file).
    void attach(const WorkbenchOptions& options);
    // Whichever of the three the options ask for (--db, --connect, else a simulation).
    void startSource(const WorkbenchOptions& options);
    // A sweep store (--sweep, File → Open Sweep…) in the sweep view; its runs open or re-run from
    // there. Empty on success, else why not (naming the file).
    QString openSweep(const QString& db);
    SweepView* sweepView() const
    {
        return m_sweep;
    }
    // The last startSource() opened a sweep and started nothing (--screenshot draws at once).
    bool startedSweepOnly() const
    {
        return m_sweepOnly;
    }
    // File → New/Open: the start page, on the given tab; starts what it returns.
    void showStartPage(int page);
    // Presentation mode: no dialogs, errors go to the status bar and sourceFailed only.
    void setQuiet(bool quiet)
    {
        m_quiet = quiet;
    }
    // Sessions (.gbsession): the source, visible views, selection, timeline zoom and knobs.
    Session currentSession() const;
    QString saveSession(const QString& path) const; // empty on success, else why not
    // Start the session's source and show it as saved; `adjust` may change the options first
    // (--screenshot runs fast). Empty on success, else the error naming the file and the field.
    QString openSession(const QString& path, const std::function<void(WorkbenchOptions&)>& adjust = {});
    QString applySession(const Session& session, const std::function<void(WorkbenchOptions&)>& adjust = {});
    // Export a view (by --view name; empty: the window) as PNG or PDF, or the time series as
    // CSV. Empty on success, else why not.
    QString exportView(const QString& name, const QString& path);
    QString exportTimeSeries(const QString& path) const;
    // The dock layout and window geometry of the last session (QSettings), for interactive runs;
    // saved again on close.
    void restoreLayout();
    // Interactive starts: reopen the source the last window had (its session, saved on close in
    // QSettings beside the layout); `defaults` when there was none. When it is gone (a deleted
    // store, an agent that is down, nothing after kRestoreWaitMs) the window falls back to
    // `defaults` and says why in the status bar (restoreMessage()).
    void restoreLastSource(const WorkbenchOptions& defaults);
    static constexpr int kRestoreWaitMs = 10000;
    QString restoreMessage() const
    {
        return m_restoreMessage;
    }
    // Whichever of the above the window shows now.
    SourceRunner* source() const
    {
        return m_source;
    }
    ReplayRunner* replayRunner() const
    {
        return m_replay;
    }
    LiveRunner* liveRunner() const
    {
        return m_live;
    }
    ReplayScrubber* scrubber() const
    {
        return m_scrubber;
    }
    // The banner that says what the source is doing (live, paused, reconnecting).
    QString sourceBanner() const;

    SimulationState* state() const
    {
        return m_state;
    }
    // B's state in an A/B comparison (empty otherwise).
    SimulationState* stateB() const
    {
        return m_stateB;
    }
    CompareView* compareView() const
    {
        return m_compare;
    }
    PfnFinder* pfnFinder() const
    {
        return m_finder;
    }
    // Ctrl+F: show the "Where is PFN…" box and put the cursor in it.
    void showPfnFinder();
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
    // Linking: the events that touched the selection within the brushed time range.
    EventListView* eventListView() const
    {
        return m_events;
    }
    EventLinker* eventLinker() const
    {
        return m_linker;
    }

    QAction* playAction() const
    {
        return m_play;
    }
    QAction* stepAction() const
    {
        return m_step;
    }
    QAction* stepBackAction() const
    {
        return m_stepBack;
    }
    QAction* eventForwardAction() const
    {
        return m_eventForward;
    }
    QAction* eventBackAction() const
    {
        return m_eventBack;
    }
    QAction* fasterAction() const
    {
        return m_faster;
    }
    QAction* slowerAction() const
    {
        return m_slower;
    }

signals:
    // The source could not start or gave up (bad file, refused attach).
    void sourceFailed(const QString& error);

public:
    // Speeds the +/- keys step through; 0 is "as fast as it goes".
    static const std::vector<double>& speeds();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    QDockWidget* addView(QWidget* view, const QString& title, Qt::DockWidgetArea area);
    void createActions();
    void changeSpeed(int direction);
    void updateStatus();
    void updateSpeedLabel();
    void useSource(SourceRunner* source);
    void updateBanner();
    void setBanner(const QString& text, const QString& style);
    void fallBack(const QString& why);

    SimulationState* m_state;
    SimulationState* m_stateB;
    EngineRunner* m_runner;
    ReplayRunner* m_replay = nullptr;
    LiveRunner* m_live = nullptr;
    SourceRunner* m_source = nullptr;
    QLabel* m_banner = nullptr;
    QAction* m_bannerAction = nullptr;
    QToolBar* m_scrubBar = nullptr;
    QString m_connection; // the live source's last status
    bool m_connectionHealthy = true;
    bool m_procWanted = false;
    bool m_saveLayout = false; // only windows that restored a layout save theirs
    GigablockMapView* m_map;
    OrderHeatmapView* m_orders;
    MigratetypeHeatmapView* m_migratetypes;
    DrillDownView* m_drill;
    TimelineView* m_timelines;
    EventListView* m_events;
    EventLinker* m_linker;
    KnobsView* m_knobs;
    CountersView* m_counters;
    ProcView* m_proc;
    ReplayScrubber* m_scrubber;
    CompareView* m_compare;
    QStackedWidget* m_centre;
    PfnFinder* m_finder;
    QAction* m_play = nullptr;
    QAction* m_step = nullptr;
    QAction* m_stepBack = nullptr;
    QAction* m_eventForward = nullptr;
    QAction* m_eventBack = nullptr;
    QAction* m_faster = nullptr;
    QAction* m_slower = nullptr;
    QLabel* m_speedLabel = nullptr;
    QLabel* m_statusLabel = nullptr;
    QString m_description;
    QStringList m_sourceArguments; // what started the current source, for sessions
    bool m_quiet = false;
    bool m_restoring = false; // the last source was reopened and has not shown anything yet
    std::optional<WorkbenchOptions> m_fallback;
    QString m_restoreMessage;
    void runFromSweep(const RunSpec& spec, bool live);
    SweepView* m_sweep = nullptr;
    QString m_sweepDb;
    bool m_sweepOnly = false;
};

} // namespace gbw
