// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTimer>
#include <QToolBar>

#include "importers/sweepcatalog.h"

#include "cellview.h"
#include "compareview.h"
#include "countersview.h"
#include "drilldownview.h"
#include "enginerunner.h"
#include "eventlinker.h"
#include "eventlistview.h"
#include "gigablockmapview.h"
#include "knobsview.h"
#include "liverunner.h"
#include "migratetypeheatmapview.h"
#include "orderheatmapview.h"
#include "pfnfinder.h"
#include "procview.h"
#include "replayrunner.h"
#include "replayscrubber.h"
#include "simulationstate.h"
#include "startpage.h"
#include "sweeprunoptions.h"
#include "sweepview.h"
#include "timelineview.h"
#include "viewexport.h"

namespace gbw {

const std::vector<double>& MainWindow::speeds()
{
    static const std::vector<double> list = {1, 2, 5, 10, 30, 60, 120, 300, 0};
    return list;
}

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_state(new SimulationState(this))
    , m_stateB(new SimulationState(this))
    , m_runner(new EngineRunner(this))
    , m_map(new GigablockMapView(m_state))
    , m_orders(new OrderHeatmapView(m_state))
    , m_migratetypes(new MigratetypeHeatmapView(m_state))
    , m_drill(new DrillDownView(m_state))
    , m_timelines(new TimelineView(m_state))
    , m_events(new EventListView(m_state))
    , m_linker(new EventLinker(m_state, m_events, this))
    , m_knobs(new KnobsView(m_state))
    , m_counters(new CountersView(m_state))
    , m_proc(new ProcView(m_state))
    , m_scrubber(new ReplayScrubber(m_state))
    , m_compare(new CompareView(m_state, m_stateB))
    , m_centre(new QStackedWidget)
    , m_finder(new PfnFinder)
{
    setWindowTitle(tr("Gigablock Workbench"));
    setDockNestingEnabled(true);
    // The map is the centre of attention; everything else docks around it and can be moved.
    // In an A/B comparison the centre shows both maps and their difference instead.
    m_centre->addWidget(m_map);
    m_centre->addWidget(m_compare);
    setCentralWidget(m_centre);
    // The right column runs the full height: drill-down above, the tabbed tables and plots below.
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    addView(m_drill, tr("Drill-down"), Qt::RightDockWidgetArea);
    auto* orders = addView(m_orders, tr("Order heatmap"), Qt::BottomDockWidgetArea);
    // The events of what was clicked sit beside both heatmaps, in sight while clicking.
    auto* events = addView(m_events, tr("Events"), Qt::BottomDockWidgetArea);
    splitDockWidget(orders, events, Qt::Horizontal);
    auto* migratetypes = addView(m_migratetypes, tr("Migratetype heatmap"), Qt::BottomDockWidgetArea);
    splitDockWidget(orders, migratetypes, Qt::Vertical);
    auto* drill = findChild<QDockWidget*>(QStringLiteral("drilldownDock"));
    auto* timelines = addView(m_timelines, tr("Timelines"), Qt::RightDockWidgetArea);
    splitDockWidget(drill, timelines, Qt::Vertical);
    auto* knobs = addView(m_knobs, tr("Knobs"), Qt::RightDockWidgetArea);
    auto* counters = addView(m_counters, tr("Counters"), Qt::RightDockWidgetArea);
    auto* proc = addView(m_proc, tr("Proc"), Qt::RightDockWidgetArea);
    tabifyDockWidget(timelines, knobs);
    tabifyDockWidget(knobs, counters);
    tabifyDockWidget(counters, proc);
    auto* finder = addView(m_finder, tr("Where is PFN…"), Qt::RightDockWidgetArea);
    tabifyDockWidget(proc, finder);
    finder->hide();
    // The sweep view joins the right column when a sweep is opened.
    m_sweep = new SweepView;
    auto* sweep = addView(m_sweep, tr("Sweep"), Qt::RightDockWidgetArea);
    tabifyDockWidget(proc, sweep);
    sweep->hide();
    connect(m_sweep, &SweepView::openRunRequested, this, [this](const RunSpec& spec) { runFromSweep(spec, false); });
    connect(m_sweep, &SweepView::rerunLiveRequested, this, [this](const RunSpec& spec) { runFromSweep(spec, true); });
    timelines->raise();
    resize(1600, 1100);
    resizeDocks({orders, migratetypes}, {230, 230}, Qt::Vertical);
    resizeDocks({orders, events}, {680, 380}, Qt::Horizontal);
    resizeDocks({drill}, {560}, Qt::Horizontal);
    resizeDocks({drill, timelines}, {520, 520}, Qt::Vertical);

    createActions();
    m_statusLabel = new QLabel(this);
    statusBar()->addWidget(m_statusLabel, 1);
    m_speedLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_speedLabel);

    connect(m_state, &SimulationState::snapshotChanged, this, &MainWindow::updateStatus);
    connect(m_state, &SimulationState::snapshotChanged, this, &MainWindow::updateBanner);
    connect(m_state, &SimulationState::selectionChanged, this,
        [this] { m_source->setSelection(m_state->selectedGigablock(), m_state->selectedPageblock()); });
    connect(m_scrubber, &ReplayScrubber::seekRequested, this, [this](double seconds) { m_source->seek(seconds); });
    connect(m_runner, &EngineRunner::secondSnapshotReady, m_stateB, &SimulationState::setSnapshot);
    connect(m_finder, &PfnFinder::locateRequested, this, [this](Pfn pfn) {
        if (m_source != m_runner) {
            m_finder->showError(
                tr("Where is PFN… needs a simulation: a recording or a live host has no page-level state "
                   "here"));
            return;
        }
        m_runner->locate(pfn);
    });
    connect(m_runner, &EngineRunner::pfnLocated, this, [this](const PfnLocation& where) {
        m_finder->showLocation(where);
        if (!where.found())
            return;
        m_state->selectGigablock(where.gigablock);
        m_state->selectPageblock(where.pageblock);
        if (const auto& snapshot = m_state->snapshot())
            m_state->selectPage(std::uint32_t(where.pfn % snapshot->geometry.pagesPerPageblock()));
    });
    connect(events, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        m_linker->setListVisible(visible);
        if (visible)
            m_linker->refreshIfChanged();
    });
    useSource(m_runner);
    updateSpeedLabel();
    connect(m_knobs, &KnobsView::knobEditRequested, this,
        [this](const QString& name, double value) { m_source->setKnob(name, value); });
    connect(m_knobs, &KnobsView::resetRequested, this, [this] { m_source->resetKnobs(); });
    // The /proc text costs a formatting pass per frame: only while someone looks at it.
    connect(proc, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        m_procWanted = visible;
        m_source->setProcWanted(visible);
    });
}

void MainWindow::useSource(SourceRunner* source)
{
    if (m_source == source)
        return;
    if (m_source) {
        disconnect(m_source, nullptr, this, nullptr);
        disconnect(m_source, nullptr, m_state, nullptr);
        m_source->setRunning(false);
    }
    m_source = source;
    m_linker->setSource(source);
    m_connection.clear();
    m_connectionHealthy = true;
    connect(source, &SourceRunner::snapshotReady, m_state, &SimulationState::setSnapshot);
    connect(source, &SourceRunner::runningChanged, this, [this](bool running) {
        m_play->setChecked(running);
        m_play->setText(running ? tr("Pause") : tr("Play"));
        updateBanner();
    });
    connect(source, &SourceRunner::started, this, [this](const QString& description) {
        m_description = description;
        updateStatus();
    });
    connect(source, &SourceRunner::failed, this, [this](const QString& error) {
        if (m_restoring) {
            // The last source is gone: no dialog, the default simulation and a word in the status bar.
            QTimer::singleShot(0, this, [this, error] { fallBack(error); });
            return;
        }
        m_connection = error;
        m_connectionHealthy = false;
        updateBanner();
        emit sourceFailed(error);
        // Offscreen (tests, screenshots) there is nobody to close a dialog.
        if (!m_quiet && QGuiApplication::platformName() != QLatin1String("offscreen"))
            QMessageBox::critical(this, tr("Cannot open the source"), error);
    });
    connect(source, &SourceRunner::knobRejected, this,
        [this](const QString& why) { statusBar()->showMessage(tr("Knob not changed: %1").arg(why), 5000); });
    connect(source, &SourceRunner::statusChanged, this, [this](const QString& text, bool healthy) {
        if (m_restoring && !healthy && (text.contains(QLatin1String("failed")) || text.contains(QLatin1String("lost"))))
            QTimer::singleShot(0, this, [this, text] { fallBack(text); });
        m_connection = text;
        m_connectionHealthy = healthy;
        updateBanner();
    });
    if (auto* live = qobject_cast<LiveRunner*>(source))
        connect(live, &LiveRunner::heldUpdatesChanged, this, &MainWindow::updateBanner);
    source->setProcWanted(m_procWanted);
    const bool seekable = source->canSeek();
    m_stepBack->setEnabled(seekable);
    m_eventForward->setEnabled(seekable);
    m_eventBack->setEnabled(seekable);
    m_knobs->setEnabled(source->hasKnobs());
    m_knobs->setToolTip(source->hasKnobs() ? QString() : tr("Knobs act on simulations only"));
}

void MainWindow::setBanner(const QString& text, const QString& style)
{
    m_banner->setText(text);
    m_banner->setStyleSheet(style);
    // A widget in a tool bar is shown and hidden through its action.
    m_bannerAction->setVisible(!text.isEmpty());
}

QString MainWindow::sourceBanner() const
{
    return m_bannerAction->isVisible() ? m_banner->text() : QString();
}

void MainWindow::updateBanner()
{
    static const QString live = QStringLiteral("QLabel { background: #c62828; color: white; font-weight: bold; "
                                               "padding: 2px 8px; border-radius: 3px; }");
    static const QString paused = QStringLiteral("QLabel { background: #546e7a; color: white; font-weight: bold; "
                                                 "padding: 2px 8px; border-radius: 3px; }");
    static const QString warning = QStringLiteral("QLabel { background: #ffb300; color: black; font-weight: bold; "
                                                  "padding: 2px 8px; border-radius: 3px; }");
    if (!m_connectionHealthy && !m_connection.isEmpty()) {
        setBanner(QStringLiteral("⚠ ") + m_connection, warning);
        return;
    }
    const auto& s = m_state->snapshot();
    m_scrubBar->setVisible(s && s->source.kind == SourceKind::Replay);
    if (m_source != m_live || !m_live) {
        setBanner(s && s->source.kind == SourceKind::Replay ? tr("REPLAY") : QString(), paused);
        return;
    }
    if (!m_live->isRunning()) {
        setBanner(tr("❚❚ PAUSED — live data kept: %n update(s) waiting", nullptr, m_live->heldUpdates()), paused);
        return;
    }
    setBanner(tr("● LIVE"), live);
}

MainWindow::~MainWindow()
{
    // QWidget's destructor hides the docks, whose visibilityChanged would then reach this
    // half-destroyed window (UBSan: member access on a QWidget that is no longer a MainWindow).
    for (auto* dock : findChildren<QDockWidget*>())
        disconnect(dock, nullptr, this, nullptr);
}

QDockWidget* MainWindow::addView(QWidget* view, const QString& title, Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(view->objectName() + QStringLiteral("Dock"));
    dock->setWidget(view);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::startSource(const WorkbenchOptions& options)
{
    // --sweep, or a --db that holds a sweep and nothing to replay: the sweep view, nothing runs.
    m_sweepOnly = !options.sweep.isEmpty()
        || (!options.db.isEmpty() && options.replaySession == 0
            && importers::holdsSweepsOnly(options.db.toStdString()));
    // Nothing plays while only a sweep is shown; opening a run (or any other source) plays again.
    for (auto* action : {m_play, m_step, m_slower, m_faster})
        action->setEnabled(!m_sweepOnly);
    if (m_sweepOnly) {
        m_sourceArguments = options.sourceArguments; // a session reopens the sweep
        m_play->setChecked(false);
        m_play->setText(tr("Play"));
        const QString db = options.sweep.isEmpty() ? options.db : options.sweep;
        if (const QString error = openSweep(db); !error.isEmpty()) {
            emit sourceFailed(error);
            if (!m_quiet && QGuiApplication::platformName() != QLatin1String("offscreen"))
                QMessageBox::critical(this, tr("Cannot open the sweep"), error);
        }
        return;
    }
    if (options.compare)
        startComparison(options);
    else if (!options.db.isEmpty())
        openReplay(options);
    else if (!options.connect.isEmpty())
        attach(options);
    else
        startSimulation(options);
}

void MainWindow::showStartPage(int page)
{
    auto* start = new StartPage(this);
    start->setAttribute(Qt::WA_DeleteOnClose);
    start->setPage(StartPage::Page(page));
    connect(start, &QDialog::accepted, this, [this, start] {
        auto parsed = WorkbenchOptions::parse(QStringList {QCoreApplication::applicationName()} + start->arguments());
        if (!parsed.options) {
            QMessageBox::warning(this, tr("Cannot start"), parsed.error);
            return;
        }
        startSource(*parsed.options);
    });
    start->open();
}

void MainWindow::createActions()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* newAction = file->addAction(tr("&New…"), this, [this] { showStartPage(StartPage::Simulate); });
    newAction->setShortcut(QKeySequence::New);
    newAction->setToolTip(tr("Start a simulation, a replay, an import or a live attach"));
    auto* openAction = file->addAction(tr("&Open…"), this, [this] { showStartPage(StartPage::Replay); });
    openAction->setShortcut(QKeySequence::Open);
    auto* openSweepAction = file->addAction(tr("Open S&weep…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open a sweep"), {}, tr("Sweep stores (gigablock sweep --db) (*.db *.sqlite);;All files (*)"));
        if (path.isEmpty())
            return;
        if (const QString error = openSweep(path); !error.isEmpty())
            QMessageBox::warning(this, tr("Cannot open the sweep"), error);
    });
    openSweepAction->setToolTip(tr("Show a knob sweep's runs over two objectives; open or re-run any of them"));
    file->addSeparator();
    auto* openSessionAction = file->addAction(tr("Open &Session…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open a session"), {}, tr("Gigablock Workbench session (*.gbsession);;All files (*)"));
        if (path.isEmpty())
            return;
        if (const QString error = openSession(path); !error.isEmpty())
            QMessageBox::warning(this, tr("Cannot open the session"), error);
    });
    openSessionAction->setShortcut(QKeySequence(Qt::ControlModifier | Qt::ShiftModifier | Qt::Key_O));
    auto* saveSessionAction = file->addAction(tr("Save S&ession…"), this, [this] {
        QString path = QFileDialog::getSaveFileName(
            this, tr("Save the session"), {}, tr("Gigablock Workbench session (*.gbsession)"));
        if (path.isEmpty())
            return;
        if (!path.endsWith(QStringLiteral(".gbsession")))
            path += QStringLiteral(".gbsession");
        if (const QString error = saveSession(path); !error.isEmpty())
            QMessageBox::warning(this, tr("Cannot save the session"), error);
    });
    saveSessionAction->setShortcut(QKeySequence::Save);
    file->addAction(tr("Reopen the &last session"), this, [this] {
        const auto loaded
            = Session::fromJson(QSettings().value(QStringLiteral("session/last")).toString().toStdString());
        const QString error = loaded.session ? applySession(*loaded.session) : tr("no session saved yet");
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Cannot reopen the last session"), error);
    });
    file->addSeparator();
    file->addAction(tr("Export a &view…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getItem(this, tr("Export a view"), tr("View"),
            QStringList {tr("whole window")} + WorkbenchOptions::viewNames(), 0, false, &ok);
        if (!ok)
            return;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export a view"), {}, tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
        if (path.isEmpty())
            return;
        const QString error = exportView(name == tr("whole window") ? QString() : name, path);
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Export failed"), error);
    });
    file->addAction(tr("Export the time series as &CSV…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the time series"), {}, tr("CSV (*.csv)"));
        if (path.isEmpty())
            return;
        const QString error = exportTimeSeries(path);
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Export failed"), error);
    });
    auto* toolbar = addToolBar(tr("Playback"));
    toolbar->setObjectName(QStringLiteral("playback"));
    auto* menu = menuBar()->addMenu(tr("&Playback"));

    m_play = new QAction(tr("Pause"), this);
    m_play->setCheckable(true);
    m_play->setChecked(true);
    m_play->setShortcut(Qt::Key_Space);
    m_play->setToolTip(tr("Play or pause the simulation (Space)"));
    connect(m_play, &QAction::triggered, this, [this](bool running) { m_source->setRunning(running); });

    m_step = new QAction(tr("Step"), this);
    m_step->setShortcut(Qt::Key_Right);
    m_step->setToolTip(tr("Pause and advance one sample interval of virtual time (Right)"));
    connect(m_step, &QAction::triggered, this, [this] { m_source->step(); });

    m_stepBack = new QAction(tr("Step back"), this);
    m_stepBack->setShortcut(Qt::Key_Left);
    m_stepBack->setToolTip(tr("Recordings: pause and go back one sample interval (Left)"));
    connect(m_stepBack, &QAction::triggered, this, [this] { m_source->stepBack(); });

    m_eventBack = new QAction(tr("Event back"), this);
    m_eventBack->setShortcut(QKeySequence(Qt::ControlModifier | Qt::Key_Left));
    m_eventBack->setToolTip(tr("Recordings: pause and undo one recorded event (Ctrl+Left)"));
    connect(m_eventBack, &QAction::triggered, this, [this] { m_source->stepEvents(-1); });

    m_eventForward = new QAction(tr("Event forward"), this);
    m_eventForward->setShortcut(QKeySequence(Qt::ControlModifier | Qt::Key_Right));
    m_eventForward->setToolTip(tr("Recordings: pause and apply one recorded event (Ctrl+Right)"));
    connect(m_eventForward, &QAction::triggered, this, [this] { m_source->stepEvents(+1); });

    m_slower = new QAction(tr("Slower"), this);
    m_slower->setShortcuts({Qt::Key_Minus, QKeySequence(Qt::KeypadModifier | Qt::Key_Minus)});
    m_slower->setToolTip(tr("Halve the speed (-)"));
    connect(m_slower, &QAction::triggered, this, [this] { changeSpeed(-1); });

    m_faster = new QAction(tr("Faster"), this);
    m_faster->setShortcuts({Qt::Key_Plus, Qt::Key_Equal, QKeySequence(Qt::KeypadModifier | Qt::Key_Plus)});
    m_faster->setToolTip(tr("Double the speed (+)"));
    connect(m_faster, &QAction::triggered, this, [this] { changeSpeed(+1); });

    for (auto* action : {m_play, m_stepBack, m_step, m_eventBack, m_eventForward, m_slower, m_faster}) {
        // Shortcuts work wherever focus is, except while typing in an editor (Qt gives those precedence).
        action->setShortcutContext(Qt::ApplicationShortcut);
        toolbar->addAction(action);
        menu->addAction(action);
    }
    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("sourceBanner"));
    toolbar->addSeparator();
    m_bannerAction = toolbar->addWidget(m_banner);
    m_bannerAction->setVisible(false);
    addToolBarBreak();
    m_scrubBar = addToolBar(tr("Recording"));
    m_scrubBar->setObjectName(QStringLiteral("recording"));
    m_scrubBar->addWidget(m_scrubber);
    m_scrubBar->setVisible(false);

    auto* quit = new QAction(tr("Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    file->addSeparator();
    file->addAction(quit);

    auto* find = new QAction(tr("Where is &PFN…"), this);
    find->setShortcut(QKeySequence::Find);
    find->setToolTip(tr("Find a page frame: its gigablock, pageblock and state (Ctrl+F)"));
    connect(find, &QAction::triggered, this, &MainWindow::showPfnFinder);
    auto* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(find);
    // Shift+drag on a timeline brushes a time range; Esc goes back to the whole run.
    auto* clearRange = new QAction(tr("Clear the time &brush (whole run)"), this);
    clearRange->setObjectName(QStringLiteral("clearTimeRange"));
    clearRange->setShortcut(Qt::Key_Escape);
    connect(clearRange, &QAction::triggered, m_state, &SimulationState::clearTimeRange);
    edit->addAction(clearRange);

    auto* views = menuBar()->addMenu(tr("&Views"));
    for (auto* dock : findChildren<QDockWidget*>())
        views->addAction(dock->toggleViewAction());
}

void MainWindow::changeSpeed(int direction)
{
    const auto& list = speeds();
    auto it = std::find(list.begin(), list.end(), m_source->speed());
    std::ptrdiff_t i = it == list.end() ? 4 : it - list.begin();
    i = std::clamp<std::ptrdiff_t>(i + direction, 0, std::ptrdiff_t(list.size()) - 1);
    m_source->setSpeed(list[std::size_t(i)]);
    updateSpeedLabel();
}

void MainWindow::updateSpeedLabel()
{
    if (m_source == m_live && m_live) {
        m_speedLabel->setText(tr("speed: as the host runs"));
        return;
    }
    const double speed = m_source->speed();
    m_speedLabel->setText(speed <= 0 ? tr("speed: as fast as it goes") : tr("speed: ×%1").arg(speed));
}

void MainWindow::updateStatus()
{
    const auto& s = m_state->snapshot();
    if (!s) {
        m_statusLabel->setText(m_description);
        return;
    }
    const QLocale locale;
    m_statusLabel->setText(tr("%1 — virtual time %2 s, %3 events, %4 GiB free, 1 GB pages allocatable: %5")
                               .arg(m_description)
                               .arg(s->seconds, 0, 'f', 1)
                               .arg(locale.toString(qulonglong(s->events)))
                               .arg(double(s->latest.freePages * s->geometry.pageBytes()) / double(1 << 30), 0, 'f', 1)
                               .arg(s->latest.allocatable1g));
}

void MainWindow::showPfnFinder()
{
    auto* dock = findChild<QDockWidget*>(QStringLiteral("pfnDock"));
    dock->show();
    dock->raise();
    m_finder->input()->setFocus();
    m_finder->input()->selectAll();
}

bool MainWindow::isComparing() const
{
    return m_centre->currentWidget() == m_compare;
}

void MainWindow::startComparison(const WorkbenchOptions& options)
{
    m_sourceArguments = options.sourceArguments;
    useSource(m_runner);
    m_state->clear();
    m_stateB->clear();
    m_description.clear();
    m_centre->setCurrentWidget(m_compare);
    m_runner->setSpeed(options.speed);
    updateSpeedLabel();
    m_runner->setStopAt(options.stopAt);
    m_runner->startPair(options.engine, options.knobs, options.engineB, options.knobsB, !options.paused);
    if (options.selectGigablock != SimulationState::kNone) {
        m_state->selectGigablock(options.selectGigablock);
        if (options.selectPageblock != SimulationState::kNone)
            m_state->selectPageblock(options.selectPageblock);
    }
}

void MainWindow::startSimulation(const WorkbenchOptions& options)
{
    m_sourceArguments = options.sourceArguments;
    useSource(m_runner);
    m_stateB->clear();
    m_centre->setCurrentWidget(m_map);
    m_state->clear();
    m_description.clear();
    m_runner->setSpeed(options.speed);
    updateSpeedLabel();
    m_runner->setStopAt(options.stopAt);
    m_runner->start(options.engine, options.knobs, !options.paused);
    if (options.selectGigablock != SimulationState::kNone) {
        m_state->selectGigablock(options.selectGigablock);
        if (options.selectPageblock != SimulationState::kNone)
            m_state->selectPageblock(options.selectPageblock);
    }
}

void MainWindow::openReplay(const WorkbenchOptions& options)
{
    m_sourceArguments = options.sourceArguments;
    if (!m_replay)
        m_replay = new ReplayRunner(this);
    useSource(m_replay);
    m_centre->setCurrentWidget(m_map);
    m_state->clear();
    m_description.clear();
    m_replay->setSpeed(options.speed);
    updateSpeedLabel();
    std::optional<HostConfig> host;
    if (options.hostGiven)
        host = options.engine.host;
    m_replay->open(options.db, options.replaySession, host, !options.paused);
    if (options.selectGigablock != SimulationState::kNone) {
        m_state->selectGigablock(options.selectGigablock);
        if (options.selectPageblock != SimulationState::kNone)
            m_state->selectPageblock(options.selectPageblock);
    }
}

void MainWindow::attach(const WorkbenchOptions& options)
{
    m_sourceArguments = options.sourceArguments;
    if (!m_live)
        m_live = new LiveRunner(this);
    useSource(m_live);
    m_centre->setCurrentWidget(m_map);
    m_state->clear();
    m_description.clear();
    updateSpeedLabel();
    m_live->attach(options.connect, options.tokenFile);
    updateBanner();
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_saveLayout = true;
}

void MainWindow::restoreLastSource(const WorkbenchOptions& defaults)
{
    m_fallback = defaults;
    m_restoreMessage.clear();
    const auto loaded = Session::fromJson(QSettings().value(QStringLiteral("session/last")).toString().toStdString());
    if (!loaded.session || loaded.session->sourceArguments.isEmpty()) {
        startSource(defaults);
        return;
    }
    const Session& last = *loaded.session;
    const QString what = last.sourceArguments.join(QLatin1Char(' '));
    const auto parsed
        = WorkbenchOptions::parse(QStringList {QCoreApplication::applicationName()} + last.sourceArguments);
    if (!parsed.options)
        return fallBack(tr("%1: %2").arg(what, parsed.error));
    if (!parsed.options->db.isEmpty() && !QFileInfo::exists(parsed.options->db))
        return fallBack(tr("%1 no longer exists").arg(parsed.options->db));
    m_restoring = true;
    if (const QString error = applySession(last); !error.isEmpty())
        return fallBack(error);
    if (!m_restoring)
        return; // it failed at once
    m_restoreMessage = tr("Reopened the last source (%1); --fresh starts on the default simulation.").arg(what);
    statusBar()->showMessage(m_restoreMessage, 10000);
    // It is back once it shows something; a source that shows nothing for long is gone too.
    auto* shown = new QObject(this);
    connect(m_state, &SimulationState::snapshotChanged, shown, [this, shown] {
        if (m_state->snapshot()) {
            m_restoring = false;
            shown->deleteLater();
        }
    });
    QTimer::singleShot(kRestoreWaitMs, shown, [this, shown, what] {
        shown->deleteLater();
        if (m_restoring)
            fallBack(tr("%1 showed nothing for %2 s").arg(what).arg(kRestoreWaitMs / 1000));
    });
}

void MainWindow::fallBack(const QString& why)
{
    if (!m_fallback)
        return;
    m_restoring = false;
    m_restoreMessage
        = tr("The last source could not be reopened (%1): opened the default simulation instead.").arg(why);
    m_state->clearTimeRange();
    startSource(*m_fallback);
    statusBar()->showMessage(m_restoreMessage, 30000);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_saveLayout) {
        QSettings settings;
        settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
        settings.setValue(QStringLiteral("window/state"), saveState());
        // File → Reopen the last session; a start without arguments still opens the default simulation.
        settings.setValue(QStringLiteral("session/last"), QString::fromStdString(currentSession().toJson()));
    }
    QMainWindow::closeEvent(event);
}

Session MainWindow::currentSession() const
{
    Session session;
    session.sourceArguments = m_sourceArguments;
    if (const auto& s = m_state->snapshot(); s && m_source == m_runner) {
        for (const Knob& knob : s->knobs) {
            if (knob.value != knob.defaultValue)
                session.knobs.emplace_back(knob.name, knob.value);
        }
    }
    for (auto* dock : findChildren<QDockWidget*>()) {
        if (dock->toggleViewAction()->isChecked())
            session.visibleViews << dock->objectName().chopped(4); // "ordersDock" → "orders"
    }
    session.gigablock = m_state->selectedGigablock();
    session.pageblock = m_state->selectedPageblock();
    session.timeRange = m_timelines->timeRange();
    if (m_state->hasTimeRange())
        session.brush = m_state->timeRange();
    session.layout = saveState();
    return session;
}

QString MainWindow::saveSession(const QString& path) const
{
    return currentSession().save(path);
}

QString MainWindow::openSession(const QString& path, const std::function<void(WorkbenchOptions&)>& adjust)
{
    const auto loaded = Session::load(path);
    if (!loaded.session)
        return loaded.error;
    if (const QString error = applySession(*loaded.session, adjust); !error.isEmpty())
        return path + QStringLiteral(": ") + error;
    return {};
}

QString MainWindow::applySession(const Session& session, const std::function<void(WorkbenchOptions&)>& adjust)
{
    // Everything is checked before anything changes, so a bad session leaves the window as it was.
    QList<QDockWidget*> shown;
    for (qsizetype i = 0; i < session.visibleViews.size(); ++i) {
        auto* dock = findChild<QDockWidget*>(session.visibleViews[i] + QStringLiteral("Dock"));
        if (!dock)
            return tr("views.visible[%1]: unknown view '%2'").arg(i).arg(session.visibleViews[i]);
        shown << dock;
    }
    auto parsed = WorkbenchOptions::parse(QStringList {QCoreApplication::applicationName()} + session.arguments());
    if (!parsed.options)
        return tr("source, knobs or selection: %1").arg(parsed.error);
    if (adjust)
        adjust(*parsed.options);
    if (!session.layout.isEmpty())
        restoreState(session.layout);
    if (!session.visibleViews.isEmpty()) {
        for (auto* dock : findChildren<QDockWidget*>())
            dock->setVisible(shown.contains(dock));
    }
    m_timelines->setTimeRange(session.timeRange.first, session.timeRange.second);
    startSource(*parsed.options);
    // After the start: a new source keeps the brush (SimulationState::clear leaves it).
    if (session.brush.first < session.brush.second)
        m_state->setTimeRange(session.brush.first, session.brush.second);
    else
        m_state->clearTimeRange();
    return {};
}

QString MainWindow::exportView(const QString& name, const QString& path)
{
    if (!path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive))
        return exportImage(grabView(name), path);
    QWidget* widget = name.isEmpty() ? this : view(name);
    if (!widget)
        return tr("%1: no view named '%2'").arg(path, name);
    if (auto* cells = qobject_cast<CellView*>(widget))
        return exportSvg(cells, path, cells->size().expandedTo(QSize(900, 360)));
    grabView(name); // floats a view that sits behind a tab, at a readable size
    return exportSvg(widget, path);
}

QString MainWindow::exportTimeSeries(const QString& path) const
{
    return gbw::exportTimeSeries(m_state->history(), path);
}

QWidget* MainWindow::view(const QString& name) const
{
    if (name.isEmpty())
        return nullptr;
    return findChild<QWidget*>(name);
}

QImage MainWindow::grabView(const QString& name)
{
    QWidget* widget = name.isEmpty() ? this : view(name);
    if (!widget)
        return {};
    // A cell view draws the same frame offscreen at any size; widgets grab themselves.
    if (auto* cells = qobject_cast<CellView*>(widget))
        return cells->render(cells->size().expandedTo(QSize(900, 360)));
    // Other views may sit behind a tab: float their dock at a readable size first.
    if (widget != this) {
        QWidget* dock = widget;
        while (dock && !qobject_cast<QDockWidget*>(dock))
            dock = dock->parentWidget();
        if (auto* d = qobject_cast<QDockWidget*>(dock)) {
            d->setFloating(true);
            d->resize(d->size().expandedTo(QSize(1000, 600)));
            d->show();
            d->raise();
            QCoreApplication::processEvents();
        }
    }
    return widget->grab().toImage();
}

QString MainWindow::openSweep(const QString& db)
{
    std::string error;
    auto sweeps = importers::loadSweepCatalog(db.toStdString(), &error);
    if (sweeps.empty())
        return QStringLiteral("--sweep %1: %2").arg(db, QString::fromStdString(error));
    m_sweepDb = db;
    m_sweep->setSweeps(std::move(sweeps), db);
    auto* dock = findChild<QDockWidget*>(QStringLiteral("sweepDock"));
    // A scatter wants room: in front of its tabs, the right column widened. Before the window is
    // shown neither takes, so once more when the event loop runs.
    const auto bringForward = [this, dock] {
        dock->show();
        dock->raise();
        // raise() leaves a tabified dock behind its current tab here (Qt 6.4, seen offscreen): pick its tab.
        for (auto* bar : findChildren<QTabBar*>()) {
            for (int i = 0; i < bar->count(); ++i) {
                if (bar->tabText(i) == dock->windowTitle())
                    bar->setCurrentIndex(i);
            }
        }
        resizeDocks({dock}, {std::max(dock->width(), width() * 3 / 5)}, Qt::Horizontal);
    };
    bringForward();
    QTimer::singleShot(0, this, bringForward);
    m_description = tr("Sweep %1: click a run, then Open (re-simulate) or Re-run live").arg(db);
    updateStatus();
    return {};
}

void MainWindow::runFromSweep(const RunSpec& spec, bool live)
{
    const auto run = sweepRunOptions(spec, live ? SweepRunMode::Live : SweepRunMode::Open, m_sweepDb);
    if (!run.parsed.options) {
        const QString error = tr("Cannot run %1: %2").arg(run.description, run.parsed.error);
        statusBar()->showMessage(error, 10000);
        if (!m_quiet && QGuiApplication::platformName() != QLatin1String("offscreen"))
            QMessageBox::warning(this, tr("Cannot run the sweep's run"), error);
        return;
    }
    for (auto* action : {m_play, m_step, m_slower, m_faster})
        action->setEnabled(true);
    startSimulation(*run.parsed.options);
    const QString what = live ? tr("Re-running %1 live")
                              : tr("Re-simulating %1 to its end (sweeps keep outcomes, "
                                   "not recordings)");
    statusBar()->showMessage(
        what.arg(run.description) + (run.warning.isEmpty() ? QString() : QStringLiteral(" — ⚠ ") + run.warning), 15000);
}

} // namespace gbw
