// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "sweep/sweepscatter.h"

namespace gbw::importers {

// The sweeps of a store as the workbench's sweep view lists them, newest first: each sweep
// file once (a resumed sweep is one sweep), with the stored runs it expands to and its
// objectives. Runs no sweep file accounts for (collected without one) come last as "all runs".
// Empty with `error` set when the file is not a store or holds no sweep runs.
std::vector<SweepRuns> loadSweepCatalog(const std::string& path, std::string* error);

// True when the store at `path` holds sweep runs and no recording a replay can play (a
// simulation or a trace with events): the workbench's --db then opens its sweep view.
bool holdsSweepsOnly(const std::string& path);

} // namespace gbw::importers
