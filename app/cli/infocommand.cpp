// SPDX-License-Identifier: GPL-3.0-or-later
#include "infocommand.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "importers/sqlitestore.h"

namespace {

using gbw::importers::SqliteStore;

struct InfoOptions
{
    std::string db;
    std::string jsonFile;
};

struct KindCount
{
    std::int64_t snapshots = 0;
    std::int64_t sessions = 0;
};

struct Info
{
    int schemaVersion = 0;
    gbw::importers::StoreCounts counts;
    std::vector<gbw::importers::StoredSession> sessions;
    std::map<std::string, std::int64_t> sessionsPerHost;
    std::map<std::string, KindCount> snapshotsByKind; // the numbering `gigablock export` uses
    std::vector<gbw::importers::EventTypeCount> eventTypes;
};

Info gather(const SqliteStore& store)
{
    Info info;
    info.schemaVersion = store.userVersion();
    info.counts = store.counts();
    info.sessions = store.sessions();
    info.eventTypes = store.eventTypeCounts();
    for (const auto& s : info.sessions) {
        ++info.sessionsPerHost[s.host];
        if (s.snapshots > 0) {
            info.snapshotsByKind[s.format].snapshots += s.snapshots;
            ++info.snapshotsByKind[s.format].sessions;
        }
    }
    return info;
}

void printSessions(const Info& info)
{
    if (info.sessions.empty())
        return;
    std::printf("\nSessions (in import order):\n");
    std::printf("  %4s  %-12s  %-14s  %-20s  %9s  %10s  %7s  %s\n", "id", "host", "format", "imported (UTC)",
        "snapshots", "events", "skipped", "source");
    for (const auto& s : info.sessions) {
        std::string when = s.importedAt.substr(0, 19); // "2026-05-01T12:00:00.123Z" to the second
        if (when.size() > 10 && when[10] == 'T')
            when[10] = ' ';
        std::printf("  %4lld  %-12s  %-14s  %-20s  %9lld  %10lld  %7lld  %s\n", static_cast<long long>(s.id),
            s.host.c_str(), s.format.c_str(), when.c_str(), static_cast<long long>(s.snapshots),
            static_cast<long long>(s.events), static_cast<long long>(s.skippedLines), s.source.c_str());
    }
}

void printSnapshotsAndEvents(const Info& info)
{
    if (!info.snapshotsByKind.empty()) {
        std::printf("\nSnapshots by kind (gigablock export KIND --snapshot N takes 1..count):\n");
        for (const auto& [kind, count] : info.snapshotsByKind) {
            std::printf("  %-14s  %6lld  from %lld session(s)\n", kind.c_str(), static_cast<long long>(count.snapshots),
                static_cast<long long>(count.sessions));
        }
    }
    if (!info.eventTypes.empty()) {
        std::printf("\nEvents by type:\n");
        for (const auto& type : info.eventTypes) {
            const std::string name = type.system.empty() ? type.name : type.system + ":" + type.name;
            std::printf("  %-40s  %10lld\n", name.c_str(), static_cast<long long>(type.events));
        }
    }
}

void printText(const InfoOptions& options, const Info& info)
{
    const auto& c = info.counts;
    std::printf("%s: recording database, schema version %d\n", options.db.c_str(), info.schemaVersion);
    std::printf("%lld host(s), %lld session(s), %lld snapshot(s), %lld event(s), %lld skipped line(s)\n",
        static_cast<long long>(c.hosts), static_cast<long long>(c.sessions), static_cast<long long>(c.snapshots),
        static_cast<long long>(c.events), static_cast<long long>(c.skippedLines));
    if (!info.sessionsPerHost.empty()) {
        std::printf("\nHosts:\n");
        for (const auto& [host, sessions] : info.sessionsPerHost)
            std::printf("  %-24s  %lld session(s)\n", host.c_str(), static_cast<long long>(sessions));
    }
    printSessions(info);
    printSnapshotsAndEvents(info);
}

nlohmann::json toJson(const InfoOptions& options, const Info& info)
{
    nlohmann::json json;
    json["database"] = options.db;
    json["schema_version"] = info.schemaVersion;
    json["hosts"] = nlohmann::json::array();
    for (const auto& [host, sessions] : info.sessionsPerHost)
        json["hosts"].push_back({{"name", host}, {"sessions", sessions}});
    json["sessions"] = nlohmann::json::array();
    for (const auto& s : info.sessions) {
        json["sessions"].push_back({{"id", s.id}, {"host", s.host}, {"source", s.source}, {"format", s.format},
            {"imported_at", s.importedAt}, {"snapshots", s.snapshots}, {"events", s.events},
            {"unknown_events", s.unknownEvents}, {"skipped_lines", s.skippedLines}});
    }
    json["snapshots"] = info.counts.snapshots;
    json["snapshots_by_kind"] = nlohmann::json::object();
    for (const auto& [kind, count] : info.snapshotsByKind)
        json["snapshots_by_kind"][kind] = count.snapshots;
    json["events"] = info.counts.events;
    json["events_by_type"] = nlohmann::json::object();
    for (const auto& type : info.eventTypes)
        json["events_by_type"][type.system.empty() ? type.name : type.system + ":" + type.name] = type.events;
    json["skipped_lines"] = info.counts.skippedLines;
    return json;
}

int runInfo(const InfoOptions& options)
{
    std::string error;
    auto store = SqliteStore::openExisting(options.db, error);
    if (!store) {
        std::cerr << "gigablock info: --db: " << error << '\n';
        return 2;
    }
    const Info info = gather(*store);
    printText(options, info);
    if (options.jsonFile.empty())
        return 0;
    std::ofstream out(options.jsonFile);
    out << toJson(options, info).dump(2) << '\n';
    if (!out) {
        std::cerr << "gigablock info: cannot write " << options.jsonFile << '\n';
        return 2;
    }
    return 0;
}

} // namespace

void addInfoCommand(CLI::App& app)
{
    auto options = std::make_shared<InfoOptions>();
    auto* cmd = app.add_subcommand("info", "List the hosts, sessions, snapshots and events of a recording database");
    cmd->add_option("--db", options->db, "Recording database")->required();
    cmd->add_option("--json", options->jsonFile,
        "Also write the report as JSON to FILE (keys include snapshots, events, skipped_lines, sessions)");
    cmd->callback([options] { throw CLI::RuntimeError(runInfo(*options)); });
}
