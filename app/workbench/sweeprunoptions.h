// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include "workbenchoptions.h"

namespace gbw {

struct RunSpec;

// How the sweep view hands a run to the window.
enum class SweepRunMode
{
    Open, // re-simulate it as the sweep ran it: as fast as it goes, paused at its end
    Live // run it again at the window's speed, to be watched and tuned
};

// The options that run a sweep's run again in the window: its host, policy, workload, seed,
// sample interval and knobs, through WorkbenchOptions::parse so that sessions and errors work
// as for the command line. Sweeps store outcomes, not recordings, so "open" re-simulates: the
// same configuration gives the same run, bit for bit.
struct SweepRunOptions
{
    WorkbenchOptions::Result parsed;
    QString description; // "run 7 of sweep.db: vanilla kernel-build 4G seed 1 …"
    QString warning; // set when the workload's contents differ from what the run used
};

// `db` is the store the run came from: a workload file the sweep named by a relative path is
// looked for relative to the working directory, then next to the store.
SweepRunOptions sweepRunOptions(const RunSpec& spec, SweepRunMode mode, const QString& db);

} // namespace gbw
