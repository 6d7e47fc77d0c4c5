// SPDX-License-Identifier: GPL-3.0-or-later
// The agent's cost at its default intervals, measured from outside: CPU time from
// /proc/<pid>/stat over a 20 s window with one client attached, and the delay from the agent's
// reading of a file (its timestamp) to the client having applied it, on loopback.
//   build/<dir>/tests/agent/bench_agent [--benchmark_filter=Cpu]
#include "agentprocess.h"

#include "live/liveclient.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <mutex>

using namespace gbwtest;

namespace {

double now()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// utime + stime of a process, in seconds.
double cpuSeconds(pid_t pid)
{
    const std::string stat = readFile("/proc/" + std::to_string(pid) + "/stat");
    // Fields after the command name (which may contain spaces) start after the last ')'.
    std::istringstream in(stat.substr(stat.rfind(')') + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && in >> field; ++i) {
        if (i == 14)
            utime = std::stoull(field);
        if (i == 15)
            stime = std::stoull(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

class LatencyProbe final : public gbw::live::LiveListener
{
public:
    void updated(const gbw::protocol::SourceSet& state, const std::vector<std::string>& changed, bool) override
    {
        const double received = now();
        std::lock_guard lock(m_mutex);
        for (const auto& name : changed) {
            const auto* source = state.find(name);
            if (name == "buddyinfo" && source && source->time > m_last) {
                m_last = source->time;
                m_delays.push_back(received - source->time);
            }
        }
    }
    std::vector<double> delays()
    {
        std::lock_guard lock(m_mutex);
        return m_delays;
    }

private:
    std::mutex m_mutex;
    double m_last = 0;
    std::vector<double> m_delays;
};

void measure(benchmark::State& state, std::vector<std::string> args, double seconds)
{
    const auto dir = scratchDir("bench");
    for (auto _ : state) {
        AgentProcess agent(dir);
        if (!agent.start(args)) {
            state.SkipWithError("agent did not start");
            return;
        }
        LatencyProbe probe;
        gbw::live::ClientOptions options;
        options.agent = {"127.0.0.1", agent.port()};
        gbw::live::LiveClient client(options, probe);
        std::thread thread(
            [&] { client.run(std::chrono::milliseconds(static_cast<long long>(seconds * 1000) + 2000)); });
        std::this_thread::sleep_for(std::chrono::seconds(1)); // start-up and first snapshot are not steady state
        const double cpu0 = cpuSeconds(agent.process().pid());
        const auto t0 = std::chrono::steady_clock::now();
        std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
        const double cpu1 = cpuSeconds(agent.process().pid());
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        thread.join();
        auto delays = probe.delays();
        std::sort(delays.begin(), delays.end());
        state.counters["cpu_pct_one_core"] = 100.0 * (cpu1 - cpu0) / wall;
        if (!delays.empty()) {
            state.counters["latency_ms_median"] = 1000 * delays[delays.size() / 2];
            state.counters["latency_ms_p99"] = 1000 * delays[std::min(delays.size() - 1, delays.size() * 99 / 100)];
            state.counters["latency_ms_max"] = 1000 * delays.back();
            state.counters["readings"] = static_cast<double>(delays.size());
        }
    }
    std::filesystem::remove_all(dir);
}

// The real host at the default intervals (buddyinfo 200 ms, pagetypeinfo 5 s, zoneinfo and
// vmstat 1 s), one client attached.
void BM_AgentProcDefaults(benchmark::State& state)
{
    measure(state, {}, 20);
}
BENCHMARK(BM_AgentProcDefaults)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

// A simulated 16 GiB host running the kernel-build workload in real time.
void BM_AgentSimulatedKernelBuild(benchmark::State& state)
{
    measure(state, {"--simulate", "kernel-build"}, 20);
}
BENCHMARK(BM_AgentSimulatedKernelBuild)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
