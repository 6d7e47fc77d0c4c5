// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <QString>
#include <QStringList>

#include "sim/engine.h"

namespace gbw {

// The workbench's command line, parsed into what the window needs. Without
// arguments: a 64 GiB host, the vanilla policy and the syzkaller workload, running.
struct WorkbenchOptions
{
    static constexpr const char* kDefaultWorkload = "syzkaller";

    EngineConfig engine;
    std::vector<std::pair<std::string, double>> knobs;
    double speed = 30; // virtual seconds per wall second; 0: as fast as it goes
    double stopAt = 0; // --duration: pause there (0: run on)
    bool paused = false;
    bool fresh = false; // --fresh (--no-restore): do not reopen the last source
    bool hostGiven = false; // --host was set (a kernel trace's replay needs it)

    // --compare A,B: A/B of two policies (or, with --knob-b, two knob sets) on the identical request
    // stream; `engine` is A, `engineB` is B (the same host, workload and seed).
    bool compare = false;
    EngineConfig engineB;
    std::vector<std::pair<std::string, double>> knobsB; // A's knobs, then --knob-b

    QString db; // --db: replay a recording from this store
    QString sweep; // --sweep: show this store's sweep in the sweep view (also --db of a store with only a sweep)
    qint64 replaySession = 0; // --replay: its session (0: the newest with events)
    QString connect; // --connect HOST:PORT: attach to a gigablock-agent
    QString tokenFile;

    // The options that chose the source, as given (--simulate syzkaller --host 64G …), for sessions.
    QStringList sourceArguments;
    QString session; // --session FILE: open this .gbsession

    bool demo = false; // --demo [SCENARIO]: presentation mode
    QString demoScenario; // a shipped scenario's name or a TOML file
    QString recordDir; // --record DIR: the frames as PNG (and an MP4 with ffmpeg)

    QString screenshotFile;
    double screenshotAfter = 5; // virtual seconds
    QString screenshotView; // objectName of a view; empty: the whole window
    std::uint32_t selectGigablock = ~std::uint32_t(0);
    std::uint32_t selectPageblock = ~std::uint32_t(0);

    // nullopt and `error` set (naming the option) when the arguments are wrong;
    // `exitNow` set for --help and --version, with `message` to print.
    struct Result;
    static Result parse(const QStringList& arguments);
    // The names --view accepts.
    static QStringList viewNames();
};

struct WorkbenchOptions::Result
{
    std::optional<WorkbenchOptions> options;
    QString error;
    QString message; // --help or --version text
};

} // namespace gbw
