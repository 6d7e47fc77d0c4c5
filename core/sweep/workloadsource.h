// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "sim/workloadfile.h"

namespace gbw {

// A sweep's workload as its run reads it: the bytes of the file the name
// resolves to (or the built-in preset's text) and the workload parsed from
// exactly those bytes. The hash goes into the run id, so editing a workload
// file makes new ids and a resumed sweep never reuses a result of the old file.
struct WorkloadSource
{
    std::string text; // the bytes read; empty if nothing could be read
    std::string hash; // 16 hex digits, FNV-1a of `text`; empty if nothing could be read
    WorkloadFileResult parsed;
};

// Resolves like WorkloadFile::open(): a path if the name contains '/' or ends
// in .toml, else a preset (`workloadDir` first, then the built-in ones).
WorkloadSource resolveWorkload(std::string_view nameOrPath, const std::filesystem::path& workloadDir = {});

} // namespace gbw
