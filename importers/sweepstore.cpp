// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/sweepstore.h"

#include <map>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "importers/sqlitestatement.h"
#include "importers/sqlitestore.h"
#include "sweep/sweepfile.h"

namespace gbw::importers {
namespace {

bool exec(sqlite3* db, const char* sql, std::string* error)
{
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK)
        return true;
    *error = message ? message : "unknown SQLite error";
    sqlite3_free(message);
    return false;
}

bool failed(sqlite3* db, std::string* error)
{
    *error = sqlite3_errmsg(db);
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
}

std::string seriesText(const RunOutcome& outcome)
{
    nlohmann::json series = nlohmann::json::array();
    for (const auto& p : outcome.allocatable1g)
        series.push_back({p.seconds, p.allocatable1g});
    return series.dump();
}

// The workload hash of a stored configuration line (RunSpec::canonical()); empty for "none"
// and for lines from before ids had one.
std::string workloadHashIn(std::string_view config)
{
    constexpr std::string_view key = ";workload_hash=";
    const auto at = config.find(key);
    if (at == std::string_view::npos)
        return {};
    const auto value = config.substr(at + key.size(), config.find(';', at + key.size()) - at - key.size());
    return value == "none" ? std::string() : std::string(value);
}

} // namespace

SweepStore::SweepStore(SqliteStore& store)
    : m_store(store)
{}

std::optional<std::int64_t> SweepStore::addSweep(const SweepFile& sweep, std::size_t runs, std::string* error)
{
    nlohmann::json objectives = nlohmann::json::array();
    for (const auto& o : sweep.objectives)
        objectives.push_back({o.metric, o.maximize});
    SqliteStatement insert(
        m_store.connection(), "INSERT INTO sweeps (file, text, objectives, runs) VALUES (?, ?, ?, ?)");
    insert.bind(1, std::string_view(sweep.name))
        .bind(2, std::string_view(sweep.text))
        .bind(3, std::string_view(objectives.dump()))
        .bind(4, std::int64_t(runs));
    if (!insert.execute()) {
        *error = sqlite3_errmsg(m_store.connection());
        return std::nullopt;
    }
    return sqlite3_last_insert_rowid(m_store.connection());
}

std::set<std::string> SweepStore::storedIds(std::string* error) const
{
    std::set<std::string> ids;
    SqliteStatement select(m_store.connection(), "SELECT id FROM sweep_runs");
    for (auto step = select.step(); step != SqliteStatement::Step::Done; step = select.step()) {
        if (step == SqliteStatement::Step::Error) {
            *error = sqlite3_errmsg(m_store.connection());
            break;
        }
        ids.insert(select.columnText(0));
    }
    return ids;
}

bool SweepStore::save(const RunResult& result, std::optional<std::int64_t> sweepId, std::string* error)
{
    sqlite3* db = m_store.connection();
    const std::string id = result.spec.id();
    if (!exec(db, "BEGIN IMMEDIATE", error))
        return false;
    SqliteStatement run(db,
        "INSERT OR IGNORE INTO sweep_runs (id, sweep_id, run_index, policy, workload, host, host_bytes, seed, "
        "duration_seconds, sample_seconds, config, ok, error, wall_seconds, allocatable_1g_series) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const auto& s = result.spec;
    run.bind(1, std::string_view(id))
        .bind(2, sweepId)
        .bind(3, std::int64_t(s.index))
        .bind(4, std::string_view(s.policy))
        .bind(5, std::string_view(s.workload))
        .bind(6, std::string_view(s.host))
        .bind(7, std::int64_t(s.hostBytes))
        .bind(8, std::int64_t(s.seed))
        .bind(9, s.durationSeconds)
        .bind(10, s.sampleSeconds)
        .bind(11, std::string_view(s.canonical()))
        .bind(12, std::int64_t(result.ok))
        .bind(13, std::string_view(result.error))
        .bind(14, result.wallSeconds)
        .bind(15, std::string_view(seriesText(result.outcome)));
    if (!run.execute())
        return failed(db, error);
    if (sqlite3_changes(db) == 0) // stored before: keep the first result
        return exec(db, "COMMIT", error);
    SqliteStatement knob(db, "INSERT INTO sweep_run_knobs (run_id, name, value) VALUES (?, ?, ?)");
    for (const auto& [name, value] : s.knobs) {
        if (!knob.bind(1, std::string_view(id)).bind(2, std::string_view(name)).bind(3, value).execute())
            return failed(db, error);
    }
    SqliteStatement metric(db, "INSERT INTO sweep_metrics (run_id, name, value) VALUES (?, ?, ?)");
    for (const auto& [name, value] : result.outcome.metrics) {
        if (!metric.bind(1, std::string_view(id)).bind(2, std::string_view(name)).bind(3, value).execute())
            return failed(db, error);
    }
    SqliteStatement order(
        db, "INSERT INTO sweep_orders (run_id, \"order\", allocated, failed, stalls) VALUES (?, ?, ?, ?, ?)");
    for (std::size_t o = 0; o < result.outcome.orders.size(); ++o) {
        const auto& stats = result.outcome.orders[o];
        if (!result.ok || (stats.allocated == 0 && stats.failed == 0 && stats.stalls == 0))
            continue;
        order.bind(1, std::string_view(id))
            .bind(2, std::int64_t(o))
            .bind(3, std::int64_t(stats.allocated))
            .bind(4, std::int64_t(stats.failed))
            .bind(5, std::int64_t(stats.stalls));
        if (!order.execute())
            return failed(db, error);
    }
    return exec(db, "COMMIT", error);
}

std::vector<RunResult> SweepStore::load(std::string* error) const
{
    sqlite3* db = m_store.connection();
    std::vector<RunResult> results;
    std::map<std::string, std::size_t> byId;
    SqliteStatement runs(db,
        "SELECT id, run_index, policy, workload, host, host_bytes, seed, duration_seconds, sample_seconds, ok, "
        "error, wall_seconds, allocatable_1g_series, config FROM sweep_runs ORDER BY workload, host_bytes, policy, "
        "config");
    for (auto step = runs.step(); step == SqliteStatement::Step::Row; step = runs.step()) {
        RunResult r;
        r.spec.index = std::size_t(runs.columnInt(1));
        r.spec.policy = runs.columnText(2);
        r.spec.workload = runs.columnText(3);
        r.spec.host = runs.columnText(4);
        r.spec.hostBytes = std::uint64_t(runs.columnInt(5));
        r.spec.seed = std::uint64_t(runs.columnInt(6));
        r.spec.durationSeconds = runs.columnDouble(7);
        r.spec.sampleSeconds = runs.columnDouble(8);
        r.ok = runs.columnInt(9) != 0;
        r.error = runs.columnText(10);
        r.wallSeconds = runs.columnDouble(11);
        r.spec.workloadHash = workloadHashIn(runs.columnText(13));
        for (const auto& p : nlohmann::json::parse(runs.columnText(12), nullptr, false))
            r.outcome.allocatable1g.push_back({p.at(0).get<double>(), p.at(1).get<std::uint32_t>()});
        byId[runs.columnText(0)] = results.size();
        results.push_back(std::move(r));
    }
    SqliteStatement knobs(db, "SELECT run_id, name, value FROM sweep_run_knobs ORDER BY run_id, name");
    for (auto step = knobs.step(); step == SqliteStatement::Step::Row; step = knobs.step())
        results[byId.at(knobs.columnText(0))].spec.knobs.emplace_back(knobs.columnText(1), knobs.columnDouble(2));
    std::map<std::string, std::map<std::string, double>> metrics;
    SqliteStatement values(db, "SELECT run_id, name, value FROM sweep_metrics");
    for (auto step = values.step(); step == SqliteStatement::Step::Row; step = values.step())
        metrics[values.columnText(0)][values.columnText(1)] = values.columnDouble(2);
    for (const auto& [id, named] : metrics) {
        auto& outcome = results[byId.at(id)].outcome;
        for (const auto& info : knownMetrics()) { // knownMetrics() order, as RunOutcome::of() makes it
            if (auto it = named.find(std::string(info.name)); it != named.end())
                outcome.metrics.emplace_back(it->first, it->second);
        }
    }
    SqliteStatement orders(db, "SELECT run_id, \"order\", allocated, failed, stalls FROM sweep_orders");
    for (auto step = orders.step(); step == SqliteStatement::Step::Row; step = orders.step()) {
        auto& stats = results[byId.at(orders.columnText(0))].outcome.orders.at(std::size_t(orders.columnInt(1)));
        stats = {
            std::uint64_t(orders.columnInt(2)), std::uint64_t(orders.columnInt(3)), std::uint64_t(orders.columnInt(4))};
    }
    if (!runs.valid() || !knobs.valid() || !values.valid() || !orders.valid())
        *error = sqlite3_errmsg(db);
    return results;
}

std::size_t SweepStore::legacyRuns(std::string* error) const
{
    SqliteStatement count(
        m_store.connection(), "SELECT count(*) FROM sweep_runs WHERE instr(config, ';workload_hash=') = 0");
    if (count.step() != SqliteStatement::Step::Row) {
        *error = sqlite3_errmsg(m_store.connection());
        return 0;
    }
    return std::size_t(count.columnInt(0));
}

std::vector<Objective> SweepStore::objectives(std::string* error) const
{
    std::vector<Objective> out;
    SqliteStatement select(m_store.connection(), "SELECT objectives FROM sweeps ORDER BY id DESC LIMIT 1");
    const auto step = select.step();
    if (step == SqliteStatement::Step::Error)
        *error = sqlite3_errmsg(m_store.connection());
    if (step != SqliteStatement::Step::Row)
        return out;
    for (const auto& o : nlohmann::json::parse(select.columnText(0), nullptr, false))
        out.push_back({o.at(0).get<std::string>(), o.at(1).get<bool>()});
    return out;
}

} // namespace gbw::importers
