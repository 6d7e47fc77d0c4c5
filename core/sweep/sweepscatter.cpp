// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweepscatter.h"

#include <algorithm>
#include <map>
#include <set>

#include "sweepanalysis.h"
#include "sweepfile.h"

namespace gbw {
namespace {

std::optional<double> knobOf(const RunSpec& spec, const std::string& name)
{
    for (const auto& [knob, value] : spec.knobs) {
        if (knob == name)
            return value;
    }
    return std::nullopt;
}

} // namespace

std::vector<RunResult> runsOfSweep(
    const SweepFile& sweep, const std::vector<RunResult>& stored, const std::filesystem::path& workloadDir)
{
    std::multimap<std::string, const RunResult*> bySetting;
    for (const auto& r : stored)
        bySetting.emplace(r.spec.setting(), &r);
    std::vector<RunResult> runs;
    for (const auto& spec : expandSweep(sweep, workloadDir)) {
        const auto [first, last] = bySetting.equal_range(spec.setting());
        if (first == last)
            continue;
        const RunResult* chosen = first->second;
        for (auto it = first; it != last; ++it) {
            if (it->second->spec.workloadHash == spec.workloadHash)
                chosen = it->second;
        }
        runs.push_back(*chosen);
        runs.back().spec.index = spec.index;
    }
    return runs;
}

std::size_t ScatterPlot::distinctPositions() const
{
    std::set<std::pair<double, double>> positions;
    for (const auto& p : points)
        positions.emplace(p.x, p.y);
    return positions.size();
}

std::vector<std::size_t> ScatterPlot::samePosition(std::size_t i) const
{
    std::vector<std::size_t> others;
    for (std::size_t j = 0; j < points.size(); ++j) {
        if (j != i && points[j].x == points[i].x && points[j].y == points[i].y)
            others.push_back(j);
    }
    return others;
}

SweepScatter::SweepScatter(std::vector<RunResult> runs, std::vector<Objective> objectives)
    : m_runs(std::move(runs))
    , m_objectives(std::move(objectives))
{}

std::vector<Objective> SweepScatter::axes() const
{
    std::set<std::string> present;
    for (const auto& r : m_runs) {
        if (!r.ok)
            continue;
        for (const auto& [name, value] : r.outcome.metrics)
            present.insert(name);
    }
    std::vector<Objective> axes;
    for (const auto& o : m_objectives) {
        if (present.contains(o.metric))
            axes.push_back(o);
    }
    for (const auto& info : knownMetrics()) {
        const std::string name(info.name);
        const bool listed = std::any_of(axes.begin(), axes.end(), [&](const Objective& o) { return o.metric == name; });
        if (present.contains(name) && !listed)
            axes.push_back({name, info.maximize});
    }
    return axes;
}

std::vector<std::string> SweepScatter::knobs() const
{
    std::map<std::string, std::set<double>> values;
    for (const auto& r : m_runs) {
        for (const auto& [name, value] : r.spec.knobs)
            values[name].insert(value);
    }
    std::vector<std::string> varying, fixed;
    for (const auto& [name, set] : values)
        (set.size() > 1 ? varying : fixed).push_back(name);
    varying.insert(varying.end(), fixed.begin(), fixed.end());
    return varying;
}

std::vector<std::string> SweepScatter::workloads() const
{
    std::set<std::string> names;
    for (const auto& r : m_runs)
        names.insert(r.spec.workload);
    return {names.begin(), names.end()};
}

ScatterPlot SweepScatter::plot(
    const Objective& x, const Objective& y, const std::string& colourKnob, const std::string& workload) const
{
    ScatterPlot plot;
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        const auto& r = m_runs[i];
        if (!workload.empty() && r.spec.workload != workload)
            continue;
        const auto vx = r.outcome.metric(x.metric);
        const auto vy = r.outcome.metric(y.metric);
        if (!r.ok || !vx || !vy) {
            ++plot.notPlotted;
            continue;
        }
        ScatterPoint p {i, *vx, *vy, colourKnob.empty() ? std::nullopt : knobOf(r.spec, colourKnob), false};
        if (p.colour) {
            plot.colourMin = std::min(plot.colourMin.value_or(*p.colour), *p.colour);
            plot.colourMax = std::max(plot.colourMax.value_or(*p.colour), *p.colour);
        }
        plot.points.push_back(p);
    }
    // The front is sweepanalysis's, over the two objectives shown: no second definition of it.
    std::vector<std::vector<double>> values;
    for (const auto& p : plot.points)
        values.push_back({p.x, p.y});
    plot.front = paretoFront(values, {x.maximize, y.maximize});
    for (auto f : plot.front)
        plot.points[f].onFront = true;
    std::stable_sort(plot.front.begin(), plot.front.end(), [&](std::size_t a, std::size_t b) {
        return plot.points[a].x < plot.points[b].x
            || (plot.points[a].x == plot.points[b].x && plot.points[a].y < plot.points[b].y);
    });
    return plot;
}

std::string SweepScatter::describe(std::size_t run, const std::vector<Objective>& shown) const
{
    const auto& r = m_runs.at(run);
    const auto& s = r.spec;
    std::string text = "run " + std::to_string(s.index) + ": " + s.policy + ", workload " + s.workload + ", host "
        + s.host + ", seed " + std::to_string(s.seed) + ", " + shortNumber(s.durationSeconds) + " s";
    for (const auto& [name, value] : s.knobs)
        text += "\n" + name + " = " + shortNumber(value);
    if (!r.ok)
        return text + "\nfailed: " + r.error;
    for (const auto& o : shown) {
        if (const auto v = r.outcome.metric(o.metric))
            text += "\n" + o.metric + (o.maximize ? " (more is better): " : " (less is better): ") + shortNumber(*v);
    }
    return text;
}

} // namespace gbw
