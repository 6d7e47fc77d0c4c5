// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTabWidget>

class QPlainTextEdit;

namespace gbw {

class SimulationState;

// The current state as the kernel prints /proc/pagetypeinfo and /proc/buddyinfo.
// Snapshots carry the text only while this view is shown (wantsText()).
class ProcView : public QTabWidget
{
    Q_OBJECT
public:
    explicit ProcView(SimulationState* state, QWidget* parent = nullptr);
    QString pagetypeinfo() const;
    QString buddyinfo() const;

private:
    QPlainTextEdit* addText(const QString& title);

    QPlainTextEdit* m_pagetypeinfo;
    QPlainTextEdit* m_buddyinfo;
};

} // namespace gbw
