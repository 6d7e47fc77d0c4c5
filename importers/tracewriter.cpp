// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/tracewriter.h"

#include <string>

namespace gbw::importers {

namespace {

constexpr int eventColumns = 10;
constexpr int pfnColumns = 4;

// "(?1,?,?...),(?1,?,...)": the session id is bound once per statement, not once per row.
std::string valuesSql(std::string_view insert, int columns, int rows)
{
    std::string tuple = "(?1";
    for (int c = 1; c < columns; ++c)
        tuple += ",?";
    tuple += ')';
    std::string sql(insert);
    sql += " VALUES ";
    for (int r = 0; r < rows; ++r) {
        if (r > 0)
            sql += ',';
        sql += tuple;
    }
    return sql;
}

constexpr std::string_view eventsInsert = "INSERT INTO events (session_id, time_ns, line, cpu, task_id, type_id, pfn, "
                                          "\"order\", migratetype, gfp_id)";
constexpr std::string_view pfnsInsert = "INSERT INTO event_pfns (session_id, pfn, time_ns, line)";

} // namespace

TraceWriter::TraceWriter(sqlite3* db, std::int64_t sessionId)
    : m_db(db)
    , m_session(sessionId)
    , m_rowsInsert(db, valuesSql(eventsInsert, eventColumns, rowsPerStatement))
    , m_rowInsert(db, valuesSql(eventsInsert, eventColumns, 1))
    , m_pfnsInsert(db, valuesSql(pfnsInsert, pfnColumns, rowsPerStatement))
    , m_pfnInsert(db, valuesSql(pfnsInsert, pfnColumns, 1))
    , m_fieldsInsert(db, "INSERT INTO event_fields (session_id, time_ns, line, fields) VALUES (?, ?, ?, ?)")
    , m_taskInsert(db, "INSERT OR IGNORE INTO tasks (comm, pid) VALUES (?, ?)")
    , m_taskSelect(db, "SELECT id FROM tasks WHERE comm = ? AND pid = ?")
    , m_typeInsert(db, "INSERT OR IGNORE INTO event_types (system, name, kind) VALUES (?, ?, ?)")
    , m_typeSelect(db, "SELECT id FROM event_types WHERE system = ? AND name = ?")
    , m_gfpInsert(db, "INSERT OR IGNORE INTO gfp_masks (text) VALUES (?)")
    , m_gfpSelect(db, "SELECT id FROM gfp_masks WHERE text = ?")
{
    // Bindings survive reset(): ?1 is bound for good.
    for (auto* insert : {&m_rowsInsert, &m_rowInsert, &m_pfnsInsert, &m_pfnInsert})
        insert->bind(1, m_session);
}

bool TraceWriter::write(const TraceBatch& batch)
{
    return defineTasks(batch.newTasks) && defineTypes(batch.newTypes) && defineGfps(batch.newGfps) && insertRows(batch)
        && insertPfns(batch.pfns);
}

bool TraceWriter::writeTypeCounts(const std::vector<std::int64_t>& eventsByType)
{
    SqliteStatement insert(m_db, "INSERT INTO event_counts (session_id, type_id, events) VALUES (?, ?, ?)");
    for (std::size_t type = 1; type < eventsByType.size() && type < m_typeIds.size(); ++type) {
        if (!insert.bind(1, m_session).bind(2, m_typeIds[type]).bind(3, eventsByType[type]).execute())
            return false;
    }
    return true;
}

std::optional<std::int64_t> TraceWriter::lookUp(SqliteStatement& select)
{
    std::optional<std::int64_t> id;
    if (select.step() == SqliteStatement::Step::Row)
        id = select.columnInt(0);
    select.reset();
    return id;
}

bool TraceWriter::defineTasks(const std::vector<TaskKey>& tasks)
{
    for (const auto& task : tasks) {
        if (!m_taskInsert.bind(1, task.comm).bind(2, task.pid).execute())
            return false;
        auto id = lookUp(m_taskSelect.bind(1, task.comm).bind(2, task.pid));
        if (!id)
            return false;
        m_taskIds.push_back(*id);
    }
    return true;
}

bool TraceWriter::defineTypes(const std::vector<EventTypeKey>& types)
{
    for (const auto& type : types) {
        m_typeInsert.bind(1, type.system).bind(2, type.name).bind(3, ftraceEventKindName(type.kind));
        if (!m_typeInsert.execute())
            return false;
        auto id = lookUp(m_typeSelect.bind(1, type.system).bind(2, type.name));
        if (!id)
            return false;
        m_typeIds.push_back(*id);
    }
    return true;
}

bool TraceWriter::defineGfps(const std::vector<std::string_view>& gfps)
{
    for (auto gfp : gfps) {
        if (!m_gfpInsert.bind(1, gfp).execute())
            return false;
        auto id = lookUp(m_gfpSelect.bind(1, gfp));
        if (!id)
            return false;
        m_gfpIds.push_back(*id);
    }
    return true;
}

// Parameters base + 2 .. base + 10; ?1 is the session.
void TraceWriter::bindRow(SqliteStatement& insert, int base, const TraceRow& row)
{
    insert.bind(base + 2, row.timeNs).bind(base + 3, row.line);
    insert.bind(base + 4, std::int64_t {row.cpu})
        .bind(base + 5, m_taskIds[row.task])
        .bind(base + 6, m_typeIds[row.type]);
    row.hasPfn ? insert.bind(base + 7, row.pfn) : insert.bindNull(base + 7);
    row.order != TraceRow::none ? insert.bind(base + 8, std::int64_t {row.order}) : insert.bindNull(base + 8);
    if (row.migratetype != TraceRow::none)
        insert.bind(base + 9, std::int64_t {row.migratetype});
    else
        insert.bindNull(base + 9);
    row.gfp != 0 ? insert.bind(base + 10, m_gfpIds[row.gfp]) : insert.bindNull(base + 10);
}

bool TraceWriter::insertRows(const TraceBatch& batch)
{
    const auto& rows = batch.rows;
    std::size_t i = 0;
    for (; i + rowsPerStatement <= rows.size(); i += rowsPerStatement) {
        for (int r = 0; r < rowsPerStatement; ++r)
            bindRow(m_rowsInsert, r * (eventColumns - 1), rows[i + static_cast<std::size_t>(r)]);
        if (!m_rowsInsert.execute())
            return false;
    }
    for (; i < rows.size(); ++i) {
        bindRow(m_rowInsert, 0, rows[i]);
        if (!m_rowInsert.execute())
            return false;
    }
    std::size_t field = 0;
    for (const auto& row : rows) {
        if (row.hasFields && !insertFields(row, batch.fields[field++]))
            return false;
    }
    return true;
}

bool TraceWriter::insertFields(const TraceRow& row, std::string_view fields)
{
    m_fieldsInsert.bind(1, m_session).bind(2, row.timeNs).bind(3, row.line).bind(4, fields);
    return m_fieldsInsert.execute();
}

void TraceWriter::bindPfn(SqliteStatement& insert, int base, const PfnRef& ref)
{
    insert.bind(base + 2, ref.pfn).bind(base + 3, ref.timeNs).bind(base + 4, ref.line);
}

bool TraceWriter::insertPfns(const std::vector<PfnRef>& pfns)
{
    std::size_t i = 0;
    for (; i + rowsPerStatement <= pfns.size(); i += rowsPerStatement) {
        for (int r = 0; r < rowsPerStatement; ++r)
            bindPfn(m_pfnsInsert, r * (pfnColumns - 1), pfns[i + static_cast<std::size_t>(r)]);
        if (!m_pfnsInsert.execute())
            return false;
    }
    for (; i < pfns.size(); ++i) {
        bindPfn(m_pfnInsert, 0, pfns[i]);
        if (!m_pfnInsert.execute())
            return false;
    }
    return true;
}

} // namespace gbw::importers
