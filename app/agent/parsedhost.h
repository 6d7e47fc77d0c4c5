// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hostsampler.h"

#include "importers/buddyinfo.h"
#include "importers/pagetypeinfo.h"
#include "importers/vmstat.h"
#include "importers/zoneinfo.h"

#include <map>
#include <optional>
#include <string>

namespace gbw::agent {

// The latest reading of each source, parsed with the importers' parsers: what the Prometheus
// endpoint reports, and a check that what we stream reads back (a reading that does not parse
// cleanly is still streamed, and counted as a parse error).
class ParsedHost
{
public:
    void take(const Reading& reading);

    const std::optional<importers::BuddyinfoSnapshot>& buddyinfo() const
    {
        return m_buddyinfo;
    }
    const std::optional<importers::PagetypeinfoSnapshot>& pagetypeinfo() const
    {
        return m_pagetypeinfo;
    }
    const std::optional<importers::ZoneinfoSnapshot>& zoneinfo() const
    {
        return m_zoneinfo;
    }
    const std::optional<importers::VmstatSnapshot>& vmstat() const
    {
        return m_vmstat;
    }
    const std::map<std::string, std::uint64_t>& readings() const
    {
        return m_readings;
    }
    const std::map<std::string, std::uint64_t>& parseErrors() const
    {
        return m_parseErrors;
    }

private:
    template<typename Parser, typename Snapshot>
    void parseInto(const Reading& reading, std::optional<Snapshot>& target);

    std::optional<importers::BuddyinfoSnapshot> m_buddyinfo;
    std::optional<importers::PagetypeinfoSnapshot> m_pagetypeinfo;
    std::optional<importers::ZoneinfoSnapshot> m_zoneinfo;
    std::optional<importers::VmstatSnapshot> m_vmstat;
    std::map<std::string, std::uint64_t> m_readings;
    std::map<std::string, std::uint64_t> m_parseErrors;
};

} // namespace gbw::agent
