// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/buddyinfowriter.h"

#include "importers/kernelprintf.h"

namespace gbw::importers {

std::string BuddyinfoWriter::write(const BuddyinfoSnapshot& snapshot)
{
    using namespace kernelprintf;
    std::string out;
    for (const auto& row : snapshot.rows) {
        std::string line = "Node ";
        line += std::to_string(row.node);
        line += ", zone ";
        appendRight(line, row.zone, 8);
        line += ' ';
        for (auto count : row.counts) {
            appendNumber(line, count, 6);
            line += ' ';
        }
        endLine(line, snapshot.trailingSpace);
        out += line;
    }
    return out;
}

} // namespace gbw::importers
