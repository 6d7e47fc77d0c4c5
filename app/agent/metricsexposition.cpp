// SPDX-License-Identifier: GPL-3.0-or-later
#include "metricsexposition.h"

#include <sys/resource.h>

#include <cstdio>
#include <initializer_list>
#include <string_view>

namespace gbw::agent {

namespace {

class Exposition
{
public:
    void family(const char* name, const char* type, const char* help)
    {
        m_text += "# HELP ";
        m_text += name;
        m_text += ' ';
        m_text += help;
        m_text += "\n# TYPE ";
        m_text += name;
        m_text += ' ';
        m_text += type;
        m_text += '\n';
    }

    // `labels`: the pieces of a="b",c="d", joined and put in braces (none when empty). Appended
    // piece by piece: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string&& at -O2.
    void sample(const char* name, std::initializer_list<std::string_view> labels, double value)
    {
        char number[64];
        std::snprintf(number, sizeof number, "%.17g", value);
        m_text += name;
        if (labels.size() > 0) {
            m_text += '{';
            for (auto piece : labels)
                m_text += piece;
            m_text += '}';
        }
        m_text += ' ';
        m_text += number;
        m_text += '\n';
    }

    std::string take()
    {
        return std::move(m_text);
    }

private:
    std::string m_text;
};

// Label values come from /proc (zone and migratetype names): escape what the format reserves.
std::string escape(std::string_view value)
{
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

std::string zoneLabels(int node, std::string_view zone)
{
    std::string out = "node=\"";
    out += std::to_string(node);
    out += "\",zone=\"";
    out += escape(zone);
    out += '"';
    return out;
}

void freePages(Exposition& out, const ParsedHost& host)
{
    if (const auto& p = host.pagetypeinfo()) {
        out.family("gigablock_free_pages", "gauge",
            "Free pages (blocks times 2^order) per node, zone, migratetype and order, from /proc/pagetypeinfo");
        for (const auto& section : p->sections) {
            for (const auto& row : section.freeRows) {
                for (std::size_t order = 0; order < row.counts.size(); ++order) {
                    out.sample("gigablock_free_pages",
                        {zoneLabels(row.node, row.zone), ",migratetype=\"", escape(row.migratetype), "\",order=\"",
                            std::to_string(order), "\""},
                        static_cast<double>(row.counts[order].value << order));
                }
            }
        }
    }
    if (const auto& b = host.buddyinfo()) {
        out.family("gigablock_buddy_free_pages", "gauge",
            "Free pages (blocks times 2^order) per node, zone and order over all migratetypes, from /proc/buddyinfo");
        for (const auto& row : b->rows) {
            for (std::size_t order = 0; order < row.counts.size(); ++order) {
                out.sample("gigablock_buddy_free_pages",
                    {zoneLabels(row.node, row.zone), ",order=\"", std::to_string(order), "\""},
                    static_cast<double>(row.counts[order] << order));
            }
        }
    }
}

void zones(Exposition& out, const ParsedHost& host)
{
    const auto& z = host.zoneinfo();
    if (!z)
        return;
    out.family("gigablock_zone_watermark_pages", "gauge", "Zone watermarks from /proc/zoneinfo");
    for (const auto& zone : z->zones) {
        if (!zone.populated())
            continue;
        const std::string labels = zoneLabels(zone.node, zone.zone);
        const std::pair<const char*, const std::optional<std::uint64_t>*> levels[]
            = {{"min", &zone.min}, {"low", &zone.low}, {"high", &zone.high}};
        for (const auto& [level, value] : levels) {
            if (*value)
                out.sample(
                    "gigablock_zone_watermark_pages", {labels, ",level=\"", level, "\""}, static_cast<double>(**value));
        }
    }
    out.family("gigablock_zone_managed_pages", "gauge", "Pages the buddy allocator manages, from /proc/zoneinfo");
    for (const auto& zone : z->zones) {
        if (zone.populated() && zone.managed)
            out.sample(
                "gigablock_zone_managed_pages", {zoneLabels(zone.node, zone.zone)}, static_cast<double>(*zone.managed));
    }
}

void simulation(Exposition& out, const ParsedHost& host)
{
    const auto& v = host.vmstat();
    if (!v)
        return;
    out.family("gigablock_gigablocks", "gauge", "Simulated gigablocks (1 GiB) per category");
    for (const char* category : {"empty", "clean", "tainted", "isolated"}) {
        if (auto value = v->value(std::string("gigablock_") + category))
            out.sample("gigablock_gigablocks", {"category=\"", category, "\""}, static_cast<double>(*value));
    }
    out.family("gigablock_allocatable_1g_pages", "gauge",
        "1 GB pages the simulated host could allocate now (mode=\"free\": all-free gigablocks only)");
    if (auto value = v->value("gigablock_allocatable_1g"))
        out.sample("gigablock_allocatable_1g_pages", {"mode=\"compaction\""}, static_cast<double>(*value));
    if (auto value = v->value("gigablock_allocatable_1g_free"))
        out.sample("gigablock_allocatable_1g_pages", {"mode=\"free\""}, static_cast<double>(*value));
}

double cpuSeconds()
{
    rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

void agent(Exposition& out, const ParsedHost& host, const AgentHealth& health, double now)
{
    out.family("gigablock_agent_up", "gauge", "1 while the agent runs");
    out.sample("gigablock_agent_up", {}, 1);
    out.family("gigablock_agent_uptime_seconds", "gauge", "Seconds since the agent started");
    out.sample("gigablock_agent_uptime_seconds", {}, now - health.startedAt);
    out.family("gigablock_agent_cpu_seconds_total", "counter", "CPU time the agent used (user and system)");
    out.sample("gigablock_agent_cpu_seconds_total", {}, cpuSeconds());
    out.family("gigablock_agent_clients", "gauge", "Clients streaming now");
    out.sample("gigablock_agent_clients", {}, static_cast<double>(health.clientsConnected));
    out.family("gigablock_agent_clients_accepted_total", "counter", "Connections accepted");
    out.sample("gigablock_agent_clients_accepted_total", {}, static_cast<double>(health.clientsAccepted));
    out.family("gigablock_agent_clients_dropped_total", "counter", "Clients dropped, by reason code");
    for (const auto& [code, count] : health.clientsDropped)
        out.sample(
            "gigablock_agent_clients_dropped_total", {"reason=\"", escape(code), "\""}, static_cast<double>(count));
    out.family("gigablock_agent_sent_bytes_total", "counter", "Bytes queued to clients");
    out.sample("gigablock_agent_sent_bytes_total", {}, static_cast<double>(health.bytesSent));
    out.family("gigablock_agent_readings_total", "counter", "Readings taken, by source");
    for (const auto& [source, count] : host.readings())
        out.sample("gigablock_agent_readings_total", {"source=\"", escape(source), "\""}, static_cast<double>(count));
    out.family("gigablock_agent_parse_errors_total", "counter", "Readings the importers' parsers did not read cleanly");
    for (const auto& [source, count] : host.parseErrors())
        out.sample(
            "gigablock_agent_parse_errors_total", {"source=\"", escape(source), "\""}, static_cast<double>(count));
    out.family("gigablock_agent_tick_seconds", "gauge", "Wall time of the last sampling tick");
    out.sample("gigablock_agent_tick_seconds", {}, health.lastTickSeconds);
}

} // namespace

std::string renderMetrics(const ParsedHost& host, const AgentHealth& health, bool simulated, double now)
{
    Exposition out;
    freePages(out, host);
    zones(out, host);
    if (simulated)
        simulation(out, host);
    agent(out, host, health, now);
    return out.take();
}

} // namespace gbw::agent
