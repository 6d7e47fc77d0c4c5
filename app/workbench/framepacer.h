// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <algorithm>

#include <QElapsedTimer>

#include "sim/eventqueue.h"

namespace gbw {

// The rules every playback worker (simulation, replay) follows, kept in one
// place so that they cannot drift apart:
// - snapshots go out at most 60 times a second, and never while the UI still
//   has the previous one unread, so a slow UI makes the worker skip frames
//   instead of queueing them;
// - a paced run advances virtual time by the wall time since its last slice
//   times the speed, with the wall time capped so that a slow source falls
//   behind instead of piling up work.
class FramePacer
{
public:
    static constexpr int kPublishIntervalMs = 16; // ≤ 60 Hz

    // May a snapshot go out now? A forced one (a pause, a step, a knob change) always may.
    bool mayPublish(bool force) const
    {
        return force || (!m_inFlight && (!m_sincePublish.isValid() || m_sincePublish.elapsed() >= kPublishIntervalMs));
    }
    void published()
    {
        m_sincePublish.start();
        m_inFlight = true;
        m_dirty = false;
    }
    void changed()
    {
        m_dirty = true;
    }
    // The UI took the last snapshot. True when a paused source has a change
    // that was held back and should go out now.
    bool consumed(bool running)
    {
        m_inFlight = false;
        return m_dirty && !running;
    }

    // Pacing starts afresh (a start, a pause, a new speed).
    void restartWall()
    {
        m_wall.start();
    }
    // The virtual time the wall time since the last slice stands for.
    VirtualTime pacedSlice(double speed)
    {
        const double wallNs = m_wall.isValid() ? std::clamp(double(m_wall.nsecsElapsed()), 0.0, 100e6) : 0.0;
        m_wall.start();
        return VirtualTime(wallNs * speed);
    }
    // Paced runs wake every few milliseconds; a run at full speed (speed 0)
    // yields to the event loop between frames so that the UI's calls get through.
    static int timerInterval(double speed)
    {
        return speed <= 0 ? 0 : 5;
    }

private:
    QElapsedTimer m_wall;
    QElapsedTimer m_sincePublish;
    bool m_inFlight = false;
    bool m_dirty = false;
};

} // namespace gbw
