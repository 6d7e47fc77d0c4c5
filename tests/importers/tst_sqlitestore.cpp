// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/buddyinfoparser.h"
#include "importers/buddyinfowriter.h"
#include "importers/pagetypeinfoparser.h"
#include "importers/pagetypeinfowriter.h"
#include "importers/sqlitestore.h"

#include "sampledata.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

using namespace gbw::importers;
using gbw::importers::testing::readSample;
using gbw::importers::testing::samplesStartingWith;
namespace fs = std::filesystem;

namespace {

class SqliteStoreTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path()
            / ("gbw-store-" + std::to_string(::getpid()) + "-"
                + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        m_path = (m_dir / "test.db").string();
    }
    void TearDown() override
    {
        fs::remove_all(m_dir);
    }

    std::unique_ptr<SqliteStore> open()
    {
        std::string error;
        auto store = SqliteStore::open(m_path, error);
        EXPECT_TRUE(store) << error;
        return store;
    }

    // Read-only look at the file through a second connection.
    std::string queryText(const std::string& sql, int column = 0)
    {
        sqlite3* db = nullptr;
        std::string out;
        if (sqlite3_open_v2(m_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
            sqlite3_stmt* stmt = nullptr;
            if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
                while (sqlite3_step(stmt) == SQLITE_ROW) {
                    if (!out.empty())
                        out += '\n';
                    const auto* text = sqlite3_column_text(stmt, column);
                    out += text ? reinterpret_cast<const char*>(text) : "NULL";
                }
            }
            sqlite3_finalize(stmt);
        }
        sqlite3_close(db);
        return out;
    }
    // The "detail" column of EXPLAIN QUERY PLAN.
    std::string queryPlan(const std::string& sql)
    {
        return queryText("EXPLAIN QUERY PLAN " + sql, 3);
    }
    std::int64_t queryInt(const std::string& sql)
    {
        return std::stoll(queryText(sql));
    }
    fs::path m_dir;
    std::string m_path;
};

std::string syntheticTrace(std::size_t events)
{
    std::string text = "# tracer: nop\n";
    for (std::size_t i = 0; i < events; ++i) {
        text += "            bash-10148   [001] .....   549." + std::to_string(100000 + i % 900000) + ": ";
        text += i % 2 ? "mm_page_free: page=00000000b895a7e3 pfn=0x" + std::to_string(100000 + i) + " order=0\n"
                      : "mm_page_alloc: page=00000000de210642 pfn=0x" + std::to_string(100000 + i)
                + " order=0 migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO\n";
    }
    return text;
}

ImportRequest requestFor(const std::string& source, InputFormat format = InputFormat::Unknown)
{
    ImportRequest request;
    request.host = "h";
    request.source = source;
    request.format = format;
    return request;
}

bool sameCounts(const StoreCounts& a, const StoreCounts& b)
{
    return a.hosts == b.hosts && a.sessions == b.sessions && a.snapshots == b.snapshots && a.events == b.events
        && a.skippedLines == b.skippedLines;
}

} // namespace

TEST_F(SqliteStoreTest, createsVersionedSchema)
{
    auto store = open();
    ASSERT_TRUE(store);
    EXPECT_EQ(store->userVersion(), SqliteStore::schemaVersion);
    store.reset();
    // Opening again migrates nothing and keeps the version.
    store = open();
    EXPECT_EQ(store->userVersion(), SqliteStore::schemaVersion);
}

TEST_F(SqliteStoreTest, refusesNewerSchema)
{
    open().reset();
    // A database written by a future version of the program.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(m_path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    std::string error;
    EXPECT_FALSE(SqliteStore::open(m_path, error));
    EXPECT_EQ(error,
        "database schema version 99 is newer than this program supports (" + std::to_string(SqliteStore::schemaVersion)
            + ")");
}

TEST_F(SqliteStoreTest, importsEverySample)
{
    auto store = open();
    std::size_t files = 0;
    for (std::string prefix :
        {"pagetypeinfo-", "buddyinfo-", "zoneinfo-", "vmstat-", "extfrag_index-", "unusable_index-", "trace-"}) {
        for (const auto& file : samplesStartingWith(prefix)) {
            ImportRequest request;
            request.host = "samples";
            request.source = file;
            auto summary = store->importText(readSample(file), request);
            EXPECT_TRUE(summary.ok) << file << ": " << summary.failure;
            EXPECT_EQ(summary.skippedLines, 0u) << file;
            ++files;
        }
    }
    EXPECT_EQ(files, 36u);
    const auto counts = store->counts();
    EXPECT_EQ(counts.hosts, 1);
    EXPECT_EQ(counts.sessions, 36);
    // pagetypeinfo 9 + 4 (mixed-blocks file), buddyinfo 8, zoneinfo 6, vmstat 6, extfrag 1, unusable 1
    EXPECT_EQ(counts.snapshots, 35);
    EXPECT_EQ(counts.events, 3399 + 5429 + 10 + 9);
    EXPECT_EQ(store->snapshots("pagetypeinfo").size(), 13u);
    EXPECT_EQ(store->snapshots("extfrag_index").size(), 1u);

    // The format-dump file is not a trace: refused, nothing written.
    auto refused = store->importText(readSample("tracefs-event-formats-kmem-compaction-vmscan-linux-6.18.txt"), {});
    EXPECT_FALSE(refused.ok);
    EXPECT_EQ(refused.failure, "unrecognised file format");
    EXPECT_TRUE(sameCounts(store->counts(), counts));

    // Recognised, but not one event could be read: refused too.
    auto nothing = store->importText("# tracer: nop\n#\n", requestFor("t", InputFormat::Ftrace));
    EXPECT_FALSE(nothing.ok);
    EXPECT_EQ(nothing.failure, "nothing to import: line 0: no trace events found");
    EXPECT_TRUE(sameCounts(store->counts(), counts));
}

TEST_F(SqliteStoreTest, exportedSnapshotsMatchTheOriginalFiles)
{
    auto store = open();
    for (const auto& file : samplesStartingWith("pagetypeinfo-")) {
        const std::string original = readSample(file);
        auto summary = store->importText(original, requestFor(file));
        ASSERT_TRUE(summary.ok) << file;
        auto parsed = PagetypeinfoParser::parse(original);
        auto stored = store->snapshots("pagetypeinfo");
        ASSERT_GE(stored.size(), parsed.snapshots.size());
        for (std::size_t i = 0; i < parsed.snapshots.size(); ++i) {
            const auto& row = stored[stored.size() - parsed.snapshots.size() + i];
            auto loaded = store->loadPagetypeinfo(row.id);
            ASSERT_TRUE(loaded) << file;
            EXPECT_EQ(PagetypeinfoWriter::write(*loaded), PagetypeinfoWriter::write(parsed.snapshots[i])) << file;
        }
    }
    for (const auto& file : samplesStartingWith("buddyinfo-")) {
        const std::string original = readSample(file);
        ASSERT_TRUE(store->importText(original, requestFor(file)).ok);
        auto loaded = store->loadBuddyinfo(store->snapshots("buddyinfo").back().id);
        ASSERT_TRUE(loaded);
        EXPECT_EQ(BuddyinfoWriter::write(*loaded), original) << file;
    }
    EXPECT_FALSE(store->loadBuddyinfo(store->snapshots("pagetypeinfo").front().id)); // wrong kind
}

TEST_F(SqliteStoreTest, failedImportLeavesDatabaseAsItWas)
{
    auto store = open();
    ASSERT_TRUE(store->importText(readSample("buddyinfo-jc-fixture-x86_64-1node.txt"), {}).ok);
    const auto before = store->counts();

    // Two good events, then a line cut in half: strict mode aborts after rows were inserted.
    const std::string good = syntheticTrace(2);
    const std::string broken = good + "            bash-10148   [001] .....   549.5\n" + syntheticTrace(2).substr(14);
    ImportRequest strict;
    strict.parse.strict = true;
    strict.source = "broken.txt";
    auto summary = store->importText(broken, strict);
    EXPECT_FALSE(summary.ok);
    EXPECT_EQ(summary.failure, "line 4: invalid timestamp '549.5'");
    EXPECT_EQ(summary.sessionId, 0);
    EXPECT_TRUE(sameCounts(store->counts(), before));

    // By default the line is skipped and recorded.
    auto lenient = store->importText(broken, {});
    ASSERT_TRUE(lenient.ok);
    EXPECT_EQ(lenient.events, 4u);
    EXPECT_EQ(lenient.skippedLines, 1u);
    ASSERT_EQ(lenient.firstErrors.size(), 1u);
    EXPECT_EQ(lenient.firstErrors[0].line, 4u);
    const auto after = store->counts();
    EXPECT_EQ(after.events, before.events + 4);
    EXPECT_EQ(after.skippedLines, 1);
}

TEST_F(SqliteStoreTest, importsFilesWithProgress)
{
    auto store = open();
    ImportRequest request;
    std::vector<std::pair<std::size_t, std::size_t>> progress;
    request.progress = [&progress](std::size_t done, std::size_t total) { progress.emplace_back(done, total); };
    const auto path
        = (gbw::importers::testing::samplesDir() / "trace-kmem-pagealloc-free-ftrace-linux-6.18-capture.txt").string();
    auto summary = store->importFile(path, request);
    ASSERT_TRUE(summary.ok) << summary.failure;
    EXPECT_EQ(summary.events, 3399u);
    ASSERT_FALSE(progress.empty());
    EXPECT_EQ(progress.back().first, progress.back().second); // ends at 100 %
    EXPECT_EQ(progress.back().second, fs::file_size(path));
    EXPECT_EQ(queryText("SELECT source FROM sessions"), path);

    auto missing = store->importFile((m_dir / "nope.txt").string(), {});
    EXPECT_FALSE(missing.ok);
    EXPECT_EQ(missing.failure, "cannot open " + (m_dir / "nope.txt").string() + ": No such file or directory");
}

TEST_F(SqliteStoreTest, timeAndPfnRangesAreKeyLookups)
{
    auto store = open();
    // Large enough (in bytes) for the bulk path (rollback journal during the import). The
    // generator prints decimal digits after "0x": PFNs 0x100000.. as hex.
    auto summary = store->importText(syntheticTrace(60000), {});
    ASSERT_TRUE(summary.ok) << summary.failure;
    EXPECT_EQ(summary.events, 60000u);
    EXPECT_EQ(queryText("PRAGMA journal_mode"), "wal"); // back after the import
    EXPECT_EQ(queryInt("SELECT count(*) FROM events_by_pfn WHERE pfn BETWEEN 0x100000 AND 0x100099"), 100);
    EXPECT_EQ(
        queryInt("SELECT count(*) FROM event_pfns"), queryInt("SELECT count(*) FROM events WHERE pfn IS NOT NULL"));
    // Every event of the pfn table is found again, with the same pfn.
    EXPECT_EQ(queryInt("SELECT count(*) FROM events_by_pfn v JOIN events e USING (session_id, time_ns, line) "
                       "WHERE e.pfn = v.pfn"),
        60000);
    EXPECT_NE(queryPlan("SELECT * FROM events_by_pfn WHERE pfn BETWEEN 1 AND 511")
                  .find("USING PRIMARY KEY (pfn>? AND pfn<?)"),
        std::string::npos);
    EXPECT_NE(queryPlan("SELECT * FROM events WHERE session_id = 1 AND time_ns BETWEEN 1 AND 2")
                  .find("USING PRIMARY KEY (session_id=? AND time_ns>? AND time_ns<?)"),
        std::string::npos);
    EXPECT_EQ(queryText("SELECT group_concat(t.name || '=' || c.events) FROM event_counts c "
                        "JOIN event_types t ON t.id = c.type_id ORDER BY t.name"),
        "mm_page_alloc=30000,mm_page_free=30000");
}

TEST_F(SqliteStoreTest, keepsTasksFieldsAndGfpMasks)
{
    auto store = open();
    auto compaction = store->importText(readSample("trace-compaction-migrate-ftrace-linux-6.18-capture.txt"), {});
    ASSERT_TRUE(compaction.ok) << compaction.failure;
    // Compaction events have no columns for their fields: all of them keep their raw text.
    EXPECT_EQ(queryInt("SELECT count(*) FROM event_fields"), static_cast<std::int64_t>(compaction.events));
    EXPECT_EQ(queryText("SELECT f.fields FROM events e JOIN event_fields f USING (session_id, time_ns, line) "
                        "ORDER BY e.time_ns, e.line LIMIT 1"),
        "zone_start=0x1 migrate_pfn=0x1 free_pfn=0xe00 zone_end=0x1000, mode=sync");
    EXPECT_EQ(queryText("SELECT t.comm || '-' || t.pid || ' ' || e.cpu FROM events e JOIN tasks t ON t.id = e.task_id "
                        "ORDER BY e.time_ns, e.line LIMIT 1"),
        "bash-10191 0");

    // Android 4.14: decimal pfns and a vendor field (nr_free) that is kept as raw text.
    auto android = store->importText(readSample("trace-mm_page_alloc-decimal-pfn-android-4.14-lkml-2020.txt"), {});
    ASSERT_TRUE(android.ok) << android.failure;
    const std::string first
        = "SELECT e.pfn || ' ' || e.\"order\" || ' ' || e.migratetype || ' ' || g.text || ' ' || "
          "t.comm || '-' || t.pid || ' ' || f.fields FROM events e JOIN gfp_masks g ON g.id = e.gfp_id "
          "JOIN tasks t ON t.id = e.task_id JOIN event_fields f USING (session_id, time_ns, line) "
          "WHERE e.session_id = "
        + std::to_string(android.sessionId) + " ORDER BY e.time_ns, e.line LIMIT 1";
    EXPECT_EQ(queryText(first),
        "970744 0 0 GFP_HIGHUSER|__GFP_ZERO <...>-22275 page=00000000d2be5665 pfn=970744 order=0 migratetype=0 "
        "nr_free=3650 gfp_flags=GFP_HIGHUSER|__GFP_ZERO");
}

TEST_F(SqliteStoreTest, cancelledImportLeavesDatabaseAsItWas)
{
    auto store = open();
    ASSERT_TRUE(store->importText(readSample("buddyinfo-jc-fixture-x86_64-1node.txt"), {}).ok);
    const auto before = store->counts();
    const std::string schema = queryText("SELECT group_concat(name) FROM sqlite_master");

    std::atomic<bool> cancel {false};
    ImportRequest request;
    request.cancel = &cancel;
    // Cancelled from inside, as a signal handler would, once the first rows are in.
    request.progress = [&cancel](std::size_t, std::size_t) { cancel = true; };
    auto summary = store->importText(syntheticTrace(300000), request);
    EXPECT_FALSE(summary.ok);
    EXPECT_EQ(summary.failure, "interrupted");
    EXPECT_TRUE(sameCounts(store->counts(), before));
    EXPECT_EQ(queryText("SELECT group_concat(name) FROM sqlite_master"), schema);
    EXPECT_EQ(queryText("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(queryInt("SELECT count(*) FROM event_pfns"), 0);

    // A cancel before the start writes nothing either; the store stays usable afterwards.
    auto early = store->importText(readSample("vmstat-jc-fixture-x86_64-kernel5.8plus.txt"), request);
    EXPECT_EQ(early.failure, "interrupted");
    EXPECT_TRUE(sameCounts(store->counts(), before));
    cancel = false;
    request.progress = {};
    EXPECT_TRUE(store->importText(syntheticTrace(1000), request).ok);
}

TEST_F(SqliteStoreTest, bulkImportWithAReaderAttachedStaysInWal)
{
    auto store = open();
    sqlite3* reader = nullptr;
    ASSERT_EQ(sqlite3_open_v2(m_path.c_str(), &reader, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(reader, "SELECT count(*) FROM sessions", nullptr, nullptr, nullptr), SQLITE_OK);
    auto summary = store->importText(syntheticTrace(60000), {});
    EXPECT_TRUE(summary.ok) << summary.failure;
    EXPECT_EQ(queryText("PRAGMA journal_mode"), "wal");
    sqlite3_stmt* count = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(reader, "SELECT sum(events) FROM sessions", -1, &count, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(count), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int64(count, 0), 60000);
    sqlite3_finalize(count);
    sqlite3_close(reader);
}

TEST_F(SqliteStoreTest, migratesVersion1Databases)
{
    {
        std::string error;
        auto v1 = SqliteStore::open(m_path, error, 1);
        ASSERT_TRUE(v1) << error;
        ASSERT_EQ(v1->userVersion(), 1);
    }
    // Two events of one session as version 1 stored them: one task name with two pids, one line
    // with raw fields.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(m_path.c_str(), &db), SQLITE_OK);
    const char* rows = R"sql(
INSERT INTO hosts (id, name) VALUES (1, 'old');
INSERT INTO sessions (id, host_id, source, format, events) VALUES (1, 1, 'trace.txt', 'ftrace', 3);
INSERT INTO tasks (id, comm) VALUES (1, 'bash');
INSERT INTO event_types (id, system, name, kind) VALUES (1, 'kmem', 'mm_page_alloc', 'page_alloc'),
    (2, 'compaction', 'mm_compaction_begin', 'compaction');
INSERT INTO gfp_masks (id, text) VALUES (1, 'GFP_KERNEL');
INSERT INTO events (session_id, time_ns, cpu, pid, task_id, type_id, pfn, "order", migratetype, gfp_id, fields, line)
VALUES (1, 100, 0, 10, 1, 1, 4096, 0, 0, 1, NULL, 5),
       (1, 200, 1, 11, 1, 1, 512, 1, 0, 1, NULL, 6),
       (1, 300, 1, 11, 1, 2, NULL, NULL, NULL, NULL, 'zone_start=0x1 mode=sync', 7);
)sql";
    ASSERT_EQ(sqlite3_exec(db, rows, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);

    auto store = open();
    ASSERT_TRUE(store);
    EXPECT_EQ(store->userVersion(), SqliteStore::schemaVersion);
    EXPECT_EQ(queryText("SELECT group_concat(comm || '-' || pid, ' ') FROM tasks"), "bash-10 bash-11");
    EXPECT_EQ(queryText("SELECT group_concat(e.time_ns || ':' || t.pid || ':' || coalesce(e.pfn, '-'), ' ') "
                        "FROM events e JOIN tasks t ON t.id = e.task_id"),
        "100:10:4096 200:11:512 300:11:-");
    EXPECT_EQ(queryText("SELECT line || ' ' || fields FROM event_fields"), "7 zone_start=0x1 mode=sync");
    EXPECT_EQ(queryText("SELECT group_concat(pfn || '@' || time_ns, ' ') FROM event_pfns"), "512@200 4096@100");
    EXPECT_EQ(queryText("SELECT group_concat(type_id || '=' || events, ' ') FROM event_counts"), "1=2 2=1");
    EXPECT_EQ(queryText("PRAGMA foreign_key_check"), "");
    EXPECT_EQ(queryText("PRAGMA integrity_check"), "ok");
    // And it takes new imports.
    EXPECT_TRUE(store->importText(syntheticTrace(10), {}).ok);
}

TEST_F(SqliteStoreTest, killedImportLeavesDatabaseAsItWas)
{
    {
        auto store = open();
        ASSERT_TRUE(store->importText(readSample("vmstat-jc-fixture-x86_64-kernel5.8plus.txt"), {}).ok);
    }
    const StoreCounts before = open()->counts();
    const std::string schema = queryText("SELECT group_concat(name) FROM sqlite_master");
    const std::string trace = syntheticTrace(600000);

    int started[2];
    ASSERT_EQ(::pipe(started), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        std::string error;
        auto store = SqliteStore::open(m_path, error);
        const char go = 1;
        if (!store || ::write(started[1], &go, 1) != 1)
            ::_exit(1);
        store->importText(trace, {});
        ::_exit(0);
    }
    char go = 0;
    ASSERT_EQ(::read(started[0], &go, 1), 1);
    ::usleep(150 * 1000); // well into the import: it takes seconds
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(started[0]);
    ::close(started[1]);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the import finished before it could be killed";

    auto store = open();
    EXPECT_TRUE(sameCounts(store->counts(), before));
    EXPECT_EQ(store->snapshots().size(), 1u);
    // The import had left WAL for a rollback journal: the journal rolled it back, and open()
    // is in WAL mode again.
    EXPECT_EQ(queryText("SELECT group_concat(name) FROM sqlite_master"), schema);
    EXPECT_EQ(queryInt("SELECT count(*) FROM event_pfns"), 0);
    EXPECT_EQ(queryText("PRAGMA journal_mode"), "wal");
    EXPECT_FALSE(fs::exists(m_path + "-journal"));
    EXPECT_EQ(queryText("PRAGMA integrity_check"), "ok");
}
