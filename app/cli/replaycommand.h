// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>

// gigablock replay: rebuild a recorded run's memory, or run its requests through another policy.
void addReplayCommand(CLI::App& app);
