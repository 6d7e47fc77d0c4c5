// SPDX-License-Identifier: GPL-3.0-or-later
#include "simsampler.h"

#include "model/gigablocksummary.h"
#include "model/hostconfig.h"
#include "model/procformat.h"
#include "sim/engine.h"
#include "sim/workloadfile.h"

#include <cctype>

namespace gbw::agent {

std::unique_ptr<SimSampler> SimSampler::create(
    const SimulationSettings& settings, const SampleIntervals& intervals, Clock::time_point start, std::string& error)
{
    EngineConfig config;
    std::string sizeError;
    const std::uint64_t bytes = parseSize(settings.host, &sizeError);
    if (!bytes) {
        error = "--host: " + sizeError;
        return nullptr;
    }
    config.host = HostConfig::x86_64(bytes, settings.nodes);
    auto loaded = WorkloadFile::open(settings.preset);
    if (!loaded.workload) {
        error = "--simulate: " + loaded.error;
        return nullptr;
    }
    config.workload = *loaded.workload;
    config.policy = settings.policy;
    config.seed = settings.seed;
    // The agent samples the engine itself; the engine's own series only needs to stay small.
    config.sampleSeconds = 60;
    std::string engineError;
    auto engine = Engine::create(config, &engineError);
    if (!engine) {
        error = "--simulate: " + engineError;
        return nullptr;
    }
    std::unique_ptr<SimSampler> sampler(new SimSampler(settings, std::move(engine), start));
    sampler->m_schedule.add("buddyinfo", intervals.buddyinfo, start);
    sampler->m_schedule.add("pagetypeinfo", intervals.pagetypeinfo, start);
    sampler->m_schedule.add("vmstat", intervals.vmstat, start);
    return sampler;
}

SimSampler::SimSampler(const SimulationSettings& settings, std::unique_ptr<Engine> engine, Clock::time_point start)
    : m_settings(settings)
    , m_engine(std::move(engine))
    , m_start(start)
{}

SimSampler::~SimSampler() = default;

std::string SimSampler::hostName() const
{
    return "sim:" + m_settings.preset + "/" + m_settings.policy + "/" + m_settings.host;
}

std::string SimSampler::vmstatText() const
{
    const EngineSample s = m_engine->sampleNow();
    const EngineCounters& c = m_engine->counters();
    std::string text;
    auto line = [&](std::string_view name, std::uint64_t value) {
        text += name;
        text += ' ';
        text += std::to_string(value);
        text += '\n';
    };
    line("nr_free_pages", s.freePages);
    line("pgalloc_normal", c.pgalloc);
    line("pgfree", c.pgfree);
    line("allocstall_normal", c.allocstallDirect);
    line("pgscan_kswapd", c.pgscanKswapd);
    line("pgscan_direct", c.pgscanDirect);
    line("pgsteal_kswapd", c.pgstealKswapd);
    line("pgsteal_direct", c.pgstealDirect);
    line("pageoutrun", c.kswapdWakeups);
    line("pgmigrate_success", s.compactionMigrated);
    line("thp_fault_alloc", c.thpFaultAlloc);
    line("thp_fault_fallback", c.thpFaultFallback);
    // Not kernel counters: what the model adds (docs/protocol.md, "Simulated hosts").
    for (int i = 0; i < kGigablockCategories; ++i) {
        std::string name = "gigablock_";
        for (char ch : gbw::name(static_cast<GigablockCategory>(i)))
            name += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        line(name, s.categories[std::size_t(i)]);
    }
    line("gigablock_allocatable_1g", s.allocatable1g);
    line("gigablock_allocatable_1g_free", s.allocatable1gFree);
    line("gigablock_hugetlb_1g_alloc", c.hugetlb1gAlloc);
    line("gigablock_hugetlb_1g_fail", c.hugetlb1gFail);
    line("gigablock_virtual_ms", static_cast<std::uint64_t>(m_engine->now() / 1000000));
    line("gigablock_events", m_engine->events());
    return text;
}

std::vector<Reading> SimSampler::sample(Clock::time_point now, std::vector<protocol::Note>& notes)
{
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const auto target = static_cast<VirtualTime>(elapsed * m_settings.speed * 1e9);
    if (target > m_engine->now())
        m_engine->runUntil(target);
    if (!m_notedZoneinfo) {
        notes.push_back({"zoneinfo", "not simulated: the model has no per-CPU lists or watermarks to print"});
        m_notedZoneinfo = true;
    }
    std::vector<Reading> readings;
    const double time = wallSeconds();
    const MemoryModel& model = m_engine->allocator().model();
    for (const auto& name : m_schedule.takeDue(now)) {
        if (name == "buddyinfo")
            readings.push_back({name, time, procformat::buddyinfo(model)});
        else if (name == "pagetypeinfo")
            readings.push_back({name, time, procformat::pagetypeinfo(model)});
        else
            readings.push_back({name, time, vmstatText()});
    }
    return readings;
}

} // namespace gbw::agent
