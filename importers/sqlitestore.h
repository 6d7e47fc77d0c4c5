// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/buddyinfo.h"
#include "importers/formatdetector.h"
#include "importers/pagetypeinfo.h"
#include "importers/parseresult.h"
#include "importers/storeschema.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace gbw::importers {

struct FtraceSummary;

struct ImportRequest
{
    std::string host = "unknown"; // hosts.name; created on first use
    std::string source; // file name or description, kept in sessions.source
    InputFormat format = InputFormat::Unknown; // Unknown: detected from the text
    ParseOptions parse;
    // Called now and then during long imports with the bytes read so far and the total.
    std::function<void(std::size_t done, std::size_t total)> progress;
    // Set (from any thread, or a signal handler) to abandon the import: it fails with
    // "interrupted" and nothing is written. Checked between batches of rows and inside long
    // statements.
    const std::atomic<bool>* cancel = nullptr;
};

struct ImportSummary
{
    bool ok = false; // false: nothing was written (the transaction was rolled back)
    std::string failure; // why, when !ok
    std::int64_t sessionId = 0;
    InputFormat format = InputFormat::Unknown;
    std::size_t snapshots = 0;
    std::size_t events = 0;
    std::size_t unknownEvents = 0;
    std::size_t skippedLines = 0;
    std::size_t errorCount = 0;
    std::vector<ParseError> firstErrors; // at most maxReportedErrors
    static constexpr std::size_t maxReportedErrors = 10;
};

struct StoredSnapshot
{
    std::int64_t id = 0;
    std::int64_t sessionId = 0;
    std::int64_t seq = 0; // 1-based position in its session
    std::string kind; // inputFormatName() of the file it came from
    std::optional<double> takenAt;
};

struct StoredSession
{
    std::int64_t id = 0;
    std::string host;
    std::string source;
    std::string format; // inputFormatName()
    std::string importedAt; // UTC, ISO 8601
    std::int64_t snapshots = 0;
    std::int64_t events = 0;
    std::int64_t unknownEvents = 0;
    std::int64_t skippedLines = 0;
};

struct EventTypeCount
{
    std::string system; // "kmem"
    std::string name; // "mm_page_alloc"
    std::int64_t events = 0;
};

struct StoreCounts
{
    std::int64_t hosts = 0;
    std::int64_t sessions = 0;
    std::int64_t snapshots = 0;
    std::int64_t events = 0;
    std::int64_t skippedLines = 0;
};

// The recording store (docs/schema.md). One import is one transaction: on a parse error in
// strict mode, a database error, a cancel, or a crash, the database stays exactly as it was.
// A store is used by one thread at a time (trace imports start a parsing thread of their own,
// which never touches the connection).
class SqliteStore
{
public:
    static constexpr int schemaVersion = StoreSchema::version;

    // Opens or creates the database and brings its schema up to date (to `upToVersion`, which
    // only tests of the migrations lower). On failure returns nullptr and sets `error`.
    static std::unique_ptr<SqliteStore> open(
        const std::string& path, std::string& error, int upToVersion = schemaVersion);
    // The same, for readers: a missing file is an error instead of a new database.
    static std::unique_ptr<SqliteStore> openExisting(const std::string& path, std::string& error);
    ~SqliteStore();
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    int userVersion() const;
    ImportSummary importText(std::string_view text, const ImportRequest& request);
    // Maps the file and imports it; request.source defaults to the path.
    ImportSummary importFile(const std::string& path, ImportRequest request);

    StoreCounts counts() const;
    std::vector<StoredSession> sessions() const; // in import order
    // The newest session a replay can play (a simulation or a kernel trace with events); 0: none.
    std::int64_t newestSessionWithEvents() const;
    std::vector<EventTypeCount> eventTypeCounts() const; // over all sessions, most frequent first
    std::vector<StoredSnapshot> snapshots(std::string_view kind = {}) const;
    std::optional<PagetypeinfoSnapshot> loadPagetypeinfo(std::int64_t snapshotId) const;
    std::optional<BuddyinfoSnapshot> loadBuddyinfo(std::int64_t snapshotId) const;

    std::string lastError() const;
    // The connection, for the store's other writers and readers (simulation recordings); used
    // on this store's thread only.
    sqlite3* connection() const
    {
        return m_db;
    }

private:
    class Importer;
    explicit SqliteStore(sqlite3* db);
    class ImportSettings;
    static std::unique_ptr<SqliteStore> openWith(
        const std::string& path, std::string& error, int createFlag, int upToVersion);
    bool exec(std::string_view sql);
    std::string journalMode(std::string_view mode); // sets it; returns the mode now in effect
    bool migrate(int upToVersion, std::string& error);
    bool importTrace(
        std::string_view text, const ImportRequest& request, std::int64_t sessionId, FtraceSummary& parsed);

    sqlite3* m_db = nullptr;
};

} // namespace gbw::importers
