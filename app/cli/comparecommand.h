// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>

// gigablock compare: several policies on the identical request stream, side by side.
void addCompareCommand(CLI::App& app);
