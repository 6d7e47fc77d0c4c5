// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/pagetypeinfowriter.h"

#include "importers/kernelprintf.h"

namespace gbw::importers {

namespace {

using namespace kernelprintf;

void writeHeader(std::string& out, const PagetypeinfoSection& section)
{
    if (section.pageblockOrder) {
        out += "Page block order: ";
        out += std::to_string(*section.pageblockOrder);
        out += '\n';
    }
    if (section.pagesPerBlock) {
        out += "Pages per block:  ";
        out += std::to_string(*section.pagesPerBlock);
        out += '\n';
    }
    if (section.pageblockOrder || section.pagesPerBlock)
        out += '\n'; // seq_putc(m, '\n')
}

void writeFreeTable(std::string& out, const PagetypeinfoSection& section, bool trailingSpace)
{
    if (section.hasFreeHeader) {
        std::string line;
        appendLeft(line, "Free pages count per migrate type at order", 43);
        line += ' ';
        for (int order = 0; order < section.orderCount; ++order) {
            appendNumber(line, order, 6);
            line += ' ';
        }
        endLine(line, trailingSpace);
        out += line;
    }
    for (const auto& row : section.freeRows) {
        std::string line = "Node ";
        appendNumber(line, row.node, 4);
        line += ", zone ";
        appendRight(line, row.zone, 8);
        line += ", type ";
        appendRight(line, row.migratetype, 12);
        line += ' ';
        for (const auto& count : row.counts) {
            if (count.lowerBound)
                line += '>';
            appendNumber(line, count.value, 6);
            line += ' ';
        }
        endLine(line, trailingSpace);
        out += line;
    }
}

void writeBlockTable(std::string& out, std::string_view label, const PagetypeBlockTable& table, bool trailingSpace)
{
    std::string line;
    appendLeft(line, label, 23);
    for (const auto& name : table.migratetypes) {
        appendRight(line, name, 12);
        line += ' ';
    }
    endLine(line, trailingSpace);
    out += line;
    for (const auto& row : table.rows) {
        line = "Node ";
        line += std::to_string(row.node);
        line += ", zone ";
        appendRight(line, row.zone, 8);
        line += ' ';
        for (auto count : row.counts) {
            appendNumber(line, count, 12);
            line += ' ';
        }
        endLine(line, trailingSpace);
        out += line;
    }
}

} // namespace

std::string PagetypeinfoWriter::write(const PagetypeinfoSnapshot& snapshot)
{
    std::string out;
    for (const auto& section : snapshot.sections) {
        const std::size_t sectionStart = out.size();
        writeHeader(out, section);
        writeFreeTable(out, section, snapshot.trailingSpace);
        // The kernel prints "\n%-23s": a blank line before each table, unless the table is the
        // first thing of an excerpt.
        if (section.blockCounts) {
            if (out.size() != sectionStart)
                out += '\n';
            writeBlockTable(out, "Number of blocks type ", *section.blockCounts, snapshot.trailingSpace);
        }
        if (section.mixedBlockCounts) {
            if (out.size() != sectionStart)
                out += '\n';
            writeBlockTable(out, "Number of mixed blocks ", *section.mixedBlockCounts, snapshot.trailingSpace);
        }
    }
    return out;
}

} // namespace gbw::importers
