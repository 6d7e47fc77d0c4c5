// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace gbw::importers {

// A prepared statement that finalizes itself. Binding is by 1-based index as in SQLite; errors
// are reported through step()'s return value and the connection's message, never by throwing.
class SqliteStatement
{
public:
    SqliteStatement() = default;
    SqliteStatement(sqlite3* db, std::string_view sql);
    ~SqliteStatement();
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&& other) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    bool valid() const
    {
        return m_stmt != nullptr;
    }

    SqliteStatement& bind(int index, std::int64_t value);
    SqliteStatement& bind(int index, double value);
    SqliteStatement& bind(int index, std::string_view value); // copied by SQLite (SQLITE_TRANSIENT)
    SqliteStatement& bindNull(int index);
    template<typename T>
    SqliteStatement& bind(int index, const std::optional<T>& value)
    {
        return value ? bind(index, *value) : bindNull(index);
    }

    // SQLITE_ROW → Row, SQLITE_DONE → Done, anything else → Error.
    enum class Step
    {
        Row,
        Done,
        Error
    };
    Step step();
    // step() until done, then reset for the next use. Returns false on error.
    bool execute();
    void reset();

    std::int64_t columnInt(int column) const;
    double columnDouble(int column) const;
    std::string columnText(int column) const;
    bool columnIsNull(int column) const;

private:
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace gbw::importers
