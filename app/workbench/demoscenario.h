// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <QString>
#include <QStringList>

namespace gbw {

// One step of a presentation: the caption people read, the views to show and how, knob changes
// to make when it begins, and (optionally) the virtual time at which it begins on its own.
struct DemoStep
{
    QString caption;
    double at = -1; // virtual seconds; < 0: only when the presenter presses →
    std::vector<std::pair<std::string, double>> knobs;
    std::optional<QStringList> views; // the docks to show, the others hidden; unset: leave them as they are
    QString layout; // how to lay `views` out: "tabs", "column" or "row"; empty: "tabs"
    std::uint32_t selectGigablock = ~std::uint32_t(0); // select = "GB[:PB]": drill down there
    std::uint32_t selectPageblock = ~std::uint32_t(0);
    double speed = -1; // virtual seconds per wall second from this step on; < 0: unchanged
    std::optional<QString> counters; // the counters view's filter ("compact"); unset: unchanged
};

// A presentation scenario, read from TOML (resources/demos/*.toml are built in as :/demos/NAME.toml):
//
//   title = "…"
//   [source]            # the workbench's own options: simulate, policy, compare, knob-b, host, seed, db…
//   compare = "vanilla,superpageblock"
//   speed = 30          # virtual seconds per wall second
//   [[step]]
//   caption = "…"
//   at = "20s"
//   knobs = { "vm.compaction_proactiveness" = 80 }
//   views = ["timelines", "counters"]
//   layout = "column"
//   counters = "compact"   # filter the counters table
//
// A relative file in [source] (db, or a workload .toml in simulate) is looked up next to the
// scenario file, then in the installed demo data (share/gigablock-workbench/demos).
struct DemoScenario
{
    QString title;
    QString fileName; // where it was read from, for error messages
    QStringList sourceArguments; // --compare vanilla,superpageblock --speed 30 …
    std::vector<DemoStep> steps;

    struct Loaded;
    // A built-in name ("vanilla-vs-gigablocks") or a file path.
    static Loaded open(const QString& nameOrPath);
    // Errors say "FILE:LINE: field: what". `baseDirectory`: where relative files are looked up first.
    static Loaded parse(const std::string& text, const QString& fileName, const QString& baseDirectory = {});
    static QStringList builtInNames();
    // Where the data the built-in scenarios refer to lives (recordings, workload files).
    static QStringList dataDirectories();
    static QStringList layouts();
    static constexpr const char* kDefault = "vanilla-vs-gigablocks";
};

struct DemoScenario::Loaded
{
    std::optional<DemoScenario> scenario;
    QString error;
};

} // namespace gbw
