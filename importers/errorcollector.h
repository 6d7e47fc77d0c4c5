// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "importers/parseresult.h"

#include <string>

namespace gbw::importers {

// Applies the skip-or-stop policy of ParseOptions in one place, so that every parser reports
// malformed lines the same way.
class ErrorCollector
{
public:
    ErrorCollector(ParseOptions options, ParseDiagnostics& diagnostics)
        : m_strict(options.strict)
        , m_diagnostics(diagnostics)
    {}

    // Records a malformed line that was skipped. Returns false when parsing must stop.
    bool skipLine(std::size_t line, std::string reason)
    {
        ++m_diagnostics.skippedLines;
        return report(line, std::move(reason));
    }

    // Records a problem that is not tied to one skipped line (a truncated table, an empty file).
    bool report(std::size_t line, std::string reason)
    {
        ++m_diagnostics.errorCount;
        if (m_diagnostics.errors.size() < maxStoredErrors)
            m_diagnostics.errors.push_back({line, std::move(reason)});
        if (m_strict)
            m_diagnostics.aborted = true;
        return !m_strict;
    }

    bool aborted() const
    {
        return m_diagnostics.aborted;
    }

private:
    bool m_strict;
    ParseDiagnostics& m_diagnostics;
};

} // namespace gbw::importers
