// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweepanalysis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "model/appendf.h"
#include "sim/knobs.h"

namespace gbw {
namespace {

bool better(double a, double b, bool maximize)
{
    return maximize ? a > b : a < b;
}

bool dominates(const std::vector<double>& a, const std::vector<double>& b, const std::vector<bool>& maximize)
{
    bool strictly = false;
    for (std::size_t j = 0; j < a.size(); ++j) {
        if (better(b[j], a[j], maximize[j]))
            return false;
        strictly = strictly || better(a[j], b[j], maximize[j]);
    }
    return strictly;
}

std::string settingKey(const RunResult& r)
{
    std::string key = r.spec.policy + "|" + std::to_string(r.spec.hostBytes);
    for (const auto& [name, value] : r.spec.knobs)
        key += "|" + name + "=" + shortNumber(value);
    return key;
}

std::vector<SweepSetting> settingsOf(
    const std::vector<const RunResult*>& runs, const std::vector<Objective>& objectives)
{
    std::map<std::string, std::size_t> index;
    std::vector<SweepSetting> settings;
    for (const RunResult* r : runs) {
        auto [it, added] = index.emplace(settingKey(*r), settings.size());
        if (added)
            settings.push_back(
                {r->spec.policy, r->spec.host, r->spec.knobs, std::vector<double>(objectives.size()), 0});
        auto& s = settings[it->second];
        for (std::size_t j = 0; j < objectives.size(); ++j)
            s.values[j] += r->outcome.metric(objectives[j].metric).value_or(0);
        ++s.seeds;
    }
    for (auto& s : settings) {
        for (auto& v : s.values)
            v /= double(s.seeds);
    }
    return settings;
}

// A factor's value in a setting as text: the policy, or a knob's number.
std::string levelOf(const SweepSetting& s, const std::string& factor)
{
    if (factor == "policy")
        return s.policy;
    for (const auto& [name, value] : s.knobs) {
        if (name == factor)
            return shortNumber(value);
    }
    return "-";
}

std::vector<Sensitivity> sensitivitiesOf(const WorkloadAnalysis& a)
{
    std::vector<std::string> factors {"policy"};
    if (!a.settings.empty()) {
        for (const auto& k : a.settings.front().knobs)
            factors.push_back(k.first);
    }
    std::vector<Sensitivity> out;
    for (const auto& factor : factors) {
        for (std::size_t j = 0; j < a.objectives.size(); ++j) {
            std::vector<std::pair<std::string, std::pair<double, int>>> levels; // in first-seen order
            double lo = HUGE_VAL, hi = -HUGE_VAL;
            for (const auto& s : a.settings) {
                lo = std::min(lo, s.values[j]);
                hi = std::max(hi, s.values[j]);
                const auto level = levelOf(s, factor);
                auto it = std::find_if(levels.begin(), levels.end(), [&](const auto& l) { return l.first == level; });
                if (it == levels.end())
                    it = levels.insert(levels.end(), {level, {0.0, 0}});
                it->second.first += s.values[j];
                ++it->second.second;
            }
            if (levels.size() < 2)
                continue;
            if (factor != "policy") { // knob levels in numeric order
                std::sort(levels.begin(), levels.end(),
                    [](const auto& x, const auto& y) { return std::stod(x.first) < std::stod(y.first); });
            }
            Sensitivity s {factor, j, {}, 0, 0};
            double least = HUGE_VAL, most = -HUGE_VAL;
            for (const auto& [level, sum] : levels) {
                const double mean = sum.first / sum.second;
                s.levels.emplace_back(level, mean);
                least = std::min(least, mean);
                most = std::max(most, mean);
            }
            s.change = s.levels.back().second - s.levels.front().second;
            s.share = hi > lo ? (most - least) / (hi - lo) : 0;
            out.push_back(std::move(s));
        }
    }
    return out;
}

// How much a setting is the kernel's default: knobs at their default count most, vanilla a little.
int defaultness(const SweepSetting& setting)
{
    const KnobSet defaults;
    int score = setting.policy == "vanilla" ? 1 : 0;
    for (const auto& [name, value] : setting.knobs)
        score += value == defaults.value(name) ? 2 : 0;
    return score;
}

std::size_t baselineOf(const std::vector<SweepSetting>& settings)
{
    std::size_t best = 0;
    int bestScore = -1;
    for (std::size_t i = 0; i < settings.size(); ++i) {
        const int score = defaultness(settings[i]);
        if (score > bestScore) {
            best = i;
            bestScore = score;
        }
    }
    return best;
}

std::string change(double from, double to)
{
    char text[64];
    if (from == to)
        return "unchanged";
    if (from != 0)
        std::snprintf(text, sizeof text, "%+.0f %%", (to - from) / std::fabs(from) * 100);
    else
        std::snprintf(text, sizeof text, "%+g (from 0)", to);
    return text;
}

Recommendation recommend(const WorkloadAnalysis& a)
{
    Recommendation rec;
    rec.baseline = baselineOf(a.settings);
    std::vector<double> lo(a.objectives.size(), HUGE_VAL), hi(a.objectives.size(), -HUGE_VAL);
    // Scaled over the front only: a dominated outlier must not tilt the choice.
    for (std::size_t i : a.front) {
        const auto& s = a.settings[i];
        for (std::size_t j = 0; j < s.values.size(); ++j) {
            lo[j] = std::min(lo[j], s.values[j]);
            hi[j] = std::max(hi[j], s.values[j]);
        }
    }
    double bestScore = -1;
    for (std::size_t i : a.front) {
        double score = 0;
        for (std::size_t j = 0; j < a.objectives.size(); ++j) {
            const double scaled = hi[j] > lo[j] ? (a.settings[i].values[j] - lo[j]) / (hi[j] - lo[j]) : 1;
            score += a.objectives[j].maximize ? scaled : 1 - scaled;
        }
        // Equal scores: the setting that changes less from the defaults.
        const bool tie = std::fabs(score - bestScore) <= 1e-12;
        if (score > bestScore + 1e-12 || (tie && defaultness(a.settings[i]) > defaultness(a.settings[rec.setting]))) {
            bestScore = score;
            rec.setting = i;
        }
    }
    const auto& chosen = a.settings[rec.setting];
    const auto& base = a.settings[rec.baseline];
    rec.reason = chosen.label() + ": ";
    for (std::size_t j = 0; j < a.objectives.size(); ++j) {
        rec.reason += (j ? ", " : "") + a.objectives[j].metric + " " + change(base.values[j], chosen.values[j]);
    }
    rec.reason += rec.setting == rec.baseline ? " (this is the baseline)" : " against " + base.label();
    return rec;
}

} // namespace

std::string shortNumber(double v)
{
    std::string text;
    appendf(text, "%g", v);
    return text;
}

std::vector<std::size_t> paretoFront(const std::vector<std::vector<double>>& points, const std::vector<bool>& maximize)
{
    std::vector<std::size_t> front;
    for (std::size_t i = 0; i < points.size(); ++i) {
        bool dominated = false;
        for (std::size_t k = 0; k < points.size() && !dominated; ++k)
            dominated = k != i && dominates(points[k], points[i], maximize);
        if (!dominated)
            front.push_back(i);
    }
    return front;
}

std::string SweepSetting::label() const
{
    std::string text = policy + " " + host;
    for (const auto& [name, value] : knobs)
        text += " " + name + "=" + shortNumber(value);
    return text;
}

std::vector<WorkloadAnalysis> analyzeSweep(const std::vector<RunResult>& runs, const std::vector<Objective>& objectives)
{
    std::map<std::string, std::vector<const RunResult*>> byWorkload;
    std::map<std::string, std::size_t> failures;
    for (const auto& r : runs) {
        if (r.ok)
            byWorkload[r.spec.workload].push_back(&r);
        else
            ++failures[r.spec.workload];
    }
    std::vector<WorkloadAnalysis> out;
    for (const auto& [workload, list] : byWorkload) {
        WorkloadAnalysis a;
        a.workload = workload;
        a.objectives = objectives;
        a.failedRuns = failures[workload];
        a.settings = settingsOf(list, objectives);
        std::vector<std::vector<double>> points;
        for (const auto& s : a.settings)
            points.push_back(s.values);
        std::vector<bool> maximize;
        for (const auto& o : objectives)
            maximize.push_back(o.maximize);
        a.front = paretoFront(points, maximize);
        for (auto i : a.front)
            a.settings[i].onFront = true;
        a.sensitivities = sensitivitiesOf(a);
        a.recommendation = recommend(a);
        out.push_back(std::move(a));
    }
    for (const auto& [workload, count] : failures) {
        if (!byWorkload.contains(workload)) {
            WorkloadAnalysis a;
            a.workload = workload;
            a.objectives = objectives;
            a.failedRuns = count;
            out.push_back(std::move(a));
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.workload < y.workload; });
    return out;
}

std::string WorkloadAnalysis::text() const
{
    std::string out = "Workload " + workload + ": " + std::to_string(settings.size()) + " settings";
    appendf(out, ", %zu failed runs\n", failedRuns);
    if (settings.empty())
        return out + "  no successful runs\n";
    out += "  Pareto front (" + std::to_string(front.size()) + " of " + std::to_string(settings.size()) + "):\n";
    for (auto i : front) {
        out += "    " + settings[i].label() + ":";
        for (std::size_t j = 0; j < objectives.size(); ++j)
            appendf(out, "%s %s %g", j ? "," : "", objectives[j].metric.c_str(), settings[i].values[j]);
        appendf(out, " (%zu seeds)\n", settings[i].seeds);
    }
    out += "  Sensitivity (mean of the objective at each value; share of its spread):\n";
    for (const auto& s : sensitivities) {
        out += "    " + s.knob + " -> " + objectives[s.objective].metric + ":";
        for (const auto& [level, mean] : s.levels)
            appendf(out, " %s: %g", level.c_str(), mean);
        appendf(out, "  (change %+g, %.0f %% of spread)\n", s.change, s.share * 100);
    }
    out += "  Recommended: " + recommendation.reason + "\n";
    return out;
}

} // namespace gbw
