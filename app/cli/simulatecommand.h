// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>

// gigablock simulate: build a host, run the default churn, report.
void addSimulateCommand(CLI::App& app);
