// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>

// gigablock export pagetypeinfo|buddyinfo: a stored snapshot, printed as the kernel printed it.
void addExportCommand(CLI::App& app);
