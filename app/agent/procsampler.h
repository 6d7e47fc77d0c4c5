// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hostsampler.h"

#include <string>

namespace gbw::agent {

// Reads the real host's /proc files. Read only: it opens files O_RDONLY and never writes.
// A file that cannot be read (pagetypeinfo is root-only since Linux 5.6) is skipped with a note.
class ProcSampler final : public HostSampler
{
public:
    ProcSampler(std::string procDir, const SampleIntervals& intervals, Clock::time_point start);

    std::string hostName() const override;
    bool simulated() const override
    {
        return false;
    }
    Clock::time_point nextDue() const override
    {
        return m_schedule.nextDue();
    }
    std::vector<Reading> sample(Clock::time_point now, std::vector<protocol::Note>& notes) override;

private:
    std::string m_procDir;
    SampleSchedule m_schedule;
    std::string m_buffer; // reused for every read
};

} // namespace gbw::agent
