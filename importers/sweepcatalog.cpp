// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/sweepcatalog.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "importers/sqlitestatement.h"
#include "importers/sqlitestore.h"
#include "importers/sweepstore.h"
#include "sweep/sweepfile.h"

namespace gbw::importers {
namespace {

struct SweepRow
{
    std::string file;
    std::string text;
    std::string objectives;
    std::string startedAt;
};

// Newest first, each text once.
std::vector<SweepRow> sweepRows(SqliteStore& store)
{
    std::vector<SweepRow> rows;
    std::set<std::string> seen;
    SqliteStatement select(
        store.connection(), "SELECT file, text, objectives, started_at FROM sweeps ORDER BY id DESC");
    for (auto step = select.step(); step == SqliteStatement::Step::Row; step = select.step()) {
        SweepRow row {select.columnText(0), select.columnText(1), select.columnText(2), select.columnText(3)};
        if (seen.insert(row.text).second)
            rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<Objective> objectivesOf(const std::string& json)
{
    std::vector<Objective> out;
    for (const auto& o : nlohmann::json::parse(json, nullptr, false)) {
        if (o.is_array() && o.size() == 2 && o[0].is_string() && o[1].is_boolean())
            out.push_back({o[0].get<std::string>(), o[1].get<bool>()});
    }
    return out;
}

std::vector<Objective> defaults()
{
    std::vector<Objective> out;
    for (auto name : defaultObjectives())
        out.push_back({std::string(name), findMetric(name)->maximize});
    return out;
}

} // namespace

std::vector<SweepRuns> loadSweepCatalog(const std::string& path, std::string* error)
{
    auto store = SqliteStore::openExisting(path, *error);
    if (!store)
        return {};
    SweepStore sweeps(*store);
    const auto stored = sweeps.load(error);
    if (!error->empty())
        return {};
    if (stored.empty()) {
        *error = "holds no sweep runs (gigablock sweep FILE --db " + path + " makes some)";
        return {};
    }
    std::vector<SweepRuns> catalog;
    std::set<std::string> covered;
    for (const auto& row : sweepRows(*store)) {
        const auto parsed = SweepFileReader::parse(row.text, row.file);
        if (!parsed)
            continue; // a file this version no longer reads: its runs stay under "all runs"
        SweepRuns entry;
        entry.runs = runsOfSweep(*parsed.sweep, stored);
        entry.objectives = objectivesOf(row.objectives);
        const std::size_t expected = expandSweep(*parsed.sweep).size();
        std::string started = row.startedAt.substr(0, 16);
        std::replace(started.begin(), started.end(), 'T', ' ');
        entry.title = row.file + ", started " + started + " UTC, " + std::to_string(entry.runs.size()) + " of "
            + std::to_string(expected) + " runs stored";
        for (const auto& r : entry.runs)
            covered.insert(r.spec.canonical());
        catalog.push_back(std::move(entry));
    }
    if (catalog.size() != 1 || covered.size() < stored.size()) {
        SweepRuns all;
        all.runs = stored;
        all.objectives = catalog.empty() ? defaults() : catalog.front().objectives;
        all.title = "all " + std::to_string(stored.size()) + " runs in the store";
        catalog.push_back(std::move(all));
    }
    for (auto& entry : catalog) {
        if (entry.objectives.empty())
            entry.objectives = defaults();
    }
    return catalog;
}

bool holdsSweepsOnly(const std::string& path)
{
    std::string error;
    auto store = SqliteStore::openExisting(path, error);
    if (!store)
        return false;
    for (const auto& s : store->sessions()) {
        if (s.events > 0 && (s.format == "simulation" || s.format == "ftrace"))
            return false;
    }
    SqliteStatement count(store->connection(), "SELECT count(*) FROM sweep_runs");
    return count.step() == SqliteStatement::Step::Row && count.columnInt(0) > 0;
}

} // namespace gbw::importers
