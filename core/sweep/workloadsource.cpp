// SPDX-License-Identifier: GPL-3.0-or-later
#include "workloadsource.h"

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "runspec.h"

namespace gbw {
namespace {

namespace fs = std::filesystem;

bool readBytes(const fs::path& path, std::string* text)
{
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        return false;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in)
        return false;
    *text = bytes.str();
    return true;
}

std::string hexHash(std::string_view text)
{
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016" PRIx64, fnv1a64(text));
    return hex;
}

} // namespace

WorkloadSource resolveWorkload(std::string_view nameOrPath, const fs::path& workloadDir)
{
    WorkloadSource source;
    const bool isPath = nameOrPath.find('/') != std::string_view::npos || nameOrPath.ends_with(".toml");
    if (isPath) {
        const fs::path path(nameOrPath);
        if (!readBytes(path, &source.text)) {
            source.parsed = WorkloadFile::read(path); // for its message: no such file, a directory, unreadable
            return source;
        }
        source.parsed = WorkloadFile::parse(source.text, path.string());
    } else {
        // loadPreset() checks the name and says which presets exist; the bytes come from where it looked.
        source.parsed = WorkloadFile::loadPreset(nameOrPath, workloadDir);
        if (!source.parsed)
            return source;
        const fs::path file = workloadDir.empty() ? fs::path() : workloadDir / (std::string(nameOrPath) + ".toml");
        if (file.empty() || !readBytes(file, &source.text)) {
            for (const auto& preset : builtinPresetTexts()) {
                if (preset.name == nameOrPath)
                    source.text = std::string(preset.text);
            }
        }
    }
    source.hash = hexHash(source.text);
    return source;
}

} // namespace gbw
