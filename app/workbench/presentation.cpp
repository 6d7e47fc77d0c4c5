// SPDX-License-Identifier: GPL-3.0-or-later
#include "presentation.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <QWindow>

#include "colors.h"
#include "countersview.h"
#include "mainwindow.h"
#include "simulationstate.h"
#include "sourcerunner.h"

namespace gbw {

Presentation::Presentation(MainWindow* window, DemoScenario scenario)
    : QObject(window)
    , m_window(window)
    , m_scenario(std::move(scenario))
{}

Presentation::~Presentation()
{
    qApp->removeEventFilter(this);
    // Deleted with a window that is going away: put the application's look back, but do not
    // touch the window, which may be half destroyed by now.
    if (m_active) {
        QApplication::setPalette(m_palette);
        QApplication::setFont(m_font);
    }
}

QString Presentation::start(const std::function<void(WorkbenchOptions&)>& adjust)
{
    auto parsed
        = WorkbenchOptions::parse(QStringList {QCoreApplication::applicationName()} + m_scenario.sourceArguments);
    if (!parsed.options)
        return tr("%1: [source]: %2").arg(m_scenario.fileName, parsed.error);
    if (adjust)
        adjust(*parsed.options);

    m_active = true;
    m_palette = QApplication::palette();
    m_font = QApplication::font();
    QFont large = m_font;
    if (m_font.pointSizeF() > 0)
        large.setPointSizeF(m_font.pointSizeF() * kFontScale);
    else
        large.setPixelSize(int(m_font.pixelSize() * kFontScale));
    QApplication::setFont(large);
    QApplication::setPalette(colors::highContrast());
    m_window->setQuiet(true);
    // The audience needs the picture, not the menus and the playback buttons: the keys do that.
    m_window->menuBar()->hide();
    if (auto* playback = m_window->findChild<QToolBar*>(QStringLiteral("playback"));
        playback && !playback->isHidden()) {
        m_hiddenToolBars << playback;
        playback->hide();
    }
    enlargeFixedFonts();
    // With the bar and the menus hidden their shortcuts would die; + and - keep working on the window.
    m_window->addActions({m_window->fasterAction(), m_window->slowerAction()});
    m_quit = new QAction(tr("Quit"), this);
    m_quit->setShortcut(QKeySequence(Qt::ControlModifier | Qt::Key_Q)); // not ::Quit: empty on some platforms
    connect(m_quit, &QAction::triggered, m_window, &QWidget::close);
    m_window->addAction(m_quit);
    createCaptionBar();
    connect(m_window, &MainWindow::sourceFailed, this, &Presentation::showError);
    connect(m_window->state(), &SimulationState::snapshotChanged, this, &Presentation::followClock);
    qApp->installEventFilter(this);

    m_window->startSource(*parsed.options);
    if (QGuiApplication::platformName() == QLatin1String("offscreen")) {
        m_window->resize(stageSize());
        m_window->show();
    } else {
        m_window->showFullScreen();
    }
    m_lastSeconds = 0;
    enter(0);
    return {};
}

void Presentation::createCaptionBar()
{
    m_captionBar = new QToolBar(tr("Caption"), m_window);
    m_captionBar->setObjectName(QStringLiteral("caption"));
    m_captionBar->setMovable(false);
    m_captionBar->setFloatable(false);
    auto* box = new QWidget;
    box->setObjectName(QStringLiteral("captionBox"));
    box->setStyleSheet(QStringLiteral("#captionBox { background: black; }"));
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(16, 8, 16, 10);
    layout->setSpacing(4);
    m_heading = new QLabel;
    m_heading->setObjectName(QStringLiteral("captionHeading"));
    m_heading->setStyleSheet(QStringLiteral("QLabel { color: #b0bec5; }"));
    m_caption = new QLabel;
    m_caption->setObjectName(QStringLiteral("captionText"));
    m_caption->setWordWrap(true);
    m_caption->setTextFormat(Qt::PlainText);
    m_caption->setStyleSheet(QStringLiteral("QLabel { color: #ffd600; font-weight: bold; }"));
    QFont font = m_caption->font();
    font.setPointSizeF(QApplication::font().pointSizeF() > 0 ? QApplication::font().pointSizeF() * 1.25 : 18);
    m_caption->setFont(font);
    layout->addWidget(m_heading);
    layout->addWidget(m_caption);
    box->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_captionBar->addWidget(box);
    // The first row, above the (hidden) playback bar and a recording's scrubber.
    if (auto* playback = m_window->findChild<QToolBar*>(QStringLiteral("playback"))) {
        m_window->insertToolBar(playback, m_captionBar);
        m_window->insertToolBarBreak(playback);
    } else {
        m_window->addToolBarBreak(Qt::TopToolBarArea);
        m_window->addToolBar(Qt::TopToolBarArea, m_captionBar);
    }
}

void Presentation::enlargeFixedFonts()
{
    // A widget that set its own font (the A/B headings, bold) does not follow the application's:
    // scale it too, or the back row reads the caption and not what it points at.
    for (auto* widget : m_window->findChildren<QWidget*>()) {
        if (!widget->testAttribute(Qt::WA_SetFont) || widget->font().pointSizeF() <= 0)
            continue;
        m_enlarged.append({widget, widget->font()});
        QFont font = widget->font();
        font.setPointSizeF(font.pointSizeF() * kFontScale);
        widget->setFont(font);
    }
}

QString Presentation::caption() const
{
    return m_caption ? m_caption->text() : QString();
}

QString Presentation::heading() const
{
    return m_heading ? m_heading->text() : QString();
}

void Presentation::showError(const QString& error)
{
    // No dialogs on stage: the error goes where everybody looks, and to the status bar.
    if (m_caption)
        m_caption->setText(QStringLiteral("⚠ ") + error);
    m_window->statusBar()->showMessage(error);
}

void Presentation::enter(int step)
{
    if (!m_active || step < 0 || step >= stepCount())
        return;
    m_step = step;
    const DemoStep& s = m_scenario.steps[std::size_t(step)];
    m_heading->setText(
        tr("%1 · %2/%3 · Space pauses · ←/→ steps · Esc leaves").arg(m_scenario.title).arg(step + 1).arg(stepCount()));
    m_caption->setText(s.caption);
    for (const auto& [name, value] : s.knobs)
        m_window->source()->setKnob(QString::fromStdString(name), value);
    if (s.speed > 0)
        m_window->source()->setSpeed(s.speed);
    if (s.selectGigablock != SimulationState::kNone) {
        m_window->state()->selectGigablock(s.selectGigablock);
        if (s.selectPageblock != SimulationState::kNone)
            m_window->state()->selectPageblock(s.selectPageblock);
    }
    if (s.counters) {
        if (auto* filter = m_window->countersView()->findChild<QLineEdit*>())
            filter->setText(*s.counters);
    }
    layOut(s);
    emit stepChanged(step);
}

void Presentation::layOut(const DemoStep& step)
{
    if (!step.views)
        return;
    QList<QDockWidget*> shown;
    for (const QString& name : *step.views) {
        if (auto* dock = m_window->findChild<QDockWidget*>(name + QStringLiteral("Dock")))
            shown << dock;
    }
    for (auto* dock : m_window->findChildren<QDockWidget*>()) {
        if (!shown.contains(dock))
            dock->hide();
    }
    if (shown.isEmpty())
        return;
    const QString layout = step.layout.isEmpty() ? QStringLiteral("tabs") : step.layout;
    const bool row = layout == QLatin1String("row");
    const Qt::DockWidgetArea area = row ? Qt::BottomDockWidgetArea : Qt::RightDockWidgetArea;
    for (auto* dock : std::as_const(shown)) {
        dock->setFloating(false);
        m_window->addDockWidget(area, dock);
        dock->show();
    }
    for (qsizetype i = 1; i < shown.size(); ++i) {
        if (layout == QLatin1String("tabs"))
            m_window->tabifyDockWidget(shown[0], shown[i]);
        else
            m_window->splitDockWidget(shown[i - 1], shown[i], row ? Qt::Horizontal : Qt::Vertical);
    }
    shown[0]->raise();
    // The map (or the A/B pair) keeps most of the stage; the views share the rest, the first
    // (the one the step is about) three fifths of it.
    if (row)
        m_window->resizeDocks({shown[0]}, {m_window->height() * 2 / 5}, Qt::Vertical);
    else
        m_window->resizeDocks({shown[0]}, {m_window->width() * 2 / 5}, Qt::Horizontal);
    if (layout != QLatin1String("tabs") && shown.size() > 1) {
        const int length = row ? m_window->width() : m_window->height();
        QList<int> sizes {length * 3 / 5};
        for (qsizetype i = 1; i < shown.size(); ++i)
            sizes << int(length * 2 / 5 / (shown.size() - 1));
        m_window->resizeDocks(shown, sizes, row ? Qt::Horizontal : Qt::Vertical);
    }
}

void Presentation::followClock()
{
    const auto& snapshot = m_window->state()->snapshot();
    if (!m_active || !snapshot)
        return;
    // A step begins by itself when the clock passes its time, once: stepping back does not bounce
    // forward. A fast clock may pass several in one frame: go through each, so every step's knobs are set.
    const double now = snapshot->seconds;
    while (m_step + 1 < stepCount()) {
        const double at = m_scenario.steps[std::size_t(m_step + 1)].at;
        if (at < 0 || m_lastSeconds >= at || now < at)
            break;
        enter(m_step + 1);
    }
    m_lastSeconds = now;
}

void Presentation::next()
{
    enter(m_step + 1);
}

void Presentation::previous()
{
    enter(m_step - 1);
}

void Presentation::togglePause()
{
    // From the source's state, not the play action's: a source that starts paused never says so
    // (the runner only reports changes), so the action may still read "Pause" and a trigger()
    // would pause the paused clock. The action follows, for when presentation mode is left.
    SourceRunner* source = m_window->source();
    source->setRunning(!source->isRunning());
    m_window->playAction()->setChecked(source->isRunning());
}

bool Presentation::handleKey(int key)
{
    switch (key) {
    case Qt::Key_Space:
        togglePause();
        return true;
    case Qt::Key_Right:
    case Qt::Key_PageDown: // presentation clickers send Page Down and Page Up
        next();
        return true;
    case Qt::Key_Left:
    case Qt::Key_PageUp:
        previous();
        return true;
    case Qt::Key_Escape:
        leave();
        return true;
    default:
        return false;
    }
}

bool Presentation::eventFilter(QObject* watched, QEvent* event)
{
    const bool press = event->type() == QEvent::KeyPress;
    if (!m_active || (!press && event->type() != QEvent::ShortcutOverride))
        return QObject::eventFilter(watched, event);
    auto* key = static_cast<QKeyEvent*>(event);
    const int k = key->key();
    if ((key->modifiers() & ~Qt::KeypadModifier) != 0
        || (k != Qt::Key_Space && k != Qt::Key_Right && k != Qt::Key_Left && k != Qt::Key_PageDown
            && k != Qt::Key_PageUp && k != Qt::Key_Escape))
        return QObject::eventFilter(watched, event);
    // Key events reach the window's QWindow and then the widget: act on the widget's copy only.
    auto* widget = qobject_cast<QWidget*>(watched);
    const bool ours = widget ? widget->window() == m_window : watched == m_window->windowHandle();
    if (!ours)
        return QObject::eventFilter(watched, event);
    if (!press) {
        // Claim the key before the window's shortcuts (Space: play, →: step the clock) take it;
        // the key press that follows comes here.
        key->accept();
        return true;
    }
    if (!widget || key->isAutoRepeat())
        return true;
    return handleKey(k);
}

void Presentation::leave()
{
    if (!m_active)
        return;
    m_active = false;
    qApp->removeEventFilter(this);
    disconnect(m_window, &MainWindow::sourceFailed, this, nullptr);
    m_window->removeToolBar(m_captionBar);
    delete m_captionBar;
    m_captionBar = nullptr;
    m_caption = nullptr;
    m_heading = nullptr;
    m_window->removeAction(m_window->fasterAction());
    m_window->removeAction(m_window->slowerAction());
    m_window->removeAction(m_quit);
    delete m_quit;
    m_quit = nullptr;
    m_window->menuBar()->show();
    for (auto* bar : std::as_const(m_hiddenToolBars))
        bar->show();
    m_hiddenToolBars.clear();
    QApplication::setPalette(m_palette);
    QApplication::setFont(m_font);
    for (const auto& [widget, font] : std::as_const(m_enlarged)) {
        if (widget)
            widget->setFont(font);
    }
    m_enlarged.clear();
    m_window->setQuiet(false);
    if (m_window->isFullScreen())
        m_window->showNormal();
    emit left();
}

} // namespace gbw
