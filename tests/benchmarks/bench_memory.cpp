// SPDX-License-Identifier: GPL-3.0-or-later
//
// Model memory per 4 KiB page, measured from the process: build a host (1 TiB
// by default), run the default churn to its steady occupancy and a few million
// events more, and compare the resident set with the one before the host
// existed. Prints one JSON object on stdout; progress goes to stderr.
//
//   bench_memory [HOST_SIZE [EXTRA_EVENTS]]      e.g. bench_memory 1T 4000000

#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "benchhost.h"

namespace {

// Resident set size in bytes, from /proc/self/statm (second field, in pages).
std::uint64_t residentBytes()
{
    std::ifstream statm("/proc/self/statm");
    std::uint64_t size = 0;
    std::uint64_t resident = 0;
    if (!(statm >> size >> resident)) {
        std::fprintf(stderr, "cannot read /proc/self/statm\n");
        std::exit(2);
    }
    return resident * std::uint64_t(sysconf(_SC_PAGESIZE));
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main(int argc, char** argv)
{
    const std::string sizeText = argc > 1 ? argv[1] : "1T";
    const std::uint64_t extraEvents = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 4'000'000;
    const std::uint64_t bytes = gbw::bench::parseSizeOrDie(sizeText);

    malloc_trim(0);
    const std::uint64_t rssBefore = residentBytes();

    auto start = std::chrono::steady_clock::now();
    gbw::bench::WarmHost host = gbw::bench::buildHost(bytes);
    const double buildSeconds = secondsSince(start);
    const std::uint64_t rssBuilt = residentBytes();
    std::fprintf(stderr, "built a %s host in %.2f s; warming up...\n", gbw::formatSize(bytes).c_str(), buildSeconds);

    start = std::chrono::steady_clock::now();
    gbw::bench::warmUp(host, extraEvents);
    const double churnSeconds = secondsSince(start);
    const std::uint64_t rssAfter = residentBytes();

    const auto& model = host.allocator->model();
    const auto pages = double(model.endPfn()); // every 4 KiB page of the host, holes included
    const std::uint64_t modelBytes = rssAfter - rssBefore;
    const std::uint64_t driverBytes = host.churn->liveBlocks() * sizeof(std::uint64_t);
    const std::uint64_t withoutDriver = modelBytes > driverBytes ? modelBytes - driverBytes : 0;
    std::size_t freeBlocks = 0;
    for (int i = 0; i < model.zoneCount(); ++i)
        freeBlocks += model.zone(i).links.size();
    const auto& stats = host.churn->stats();

    std::printf("{\n");
    std::printf("  \"host\": \"%s\",\n", sizeText.c_str());
    std::printf("  \"host_bytes\": %llu,\n", static_cast<unsigned long long>(bytes));
    std::printf("  \"pages\": %llu,\n", static_cast<unsigned long long>(model.endPfn()));
    std::printf("  \"managed_pages\": %llu,\n", static_cast<unsigned long long>(host.managedPages));
    std::printf("  \"gigablocks\": %zu,\n", model.gigablocks().size());
    std::printf("  \"build_seconds\": %.3f,\n", buildSeconds);
    std::printf("  \"churn_seconds\": %.3f,\n", churnSeconds);
    std::printf("  \"churn_events\": %llu,\n", static_cast<unsigned long long>(stats.events));
    std::printf("  \"reached_target_occupancy\": %s,\n", host.reachedTarget ? "true" : "false");
    std::printf("  \"occupancy\": %.4f,\n", double(stats.livePages) / double(host.managedPages));
    std::printf("  \"live_blocks\": %zu,\n", host.churn->liveBlocks());
    std::printf("  \"free_blocks\": %zu,\n", freeBlocks);
    std::printf("  \"rss_before_bytes\": %llu,\n", static_cast<unsigned long long>(rssBefore));
    std::printf("  \"rss_after_build_bytes\": %llu,\n", static_cast<unsigned long long>(rssBuilt));
    std::printf("  \"rss_after_churn_bytes\": %llu,\n", static_cast<unsigned long long>(rssAfter));
    std::printf("  \"churn_driver_bytes\": %llu,\n", static_cast<unsigned long long>(driverBytes));
    std::printf("  \"bytes_per_page_after_build\": %.4f,\n", double(rssBuilt - rssBefore) / pages);
    std::printf("  \"bytes_per_page_with_driver\": %.4f,\n", double(modelBytes) / pages);
    std::printf("  \"bytes_per_page\": %.4f,\n", double(withoutDriver) / pages);
    std::printf("  \"model_memory_bytes\": %zu,\n", model.memoryBytes());
    std::printf("  \"model_memory_bytes_per_page\": %.4f,\n", double(model.memoryBytes()) / pages);
    std::printf("  \"target_bytes_per_page\": 2,\n");
    std::printf("  \"meets_target\": %s\n", double(withoutDriver) / pages <= 2.0 ? "true" : "false");
    std::printf("}\n");
    return 0;
}
