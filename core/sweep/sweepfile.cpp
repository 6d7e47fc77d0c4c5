// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweepfile.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "model/hostconfig.h"
#include "policy/policy.h"
#include "sim/knobs.h"
#include "sim/random.h"
#include "sim/workloadfile.h"

static_assert(TOML_EXCEPTIONS, "sweepfile.cpp expects toml++ with exceptions");

namespace gbw {
namespace {

// Where the file is wrong; thrown while reading, caught once in parse().
struct Problem
{
    std::uint32_t line = 0;
    std::string key;
    std::string message;
};

constexpr std::size_t kMaxRuns = 1'000'000;
constexpr std::size_t kMaxValuesPerKnob = 10'000;

[[noreturn]] void fail(const toml::node& at, std::string key, std::string message)
{
    throw Problem {at.source().begin.line, std::move(key), std::move(message)};
}

std::string describe(const toml::node& node)
{
    if (auto s = node.as_string())
        return "\"" + s->get() + "\"";
    if (auto i = node.as_integer())
        return std::to_string(i->get());
    if (auto f = node.as_floating_point()) {
        std::ostringstream text;
        text << f->get();
        return text.str();
    }
    if (node.is_boolean())
        return node.as_boolean()->get() ? "true" : "false";
    return node.is_table() ? "a table" : node.is_array() ? "a list" : "a date or time";
}

[[noreturn]] void failGot(const toml::node& at, std::string key, std::string_view expected)
{
    fail(at, std::move(key), std::string(expected) + ", got " + describe(at));
}

std::string joined(const std::vector<std::string_view>& names)
{
    std::string out;
    for (auto n : names)
        out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

const toml::array& requireList(const toml::table& root, std::string_view key)
{
    const toml::node* node = root.get(key);
    if (!node)
        throw Problem {0, std::string(key), "missing"};
    const toml::array* list = node->as_array();
    if (!list)
        failGot(*node, std::string(key), "must be a list");
    if (list->empty())
        fail(*node, std::string(key), "must not be empty");
    return *list;
}

std::string itemKey(std::string_view key, std::size_t i)
{
    return std::string(key) + "[" + std::to_string(i) + "]";
}

std::vector<std::string> readStrings(const toml::table& root, std::string_view key)
{
    std::vector<std::string> out;
    const auto& list = requireList(root, key);
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto* s = list.get(i)->as_string();
        if (!s || s->get().empty())
            failGot(*list.get(i), itemKey(key, i), "must be a non-empty string");
        if (std::find(out.begin(), out.end(), s->get()) != out.end())
            fail(*list.get(i), itemKey(key, i), "\"" + s->get() + "\" is listed twice");
        out.push_back(s->get());
    }
    return out;
}

std::vector<std::string> readPolicies(const toml::table& root)
{
    auto policies = readStrings(root, "policies");
    const auto known = policyNames();
    const auto& list = *root.get("policies")->as_array();
    for (std::size_t i = 0; i < policies.size(); ++i) {
        if (std::find(known.begin(), known.end(), policies[i]) == known.end())
            failGot(*list.get(i), itemKey("policies", i), "must be one of " + joined(known));
    }
    return policies;
}

std::vector<std::string> readHosts(const toml::table& root)
{
    const auto& list = requireList(root, "hosts");
    std::vector<std::string> hosts;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto* s = list.get(i)->as_string();
        std::string why = "not a string";
        if (!s || parseSize(s->get(), &why) < (std::uint64_t(1) << 30))
            failGot(*list.get(i), itemKey("hosts", i),
                "must be a memory size of at least 1G such as \"16G\" or \"1T\" (" + why + ")");
        hosts.push_back(s->get());
    }
    return hosts;
}

std::vector<std::uint64_t> readSeeds(const toml::table& root)
{
    const auto& list = requireList(root, "seeds");
    std::vector<std::uint64_t> seeds;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto* n = list.get(i)->as_integer();
        if (!n || n->get() < 0)
            failGot(*list.get(i), itemKey("seeds", i), "must be a non-negative whole number");
        seeds.push_back(std::uint64_t(n->get()));
    }
    return seeds;
}

double readDuration(const toml::table& root, std::string_view key, std::optional<double> fallback)
{
    const toml::node* node = root.get(key);
    if (!node) {
        if (fallback)
            return *fallback;
        throw Problem {0, std::string(key), "missing"};
    }
    std::optional<double> seconds;
    if (auto s = node->as_string())
        seconds = parseDuration(s->get());
    if (!seconds || *seconds <= 0)
        failGot(*node, std::string(key), R"(must be a duration above zero such as "30s", "2m" or "1h")");
    return *seconds;
}

std::optional<double> numberOf(const toml::node* node)
{
    if (!node)
        return std::nullopt;
    if (auto i = node->as_integer())
        return double(i->get());
    if (auto f = node->as_floating_point())
        return std::isfinite(f->get()) ? std::optional(f->get()) : std::nullopt;
    return std::nullopt;
}

double requireNumber(const toml::table& table, const std::string& key, std::string_view field)
{
    const auto* node = table.get(field);
    if (!node)
        fail(table, key + "." + std::string(field), "missing");
    const auto value = numberOf(node);
    if (!value)
        failGot(*node, key + "." + std::string(field), "must be a number");
    return *value;
}

void checkValue(const Knob& knob, double value, const toml::node& at, const std::string& key)
{
    if (!(value >= knob.min && value <= knob.max)) {
        std::ostringstream text;
        text << "must be between " << knob.min << " and " << knob.max << ", got " << value;
        fail(at, key, text.str());
    }
    if (knob.integer && value != std::floor(value)) {
        std::ostringstream text;
        text << "takes whole numbers, got " << value;
        fail(at, key, text.str());
    }
}

// { from, to, step }: from, from + step, ... while not past `to` (a tiny
// tolerance keeps 0.1 steps from losing the last value to rounding).
std::vector<double> readRange(const toml::table& table, const std::string& key)
{
    const double from = requireNumber(table, key, "from");
    const double to = requireNumber(table, key, "to");
    if (to < from)
        fail(*table.get("to"), key + ".to", "must not be below from");
    if (table.contains("samples")) {
        const auto* n = table.get("samples")->as_integer();
        if (!n || n->get() < 1 || std::size_t(n->get()) > kMaxValuesPerKnob)
            failGot(*table.get("samples"), key + ".samples",
                "must be a whole number from 1 to " + std::to_string(kMaxValuesPerKnob));
        std::uint64_t seed = 1;
        if (const auto* s = table.get("seed")) {
            if (!s->as_integer() || s->as_integer()->get() < 0)
                failGot(*s, key + ".seed", "must be a non-negative whole number");
            seed = std::uint64_t(s->as_integer()->get());
        }
        Random random(seed);
        std::vector<double> values;
        for (std::int64_t i = 0; i < n->get(); ++i)
            values.push_back(from + (to - from) * random.unit());
        return values;
    }
    const double step = requireNumber(table, key, "step");
    if (step <= 0)
        failGot(*table.get("step"), key + ".step", "must be above zero");
    const double count = std::floor((to - from) / step + 1e-9) + 1;
    if (count > double(kMaxValuesPerKnob))
        fail(*table.get("step"), key + ".step",
            "gives " + std::to_string(std::uint64_t(count)) + " values; at most " + std::to_string(kMaxValuesPerKnob)
                + " are allowed");
    std::vector<double> values;
    for (std::size_t i = 0; i < std::size_t(count); ++i)
        values.push_back(from + double(i) * step);
    return values;
}

KnobAxis readAxis(const Knob& knob, const toml::node& node, const std::string& key)
{
    KnobAxis axis {knob.name, {}};
    if (const auto* list = node.as_array()) {
        if (list->empty())
            fail(node, key, "must not be empty");
        for (std::size_t i = 0; i < list->size(); ++i) {
            const auto value = numberOf(list->get(i));
            if (!value)
                failGot(*list->get(i), itemKey(key, i), "must be a number");
            checkValue(knob, *value, *list->get(i), itemKey(key, i));
            axis.values.push_back(*value);
        }
        return axis;
    }
    const auto* table = node.as_table();
    if (!table)
        failGot(node, key,
            "must be a list of values, a range { from, to, step } or a sample { from, to, samples = N, seed }");
    for (auto&& [field, value] : *table) {
        const std::string_view f = field.str();
        if (f != "from" && f != "to" && f != "step" && f != "samples" && f != "seed")
            throw Problem {field.source().begin.line, key + "." + std::string(f),
                "unknown key; known keys: from, to, step, samples, seed"};
    }
    if (table->contains("step") == table->contains("samples"))
        fail(node, key, "a range needs either step (a grid) or samples (random values), not both or neither");
    const bool sampled = table->contains("samples");
    axis.values = readRange(*table, key);
    for (auto& v : axis.values) {
        if (sampled && knob.integer)
            v = std::round(v);
        checkValue(knob, v, node, key);
    }
    if (sampled && knob.integer) { // rounding may repeat values; a repeated run adds nothing
        std::vector<double> unique;
        for (double v : axis.values) {
            if (std::find(unique.begin(), unique.end(), v) == unique.end())
                unique.push_back(v);
        }
        axis.values = std::move(unique);
    }
    return axis;
}

std::vector<KnobAxis> readKnobs(const toml::table& root)
{
    std::vector<KnobAxis> axes;
    const toml::node* node = root.get("knobs");
    if (!node)
        return axes;
    const auto* table = node->as_table();
    if (!table)
        failGot(*node, "knobs", "must be a table such as [knobs] \"vm.compaction_proactiveness\" = [0, 20]");
    const KnobSet known;
    for (auto&& [name, value] : *table) {
        // A named copy: clang 14 cannot capture a structured binding.
        const std::string knobName(name.str());
        const std::string key = "knobs." + knobName;
        const auto it
            = std::find_if(known.all().begin(), known.all().end(), [&](const Knob& k) { return k.name == knobName; });
        if (it == known.all().end()) {
            std::string names;
            for (const auto& k : known.all())
                names += (names.empty() ? "" : ", ") + k.name;
            throw Problem {name.source().begin.line, key, "unknown knob; known knobs: " + names};
        }
        axes.push_back(readAxis(*it, value, key));
    }
    std::sort(axes.begin(), axes.end(), [](const KnobAxis& a, const KnobAxis& b) { return a.name < b.name; });
    return axes;
}

Objective readObjective(const toml::node& node, const std::string& key)
{
    const auto* s = node.as_string();
    if (!s)
        failGot(node, key, "must be a metric name such as \"allocatable_1g\" or \"min:compaction_seconds\"");
    std::string_view text = s->get();
    std::optional<bool> maximize;
    if (text.starts_with("max:") || text.starts_with("min:")) {
        maximize = text.starts_with("max:");
        text.remove_prefix(4);
    }
    const auto metric = findMetric(text);
    if (!metric) {
        std::string names;
        for (const auto& m : knownMetrics())
            names += (names.empty() ? "" : ", ") + std::string(m.name);
        failGot(node, key, "must be one of " + names + " (optionally prefixed max: or min:)");
    }
    return Objective {std::string(metric->name), maximize.value_or(metric->maximize)};
}

std::vector<Objective> readObjectives(const toml::table& root)
{
    std::vector<Objective> objectives;
    if (!root.contains("objectives")) {
        for (auto name : defaultObjectives())
            objectives.push_back({std::string(name), findMetric(name)->maximize});
        return objectives;
    }
    const auto& list = requireList(root, "objectives");
    for (std::size_t i = 0; i < list.size(); ++i) {
        auto objective = readObjective(*list.get(i), itemKey("objectives", i));
        for (const auto& o : objectives) {
            if (o.metric == objective.metric)
                fail(*list.get(i), itemKey("objectives", i), "\"" + o.metric + "\" is listed twice");
        }
        objectives.push_back(std::move(objective));
    }
    return objectives;
}

void checkTopLevel(const toml::table& root)
{
    constexpr std::string_view known[]
        = {"policies", "workloads", "hosts", "seeds", "duration", "sample", "knobs", "objectives"};
    for (auto&& [key, node] : root) {
        if (std::find(std::begin(known), std::end(known), key.str()) == std::end(known))
            throw Problem {key.source().begin.line, std::string(key.str()),
                "unknown key; known keys: policies, workloads, hosts, seeds, duration, sample, knobs, objectives"};
    }
}

SweepFile readSweep(const toml::table& root)
{
    checkTopLevel(root);
    SweepFile sweep;
    sweep.policies = readPolicies(root);
    sweep.workloads = readStrings(root, "workloads");
    sweep.hosts = readHosts(root);
    sweep.seeds = readSeeds(root);
    sweep.durationSeconds = readDuration(root, "duration", std::nullopt);
    sweep.sampleSeconds = readDuration(root, "sample", 1.0);
    sweep.knobs = readKnobs(root);
    sweep.objectives = readObjectives(root);
    double runs = double(sweep.policies.size() * sweep.workloads.size() * sweep.hosts.size() * sweep.seeds.size());
    for (const auto& axis : sweep.knobs)
        runs *= double(axis.values.size());
    if (runs > double(kMaxRuns))
        fail(root, "knobs",
            "the sweep expands to " + std::to_string(std::uint64_t(runs)) + " runs; at most " + std::to_string(kMaxRuns)
                + " are allowed");
    return sweep;
}

std::string where(std::string_view fileName, std::uint32_t line)
{
    return std::string(fileName) + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": ";
}

} // namespace

SweepFileResult SweepFileReader::parse(std::string_view text, std::string_view fileName)
{
    try {
        const toml::table root = toml::parse(text, fileName);
        SweepFile sweep = readSweep(root);
        sweep.name = std::string(fileName);
        sweep.text = std::string(text);
        return {std::move(sweep), {}};
    } catch (const toml::parse_error& error) {
        return {std::nullopt,
            where(fileName, error.source().begin.line) + "syntax error: " + std::string(error.description())};
    } catch (const Problem& problem) {
        return {std::nullopt, where(fileName, problem.line) + problem.key + ": " + problem.message};
    }
}

SweepFileResult SweepFileReader::read(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return {std::nullopt, path.string() + ": cannot be read"};
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path.string());
}

} // namespace gbw
