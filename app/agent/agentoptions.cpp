// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentoptions.h"

#include "sim/workloadfile.h"

#include <cmath>

namespace gbw::agent {

namespace {

std::optional<Millis> millis(const std::string& flag, const std::string& text, std::string& error)
{
    const auto seconds = parseDuration(text);
    if (!seconds || *seconds <= 0 || *seconds > 86400) {
        error = flag + ": '" + text + "' is not a duration such as 200ms, 5s or 1m";
        return std::nullopt;
    }
    return Millis(std::max<long long>(1, std::llround(*seconds * 1000)));
}

std::string refusal(const std::string& flag, const live::Endpoint& endpoint)
{
    return flag + " " + endpoint.toString()
        + " is not a loopback address, and no --token-file was given: anyone who can reach it could read this "
          "host's memory statistics. Give a token file (e.g. openssl rand -hex 32 > /etc/gigablock/token; "
          "chmod 600) or listen on 127.0.0.1.";
}

} // namespace

void AgentOptions::addTo(CLI::App& app)
{
    app.add_option("--listen", listen, "Address and port for clients, ADDR:PORT (port 0: any free port)")
        ->capture_default_str();
    app.add_option("--token-file", tokenFile,
           "File with the shared token (at least 16 bytes); required for a non-loopback --listen or --metrics")
        ->check(CLI::ExistingFile);
    app.add_option("--metrics", metrics, "Also serve Prometheus metrics over HTTP on ADDR:PORT (GET /metrics)");
    app.add_option("--port-file", portFile,
        "Write the chosen ports here once listening: the client port, then the metrics port (for scripts and tests)");
    app.add_option("--max-clients", maxClients, "Clients served at once; more are refused with 'busy'")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    app.add_option("--max-queue", maxQueue, "Bytes queued for a client that does not read before it is dropped as slow")
        ->check(CLI::Range(std::size_t(4096), std::size_t(1) << 32))
        ->capture_default_str();
    app.add_option("--buddyinfo-interval", buddyinfoInterval, "How often /proc/buddyinfo is read")
        ->capture_default_str();
    app.add_option("--pagetypeinfo-interval", pagetypeinfoInterval,
           "How often /proc/pagetypeinfo is read (it takes the zone lock: keep this slow)")
        ->capture_default_str();
    app.add_option("--zoneinfo-interval", zoneinfoInterval, "How often /proc/zoneinfo is read")->capture_default_str();
    app.add_option("--vmstat-interval", vmstatInterval, "How often /proc/vmstat is read")->capture_default_str();
    app.add_option("--full-sync", fullSync, "How often a whole snapshot replaces deltas (the barrier)")
        ->capture_default_str();
    app.add_option("--heartbeat", heartbeat, "How often the agent sends a heartbeat")->capture_default_str();
    app.add_option("--handshake-timeout", handshakeTimeout, "Drop a client that has not said hello by then")
        ->capture_default_str();
    app.add_option("--idle-timeout", idleTimeout, "Drop a client silent for this long (clients send heartbeats)")
        ->capture_default_str();
    app.add_option("--proc", procDir, "Where procfs is mounted")->capture_default_str();
    app.add_flag("--trace", trace,
        "Also stream kmem and compaction events from tracefs trace_pipe, if the operator enabled them (reading "
        "trace_pipe consumes the events from the ring buffer)");
    app.add_option("--tracefs", tracefsDir, "Where tracefs is mounted")->capture_default_str();
    auto* simulate = app.add_option("--simulate", simulation.preset,
        "Serve a simulated host running this workload preset or TOML file instead of this host's /proc");
    app.add_option("--policy", simulation.policy, "With --simulate: vanilla, superpageblock or gigablock-bitmap")
        ->needs(simulate)
        ->capture_default_str();
    app.add_option("--host", simulation.host, "With --simulate: memory size of the simulated host (16G, 256G)")
        ->needs(simulate)
        ->capture_default_str();
    app.add_option("--nodes", simulation.nodes, "With --simulate: NUMA nodes")
        ->needs(simulate)
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    app.add_option("--seed", simulation.seed, "With --simulate: random seed")->needs(simulate)->capture_default_str();
    app.add_option("--speed", simulation.speed, "With --simulate: virtual seconds per second")
        ->needs(simulate)
        ->check(CLI::Range(0.001, 100000.0))
        ->capture_default_str();
}

std::optional<AgentConfig> validate(const AgentOptions& options, std::string& error)
{
    AgentConfig config;
    const auto listen = live::parseEndpoint(options.listen, error);
    if (!listen) {
        error = "--listen: " + error;
        return std::nullopt;
    }
    config.server.listen = *listen;
    if (!options.tokenFile.empty()) {
        config.server.token = live::TokenAuth::fromFile(options.tokenFile, error);
        if (!config.server.token)
            return std::nullopt;
    }
    if (!options.metrics.empty()) {
        config.metrics = live::parseEndpoint(options.metrics, error);
        if (!config.metrics) {
            error = "--metrics: " + error;
            return std::nullopt;
        }
    }
    if (!config.server.token) {
        if (!live::isLoopbackHost(listen->host)) {
            error = refusal("--listen", *listen);
            return std::nullopt;
        }
        if (config.metrics && !live::isLoopbackHost(config.metrics->host)) {
            error = refusal("--metrics", *config.metrics);
            return std::nullopt;
        }
    }
    const std::pair<const char*, const std::string*> durations[]
        = {{"--buddyinfo-interval", &options.buddyinfoInterval},
            {"--pagetypeinfo-interval", &options.pagetypeinfoInterval},
            {"--zoneinfo-interval", &options.zoneinfoInterval}, {"--vmstat-interval", &options.vmstatInterval},
            {"--full-sync", &options.fullSync}, {"--heartbeat", &options.heartbeat},
            {"--handshake-timeout", &options.handshakeTimeout}, {"--idle-timeout", &options.idleTimeout}};
    std::vector<Millis> values;
    for (const auto& [flag, text] : durations) {
        const auto value = millis(flag, *text, error);
        if (!value)
            return std::nullopt;
        values.push_back(*value);
    }
    config.intervals = {values[0], values[1], values[2], values[3]};
    config.server.fullSync = values[4];
    config.server.heartbeat = values[5];
    config.server.handshakeTimeout = values[6];
    config.server.idleTimeout = values[7];
    config.server.maxClients = options.maxClients;
    config.server.maxQueuedBytes = options.maxQueue;
    if (!options.simulation.preset.empty())
        config.simulation = options.simulation;
    config.procDir = options.procDir;
    if (options.trace)
        config.tracefsDir = options.tracefsDir;
    config.portFile = options.portFile;
    return config;
}

} // namespace gbw::agent
