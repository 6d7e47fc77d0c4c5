// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "sim/engine.h"
#include "sim/workloadfile.h"

namespace gbw {

// An engine on an x86-64 host of `hostBytes` under a preset, run for
// `warmSeconds` of virtual time so that what is measured next is a full
// host with reclaim and compaction at work (syzkaller fills 256 GiB in about
// six minutes). Exits with a message if the preset or the engine cannot be had.
inline std::unique_ptr<Engine> warmEngine(
    const char* policy, const char* workload, std::uint64_t hostBytes, double warmSeconds, bool requestsAhead = true)
{
    EngineConfig config;
    config.requestsAhead = requestsAhead;
    config.host = HostConfig::x86_64(hostBytes);
    config.policy = policy;
    auto loaded = WorkloadFile::loadPreset(workload);
    if (!loaded.workload) {
        std::fprintf(stderr, "no %s preset\n", workload);
        std::exit(2);
    }
    config.workload = *loaded.workload;
    std::string error;
    auto engine = Engine::create(config, &error);
    if (!engine) {
        std::fprintf(stderr, "cannot build the engine: %s\n", error.c_str());
        std::exit(2);
    }
    engine->runUntil(VirtualTime(warmSeconds * 1e9));
    return engine;
}

inline std::uint64_t engineEvents(const Engine& engine)
{
    return engine.counters().pgalloc + engine.counters().pgfree;
}

} // namespace gbw
