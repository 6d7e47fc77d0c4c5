// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "policy.h"

namespace gbw {

// Linux 6.x as it is: one set of free lists per zone, and __rmqueue()'s
// modes in order — normal, CMA, claim, steal — with the highatomic reserve
// tried first and last for atomic high-order requests.
class VanillaPolicy final : public Policy
{
public:
    VanillaPolicy();
    std::string_view name() const override
    {
        return "vanilla";
    }
    ListScope listScope() const override
    {
        return ListScope::Zone;
    }
    RmqueueResult rmqueue(MemoryModel& model, Zone& zone, const ZoneRequest& request) override;
    const PolicyCounters& counters() const override
    {
        return m_counters;
    }

private:
    RmqueueResult serve(MemoryModel& model, Zone& zone, const ZoneRequest& request);
    RmqueueResult served(RmqueueResult result, MigrateType mt);

    PolicyCounters m_counters;
};

} // namespace gbw
