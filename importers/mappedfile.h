// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace gbw::importers {

// A read-only view of a whole file, memory-mapped so that a multi-gigabyte trace is not copied
// into the heap before parsing. Files that cannot be mapped (pipes, /proc files, whose size
// reads as 0) are read into memory instead.
class MappedFile
{
public:
    // On failure returns nullptr and sets `error`.
    static std::unique_ptr<MappedFile> open(const std::string& path, std::string& error);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::string_view text() const
    {
        return m_text;
    }

private:
    MappedFile() = default;

    void* m_mapping = nullptr;
    std::size_t m_mappedSize = 0;
    std::string m_copy; // used when the file could not be mapped
    std::string_view m_text;
};

} // namespace gbw::importers
