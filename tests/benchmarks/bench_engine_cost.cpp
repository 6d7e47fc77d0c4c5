// SPDX-License-Identifier: GPL-3.0-or-later
//
// The engine's work, for engine-cost.sh to count under cachegrind: warm an
// engine up, run it `measure` more virtual seconds, and print how many
// events (allocations plus frees) that was. Run twice, once with measure 0,
// the difference of the two counts is the cost of those events alone.
// Requests are made on demand, on the one thread: the count is all the work,
// and the same on every run (how far ahead a second thread got would not be).
//
//   bench_engine_cost POLICY HOST_GIB WARM_S MEASURE_S [WORKLOAD]
//   bench_engine_cost vanilla 16 480 60

#include <cstdio>
#include <cstdlib>
#include <string>

#include "enginehost.h"

using namespace gbw;

int main(int argc, char** argv)
{
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s POLICY HOST_GIB WARM_S MEASURE_S [WORKLOAD]\n", argv[0]);
        return 2;
    }
    const char* policy = argv[1];
    const long gib = std::strtol(argv[2], nullptr, 10);
    const double warm = std::strtod(argv[3], nullptr);
    const double measure = std::strtod(argv[4], nullptr);
    const char* workload = argc > 5 ? argv[5] : "syzkaller";
    if (gib <= 0 || warm < 0 || measure < 0) {
        std::fprintf(stderr, "bench_engine_cost: HOST_GIB must be positive, WARM_S and MEASURE_S not negative\n");
        return 2;
    }
    auto engine = warmEngine(policy, workload, std::uint64_t(gib) << 30, warm, /*requestsAhead=*/false);
    const std::uint64_t before = engineEvents(*engine);
    engine->runUntil(engine->now() + VirtualTime(measure * 1e9));
    std::printf("{\"policy\": \"%s\", \"workload\": \"%s\", \"host_gib\": %ld, \"warm_s\": %g, \"measured_s\": %g, "
                "\"events\": %llu}\n",
        policy, workload, gib, warm, measure, static_cast<unsigned long long>(engineEvents(*engine) - before));
    return 0;
}
