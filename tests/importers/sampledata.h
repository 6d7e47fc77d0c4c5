// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

// Reads the checked-in sample dumps of tests/data/samples (see each file's .src note).
namespace gbw::importers::testing {

inline std::filesystem::path samplesDir()
{
    return std::filesystem::path(GBW_TEST_DATA_DIR) / "samples";
}

inline std::string readSample(std::string_view name)
{
    std::ifstream in(samplesDir() / std::string(name), std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

// Sample file names starting with `prefix`, without the .src notes, sorted.
inline std::vector<std::string> samplesStartingWith(std::string_view prefix)
{
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(samplesDir())) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) == 0 && entry.path().extension() != ".src")
            names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace gbw::importers::testing

#include "importers/parseresult.h"

namespace gbw::importers {

// Readable failure messages for error lists.
inline std::ostream& operator<<(std::ostream& os, const ParseError& error)
{
    return os << "{line " << error.line << ": \"" << error.reason << "\"}";
}

} // namespace gbw::importers
