// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;

namespace gbw {

class DifferenceMapView;
class GigablockMapView;
class SimulationState;

// A/B side by side: A's gigablock map on the left, B's on the right, both at the same virtual
// time, and the difference map below. A selection in any of the three is the selection in all.
class CompareView : public QWidget
{
    Q_OBJECT
public:
    CompareView(SimulationState* a, SimulationState* b, QWidget* parent = nullptr);

    GigablockMapView* mapA() const
    {
        return m_mapA;
    }
    GigablockMapView* mapB() const
    {
        return m_mapB;
    }
    DifferenceMapView* difference() const
    {
        return m_difference;
    }

private:
    void updateHeaders();
    void follow(SimulationState* from, SimulationState* to);

    SimulationState* m_a;
    SimulationState* m_b;
    QLabel* m_headerA;
    QLabel* m_headerB;
    GigablockMapView* m_mapA;
    GigablockMapView* m_mapB;
    DifferenceMapView* m_difference;
    bool m_following = false;
};

} // namespace gbw
