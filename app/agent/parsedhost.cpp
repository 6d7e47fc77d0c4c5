// SPDX-License-Identifier: GPL-3.0-or-later
#include "parsedhost.h"

#include "importers/buddyinfoparser.h"
#include "importers/pagetypeinfoparser.h"
#include "importers/vmstatparser.h"
#include "importers/zoneinfoparser.h"

namespace gbw::agent {

template<typename Parser, typename Snapshot>
void ParsedHost::parseInto(const Reading& reading, std::optional<Snapshot>& target)
{
    auto result = Parser::parse(reading.text);
    if (!result.ok() || result.snapshots.size() != 1) {
        ++m_parseErrors[reading.name];
        return;
    }
    target = std::move(result.snapshots.front());
}

void ParsedHost::take(const Reading& reading)
{
    ++m_readings[reading.name];
    if (reading.name == "buddyinfo")
        parseInto<importers::BuddyinfoParser>(reading, m_buddyinfo);
    else if (reading.name == "pagetypeinfo")
        parseInto<importers::PagetypeinfoParser>(reading, m_pagetypeinfo);
    else if (reading.name == "zoneinfo")
        parseInto<importers::ZoneinfoParser>(reading, m_zoneinfo);
    else if (reading.name == "vmstat")
        parseInto<importers::VmstatParser>(reading, m_vmstat);
}

} // namespace gbw::agent
