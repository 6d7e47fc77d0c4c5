// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hostsampler.h"

#include <memory>
#include <string>

namespace gbw {
class Engine;
}

namespace gbw::agent {

struct SimulationSettings
{
    std::string preset; // workload preset or TOML file
    std::string policy = "vanilla";
    std::string host = "16G";
    int nodes = 1;
    std::uint64_t seed = 1;
    double speed = 1.0; // virtual seconds per wall-clock second
};

// Serves a simulated host: the engine runs on the agent's thread, advanced at every tick to
// speed × elapsed wall time, and its state is printed in the kernel's layouts (buddyinfo,
// pagetypeinfo) plus a vmstat-style text of its counters, gigablock categories and the 1 GB pages
// it could allocate. zoneinfo is not simulated.
class SimSampler final : public HostSampler
{
public:
    static std::unique_ptr<SimSampler> create(const SimulationSettings& settings, const SampleIntervals& intervals,
        Clock::time_point start, std::string& error);
    ~SimSampler() override;

    std::string hostName() const override;
    bool simulated() const override
    {
        return true;
    }
    Clock::time_point nextDue() const override
    {
        return m_schedule.nextDue();
    }
    std::vector<Reading> sample(Clock::time_point now, std::vector<protocol::Note>& notes) override;

private:
    SimSampler(const SimulationSettings& settings, std::unique_ptr<Engine> engine, Clock::time_point start);
    std::string vmstatText() const;

    SimulationSettings m_settings;
    std::unique_ptr<Engine> m_engine;
    Clock::time_point m_start;
    SampleSchedule m_schedule;
    bool m_notedZoneinfo = false;
};

} // namespace gbw::agent
