// SPDX-License-Identifier: GPL-3.0-or-later
#include "comparecommand.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engineoptions.h"
#include "policy/policy.h"
#include "progressbar.h"
#include "sim/enginereport.h"
#include "sim/workloadfile.h"

namespace {

struct CompareOptions
{
    EngineOptions engine;
    std::string policies = "vanilla,superpageblock,gigablock-bitmap";
    std::string jsonFile;
};

std::vector<std::string> split(const std::string& list)
{
    std::vector<std::string> out;
    std::stringstream in(list);
    for (std::string item; std::getline(in, item, ',');) {
        if (!item.empty())
            out.push_back(item);
    }
    return out;
}

// One row of the table: a name and a value per policy.
struct Row
{
    const char* name;
    double (*value)(const gbw::EngineReport&);
};

const Row kRows[] = {
    {"tainted gigablocks at the end",
        [](const gbw::EngineReport& r) { return double(r.state.count(gbw::GigablockCategory::Tainted)); }},
    {"tainted gigablocks, most", [](const gbw::EngineReport& r) { return double(r.maxTainted); }},
    {"empty gigablocks at the end",
        [](const gbw::EngineReport& r) { return double(r.state.count(gbw::GigablockCategory::Empty)); }},
    {"1 GB allocatable (free)", [](const gbw::EngineReport& r) { return double(r.allocatable1gFree); }},
    {"1 GB allocatable (compaction)", [](const gbw::EngineReport& r) { return double(r.allocatable1g); }},
    {"1 GB allocatable after 1 min, least", [](const gbw::EngineReport& r) { return double(r.minAllocatable1g); }},
    {"allocation failures", [](const gbw::EngineReport& r) { return double(r.engine.allocFailed); }},
    {"refused by the policy", [](const gbw::EngineReport& r) { return double(r.engine.refusedByPolicy); }},
    {"THP fault fallbacks", [](const gbw::EngineReport& r) { return double(r.engine.thpFaultFallback); }},
    {"extfrag events", [](const gbw::EngineReport& r) { return double(r.state.counters.extfragEvents); }},
    {"pages reclaimed",
        [](const gbw::EngineReport& r) { return double(r.engine.pgstealKswapd + r.engine.pgstealDirect); }},
    {"pages migrated by compaction", [](const gbw::EngineReport& r) { return double(r.compaction.pgmigrateSuccess); }},
    {"compaction work, virtual s", [](const gbw::EngineReport& r) { return r.compactionSeconds; }},
    {"gigablocks visited per pick",
        [](const gbw::EngineReport& r) {
            const auto t = r.state.policyCounters.total();
            return t.picks ? double(t.gigablocksVisited) / double(t.picks) : 0.0;
        }},
};

int runCompare(const CompareOptions& options)
{
    const auto policies = split(options.policies);
    for (const auto& p : policies) {
        if (!gbw::makePolicy(p)) {
            std::cerr << "gigablock compare: --policies: unknown policy '" << p << "'\n";
            return 2;
        }
    }
    std::vector<gbw::EngineReport> reports;
    for (const auto& policy : policies) {
        std::string error;
        const auto config = options.engine.config(policy, &error);
        auto engine = config ? gbw::Engine::create(*config, &error) : nullptr;
        if (engine)
            error = options.engine.applyKnobs(*engine);
        if (!engine || !error.empty()) {
            std::cerr << "gigablock compare: " << error << '\n';
            return 2;
        }
        const double duration = options.engine.durationSeconds();
        ProgressBar bar(policy, std::uint64_t(duration));
        engine->runUntil(
            gbw::VirtualTime(duration * 1e9), [&](gbw::VirtualTime now) { bar.update(now / 1'000'000'000); });
        bar.finish();
        reports.push_back(gbw::EngineReport::of(*engine));
    }
    std::printf("%s on %s, %s, seed %llu: the same request stream for every policy\n\n",
        reports.front().workload.c_str(), options.engine.host.c_str(), options.engine.duration.c_str(),
        static_cast<unsigned long long>(options.engine.seed));
    std::printf("%-38s", "");
    for (const auto& p : policies)
        std::printf(" %18s", p.c_str());
    std::printf("\n");
    for (const Row& row : kRows) {
        std::printf("%-38s", row.name);
        for (const auto& r : reports)
            std::printf(" %18.6g", row.value(r));
        std::printf("\n");
    }
    if (!options.jsonFile.empty()) {
        nlohmann::json json;
        for (std::size_t i = 0; i < policies.size(); ++i)
            reports[i].toJson(json["policies"][policies[i]], /*withSamples=*/false);
        std::ofstream out(options.jsonFile);
        out << json.dump(2) << '\n';
        if (!out) {
            std::cerr << "gigablock compare: cannot write " << options.jsonFile << '\n';
            return 2;
        }
    }
    return 0;
}

} // namespace

void addCompareCommand(CLI::App& app)
{
    auto options = std::make_shared<CompareOptions>();
    auto* cmd = app.add_subcommand("compare", "Run several policies on the identical request stream and compare them");
    options->engine.addTo(*cmd, true);
    cmd->add_option("--policies", options->policies, "Comma-separated policies")->capture_default_str();
    cmd->add_option("--json", options->jsonFile, "Also write every policy's report (without time series) as JSON");
    cmd->callback([options] { throw CLI::RuntimeError(runCompare(*options)); });
}
