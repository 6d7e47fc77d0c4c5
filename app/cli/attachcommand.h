// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>

// gigablock attach HOST:PORT: follow a gigablock-agent, print what arrives, record it (--db).
void addAttachCommand(CLI::App& app);
