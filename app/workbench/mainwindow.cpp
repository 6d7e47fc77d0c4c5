// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QToolBar>

#include "cellview.h"
#include "countersview.h"
#include "drilldownview.h"
#include "enginerunner.h"
#include "gigablockmapview.h"
#include "knobsview.h"
#include "migratetypeheatmapview.h"
#include "orderheatmapview.h"
#include "procview.h"
#include "simulationstate.h"
#include "timelineview.h"

namespace gbw {

const std::vector<double>& MainWindow::speeds()
{
    static const std::vector<double> list = {1, 2, 5, 10, 30, 60, 120, 300, 0};
    return list;
}

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_state(new SimulationState(this))
    , m_runner(new EngineRunner(this))
    , m_map(new GigablockMapView(m_state))
    , m_orders(new OrderHeatmapView(m_state))
    , m_migratetypes(new MigratetypeHeatmapView(m_state))
    , m_drill(new DrillDownView(m_state))
    , m_timelines(new TimelineView(m_state))
    , m_knobs(new KnobsView(m_state))
    , m_counters(new CountersView(m_state))
    , m_proc(new ProcView(m_state))
{
    setWindowTitle(tr("Gigablock Workbench"));
    setDockNestingEnabled(true);
    // The map is the centre of attention; everything else docks around it and can be moved.
    setCentralWidget(m_map);
    // The right column runs the full height: drill-down above, the tabbed tables and plots below.
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    addView(m_drill, tr("Drill-down"), Qt::RightDockWidgetArea);
    auto* orders = addView(m_orders, tr("Order heatmap"), Qt::BottomDockWidgetArea);
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
    timelines->raise();
    resize(1600, 1100);
    resizeDocks({orders, migratetypes}, {230, 230}, Qt::Vertical);
    resizeDocks({drill}, {560}, Qt::Horizontal);
    resizeDocks({drill, timelines}, {520, 520}, Qt::Vertical);

    createActions();
    m_statusLabel = new QLabel(this);
    statusBar()->addWidget(m_statusLabel, 1);
    m_speedLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_speedLabel);
    updateSpeedLabel();

    connect(m_runner, &EngineRunner::snapshotReady, m_state, &SimulationState::setSnapshot);
    connect(m_state, &SimulationState::snapshotChanged, this, &MainWindow::updateStatus);
    connect(m_state, &SimulationState::selectionChanged, this,
        [this] { m_runner->setSelection(m_state->selectedGigablock(), m_state->selectedPageblock()); });
    connect(m_runner, &EngineRunner::runningChanged, this, [this](bool running) {
        m_play->setChecked(running);
        m_play->setText(running ? tr("Pause") : tr("Play"));
    });
    connect(m_runner, &EngineRunner::started, this, [this](const QString& description) {
        m_description = description;
        updateStatus();
    });
    connect(m_runner, &EngineRunner::failed, this,
        [this](const QString& error) { QMessageBox::critical(this, tr("Cannot start the simulation"), error); });
    connect(m_runner, &EngineRunner::knobRejected, this,
        [this](const QString& why) { statusBar()->showMessage(tr("Knob not changed: %1").arg(why), 5000); });
    connect(m_knobs, &KnobsView::knobEditRequested, m_runner, &EngineRunner::setKnob);
    connect(m_knobs, &KnobsView::resetRequested, m_runner, &EngineRunner::resetKnobs);
    // The /proc text costs a formatting pass per frame: only while someone looks at it.
    connect(proc, &QDockWidget::visibilityChanged, m_runner, &EngineRunner::setProcWanted);
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::addView(QWidget* view, const QString& title, Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(view->objectName() + QStringLiteral("Dock"));
    dock->setWidget(view);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createActions()
{
    auto* toolbar = addToolBar(tr("Playback"));
    toolbar->setObjectName(QStringLiteral("playback"));
    auto* menu = menuBar()->addMenu(tr("&Playback"));

    m_play = new QAction(tr("Pause"), this);
    m_play->setCheckable(true);
    m_play->setChecked(true);
    m_play->setShortcut(Qt::Key_Space);
    m_play->setToolTip(tr("Play or pause the simulation (Space)"));
    connect(m_play, &QAction::triggered, m_runner, &EngineRunner::setRunning);

    m_step = new QAction(tr("Step"), this);
    m_step->setShortcut(Qt::Key_Right);
    m_step->setToolTip(tr("Pause and advance one sample interval of virtual time (Right)"));
    connect(m_step, &QAction::triggered, m_runner, &EngineRunner::step);

    m_slower = new QAction(tr("Slower"), this);
    m_slower->setShortcuts({Qt::Key_Minus, QKeySequence(Qt::KeypadModifier | Qt::Key_Minus)});
    m_slower->setToolTip(tr("Halve the speed (-)"));
    connect(m_slower, &QAction::triggered, this, [this] { changeSpeed(-1); });

    m_faster = new QAction(tr("Faster"), this);
    m_faster->setShortcuts({Qt::Key_Plus, Qt::Key_Equal, QKeySequence(Qt::KeypadModifier | Qt::Key_Plus)});
    m_faster->setToolTip(tr("Double the speed (+)"));
    connect(m_faster, &QAction::triggered, this, [this] { changeSpeed(+1); });

    for (auto* action : {m_play, m_step, m_slower, m_faster}) {
        // Shortcuts work wherever focus is, except while typing in an editor (Qt gives those precedence).
        action->setShortcutContext(Qt::ApplicationShortcut);
        toolbar->addAction(action);
        menu->addAction(action);
    }
    auto* quit = new QAction(tr("Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    menu->addSeparator();
    menu->addAction(quit);

    auto* views = menuBar()->addMenu(tr("&Views"));
    for (auto* dock : findChildren<QDockWidget*>())
        views->addAction(dock->toggleViewAction());
}

void MainWindow::changeSpeed(int direction)
{
    const auto& list = speeds();
    auto it = std::find(list.begin(), list.end(), m_runner->speed());
    std::ptrdiff_t i = it == list.end() ? 4 : it - list.begin();
    i = std::clamp<std::ptrdiff_t>(i + direction, 0, std::ptrdiff_t(list.size()) - 1);
    m_runner->setSpeed(list[std::size_t(i)]);
    updateSpeedLabel();
}

void MainWindow::updateSpeedLabel()
{
    const double speed = m_runner->speed();
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

void MainWindow::startSimulation(const WorkbenchOptions& options)
{
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

} // namespace gbw
