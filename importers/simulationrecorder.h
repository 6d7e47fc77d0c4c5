// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "replay/recordedeventsink.h"

#include "importers/sqlitestatement.h"

struct sqlite3;
struct sqlite3_stmt;

namespace gbw::importers {

class SqliteStore;

// Records a simulation into the store as it runs (gigablock simulate --db):
// a session of format "simulation", its simulation_runs row with the
// configuration, the sampled time series and every allocator event, all in one
// transaction. Until finish() commits, nothing is visible; a failure, a
// destructor without finish() or a killed process leaves the file as it was.
class SimulationRecorder final : public RecordedEventSink
{
public:
    struct Run
    {
        std::string host = "simulation"; // hosts.name
        std::string source; // sessions.source: what was run, for people
        std::string policy;
        std::uint64_t seed = 0;
        nlohmann::json config; // recordingConfig()
    };
    static constexpr std::size_t kChunkEvents = 65536;

    // Starts the transaction; nullptr and `error` if the store will not.
    static std::unique_ptr<SimulationRecorder> begin(SqliteStore& store, const Run& run, std::string* error);
    ~SimulationRecorder() override;
    SimulationRecorder(const SimulationRecorder&) = delete;
    SimulationRecorder& operator=(const SimulationRecorder&) = delete;

    // Writes what is buffered and commits; false and `error` if anything failed (then nothing is kept).
    bool finish(VirtualTime duration, std::string* error);
    std::int64_t sessionId() const
    {
        return m_session;
    }
    std::int64_t runId() const
    {
        return m_run;
    }
    std::uint64_t events() const
    {
        return m_events;
    }

    void sample(VirtualTime time, const EngineSample& sample) override;

    // For writers of other kinds of runs (replay --db-out): a sample at an event index.
    void sampleAt(VirtualTime time, std::uint64_t eventIndex, const EngineSample& sample);

private:
    SimulationRecorder(sqlite3* db, std::int64_t session, std::int64_t run);
    void record(const RecordedEvent& event) override;
    bool flush();
    void fail(const std::string& why);

    sqlite3* m_db;
    std::int64_t m_session;
    std::int64_t m_run;
    bool m_open = true; // inside the transaction
    std::string m_failure;
    std::vector<std::uint64_t> m_buffer; // (time, packed) pairs
    std::uint64_t m_events = 0;
    std::uint64_t m_chunks = 0;
    std::uint64_t m_samples = 0;
    sqlite3_stmt* m_insertChunk = nullptr;
    SqliteStatement m_insertSample;
};

} // namespace gbw::importers
