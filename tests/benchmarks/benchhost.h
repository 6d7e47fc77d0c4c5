// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the benchmarks: a simulated host with the vanilla policy and the
// default churn on it, warmed up to the churn's target occupancy.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "mm/pageallocator.h"
#include "model/hostconfig.h"
#include "policy/policy.h"
#include "sim/churn.h"

namespace gbw::bench {

struct WarmHost
{
    std::unique_ptr<PageAllocator> allocator;
    std::unique_ptr<Churn> churn;
    std::uint64_t managedPages = 0;
    std::uint64_t targetPages = 0;
    std::uint64_t warmupEvents = 0; // churn steps spent reaching the target, plus the extra ones
    bool reachedTarget = false;
};

inline std::uint64_t parseSizeOrDie(const std::string& text)
{
    std::string error;
    const std::uint64_t bytes = parseSize(text, &error);
    if (!bytes) {
        std::fprintf(stderr, "bad host size '%s': %s\n", text.c_str(), error.c_str());
        std::exit(2);
    }
    return bytes;
}

// Builds the host; aborts the process if it cannot (a benchmark without its host means nothing).
inline WarmHost buildHost(std::uint64_t bytes, const ChurnConfig& config = {}, const char* policy = "vanilla")
{
    WarmHost host;
    std::string error;
    host.allocator = PageAllocator::create(HostConfig::x86_64(bytes), makePolicy(policy), &error);
    if (!host.allocator) {
        std::fprintf(stderr, "cannot build a %s host: %s\n", formatSize(bytes).c_str(), error.c_str());
        std::exit(2);
    }
    const auto& model = host.allocator->model();
    for (int i = 0; i < model.zoneCount(); ++i)
        host.managedPages += model.zone(i).managedPages;
    host.targetPages = std::uint64_t(double(host.managedPages) * config.targetOccupancy);
    host.churn = std::make_unique<Churn>(*host.allocator, config);
    return host;
}

// Runs the churn until it holds its target occupancy, then `extraEvents` more
// steps so that the young/old mix of live blocks settles. Gives up after a
// generous number of steps (the target may be out of reach under the watermarks).
inline void warmUp(WarmHost& host, std::uint64_t extraEvents)
{
    Churn& churn = *host.churn;
    const std::uint64_t limit = 64 * host.targetPages + 1'000'000;
    std::uint64_t events = 0;
    while (churn.stats().livePages < host.targetPages && events < limit) {
        churn.step();
        ++events;
    }
    host.reachedTarget = churn.stats().livePages >= host.targetPages;
    churn.run(extraEvents);
    host.warmupEvents = events + extraEvents;
}

} // namespace gbw::bench
