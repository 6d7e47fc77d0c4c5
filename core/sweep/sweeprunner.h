// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "runoutcome.h"
#include "runspec.h"

namespace gbw {

// A finished run: its outcome, or the error that stopped it.
struct RunResult
{
    RunSpec spec;
    bool ok = false;
    std::string error;
    RunOutcome outcome;
    double wallSeconds = 0; // the run's own time, on its thread

    void toJson(nlohmann::json& out) const;
    static RunResult fromJson(const nlohmann::json& in); // throws nlohmann::json::exception
};

// One run on its own Engine, on the calling thread (and with requestsAhead,
// its requests made on a second one). Never throws: a bad workload, a knob
// the engine refuses or an exception becomes the error.
RunResult executeRun(const RunSpec& spec, const std::filesystem::path& workloadDir = {}, bool requestsAhead = true);

struct SweepProgress
{
    std::size_t done = 0;
    std::size_t total = 0;
    std::size_t failed = 0;
    double elapsedSeconds = 0;
    double etaSeconds = 0; // from the mean wall time per run so far
};

// Runs a list of runs on a pool of threads, each run an independent Engine
// (engines share nothing), and hands every result to one callback on the
// calling thread, so whatever stores results needs no locking.
class SweepRunner
{
public:
    using Execute = std::function<RunResult(const RunSpec&)>;
    using OnResult = std::function<void(RunResult&&)>;
    using OnProgress = std::function<void(const SweepProgress&)>;

    // `jobs` 0: one per hardware thread.
    explicit SweepRunner(unsigned jobs = 0, Execute execute = {});
    // Runs at a time for a `jobs` setting: 0 means one per hardware thread.
    static unsigned jobsFor(unsigned jobs);
    // Whether each run makes its requests ahead on a second thread: only if
    // it has the machine to itself, as runs one per core already fill it.
    static bool requestsAheadFor(unsigned jobs)
    {
        return jobsFor(jobs) == 1;
    }

    unsigned jobs() const
    {
        return m_jobs;
    }
    // Set from anywhere (a signal handler) to stop handing out runs; runs in
    // flight finish and are reported.
    void setCancel(const std::atomic<bool>* cancel)
    {
        m_cancel = cancel;
    }
    // Returns when every run was reported (or, after a cancel, every started one).
    void run(const std::vector<RunSpec>& runs, const OnResult& onResult, const OnProgress& onProgress = {});

private:
    unsigned m_jobs;
    Execute m_execute;
    const std::atomic<bool>* m_cancel = nullptr;
};

} // namespace gbw
