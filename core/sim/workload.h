// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/types.h"

namespace gbw {

// How long an allocation lives once made.
struct Lifetime
{
    enum class Kind : std::uint8_t
    {
        Exponential,
        Fixed,
        Uniform,
        Forever
    };
    Kind kind = Kind::Exponential;
    double meanSeconds = 1.0; // Exponential and Fixed: the mean / the value; Uniform: [minSeconds, maxSeconds]
    double minSeconds = 0.0;
    double maxSeconds = 0.0;
};

// Which LRU or shrinker can take an allocation back before its owner frees it.
enum class Reclaimable : std::uint8_t
{
    No, // kernel memory nobody can reclaim (page tables, network buffers in flight)
    File, // page cache: clean pages dropped by reclaim
    Anon, // anonymous memory: swapped out by reclaim
    Slab, // reclaimable slab: freed by shrinkers
};

// One kind of request a workload makes, at a rate, with a size and a lifetime.
struct RequestClass
{
    std::string name;
    std::vector<double> orderWeights = {1.0}; // share of requests per order 0..N
    MigrateType migrateType = MigrateType::Movable;
    GfpClass gfp = GfpClass::Normal;
    Tag tag = Tag::Other;
    double ratePerSecondPerGiB = 0; // arrivals scale with host memory
    Lifetime lifetime;
    Reclaimable reclaimable = Reclaimable::No;
    // Memory this class tries to hold, as a share of host memory; arrivals
    // pause while it holds more (0: no cap).
    double maxShare = 0;
    // Arrivals happen only from startSeconds until stopSeconds of virtual
    // time (0: no end), for workloads that run in phases: a fragmenter first,
    // then the program that suffers from it.
    double startSeconds = 0;
    double stopSeconds = 0;
};

// A periodic 1 GB (hugetlb) request, as a VM host makes when it starts a guest.
struct Gigantic
{
    double everySeconds = 0; // 0: none
    double holdSeconds = 60;
};

// A named mix of request classes, as read from a TOML file.
struct Workload
{
    std::string name;
    std::string description;
    std::string source; // where its numbers come from, for the report
    std::vector<RequestClass> classes;
    Gigantic gigantic;
};

} // namespace gbw
