// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

namespace gbw::importers {

// Walks a text buffer line by line without copying. Accepts \n and \r\n endings and a missing
// final newline.
class LineReader
{
public:
    explicit LineReader(std::string_view text)
        : m_rest(text)
    {}

    bool next()
    {
        if (m_done)
            return false;
        if (m_rest.empty()) {
            m_done = true;
            return false;
        }
        const void* newline = std::memchr(m_rest.data(), '\n', m_rest.size());
        std::size_t length = newline ? static_cast<const char*>(newline) - m_rest.data() : m_rest.size();
        m_line = m_rest.substr(0, length);
        m_rest.remove_prefix(newline ? length + 1 : length);
        if (!m_line.empty() && m_line.back() == '\r')
            m_line.remove_suffix(1);
        ++m_number;
        return true;
    }

    std::string_view line() const
    {
        return m_line;
    }
    std::size_t number() const
    {
        return m_number;
    }

private:
    std::string_view m_rest;
    std::string_view m_line;
    std::size_t m_number = 0;
    bool m_done = false;
};

} // namespace gbw::importers
