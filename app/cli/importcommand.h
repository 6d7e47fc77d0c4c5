// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>

// gigablock import: /proc dumps and ftrace text traces into the recording store.
void addImportCommand(CLI::App& app);
