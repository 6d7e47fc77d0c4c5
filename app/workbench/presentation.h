// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

#include <QFont>
#include <QObject>
#include <QPalette>
#include <QPointer>
#include <QSize>

#include "demoscenario.h"
#include "workbenchoptions.h"

class QAction;
class QLabel;
class QToolBar;

namespace gbw {

class MainWindow;

// Presentation mode (--demo): the window full screen with large fonts and a high-contrast
// palette, a caption bar, no dialogs, and the scenario's steps: → and ← (or a clicker's Page
// Down and Page Up) move between them, a step with `at` begins by itself when the virtual clock
// passes it, Space pauses, Esc leaves presentation mode.
class Presentation : public QObject
{
    Q_OBJECT
public:
    Presentation(MainWindow* window, DemoScenario scenario);
    ~Presentation() override;

    // Start the scenario's source (after `adjust`) and show its first step. Empty on success,
    // else the error (naming the scenario file).
    QString start(const std::function<void(WorkbenchOptions&)>& adjust = {});
    int step() const
    {
        return m_step;
    }
    int stepCount() const
    {
        return int(m_scenario.steps.size());
    }
    // The caption bar: the step's caption (or the source's error) and the "title · 2/5" line.
    QString caption() const;
    QString heading() const;
    bool isActive() const
    {
        return m_active;
    }
    static constexpr double kFontScale = 1.6;
    // Offscreen (screenshots, tests, --record without a display) there is no screen to fill:
    // the window takes a projector's size instead.
    static QSize stageSize()
    {
        return {1920, 1080};
    }

public slots:
    void next();
    void previous();
    void togglePause();
    void leave();

signals:
    void stepChanged(int step);
    void left();

protected:
    // The presenter's keys win over whatever has focus (an editor, a button that takes Space).
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void enter(int step);
    void layOut(const DemoStep& step);
    void followClock();
    void createCaptionBar();
    void enlargeFixedFonts();
    void showError(const QString& error);
    bool handleKey(int key);

    MainWindow* m_window;
    DemoScenario m_scenario;
    int m_step = -1;
    double m_lastSeconds = 0;
    bool m_active = false;
    QToolBar* m_captionBar = nullptr;
    QLabel* m_heading = nullptr;
    QLabel* m_caption = nullptr;
    QList<QToolBar*> m_hiddenToolBars; // what leave() shows again
    QAction* m_quit = nullptr; // Ctrl+Q while the File menu is hidden
    QPalette m_palette; // what leave() restores
    QFont m_font;
    QList<QPair<QPointer<QWidget>, QFont>> m_enlarged; // widgets with a font of their own, as they were
};

} // namespace gbw
