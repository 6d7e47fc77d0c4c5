// SPDX-License-Identifier: GPL-3.0-or-later
#include <iostream>

#include <CLI/CLI.hpp>

#ifdef GBW_HAVE_LIVE
#include "attachcommand.h"
#endif
#include "comparecommand.h"
#include "exportcommand.h"
#include "importcommand.h"
#include "infocommand.h"
#include "replaycommand.h"
#include "simulatecommand.h"
#include "sweepcommand.h"

int main(int argc, char** argv)
{
    CLI::App app {"gigablock: a model of the Linux page allocator and of 1 GB gigablock placement"};
    app.set_version_flag("--version", std::string("gigablock ") + GBW_VERSION);
    app.require_subcommand(1);
    addSimulateCommand(app);
    addCompareCommand(app);
    addImportCommand(app);
    addInfoCommand(app);
    addExportCommand(app);
#ifdef GBW_HAVE_LIVE
    addAttachCommand(app);
#endif
    addReplayCommand(app);
    addSweepCommand(app);
    // CLI11 would only say "a subcommand is required" for a mistyped command.
    std::string known;
    bool isKnown = false;
    for (const auto* sub : app.get_subcommands({})) {
        known += (known.empty() ? "" : ", ") + sub->get_name();
        isKnown = isKnown || (argc > 1 && sub->get_name() == argv[1]);
    }
    if (argc > 1 && argv[1][0] != '-' && !isKnown) {
        std::cerr << "gigablock: unknown command '" << argv[1] << "' (commands: " << known
                  << "; see gigablock --help)\n";
        return 2;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    return 0;
}
