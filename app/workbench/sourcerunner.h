// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

#include "simulationstate.h"

namespace gbw {

// What the window drives, whatever the data comes from: a simulation, a replay or a live agent.
// Each source does its work on a thread of its own and hands EngineSnapshots to the UI thread
// (snapshotReady), so every view works on every source. Playback calls a source cannot honour
// are ignored (a live host cannot step back).
class SourceRunner : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    bool isRunning() const
    {
        return m_running;
    }
    double speed() const
    {
        return m_speed;
    }
    // Which playback actions make sense: stepping back and seeking (recordings), knobs (simulations).
    virtual bool canSeek() const
    {
        return false;
    }
    virtual bool hasKnobs() const
    {
        return false;
    }

public slots:
    virtual void setRunning(bool running) = 0;
    void toggleRunning()
    {
        setRunning(!m_running);
    }
    virtual void setSpeed(double speed) // virtual seconds per wall second; 0: as fast as it goes
    {
        m_speed = speed;
        emit speedChanged(speed);
    }
    virtual void step() = 0; // forward by one sample interval
    virtual void stepBack() {} // back by one sample interval
    virtual void stepEvents(int /*count*/) {} // by single recorded events, forward or back
    virtual void seek(double /*seconds*/) {}
    virtual void setSelection(std::uint32_t gigablock, std::uint32_t pageblock) = 0;
    virtual void setProcWanted(bool wanted) = 0;
    virtual void setKnob(const QString& /*name*/, double /*value*/) {}
    virtual void resetKnobs() {}
    // The events that touched a range of memory in a range of time (the event list, the brush's
    // overlay); eventsQueried answers, off the UI thread. A source without per-event data says so.
    virtual void queryEvents(const gbw::EventQuery& query)
    {
        auto result = std::make_shared<EventQueryResult>();
        result->serial = query.serial;
        result->available = false;
        result->note = "this source has no per-event data: a live host streams /proc counters, not allocator "
                       "events; record a trace (trace-cmd) and import it to see events";
        emit eventsQueried(result);
    }

signals:
    void snapshotReady(const gbw::SnapshotPtr& snapshot);
    void started(const QString& description);
    void failed(const QString& error);
    void runningChanged(bool running);
    void speedChanged(double speed);
    void knobRejected(const QString& why);
    void eventsQueried(const gbw::EventQueryResultPtr& result);
    // Something about the source a person should see now (live: connection lost, reconnecting).
    void statusChanged(const QString& text, bool healthy);

protected:
    bool m_running = false;
    double m_speed = 30;
};

} // namespace gbw
