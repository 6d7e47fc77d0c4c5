// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>

// gigablock info: what a recording database holds.
void addInfoCommand(CLI::App& app);
