// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/buddyinfo.h"

#include <string>

namespace gbw::importers {

// Prints a snapshot as frag_show_print() does: "Node %d, zone %8s " then "%6lu " per order.
class BuddyinfoWriter
{
public:
    static std::string write(const BuddyinfoSnapshot& snapshot);
};

} // namespace gbw::importers
