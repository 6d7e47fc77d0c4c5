// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QTableView;

namespace gbw {

class KnobModel;
class SimulationState;

// The knob table, with "reset to defaults" and "export as sysctl.conf".
// Edits go out as knobEditRequested; the table follows the engine's snapshots.
class KnobsView : public QWidget
{
    Q_OBJECT
public:
    explicit KnobsView(SimulationState* state, QWidget* parent = nullptr);
    KnobModel* model() const
    {
        return m_model;
    }
    QTableView* table() const
    {
        return m_table;
    }
    // The vm.* knobs of the latest snapshot as a sysctl.conf snippet.
    QString sysctlConf() const;

signals:
    void knobEditRequested(const QString& name, double value);
    void resetRequested();

private:
    void exportSysctl();

    SimulationState* m_state;
    KnobModel* m_model;
    QTableView* m_table;
};

} // namespace gbw
