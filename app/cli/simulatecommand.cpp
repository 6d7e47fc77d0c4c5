// SPDX-License-Identifier: GPL-3.0-or-later
#include "simulatecommand.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "mm/pageallocator.h"
#include "model/hostconfig.h"
#include "model/invariantchecker.h"
#include "model/procformat.h"
#include "policy/policy.h"
#include "progressbar.h"
#include "sim/churn.h"
#include "sim/statesummary.h"

namespace {

struct SimulateOptions
{
    std::string host = "64G";
    int nodes = 1;
    std::uint64_t events = 2'000'000;
    std::uint64_t seed = 1;
    std::string policy = "vanilla";
    double occupancy = 0.6;
    std::string jsonFile;
    bool check = false;
    bool pagetypeinfo = false;
};

std::string joined(const std::vector<std::string_view>& names)
{
    std::string out;
    for (auto n : names)
        out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

int runSimulate(const SimulateOptions& options)
{
    std::string error;
    const std::uint64_t bytes = gbw::parseSize(options.host, &error);
    if (!bytes) {
        std::cerr << "gigablock simulate: --host: " << error << '\n';
        return 2;
    }
    auto policy = gbw::makePolicy(options.policy);
    if (!policy) {
        std::cerr << "gigablock simulate: --policy: unknown policy '" << options.policy
                  << "' (known: " << joined(gbw::policyNames()) << ")\n";
        return 2;
    }
    auto allocator
        = gbw::PageAllocator::create(gbw::HostConfig::x86_64(bytes, options.nodes), std::move(policy), &error);
    if (!allocator) {
        std::cerr << "gigablock simulate: cannot build the host: " << error << '\n';
        return 2;
    }
    gbw::ChurnConfig churnConfig;
    churnConfig.seed = options.seed;
    churnConfig.targetOccupancy = options.occupancy;
    gbw::Churn churn(*allocator, churnConfig);

    std::printf("Host: %s on %d node(s), %u gigablocks; policy %s; %llu events, seed %llu\n",
        gbw::formatSize(bytes).c_str(), options.nodes, unsigned(allocator->model().gigablocks().size()),
        options.policy.c_str(), static_cast<unsigned long long>(options.events),
        static_cast<unsigned long long>(options.seed));
    ProgressBar bar("simulating", options.events);
    const auto start = std::chrono::steady_clock::now();
    churn.run(options.events, [&](std::uint64_t done) { bar.update(done); });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    bar.finish();
    const double eventsPerSecond = seconds > 0 ? double(options.events) / seconds : 0;

    const auto summary = gbw::StateSummary::of(*allocator);
    std::printf("\n%s", summary.text().c_str());
    const auto& stats = churn.stats();
    std::printf("Churn: %llu allocations (%llu failed), %llu frees, %llu pages held at the end\n",
        static_cast<unsigned long long>(stats.allocations), static_cast<unsigned long long>(stats.failures),
        static_cast<unsigned long long>(stats.frees), static_cast<unsigned long long>(stats.livePages));
    std::printf("Speed: %.2f million events per second (%.3f s for the churn)\n", eventsPerSecond / 1e6, seconds);

    if (options.pagetypeinfo)
        std::printf("\n%s", gbw::procformat::pagetypeinfo(allocator->model()).c_str());
    int status = 0;
    if (options.check) {
        const auto problems = gbw::InvariantChecker::check(allocator->model());
        for (const auto& p : problems)
            std::fprintf(stderr, "invariant: %s\n", p.c_str());
        std::printf("Invariant check: %s\n", problems.empty() ? "ok" : "FAILED");
        status = problems.empty() ? 0 : 1;
    }
    if (!options.jsonFile.empty()) {
        nlohmann::json json;
        summary.toJson(json);
        json["events"] = options.events;
        json["seed"] = options.seed;
        json["events_per_second"] = eventsPerSecond;
        json["churn"] = {{"allocations", stats.allocations}, {"failures", stats.failures}, {"frees", stats.frees},
            {"live_pages", stats.livePages}};
        std::ofstream out(options.jsonFile);
        out << json.dump(2) << '\n';
        if (!out) {
            std::cerr << "gigablock simulate: cannot write " << options.jsonFile << '\n';
            return 2;
        }
    }
    return status;
}

} // namespace

void addSimulateCommand(CLI::App& app)
{
    auto options = std::make_shared<SimulateOptions>();
    auto* cmd = app.add_subcommand("simulate", "Build a simulated host and run an allocation churn on it");
    cmd->add_option("--host", options->host, "Memory size, binary units: 16G, 256G, 1T")->capture_default_str();
    cmd->add_option("--nodes", options->nodes, "NUMA nodes")->check(CLI::Range(1, 64))->capture_default_str();
    cmd->add_option("--events", options->events, "Allocations plus frees to run")->capture_default_str();
    cmd->add_option("--seed", options->seed, "Random seed; the same seed gives the same run")->capture_default_str();
    cmd->add_option("--policy", options->policy, "Placement policy: " + joined(gbw::policyNames()))
        ->capture_default_str();
    cmd->add_option("--occupancy", options->occupancy, "Share of memory the churn keeps allocated")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->add_option("--json", options->jsonFile, "Also write the report as JSON to FILE");
    cmd->add_flag("--check", options->check, "Run the full invariant checker at the end (slow on large hosts)");
    cmd->add_flag("--pagetypeinfo", options->pagetypeinfo, "Print the final state as /proc/pagetypeinfo");
    cmd->callback([options] { throw CLI::RuntimeError(runSimulate(*options)); });
}
