// SPDX-License-Identifier: GPL-3.0-or-later
#include "knobs.h"

#include <cmath>
#include <cstdio>

namespace gbw {

KnobSet::KnobSet()
{
    // Kernel defaults per Documentation/admin-guide/sysctl/vm.rst and the
    // RFC's constants (rfc-notes §4.5, §7.3).
    m_knobs = {
        {"vm.compaction_proactiveness", 20, 20, 0, 100, "how hard kcompactd compacts in the background (0: off)"},
        {"vm.extfrag_threshold", 500, 500, 0, 1000, "compact only when the fragmentation index is above this"},
        {"vm.watermark_boost_factor", 15000, 15000, 0, 100000,
            "extra reclaim after a fragmenting fallback, 1/10000 of high"},
        {"vm.watermark_scale_factor", 10, 10, 1, 3000, "gap between min, low and high watermarks, 1/10000 of the zone"},
        {"vm.min_free_kbytes", -1, -1, -1, 4194304, "base of the min watermark (-1: computed as at boot)"},
        {"vm.defrag_mode", 0, 0, 0, 1, "1: never fragment while reclaim and compaction can still help"},
        {"thp.defrag", 3, 3, 0, 4, "THP fault: 0 always, 1 defer, 2 defer+madvise, 3 madvise, 4 never"},
        {"pcp.enabled", 1, 1, 0, 1, "1: per-cpu page lists (orders 0-3 and THP) in front of the buddy lists"},
        {"pcp.cpus", 1, 1, 1, 4096, "CPUs on the node: each list may hold the low watermark shared among them"},
        {"rfc.tainted_reserve", 4, 4, 0, 512,
            "movable memory stays out of tainted gigablocks at or below this many free pageblocks"},
        {"rfc.dynamic_tainted_reserve", 0, 0, 0, 1, "1: reserve about 3 % of a gigablock instead of the flat number"},
        {"rfc.aggressive_threshold", 8, 8, 0, 1024,
            "above this many gigablocks, pack non-movable memory into tainted fragments"},
        {"rfc.claim_scan_limit", 8, 8, 1, 1024, "candidates the zone claim looks through for a tainted gigablock"},
        {"rfc.refuse_optional_taint", 1, 1, 0, 1, "refuse optional high-order and atomic requests rather than taint"},
        {"rfc.prefer_reclaim_over_taint", 1, 1, 0, 1,
            "1: kernel memory taints a clean gigablock only after reclaim and compaction failed"},
        {"rfc.defrag_cooldown_ms", 5000, 5000, 0, 600000, "background defrag pause after a run that made no progress"},
        {std::string(kBalance), 50, 50, 0, 100,
            "0 leans on reclaim, 100 on compaction; moves proactiveness and extfrag_threshold"},
    };
}

Knob* KnobSet::find(std::string_view name)
{
    for (auto& k : m_knobs) {
        if (k.name == name)
            return &k;
    }
    return nullptr;
}

const Knob* KnobSet::find(std::string_view name) const
{
    return const_cast<KnobSet*>(this)->find(name);
}

double KnobSet::value(std::string_view name) const
{
    const Knob* k = find(name);
    return k ? k->value : 0;
}

std::string KnobSet::set(std::string_view name, double value)
{
    Knob* k = find(name);
    if (!k)
        return "unknown knob '" + std::string(name) + "'";
    if (!(value >= k->min && value <= k->max)) {
        char text[160];
        std::snprintf(
            text, sizeof text, "%s must be between %g and %g, not %g", k->name.c_str(), k->min, k->max, value);
        return text;
    }
    if (k->integer && value != std::floor(value))
        return k->name + " takes whole numbers";
    k->value = value;
    if (name == kBalance)
        applyBalance(value);
    return {};
}

void KnobSet::applyBalance(double balance)
{
    // Piecewise linear through the defaults at 50: proactiveness 0 -> 20 -> 80,
    // extfrag_threshold 1000 -> 500 -> 0.
    const double proactiveness = balance <= 50 ? balance * 20 / 50 : 20 + (balance - 50) * 60 / 50;
    const double threshold = 1000 - balance * 10;
    find("vm.compaction_proactiveness")->value = std::round(proactiveness);
    find("vm.extfrag_threshold")->value = std::round(threshold);
}

void KnobSet::resetAll()
{
    for (auto& k : m_knobs)
        k.value = k.defaultValue;
}

std::string KnobSet::sysctlConf() const
{
    std::string out = "# written by gigablock; apply with sysctl -p FILE\n";
    for (const auto& k : m_knobs) {
        if (k.name.rfind("vm.", 0) != 0 || (k.name == "vm.min_free_kbytes" && k.value < 0))
            continue;
        char line[120];
        std::snprintf(line, sizeof line, "%s = %lld\n", k.name.c_str(), static_cast<long long>(k.value));
        out += line;
    }
    return out;
}

void applySteeringKnobs(const KnobSet& knobs, SteeringKnobs& k)
{
    k.taintedReservePageblocks = int(knobs.value("rfc.tainted_reserve"));
    k.dynamicTaintedReserve = knobs.value("rfc.dynamic_tainted_reserve") != 0;
    k.aggressiveThreshold = int(knobs.value("rfc.aggressive_threshold"));
    k.claimScanLimit = int(knobs.value("rfc.claim_scan_limit"));
    k.refuseOptionalTaint = knobs.value("rfc.refuse_optional_taint") != 0;
    k.preferReclaimOverTaint = knobs.value("rfc.prefer_reclaim_over_taint") != 0;
}

} // namespace gbw
