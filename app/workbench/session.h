// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace gbw {

// A saved workbench session (.gbsession, JSON): what to open and how to look at it. The source is
// kept as the workbench's own options (e.g. {"simulate": "syzkaller", "host": "64G"}) so that
// opening a session checks it exactly as the command line would.
struct Session
{
    static constexpr int kVersion = 1;
    static constexpr const char* kFormat = "gigablock-workbench-session";
    static constexpr std::uint32_t kNone = ~std::uint32_t(0);

    QStringList sourceArguments; // --simulate syzkaller --host 64G …
    std::vector<std::pair<std::string, double>> knobs; // values that differ from the defaults
    QStringList visibleViews; // view names (WorkbenchOptions::viewNames) whose docks are shown
    std::uint32_t gigablock = kNone;
    std::uint32_t pageblock = kNone;
    std::pair<double, double> timeRange = {0, 0}; // the timelines' zoom; empty: follow the run
    std::pair<double, double> brush = {0, 0}; // the time brush (SimulationState); empty: whole run
    QByteArray layout; // QMainWindow::saveState, optional

    std::string toJson() const;
    // The error names the field, e.g. "selection.gigablock: expected a non-negative integer".
    struct Loaded;
    static Loaded fromJson(const std::string& text);
    static Loaded load(const QString& path);
    QString save(const QString& path) const; // empty on success
    // The command line that starts the source with these knobs and this selection.
    QStringList arguments() const;
};

struct Session::Loaded
{
    std::optional<Session> session;
    QString error;
};

} // namespace gbw
