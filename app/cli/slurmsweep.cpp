// SPDX-License-Identifier: GPL-3.0-or-later
#include "slurmsweep.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <sys/wait.h>

namespace {

// A word for bash in single quotes, so paths with spaces or $ survive.
std::string quoted(const std::string& text)
{
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

} // namespace

std::string arraySpec(const std::vector<std::size_t>& indices)
{
    std::string out;
    for (std::size_t i = 0; i < indices.size();) {
        std::size_t j = i;
        while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1)
            ++j;
        // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on "literal" + std::string.
        if (!out.empty())
            out += ',';
        out += std::to_string(indices[i]);
        if (j > i) {
            out += '-';
            out += std::to_string(indices[j]);
        }
        i = j + 1;
    }
    return out;
}

std::string SlurmBatch::script() const
{
    std::string s = "#!/bin/bash\n# Written by gigablock sweep --slurm: one array task per run of the sweep.\n";
    s += "#SBATCH --job-name=gigablock-sweep\n";
    s += "#SBATCH --array=" + arraySpec(indices) + "\n";
    s += "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n";
    s += "#SBATCH --chdir=" + workdir.string() + "\n";
    s += "#SBATCH --output=" + (runDir / "slurm-%A_%a.out").string() + "\n";
    if (!partition.empty())
        s += "#SBATCH --partition=" + partition + "\n";
    s += "set -euo pipefail\n";
    s += "exec " + quoted(gigablock.string()) + " sweep " + quoted(sweepFile.string());
    if (!workloadDir.empty())
        s += " --workload-dir " + quoted(workloadDir.string());
    s += " --run-index \"$SLURM_ARRAY_TASK_ID\" --out " + quoted(runDir.string())
        + "/run-\"$SLURM_ARRAY_TASK_ID\".json\n";
    return s;
}

std::optional<std::string> submitBatch(
    const std::string& sbatch, const std::filesystem::path& script, std::string* error)
{
    const std::string command = quoted(sbatch) + " --parsable " + quoted(script.string()) + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) {
        *error = "cannot run " + sbatch;
        return std::nullopt;
    }
    std::string output;
    std::array<char, 512> buffer;
    for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;)
        output.append(buffer.data(), n);
    const int status = pclose(pipe);
    while (!output.empty() && (output.back() == '\n' || output.back() == ' '))
        output.pop_back();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        *error = sbatch + " failed" + (output.empty() ? std::string() : ": " + output);
        return std::nullopt;
    }
    // --parsable prints "jobid" or "jobid;cluster"
    return output.substr(0, output.find(';'));
}

std::vector<std::filesystem::path> resultFiles(const std::filesystem::path& dir)
{
    std::vector<std::pair<std::size_t, std::filesystem::path>> found;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with("run-") || !name.ends_with(".json"))
            continue;
        const std::string number = name.substr(4, name.size() - 9);
        if (number.empty() || !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        found.emplace_back(std::stoull(number), entry.path());
    }
    std::sort(found.begin(), found.end());
    std::vector<std::filesystem::path> out;
    for (auto& [n, path] : found)
        out.push_back(std::move(path));
    return out;
}
