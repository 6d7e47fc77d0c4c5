// SPDX-License-Identifier: GPL-3.0-or-later
#include "counters.h"

namespace gbw {

std::string_view name(ClaimRefusal reason)
{
    switch (reason) {
    case ClaimRefusal::Isolate:
        return "isolate";
    case ClaimRefusal::Cma:
        return "cma";
    case ClaimRefusal::ZoneBoundary:
        return "zone_boundary";
    case ClaimRefusal::CrossTypeNotFree:
        return "cross_type_not_free";
    case ClaimRefusal::InsufficientCompat:
        return "insufficient_compat";
    }
    return "?";
}

std::string_view name(RmqueueMode mode)
{
    switch (mode) {
    case RmqueueMode::Normal:
        return "normal";
    case RmqueueMode::Cma:
        return "cma";
    case RmqueueMode::Claim:
        return "claim";
    case RmqueueMode::Steal:
        return "steal";
    case RmqueueMode::HighAtomic:
        return "highatomic";
    }
    return "?";
}

} // namespace gbw
