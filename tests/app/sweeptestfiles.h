// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "storequery.h"

// Shared by the sweep CLI tests: files, a scratch directory, and reading the store back.
namespace sweeptest {

namespace fs = std::filesystem;

inline void write(const fs::path& path, const std::string& text)
{
    std::ofstream(path) << text;
}

inline std::string read(const fs::path& path)
{
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

using storetest::query;

// What must agree between two stores of the same sweep: every run's configuration and outcome.
inline std::string outcomes(const fs::path& db)
{
    return query(db, "SELECT id, config, ok, error, allocatable_1g_series FROM sweep_runs ORDER BY id")
        + query(db, "SELECT run_id, name, quote(value) FROM sweep_metrics ORDER BY 1, 2")
        + query(db, "SELECT run_id, \"order\", allocated, failed, stalls FROM sweep_orders ORDER BY 1, 2");
}

// A small sweep: 2 policies x 2 values x 1 seed on a 4 GiB host for 4 s, plus the same
// for a workload file that does not exist (those runs fail and are recorded).
constexpr const char* kSmallSweep = R"(policies = ["vanilla", "superpageblock"]
workloads = ["kernel-build", "missing-workload.toml"]
hosts = ["4G"]
seeds = [1]
duration = "4s"
[knobs]
"vm.compaction_proactiveness" = [0, 60]
)";

} // namespace sweeptest
