// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/steeringknobs.h"

namespace gbw {

// One tunable, with the kernel's name, default and range where it has one.
struct Knob
{
    std::string name; // "vm.compaction_proactiveness", "rfc.tainted_reserve", ...
    double value = 0;
    double defaultValue = 0;
    double min = 0;
    double max = 0;
    std::string meaning; // one line
    bool integer = true;
};

// Every knob of a run. Changing one takes effect at the engine's next event.
class KnobSet
{
public:
    KnobSet();

    const std::vector<Knob>& all() const
    {
        return m_knobs;
    }
    double value(std::string_view name) const;
    // Empty on success; otherwise why not (unknown name, out of range).
    std::string set(std::string_view name, double value);
    void resetAll();
    // The vm.* knobs as a sysctl.conf snippet.
    std::string sysctlConf() const;

    // The one control users can reason about: 0 leans on reclaim (compaction
    // only when it must), 100 on compaction (proactive, eager). Setting it
    // moves vm.compaction_proactiveness and vm.extfrag_threshold together;
    // 50 gives the kernel defaults (20 and 500).
    static constexpr std::string_view kBalance = "balance.reclaim_compaction";

private:
    Knob* find(std::string_view name);
    const Knob* find(std::string_view name) const;
    void applyBalance(double balance);

    std::vector<Knob> m_knobs;
};

// The rfc.* knobs into the steering policy's constants.
void applySteeringKnobs(const KnobSet& knobs, SteeringKnobs& steering);

} // namespace gbw
