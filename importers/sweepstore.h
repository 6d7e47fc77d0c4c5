// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sweep/objective.h"
#include "sweep/sweeprunner.h"

namespace gbw {
struct SweepFile;
}

namespace gbw::importers {

class SqliteStore;

// Sweep results in the recording store (schema v4, docs/schema.md): one row per run keyed
// by its configuration hash, its knobs, metrics and per-order counts beside it. Each save
// is one transaction, so an interrupted sweep keeps every run it finished. Used on the
// store's thread only.
class SweepStore
{
public:
    explicit SweepStore(SqliteStore& store);

    // Records that a sweep file was started; its objectives become the report's default.
    std::optional<std::int64_t> addSweep(const SweepFile& sweep, std::size_t runs, std::string* error);
    // Ids (RunSpec::id()) of the runs stored, failed ones included.
    std::set<std::string> storedIds(std::string* error) const;
    // Stores a run unless one with its id is there; false (and `error`) on a database error.
    bool save(const RunResult& result, std::optional<std::int64_t> sweepId, std::string* error);
    // Every stored run, ordered by workload, host, policy, then configuration.
    std::vector<RunResult> load(std::string* error) const;
    // Runs stored before run ids hashed the workload's contents (their configuration line has
    // no "workload_hash="): a resume cannot tell whether they are stale.
    std::size_t legacyRuns(std::string* error) const;
    // The objectives of the sweep started last; empty if none was.
    std::vector<Objective> objectives(std::string* error) const;

private:
    SqliteStore& m_store;
};

} // namespace gbw::importers
