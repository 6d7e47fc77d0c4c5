// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>

// gigablock sweep: run a knob sweep locally or as a Slurm job array, collect
// and store the results, report the trade-off front and a recommendation.
void addSweepCommand(CLI::App& app);
