// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "objective.h"
#include "sweeprunner.h"

namespace gbw {

struct SweepFile;

// One sweep of a store, as the sweep view offers it: its runs and the objectives its file names.
struct SweepRuns
{
    std::string title; // "tuning.toml, started 2026-11-26 00:10, 12 of 12 runs stored"
    std::vector<RunResult> runs;
    std::vector<Objective> objectives;
};

// The stored runs that belong to a sweep: for each run the file expands to, the stored run
// of the same setting (policy, workload, host, seed, duration, sample, knob values). A setting
// stored more than once (an edited workload file, or a store from before content ids) gives
// the run whose workload hash matches the file as it is now, else the first stored.
std::vector<RunResult> runsOfSweep(
    const SweepFile& sweep, const std::vector<RunResult>& stored, const std::filesystem::path& workloadDir = {});

// A run as a point of the scatter.
struct ScatterPoint
{
    std::size_t run = 0; // index into SweepScatter::runs()
    double x = 0;
    double y = 0;
    std::optional<double> colour; // the colour knob's value, if the run has that knob
    bool onFront = false;
};

struct ScatterPlot
{
    std::vector<ScatterPoint> points;
    std::vector<std::size_t> front; // indices into points, by ascending x: the line through the front
    std::optional<double> colourMin; // the colour knob's range over the points
    std::optional<double> colourMax;
    std::size_t notPlotted = 0; // failed runs and runs without one of the two metrics

    // Points with the same x and y (seeds or knobs that change nothing draw on top of each other).
    std::size_t distinctPositions() const;
    // The other points at point `i`'s position.
    std::vector<std::size_t> samePosition(std::size_t i) const;
};

// The sweep view's data, without Qt: the runs of one sweep over any two of their metrics,
// the Pareto front of those two (paretoFront() of sweepanalysis.h), and a knob to colour by.
class SweepScatter
{
public:
    SweepScatter() = default;
    SweepScatter(std::vector<RunResult> runs, std::vector<Objective> objectives);

    const std::vector<RunResult>& runs() const
    {
        return m_runs;
    }
    const std::vector<Objective>& objectives() const
    {
        return m_objectives;
    }
    // What the axes can show: the sweep's objectives (with their direction) first, then every
    // other metric the successful runs have, in knownMetrics() order and direction.
    std::vector<Objective> axes() const;
    // Knob names over all runs, sorted; the ones whose value varies first.
    std::vector<std::string> knobs() const;
    // The workloads of the runs, sorted; a front is only meaningful within one.
    std::vector<std::string> workloads() const;

    // The successful runs of `workload` (empty: all) over x and y, in run order, coloured by
    // `colourKnob` (empty: none), the front of the two objectives marked.
    ScatterPlot plot(
        const Objective& x, const Objective& y, const std::string& colourKnob, const std::string& workload = {}) const;

    // A run's configuration and its values, one item a line, for a tooltip.
    std::string describe(std::size_t run, const std::vector<Objective>& shown) const;

private:
    std::vector<RunResult> m_runs;
    std::vector<Objective> m_objectives;
};

} // namespace gbw
