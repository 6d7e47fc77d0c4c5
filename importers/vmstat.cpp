// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/vmstat.h"

#include "importers/textutil.h"

#include <array>

namespace gbw::importers {

VmstatCategory vmstatCategory(std::string_view name)
{
    using text::startsWith;
    if (startsWith(name, "compact_"))
        return VmstatCategory::Compaction;
    if (startsWith(name, "thp_") || name == "nr_anon_transparent_hugepages")
        return VmstatCategory::Thp;
    if (startsWith(name, "pgmigrate_") || startsWith(name, "numa_pages_migrated"))
        return VmstatCategory::Migration;
    static constexpr std::array<std::string_view, 10> reclaim {"pgsteal_", "pgscan_", "allocstall", "kswapd_",
        "pageoutrun", "pgrefill", "pgdemote_", "slabs_scanned", "pgrotated", "workingset_"};
    for (auto prefix : reclaim) {
        if (startsWith(name, prefix))
            return VmstatCategory::Reclaim;
    }
    if (startsWith(name, "nr_free_"))
        return VmstatCategory::FreePages;
    return VmstatCategory::Other;
}

std::optional<std::uint64_t> VmstatSnapshot::value(std::string_view name) const
{
    for (const auto& [key, v] : fields) {
        if (key == name)
            return v;
    }
    return std::nullopt;
}

} // namespace gbw::importers
