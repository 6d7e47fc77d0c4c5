// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <string>

#include <sqlite3.h>

// Reading a store back the way the sqlite3 shell would, for tests that check
// what a command wrote: every row as "a|b|c\n", in the query's order.
namespace storetest {

inline std::string runSql(const std::filesystem::path& db, const std::string& sql, bool writable)
{
    std::string out;
    sqlite3* handle = nullptr;
    const int flags = writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(db.c_str(), &handle, flags, nullptr) == SQLITE_OK) {
        sqlite3_exec(
            handle, sql.c_str(),
            [](void* text, int columns, char** values, char**) {
                auto& s = *static_cast<std::string*>(text);
                for (int i = 0; i < columns; ++i)
                    s += std::string(i ? "|" : "") + (values[i] ? values[i] : "NULL");
                s += '\n';
                return 0;
            },
            &out, nullptr);
    }
    sqlite3_close(handle);
    return out;
}

// Read-only, so a test cannot change what it checks.
inline std::string query(const std::filesystem::path& db, const std::string& sql)
{
    return runSql(db, sql, false);
}

// Read-write: for tests that damage or age a store on purpose.
inline std::string modify(const std::filesystem::path& db, const std::string& sql)
{
    return runSql(db, sql, true);
}

} // namespace storetest
