// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

// The Slurm side of `gigablock sweep`: a job-array batch script with one task
// per run, each task running `gigablock sweep FILE --run-index N --out
// DIR/run-N.json`, and sbatch to submit it.
struct SlurmBatch
{
    std::filesystem::path gigablock; // absolute path of this binary
    std::filesystem::path sweepFile; // absolute; the copy in the run directory
    std::filesystem::path runDir; // absolute; results and logs go here
    std::filesystem::path workdir; // where relative workload paths resolve
    std::filesystem::path workloadDir; // --workload-dir, or empty
    std::string partition;
    std::vector<std::size_t> indices; // the runs to submit

    std::string script() const;
};

// "0-3,7,9-10": Slurm's --array syntax for sorted indices.
std::string arraySpec(const std::vector<std::size_t>& indices);

// Runs `sbatch --parsable SCRIPT`; the job id, or nullopt and `error` (with sbatch's output).
std::optional<std::string> submitBatch(
    const std::string& sbatch, const std::filesystem::path& script, std::string* error);

// The run-N.json result files in `dir`, sorted by N.
std::vector<std::filesystem::path> resultFiles(const std::filesystem::path& dir);
