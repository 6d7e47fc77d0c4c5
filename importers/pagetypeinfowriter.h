// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/pagetypeinfo.h"

#include <string>

namespace gbw::importers {

// Prints a snapshot the way mm/vmstat.c printed it (pagetypeinfo_show*), with the column set,
// widths and trailing spaces of the file it was read from, so the numbers line up with the
// original dump.
class PagetypeinfoWriter
{
public:
    static std::string write(const PagetypeinfoSnapshot& snapshot);
};

} // namespace gbw::importers
