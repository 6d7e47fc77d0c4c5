// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "objective.h"
#include "sweeprunner.h"

namespace gbw {

// A knob value or metric as sweep reports show it: six significant digits (%g).
std::string shortNumber(double v);

// The indices of the points no other point dominates: none is at least as
// good in every objective and better in one. `maximize[j]` says which way
// objective j is better. Equal points do not dominate each other.
std::vector<std::size_t> paretoFront(const std::vector<std::vector<double>>& points, const std::vector<bool>& maximize);

// One setting of a workload: policy, host and knob values, its objectives
// averaged over the seeds that ran it.
struct SweepSetting
{
    std::string policy;
    std::string host;
    std::vector<std::pair<std::string, double>> knobs;
    std::vector<double> values; // per objective
    std::size_t seeds = 0;
    bool onFront = false;

    std::string label() const; // "superpageblock 16G vm.compaction_proactiveness=60"
};

// How one objective moves with one knob: its mean at each value of the knob
// over all other settings, and the change from the lowest value to the highest.
struct Sensitivity
{
    std::string knob; // "policy" for the policy
    std::size_t objective = 0;
    std::vector<std::pair<std::string, double>> levels; // value as text, mean
    double change = 0; // last level minus first
    double share = 0; // spread of the level means over the objective's spread (0..1)
};

struct Recommendation
{
    std::size_t setting = 0; // index into WorkloadAnalysis::settings
    std::size_t baseline = 0;
    std::string reason;
};

struct WorkloadAnalysis
{
    std::string workload;
    std::vector<Objective> objectives;
    std::vector<SweepSetting> settings;
    std::vector<std::size_t> front; // indices into settings
    std::vector<Sensitivity> sensitivities;
    Recommendation recommendation;
    std::size_t failedRuns = 0;

    std::string text() const;
};

// Per workload (in name order): the front, the sensitivities and a recommended
// setting. The recommendation is the front point with the best mean score over
// the objectives, each scaled from worst (0) to best (1) over the front (ties
// go to the setting nearest the kernel defaults);
// its reason compares it with the baseline, the setting with the kernel's
// defaults (vanilla where it ran), or else the first.
std::vector<WorkloadAnalysis> analyzeSweep(
    const std::vector<RunResult>& runs, const std::vector<Objective>& objectives);

} // namespace gbw
