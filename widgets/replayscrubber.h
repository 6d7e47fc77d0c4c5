// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QSlider;

namespace gbw {

class SimulationState;

// The scrubber over a whole recording: a slider over its time span (milliseconds of virtual
// time) and where the replay stands, in time and in events. Dragging asks for a seek; snapshots
// move the handle unless the user holds it. Hidden for sources that are not recordings.
class ReplayScrubber : public QWidget
{
    Q_OBJECT
public:
    explicit ReplayScrubber(SimulationState* state, QWidget* parent = nullptr);

    QSlider* slider() const
    {
        return m_slider;
    }
    QString positionText() const;

signals:
    void seekRequested(double seconds);

private:
    void refresh();

    SimulationState* m_state;
    QSlider* m_slider;
    QLabel* m_position;
};

} // namespace gbw
