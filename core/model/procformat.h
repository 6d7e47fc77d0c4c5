// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

#include "memorymodel.h"

namespace gbw::procformat {

// The model's state as the kernel would print it (Linux 6.x layout, with
// CONFIG_MEMORY_ISOLATION and without CONFIG_CMA), so every tool that reads
// the real files reads ours. Counts are free blocks, not pages, as in the kernel.
std::string pagetypeinfo(const MemoryModel& model);
std::string buddyinfo(const MemoryModel& model);

} // namespace gbw::procformat
