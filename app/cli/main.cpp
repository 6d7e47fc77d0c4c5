// SPDX-License-Identifier: GPL-3.0-or-later
#include <CLI/CLI.hpp>

#include "simulatecommand.h"

int main(int argc, char** argv)
{
    CLI::App app {"gigablock: a model of the Linux page allocator and of 1 GB gigablock placement"};
    app.set_version_flag("--version", std::string("gigablock ") + GBW_VERSION);
    app.require_subcommand(1);
    addSimulateCommand(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    return 0;
}
