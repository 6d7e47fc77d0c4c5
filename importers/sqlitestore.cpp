// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/sqlitestore.h"

#include "importers/batchqueue.h"
#include "importers/buddyinfoparser.h"
#include "importers/fragindexparser.h"
#include "importers/ftraceparser.h"
#include "importers/mappedfile.h"
#include "importers/pagetypeinfoparser.h"
#include "importers/sqlitestatement.h"
#include "importers/traceproducer.h"
#include "importers/tracewriter.h"
#include "importers/vmstatparser.h"
#include "importers/zoneinfoparser.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <thread>

namespace gbw::importers {

namespace {

std::int64_t toInt(std::uint64_t value)
{
    // SQLite integers are signed 64-bit; kernel counters fit (a wrapped negative gauge comes back
    // as the same bit pattern).
    return static_cast<std::int64_t>(value);
}

} // namespace

// Writes parsed /proc snapshots; its statements are prepared on first use and reused.
class SqliteStore::Importer
{
public:
    Importer(sqlite3* db, std::int64_t sessionId)
        : m_db(db)
        , m_session(sessionId)
    {}

    bool snapshot(std::string_view kind, std::int64_t seq, const std::optional<Timestamp>& ts, std::size_t line,
        bool trailingSpace);
    bool pagetypeinfo(const PagetypeinfoSnapshot& s);
    bool buddyinfo(const BuddyinfoSnapshot& s);
    bool zoneinfo(const ZoneinfoSnapshot& s);
    bool vmstat(const VmstatSnapshot& s);
    bool fragIndex(const FragIndexSnapshot& s);
    bool errors(const ParseDiagnostics& diagnostics);

private:
    SqliteStatement& statement(SqliteStatement& slot, std::string_view sql)
    {
        if (!slot.valid())
            slot = SqliteStatement(m_db, sql);
        return slot;
    }
    bool freeCount(std::int64_t section, std::int64_t row, int node, std::string_view zone,
        std::optional<std::string_view> type, std::int64_t order, FreeCount count);
    bool blockTable(std::int64_t section, bool mixed, const PagetypeBlockTable& table);
    bool zoneValue(std::int64_t zoneIndex, const ZoneinfoZone& z, std::string_view category, std::int64_t position,
        std::string_view name, std::uint64_t value);

    sqlite3* m_db;
    std::int64_t m_session;
    std::int64_t m_snapshotId = 0;
    SqliteStatement m_insertSnapshot, m_insertSection, m_insertFree, m_insertBlockColumn, m_insertBlockCount,
        m_insertZoneValue, m_insertVmstat, m_insertFrag, m_insertError;
};

bool SqliteStore::Importer::snapshot(
    std::string_view kind, std::int64_t seq, const std::optional<Timestamp>& ts, std::size_t line, bool trailingSpace)
{
    auto& insert = statement(m_insertSnapshot,
        "INSERT INTO snapshots (session_id, seq, kind, taken_at, timestamp_text, source_line, trailing_space) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, m_session).bind(2, seq).bind(3, kind);
    if (ts) {
        insert.bind(4, ts->epochSeconds).bind(5, std::string_view(ts->text));
    } else {
        insert.bindNull(4).bindNull(5);
    }
    insert.bind(6, static_cast<std::int64_t>(line)).bind(7, std::int64_t {trailingSpace});
    if (!insert.execute())
        return false;
    m_snapshotId = sqlite3_last_insert_rowid(m_db);
    return true;
}

bool SqliteStore::Importer::freeCount(std::int64_t section, std::int64_t row, int node, std::string_view zone,
    std::optional<std::string_view> type, std::int64_t order, FreeCount count)
{
    auto& insert = statement(m_insertFree,
        "INSERT INTO free_counts (snapshot_id, section, row, node, zone, migratetype, \"order\", count, lower_bound) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, m_snapshotId).bind(2, section).bind(3, row).bind(4, std::int64_t {node}).bind(5, zone);
    insert.bind(6, type).bind(7, order).bind(8, toInt(count.value)).bind(9, std::int64_t {count.lowerBound});
    return insert.execute();
}

bool SqliteStore::Importer::blockTable(std::int64_t section, bool mixed, const PagetypeBlockTable& table)
{
    auto& column = statement(m_insertBlockColumn,
        "INSERT INTO block_columns (snapshot_id, section, mixed, \"column\", migratetype) VALUES (?, ?, ?, ?, ?)");
    for (std::size_t c = 0; c < table.migratetypes.size(); ++c) {
        column.bind(1, m_snapshotId).bind(2, section).bind(3, std::int64_t {mixed});
        if (!column.bind(4, static_cast<std::int64_t>(c)).bind(5, std::string_view(table.migratetypes[c])).execute())
            return false;
    }
    auto& count = statement(m_insertBlockCount,
        "INSERT INTO block_counts (snapshot_id, section, mixed, row, node, zone, \"column\", count) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        for (std::size_t c = 0; c < row.counts.size(); ++c) {
            count.bind(1, m_snapshotId).bind(2, section).bind(3, std::int64_t {mixed});
            count.bind(4, static_cast<std::int64_t>(r))
                .bind(5, std::int64_t {row.node})
                .bind(6, std::string_view(row.zone));
            if (!count.bind(7, static_cast<std::int64_t>(c)).bind(8, toInt(row.counts[c])).execute())
                return false;
        }
    }
    return true;
}

bool SqliteStore::Importer::pagetypeinfo(const PagetypeinfoSnapshot& s)
{
    auto& insert = statement(m_insertSection,
        "INSERT INTO pagetype_sections (snapshot_id, section, pageblock_order, pages_per_block, has_free_header, "
        "order_count) VALUES (?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < s.sections.size(); ++i) {
        const auto& section = s.sections[i];
        const auto sectionNo = static_cast<std::int64_t>(i);
        insert.bind(1, m_snapshotId).bind(2, sectionNo);
        insert.bind(3, section.pageblockOrder ? std::optional<std::int64_t>(*section.pageblockOrder) : std::nullopt);
        insert.bind(
            4, section.pagesPerBlock ? std::optional<std::int64_t>(toInt(*section.pagesPerBlock)) : std::nullopt);
        insert.bind(5, std::int64_t {section.hasFreeHeader}).bind(6, std::int64_t {section.orderCount});
        if (!insert.execute())
            return false;
        for (std::size_t r = 0; r < section.freeRows.size(); ++r) {
            const auto& row = section.freeRows[r];
            for (std::size_t order = 0; order < row.counts.size(); ++order) {
                if (!freeCount(sectionNo, static_cast<std::int64_t>(r), row.node, row.zone, row.migratetype,
                        static_cast<std::int64_t>(order), row.counts[order]))
                    return false;
            }
        }
        if (section.blockCounts && !blockTable(sectionNo, false, *section.blockCounts))
            return false;
        if (section.mixedBlockCounts && !blockTable(sectionNo, true, *section.mixedBlockCounts))
            return false;
    }
    return true;
}

bool SqliteStore::Importer::buddyinfo(const BuddyinfoSnapshot& s)
{
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
        const auto& row = s.rows[r];
        for (std::size_t order = 0; order < row.counts.size(); ++order) {
            if (!freeCount(0, static_cast<std::int64_t>(r), row.node, row.zone, std::nullopt,
                    static_cast<std::int64_t>(order), {row.counts[order], false}))
                return false;
        }
    }
    return true;
}

bool SqliteStore::Importer::zoneValue(std::int64_t zoneIndex, const ZoneinfoZone& z, std::string_view category,
    std::int64_t position, std::string_view name, std::uint64_t value)
{
    auto& insert = statement(m_insertZoneValue,
        "INSERT INTO zone_values (snapshot_id, zone_index, node, zone, category, position, name, value) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, m_snapshotId).bind(2, zoneIndex).bind(3, std::int64_t {z.node}).bind(4, std::string_view(z.zone));
    insert.bind(5, category).bind(6, position).bind(7, name).bind(8, toInt(value));
    return insert.execute();
}

bool SqliteStore::Importer::zoneinfo(const ZoneinfoSnapshot& s)
{
    for (std::size_t i = 0; i < s.zones.size(); ++i) {
        const auto& z = s.zones[i];
        const auto index = static_cast<std::int64_t>(i);
        const std::array<std::pair<std::string_view, const std::optional<std::uint64_t>*>, 11> marks {{
            {"pages_free", &z.freePages},
            {"boost", &z.boost},
            {"min", &z.min},
            {"low", &z.low},
            {"high", &z.high},
            {"promo", &z.promo},
            {"scanned", &z.scanned},
            {"spanned", &z.spanned},
            {"present", &z.present},
            {"managed", &z.managed},
            {"cma", &z.cma},
        }};
        std::int64_t position = 0;
        for (const auto& [name, value] : marks) {
            if (*value && !zoneValue(index, z, "watermark", position++, name, **value))
                return false;
        }
        for (std::size_t p = 0; p < z.protection.size(); ++p) {
            if (!zoneValue(index, z, "protection", static_cast<std::int64_t>(p), "protection", z.protection[p]))
                return false;
        }
        const std::array<std::pair<std::string_view, const NamedCounters*>, 3> lists {
            {{"node_stat", &z.nodeStats}, {"counter", &z.counters}, {"attribute", &z.attributes}}};
        for (const auto& [category, counters] : lists) {
            for (std::size_t p = 0; p < counters->size(); ++p) {
                const auto& [name, value] = (*counters)[p];
                if (!zoneValue(index, z, category, static_cast<std::int64_t>(p), name, value))
                    return false;
            }
        }
        position = 0;
        for (const auto& set : z.pagesets) {
            const std::string cpu = "cpu" + std::to_string(set.cpu) + ".";
            const std::array<std::pair<std::string_view, const std::optional<std::uint64_t>*>, 6> fields {
                {{"count", &set.count}, {"high", &set.high}, {"batch", &set.batch}, {"high_min", &set.highMin},
                    {"high_max", &set.highMax}, {"vm_stats_threshold", &set.vmStatsThreshold}}};
            for (const auto& [name, value] : fields) {
                if (*value && !zoneValue(index, z, "pageset", position++, cpu + std::string(name), **value))
                    return false;
            }
        }
    }
    return true;
}

bool SqliteStore::Importer::vmstat(const VmstatSnapshot& s)
{
    auto& insert = statement(
        m_insertVmstat, "INSERT INTO vmstat_values (snapshot_id, position, name, value) VALUES (?, ?, ?, ?)");
    for (std::size_t p = 0; p < s.fields.size(); ++p) {
        insert.bind(1, m_snapshotId).bind(2, static_cast<std::int64_t>(p)).bind(3, std::string_view(s.fields[p].first));
        if (!insert.bind(4, toInt(s.fields[p].second)).execute())
            return false;
    }
    return true;
}

bool SqliteStore::Importer::fragIndex(const FragIndexSnapshot& s)
{
    auto& insert = statement(m_insertFrag,
        "INSERT INTO frag_index (snapshot_id, row, node, zone, \"order\", milli) VALUES (?, ?, ?, ?, ?, ?)");
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
        const auto& row = s.rows[r];
        for (std::size_t order = 0; order < row.milli.size(); ++order) {
            insert.bind(1, m_snapshotId).bind(2, static_cast<std::int64_t>(r)).bind(3, std::int64_t {row.node});
            insert.bind(4, std::string_view(row.zone)).bind(5, static_cast<std::int64_t>(order));
            if (!insert.bind(6, std::int64_t {row.milli[order]}).execute())
                return false;
        }
    }
    return true;
}

bool SqliteStore::Importer::errors(const ParseDiagnostics& diagnostics)
{
    auto& insert = statement(m_insertError, "INSERT INTO import_errors (session_id, line, reason) VALUES (?, ?, ?)");
    for (const auto& error : diagnostics.errors) {
        if (!insert.bind(1, m_session)
                 .bind(2, static_cast<std::int64_t>(error.line))
                 .bind(3, std::string_view(error.reason))
                 .execute())
            return false;
    }
    return true;
}

SqliteStore::SqliteStore(sqlite3* db)
    : m_db(db)
{}

SqliteStore::~SqliteStore()
{
    sqlite3_close_v2(m_db);
}

std::unique_ptr<SqliteStore> SqliteStore::open(const std::string& path, std::string& error, int upToVersion)
{
    return openWith(path, error, SQLITE_OPEN_CREATE, upToVersion);
}

std::unique_ptr<SqliteStore> SqliteStore::openExisting(const std::string& path, std::string& error)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        error = "cannot open " + path + ": "
            + (std::filesystem::exists(path, ec) ? "not a regular file" : "No such file or directory");
        return nullptr;
    }
    return openWith(path, error, 0, schemaVersion);
}

std::unique_ptr<SqliteStore> SqliteStore::openWith(
    const std::string& path, std::string& error, int createFlag, int upToVersion)
{
    sqlite3* db = nullptr;
    // No mutex: a store is used by one thread at a time, and SQLite's serialised mode would
    // take a lock for every bound parameter of every row.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | createFlag;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        error = "cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close_v2(db);
        return nullptr;
    }
    std::unique_ptr<SqliteStore> store(new SqliteStore(db));
    // WAL: readers (the GUI) keep working during an import; NORMAL sync is still crash-safe
    // in WAL mode (a power cut may lose the last commit, never corrupt the file). Debian builds
    // SQLite with secure_delete on, which zeroes freed space in every page split of an import;
    // the store holds no secrets worth that.
    if (!store->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; "
                     "PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536; PRAGMA secure_delete = OFF;")) {
        error = "cannot open " + path + ": " + store->lastError();
        return nullptr;
    }
    if (!store->migrate(std::min(upToVersion, schemaVersion), error))
        return nullptr;
    return store;
}

bool SqliteStore::exec(std::string_view sql)
{
    const std::string text(sql);
    return sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}

std::string SqliteStore::lastError() const
{
    return sqlite3_errmsg(m_db);
}

int SqliteStore::userVersion() const
{
    SqliteStatement query(m_db, "PRAGMA user_version");
    return query.step() == SqliteStatement::Step::Row ? static_cast<int>(query.columnInt(0)) : -1;
}

bool SqliteStore::migrate(int upToVersion, std::string& error)
{
    const int current = userVersion();
    if (current < 0 || current > schemaVersion) {
        error = "database schema version " + std::to_string(current) + " is newer than this program supports ("
            + std::to_string(schemaVersion) + ")";
        return false;
    }
    for (int version = current; version < upToVersion; ++version) {
        // Each step is its own transaction, so an interrupted upgrade resumes where it stopped.
        const std::string sql = "BEGIN IMMEDIATE;" + std::string(StoreSchema::migrations()[std::size_t(version)])
            + "PRAGMA user_version = " + std::to_string(version + 1) + "; COMMIT;";
        if (!exec(sql)) {
            error = "schema migration " + std::to_string(version) + " -> " + std::to_string(version + 1)
                + " failed: " + lastError();
            exec("ROLLBACK");
            return false;
        }
    }
    return true;
}

namespace {

template<typename Result>
void copyDiagnostics(const Result& result, ImportSummary& summary)
{
    summary.skippedLines = result.skippedLines;
    summary.errorCount = result.errorCount;
    for (std::size_t i = 0; i < result.errors.size() && i < ImportSummary::maxReportedErrors; ++i)
        summary.firstErrors.push_back(result.errors[i]);
}

std::string abortReason(const ParseDiagnostics& diagnostics)
{
    if (diagnostics.errors.empty())
        return "parse aborted";
    const auto& e = diagnostics.errors.front();
    return "line " + std::to_string(e.line) + ": " + e.reason;
}

} // namespace

// What an import changes on the connection, and only for its duration.
class SqliteStore::ImportSettings
{
public:
    ImportSettings(SqliteStore& store, const std::atomic<bool>* cancel, bool bulk)
        : m_store(store)
    {
        // A foreign key costs a parent lookup per inserted row; the importer writes only ids it
        // has just looked up. (The pragma is a no-op inside a transaction: set before BEGIN.)
        m_store.exec("PRAGMA foreign_keys = OFF");
        if (bulk)
            useRollbackJournal();
        if (cancel) {
            sqlite3_progress_handler(
                m_store.m_db, 100000, &ImportSettings::interrupt, const_cast<std::atomic<bool>*>(cancel));
        }
    }
    ~ImportSettings()
    {
        sqlite3_progress_handler(m_store.m_db, 0, nullptr, nullptr);
        m_store.exec("PRAGMA foreign_keys = ON");
        // Should another connection have opened the file meanwhile, this fails and the next
        // open() switches back.
        if (m_rollbackJournal && m_store.journalMode("WAL") == "wal")
            m_store.exec("PRAGMA synchronous = NORMAL");
    }
    ImportSettings(const ImportSettings&) = delete;
    ImportSettings& operator=(const ImportSettings&) = delete;

private:
    // In WAL mode every page of a big import is written twice (to the log, then by the
    // checkpoint); with a rollback journal, pages appended to the file are not journaled at
    // all, and the import runs about 1.5 times as fast. It is just as safe against a crash or
    // kill -9 (the journal rolls the file back on the next open), with FULL sync as durable as
    // WAL. Leaving WAL needs the file to ourselves: with a reader attached the import stays in
    // WAL mode.
    void useRollbackJournal()
    {
        m_rollbackJournal = m_store.journalMode("DELETE") == "delete";
        if (m_rollbackJournal)
            m_store.exec("PRAGMA synchronous = FULL");
    }

    // Ends a long statement (SQLITE_INTERRUPT) once the import is cancelled.
    static int interrupt(void* cancel)
    {
        return static_cast<const std::atomic<bool>*>(cancel)->load(std::memory_order_relaxed) ? 1 : 0;
    }

    SqliteStore& m_store;
    bool m_rollbackJournal = false;
};

std::string SqliteStore::journalMode(std::string_view mode)
{
    SqliteStatement pragma(m_db, "PRAGMA journal_mode = " + std::string(mode));
    return pragma.step() == SqliteStatement::Step::Row ? pragma.columnText(0) : std::string();
}

namespace {

bool cancelled(const ImportRequest& request)
{
    return request.cancel && request.cancel->load(std::memory_order_relaxed);
}

// Joined on every way out of the import; on an early one (an exception) the queue is abandoned
// first, so that a parser waiting for room wakes up and ends.
class ParsingThread
{
public:
    template<typename Body>
    ParsingThread(BatchQueue& queue, Body&& body)
        : m_queue(queue)
        , m_thread(std::forward<Body>(body))
    {}
    ~ParsingThread()
    {
        if (m_thread.joinable()) {
            m_queue.abandon();
            m_thread.join();
        }
    }
    ParsingThread(const ParsingThread&) = delete;
    ParsingThread& operator=(const ParsingThread&) = delete;

    void join()
    {
        m_thread.join();
    }

private:
    BatchQueue& m_queue;
    std::thread m_thread;
};

} // namespace

// Parsing runs on a second thread and hands batches of rows to this one, which inserts them:
// on two cores the parse is then almost free.
bool SqliteStore::importTrace(
    std::string_view text, const ImportRequest& request, std::int64_t sessionId, FtraceSummary& parsed)
{
    BatchQueue queue(16);
    TraceProducer producer(text, request.parse, queue, request.cancel);
    bool producerFailed = false;
    ParsingThread parsing(queue, [&] {
        try {
            producer.run();
        } catch (...) { // out of memory: end the import, not the program
            producerFailed = true;
            queue.close();
        }
    });
    TraceWriter writer(m_db, sessionId);
    bool stored = true;
    std::size_t batches = 0;
    while (auto batch = queue.pop()) {
        if (stored && (cancelled(request) || !writer.write(*batch))) {
            stored = false;
            queue.abandon();
        }
        if (stored && request.progress && ++batches % 16 == 0)
            request.progress(batch->bytesDone, text.size());
        queue.recycle(std::move(batch));
    }
    parsing.join();
    parsed = producer.summary();
    return stored && !producerFailed && writer.writeTypeCounts(producer.eventsByType());
}

ImportSummary SqliteStore::importText(std::string_view text, const ImportRequest& request)
{
    ImportSummary summary;
    summary.format = request.format == InputFormat::Unknown
        ? FormatDetector::detect(text.substr(0, 64 * 1024), request.source)
        : request.format;
    if (summary.format == InputFormat::Unknown) {
        summary.failure = "unrecognised file format";
        return summary;
    }
    // Rollback journal from a few MB of trace (tens of thousands of events) up; /proc dumps are
    // small and keep WAL, so a reader never has to wait for them.
    constexpr std::size_t bulkBytes = 4 << 20;
    ImportSettings settings(*this, request.cancel, summary.format == InputFormat::Ftrace && text.size() >= bulkBytes);
    if (!exec("BEGIN IMMEDIATE")) {
        summary.failure = "cannot start a transaction: " + lastError();
        return summary;
    }
    auto fail = [&](std::string why) {
        exec("ROLLBACK");
        summary.ok = false;
        summary.sessionId = 0;
        summary.failure = cancelled(request) ? "interrupted" : std::move(why);
        return summary;
    };

    SqliteStatement host(m_db, "INSERT OR IGNORE INTO hosts (name) VALUES (?)");
    SqliteStatement hostId(m_db, "SELECT id FROM hosts WHERE name = ?");
    if (!host.bind(1, std::string_view(request.host)).execute())
        return fail("cannot record host: " + lastError());
    hostId.bind(1, std::string_view(request.host));
    if (hostId.step() != SqliteStatement::Step::Row)
        return fail("cannot find host: " + lastError());
    const std::int64_t hostRow = hostId.columnInt(0);
    hostId.reset();
    SqliteStatement session(m_db, "INSERT INTO sessions (host_id, source, format) VALUES (?, ?, ?)");
    session.bind(1, hostRow).bind(2, std::string_view(request.source)).bind(3, inputFormatName(summary.format));
    if (!session.execute())
        return fail("cannot record session: " + lastError());
    summary.sessionId = sqlite3_last_insert_rowid(m_db);

    Importer importer(m_db, summary.sessionId);
    bool stored = true;
    auto storeSnapshots = [&](const auto& result, auto&& storeOne) {
        copyDiagnostics(result, summary);
        if (result.aborted)
            return false;
        std::int64_t seq = 0;
        for (const auto& s : result.snapshots) {
            bool trailing = true;
            if constexpr (requires { s.trailingSpace; })
                trailing = s.trailingSpace;
            stored = importer.snapshot(inputFormatName(summary.format), ++seq, s.timestamp, s.firstLine, trailing)
                && storeOne(s);
            if (!stored)
                return false;
        }
        summary.snapshots = result.snapshots.size();
        return importer.errors(result);
    };

    bool ok = true;
    const ParseDiagnostics* diagnostics = nullptr;
    FtraceSummary traceSummary;
    ParseResult<PagetypeinfoSnapshot> pti;
    ParseResult<BuddyinfoSnapshot> buddy;
    ParseResult<ZoneinfoSnapshot> zones;
    ParseResult<VmstatSnapshot> vm;
    ParseResult<FragIndexSnapshot> frag;
    switch (summary.format) {
    case InputFormat::Pagetypeinfo:
        pti = PagetypeinfoParser::parse(text, request.parse);
        ok = storeSnapshots(pti, [&](const auto& s) { return importer.pagetypeinfo(s); });
        diagnostics = &pti;
        break;
    case InputFormat::Buddyinfo:
        buddy = BuddyinfoParser::parse(text, request.parse);
        ok = storeSnapshots(buddy, [&](const auto& s) { return importer.buddyinfo(s); });
        diagnostics = &buddy;
        break;
    case InputFormat::Zoneinfo:
        zones = ZoneinfoParser::parse(text, request.parse);
        ok = storeSnapshots(zones, [&](const auto& s) { return importer.zoneinfo(s); });
        diagnostics = &zones;
        break;
    case InputFormat::Vmstat:
        vm = VmstatParser::parse(text, request.parse);
        ok = storeSnapshots(vm, [&](const auto& s) { return importer.vmstat(s); });
        diagnostics = &vm;
        break;
    case InputFormat::ExtfragIndex:
    case InputFormat::UnusableIndex:
        frag = FragIndexParser::parse(text, request.parse);
        ok = storeSnapshots(frag, [&](const auto& s) { return importer.fragIndex(s); });
        diagnostics = &frag;
        break;
    case InputFormat::Ftrace:
        stored = importTrace(text, request, summary.sessionId, traceSummary);
        copyDiagnostics(traceSummary, summary);
        summary.events = traceSummary.events;
        summary.unknownEvents = traceSummary.unknownEvents;
        ok = !traceSummary.aborted && importer.errors(traceSummary);
        diagnostics = &traceSummary;
        break;
    case InputFormat::Unknown:
        break;
    }
    if (cancelled(request))
        return fail("interrupted");
    if (!stored)
        return fail("cannot store data: " + lastError());
    if (!ok)
        return fail(
            diagnostics && diagnostics->aborted ? abortReason(*diagnostics) : "cannot store data: " + lastError());
    if (summary.snapshots == 0 && summary.events == 0)
        return fail("nothing to import: " + (diagnostics ? abortReason(*diagnostics) : std::string("empty input")));

    SqliteStatement totals(m_db,
        "UPDATE sessions SET snapshots = ?, events = ?, unknown_events = ?, skipped_lines = ? "
        "WHERE id = ?");
    totals.bind(1, static_cast<std::int64_t>(summary.snapshots)).bind(2, static_cast<std::int64_t>(summary.events));
    totals.bind(3, static_cast<std::int64_t>(summary.unknownEvents))
        .bind(4, static_cast<std::int64_t>(summary.skippedLines));
    if (!totals.bind(5, summary.sessionId).execute())
        return fail("cannot record totals: " + lastError());
    if (cancelled(request))
        return fail("interrupted");
    if (!exec("COMMIT"))
        return fail("cannot commit: " + lastError());
    if (request.progress)
        request.progress(text.size(), text.size());
    summary.ok = true;
    return summary;
}

ImportSummary SqliteStore::importFile(const std::string& path, ImportRequest request)
{
    std::string error;
    auto file = MappedFile::open(path, error);
    if (!file) {
        ImportSummary summary;
        summary.failure = error;
        return summary;
    }
    if (request.source.empty())
        request.source = path;
    return importText(file->text(), request);
}

StoreCounts SqliteStore::counts() const
{
    StoreCounts counts;
    SqliteStatement query(m_db,
        "SELECT (SELECT count(*) FROM hosts), (SELECT count(*) FROM sessions), (SELECT count(*) FROM snapshots), "
        "(SELECT coalesce(sum(events), 0) FROM sessions), (SELECT coalesce(sum(skipped_lines), 0) FROM sessions)");
    if (query.step() == SqliteStatement::Step::Row) {
        counts.hosts = query.columnInt(0);
        counts.sessions = query.columnInt(1);
        counts.snapshots = query.columnInt(2);
        counts.events = query.columnInt(3);
        counts.skippedLines = query.columnInt(4);
    }
    return counts;
}

std::int64_t SqliteStore::newestSessionWithEvents() const
{
    std::int64_t newest = 0;
    for (const auto& s : sessions()) {
        if (s.events > 0 && (s.format == "simulation" || s.format == "ftrace"))
            newest = s.id;
    }
    return newest;
}

std::vector<StoredSession> SqliteStore::sessions() const
{
    SqliteStatement query(m_db,
        "SELECT s.id, h.name, s.source, s.format, s.imported_at, s.snapshots, s.events, s.unknown_events, "
        "s.skipped_lines FROM sessions s JOIN hosts h ON h.id = s.host_id ORDER BY s.id");
    std::vector<StoredSession> out;
    while (query.step() == SqliteStatement::Step::Row) {
        out.push_back({query.columnInt(0), query.columnText(1), query.columnText(2), query.columnText(3),
            query.columnText(4), query.columnInt(5), query.columnInt(6), query.columnInt(7), query.columnInt(8)});
    }
    return out;
}

std::vector<EventTypeCount> SqliteStore::eventTypeCounts() const
{
    SqliteStatement query(m_db,
        "SELECT t.system, t.name, sum(c.events) AS n FROM event_counts c JOIN event_types t ON t.id = c.type_id "
        "GROUP BY c.type_id ORDER BY n DESC, t.system, t.name");
    std::vector<EventTypeCount> out;
    while (query.step() == SqliteStatement::Step::Row)
        out.push_back({query.columnText(0), query.columnText(1), query.columnInt(2)});
    return out;
}

std::vector<StoredSnapshot> SqliteStore::snapshots(std::string_view kind) const
{
    SqliteStatement query(m_db,
        "SELECT id, session_id, seq, kind, taken_at FROM snapshots "
        "WHERE ?1 = '' OR kind = ?1 ORDER BY id");
    query.bind(1, kind);
    std::vector<StoredSnapshot> out;
    while (query.step() == SqliteStatement::Step::Row) {
        StoredSnapshot s {query.columnInt(0), query.columnInt(1), query.columnInt(2), query.columnText(3), {}};
        if (!query.columnIsNull(4))
            s.takenAt = query.columnDouble(4);
        out.push_back(std::move(s));
    }
    return out;
}

std::optional<PagetypeinfoSnapshot> SqliteStore::loadPagetypeinfo(std::int64_t snapshotId) const
{
    SqliteStatement head(
        m_db, "SELECT trailing_space, source_line FROM snapshots WHERE id = ? AND kind = 'pagetypeinfo'");
    head.bind(1, snapshotId);
    if (head.step() != SqliteStatement::Step::Row)
        return std::nullopt;
    PagetypeinfoSnapshot snapshot;
    snapshot.trailingSpace = head.columnInt(0) != 0;
    snapshot.firstLine = static_cast<std::size_t>(head.columnInt(1));

    SqliteStatement sections(m_db,
        "SELECT pageblock_order, pages_per_block, has_free_header, order_count "
        "FROM pagetype_sections WHERE snapshot_id = ? ORDER BY section");
    sections.bind(1, snapshotId);
    while (sections.step() == SqliteStatement::Step::Row) {
        PagetypeinfoSection section;
        if (!sections.columnIsNull(0))
            section.pageblockOrder = static_cast<int>(sections.columnInt(0));
        if (!sections.columnIsNull(1))
            section.pagesPerBlock = static_cast<std::uint64_t>(sections.columnInt(1));
        section.hasFreeHeader = sections.columnInt(2) != 0;
        section.orderCount = static_cast<int>(sections.columnInt(3));
        snapshot.sections.push_back(std::move(section));
    }

    SqliteStatement free(m_db,
        "SELECT section, row, node, zone, migratetype, count, lower_bound FROM free_counts "
        "WHERE snapshot_id = ? ORDER BY section, row, \"order\"");
    free.bind(1, snapshotId);
    std::int64_t lastSection = -1, lastRow = -1;
    while (free.step() == SqliteStatement::Step::Row) {
        const auto sectionNo = free.columnInt(0);
        const auto rowNo = free.columnInt(1);
        if (sectionNo < 0 || static_cast<std::size_t>(sectionNo) >= snapshot.sections.size())
            return std::nullopt;
        auto& rows = snapshot.sections[static_cast<std::size_t>(sectionNo)].freeRows;
        if (sectionNo != lastSection || rowNo != lastRow) {
            rows.push_back({static_cast<int>(free.columnInt(2)), free.columnText(3), free.columnText(4), {}});
            lastSection = sectionNo;
            lastRow = rowNo;
        }
        rows.back().counts.push_back({static_cast<std::uint64_t>(free.columnInt(5)), free.columnInt(6) != 0});
    }

    SqliteStatement columns(m_db,
        "SELECT section, mixed, migratetype FROM block_columns WHERE snapshot_id = ? "
        "ORDER BY section, mixed, \"column\"");
    columns.bind(1, snapshotId);
    auto tableOf = [&snapshot](std::int64_t sectionNo, bool mixed) -> std::optional<PagetypeBlockTable>* {
        if (sectionNo < 0 || static_cast<std::size_t>(sectionNo) >= snapshot.sections.size())
            return nullptr;
        auto& section = snapshot.sections[static_cast<std::size_t>(sectionNo)];
        return mixed ? &section.mixedBlockCounts : &section.blockCounts;
    };
    while (columns.step() == SqliteStatement::Step::Row) {
        auto* table = tableOf(columns.columnInt(0), columns.columnInt(1) != 0);
        if (!table)
            return std::nullopt;
        if (!*table)
            *table = PagetypeBlockTable {};
        (*table)->migratetypes.push_back(columns.columnText(2));
    }
    SqliteStatement counts(m_db,
        "SELECT section, mixed, row, node, zone, count FROM block_counts "
        "WHERE snapshot_id = ? ORDER BY section, mixed, row, \"column\"");
    counts.bind(1, snapshotId);
    lastSection = -1;
    lastRow = -1;
    std::int64_t lastMixed = -1;
    while (counts.step() == SqliteStatement::Step::Row) {
        auto* table = tableOf(counts.columnInt(0), counts.columnInt(1) != 0);
        if (!table || !*table)
            return std::nullopt;
        if (counts.columnInt(0) != lastSection || counts.columnInt(1) != lastMixed || counts.columnInt(2) != lastRow) {
            (*table)->rows.push_back({static_cast<int>(counts.columnInt(3)), counts.columnText(4), {}});
            lastSection = counts.columnInt(0);
            lastMixed = counts.columnInt(1);
            lastRow = counts.columnInt(2);
        }
        (*table)->rows.back().counts.push_back(static_cast<std::uint64_t>(counts.columnInt(5)));
    }
    return snapshot;
}

std::optional<BuddyinfoSnapshot> SqliteStore::loadBuddyinfo(std::int64_t snapshotId) const
{
    SqliteStatement head(m_db, "SELECT trailing_space, source_line FROM snapshots WHERE id = ? AND kind = 'buddyinfo'");
    head.bind(1, snapshotId);
    if (head.step() != SqliteStatement::Step::Row)
        return std::nullopt;
    BuddyinfoSnapshot snapshot;
    snapshot.trailingSpace = head.columnInt(0) != 0;
    snapshot.firstLine = static_cast<std::size_t>(head.columnInt(1));
    SqliteStatement rows(m_db,
        "SELECT row, node, zone, count FROM free_counts WHERE snapshot_id = ? "
        "ORDER BY row, \"order\"");
    rows.bind(1, snapshotId);
    std::int64_t lastRow = -1;
    while (rows.step() == SqliteStatement::Step::Row) {
        if (rows.columnInt(0) != lastRow) {
            snapshot.rows.push_back({static_cast<int>(rows.columnInt(1)), rows.columnText(2), {}});
            lastRow = rows.columnInt(0);
        }
        snapshot.rows.back().counts.push_back(static_cast<std::uint64_t>(rows.columnInt(3)));
    }
    return snapshot;
}

} // namespace gbw::importers
